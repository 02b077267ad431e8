"""The Verstrekkingen page, driven with real key presses on a real store: police information
recorded for a pleger through the form (flags offered for him only), the register lists and
opens it, its filters, bad input told beside the field with nothing lost, and leaving or
locking the form with typed text asks or keeps it."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.exchanges import Initiative, Purpose
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import Channel
from blijf_desktop.domain.validation import date_text
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.pages.exchanges import ExchangesPage
from tests.services.test_exchanges import LEAD_PASS, lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.security.ui_driver import type_text
from tests.ui.test_nothing_lost import answers, shown  # noqa: F401 (a fixture)

LEFT = Qt.MouseButton.LeftButton
CONTENT = "Aangifte van bedreiging met een mes, Kanarie-Politie-UI."


@pytest.fixture
def case(lead):  # noqa: F811
    intake = IntakeService(lead)
    return intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))


@pytest.fixture
def page(qtbot, lead):  # noqa: F811
    widget = ExchangesPage(lead)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def of(case, category):
    return [p for p in case.people if p.data.category is category]


def fill_receipt(qtbot, form, contact="Brigadier Proef"):
    form.unit.setFocus()
    form.unit.setCurrentIndex(form.unit.findData("noord_holland"))
    qtbot.keyClicks(form.contact, contact)


def test_police_info_for_a_pleger_with_flags_through_the_form_and_the_register_opens_it(
        qtbot, page, case, lead):  # noqa: F811
    # Reached from the register: search the case, Enter picks it.
    qtbot.mouseClick(page.police_button, LEFT)
    qtbot.keyClicks(page.picker.search, "Mehmet")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    form = page.form
    assert form is not None and form.case.case_id == case.case_id
    pleger = of(case, Category.PLEGER)[0]
    fill_receipt(qtbot, form)
    flag = form.flags[f"{pleger.id}:vuurwapengevaarlijk"]
    flag.setFocus()
    flag.setCurrentIndex(flag.findData("ja"))
    qtbot.keyClicks(form.texts[f"{pleger.id}:geweldsincidenten"], CONTENT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert page.form is None and page.entry_view is not None  # recorded, and shown
    view = page.entry_view
    assert view.police_mark is not None and view.police_mark.isVisible()
    record = view.record
    assert record.counterparty == "noord_holland" and record.contact == "Brigadier Proef"
    flags = next(i.flags for i in record.items if i.kind == "gevarenclassificatie")
    assert flags["vuurwapengevaarlijk"] == "ja" and flags["alcoholist"] == "onbekend"
    assert any(i.content == CONTENT for i in record.items)
    # Back in the register: listed, marked as police information, Enter opens it.
    page.show_list()
    assert page.model.rowCount() == 1
    assert page.model.item(0, 5).text() == "Politie-informatie"
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.entry_view is not None and page.entry_view.record.id == record.id


def test_flags_and_pleger_kinds_are_offered_only_for_a_pleger(page, case):
    page.open_police_form(case.case_id)
    form = page.form
    plegers = {p.id for p in of(case, Category.PLEGER)}
    assert {int(key.split(":")[0]) for key in form.flags} == plegers
    assert len(form.flags) == 6 * len(plegers)
    for child in of(case, Category.CHILD):
        kinds = {key.split(":")[1] for key in form.texts if key.startswith(f"{child.id}:")}
        assert kinds == {"artikel_8_wpg", "artikel_13_wpg"}
    client_kinds = {k.split(":")[1] for k in form.texts if k.startswith(f"{case.client.id}:")}
    assert "tijdelijk_huisverbod" not in client_kinds and "relevante_incidenten" in client_kinds
    for widget in [*form.flags.values(), *form.texts.values(), form.unit, form.contact,
                   form.received_on]:
        assert widget.accessibleName(), "every control has an accessible name"


def test_bad_input_is_told_beside_its_field_and_nothing_typed_is_lost(qtbot, page, case, lead):  # noqa: F811
    page.open_police_form(case.case_id)
    form = page.form
    pleger = of(case, Category.PLEGER)[0]
    text = form.texts[f"{pleger.id}:feiten_omstandigheden"]
    qtbot.keyClicks(text, CONTENT)
    form.received_on.clear()
    qtbot.keyClicks(form.received_on, date_text(date.today() + timedelta(days=2)))
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.errors["unit"].text() == "Kies de eenheid die de informatie gaf."
    assert form.errors["contact"].text() == "Vul in van welke agent of contactpersoon dit komt."
    assert form.errors["received_on"].text() == "Deze datum ligt in de toekomst."
    assert page.form is form and text.toPlainText() == CONTENT
    assert ExchangeService(lead).register() == []
    fill_receipt(qtbot, form)
    form.received_on.clear()
    qtbot.keyClicks(form.received_on, date_text(date.today()))
    qtbot.mouseClick(form.save_button, LEFT)
    assert page.form is None and len(ExchangeService(lead).register()) == 1


def test_the_register_filters_by_person_counterparty_period_and_direction(qtbot, lead, case):  # noqa: F811
    service = ExchangeService(lead)
    pleger = of(case, Category.PLEGER)[0]
    from blijf_desktop.domain.police import PoliceInfoKind
    from blijf_desktop.services.exchanges import PoliceItem
    today = date.today()
    service.record_incoming_police_info(case.case_id, "amsterdam", "Agent Proef", today,
                                        Channel.MONDELING,
                                        [PoliceItem(pleger.id, PoliceInfoKind.FEITEN, CONTENT)])
    service.record_outgoing(case.case_id, "midden_nederland", Purpose.INFOCHECK,
                            Initiative.ONGEVRAAGD, Channel.SCHRIFTELIJK,
                            {case.client.id: {"last_name"}},
                            exchanged_on=today - timedelta(days=40))
    page = ExchangesPage(lead)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.direction.setCurrentIndex(page.direction.findData("uit"))
    assert [r.direction for r in page.records] == ["uit"]
    page.direction.setCurrentIndex(0)
    page.counterparty.setCurrentIndex(page.counterparty.findData("amsterdam"))
    assert [r.counterparty for r in page.records] == ["amsterdam"]
    page.counterparty.setCurrentIndex(0)
    qtbot.keyClicks(page.date_from, date_text(today - timedelta(days=7)))
    page.refresh()
    assert [r.direction for r in page.records] == ["in"]
    page.date_from.clear()
    qtbot.keyClicks(page.date_to, "31-02-20")  # not a date: said, and the text stays
    page.refresh()
    assert not page.message.isHidden() and page.date_to.text() == "31-02-20"
    page.date_to.clear()
    type_text(page.person, "Öztürk")
    page.refresh()
    assert [r.direction for r in page.records] == ["uit"] and page.model.rowCount() == 1


def test_leaving_the_form_with_typed_text_asks_and_a_lock_keeps_it(qtbot, lead, case,  # noqa: F811
                                                                   answers):  # noqa: F811
    asked, replies = answers
    window = shown(qtbot, lead)
    window.show_area("verstrekkingen")
    page = window.pages.pages["verstrekkingen"]
    page.open_police_form(case.case_id)
    pleger = of(case, Category.PLEGER)[0]
    text = page.form.texts[f"{pleger.id}:tijdelijk_huisverbod"]
    qtbot.keyClicks(text, CONTENT)
    replies.append(unsaved.Choice.CANCEL)
    window.show_area("clienten")
    assert len(asked) == 1 and window.current_area == "verstrekkingen"
    assert page.form.texts[f"{pleger.id}:tijdelijk_huisverbod"].toPlainText() == CONTENT
    window.lock()
    window.lock_screen.passphrase.setText(LEAD_PASS)
    qtbot.keyClick(window.lock_screen.passphrase.edit, Qt.Key.Key_Return)
    assert not window.locked
    page = window.pages.pages["verstrekkingen"]
    assert page.form is not None and page.form.isVisible()
    assert page.form.texts[f"{pleger.id}:tijdelijk_huisverbod"].toPlainText() == CONTENT
    replies.append(unsaved.Choice.DISCARD)
    window.show_area("clienten")
    assert window.current_area == "clienten" and len(asked) == 2
    assert QApplication.activeWindow() is window
