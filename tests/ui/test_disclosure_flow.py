"""The guided flow for a new exchange (issue 18), driven with real key presses on a real store:
a police infocheck recorded in writing and listed in the register; a signal to the
zorgcoördinator anonymised in the preview; identifiable data refused without a stated reason,
nothing lost; the RIEC gate closed with why; an incompatible purpose that cannot be chosen; a
secret address only after a confirmation; leaving with choices asks, a lock keeps them; every
control has a name a screen reader can say."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from blijf_desktop.domain import roles
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.roles import Permission, Role
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.pages.exchanges import ExchangesPage
from blijf_desktop.ui.sharing import people_step
from blijf_desktop.ui.sharing.flow import DisclosureFlow
from tests.security.ui_driver import type_text
from tests.services.test_exchanges import LEAD_PASS, lead  # noqa: F401 (a fixture)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.ui.accessibility import unnamed_controls
from tests.ui.test_main_window import show
from tests.ui.test_nothing_lost import answers, shown  # noqa: F401 (a fixture)
from tests.ui.test_shortcuts import advertised, bindings, can_meet

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
KEY = Qt.Key
REASON = "De zorgcoördinator moet haar kunnen plaatsen in een beschermde opvang."


@pytest.fixture
def case(lead):  # noqa: F811
    intake = IntakeService(lead)
    return intake.case(intake.save_intake(CLIENT, CHILDREN + PLEGERS))


@pytest.fixture
def page(qtbot, lead):  # noqa: F811
    widget = ExchangesPage(lead)
    widget.resize(1100, 800)
    return show(qtbot, widget)


@pytest.fixture
def reveal(monkeypatch):
    """The secret-address question, answered from a list and counted."""
    asked, replies = [], []

    def confirm(parent):
        asked.append(parent)
        return replies.pop(0)

    monkeypatch.setattr(people_step, "ask_reveal", confirm)
    return asked, replies


def person(case, category, index=0):
    return [p for p in case.people if p.data.category is category][index]


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    assert focused() is not None, "the keyboard needs a focus"
    qtbot.keyClick(focused(), key, modifier)
    if modifier == ALT:  # a mnemonic "animates" the click: it lands a moment later
        window = QApplication.activeWindow()
        qtbot.waitUntil(lambda: not any(b.isDown() for b in window.findChildren(
            QAbstractButton)), timeout=2000)
    QApplication.processEvents()  # widgets added to a shown layout show from the event loop


def pick_recipient(qtbot, flow, code):
    choose(qtbot, flow.choice.recipients.buttons[code])
    assert flow.choice.recipient() == code


def choose(qtbot, button):
    """Space on a radio button or checkbox, as a keyboard user would."""
    button.setFocus()
    qtbot.keyClick(button, KEY.Key_Space)
    QApplication.processEvents()
    assert button.isChecked()


def step_one(qtbot, flow, recipient, purpose, asked="ongevraagd", channel="schriftelijk"):
    pick_recipient(qtbot, flow, recipient)
    choose(qtbot, flow.choice.purpose.buttons[purpose])
    choose(qtbot, flow.choice.initiative.buttons[asked])
    choose(qtbot, flow.choice.channel.buttons[channel])
    press(qtbot, KEY.Key_V, ALT)  # Volgende
    assert flow.current() == "people"


def tick(qtbot, flow, person_id, *kinds):
    for kind in kinds:
        choose(qtbot, flow.people.boxes[person_id].checks[kind])


def shown_texts(widget) -> str:
    from PySide6.QtWidgets import QGroupBox, QLabel
    return "\n".join([label.text() for label in widget.findChildren(QLabel)]
                     + [box.title() for box in widget.findChildren(QGroupBox)])


@pytest.fixture
def flow(qtbot, lead, case):  # noqa: F811
    widget = DisclosureFlow(lead, case.case_id)
    widget.resize(1100, 800)
    return show(qtbot, widget)


# -- the whole way, by keyboard ---------------------------------------------------------------
def test_a_police_infocheck_recorded_in_writing_by_keyboard_lands_in_the_register(
        qtbot, page, case, lead, tmp_path, monkeypatch):  # noqa: F811
    page.table.setFocus()
    press(qtbot, KEY.Key_N, CTRL_SHIFT)
    qtbot.keyClicks(page.picker.search, "Mehmet")
    qtbot.keyClick(page.picker.search, KEY.Key_Return)
    flow = page.flow
    recipients = flow.choice.recipients.buttons
    assert flow is not None and focused() is recipients["amsterdam"]
    assert flow.step_line.text() == "Stap 1 van 4 — Ontvanger en doel"
    assert flow.choice.recipient() is None  # nothing chosen for her
    press(qtbot, KEY.Key_Space)
    assert flow.step_line.text() == "Stap 1 van 3 — Ontvanger en doel"  # no Vorm for the police
    # Tab leads from the recipients to the purposes; arrows move among them, Space chooses.
    press(qtbot, KEY.Key_Tab)
    purposes = flow.choice.purpose.buttons
    assert focused() is purposes["aware_aanvraag"]
    press(qtbot, KEY.Key_Space)
    for _i in range(3):
        press(qtbot, KEY.Key_Down)
    assert focused() is purposes["infocheck"] and purposes["infocheck"].isChecked()
    choose(qtbot, flow.choice.initiative.buttons["gevraagd"])
    choose(qtbot, flow.choice.channel.buttons["schriftelijk"])
    press(qtbot, KEY.Key_V, ALT)
    assert flow.step_line.text() == "Stap 2 van 3 — Personen en gegevens"
    client, child = person(case, Category.CLIENT), person(case, Category.CHILD)
    box = flow.people.boxes[client.id]
    assert focused() is next(iter(box.checks.values()))  # the first kind, nothing ticked
    assert flow.people.chosen() == {}
    assert set(box.checks) == {"first_names", "last_name", "street", "house_number", "postcode",
                               "residence", "birth_place", "birth_date"}
    tick(qtbot, flow, client.id, "first_names", "last_name", "birth_date")
    choose_all = flow.people.boxes[child.id].all_button
    choose_all.setFocus()
    press(qtbot, KEY.Key_Space)  # Alles wat mag, for the child
    assert flow.people.boxes[child.id].chosen() == {"first_names", "last_name", "birth_date"}
    press(qtbot, KEY.Key_V, ALT)
    assert flow.step_line.text() == "Stap 3 van 3 — Controle"
    assert flow.review.values[client.id] == {"first_names": "Ayşe", "last_name": "Öztürk-Kanarie",
                                             "birth_date": "12-03-1985"}
    assert "Blijf Groep → Politie eenheid Amsterdam" in shown_texts(flow.review)
    assert flow.pdf_button.isVisible() and flow.record_button.isEnabled()
    press(qtbot, KEY.Key_P, ALT)  # PDF bekijken: the document as it will leave
    assert flow.pdf_dialog is not None and flow.pdf_dialog.pages() == 1
    flow.pdf_dialog.accept()
    page.activateWindow()  # the window system gives the focus back; offscreen does not
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    flow.record_button.setFocus()
    press(qtbot, KEY.Key_L, ALT)  # Vastleggen
    exchange_id = flow.recorded_id
    assert exchange_id is not None and "nummer {}".format(exchange_id) in shown_texts(
        flow.done_panel)
    # The register behind it lists it already, selected.
    record = ExchangeService(lead).entry(exchange_id)
    assert (record.direction, record.counterparty, record.purpose, record.initiative,
            record.channel) == ("uit", "amsterdam", "infocheck", "gevraagd", "schriftelijk")
    assert page.records[page.table.currentIndex().row()].id == exchange_id
    # PDF opslaan: the exact document kept with the register entry.
    target = tmp_path / "verstrekking.pdf"
    monkeypatch.setattr("blijf_desktop.ui.sharing.flow.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    flow.done_panel.save_button.setFocus()
    press(qtbot, KEY.Key_O, ALT)
    assert target.read_bytes() == ExchangeService(lead).document(exchange_id)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Ayşe" in text and "Zaandam" not in text
    press(qtbot, KEY.Key_R, ALT)  # Naar het register
    assert page.flow is None and page.stack.currentIndex() == 0
    assert page.model.rowCount() == 1 and page.table.currentIndex().row() == 0


# -- the chain: anonymised by default ------------------------------------------------------------
def test_a_signal_to_the_zorgcoordinator_shows_initials_and_the_year_only(qtbot, flow, case):
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel")
    client, pleger = person(case, Category.CLIENT), person(case, Category.PLEGER)
    assert flow.people.boxes[person(case, Category.CHILD).id].checks == {}  # nothing, 9.4
    tick(qtbot, flow, client.id, "first_names", "last_name", "birth_date")
    tick(qtbot, flow, pleger.id, "first_names", "last_name", "residence")
    press(qtbot, KEY.Key_V, ALT)
    assert flow.step_line.text() == "Stap 3 van 4 — Vorm"
    assert flow.form.form.value() == "geanonimiseerd"  # the default
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and flow.preview.anonymised
    assert flow.review.values[client.id] == {"first_names": "A.", "last_name": "Ö.K.",
                                             "birth_date": "1985"}
    assert flow.review.values[pleger.id] == {"first_names": "M.", "last_name": "Ç.",
                                             "residence": "Purmerend"}
    texts = shown_texts(flow.review)
    for word in ("Ayşe", "Öztürk", "Mehmet", "Çelik", "12-03-1985"):
        assert word not in texts, word
    assert "Geanonimiseerd (Mensenhandel 6.2, 9.5)" in texts
    assert "Blijf Groep → Zorgcoördinator mensenhandel" in texts
    assert flow.record_button.isEnabled()


def test_a_signal_goes_through_the_flow_and_says_no_onward_consent_yet(qtbot, lead, case):  # noqa: F811
    from blijf_desktop.services.signals import SignalService
    from tests.services.test_sharing_gate import signal_id as make_signal

    made = make_signal.__wrapped__(lead, (case.case_id, person(case, Category.CLIENT)))
    flow = show(qtbot, DisclosureFlow(lead, case.case_id))
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel")
    client = person(case, Category.CLIENT)
    assert not flow.people.signal.isVisible() or flow.people.signal.count() == 1
    tick(qtbot, flow, client.id, "first_names", "signaal_mensenhandel")
    assert flow.people.signal.isVisible() and flow.people.chosen_signal() == made
    press(qtbot, KEY.Key_V, ALT)
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and flow.preview.signal_id == made
    assert flow.preview.onward_consent is False and "nagelstudio" in flow.preview.lines_text
    assert flow.record() and flow.recorded_id is not None
    assert SignalService(lead).get(made).sent_in == (flow.recorded_id,)


def test_controle_shows_the_signal_line_by_line_as_it_leaves_orally(qtbot, lead,  # noqa: F811
                                                                     case):
    """Mondeling: no PDF, so Controle is where she reads what she is about to say."""
    from PySide6.QtWidgets import QGroupBox, QLabel

    from blijf_desktop.services.signals import SignalService
    from blijf_desktop.ui.sharing.signal_view import line_text

    signals = SignalService(lead)
    signals.save(case.case_id, {
        **signals.prefill(case.case_id), "signaal.omschrijving": "Werkt <b>zeven</b> dagen.",
        "signaal.bron_naam": "Zuster Proef", "signaal.bron_organisatie": "Blijf Groep",
        "vermoeden.economisch": "ja",
        "samenvatting": "Zij werkt in een nagelstudio\nen krijgt geen loon."})
    flow = show(qtbot, DisclosureFlow(lead, case.case_id))
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel",
             channel="mondeling")
    tick(qtbot, flow, person(case, Category.CLIENT).id, "first_names", "signaal_mensenhandel")
    press(qtbot, KEY.Key_V, ALT)
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and flow.preview.anonymised
    assert not flow.pdf_button.isVisible()
    lines = flow.preview.signal_lines
    texts = shown_texts(flow.review)
    for line in lines:  # every line of the preview, none recomputed
        assert (line.label if line.kind in ("title", "heading", "group")
                else line_text(line).strip()) in texts, line.label
    assert "Werkt <b>zeven</b> dagen." in texts  # typed markup stays text
    box = next(b for b in flow.review.findChildren(QGroupBox) if "Signaal" in b.title())
    assert {w.textFormat() for w in box.findChildren(QLabel)} == {Qt.TextFormat.PlainText}
    assert "nagelstudio\nen krijgt" in texts
    assert "Naam: A.Ö.K." in texts and "Bron van het signaal, naam: Z.P." in texts
    assert "Ayşe" not in texts and "Öztürk" not in texts  # anonymised as it leaves
    blocks = [w for w in flow.review.findChildren(QLabel)
              if w.focusPolicy() == Qt.FocusPolicy.StrongFocus and "nagelstudio" in w.text()]
    assert blocks and blocks[0].accessibleName()  # reached by Tab, and said by its heading
    blocks[0].setFocus()
    qtbot.waitUntil(blocks[0].hasFocus)
    assert unnamed_controls(flow) == []


def test_identifiable_without_a_reason_is_refused_and_nothing_is_lost(qtbot, flow, case):
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel")
    client = person(case, Category.CLIENT)
    tick(qtbot, flow, client.id, "first_names", "last_name")
    press(qtbot, KEY.Key_V, ALT)
    press(qtbot, KEY.Key_E, ALT)  # Herleidbaar
    assert focused() is flow.form.form.buttons["herleidbaar"]
    press(qtbot, KEY.Key_Space)
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "form" and flow.preview is None
    assert flow.form.message.text() == ("Schrijf op waarom herleidbare gegevens strikt nodig "
                                        "zijn (Mensenhandel 6.2, 9.5).")
    assert flow.form.identifiable() and focused() is flow.form.reason
    assert flow.people.chosen() == {client.id: {"first_names", "last_name"}}
    type_text(flow.form.reason, REASON)
    assert flow.form.message.isHidden()  # the message goes once she types
    press(qtbot, KEY.Key_Tab)  # Tab moves on, it types no tab
    assert flow.form.reason.toPlainText() == REASON
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and not flow.preview.anonymised
    assert flow.review.values[client.id] == {"first_names": "Ayşe", "last_name": "Öztürk-Kanarie"}
    assert f"Herleidbaar — reden: {REASON}" in shown_texts(flow.review)


# -- the gate and the purposes ----------------------------------------------------------------------
def test_the_riec_gate_stays_closed_and_says_which_step_is_missing(qtbot, flow, case, lead):  # noqa: F811
    step_one(qtbot, flow, "riec", "riec_advies")
    tick(qtbot, flow, person(case, Category.CLIENT).id, "first_names")
    press(qtbot, KEY.Key_V, ALT)
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and not flow.preview.gate.open
    assert not flow.record_button.isEnabled()
    assert not flow.pdf_button.isEnabled()  # no document of what may not leave
    missing = ("Er is geen actieve toestemming die deze verstrekking dekt (Mensenhandel 12.17, "
               "21.5). Bereid er een voor op het tabblad Toestemming van de casus.")
    assert flow.gate_line.isVisible() and missing in flow.gate_line.text()
    assert flow.record_button.toolTip() == missing
    press(qtbot, KEY.Key_L, ALT)
    assert flow.record() is False and flow.recorded_id is None
    assert ExchangeService(lead).register() == []


def test_an_incompatible_purpose_is_shown_with_why_and_cannot_be_chosen(qtbot, flow):
    pick_recipient(qtbot, flow, "riec")
    refused = flow.choice.purpose.buttons["vreemdelingentoezicht"]
    why = ("Niet verenigbaar met het doel waarvoor de gegevens zijn verzameld (Mensenhandel "
           "14.8); ook met toestemming niet mogelijk")
    assert refused.isVisible() and not refused.isEnabled()
    assert refused.accessibleDescription() == why and why in shown_texts(flow.choice)
    assert not flow.choice.purpose.buttons["commercieel"].isEnabled()
    qtbot.mouseClick(refused, Qt.MouseButton.LeftButton)
    choose(qtbot, flow.choice.purpose.buttons["riec_advies"])
    # Arrow keys pass the refused purposes by.
    for _i in range(4):
        press(qtbot, KEY.Key_Down)
    assert flow.choice.purpose.value() in {"riec_advies", "bestuursrechtelijk"}


def test_step_one_says_what_is_missing_beside_each_choice(qtbot, flow):
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "choice"
    assert flow.choice.errors["recipient"].text() == "Kies aan wie de gegevens gaan."
    assert flow.choice.errors["channel"].text() == "Kies mondeling of schriftelijk."
    pick_recipient(qtbot, flow, "zorgcoordinator_mensenhandel")
    assert "Het EMM ontvangt alleen via de keten (Mensenhandel 13.4)." in shown_texts(flow.choice)
    assert "emm" not in flow.choice.recipients.buttons
    press(qtbot, KEY.Key_V, ALT)
    assert flow.choice.errors["purpose"].text() == "Kies het doel van deze verstrekking."
    assert flow.choice.errors["recipient"].isHidden()


# -- a secret address ------------------------------------------------------------------------------
def test_a_secret_address_goes_only_after_a_confirmation_default_no(qtbot, lead, case, reveal):  # noqa: F811
    asked, replies = reveal
    flow = show(qtbot, DisclosureFlow(lead, case.case_id))
    step_one(qtbot, flow, "amsterdam", "aware_aanvraag")
    client = person(case, Category.CLIENT)
    tick(qtbot, flow, client.id, "first_names", "street", "residence")
    secret = flow.people.boxes[client.id].reveal
    replies.append(False)
    secret.setFocus()
    press(qtbot, KEY.Key_Space)
    assert len(asked) == 1 and not secret.isChecked()
    press(qtbot, KEY.Key_V, ALT)
    assert "street" not in flow.review.values[client.id]
    assert "geheim adres, niet meegestuurd" in shown_texts(flow.review)
    press(qtbot, KEY.Key_O, ALT)  # Vorige
    replies.append(True)
    secret.setFocus()
    press(qtbot, KEY.Key_Space)
    assert secret.isChecked()
    press(qtbot, KEY.Key_V, ALT)
    assert flow.review.values[client.id]["street"] == "Veiligestraat"


def test_another_recipient_or_purpose_starts_the_ticks_afresh(qtbot, flow, case, reveal):
    _asked, replies = reveal
    step_one(qtbot, flow, "amsterdam", "aware_aanvraag")
    client = person(case, Category.CLIENT)
    tick(qtbot, flow, client.id, "first_names", "street")
    replies.append(True)
    choose(qtbot, flow.people.boxes[client.id].reveal)
    press(qtbot, KEY.Key_O, ALT)  # Vorige
    choose(qtbot, flow.choice.recipients.buttons["zorgcoordinator_mensenhandel"])
    choose(qtbot, flow.choice.purpose.buttons["signaal_mensenhandel"])
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "people"
    assert flow.people.chosen() == {} and flow.people.revealed() == set()
    assert flow.people.message.text().startswith("De ontvanger of het doel is veranderd")


def test_the_secret_address_question_defaults_to_no(qtbot):
    def answer_with_return():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "geheim" in box.text()
        qtbot.keyClick(box, KEY.Key_Return)

    QTimer.singleShot(0, answer_with_return)
    assert people_step.ask_reveal(None) is False


# -- the data changed meanwhile -----------------------------------------------------------------------
def test_data_changed_since_the_preview_is_said_and_the_new_preview_shown(qtbot, flow, case,
                                                                          lead):  # noqa: F811
    from dataclasses import replace

    step_one(qtbot, flow, "amsterdam", "infocheck")
    client = person(case, Category.CLIENT)
    tick(qtbot, flow, client.id, "first_names")
    press(qtbot, KEY.Key_V, ALT)
    IntakeService(lead).update_person(client.id, replace(client.data, first_names="Ayla"))
    press(qtbot, KEY.Key_L, ALT)
    assert flow.recorded_id is None and ExchangeService(lead).register() == []
    assert flow.review.message.text().startswith("De gegevens zijn veranderd sinds het voorbeeld")
    assert flow.review.values[client.id] == {"first_names": "Ayla"}
    press(qtbot, KEY.Key_L, ALT)
    assert flow.recorded_id is not None


# -- leaving and locking ------------------------------------------------------------------------------
def test_leaving_with_choices_asks_and_nothing_chosen_leaves_at_once(qtbot, page, case,  # noqa: F811
                                                                     answers):  # noqa: F811
    asked, replies = answers
    page.open_disclosure_flow(case.case_id)
    press(qtbot, KEY.Key_Escape)
    assert asked == [] and page.flow is None  # nothing chosen: gone at once
    page.open_disclosure_flow(case.case_id)
    flow = page.flow
    step_one(qtbot, flow, "amsterdam", "infocheck")
    tick(qtbot, flow, person(case, Category.CLIENT).id, "first_names")
    replies.append(unsaved.Choice.CANCEL)
    press(qtbot, KEY.Key_Escape)
    assert len(asked) == 1 and page.flow is flow and flow.people.chosen()
    replies.append(unsaved.Choice.CANCEL)
    assert page.may_leave() is False and len(asked) == 2
    replies.append(unsaved.Choice.DISCARD)
    assert page.may_leave() is True and page.flow is None


def test_opslaan_in_the_question_never_records_what_she_has_not_seen(qtbot, page, case, lead,  # noqa: F811
                                                                     answers):  # noqa: F811
    asked, replies = answers
    page.open_disclosure_flow(case.case_id)
    flow = page.flow
    step_one(qtbot, flow, "amsterdam", "infocheck")
    tick(qtbot, flow, person(case, Category.CLIENT).id, "first_names")
    replies.append(unsaved.Choice.SAVE)
    assert page.may_leave() is False  # she is shown Controle, and stays
    assert flow.current() == "review" and flow.recorded_id is None
    assert flow.review.message.text() == "Controleer wat er meegaat en kies dan Vastleggen."
    assert ExchangeService(lead).register() == []
    replies.append(unsaved.Choice.SAVE)  # now she has seen it: Opslaan records
    assert page.may_leave() is True and flow.recorded_id is not None and len(asked) == 2


def test_a_lock_keeps_every_choice(qtbot, lead, case, answers, reveal):  # noqa: F811
    _asked, replies = reveal
    window = shown(qtbot, lead)
    window.show_area("verstrekkingen")
    page = window.pages.pages["verstrekkingen"]
    page.open_disclosure_flow(case.case_id)
    flow = page.flow
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel", asked="gevraagd")
    client, pleger = person(case, Category.CLIENT), person(case, Category.PLEGER)
    tick(qtbot, flow, client.id, "first_names", "residence")
    tick(qtbot, flow, pleger.id, "last_name")
    replies.append(True)
    choose(qtbot, flow.people.boxes[client.id].reveal)
    press(qtbot, KEY.Key_V, ALT)
    choose(qtbot, flow.form.form.buttons["herleidbaar"])
    type_text(flow.form.reason, REASON)
    before, old = flow.state(), flow
    window.lock()
    window.lock_screen.passphrase.setText(LEAD_PASS)
    qtbot.keyClick(window.lock_screen.passphrase.edit, KEY.Key_Return)
    assert not window.locked
    page = window.pages.pages["verstrekkingen"]
    flow = page.flow
    assert flow is not None and flow.isVisible() and flow is not old
    assert flow.state() == before and flow.current() == "form"
    assert flow.people.chosen() == {client.id: {"first_names", "residence"},
                                    pleger.id: {"last_name"}}
    assert flow.people.revealed() == {client.id}
    press(qtbot, KEY.Key_V, ALT)  # on from where she was
    assert flow.current() == "review" and flow.review.values[client.id]["first_names"] == "Ayşe"


def test_the_workspace_round_trip_puts_the_preview_back(qtbot, flow, lead, case):  # noqa: F811
    step_one(qtbot, flow, "amsterdam", "infocheck", asked="gevraagd", channel="mondeling")
    tick(qtbot, flow, person(case, Category.CLIENT).id, "last_name")
    press(qtbot, KEY.Key_V, ALT)
    kept = flow.workspace_state()
    again = show(qtbot, DisclosureFlow(lead, case.case_id))
    again.restore_workspace(kept)
    assert again.state() == flow.state() and again.current() == "review"
    assert again.preview.content_sha256 == flow.preview.content_sha256
    assert not again.pdf_button.isVisible()  # oral: no document


# -- who, keys, names ---------------------------------------------------------------------------------
def test_only_who_may_disclose_sees_the_button(qtbot, lead, monkeypatch):  # noqa: F811
    assert show(qtbot, ExchangesPage(lead)).new_button.isVisible()
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.TEAMLEIDER,
                        roles.ROLE_PERMISSIONS[Role.TEAMLEIDER] - {Permission.DISCLOSE})
    without = show(qtbot, ExchangesPage(lead))
    assert not without.new_button.isVisible() and not hasattr(without, "new_shortcut")


def test_the_register_shortcuts_do_not_clash_and_are_bound(qtbot, lead, case):  # noqa: F811
    window = shown(qtbot, lead)
    window.show_area("verstrekkingen")
    page = window.pages.pages["verstrekkingen"]
    assert "Ctrl+Shift+N" in advertised(window)
    page.table.setFocus()
    press(qtbot, KEY.Key_N, CTRL_SHIFT)
    assert page.picker is not None and page.stack.currentWidget() is page.picker
    page.open_disclosure_flow(case.case_id)
    found = bindings(window)
    clashes = [(a[0], b[0]) for i, a in enumerate(found) for b in found[i + 1:]
               if a[0] == b[0] and can_meet(a, b)]
    assert not clashes
    assert advertised(window) <= {b[0] for b in found}


def test_every_control_of_every_step_has_a_name(qtbot, flow, case):
    assert unnamed_controls(flow) == []
    step_one(qtbot, flow, "zorgcoordinator_mensenhandel", "signaal_mensenhandel")
    assert unnamed_controls(flow) == []
    tick(qtbot, flow, person(case, Category.CLIENT).id, "first_names")
    press(qtbot, KEY.Key_V, ALT)
    assert unnamed_controls(flow) == []
    press(qtbot, KEY.Key_V, ALT)
    assert flow.current() == "review" and unnamed_controls(flow) == []
    press(qtbot, KEY.Key_L, ALT)
    assert flow.recorded_id is not None and unnamed_controls(flow) == []


def test_the_accessibility_walk_finds_an_unnamed_control(qtbot):
    from PySide6.QtWidgets import QLineEdit, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root)
    assert unnamed_controls(root) == ["QLineEdit ''"]
