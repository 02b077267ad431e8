"""`--demo` gives a living app: ready accounts and a few dozen synthetic cases."""

from datetime import date, timedelta

from blijf_desktop import demo
from blijf_desktop.domain.people import Category
from blijf_desktop.services.audit_trail import AuditTrailService
from blijf_desktop.services.intake import IntakeService


def test_demo_store_has_ready_accounts_and_cases(auth):
    demo.fill(auth, cases=30, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    assert lead.ready
    # Issue 22: a new hulpverlener waits for the teamleider; she was the store's first.
    from blijf_desktop.services.account_requests import AccountRequestService

    accounts = AccountRequestService(lead)
    assert [w.username for w in accounts.waiting()] == ["nieuw"]
    assert accounts.alone_notice().requested_by == "Demo Beheerder"
    intake = IntakeService(lead)
    clients = intake.find("", 0, 100)
    # One client's processing is restricted (demo_requests.py): she is not in the list.
    # One of the 30 was destroyed after its retention term (issue 20).
    assert len(clients) == 28 and {h.category for h in clients} == {Category.CLIENT}
    case = intake.case(clients[0].case_id)
    assert Category.PLEGER in {p.data.category for p in case.people}
    # The newest case is one of suspected trafficking: its signal went to the zorgcoördinator
    # and, under a consent since withdrawn, to the RIEC; a follow-up task waits to tell the
    # RIEC; a consent for the prosecutor waits for a second teamleider.
    from blijf_desktop.services.consent import ConsentService
    from blijf_desktop.services.signals import SignalService
    [signal] = SignalService(lead).for_case(case.case_id)
    assert len(signal.sent_in) == 2 and signal.fields["vermoeden.economisch"] == "ja"
    assert signal.fields["slachtoffer.naam"] == case.client.data.full_name()
    consents = ConsentService(lead, today=lambda: date(2026, 11, 23))
    assert [c.state.value for c in consents.for_case(case.case_id)] == ["ingetrokken", "ontwerp"]
    tasks = {t.kind: t for t in consents.open_tasks()}
    assert [i.recipient for i in tasks["intrekking"].items] == ["riec"]
    assert [i.recipient for i in tasks["correctie"].items] == ["amsterdam"]
    # The register is alive: an infocheck went out, the police answered with danger flags.
    from blijf_desktop.services.exchanges import ExchangeService
    register = [r for r in ExchangeService(lead).register() if r.purpose == "infocheck"]
    assert [(r.direction, r.purpose, r.police_info) for r in register] == [
        ("in", "infocheck", True), ("uit", "infocheck", False)]
    flags = next(i.flags for i in register[0].items if i.kind == "gevarenclassificatie")
    assert flags["wapengevaarlijk"] == "ja"
    # AWARE in telling states: an overdue review, an awaited police answer, one running.
    from blijf_desktop.services.aware import AwareService
    rows = AwareService(lead, today=lambda: date(2026, 11, 23)).overview()
    assert [(r.state.value, r.review_overdue, r.awaiting_police) for r in rows] == [
        ("aangesloten", True, False), ("informatie_gevraagd", False, True),
        ("aangesloten", False, False)]
    # Bewaartermijnen: one waits for a second user, one is due soon, one was sent back, one
    # destroyed with its statement.
    from blijf_desktop.services.retention import RetentionService
    retention = RetentionService(lead, today=lambda: date(2026, 11, 23))
    assert sorted(p.state.value for p in retention.proposals()) == [
        "teruggezet", "vernietigd", "voorgesteld"]
    assert sorted(r.status for r in retention.overview()) == [
        "binnenkort", "verlopen", "verlopen"]
    done = next(p for p in retention.proposals() if p.state.value == "vernietigd")
    assert retention.statement(done.id).startswith(b"%PDF")
    lead.close()
    admin = auth.login(demo.DEMO_ADMIN, demo.DEMO_PASSPHRASE)
    assert admin.ready and AuditTrailService(admin).verify().ok
    admin.close()


def test_the_demo_offers_a_half_done_intake_that_opens_in_the_form(qtbot, auth):
    from blijf_desktop.ui.intake.intake_form import IntakeForm

    demo.fill(auth, cases=2, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        form = IntakeForm(IntakeService(lead), resume=True)
        qtbot.addWidget(form)
        assert form.client.fields["first_names"].text() == "Marieke"
        assert form.client.fields["last_name"].text() == ""  # what makes it unfinished
        assert [c.editor.fields["first_names"].text()
                for c in form.sections["children"].cards] == ["Finn"]
        assert "station" in form.threats.cards[0].description.toPlainText()
    finally:
        lead.close()


def test_the_demo_has_screenings_with_a_raised_level_and_a_history_of_two(auth):
    from blijf_desktop.services.risk import RiskService

    demo.fill(auth, cases=4, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        risk = RiskService(lead)
        from blijf_desktop.services.rights import RequestService

        restricted = {r.case_id for r in RequestService(lead).overview() if r.restricted}
        case_ids = sorted({h.case_id for h in IntakeService(lead).find("", 0, 10)} | restricted)
        histories = [risk.history(case_id) for case_id in case_ids]
        assert sorted(len(h) for h in histories) == [0, 1, 1, 2]
        assert any(e.screening.chosen is not None and e.screening.override_reason
                   for h in histories for e in h)
        two = next(h for h in histories if len(h) == 2)
        assert two[0].changes and two[0].level.value == "rood"
    finally:
        lead.close()


def test_the_demo_has_requests_in_telling_states(auth):
    from blijf_desktop.domain.rights import Phase, Urgency
    from blijf_desktop.services.rights import RequestService

    today = date(2026, 11, 23)
    demo.fill(auth, cases=4, today=today)
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        service = RequestService(lead, today=lambda: today)
        rows = service.overview()
        urgencies = [r.status.urgency for r in rows]
        assert Urgency.PAST in urgencies and Urgency.NEAR in urgencies
        details = [service.request(r.request_id) for r in rows]
        assert any(d.row.status.answer_deadline > today + timedelta(days=40) for d in details)
        partly = [d for d in details if any(s.decision == "deels_afgewezen" for s in d.steps)]
        assert partly and service.refusal_letter(partly[0].row.request_id).startswith(b"%PDF")
        assert any(d.row.restricted and d.row.status.phase is Phase.TE_BEANTWOORDEN
                   for d in details)
        past = next(d for d in details if d.row.status.urgency is Urgency.PAST)
        assert past.coordination_missing == ("politie",)
    finally:
        lead.close()


def test_the_demo_has_the_informatieplicht_in_its_telling_states(auth):
    from blijf_desktop.domain.information_duty import Outcome
    from blijf_desktop.services.information_duty import InformationDutyService

    demo.fill(auth, cases=8, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    duty = InformationDutyService(lead)
    waiting = duty.overview()
    assert len(waiting) == 3 and [w.overdue for w in waiting].count(True) == 1
    outcomes = [s.current for s in (duty.status(p.id) for c in
                IntakeService(lead).find("", 0, 100)
                for p in IntakeService(lead).case(c.case_id).people
                if p.data.category in (Category.DERDE, Category.PLEGER)) if s.current]
    assert any(o.outcome is Outcome.EXCEPTION and o.exception == "gevaar_client"
               for o in outcomes)
    assert any(o.outcome is Outcome.INFORMED and o.how == "telefonisch" for o in outcomes)
    lead.close()


def test_the_demo_history_fills_the_charts_and_suppresses_some_cells(auth):
    from blijf_desktop.domain.figures import TOTAL
    from blijf_desktop.services.figures import FiguresService

    today = date(2026, 11, 23)
    demo.fill(auth, cases=4, today=today, history=True)
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        figures = FiguresService(lead, today=lambda: today).figures(date(2025, 12, 1), today)
        intakes = figures.table("intakes")
        bars = [intakes.plotted(month, TOTAL) for month in intakes.rows]
        assert sum(1 for bar in bars if bar) >= 6  # months with a bar
        running = figures.table("running")
        assert max(running.plotted(m, TOTAL) or 0 for m in running.rows) >= 5
        assert sum(table.suppressed() for table in figures.tables) >= 5
    finally:
        lead.close()


def test_the_demo_has_a_weakening_setting_waiting_for_a_teamleider(auth):
    """Issue 21: the beheerder asked for a longer idle lock; 5 minutes holds until confirmed."""
    from blijf_desktop.domain import settings as rules
    from blijf_desktop.services.settings import SettingsService

    demo.fill(auth, cases=4, today=date(2026, 11, 23))
    admin = auth.login(demo.DEMO_ADMIN, demo.DEMO_PASSPHRASE)
    try:
        settings = SettingsService(admin)
        waiting = {code: view.pending for code, view in settings.overview().items()
                   if view.pending}
        assert list(waiting) == [rules.IDLE_LOCK] and waiting[rules.IDLE_LOCK].value == 15
        assert settings.idle_lock_minutes() == 5
        assert settings.overview()[rules.LOGO].value is not None
    finally:
        admin.close()


def test_the_demo_has_two_teams_a_known_elsewhere_row_and_a_break_to_review(auth):
    """Issue 22: Team Noord (the demo teamleider's) and Team Zuid (her colleague's); the
    pleger of Noord's first case is also recorded in Zuid and shows there as "bekend bij";
    the colleague opened a Noord case with a reason, waiting in the review list."""
    from blijf_desktop.services.break_glass import BreakGlassService
    from blijf_desktop.services.teams import TeamService

    demo.fill(auth, cases=4, today=date(2026, 11, 23))
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        assert [t.name for t in TeamService(lead).my_teams()] == ["Team Noord"]
        intake = IntakeService(lead)
        first = min(h.case_id for h in intake.find("", 0, 100))
        pleger = next(p for p in intake.case(first).people if p.data.category is Category.PLEGER)
        hits = intake.search(pleger.data.last_name, 0, 100)
        assert "Team Zuid" in {h.known_at for h in hits}
        waiting = BreakGlassService(lead).review_list(open_only=True)
        assert [(r.team_name, r.row.reason_code) for r in waiting] == [("Team Noord",
                                                                        "waarneming")]
    finally:
        lead.close()
    admin = auth.login(demo.DEMO_ADMIN, demo.DEMO_PASSPHRASE)
    try:
        assert len(BreakGlassService(admin).review_list(open_only=True)) == 1
    finally:
        admin.close()
