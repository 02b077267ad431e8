"""The Jaarcijfers page (issue 21) by keyboard on a seeded store: a period typed, a reversed
period refused beside its field with the text kept, a unit chosen, PDF and CSV saved; every
table reached by Tab and named (the charts are pictures, the tables their readable form);
no chart ever draws a suppressed cell (the bar and line values read back)."""

import random
from datetime import date

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QTableView

from blijf_desktop.demo import synthetic_case
from blijf_desktop.demo_figures import plan, record
from blijf_desktop.domain import figures as f
from blijf_desktop.domain.suppression import is_small
from blijf_desktop.ui.figures.chart import plotted_values
from blijf_desktop.ui.figures.page import FiguresPage
from tests.services.test_figures import lead  # noqa: F401 (a fixture)
from tests.ui.accessibility import unnamed_controls

ALT = Qt.KeyboardModifier.AltModifier
TODAY = date(2026, 11, 20)


@pytest.fixture
def page(qtbot, lead):  # noqa: F811
    record(lead, plan(TODAY, cases=18, months=6, seed=3), synthetic_case, random.Random(3))
    widget = FiguresPage(lead, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    qtbot.waitUntil(lambda: widget.shown is not None)  # counted once shown
    return widget


def alt(qtbot, page, letter):
    """Alt+letter on the focus; a button's mnemonic animates its click: wait till it lands."""
    qtbot.keyClick(QApplication.focusWidget() or page, letter, ALT)
    qtbot.waitUntil(lambda: not any(b.isDown() for b in page.findChildren(QAbstractButton)),
                    timeout=2000)


def type_into(qtbot, page, letter, text):
    alt(qtbot, page, letter)
    field = QApplication.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    return field


def test_a_period_typed_and_a_reversed_one_refused_with_the_text_kept(qtbot, page):
    assert page.date_from.text() == "1-1-2026" and page.shown is not None
    assert type_into(qtbot, page, Qt.Key.Key_V, "1-6-2026") is page.date_from
    assert type_into(qtbot, page, Qt.Key.Key_T, "31-8-2026") is page.date_to
    qtbot.keyClick(page.date_to, Qt.Key.Key_Return)
    assert (page.shown.date_from, page.shown.date_to) == (date(2026, 6, 1), date(2026, 8, 31))
    assert page.section("intakes").table_data.rows == ("2026-06", "2026-07", "2026-08")

    type_into(qtbot, page, Qt.Key.Key_T, "31-3-2026")
    qtbot.keyClick(page.date_to, Qt.Key.Key_Return)
    message = page.errors["date_to"]
    assert message.isVisible() and "vóór de begindatum" in message.text()
    assert page.date_to.text() == "31-3-2026" and page.date_from.text() == "1-6-2026"
    assert QApplication.focusWidget() is page.date_to
    assert page.shown.date_to == date(2026, 8, 31)  # what was shown stays

    type_into(qtbot, page, Qt.Key.Key_V, "1-1-2027")
    type_into(qtbot, page, Qt.Key.Key_T, "5-2-2027")
    qtbot.keyClick(page.date_to, Qt.Key.Key_Return)
    assert "toekomst" in page.errors["date_from"].text()
    type_into(qtbot, page, Qt.Key.Key_V, "31-2-2026")
    qtbot.keyClick(page.date_from, Qt.Key.Key_Return)
    assert page.errors["date_from"].isVisible() and page.date_from.text() == "31-2-2026"
    assert not page.errors["date_to"].isVisible()


def test_a_unit_chosen_by_keyboard_shows_its_column_only(qtbot, page):
    alt(qtbot, page, Qt.Key.Key_E)
    assert QApplication.focusWidget() is page.unit
    qtbot.keyClick(page.unit, Qt.Key.Key_Down)  # Amsterdam
    alt(qtbot, page, Qt.Key.Key_O)  # Cijfers tonen
    assert page.shown_unit == "amsterdam"
    model = page.section("intakes").model
    assert model.columnCount() == 2 and model.headerData(1, Qt.Orientation.Horizontal) \
        == "Amsterdam"


def test_pdf_and_csv_saved_through_the_service(qtbot, page, tmp_path, monkeypatch):
    chosen = iter([str(tmp_path / "cijfers.pdf"), str(tmp_path / "cijfers.csv"),
                   str(tmp_path / "missing" / "x.csv")])
    monkeypatch.setattr("blijf_desktop.ui.figures.page.QFileDialog.getSaveFileName",
                        lambda *a, **k: (next(chosen), ""))
    alt(qtbot, page, Qt.Key.Key_P)
    assert (tmp_path / "cijfers.pdf").read_bytes().startswith(b"%PDF")
    alt(qtbot, page, Qt.Key.Key_S)
    text = (tmp_path / "cijfers.csv").read_text(encoding="utf-8-sig")
    assert "Intakes per maand" in text and "Opgeslagen" in page.message.text()
    alt(qtbot, page, Qt.Key.Key_S)  # a folder that does not exist
    assert page.message.kind == "error" and "niet worden opgeslagen" in page.message.text()


def test_tab_reaches_every_table_and_each_is_named(qtbot, page):
    tables = [s.table for s in page.sections if s.table is not None]
    assert len(tables) >= 8 and unnamed_controls(page) == []
    names = {t.accessibleName() for t in tables}
    assert "Intakes per maand" in names and "Lopende AWARE-aansluitingen aan het eind van de " \
        "maand" in names
    page.csv_button.setFocus()
    reached = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if isinstance(QApplication.focusWidget(), QTableView):
            reached.append(QApplication.focusWidget())
        if len(reached) == len(tables):
            break
    assert reached == tables
    assert all(s.chart is None or s.chart.focusPolicy() == Qt.FocusPolicy.NoFocus
               for s in page.sections)


def test_no_chart_draws_a_suppressed_cell(page):
    suppressed = 0
    for unit_index in range(page.unit.count()):
        page.unit.setCurrentIndex(unit_index)
        page.show_figures()
        column = page.shown_unit or f.TOTAL
        for section in page.sections:
            if section.chart is None:
                continue
            table = section.table_data
            wanted = [table.plotted(row, column) for row in table.rows]
            drawn = plotted_values(section.chart)
            bars = isinstance(section.chart.chart().series()[0], QBarSeries)
            if bars:
                assert drawn == [[0 if v is None else v for v in wanted]]
            else:  # line pieces and their dots: only the shown months
                assert sorted(sum(drawn, [])) == sorted(2 * [v for v in wanted if v is not None])
            assert not any(is_small(int(v)) for values in drawn for v in values)
            suppressed += wanted.count(None)
    assert suppressed >= 5  # the seed has suppressed months: the test is not empty
