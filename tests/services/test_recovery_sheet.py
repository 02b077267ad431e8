"""The recovery sheet passes AccountService: a real PDF with the key, readable by this OS user
only, and exactly one audit row per saved sheet that holds neither the key nor the path."""

from datetime import datetime

import pytest
from pypdf import PdfReader

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import DocumentNotSaved, PermissionDenied, StoreLocked
from tests.conftest import ADMIN_PASS

CREATED = datetime(2026, 3, 1, 9, 30).astimezone()


def audit_rows(session) -> list[tuple]:
    return session.db.conn.execute(
        "SELECT action, record_type, record_id, reason, detail FROM audit_log ORDER BY seq"
    ).fetchall()


def printed(session) -> list[tuple]:
    return [r for r in audit_rows(session) if r[0] == AuditAction.RECOVERY_SHEET_PRINTED.value]


def test_the_sheet_is_written_with_the_key_and_recorded_once(created, tmp_path):
    session, recovery_key = created  # right after set-up: the declaration is not yet signed
    assert not session.ready
    target = tmp_path / "herstelblad.pdf"
    AccountService(session).save_recovery_sheet(target, recovery_key, "opslag-1234", CREATED)

    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert recovery_key.replace("-", "") in "".join(text.split())
    assert target.stat().st_mode & 0o077 == 0
    [row] = printed(session)
    assert recovery_key not in repr(row) and recovery_key.replace("-", "") not in repr(row)
    assert str(tmp_path) not in repr(row) and "herstelblad" not in repr(row)


def test_a_sheet_that_cannot_be_written_is_not_recorded(created, tmp_path):
    session, recovery_key = created
    with pytest.raises(DocumentNotSaved) as refused:
        AccountService(session).save_recovery_sheet(tmp_path / "bestaat-niet" / "blad.pdf",
                                                    recovery_key, "opslag-1234", CREATED)
    assert refused.value.reason == DocumentNotSaved.MISSING
    assert "bestaat-niet" not in str(refused.value)  # no path in what could reach a log
    assert printed(session) == []


def test_only_a_beheerder_with_an_open_store_prints_it(created, caseworker, tmp_path):
    session, recovery_key = created
    target = tmp_path / "herstelblad.pdf"
    with pytest.raises(PermissionDenied):
        AccountService(caseworker).save_recovery_sheet(target, recovery_key, "opslag-1234",
                                                       CREATED)
    session.lock()
    with pytest.raises(StoreLocked):
        AccountService(session).save_recovery_sheet(target, recovery_key, "opslag-1234", CREATED)
    session.unlock(ADMIN_PASS)
    assert not target.exists() and printed(session) == []


def test_a_sheet_saved_over_an_open_file_is_private_again(created, tmp_path):
    """Saving over an existing file readable by others gives a new private file: the old one's
    mode is not kept."""
    session, recovery_key = created
    target = tmp_path / "herstelblad.pdf"
    target.write_bytes(b"oud")
    target.chmod(0o644)
    AccountService(session).save_recovery_sheet(target, recovery_key, "opslag-1234", CREATED)
    assert target.stat().st_mode & 0o077 == 0
    assert PdfReader(target).pages


def test_a_sheet_saved_onto_a_symbolic_link_never_writes_into_its_target(created, tmp_path):
    """A link planted where the sheet is saved (to a shared folder, say) is replaced by the
    sheet; the file it pointed to is left as it was."""
    session, recovery_key = created
    elsewhere = tmp_path / "gedeeld.txt"
    elsewhere.write_bytes(b"gedeeld")
    target = tmp_path / "herstelblad.pdf"
    target.symlink_to(elsewhere)
    AccountService(session).save_recovery_sheet(target, recovery_key, "opslag-1234", CREATED)
    assert elsewhere.read_bytes() == b"gedeeld"
    assert not target.is_symlink() and target.stat().st_mode & 0o077 == 0
