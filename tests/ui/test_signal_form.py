"""The signaal mensenhandel form, driven with real widgets and key presses (issue 18): the
vermoeden boxes show their questions, vraag 1 only for a victim under 23 (and the form says
why not), a six-line summary is refused in Dutch with nothing lost, Ctrl+S saves, the signal
reopens as saved, a sent one is read-only, every control has a name and the keyboard reaches
every one of them."""

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.signal_annex import FIELDS, QUESTION_1, QUESTION_2
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.signals import SignalService, mark_sent
from blijf_desktop.storage import exchanges
from blijf_desktop.storage.exchanges import NewExchange
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.signals.signal_panel import SignalPanel

TODAY = date(2026, 3, 12)
CTRL = Qt.KeyboardModifier.ControlModifier
YOUNG = PersonData(Category.CLIENT, first_names="Noor", last_name="Proef-Jong",
                   birth_date=date(2006, 5, 1), residence="Hoorn")
OLDER = PersonData(Category.CLIENT, first_names="Sanne", last_name="Proef-Ouder",
                   birth_date=date(1990, 5, 1), residence="Almere")


def panel_for(qtbot, session, person=YOUNG) -> SignalPanel:
    case_id = IntakeService(session).save_intake(person, [])
    panel = SignalPanel(session, case_id, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(900, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    return panel


def type_required(qtbot, form) -> None:
    for code, text in (("signaal.omschrijving", "Werkt zonder loon in een salon."),
                       ("signaal.bron_naam", "Synthetische Melder"),
                       ("signaal.bron_organisatie", "Wijkteam")):
        form.rows[code].control.setFocus()
        qtbot.keyClicks(form.rows[code].control, text)


def shown(form, question) -> bool:
    return form.boxes[question].isVisibleTo(form)


def test_vermoeden_boxes_show_their_questions(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    assert panel.open_signal(None)
    form = panel.form
    assert not shown(form, QUESTION_1) and not shown(form, QUESTION_2)
    economic = form.rows["vermoeden.economisch"].control
    economic.setFocus()
    qtbot.keyClick(economic, Qt.Key.Key_Space)
    assert shown(form, QUESTION_2) and not shown(form, QUESTION_1)
    qtbot.keyClick(form.rows["vermoeden.seksueel"].control, Qt.Key.Key_Space)
    assert shown(form, QUESTION_1) and shown(form, QUESTION_2)  # 19 on the signal's date


def test_question_1_stays_hidden_for_a_victim_of_23_and_the_form_says_why(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker, OLDER)
    panel.open_signal(None)
    form = panel.form
    form.rows["vermoeden.seksueel"].control.setChecked(True)
    assert not shown(form, QUESTION_1)
    note = form.question_note
    assert note.isVisibleTo(form) and "jonger is dan 23 jaar" in note.text()
    assert "was toen 35 jaar" in note.text()
    birth = form.rows["slachtoffer.geboortedatum"].control
    birth.setText("01-06-2004")  # 21: now it is asked
    assert shown(form, QUESTION_1) and not note.isVisibleTo(form)


def test_six_summary_lines_are_refused_in_dutch_and_nothing_is_lost(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    panel.open_signal(None)
    form = panel.form
    type_required(qtbot, form)
    form.rows["vermoeden.economisch"].control.setChecked(True)
    summary = form.rows["samenvatting"]
    summary.control.setFocus()
    for n in range(1, 6):
        qtbot.keyClicks(summary.control, f"Regel {n}")
        qtbot.keyClick(summary.control, Qt.Key.Key_Return)
    assert summary.note.text() == "5 van 5 regels" and not summary.error.isVisibleTo(form)
    qtbot.keyClicks(summary.control, "Regel 6")
    assert summary.note.text() == "6 van 5 regels"
    assert summary.error.isVisibleTo(form) and "hoogstens 5 regels" in summary.error.text()
    qtbot.keyClick(summary.control, Qt.Key.Key_S, CTRL)
    assert form.signal_id is None and panel.service.for_case(panel.case_id) == []
    assert summary.control.toPlainText().count("Regel") == 6  # nothing taken away
    assert "dit zijn er 6" in summary.error.text()
    assert QApplication.focusWidget() is summary.control


def test_missing_15_2_fields_and_vermoeden_are_told_beside_them(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    panel.open_signal(None)
    form = panel.form
    assert not form.save()
    assert "naam van de bron" in form.rows["signaal.bron_naam"].error.text()
    assert "minstens één vermoeden" in form.rows["vermoeden.economisch"].error.text()
    assert form.message.isVisibleTo(form)


def test_a_signal_is_saved_with_ctrl_s_and_reopens_as_saved(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    panel.open_signal(None)
    form = panel.form
    assert form.rows["slachtoffer.naam"].value() == "Noor Proef-Jong"  # pre-filled
    type_required(qtbot, form)
    form.rows["vermoeden.economisch"].control.setChecked(True)
    form.rows["vraag2.werk"].control.setText("Nagelsalon")
    form.rows["dwang.sprake"].control.setCurrentIndex(
        form.rows["dwang.sprake"].control.findData("onbekend"))
    typed = form.state()
    qtbot.keyClick(form.rows["vraag2.werk"].control, Qt.Key.Key_S, CTRL)
    assert form.signal_id is not None and not form.has_unsaved_changes()
    panel.show_list()
    assert panel.signals.count() == 1 and "nog niet verstuurd" in panel.signals.item(0).text()
    panel.signals.setFocus()
    qtbot.keyClick(panel.signals, Qt.Key.Key_Return)
    assert panel.form is not None and panel.form.state() == typed


def test_a_sent_signal_opens_read_only(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    service = SignalService(caseworker, today=lambda: TODAY, clock=lambda: datetime(2026, 3, 12))
    fields = service.prefill(panel.case_id)
    fields.update({"signaal.omschrijving": "x", "signaal.bron_naam": "y",
                   "signaal.bron_organisatie": "z", "vermoeden.economisch": "ja"})
    signal_id = service.save(panel.case_id, fields)
    with caseworker.db.transaction() as conn:
        exchange_id = exchanges.insert(conn, NewExchange(
            panel.case_id, "uit", "zorgcoordinator_mensenhandel", "signaal_mensenhandel", "-",
            "ongevraagd", "schriftelijk", TODAY), [], caseworker.user.id)
        mark_sent(conn, signal_id, exchange_id)
    panel.refresh()
    assert "verstuurd" in panel.signals.item(0).text()
    panel.open_signal(signal_id)
    form = panel.form
    assert form.read_only and not form.save_button.isVisibleTo(form)
    assert form.rows["signaal.omschrijving"].control.isReadOnly()
    assert not form.rows["vermoeden.economisch"].control.isEnabled()
    assert "verstuurd" in form.message.text() and not form.save()


def test_every_control_has_a_name_and_the_keyboard_reaches_each(qtbot, caseworker):
    panel = panel_for(qtbot, caseworker)
    panel.open_signal(None)
    form = panel.form
    for code in ("vermoeden.seksueel", "vermoeden.economisch"):
        form.rows[code].control.setChecked(True)
    names = [row.control.accessibleName() for row in form.rows.values()]
    assert all(names) and len(set(names)) == len(FIELDS)
    assert "Personalia slachtoffer: Naam" in names
    first = form.rows["signaal.datum_tijd"].control
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    reached = set()
    for _ in range(len(FIELDS) + 5):
        reached.add(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert {row.control for row in form.rows.values()} <= reached
    assert form.save_button in reached


def test_leaving_asks_a_lock_keeps_the_fields_and_a_draft_comes_back(
        qtbot, caseworker, monkeypatch):
    panel = panel_for(qtbot, caseworker)
    panel.open_signal(None)
    panel.form.rows["slachtoffer.nationaliteit"].control.setText("Onbekend-Land")
    questions = []
    monkeypatch.setattr(unsaved, "ask", lambda parent, text, title=None:
                        questions.append(text) or unsaved.Choice.CANCEL)
    panel.show_list()
    assert questions == ["Het signaal is nog niet opgeslagen."] and panel.form is not None
    kept = panel.workspace_state()
    panel.service.discard_draft(panel.case_id)  # what a lock keeps, without the draft
    restored = SignalPanel(caseworker, panel.case_id, today=lambda: TODAY)
    qtbot.addWidget(restored)
    restored.restore_workspace(kept)
    assert restored.form.rows["slachtoffer.nationaliteit"].value() == "Onbekend-Land"
    assert "staan weer klaar" not in restored.form.message.text()
    assert panel.form.save_draft_now()
    third = SignalPanel(caseworker, panel.case_id, today=lambda: TODAY)
    qtbot.addWidget(third)
    third.open_signal(None)  # the encrypted draft of this user and case
    assert third.form.rows["slachtoffer.nationaliteit"].value() == "Onbekend-Land"
    assert "staan weer klaar" in third.form.message.text()


def test_a_beheerder_sees_no_signals(qtbot, created, caseworker):
    case_id = IntakeService(caseworker).save_intake(YOUNG, [])
    admin = created[0]
    panel = SignalPanel(admin, case_id, today=lambda: TODAY)
    qtbot.addWidget(panel)
    assert not panel.new_button.isVisibleTo(panel) and not panel.open_signal(None)
    assert "toestemming" in panel.message.text()
