"""Issue 20 on screen: the informatieplicht overview (exactly who waits, past four weeks marked
by word and colour, recorded from the keyboard, a refusal next to its field with nothing lost),
the section in a person's record, and the Inzage dialog (locked parts cannot be ticked off, the
report saved lands in the register)."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from blijf_desktop.domain import access_report as ar
from blijf_desktop.services.access_report import AccessReportService
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake.person_detail import PersonDetail
from blijf_desktop.ui.rights.access_dialog import AccessDialog
from blijf_desktop.ui.rights.informed_overview import InformedOverview
from blijf_desktop.ui.rights.informed_labels import OVERDUE_COLOUR
from tests.services.rights_fixtures import make_case, pdf_text
from tests.services.test_access_report import lead  # noqa: F401 (fixture)
from tests.services.test_information_duty import people  # noqa: F401 (fixture)


def test_the_overview_lists_who_waits_and_marks_past_four_weeks(qtbot, caseworker, people):
    overview = InformedOverview(caseworker)
    qtbot.addWidget(overview)
    names = {overview.model.index(r, 0).data() for r in range(overview.model.rowCount())}
    assert names == {"Tijn Tiener", "Onbekend Kind", "Roos Zusderde", "Brutus Plegerman"}
    assert overview.model.index(0, 5).data() == "binnen vier weken"
    overview.service.today = lambda: date.today() + timedelta(days=30)
    overview.refresh()
    late = overview.model.index(0, 5)
    assert late.data() == "verstreken"
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE_COLOUR
    assert "na de termijn van vier weken" in overview.count.text()


def test_recording_from_the_overview_keeps_what_was_typed_on_a_refusal(qtbot, caseworker,
                                                                       people):
    overview = InformedOverview(caseworker)
    qtbot.addWidget(overview)
    overview.show()
    section = overview.section
    qtbot.keyClicks(section.informed_on, (date.today() + timedelta(days=3)).strftime("%d-%m-%Y"))
    section.how.setCurrentIndex(1)
    assert not section.save()
    error = section.errors["informed_on"]
    assert error.isVisible() and "toekomst" in error.text()
    assert section.informed_on.text()  # nothing lost
    section.excepted.setChecked(True)
    section.exception.setCurrentIndex(1)
    assert not section.save() and "waarom" in section.errors["reason"].text()
    qtbot.keyClicks(section.reason, "Informeren verraadt dat zij hulp zoekt.")
    before = overview.model.rowCount()
    qtbot.keyClick(section.save_button, Qt.Key.Key_Space)
    assert overview.model.rowCount() == before - 1
    assert "Vastgelegd" in overview.message.text()


def test_the_plegers_record_has_the_section_and_the_inzage_dialog(qtbot, lead, caseworker,
                                                                  tmp_path):
    case = make_case(lead, caseworker)
    intake = IntakeService(lead)
    detail = PersonDetail(intake, intake.person(case.pleger))
    qtbot.addWidget(detail)
    assert "Nog niet geïnformeerd" in detail.informed.status_label.text()
    assert detail.access_button.text() == "&Inzage…"
    dialog = AccessDialog(AccessReportService(lead), case.pleger)
    qtbot.addWidget(dialog)
    for part in (ar.RELATION, ar.POLICE):
        box, _reason, locked = dialog.rows[part]
        assert locked and box.isChecked() and not box.isEnabled()
    assert dialog.document.pageCount() >= 1
    target = tmp_path / "inzage.pdf"
    assert dialog.save_to(target)
    assert "Brutus" in pdf_text(target.read_bytes())
    assert "Fenna" not in pdf_text(target.read_bytes())
    entry = ExchangeService(lead).register(person_id=case.pleger)[0]
    assert entry.counterparty == "betrokkene"


def test_a_caseworker_sees_no_inzage_button_and_the_client_no_section(qtbot, caseworker, lead):
    case = make_case(lead, caseworker)
    intake = IntakeService(caseworker)
    client = PersonDetail(intake, intake.person(case.client))
    qtbot.addWidget(client)
    assert client.informed is None and not hasattr(client, "access_button")
    texts = "\n".join(label.text() for label in client.findChildren(QLabel))
    assert "Informatieplicht" not in texts
