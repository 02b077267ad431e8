"""Plaintext canary (issue 11, item 2): after one scripted session through the real app, no
file the app touched holds any canary in any form.

The session runs in a child whose HOME, TMPDIR, XDG folders, Qt settings, keyring file, logs
and working folder all lie in one folder; the scan reads every file in it: store, WAL, SHM,
key file, settings, keyring, recovery sheet, logs, temp folder, and copies of the app's files
taken while the store was open (the WAL and SHM exist only then).

The scan could pass because nothing was typed, stored or scanned; three checks rule that out:
the decrypted store holds every canary that should be kept, the audit trail shows every step
happened, and the scanner finds a canary planted in each form it claims to cover. The same
files are also scanned for the data key and the recovery key."""

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from tests.security.canaries import Canary, canaries, new_token
from tests.security.scanner import ENCODINGS, scan_folder, spellings, without_diacritics
from tests.security.scripted_session import (
    ADVICE_FILE, DISCLOSURE_FILE, FAST_POLICY, home, keyring_file, log_dir, printer_output, run_child, store_dir,
)

# What the advice the user saved as PDF must hold: it is an intended export (the client, the
# advice, the agreements go to the police on it). The scan allows these hits in that one file
# name only, and only after checking they are really there: the allowance is proven, not blind.
IN_THE_SAVED_ADVICE = ("client.last_name", "child.last_name", "pleger.last_name",
                       "police.child.art8", "screening.note", "aware.advice.agreements",
                       "user.caseworker.display_name")


# What the anonymised disclosure to the zorgcoördinator may hold (issue 18): the signal's free
# texts written for the chain, Blijf's own contact person, and a pleger's town (anonymising
# keeps the municipality, Mensenhandel 9.5). No name, address, phone or birth date of anyone.
IN_THE_DISCLOSURE = {"signal.description", "signal.summary", "signal.question2",
                     "user.caseworker.display_name", "pleger.residence"}


def figure(name: str, values: dict) -> None:
    print(f"FIGURE {name}: {json.dumps(values, sort_keys=True)}", flush=True)


@pytest.fixture(scope="module")
def session_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("canary-session")
    token = new_token()
    result = run_child(folder, token)
    steps = (log_dir(folder) / "session.stdout").read_text(encoding="utf-8")
    errors = (log_dir(folder) / "session.stderr").read_text(encoding="utf-8", errors="replace")
    errors = "\n".join(line for line in errors.splitlines() if "propagateSizeHints" not in line)
    assert result.returncode == 0, f"the scripted session failed:\n{steps}\n{errors[-3000:]}"
    return folder, token


def test_no_file_the_app_touched_holds_a_canary(session_run):
    folder, token = session_run
    planted = canaries(token)
    result = scan_folder(folder, planted)
    kinds = result.kinds
    temp_files = sum(1 for p in (folder / "tmp").rglob("*") if p.is_file())
    # Everything the brief names was really there to be scanned.
    for kind in ("store", "store WAL", "store SHM", "key file", "Qt settings", "keyring", "pdf",
                 "log"):
        assert kinds.get(kind), f"no {kind} file was scanned"
    assert (folder / "tmp").is_dir()  # the temp folder is scanned too (the app left it empty)
    stderr = (log_dir(folder) / "session.stderr").read_text(encoding="utf-8", errors="replace")
    assert "unexpected error: builtins.LookupError" in stderr, "no crash output was scanned"
    saved = [h for h in result.hits if Path(h.path).name == ADVICE_FILE]
    disclosed = {h.canary for h in result.hits if Path(h.path).name == DISCLOSURE_FILE}
    hits = [h for h in result.hits if Path(h.path).name not in (ADVICE_FILE, DISCLOSURE_FILE)]
    # The signal went (its summary's stem is there); the token in it is masked, as every name
    # word of the case's people is (each canary name carries the token).
    import pypdf

    saved_text = "".join(page.extract_text() for page in pypdf.PdfReader(
        str(home(folder) / "Documents" / DISCLOSURE_FILE)).pages)
    assert "Samenvättïng-Si2-" in saved_text, "the saved disclosure holds no signal"
    assert disclosed <= IN_THE_DISCLOSURE, (
        f"the anonymised disclosure holds: {sorted(disclosed - IN_THE_DISCLOSURE)}")
    in_saved = {h.canary for h in saved if h.path == f"home/Documents/{ADVICE_FILE}"}
    figure("plaintext_canary", result.summary() | {
        "canaries": len(planted), "temp_files": temp_files, "hits": len(hits),
        "allowed_hits_in_saved_advice": len(saved), "canaries_in_saved_advice": len(in_saved),
        "saved_advice_copies": len({h.path for h in saved}),
        "canaries_in_anonymised_disclosure": sorted(disclosed)})
    missing = [name for name in IN_THE_SAVED_ADVICE if name not in in_saved]
    assert not missing, f"the saved advice does not hold {missing}: the allowance is not proven"
    secret = {"client.street", "edit.client.street", "client.house_number"} & in_saved
    assert not secret, f"the saved advice holds the secret address: {secret}"
    assert {h.where for h in saved if h.path == f"home/Documents/{ADVICE_FILE}"} <= {
        "pdf text", "pdf text without spaces"}, "the saved advice's bytes hold no plain text"
    # The printed advice is pixels: its file is scanned (name, bytes, streams, text layer) and
    # holds no text layer; what the pixels show no scan here reads (no OCR).
    import pypdf

    printed = printer_output(folder)
    reader = pypdf.PdfReader(str(printed))
    assert len(reader.pages) >= 1 and kinds.get("pdf", 0) >= 3
    assert not "".join(page.extract_text() for page in reader.pages).strip(), (
        "the printed advice has a text layer: scan it as text, not as pixels")
    assert all(page["/Resources"]["/XObject"] for page in reader.pages)  # one image a page
    assert not hits, "canaries found:\n" + "\n".join(
        f"{h.path} ({h.where}, {h.encoding}, offset {h.offset}): {h.canary}" for h in hits)


def _vault(folder: Path, copy: Path):
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.keyvault import Vault
    from tests.security.file_keyring import FileKeyring

    return Vault(copy / "store.keys", DeviceSecrets(FileKeyring(keyring_file(folder))), FAST_POLICY)


def _copy_of_store(folder: Path, tmp_path: Path) -> Path:
    """The tests that open the store work on a copy: the scanned folder stays as it was."""
    copy = tmp_path / "store"
    shutil.copytree(store_dir(folder), copy)
    return copy


def _data_key(folder: Path, token: str, copy: Path) -> bytes:
    c = canaries(token)
    return bytes(_vault(folder, copy).open_with_passphrase(c["user.caseworker.username"].typed,
                                                           c["pass.caseworker"].typed))


def _decrypted_text(folder: Path, token: str, tmp_path: Path) -> tuple[str, list[tuple]]:
    """All text in the store, opened like the app opens it. Returns the text and the audit
    rows."""
    from blijf_desktop.storage.database import Database

    copy = _copy_of_store(folder, tmp_path)
    db = Database(copy / "store.db", _data_key(folder, token, copy))
    try:
        tables = [r[0] for r in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        values = []
        for table in tables:
            # Table names come from sqlite_master, not from input; quoted as identifiers.
            quoted = '"' + table.replace('"', '""') + '"'
            for row in db.conn.execute(f"SELECT * FROM {quoted}"):
                values += [v for v in row if isinstance(v, str)]
        audit = db.conn.execute(
            "SELECT action, reason, detail FROM audit_log ORDER BY seq").fetchall()
    finally:
        db.close()
    return "\n".join(values), audit


def _recovery_key_from_sheet(sheet: Path) -> str:
    """The key as printed: the groups of four under HERSTELSLEUTEL."""
    import pypdf

    text = pypdf.PdfReader(sheet).pages[0].extract_text()
    after = text.split("HERSTELSLEUTEL", 1)[1]
    groups = re.findall(r"^\s*([A-Z2-7]{4})\s*$", after, flags=re.MULTILINE)[:8]
    return "-".join(groups)


def test_no_file_holds_the_data_key_or_the_recovery_key(session_run, tmp_path):
    """The data key never reaches a file; the recovery key only on the sheet the user chose to
    save (to print, then delete, as the app tells her)."""
    folder, token = session_run
    copy = _copy_of_store(folder, tmp_path)
    data_key = _data_key(folder, token, copy)
    [sheet] = (home(folder) / "Documents").glob("herstelblad*.pdf")
    recovery = _recovery_key_from_sheet(sheet)
    assert bytes(_vault(folder, copy).open_with_recovery(recovery)) == data_key  # read right
    secrets = [Canary("data_key.raw", data_key.decode("latin-1")),
               Canary("data_key.hex", data_key.hex()),
               Canary("recovery_key", recovery, also=(recovery.replace("-", ""),))]
    result = scan_folder(folder, secrets)
    hits = [h for h in result.hits if Path(h.path).name != sheet.name]
    figure("keys_on_disk", {"files_scanned": result.files, "bytes_scanned": result.bytes,
                            "hits": len(hits)})
    assert not hits, [(h.path, h.canary) for h in hits]


def test_the_session_really_stored_every_canary(session_run, tmp_path):
    """Not vacuous: every canary meant to be kept is in the decrypted store, and none of the
    ones never to be kept (passphrases, search text) is."""
    folder, token = session_run
    text, audit = _decrypted_text(folder, token, tmp_path)
    planted = canaries(token).values()
    missing = [c.name for c in planted if c.kept and c.kept_form not in text]
    assert not missing, f"not in the store: {missing}"
    kept_anyway = [c.name for c in planted if not c.kept and c.typed in text]
    assert not kept_anyway, f"kept although they never should be: {kept_anyway}"
    # The scanner's forms match what the app really stores: the same text, written out in
    # plaintext, is found for every kept canary.
    (tmp_path / "plaintext").mkdir()
    (tmp_path / "plaintext" / "dump.txt").write_text(text, encoding="utf-8")
    found = {h.canary for h in scan_folder(tmp_path / "plaintext", canaries(token)).hits}
    assert found >= {c.name for c in planted if c.kept}

    actions = [row[0] for row in audit]
    for action in ("store_created", "recovery_sheet_printed", "user_added", "login_failed",
                   "confidentiality_accepted", "passphrase_changed", "change", "view", "lock",
                   "unlock", "logout"):
        assert action in actions, f"the session did not do: {action}"
    documents = [(a, json.loads(d).get("use")) for a, _r, d in audit
                 if d and json.loads(d).get("document") == "veiligheidsadvies"]
    assert {("view", "preview"), ("print", "print"), ("export", "save")} <= set(documents), (
        f"the advice was not previewed, printed and saved: {documents}")
    assert ("view", "toon_adres") in [(a, r) for a, r, _d in audit], "no address was revealed"
    details = [json.loads(d) for a, _r, d in audit if a == "change" and d]
    aware_steps = [d.get("state") or "evaluatie" for d in details
                   if "step" in d or "review" in d]
    assert aware_steps == ["concept", "informatie_gevraagd", "informatie_ontvangen",
                           "advies_opgesteld", "toegekend", "aangesloten", "evaluatie",
                           "beeindigd"], (
        f"the AWARE-traject did not go through every step: {aware_steps}")
    disclosed = [json.loads(d).get("recipient") for a, _r, d in audit if a == "disclose" and d]
    assert "zorgcoordinator_mensenhandel" in disclosed, f"no disclosure to the chain: {disclosed}"
    consent = [r for a, r, d in audit if a == "change" and r in ("voorbereid", "geverifieerd")]
    assert consent == ["voorbereid", "geverifieerd"], f"no consent prepared and verified: {consent}"
    failed = [json.loads(d)["count"] for a, _r, d in audit if a == "login_failed"]
    assert failed == [2, 1], "two failed logins, then one failed unlock"


# -- the scanner finds what it claims to find -------------------------------------------------
PLANTED = Canary("planted", "Zwänenbürg-Kanarie-7Q")


def _plant(folder: Path, data: bytes, name: str = "plain.bin") -> list:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"\x00 some bytes before " + data + b" and after \xff")
    return scan_folder(folder, [PLANTED]).hits


def _written_forms() -> dict[str, str]:
    import unicodedata

    return {
        "typed": PLANTED.typed,
        "lower": PLANTED.typed.lower(),
        "upper": PLANTED.typed.upper(),
        "no diacritics": without_diacritics(PLANTED.typed),
        "lower without diacritics": without_diacritics(PLANTED.typed).lower(),
        "decomposed (NFD)": unicodedata.normalize("NFD", PLANTED.typed),
        "json escaped": json.dumps(PLANTED.typed)[1:-1],
    }


def _encodable(value: str, encoding: str) -> bool:
    try:
        value.encode(encoding)
    except UnicodeEncodeError:  # combining marks have no Latin-1 form
        return False
    return True


@pytest.mark.parametrize("form,encoding", [
    (form, encoding) for form, value in _written_forms().items() for encoding in ENCODINGS
    if _encodable(value, encoding)])
def test_the_scanner_finds_a_planted_canary(tmp_path, form, encoding):
    value = _written_forms()[form]
    hits = _plant(tmp_path, value.encode(encoding))
    assert [(h.canary, h.where) for h in hits][:1] == [("planted", "content")]
    assert _plant(tmp_path / "clean", "Zwanenburg-Kanarie-8Q".encode(encoding)) == []


def test_the_scanner_finds_a_canary_in_a_file_name_and_in_a_compressed_pdf(tmp_path):
    hits = _plant(tmp_path / "name", b"nothing", name=f"{PLANTED.typed}.tmp")
    assert [h.where for h in hits] == ["name"]
    # Built-in PDF fonts write "ä" as one byte (WinAnsi, Latin-1 for these letters).
    stream = zlib.compress(b"BT (" + PLANTED.typed.encode("latin-1") + b") Tj ET")
    pdf = b"%PDF-1.4\n1 0 obj <<>>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n"
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "report.pdf").write_bytes(pdf)
    hits = scan_folder(tmp_path / "pdf", [PLANTED]).hits
    assert [h.where for h in hits] == ["pdf stream"]


def test_every_canary_has_all_its_spellings():
    """Each canary is searched as typed, lower-case and without diacritics."""
    for canary in canaries(new_token()).values():
        found = spellings(canary.typed)
        assert {canary.typed, canary.typed.lower(), without_diacritics(canary.typed)} <= found


def test_the_scanner_reads_a_pdf_text_layer_with_an_embedded_font(tmp_path):
    """The app's PDFs embed a TrueType subset: their text is glyph codes, not Latin-1 bytes.
    The scanner reads the text layer, also with a name broken over lines in a table cell."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from blijf_desktop.reports import fonts

    fonts.register()
    (tmp_path / "ttf").mkdir()
    pdf = canvas.Canvas(str(tmp_path / "ttf" / "advies.pdf"), pagesize=A4)
    pdf.setFont(fonts.SANS, 11)
    pdf.drawString(72, 720, PLANTED.typed[:9])  # wrapped in a cell: two lines
    pdf.drawString(72, 700, PLANTED.typed[9:])
    pdf.save()
    data = (tmp_path / "ttf" / "advies.pdf").read_bytes()
    assert PLANTED.typed[9:].encode("latin-1") not in data  # no byte search would find it
    hits = scan_folder(tmp_path / "ttf", [PLANTED]).hits
    assert [h.where for h in hits] == ["pdf text without spaces"]
