"""The new-intake form, driven like a caseworker would: typing, clicking, saving, and coming
back to a draft. Real service, real store, synthetic people only."""

import re
from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit

from blijf_desktop.domain.people import ALLOWED_FIELDS, Category
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake import parts
from blijf_desktop.ui.intake.intake_form import IntakeForm
from blijf_desktop.ui.intake.person_editor import PersonEditor
from blijf_desktop.ui.messages import error_message, field_problem
from blijf_desktop.storage.errors import StoreLocked
from tests.conftest import CASEWORKER_PASS

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def intake(caseworker):
    return IntakeService(caseworker, today=lambda: TODAY)


@pytest.fixture
def answers(monkeypatch):
    """Questions the form asks are answered from this list (yes/no), and recorded."""
    asked: list[str] = []
    replies: list[bool] = []

    def confirm(parent, title, text, yes, no):
        asked.append(text)
        return replies.pop(0)

    monkeypatch.setattr(parts, "confirm", confirm)
    return asked, replies


def make_form(qtbot, intake, keep: bool = True) -> IntakeForm:
    """A shown, active form; `keep=False` when the test destroys it itself."""
    form = IntakeForm(intake, today=lambda: TODAY)
    if keep:
        qtbot.addWidget(form)
    form.resize(1100, 800)
    with qtbot.waitActive(form):  # focus moves (and leaving a field checks it) when active
        form.show()
        form.activateWindow()
    return form


def click(qtbot, button):
    if isinstance(button, QCheckBox):
        qtbot.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, LEFT)


def type_text(qtbot, widget, text: str):
    """Key by key. QTest types ASCII only; a letter like "ä" arrives as a keyboard with a
    compose key sends it: a key event that carries the text."""
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, run))


def fill(qtbot, editor: PersonEditor, relation: str = "", **values):
    if relation:
        editor.relation.setCurrentIndex(editor.relation.findData(relation))
    for name, text in values.items():
        type_text(qtbot, editor.fields[name], text)


def add(qtbot, form, section: str):
    click(qtbot, form.sections[section].add_button)
    return form.sections[section].cards[-1].editor


def stored_people(session) -> int:
    return session.db.conn.execute("SELECT count(*) FROM persons").fetchone()[0]


# -- a whole intake ----------------------------------------------------------------------------
def test_full_intake_with_children_plegers_and_a_threat_is_saved(qtbot, intake):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, first_names="Anna", last_name="Zwänenbürg", street="Lindelaan",
         house_number="12a", postcode="1234 ab", residence="Ergenshuizen", birth_date="3-4-1990",
         phone="06 12345678", email="anna@voorbeeld.nl")
    click(qtbot, form.client.secret)
    fill(qtbot, add(qtbot, form, "children"), "kind", first_names="Mila", last_name="Zwänenbürg",
         birth_date="1-6-2015")
    fill(qtbot, add(qtbot, form, "children"), "pleegkind", first_names="Noor", birth_date="2-2-2018")
    fill(qtbot, add(qtbot, form, "plegers"), "ex_partner", first_names="Karel", prefix="de",
         last_name="Testpersoon", phone="+32 470 12 34 56")
    fill(qtbot, add(qtbot, form, "plegers"), "familielid", last_name="Voorbeeld")
    click(qtbot, form.threats.add_button)
    threat = form.threats.cards[-1]
    assert threat.date.text() == "23-11-2026"
    labels = [threat.about.itemText(i) for i in range(threat.about.count())]
    assert "Noor" in labels and "Mila Zwänenbürg" in labels
    threat.about.setCurrentIndex(labels.index("Noor"))
    qtbot.keyClicks(threat.description, "Dreigt Noor van school te halen.")

    with qtbot.waitSignal(form.saved) as signal:
        click(qtbot, form.save_button)
    case = intake.case(signal.args[0])
    people = {p.data.full_name(): p for p in case.people}
    assert [p.data.category for p in case.people] == [
        Category.CLIENT, Category.CHILD, Category.CHILD, Category.PLEGER, Category.PLEGER]
    assert set(people) == {"Anna Zwänenbürg", "Mila Zwänenbürg", "Noor", "Karel de Testpersoon",
                           "Voorbeeld"}
    assert people["Anna Zwänenbürg"].address_masked  # the secret address stays hidden
    assert intake.reveal_address(people["Anna Zwänenbürg"].id).postcode == "1234 AB"
    assert people["Anna Zwänenbürg"].data.phone == "+31612345678"
    assert people["Noor"].data.relation == "pleegkind"
    assert people["Karel de Testpersoon"].data.relation == "ex_partner"
    assert people["Voorbeeld"].data.relation == "familielid"
    assert people["Mila Zwänenbürg"].data.birth_date == date(2015, 6, 1)
    [record] = case.threats
    assert record.entry.about_person_id == people["Noor"].id
    assert record.entry.noted_on == TODAY
    assert record.entry.description == "Dreigt Noor van school te halen."
    assert intake.load_draft() is None  # a saved intake leaves no draft behind
    form.hide()
    assert intake.load_draft() is None


def test_threat_about_a_location_keeps_its_line_breaks(qtbot, intake):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    click(qtbot, form.threats.add_button)
    threat = form.threats.cards[-1]
    assert threat.location.isHidden()
    threat.about.setCurrentIndex(threat.about.findData("location"))
    assert not threat.location.isHidden()
    qtbot.keyClicks(threat.location, "school van de kinderen")
    threat.date.clear()
    qtbot.keyClicks(threat.date, "20-11-2026")
    qtbot.keyClicks(threat.description, "Staat bij het hek.")
    qtbot.keyClick(threat.description, Qt.Key.Key_Return)
    qtbot.keyClicks(threat.description, "Belt elke avond.")
    with qtbot.waitSignal(form.saved) as signal:
        click(qtbot, form.save_button)
    [record] = intake.case(signal.args[0]).threats
    assert record.entry.about_location == "school van de kinderen"
    assert record.entry.description == "Staat bij het hek.\nBelt elke avond."
    assert record.entry.noted_on == date(2026, 11, 20)


# -- invalid input ------------------------------------------------------------------------------
INVALID = [
    # (where, field, typed, code)
    ("client", "postcode", "1234", "postcode"),
    ("client", "phone", "12345", "phone"),
    ("client", "email", "anna@voorbeeld", "email"),
    ("client", "birth_date", "12-13-1985", "date_format"),
    ("client", "birth_date", "1-1-2027", "date_future"),
    ("client", "birth_date", "31-12-1899", "date_too_early"),
    ("client", "house_number", "twaalf", "house_number"),
    ("client", "last_name", "", "required"),
    ("pleger", "relation", "", "required"),
    ("client", "street", "Lindelaan\u0007", "control_characters"),
]


@pytest.mark.parametrize("where, name, typed, code", INVALID,
                         ids=[f"{row[1]}-{row[3]}" for row in INVALID])
def test_invalid_input_is_shown_beside_the_field_kept_and_not_saved(
        qtbot, intake, caseworker, where, name, typed, code):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, first_names="Anna")
    if name != "last_name":
        fill(qtbot, form.client, last_name="Zwänenbürg")
    editor = form.client
    if where == "pleger":
        editor = add(qtbot, form, "plegers")
        fill(qtbot, editor, last_name="Testpersoon")
    elif code == "control_characters":  # cannot be typed: it comes in with a paste
        QGuiApplication.clipboard().setText(typed)
        editor.fields[name].setFocus()
        qtbot.keyClick(editor.fields[name], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    else:
        fill(qtbot, editor, **{name: typed})

    with qtbot.assertNotEmitted(form.saved):
        click(qtbot, form.save_button)
    note = editor.notes[name]
    assert note.isVisible() and note.kind == "error"
    assert field_problem(code, name) in note.text()
    widget = editor.relation if name == "relation" else editor.fields[name]
    assert widget.property("problem") == "error"
    if name != "relation":
        assert widget.text() == typed  # exactly as typed, also when it is wrong
    assert form.message.isVisible() and "Nog niet opgeslagen" in form.message.text()
    assert form.focusWidget() is widget  # the first (here: only) error has the focus
    assert stored_people(caseworker) == 0


def test_dutch_messages_for_every_validation_code():
    assert field_problem("postcode") == "Vul een Nederlandse postcode in, bijvoorbeeld 1234 AB."
    assert "06 12345678" in field_problem("phone") and "+" in field_problem("phone")
    assert field_problem("date_format") == ("Schrijf de datum als dag-maand-jaar, bijvoorbeeld "
                                            "12-3-1985.")
    assert "niet vóór 1900" in field_problem("date_too_early")
    assert field_problem("child_birth_implausible").endswith("U kunt toch opslaan.")
    generic = field_problem("no_such_code")
    for code in ("control_characters", "too_long", "house_number", "email", "date_future",
                 "name_required", "required", "not_allowed"):
        assert field_problem(code) != generic


def test_a_field_is_checked_when_it_loses_focus(qtbot, intake):
    form = make_form(qtbot, intake)
    postcode, residence = form.client.fields["postcode"], form.client.fields["residence"]
    postcode.setFocus()
    qtbot.keyClicks(postcode, "12 AB")
    residence.setFocus()
    assert form.client.notes["postcode"].kind == "error"
    assert postcode.text() == "12 AB"
    postcode.setFocus()
    postcode.selectAll()
    qtbot.keyClicks(postcode, "1234 AB")
    residence.setFocus()
    assert form.client.notes["postcode"].isHidden()
    assert postcode.property("problem") == ""


def test_the_first_error_is_scrolled_to_and_focused(qtbot, intake, caseworker):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    for _ in range(2):
        fill(qtbot, add(qtbot, form, "derden"), "vriend", first_names="Sam")
    pleger = add(qtbot, form, "plegers")
    fill(qtbot, pleger, "partner", first_names="Karel", email="karel@")
    fill(qtbot, add(qtbot, form, "plegers"), first_names="Piet")  # no relation
    click(qtbot, form.save_button)
    assert form.focusWidget() is pleger.fields["email"]
    assert form.message.text().startswith("Nog niet opgeslagen: 2 gegevens")
    widget = pleger.fields["email"]
    top = widget.mapTo(form.scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top < form.scroll.viewport().height()
    assert stored_people(caseworker) == 0


# -- warnings -----------------------------------------------------------------------------------
def test_child_birth_warning_does_not_block_after_confirming(qtbot, intake, caseworker):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg", birth_date="1-1-1990")
    child = add(qtbot, form, "children")
    fill(qtbot, child, "kind", first_names="Mila", birth_date="1-1-1998")  # client was 8
    with qtbot.assertNotEmitted(form.saved):
        click(qtbot, form.save_button)
    assert child.notes["birth_date"].kind == "warning"
    assert field_problem("child_birth_implausible") in child.notes["birth_date"].text()
    assert "nogmaals op Opslaan" in form.message.text()
    assert stored_people(caseworker) == 0
    with qtbot.waitSignal(form.saved) as signal:
        click(qtbot, form.save_button)
    children = [p for p in intake.case(signal.args[0]).people if p.data.category is Category.CHILD]
    assert children[0].data.birth_date == date(1998, 1, 1)


# -- what each person may hold -----------------------------------------------------------------
def test_a_child_has_no_phone_or_email_and_each_field_has_a_label(qtbot, intake):
    form = make_form(qtbot, intake)
    child = add(qtbot, form, "children")
    assert set(child.fields) == set(ALLOWED_FIELDS[Category.CHILD])
    assert "phone" not in child.fields and "email" not in child.fields
    assert len(child.findChildren(QLineEdit)) == len(ALLOWED_FIELDS[Category.CHILD])
    buddies = {label.buddy() for label in child.findChildren(QLabel) if label.buddy()}
    assert set(child.fields.values()) | {child.relation} <= buddies
    assert child.relation.itemText(0) == "— kies —" and child.raw()["relation"] == ""
    assert set(form.client.fields) == set(ALLOWED_FIELDS[Category.CLIENT])
    assert form.client.relation is None


def test_tab_goes_through_the_fields_in_reading_order(qtbot, intake):
    form = make_form(qtbot, intake)
    child = add(qtbot, form, "children")
    click(qtbot, form.threats.add_button)
    threat = form.threats.cards[-1]
    chain, widget = [], form.client.fields["first_names"]
    for _ in range(80):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
                   and widget.isEnabled()):
            widget = widget.nextInFocusChain()
    client = form.client.fields
    expected = [client["first_names"], client["prefix"], client["last_name"], client["street"],
                client["house_number"], client["postcode"], client["residence"],
                form.client.secret, client["birth_place"], client["birth_date"], client["phone"],
                client["email"], form.sections["children"].cards[0].remove_button,
                child.relation, child.fields["first_names"],
                form.sections["children"].add_button, form.sections["derden"].add_button,
                form.sections["plegers"].add_button, threat.remove_button, threat.date,
                threat.about, threat.description, form.threats.add_button,
                form.discard_button, form.cancel_button, form.save_button]
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions)


# -- removing a card ----------------------------------------------------------------------------
def test_removing_a_card_with_text_asks_first(qtbot, intake, answers):
    asked, replies = answers
    form = make_form(qtbot, intake)
    add(qtbot, form, "derden")
    click(qtbot, form.sections["derden"].cards[0].remove_button)
    assert form.sections["derden"].cards == [] and asked == []
    fill(qtbot, add(qtbot, form, "derden"), first_names="Sam")
    card = form.sections["derden"].cards[0]
    replies.append(False)
    click(qtbot, card.remove_button)
    assert form.sections["derden"].cards == [card] and "Derde 1 verwijderen?" in asked[0]
    replies.append(True)
    click(qtbot, card.remove_button)
    assert form.sections["derden"].cards == []


def test_a_threat_about_a_removed_child_must_be_chosen_again(qtbot, intake, answers, caseworker):
    asked, replies = answers
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    fill(qtbot, add(qtbot, form, "children"), "kind", first_names="Mila")
    click(qtbot, form.threats.add_button)
    threat = form.threats.cards[-1]
    threat.about.setCurrentIndex(threat.about.findText("Mila"))
    qtbot.keyClicks(threat.description, "Dreigt met ophalen.")
    replies.append(True)
    click(qtbot, form.sections["children"].cards[0].remove_button)
    assert "Kind 1 verwijderen?" in asked[0]
    assert threat.about_key() == ""
    click(qtbot, form.save_button)
    assert threat.notes["about"].kind == "error"
    assert stored_people(caseworker) == 0


# -- errors from the service --------------------------------------------------------------------
def test_a_failure_while_saving_is_shown_at_the_top_and_nothing_is_lost(qtbot, intake, caseworker):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, first_names="Anna", last_name="Zwänenbürg")
    caseworker.lock()
    with qtbot.assertNotEmitted(form.saved):
        click(qtbot, form.save_button)
    assert form.message.isVisible()
    assert form.message.text() == error_message(StoreLocked())
    assert form.client.fields["last_name"].text() == "Zwänenbürg"
    caseworker.unlock(CASEWORKER_PASS)
    with qtbot.waitSignal(form.saved):
        click(qtbot, form.save_button)


# -- drafts -------------------------------------------------------------------------------------
def fill_for_draft(qtbot, form):
    fill(qtbot, form.client, first_names="Anna Maria", prefix="van", last_name="Zwänenbürg",
         postcode="1234", birth_date="3-4-1990")
    click(qtbot, form.client.secret)
    fill(qtbot, add(qtbot, form, "children"), "stiefkind", first_names="Mila")
    fill(qtbot, add(qtbot, form, "plegers"), "ex_partner", last_name="Testpersoon",
         email="karel@voorbeeld.nl")
    click(qtbot, form.threats.add_button)
    threat = form.threats.cards[-1]
    threat.about.setCurrentIndex(threat.about.findText("Mila"))
    qtbot.keyClicks(threat.description, "Bedreigt Mila via berichten.")


def assert_restored(form, original_state):
    assert form.form_state() == original_state
    assert form.client.fields["last_name"].text() == "Zwänenbürg"
    assert form.client.fields["postcode"].text() == "1234"  # kept as typed, also when wrong
    assert form.client.secret.isChecked()
    assert form.sections["children"].cards[0].editor.raw()["relation"] == "stiefkind"
    threat = form.threats.cards[0]
    assert threat.about.currentText() == "Mila"
    assert threat.description.toPlainText() == "Bedreigt Mila via berichten."


def test_a_draft_survives_closing_the_form(qtbot, intake, answers):
    form = make_form(qtbot, intake, keep=False)
    fill_for_draft(qtbot, form)
    state = form.form_state()
    form.close()  # hiding keeps the draft at once
    form.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(form)
    assert intake.load_draft()["client"]["last_name"] == "Zwänenbürg"

    again = make_form(qtbot, intake)
    assert again.draft_bar.isVisible()
    assert "niet-afgemaakte intake van" in again.draft_bar.label.text()
    assert not again.content.isEnabled() and not again.save_button.isEnabled()
    click(qtbot, again.draft_bar.resume_button)
    assert again.draft_bar.isHidden() and again.content.isEnabled()
    assert_restored(again, state)


def test_a_draft_survives_the_lock(qtbot, intake, caseworker):
    form = make_form(qtbot, intake)
    fill_for_draft(qtbot, form)
    state = form.form_state()
    assert form.save_draft_now()
    caseworker.lock()
    form.hide()  # locked: nothing can be written, and nothing breaks
    caseworker.unlock(CASEWORKER_PASS)
    again = make_form(qtbot, intake)
    click(qtbot, again.draft_bar.resume_button)
    assert_restored(again, state)


def test_changes_are_kept_a_moment_after_typing(qtbot, intake, monkeypatch):
    monkeypatch.setattr(IntakeForm, "DRAFT_DELAY_MS", 50)
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    assert intake.load_draft() is None
    qtbot.waitUntil(lambda: intake.load_draft() is not None, timeout=2000)
    assert intake.load_draft()["client"]["last_name"] == "Zwänenbürg"
    assert "Concept bewaard om" in form.draft_note.text()


def test_an_empty_form_is_never_kept(qtbot, intake):
    form = make_form(qtbot, intake)
    add(qtbot, form, "children")
    click(qtbot, form.threats.add_button)
    assert not form.save_draft_now()
    form.hide()
    assert intake.load_draft() is None
    assert make_form(qtbot, intake).draft_bar.isHidden()


def test_discarding_an_offered_draft(qtbot, intake, answers):
    asked, replies = answers
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    form.close()
    again = make_form(qtbot, intake)
    replies.append(True)
    click(qtbot, again.draft_bar.discard_button)
    assert "weggooien" in asked[0]
    assert intake.load_draft() is None and again.draft_bar.isHidden()
    assert again.client.fields["last_name"].text() == "" and again.content.isEnabled()


def test_cancel_keeps_the_draft_and_concept_weggooien_discards_it(qtbot, intake, answers):
    asked, replies = answers
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    replies.append(False)
    with qtbot.assertNotEmitted(form.cancelled):
        click(qtbot, form.cancel_button)
    replies.append(True)
    with qtbot.waitSignal(form.cancelled):
        click(qtbot, form.cancel_button)
    assert asked[-1] == "Intake annuleren? Wat u hebt ingevuld blijft bewaard als concept."
    assert intake.load_draft()["client"]["last_name"] == "Zwänenbürg"

    again = make_form(qtbot, intake)
    click(qtbot, again.draft_bar.resume_button)
    replies.append(True)
    with qtbot.waitSignal(again.cancelled):
        click(qtbot, again.discard_button)
    assert intake.load_draft() is None
    again.hide()
    assert intake.load_draft() is None


def test_ctrl_s_saves(qtbot, intake):
    form = make_form(qtbot, intake)
    fill(qtbot, form.client, last_name="Zwänenbürg")
    form.client.fields["last_name"].setFocus()
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.client.fields["last_name"], Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()


