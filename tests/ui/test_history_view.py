"""The Historie tab: a person without changes gets a sentence, not a bare grid (issue #16)."""

from dataclasses import replace
from datetime import date

from blijf_desktop import i18n
from blijf_desktop.domain.people import HistoryRow
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake.case_view import CaseWidget
from blijf_desktop.ui.intake.history_view import HistoryTable
from tests.services.test_intake import CLIENT

TODAY = date(2026, 11, 23)
EMPTY = ("Nog geen wijzigingen. Als gegevens van deze persoon worden gewijzigd, staan de oude "
         "waarden hier.")


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def history_tab(qtbot, caseworker):
    intake = IntakeService(caseworker, today=lambda: TODAY)
    case_id = intake.save_intake(CLIENT, [])
    case = shown(qtbot, CaseWidget(intake, case_id, today=lambda: TODAY))
    case.tabs.setCurrentIndex(case.tabs.count() - 1)
    return intake, case


def test_a_person_without_changes_gets_a_sentence(qtbot, caseworker):
    _intake, case = history_tab(qtbot, caseworker)
    table = case.history
    qtbot.waitUntil(table.empty_note.isVisible)
    assert table.empty_note.text() == EMPTY
    assert not table.horizontalHeader().isVisible() and table.rowCount() == 0
    assert table.accessibleDescription() == EMPTY  # also for a screen reader
    # the sentence fills the width of the rows, inside the tab
    assert table.empty_note.width() > table.viewport().width() // 2


def test_changes_replace_the_sentence_with_rows(qtbot, caseworker):
    intake, case = history_tab(qtbot, caseworker)
    person = case.case.client
    intake.update_person(person.id, replace(person.data, residence="Hoorn"))
    case.tabs.setCurrentIndex(0)
    case.tabs.setCurrentIndex(case.tabs.count() - 1)  # the tab reads the history again
    table = case.history
    assert table.rowCount() == 1 and table.item(0, 2).text() == CLIENT.residence
    assert not table.empty_note.isVisible() and table.horizontalHeader().isVisible()
    assert table.accessibleDescription() == ""


def test_the_sentence_in_english(qtbot):
    i18n.set_language("en")
    try:
        table = shown(qtbot, HistoryTable())
        table.show_rows([])
        assert table.empty_note.isVisible()
        assert table.empty_note.text() == ("No changes yet. When this person's details are "
                                           "changed, the old values will appear here.")
        table.show_rows([HistoryRow("residence", "Zaandam", "Hoorn", "2026-11-23T10:00:00+00:00",
                                    "Synthetische Hulpverlener")])
        assert not table.empty_note.isVisible()
        assert table.item(0, 0).text().startswith("23-11-2026")
    finally:
        i18n.set_language("nl")


def test_a_former_secret_address_is_masked_until_toon_adres_which_is_audited(qtbot, caseworker):
    from blijf_desktop.storage import audit

    intake, case = history_tab(qtbot, caseworker)
    person = case.case.client
    seen = intake.reveal_address(person.id)
    intake.update_person(person.id, replace(seen, street="Nieuwe Laan", address_secret=False),
                         address_seen=True)
    case.tabs.setCurrentIndex(0)
    case.tabs.setCurrentIndex(case.tabs.count() - 1)
    table = case.history
    texts = lambda: {table.item(r, c).text() for r in range(table.rowCount()) for c in (2, 3)}
    assert "Veiligestraat" not in texts() and "•••" in texts()
    assert case.history_reveal.isVisible() and case.history_reveal.text() == "Toon adres"
    reveals = lambda: [r for r in audit.recent(caseworker.db.conn, 1000) if r.reason == "toon_adres"]
    before = len(reveals())
    case.history_reveal.click()
    assert "Veiligestraat" in texts() and len(reveals()) == before + 1
    assert case.history_reveal.text() == "Verberg adres"
    case.history_reveal.click()
    assert "Veiligestraat" not in texts() and len(reveals()) == before + 1
