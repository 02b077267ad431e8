"""Alt+letter reaches one place: a field's or button's mnemonic never repeats a menu's.
Where they met, Qt alternated between them (Alt+A went to "Aan of van" one time and opened
the Account menu the next), so a keyboard user could not trust the key."""

import re
from datetime import date

import pytest

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

from blijf_desktop import i18n
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.aware import step_fields
from blijf_desktop.ui.consent.form import prepare_form
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.ui.test_nothing_lost import shown
from tests.ui.test_shortcuts import everything_open


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def menu_letters(window) -> dict[str, str]:
    return {mnemonic(a.text()): a.text() for a in window.menuBar().actions()
            if mnemonic(a.text())}


def widget_texts(window) -> list[str]:
    texts = [w.text() for w in window.findChildren(QAbstractButton)]
    texts += [w.text() for w in window.findChildren(QLabel) if w.buddy() is not None]
    texts += [bar.tabText(i) for bar in window.findChildren(QTabBar) for i in range(bar.count())]
    return texts


def form_texts(qtbot) -> list[str]:
    """The labels of the forms a page builds only when asked: every AWARE step, a consent."""
    today = lambda: date(2026, 12, 6)  # noqa: E731
    texts = [f.label for action in [step_fields.START, *step_fields.ACTION_LABELS]
             for f in step_fields.fields_for(action, today)[2]]
    consent = prepare_form([], [], today, lambda data: 0)
    qtbot.addWidget(consent)
    return texts + widget_texts(consent)


def test_the_menus_have_letters_to_clash_with(qtbot, lead):  # noqa: F811
    assert set(menu_letters(shown(qtbot, lead))) >= {"b", "c", "a", "h"}


@pytest.fixture(params=["nl", "en"])
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("nl")


def test_no_field_or_button_in_the_window_takes_a_menu_letter(qtbot, lead, language):  # noqa: F811
    window = shown(qtbot, lead)
    window.case_id = IntakeService(lead).save_intake(CLIENT, CHILDREN + PLEGERS)
    for key in window.area_keys():
        window.show_area(key)
    everything_open(qtbot, window)
    menus = menu_letters(window)
    clashes = [(text, menus[mnemonic(text)]) for text in widget_texts(window) + form_texts(qtbot)
               if mnemonic(text) in menus and text not in menus.values()]
    assert not clashes


def test_no_letter_twice_in_one_form(qtbot, language):
    today = lambda: date(2026, 12, 6)  # noqa: E731
    forms = [[f.label for f in step_fields.fields_for(action, today)[2]]
             for action in [step_fields.START, *step_fields.ACTION_LABELS]]
    consent = prepare_form([], [], today, lambda data: 0)
    qtbot.addWidget(consent)
    forms.append(widget_texts(consent))
    for texts in forms:
        letters = [mnemonic(t) for t in texts if mnemonic(t)]
        assert len(letters) == len(set(letters)), texts
