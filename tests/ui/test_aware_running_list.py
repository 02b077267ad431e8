"""The AWARE overview's "Lijst lopende aansluitingen afdrukken…": a teamleider clicks it, picks
a file, and gets a PDF only she can read (0600) holding case reference, unit and dates and no
names; the unit filter applies; a hulpverlener has no such button."""

import stat
from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from blijf_desktop.ui.pages.aware import AwarePage
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.ui.test_aware_page import case_id, clock, page, running  # noqa: F401 (fixtures)

LEFT = Qt.MouseButton.LeftButton


def _choose(monkeypatch, path: Path) -> list:
    asked = []

    def fake(parent, title, suggested, filters):
        asked.append((title, suggested))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_the_button_saves_a_private_list_without_names(qtbot, page, case_id, tmp_path,  # noqa: F811
                                                       monkeypatch):
    target = tmp_path / "lijst.pdf"
    asked = _choose(monkeypatch, target)
    assert page.list_button.isVisible()
    qtbot.mouseClick(page.list_button, LEFT)
    assert asked and asked[0][1].endswith("lopende-aansluitingen.pdf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert str(case_id) in text and "Politie eenheid Amsterdam" in text
    assert "1 aansluiting" in text  # the traject in concept is not running
    for word in ("Öztürk", "Ayşe", "Çelik", "Veiligestraat", "Zaandam", "AW-2026-0042"):
        assert word not in text
    assert "lijst.pdf" in page.message.text()


def test_the_unit_filter_applies_and_a_failed_save_is_told(qtbot, page, tmp_path,  # noqa: F811
                                                           monkeypatch):
    page.unit_filter.setCurrentIndex(page.unit_filter.findData("noord_holland"))
    target = tmp_path / "nh.pdf"
    _choose(monkeypatch, target)
    qtbot.mouseClick(page.list_button, LEFT)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Er lopen geen aansluitingen." in text
    assert not page.save_list(tmp_path / "no-such-folder" / "x.pdf")
    assert "niet worden opgeslagen" in page.message.text()


def test_a_hulpverlener_has_no_list_button(qtbot, caseworker, running, clock):  # noqa: F811
    widget = AwarePage(caseworker, today=clock)
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.list_button.isVisible()
