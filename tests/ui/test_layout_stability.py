"""Messages take their place without moving a field: a note under a row of fields, the
strength text under a new passphrase and the message above a dialog's buttons appear and go
while every input field stays exactly where the user is about to click. Driven like a user:
typing, pasting, Tab, clicking."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.people import ALLOWED_FIELDS, Category
from blijf_desktop.domain.roles import Role
from blijf_desktop.domain.validation import check_person
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs.add_user import AddUserDialog
from blijf_desktop.ui.dialogs.change_passphrase import ChangePassphraseDialog
from blijf_desktop.ui.dialogs.recovery import RecoveryDialog
from blijf_desktop.ui.dialogs.reset_passphrase import ResetPassphraseDialog
from blijf_desktop.ui.dialogs.setup import SetupDialog
from blijf_desktop.ui.intake import parts
from blijf_desktop.ui.intake.person_editor import PersonEditor
from blijf_desktop.ui.intake.threat_editor import ThreatEditor
from blijf_desktop.ui.messages import field_problem
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField
from tests.conftest import ADMIN_PASS

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton
INPUTS = (QLineEdit, QComboBox, QCheckBox, QPlainTextEdit)

# Typed (or, for characters a keyboard cannot type, pasted) values a field refuses.
BAD = {"first_names": "Anna\a", "prefix": "van\a", "last_name": "Zwaan\a", "street": "Laan\a",
       "house_number": "twaalf", "postcode": "12", "residence": "Ergens\a",
       "birth_place": "Elders\a", "birth_date": "31-31-2015", "phone": "12345",
       "email": "anna@voorbeeld"}
GOOD = {"first_names": "Anna", "prefix": "van", "last_name": "Zwaan", "street": "Lindelaan",
        "house_number": "12a", "postcode": "1234 AB", "residence": "Ergenshuizen",
        "birth_place": "Elders", "birth_date": "1-6-2015", "phone": "06 12345678",
        "email": "anna@voorbeeld.nl"}


def positions(window: QWidget) -> dict:
    """Every visible input field's place in the window."""
    return {field: field.mapTo(window, QPoint(0, 0))
            for field in window.findChildren(QWidget)
            if isinstance(field, INPUTS) and field.isVisible()}


class Places:
    """The fields' places when first shown; `check()` after each step says which moved."""

    def __init__(self, window: QWidget):
        self.window = window
        QApplication.processEvents()
        self.start = positions(window)
        assert self.start

    def check(self, step: str) -> None:
        QApplication.processEvents()
        now = positions(self.window)
        moved = [(field.objectName() or field.accessibleName(), self.start[field], place)
                 for field, place in now.items() if field in self.start
                 and place != self.start[field]]
        assert moved == [], f"after {step}: {moved}"


def host(qtbot, widget: QWidget, width: int = 900) -> QWidget:
    """`widget` alone in an active window, as wide as in the intake form."""
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(widget)
    window.resize(width, 200)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def enter(qtbot, field: QLineEdit, text: str) -> None:
    """Click in the field, replace what it holds, and leave it with Tab (the field checks
    itself on leaving). A control character cannot be typed: that text is pasted."""
    qtbot.mouseClick(field, LEFT)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    if text.isprintable():
        qtbot.keyClicks(field, text)
    else:
        QGuiApplication.clipboard().setText(text)
        qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


# -- the intake: notes under the fields ------------------------------------------------------
@pytest.mark.parametrize("category", list(Category), ids=lambda c: c.name.lower())
def test_notes_under_a_person_never_move_a_field(qtbot, category):
    editor = PersonEditor(category, today=lambda: TODAY)
    window = host(qtbot, editor)
    places = Places(window)

    for name in ALLOWED_FIELDS[category]:  # one problem at a time, as a field is left
        enter(qtbot, editor.fields[name], BAD[name])
        assert editor.notes[name].isVisible(), name
        # Told to a screen reader on the field itself, whole.
        described = editor.fields[name].accessibleDescription()
        assert described and editor.notes[name].text().endswith(described)
        places.check(f"a note for {name}")
    # Everything wrong at once, as a save finds it: every row holds all its notes.
    editor.show_check(check_person(category, editor.raw(), TODAY, date(1990, 1, 1)))
    assert all(note.kind == "error" for note in editor.notes.values())
    places.check("the notes of a full check")
    for name in ALLOWED_FIELDS[category]:
        enter(qtbot, editor.fields[name], GOOD[name])
        assert editor.fields[name].accessibleDescription() == "", name
        places.check(f"{name} put right")
    if editor.relation is not None:
        editor.relation.setCurrentIndex(1)
    if category is Category.CHILD:  # a warning (amber) has its place too
        check = check_person(category, editor.raw(), TODAY, date(2010, 1, 1))
        assert check.warnings
        editor.show_check(check)
        places.check("a warning")
    editor.show_check(check_person(category, editor.raw(), TODAY, date(1990, 1, 1)))
    assert not any(note.isVisible() for note in editor.notes.values())
    places.check("all notes gone")


def test_notes_of_one_row_each_get_a_whole_line(qtbot):
    editor = PersonEditor(Category.CHILD, today=lambda: TODAY)
    _window = host(qtbot, editor)
    enter(qtbot, editor.fields["postcode"], "12")
    enter(qtbot, editor.fields["residence"], "Ergens\a")
    postcode, residence = editor.notes["postcode"], editor.notes["residence"]
    assert postcode.parent() is residence.parent()  # the row's one note area
    assert postcode.geometry().bottom() < residence.geometry().top()  # one above the other
    assert postcode.width() == residence.width() == postcode.parent().width()
    editor.grab()  # paint
    assert not postcode.is_elided() and not residence.is_elided()
    assert residence.text().startswith("Woonplaats: ")


def test_a_note_that_does_not_fit_is_cut_and_its_tooltip_has_it_all():
    note = parts.ProblemNote("Telefoon")
    area = parts.NoteArea([note, parts.ProblemNote("E-mail")], lines=2)
    area.resize(160, area.height())
    note.show_note(field_problem("phone"), "error")
    area.grab()
    assert note.is_elided() and note.toolTip() == note.text()
    assert note.text() == "Telefoon: " + field_problem("phone")
    area.resize(4000, area.height())
    area.grab()
    assert not note.is_elided()
    area.deleteLater()


def test_notes_in_a_threat_never_move_a_field(qtbot):
    threat = ThreatEditor(today=lambda: TODAY)
    window = host(qtbot, threat)
    threat.about.setCurrentIndex(threat.about.findData("location"))
    places = Places(window)
    enter(qtbot, threat.date, "1-1-2030")  # in the future
    assert threat.notes["date"].isVisible()
    places.check("a date note")
    assert threat.date.accessibleDescription() == field_problem("date_future", "date")
    enter(qtbot, threat.location, "School\a")
    threat.check()  # and nothing described yet
    assert all(threat.notes[n].isVisible() for n in ("date", "location", "description"))
    places.check("three notes of a threat about a location")
    threat.check(choices=set())  # a choice that can no longer be saved
    assert all(threat.notes[n].isVisible() for n in ("date", "about", "description"))
    places.check("three notes of a threat about nobody")
    enter(qtbot, threat.date, "20-11-2026")
    enter(qtbot, threat.location, "school van de kinderen")
    qtbot.keyClicks(threat.description, "Staat bij het hek.")
    assert threat.check() == {}
    assert not any(note.isVisible() for note in threat.notes.values())
    assert threat.date.accessibleDescription() == ""
    places.check("all notes gone")


# -- passphrases: the strength text and the dialog's message ---------------------------------
def type_passphrases(qtbot, dialog, field: PassphraseField, places: Places, submit) -> None:
    """Every strength text there is, then a refused submit (the message above the buttons)."""
    for typed, what in (("kort", "too short"), ("aaaaaaaaaaaaaa", "repetitive"),
                        ("wachtwoord1234", "common"), ("Groene-Fiets-Op-Het-Dak-7", "strong")):
        field.edit.selectAll()
        qtbot.keyClicks(field.edit, typed)
        assert field.edit.accessibleDescription() == field.hint.text()
        places.check(f"the strength text for a {what} passphrase")
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    places.check("the strength text for an empty field")
    qtbot.keyClicks(field.edit, "kort")
    qtbot.mouseClick(submit, LEFT)
    assert dialog.message.isVisible()
    places.check("the message above the buttons")
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "Groene-Fiets-Op-Het-Dak-7")
    places.check("a strong passphrase with the message still there")


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_setup_fields_stay_put(qtbot, auth):
    dialog = shown(qtbot, SetupDialog(auth))
    places = Places(dialog)
    qtbot.keyClicks(dialog.username, "beheer")
    type_passphrases(qtbot, dialog, dialog.passphrase, places, dialog.create_button)
    qtbot.keyClicks(dialog.repeat.edit, "Iets-Anders-Helemaal-1")
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert "niet gelijk" in dialog.message.text()
    places.check("the mismatch message")


def test_change_passphrase_fields_stay_put(qtbot, created):
    session, _key = created
    dialog = shown(qtbot, ChangePassphraseDialog(AccountService(session)))
    places = Places(dialog)
    qtbot.keyClicks(dialog.current.edit, ADMIN_PASS)
    type_passphrases(qtbot, dialog, dialog.new, places, dialog.change_button)
    qtbot.keyClicks(dialog.repeat.edit, "Iets-Anders-Helemaal-1")
    qtbot.mouseClick(dialog.change_button, LEFT)
    assert "niet gelijk" in dialog.message.text()
    places.check("the mismatch message")


def test_recovery_fields_stay_put(qtbot, auth, created):
    dialog = shown(qtbot, RecoveryDialog(auth))
    places = Places(dialog)
    qtbot.keyClicks(dialog.recovery_key, "AAAA-BBBB")
    qtbot.keyClicks(dialog.username, "beheer")
    type_passphrases(qtbot, dialog, dialog.passphrase, places, dialog.recover_button)


@pytest.fixture
def admin(created):
    session, _key = created
    accounts = AccountService(session)
    accounts.accept_confidentiality()
    return accounts


def test_add_user_fields_stay_put(qtbot, admin):
    dialog = shown(qtbot, AddUserDialog(admin))
    places = Places(dialog)
    qtbot.keyClicks(dialog.username, "met spatie")
    qtbot.keyClicks(dialog.display_name, "Synthetische Collega")
    type_passphrases(qtbot, dialog, dialog.passphrase, places, dialog.add_button)
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert "geen spaties" in dialog.message.text()
    places.check("the message about the user name")


def test_reset_passphrase_fields_stay_put(qtbot, admin):
    user = admin.add_user("collega", "Synthetische Collega", Role.HULPVERLENER,
                          "Eenmalig-Wachtwoord-1")
    dialog = shown(qtbot, ResetPassphraseDialog(admin, user))
    places = Places(dialog)
    type_passphrases(qtbot, dialog, dialog.passphrase, places, dialog.reset_button)
