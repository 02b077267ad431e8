"""The demo on a server (issue 23: "how to run the demo against a local PostgreSQL"): `server
init --first-beheerder` makes the demo's beheerder, and demo.fill fills the server through
the services as it fills a local store (tests/server/local_server.py --demo)."""

from datetime import date

import pytest

from blijf_desktop import demo
from blijf_desktop.domain.people import Category
from blijf_desktop.services.account_requests import AccountRequestService
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.server_auth import ServerAuthService
from blijf_desktop.storage.pg.first_account import add_first_beheerder
from blijf_desktop.storage.pg.logins import role_name
from tests.conftest import FAST_POLICY
from tests.server.test_two_desks_windows import save, window_of

pytestmark = pytest.mark.server


def test_the_demo_fills_a_server_and_its_teamleider_works_there(engine_server, paths, device,
                                                                 qtbot):
    for name in (demo.DEMO_ADMIN, demo.DEMO_USER, demo.DEMO_COLLEAGUE, "nieuw", "vertrokken",
                 "zuid"):
        engine_server.logins.add(role_name(name))  # dropped with the test's database
    add_first_beheerder(engine_server.admin, demo.DEMO_ADMIN, "Demo Beheerder",
                        demo.DEMO_PASSPHRASE)
    auth = ServerAuthService(engine_server.address(), paths, device, FAST_POLICY)
    demo.fill(auth, cases=12, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        assert lead.ready and lead.server_mode
        assert [w.username for w in AccountRequestService(lead).waiting()] == ["nieuw"]
        intake = IntakeService(lead)
        clients = intake.find("", 0, 100)
        assert len(clients) >= 8 and {h.category for h in clients} == {Category.CLIENT}
        newest = intake.case(clients[0].case_id)  # suspected trafficking: shared, a consent
        consents = ConsentService(lead, today=lambda: date(2026, 11, 23))
        assert [c.state.value for c in consents.for_case(newest.case_id)] == [
            "ingetrokken", "ontwerp"]  # one waits for a second teamleider, at any desk
        window = window_of(qtbot, lead)  # the real main window on the demo server
        qtbot.waitUntil(lambda: window.isVisible())
        save(window.grab(), "server-demo.png")
    finally:
        lead.close()
