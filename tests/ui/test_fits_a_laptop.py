"""Every area fits the window's default size (1100 x 720, a laptop screen with room to
spare): a page whose minimum is wider or taller stretches the window past the screen, and
its buttons at the right or bottom edge can no longer be seen or clicked."""

from datetime import date

import pytest

from blijf_desktop import demo
from blijf_desktop.ui.main_window import MainWindow

WIDTH, HEIGHT = 1100, 720


@pytest.fixture(scope="module")
def demo_auth(tmp_path_factory):
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.paths import StorePaths
    from tests.conftest import FAST_POLICY

    auth = AuthService(StorePaths(tmp_path_factory.mktemp("laptop") / "store"), DeviceSecrets(),
                       FAST_POLICY)
    demo.fill(auth, cases=8, today=date(2026, 12, 6))
    yield auth
    auth.release()


def _widest(page) -> list:
    """The deepest widgets whose minimum is too wide or tall: where to look."""
    from PySide6.QtWidgets import QWidget

    found = [w for w in page.findChildren(QWidget) if (
        w.minimumSizeHint().width() > WIDTH - 280 or w.minimumSizeHint().height() > HEIGHT - 90)]
    return [(type(w).__name__, w.objectName() or w.accessibleName() or
             (w.text()[:40] if hasattr(w, "text") and callable(w.text) else ""),
             w.minimumSizeHint().width(), w.minimumSizeHint().height())
            for w in found if not any(c in found for c in w.findChildren(QWidget))]


@pytest.mark.parametrize("user", [demo.DEMO_USER, demo.DEMO_ADMIN])
def test_every_area_fits_the_default_window(qtbot, demo_auth, user):
    session = demo_auth.login(user, demo.DEMO_PASSPHRASE)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    too_big = {}
    for key in window.area_keys():
        window.show_area(key)
        hint = window.minimumSizeHint()
        if hint.width() > WIDTH or hint.height() > HEIGHT:
            too_big[key] = (hint.width(), hint.height(), _widest(window.work_area.currentWidget()))
    window.close_now()
    session.close()
    assert not too_big
