"""Destruction under four eyes through the services (issue 20), on the demo store plus one
case recorded with a unique token in every name: two different users, each in her own
session; afterwards nothing of the case is left in the decrypted store pages, the search
index or any draft, while the audit trail stays whole and verifies, the anonymised counts
stay, and ordinary code still cannot delete."""

import json
from datetime import date

import pytest
import sqlcipher3

from blijf_desktop import demo
from blijf_desktop.domain.destruction import DestructionState, TextKind
from blijf_desktop.domain.retention import DataKind
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.retention import RetentionService
from blijf_desktop.services.workspace import WorkspaceService
from blijf_desktop.storage import audit, persons
from tests.security.canaries import Canary
from tests.security.scanner import scan_folder
from tests.security.store_pages import write_plaintext
from tests.services import retention_case
from tests.services.retention_case import trigrams
from tests.server.fixtures import store_errors, trail_of

pytestmark = pytest.mark.engines

T0 = date(2026, 6, 1)
DUE = date(2036, 6, 1)


@pytest.fixture
def store(auth, engine, request):
    server = request.getfixturevalue("engine_server") if engine == "server" else None
    retention_case.demo_store(auth, T0, server)
    sessions = {name: auth.login(name, demo.DEMO_PASSPHRASE)
                for name in (demo.DEMO_USER, demo.DEMO_COLLEAGUE, demo.DEMO_ADMIN)}
    case = retention_case.record(sessions[demo.DEMO_USER], T0)
    yield sessions, case
    for session in sessions.values():
        if not session.locked:
            session.close()


def _service(session, today=DUE) -> RetentionService:
    return RetentionService(session, today=lambda: today)


def _canaries(names: list[str], prefix: str) -> list[Canary]:
    return [Canary(f"{prefix}.{i}", name) for i, name in enumerate(names)]


def _left_in_store(session, names: list[str], prefix: str, tmp_path) -> list:
    """Hits of `names` in every decrypted page and WAL frame of the store."""
    folder = write_plaintext(session.paths.db, session.data_key, tmp_path / prefix)
    return scan_folder(folder, _canaries(names, prefix)).hits


def _index_terms(session) -> set[str]:
    conn = session.db.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main,"
                 " 'person_search', 'row')")
    return {row[0] for row in conn.execute("SELECT term FROM temp.vocab")}


def _approved_and_done(sessions, destruction_id: int):
    _service(sessions[demo.DEMO_COLLEAGUE]).approve(destruction_id)
    return _service(sessions[demo.DEMO_COLLEAGUE]).carry_out(destruction_id)


def test_the_proposer_can_never_approve_and_a_second_user_can(store):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(lead).propose(case.case_id)
    with pytest.raises(InvalidInput) as refused:
        _service(lead).approve(proposal)
    assert (refused.value.field, refused.value.problem) == ("reviewer", "reviewer_is_proposer")
    with pytest.raises(InvalidInput):
        _service(lead).carry_out(proposal)  # not approved: nothing happens
    assert persons.get_person(lead.db.conn, case.client_id) is not None
    rows = audit.recent(admin.db.conn, 5)  # the beheerder reads the trail (VIEW_AUDIT)
    assert any(r.action == "approval_failed" and r.reason == "reviewer_is_proposer"
               and r.record_id == str(proposal) for r in rows)
    # The store agrees, whatever the service does: the proposer as reviewer is refused.
    with pytest.raises((sqlcipher3.IntegrityError, *store_errors())):
        with lead.db.transaction() as conn:
            conn.execute("UPDATE destructions SET state = 'beoordeeld', reviewed_by = ?,"
                         " reviewed_at = 'x' WHERE id = ?", (lead.user.id, proposal))
    _service(admin).approve(proposal)  # the beheerder, in her own session
    assert _service(lead).proposal(proposal).state is DestructionState.BEOORDEELD


@pytest.mark.local_only("on a server the tests' accounts are made by the server's administrator"
                        " (tests/server/fixtures.make_account), not by the beheerder")
def test_an_account_the_proposer_made_is_no_second_pair_of_eyes(store):
    """The beheerder made the teamleider's account (she knew its one-time passphrase, and may
    have logged in with it first): that account does not approve the beheerder's proposal;
    a teamleider she did not make would (domain/account_duties.py)."""
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(admin).propose(case.case_id)
    with pytest.raises(InvalidInput) as refused:
        _service(lead).approve(proposal)
    assert refused.value.problem == "reviewer_made_by_proposer"
    assert _service(admin).proposal(proposal).state is DestructionState.VOORGESTELD
    assert any(r.action == "approval_failed" and r.reason == "reviewer_made_by_proposer"
               and r.user_id == lead.user.id for r in audit.recent(admin.db.conn, 5))


@pytest.mark.local_only("scans the local file's decrypted pages, its FTS5 index and drafts;"
                        " on a server: test_a_destroyed_case_leaves_no_row_on_the_server")
def test_a_destroyed_case_is_found_nowhere(store, tmp_path):
    sessions, case = store
    lead, colleague, admin = (sessions[n] for n in (demo.DEMO_USER, demo.DEMO_COLLEAGUE,
                                                    demo.DEMO_ADMIN))
    # Drafts that mention the case: the saved workspace of one user, a half-typed intake of
    # another that repeats the pleger's name.
    WorkspaceService(lead).keep({"pages": {"clienten": {"case": {"case_id": case.case_id}}}})
    IntakeService(colleague).save_draft({"client": {"last_name": case.pleger_names[1]}})
    names = case.client_names + case.pleger_names
    assert _left_in_store(lead, names, "before", tmp_path), "the scan sees the case at all"
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    with pytest.raises(InvalidInput, match="not_due"):
        _service(lead, date(2036, 5, 31)).propose(case.case_id)
    proposal = _service(lead).propose(case.case_id, note="Termijn verstreken.")
    outcome = _approved_and_done(sessions, proposal)

    assert outcome.counts["persons"] == 3 and outcome.counts["cases"] == 1
    assert outcome.counts["signals"] == 1 and outcome.counts["drafts"] == 2
    assert not _left_in_store(admin, names + [case.threat_text, case.note_text], "after",
                              tmp_path)
    # Not vacuous: another case's client is still in the same pages.
    other = persons.get_person(admin.db.conn, 1).data
    assert _left_in_store(admin, [other.last_name], "other", tmp_path)
    terms = _index_terms(admin)
    assert not terms & (trigrams(case.client_token) | trigrams(case.pleger_token))
    assert IntakeService(lead).search(case.client_token) == []
    assert WorkspaceService(lead).take() is None
    assert IntakeService(colleague).load_draft() is None
    # The audit trail stays whole and names ids only.
    assert audit.verify(admin.db.conn).ok
    trail = admin.db.conn.execute("SELECT reason, detail FROM audit_log").fetchall()
    assert not any(n in str(row) for row in trail for n in names)
    # The yearly figures survive, marked as anonymised (Mensenhandel 22.6).
    figures = admin.db.conn.execute(
        "SELECT measure, breakdown, count, anonymised FROM anonymised_figures"
        " WHERE destruction_id = ?", (proposal,)).fetchall()
    measures = {row[0] for row in figures}
    assert {"intakes", "screenings", "aware_trajecten", "exchanges", "signals"} <= measures
    assert all(row[3] == 1 for row in figures)
    assert ("exchanges", "zorgcoordinator_mensenhandel:uit", 1, 1) in figures
    done = _service(admin).proposal(proposal)
    assert done.state is DestructionState.VERNIETIGD and done.note == ""


def test_a_destroyed_case_leaves_no_row_on_the_server(store, engine, request):
    """The server's twin of the page scan above: carried out by the service (the beheerder,
    who reads no case there, approves and carries out: case_clock, destruction_figures and
    destroy() of migrations 0015 and 0036), no row of the case is left in any table as the
    server's administrator sees them, the trail says who did it with ids and counts only,
    and the figures stay."""
    if engine != "server":
        pytest.skip("the local store's version is test_a_destroyed_case_is_found_nowhere")
    server = request.getfixturevalue("engine_server")
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(lead).propose(case.case_id, note=f"Termijn {case.client_token}.")
    _service(admin).approve(proposal)
    outcome = _service(admin).carry_out(proposal)

    assert outcome.counts["persons"] == 3 and outcome.counts["cases"] == 1
    assert outcome.counts["signals"] == 1 and outcome.counts["threats"] == 1
    everywhere = server.admin  # the cluster's administrator: no policy hides a row from her
    for table, column in (("cases", "id"), ("persons", "case_id"), ("threats", "case_id"),
                          ("screenings", "case_id"), ("trajects", "case_id"),
                          ("exchanges", "case_id"), ("signals", "case_id"),
                          ("case_teams", "case_id"), ("source_removals", "case_id")):
        left = everywhere.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s",  # noqa: S608
                                  (case.case_id,)).fetchone()[0]
        assert left == 0, table
    for person_id in (case.client_id, case.pleger_id):
        assert everywhere.execute("SELECT count(*) FROM person_trigrams WHERE person_id = %s",
                                  (person_id,)).fetchone()[0] == 0
    assert IntakeService(lead).search(case.client_token) == []
    # The other cases stay.
    assert everywhere.execute("SELECT count(*) FROM cases").fetchone()[0] == 3
    # The trail (its chain: tests/server/test_audit_chain.py): who carried it out, ids and
    # counts only.
    trail = trail_of(admin)
    [done_row] = [r for r in audit.recent(trail, 20) if r.action == "destroyed"]
    assert done_row.user_id == admin.user.id and done_row.record_id == str(proposal)
    assert json.loads(done_row.detail)["counts"]["persons"] == 3
    rows = trail.execute("SELECT reason, detail FROM audit_log").fetchall()
    names = case.client_names + case.pleger_names + [case.client_token]
    assert not any(n in str(row) for row in rows for n in names)
    # The yearly figures survive, marked as anonymised (Mensenhandel 22.6); the note is wiped.
    kept = everywhere.execute("SELECT measure, anonymised FROM anonymised_figures"
                              " WHERE destruction_id = %s", (proposal,)).fetchall()
    assert {"intakes", "screenings", "aware_trajecten", "signals"} <= {m for m, _a in kept}
    assert all(a == 1 for _m, a in kept)
    done = _service(admin).proposal(proposal)
    assert done.state is DestructionState.VERNIETIGD and done.note == ""


def test_ordinary_code_still_cannot_delete_after_a_destruction(store):
    sessions, case = store
    lead = sessions[demo.DEMO_USER]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(sessions[demo.DEMO_COLLEAGUE]).propose(case.case_id)
    _service(lead).approve(proposal)
    # Approved but not in progress: still refused, for this case and for another (on a
    # server no working role has DELETE: only destroy() deletes).
    for case_id in (case.case_id, 1):
        with pytest.raises((sqlcipher3.IntegrityError, *store_errors()),
                           match="approved destruction|permission denied"):
            with lead.db.transaction() as conn:
                conn.execute("DELETE FROM persons WHERE case_id = ?", (case_id,))
    with pytest.raises((sqlcipher3.IntegrityError, *store_errors()),
                       match="destructions rows are never deleted|permission denied"):
        with lead.db.transaction() as conn:
            conn.execute("DELETE FROM destructions")


def test_a_reopened_case_is_not_destroyed(store):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    closing = CaseClosingService(lead, today=lambda: T0)
    closing.close_case(case.case_id)
    with pytest.raises(InvalidInput, match="closed"):
        IntakeService(lead).add_threat(case.case_id, retention_case.ThreatEntry(T0, "Nieuw."))
    proposal = _service(sessions[demo.DEMO_COLLEAGUE]).propose(case.case_id)
    _service(lead).approve(proposal)
    closing.reopen_case(case.case_id)
    with pytest.raises(InvalidInput, match="not_closed"):
        _service(lead).carry_out(proposal)
    assert persons.get_person(lead.db.conn, case.client_id) is not None
    actions = [r.action for r in audit.recent(trail_of(lead), 12)]
    assert "case_closed" in actions and "case_reopened" in actions


def test_sent_back_with_a_reason(store):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(sessions[demo.DEMO_COLLEAGUE]).propose(case.case_id)
    with pytest.raises(InvalidInput, match="reason_required"):
        _service(lead).send_back(proposal, "  ")
    _service(lead).send_back(proposal, "Er loopt nog een procedure.")
    found = _service(admin).proposal(proposal)
    assert found.state is DestructionState.TERUGGEZET
    assert found.review_note == "Er loopt nog een procedure."
    with pytest.raises(InvalidInput, match="not_approved"):
        _service(lead).carry_out(proposal)
    assert _service(sessions[demo.DEMO_COLLEAGUE]).propose(case.case_id) != proposal  # a new proposal may follow


@pytest.mark.local_only("scans the local file's pages; and on a server the beheerder's erasure"
                        " of one person waits for a definer (she reads no person there)")
def test_erasing_one_person_leaves_the_rest_of_her_case(store, tmp_path):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    proposal = _service(lead, T0).propose_person_erasure(case.pleger_id, 7,
                                                         "Besluit op het verzoek.")
    with pytest.raises(InvalidInput, match="reviewer_is_proposer"):
        _service(lead, T0).approve(proposal)
    _service(admin, T0).approve(proposal)
    outcome = _service(admin, T0).carry_out(proposal)
    assert outcome.counts["persons"] == 1 and outcome.counts["redactions"] >= 4
    assert not _left_in_store(admin, case.pleger_names, "erased", tmp_path)
    assert _left_in_store(admin, case.client_names, "kept", tmp_path)
    assert not trigrams(case.pleger_token) & _index_terms(admin)
    kept = IntakeService(lead).case(case.case_id)
    assert {p.id for p in kept.people} == {case.client_id, kept.people[1].id}
    assert audit.verify(admin.db.conn).ok
    assert _service(admin, T0).proposal(proposal).request_id == 7


@pytest.mark.local_only("scans the local file's pages; and on a server the beheerder's purge"
                        " of one text waits for a definer (she reads no case there)")
def test_one_threat_text_goes_earlier_with_four_eyes(store, tmp_path):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    with pytest.raises(InvalidInput, match="reason_required"):
        _service(lead, T0).propose_text_purge(case.case_id, TextKind.THREAT,
                                              str(case.threat_id))
    threat = _service(lead, T0).propose_text_purge(
        case.case_id, TextKind.THREAT, str(case.threat_id), "Niet langer nodig.")
    note = _service(lead, T0).propose_text_purge(
        case.case_id, TextKind.SCREENING_NOTE, f"{case.screening_id}:stalking",
        "Niet langer nodig.")
    for proposal in (threat, note):
        _service(admin, T0).approve(proposal)
        _service(admin, T0).carry_out(proposal)
    assert not _left_in_store(admin, [case.threat_text, case.note_text], "texts", tmp_path)
    assert _left_in_store(admin, case.client_names, "rest", tmp_path)
    assert IntakeService(lead).case(case.case_id).threats == []


def test_the_overview_shows_due_and_soon_due(store):
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    assert _service(admin, date(2036, 1, 1)).overview() == []
    soon = _service(admin, date(2036, 4, 1)).overview()
    assert [(r.case_id, r.kind, r.status) for r in soon] == [
        (case.case_id, DataKind.SAMENWERKING, "binnenkort"),
        (case.case_id, DataKind.SIGNAAL, "binnenkort")]
    CaseClosingService(lead, today=lambda: date(2027, 1, 1)).record_chain_file_closed(
        case.case_id, date(2027, 1, 1))
    due = _service(admin, date(2032, 1, 2)).overview()
    assert [(r.kind, r.status, r.because) for r in due] == [
        (DataKind.SIGNAAL, "verlopen", "ketendossier")]
    proposal = _service(sessions[demo.DEMO_COLLEAGUE], date(2032, 1, 2)).propose(case.case_id, DataKind.SIGNAAL)
    _service(lead, date(2032, 1, 2)).approve(proposal)
    outcome = _service(lead, date(2032, 1, 2)).carry_out(proposal)
    assert outcome.counts["signals"] == 1
    assert outcome.counts.get("exchanges", 0) == (1 if case.signal_sent else 0)
    assert "cases" not in outcome.counts


def test_a_caseworker_may_not_see_or_propose(caseworker):
    with pytest.raises(PermissionDenied):
        RetentionService(caseworker).overview()
    with pytest.raises(PermissionDenied):
        RetentionService(caseworker).propose(1)


def test_the_statement_names_no_one(store, tmp_path):
    import io

    from pypdf import PdfReader

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _service(lead).propose(case.case_id)
    with pytest.raises(InvalidInput, match="not_destroyed"):
        _service(admin).statement(proposal)
    _approved_and_done(sessions, proposal)
    pdf = _service(admin, date(2036, 6, 2)).statement(proposal)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squeezed = "".join(text.split())
    assert "Verklaringvanvernietiging" in squeezed and f"Dossier{case.case_id}" in squeezed
    assert f"gebruiker{lead.user.id}(Teamleider)" in squeezed  # who proposed
    assert "15juni2036" in squeezed  # the last backup holding it: 14 days after 1 June
    assert "Personen" in text and "Signalen mensenhandel" in text
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "verklaring.pdf").write_bytes(pdf)
    names = case.client_names + case.pleger_names + ["Demo Beheerder", "Demo Collega"]
    assert not scan_folder(tmp_path / "pdf", _canaries(names, "statement")).hits
    assert any(r.action == "print" and r.record_type == "destruction_statement"
               for r in audit.recent(admin.db.conn, 3))


@pytest.mark.local_only("reads sqlite_master; on a server tests/server/test_destroy_server.py"
                        " checks every step of destroy()")
def test_every_table_that_holds_a_case_is_in_the_engine(store):
    """A table added later with a case or person id must be destroyed with its case (or be
    declared as holding none): otherwise destruction leaves it, or its foreign key stops it."""
    from blijf_desktop.storage import destruction

    sessions, _case = store
    conn = sessions[demo.DEMO_USER].db.conn
    covered = {kind for kind, _sql in destruction._CASE_STEPS}
    # The breach register names people by id only and must outlive them (AVG 33(5)).
    not_case_data = {"meta", "users", "audit_log", "drafts", "destructions",
                     "anonymised_figures", "login_attempts", "incidents",
                     "incident_notifications", "incident_history",
                     # Issue 22: who belongs to which team; a break-the-glass row holds ids and
                     # a reason code only and outlives the case like the audit trail (its free
                     # text and reviews go with the case).
                     "user_teams", "break_glass"}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND name NOT LIKE 'person_search%'"
                                         " AND name NOT LIKE 'sqlite_%'")]
    missing = []
    for table in tables:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}  # noqa: S608
        refs = {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({table})")}  # noqa: S608
        holds_case = bool(columns & {"case_id", "person_id"} or refs - {"users"})
        if holds_case and table not in covered | not_case_data:
            missing.append(table)
    assert not missing, f"not destroyed with their case: {missing}"


@pytest.mark.local_only("scans the local file's pages; and on a server the beheerder's erasure"
                        " of one person waits for a definer (she reads no person there)")
def test_an_erasure_granted_on_a_request_goes_through_four_eyes_and_takes_the_request(
        store, tmp_path):
    """AVG 17 through the request register: the decision proposes the person's destruction at
    once; nothing is erased until a second user approves; then her name, her request and its
    steps are gone, and the client's case stays."""
    from blijf_desktop.services.rights import RequestService

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    requests = RequestService(lead, today=lambda: T0)
    request_id = requests.register(case.pleger_id, "wissing", T0, "schriftelijk")
    for partners in (["politie"], ["ketenpartners"]):
        try:
            requests.coordinate(request_id, partners, T0)
        except InvalidInput:
            pass  # not involved for this person
    requests.decide(request_id, "toegewezen", "Er is geen grond meer om te bewaren.")
    [proposal] = [p for p in _service(admin, T0).proposals() if p.request_id == request_id]
    assert _left_in_store(admin, case.pleger_names, "waiting", tmp_path / "a")
    with pytest.raises(InvalidInput, match="reviewer_is_proposer"):
        _service(lead, T0).approve(proposal.id)
    _service(admin, T0).approve(proposal.id)
    _service(admin, T0).carry_out(proposal.id)
    assert not _left_in_store(admin, case.pleger_names, "erased", tmp_path / "b")
    assert request_id not in {r.request_id for r in requests.overview()}
    assert IntakeService(lead).case(case.case_id).client.id == case.client_id
    assert audit.verify(admin.db.conn).ok


@pytest.mark.local_only("backups of the local file; a server's backups are the server's")
def test_a_backup_made_after_an_erasure_holds_no_trace_of_her(store, tmp_path):
    """Blijf 8.2: destroyed is destroyed in the copies made after it too. Every page of the
    backup file is decrypted and scanned; the check is live (her name is found in a backup made
    before the erasure, and the client's in the one after)."""
    from blijf_desktop.storage.backup_file import HEADER_SIZE
    from tests.services.backup_helpers import Clock, ready_admin

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    clock = Clock()
    backups = ready_admin(admin, tmp_path / "backups", clock)

    def pages_of_newest_backup(name: str):
        job = backups.start_backup()
        job.run(lambda done, total: None, lambda: False)
        entry = backups.finish_backup(job)
        clock.advance(days=1)
        pages = tmp_path / name / "store.db"
        pages.parent.mkdir()
        pages.write_bytes((tmp_path / "backups" / entry.name).read_bytes()[HEADER_SIZE:])
        return pages

    before = pages_of_newest_backup("voor")
    proposal = _service(lead, T0).propose_person_erasure(case.pleger_id, None, "Besluit.")
    _service(admin, T0).approve(proposal)
    _service(admin, T0).carry_out(proposal)
    after = pages_of_newest_backup("na")

    def hits(pages, names, prefix):
        folder = write_plaintext(pages, admin.data_key, tmp_path / f"plain-{prefix}")
        return scan_folder(folder, _canaries(names, prefix)).hits

    assert hits(before, case.pleger_names, "voor")
    assert not hits(after, case.pleger_names, "na")
    assert hits(after, case.client_names, "client")
