"""Adversarial review of the rights, retention, backup and figures work (issues 20 and 21):
each test is one attack through the services and the files on disk, by the people the brief
names: a pleger asking for his file, a colleague who knows the perpetrator, a thief with a
laptop or a backup, and the privacy officer's auditor after an erasure."""

from datetime import date

import pytest

from blijf_desktop import demo
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.backups import BackupService
from blijf_desktop.services.information_duty import InformationDutyService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.retention import RetentionService
from blijf_desktop.services.rights import RequestService
from tests.services.test_retention import T0, _left_in_store, store  # noqa: F401 (fixture)


def _retention(session, today=T0) -> RetentionService:
    return RetentionService(session, today=lambda: today)


# -- the auditor after an erasure --------------------------------------------------------------
def test_an_erased_person_leaves_no_name_in_the_other_peoples_requests_and_duties(
        store, tmp_path):
    """The client's own requests, the notes of their steps, a derde's informatieplicht and
    a lifted restriction are typed about the case: they name the pleger. Erasing him (AVG 17)
    must take his name out of them too, as it does for every other text of the case."""
    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    henk, dader = case.pleger_names[0], case.pleger_names[1]
    requests = RequestService(lead, today=lambda: T0)
    asked = requests.register(case.client_id, "inzage", T0, "schriftelijk",
                              f"Wil weten wat {henk} {dader} over haar kan lezen.")
    requests.coordinate(asked, ["ketenpartners"], T0, f"Afgestemd; {dader} is bekend.")
    requests.coordinate(asked, ["politie"], T0, "Afgestemd met de wijkagent.")
    requests.decide(asked, "deels_afgewezen", f"Niet wat {henk} heeft verteld.",
                    ["bescherming_anderen"])
    limit = requests.register(case.client_id, "beperking", T0, "schriftelijk", "Beperking.")
    requests.coordinate(limit, ["ketenpartners", "politie"], T0)
    requests.decide(limit, "toegewezen", "Toegewezen.")
    requests.lift_restriction(case.client_id, f"Zij vraagt het zelf; {dader} is verhuisd.")
    derde = IntakeService(lead, today=lambda: T0).add_person(
        case.case_id, PersonData(Category.DERDE, first_names="Roos", last_name="Buurvrouw",
                                 relation="buur"))
    InformationDutyService(lead, today=lambda: T0).record_exception(
        derde, "gevaar_client", f"Zij is de zus van {henk} {dader}.")
    assert _left_in_store(admin, [henk, dader], "before", tmp_path / "a")

    proposal = _retention(lead).propose_person_erasure(case.pleger_id, None, "Besluit.")
    _retention(admin).approve(proposal)
    _retention(admin).carry_out(proposal)

    assert not _left_in_store(admin, [henk, dader], "after", tmp_path / "b")
    kept = requests.request(asked)  # the client's request stays, without his name
    assert len(kept.steps) == 3 and "[gewist]" in kept.request.asked


# -- a colleague who wants a case gone -----------------------------------------------------------
def test_a_beheerder_cannot_approve_her_own_destruction_through_an_account_she_made(
        store, auth):
    """Four eyes by two accounts of one person: the functioneel beheerder proposes and also
    manages accounts. Decided (domain/account_duties.py; Blijf 8.1-8.2, 9.1): (1) an account
    with a four-eyes power, a beheerder's too, waits for a teamleider who is not its creator;
    (2) an account whose one-time passphrase the proposer gave (made or last reset) does not
    approve her destruction, even once a teamleider confirmed it and it chose its own."""
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.account_requests import AccountRequestService
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.case_closing import CaseClosingService
    from blijf_desktop.services.errors import AccountPending, ApprovalFailed, InvalidInput
    from blijf_desktop.services.settings import SettingsService
    from blijf_desktop.domain import settings as rules
    from tests.services.test_retention import DUE

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    CaseClosingService(lead, today=lambda: T0).close_case(case.case_id)
    proposal = _retention(admin, DUE).propose(case.case_id)
    accounts = AccountService(admin)
    for name, role in (("tweede", Role.TEAMLEIDER), ("beheer2", Role.BEHEERDER)):
        accounts.add_user(name, "Tweede Account", role, "Eenmalig-Wachtwoord-7")
        with pytest.raises(AccountPending):  # (1): not before a teamleider confirmed it
            auth.login(name, "Eenmalig-Wachtwoord-7")
    # Nor as the second user of her own weakening setting, at her desk.
    weaker = SettingsService(admin)
    assert weaker.change(rules.IDLE_LOCK, 30).value == "pending"
    waiting = weaker.overview()[rules.IDLE_LOCK].pending.request_id
    with pytest.raises(ApprovalFailed):  # a pending account confirms nothing
        weaker.confirm(waiting, "beheer2", "Eenmalig-Wachtwoord-7")
    assert weaker.overview()[rules.IDLE_LOCK].pending is not None

    confirming = AccountRequestService(lead)  # the teamleider is fooled into confirming both
    for request in confirming.waiting():
        confirming.confirm(request.request_id, demo.DEMO_PASSPHRASE)
    for name in ("tweede", "beheer2"):
        second = auth.login(name, "Eenmalig-Wachtwoord-7")
        try:
            own = AccountService(second)
            own.accept_confidentiality()
            own.change_own_passphrase("Eenmalig-Wachtwoord-7", "Paars-Konijn-Springt-2026")
            with pytest.raises(InvalidInput) as refused:  # (2)
                _retention(second, DUE).approve(proposal)
            assert refused.value.problem == "reviewer_made_by_proposer"
        finally:
            second.close()
    assert _retention(admin, DUE).proposal(proposal).state.value == "voorgesteld"


# -- a stolen laptop ---------------------------------------------------------------------------------
def test_copies_a_cut_off_restore_left_beside_the_store_go_with_a_destruction(store, tmp_path):
    """A restore that stopped between setting the store aside and cleaning up (a crash, a
    power cut) leaves store.db.voor-terugzetten-<stamp>; one cut off while copying leaves
    store.db.restoring. Both are whole stores under the same key. Destroyed data must not
    live on in them (Blijf 8.2: copies included), as it does not in the .v*.bak copies."""
    import shutil

    from tests.services.test_retention import DUE
    from tests.security.store_pages import write_plaintext
    from tests.security.scanner import scan_folder
    from tests.services.test_retention import _canaries

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    db = admin.paths.db
    admin.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    left = [db.with_name(db.name + ".voor-terugzetten-20260601120000"),
            db.with_name(db.name + ".restoring")]
    for copy in left:
        shutil.copyfile(db, copy)
    proposal = _retention(lead).propose_person_erasure(case.pleger_id, None, "Besluit.")
    _retention(admin).approve(proposal)
    _retention(admin).carry_out(proposal)
    names = _canaries(case.pleger_names, "copy")
    for n, copy in enumerate(left):
        if copy.exists():
            folder = write_plaintext(copy, admin.data_key, tmp_path / str(n))
            assert not scan_folder(folder, names).hits, copy.name


def test_a_restore_does_not_bring_back_what_was_destroyed_since_the_backup(store, tmp_path,
                                                                           auth):
    """A restore of a backup made before a destruction brought the destroyed data back with
    no clock on it and dropped every audit row written since (the destruction, the looks):
    the beheerder alone could undo both. Decided (storage/restore_carry.py; Blijf 8.2, 9.1):
    the store being replaced carries its audit rows since the backup into the restored one,
    verbatim (the chain verifies), and its destructions since are carried out again there,
    without new four eyes, with their own counts and anonymised figures."""
    from blijf_desktop.domain.audit import AuditAction
    from blijf_desktop.services.restore import RestoreService
    from blijf_desktop.storage import audit, destruction_proposals
    from tests.services.backup_helpers import make

    sessions, case = store
    lead, admin = sessions[demo.DEMO_USER], sessions[demo.DEMO_ADMIN]
    backups = BackupService(admin)
    (tmp_path / "backups").mkdir()
    backups.choose_folder(str(tmp_path / "backups"))
    entry = backups.finish_backup(make(backups))
    proposal = _retention(lead).propose_person_erasure(case.pleger_id, None, "Besluit.")
    _retention(admin).approve(proposal)
    _retention(admin).carry_out(proposal)
    assert not _left_in_store(admin, case.pleger_names, "erased", tmp_path / "a")
    before = destruction_proposals.get(admin.db.conn, proposal)
    tail = audit.recent(admin.db.conn, 1)[0].seq
    lead.close()

    restorer = RestoreService(admin)
    preview = restorer.open_backup(restorer.read_backup(str(tmp_path / "backups" / entry.name)),
                                   demo.DEMO_PASSPHRASE)
    job = restorer.start_restore(preview)
    job.run(lambda done, total: None, lambda: False)
    applied = restorer.finish_restore(job)
    assert applied.redone == (proposal,) and applied.to_redo == () and applied.audit_rows > 0

    again = auth.login(demo.DEMO_ADMIN, demo.DEMO_PASSPHRASE)
    try:
        conn = again.db.conn
        destroyed = conn.execute("SELECT count(*) FROM audit_log WHERE action = ?",
                                 (AuditAction.DESTROYED.value,)).fetchone()[0]
        assert destroyed >= 1, "the destruction is no longer in the audit trail"
        assert audit.verify(conn).ok
        assert conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0] > tail
        restored = [r for r in audit.recent(conn, 10)
                    if r.action == AuditAction.BACKUP_RESTORED.value][0]
        assert f'"destructions_redone": [{proposal}]' in restored.detail
        after = destruction_proposals.get(conn, proposal)
        assert after.state is before.state and after.counts == before.counts
        assert after.carried_out_at == before.carried_out_at
        assert not _left_in_store(again, case.pleger_names, "restored", tmp_path / "b")
    finally:
        again.close()
