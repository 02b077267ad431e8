"""The preview of the AWARE documents, driven with qtbot from a traject: the QPdfView holds
the pages, Ctrl+P and "Afdrukken…" print from memory (to a PDF printer the test sets up, the
modal print dialog left out), "Opslaan als PDF…" writes the previewed bytes readable by the
owner only, the secret-address tick asks first, and no temporary file is left anywhere."""

import io
import os
import stat
import tempfile
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from blijf_desktop.services.aware import AwareService
from blijf_desktop.services.aware_documents import ADVICE, REQUEST
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.ui.aware import document_preview
from blijf_desktop.ui.aware.traject_view import TrajectPanel
from tests.services.test_aware import Clock, TODAY
from tests.services.test_aware_documents import SECRET_STREET, advised
from tests.services.test_aware import case_id, teamleider  # noqa: F401 (fixtures)


@pytest.fixture
def clock():
    return Clock(TODAY)


@pytest.fixture
def traject(teamleider, case_id, clock):  # noqa: F811
    return advised(AwareService(teamleider, today=clock), teamleider, case_id, clock)


@pytest.fixture
def panel(qtbot, teamleider, traject, clock):  # noqa: F811
    widget = TrajectPanel(AwareService(teamleider, today=clock), traject, today=clock)
    qtbot.addWidget(widget)
    return widget


def temp_files(*folders) -> set[str]:
    found = set()
    for folder in {tempfile.gettempdir(), "/tmp", "/var/tmp", *folders}:
        if os.path.isdir(folder):
            found |= {os.path.join(folder, name) for name in os.listdir(folder)}
    return found


def looks_like_ours(path: str) -> bool:
    """Other processes share /tmp: a new entry counts if it is a PDF or a Qt temporary file."""
    name = os.path.basename(path).lower()
    if name.endswith(".pdf") or name.startswith("qt_temp") or "pdf" in name:
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def dialog_for(qtbot, panel, kind, **kwargs):
    assert kind in panel.document_buttons
    dialog = document_preview.DocumentPreviewDialog(
        panel.document_dialog(kind).service, panel.traject_id, kind, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_preview_shows_the_pages_prints_and_saves_from_memory(qtbot, panel, tmp_path,
                                                                  monkeypatch):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))  # what Qt and Python would use
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    before = temp_files()
    assert set(panel.document_buttons) == {ADVICE, REQUEST}
    assert panel.document_buttons[ADVICE].text() == "Veiligheidsadvies bekijken"
    dialog = dialog_for(qtbot, panel, ADVICE)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    pages = len(pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert dialog.document.pageCount() == pages >= 1
    assert dialog.view.document() is dialog.document
    assert dialog.view.accessibleName() and dialog.secret_check.text().startswith("Geheim adres")

    printed = tmp_path / "printer" / "afdruk.pdf"
    printed.parent.mkdir()
    assert dialog.print_document(pdf_printer(printed))
    reader = pypdf.PdfReader(str(printed))
    assert len(reader.pages) == pages  # a raster print: the pages, no text layer to read

    saved = tmp_path / "gekozen" / "advies.pdf"
    saved.parent.mkdir()
    assert dialog.save_to(saved)
    assert saved.read_bytes() == dialog.pdf
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in saved.parent.iterdir()] == ["advies.pdf"]
    dialog.reject()
    assert dialog.pdf is None
    assert list(private_tmp.iterdir()) == []
    assert {p for p in temp_files() - before if looks_like_ours(p)} == set()


def test_ctrl_p_prints_through_the_print_path(qtbot, panel, monkeypatch, tmp_path):
    dialog = dialog_for(qtbot, panel, REQUEST)
    printed = tmp_path / "ctrl-p.pdf"
    real = dialog.print_document
    # the modal QPrintDialog is left out: the printer the test set up is injected
    monkeypatch.setattr(dialog, "print_document",
                        lambda printer=None: real(printer or pdf_printer(printed)))
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.print_button.setFocus()
    assert dialog.print_shortcut.key().toString() == "Ctrl+P"
    assert QApplication.focusWidget() is dialog.print_button
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.exists()
    assert len(pypdf.PdfReader(str(printed)).pages) == dialog.document.pageCount()


def test_the_secret_address_needs_a_confirmation_then_shows(qtbot, panel):
    answers = [False, True]
    dialog = dialog_for(qtbot, panel, ADVICE, confirm_secret=lambda _parent: answers.pop(0))
    masked = dialog.pdf
    dialog.secret_check.setChecked(True)  # refused: stays masked
    assert not dialog.secret_check.isChecked() and dialog.pdf == masked
    assert SECRET_STREET not in " ".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    dialog.secret_check.setChecked(True)  # confirmed
    assert dialog.secret_check.isChecked()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert SECRET_STREET in text
    assert dialog.document.status() == QPdfDocument.Status.Ready


def test_record_sent_puts_the_previewed_bytes_in_the_register(qtbot, panel, teamleider):  # noqa: F811
    dialog = dialog_for(qtbot, panel, ADVICE)
    exchange_id = dialog.record_sent()
    assert exchange_id is not None
    assert ExchangeService(teamleider).document(exchange_id) == dialog.pdf
