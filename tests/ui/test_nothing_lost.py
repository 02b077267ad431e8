"""Nothing typed is lost: leaving an editor with changes asks first, a lock keeps what was typed
and puts the caseworker back where she was, quitting asks and keeps the last keystroke.
Driven through the real main window, real key presses and a real store."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.main_window import MainWindow
from tests.conftest import CASEWORKER, CASEWORKER_PASS
from tests.ui.test_main_window import show
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def answers(monkeypatch):
    """The unsaved-changes question, answered from a list and recorded."""
    asked: list[str] = []
    replies: list[unsaved.Choice] = []

    def ask(parent, text, title=None):
        asked.append(text)
        return replies.pop(0)

    monkeypatch.setattr(unsaved, "ask", ask)
    return asked, replies


@pytest.fixture
def case_id(caseworker):
    return IntakeService(caseworker).save_intake(CLIENT, CHILDREN + PLEGERS)


def shown(qtbot, session):
    """A main window that ends without questions when the test is done (an edit a test
    leaves open is not asked about at teardown)."""
    return show(qtbot, MainWindow(session), before_close=lambda w: w.close_now())


@pytest.fixture
def window(qtbot, caseworker, case_id):
    return shown(qtbot, caseworker)


def clients(window):
    return window.pages.pages["clienten"]


def open_case(window, case_id):
    page = clients(window)
    page.open_case(case_id)
    return page.case_widget


def start_edit(qtbot, detail, field="email", text="nieuw@voorbeeld.nl"):
    qtbot.mouseClick(detail.edit_button, LEFT)
    edit = detail.editor.fields[field]
    qtbot.mouseClick(edit, LEFT)  # the cursor goes there, as with a user's click
    edit.clear()
    qtbot.keyClicks(edit, text)
    return edit


def unlock(qtbot, window):
    window.lock_screen.passphrase.setText(CASEWORKER_PASS)
    qtbot.keyClick(window.lock_screen.passphrase.edit, Qt.Key.Key_Return)
    assert not window.locked


def reveals(session):
    return [r for r in audit.recent(session.db.conn, 1000) if r.reason == "toon_adres"]


# -- leaving an editor asks -----------------------------------------------------------------
def test_back_to_the_list_with_an_open_edit_asks_and_each_answer_does_what_it_says(
        qtbot, window, case_id, caseworker, answers):
    asked, replies = answers
    case = open_case(window, case_id)
    detail = case.client_detail
    start_edit(qtbot, detail)
    back = next(b for b in case.findChildren(type(detail.edit_button))
                if b.text() == "← Terug naar de lijst")

    replies.append(unsaved.Choice.CANCEL)
    qtbot.mouseClick(back, LEFT)
    assert len(asked) == 1 and "Öztürk-Kanarie" in asked[0]
    assert clients(window).case_widget is case and detail.editor.fields["email"].text() == \
        "nieuw@voorbeeld.nl"

    replies.append(unsaved.Choice.SAVE)
    qtbot.mouseClick(back, LEFT)
    assert clients(window).case_widget is None  # saved, then back on the list
    assert IntakeService(caseworker).person(case.case.client.id).data.email == "nieuw@voorbeeld.nl"


def test_niet_opslaan_drops_the_edit_and_nothing_is_saved(qtbot, window, case_id, caseworker,
                                                         answers):
    _asked, replies = answers
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    replies.append(unsaved.Choice.DISCARD)
    case.go_back()
    assert clients(window).case_widget is None
    assert IntakeService(caseworker).person(case.case.client.id).data.email == CLIENT.email


def test_a_failed_save_keeps_the_edit_open(qtbot, window, case_id, caseworker, answers):
    _asked, replies = answers
    case = open_case(window, case_id)
    detail = case.client_detail
    start_edit(qtbot, detail, "phone", "12345")
    replies.append(unsaved.Choice.SAVE)
    case.go_back()
    assert clients(window).case_widget is case and detail.editor is not None
    assert detail.editor.fields["phone"].text() == "12345"
    assert "nog niets opgeslagen" in detail.message.text()


def test_another_area_with_an_open_edit_asks_and_annuleren_stays(qtbot, caseworker, case_id,
                                                               answers):
    asked, replies = answers
    window = shown(qtbot, caseworker)
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    replies.append(unsaved.Choice.CANCEL)
    window.nav.setCurrentRow(window.area_keys().index("aware"))
    assert asked and window.current_area == "clienten"
    assert window.nav.currentItem().text() == "Cliënten"
    assert case.client_detail.editor.fields["email"].text() == "nieuw@voorbeeld.nl"
    replies.append(unsaved.Choice.DISCARD)
    window.nav.setCurrentRow(window.area_keys().index("aware"))
    assert len(asked) == 2 and window.current_area == "aware"
    assert case.client_detail.editor is None


def test_another_person_in_betrokkenen_with_an_open_edit_asks(qtbot, window, case_id, answers):
    asked, replies = answers
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(1)
    case.people.setCurrentRow(0)
    first = case.person_detail
    start_edit(qtbot, first, "last_name", "Anders")
    replies.append(unsaved.Choice.CANCEL)
    case.people.setCurrentRow(1)
    assert asked and case.people.currentRow() == 0 and case.person_detail is first
    assert first.editor.fields["last_name"].text() == "Anders"


def test_a_threat_being_typed_is_asked_about(qtbot, window, case_id, caseworker, answers):
    asked, replies = answers
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(2)
    qtbot.keyClicks(case.threats.description, "Staat elke avond voor de deur.")
    replies.append(unsaved.Choice.SAVE)
    case.go_back()
    assert "nog niet vastgelegd" in asked[0]
    threats = IntakeService(caseworker).case(case_id).threats
    assert [t.entry.description for t in threats] == ["Staat elke avond voor de deur."]


def test_the_real_question_answers_to_the_keyboard(qtbot, window, case_id):
    """Esc stays, Enter saves: the box itself, not a stand-in."""
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    pressed = []

    def press(key):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert [b.text() for b in box.buttons()] == ["Opslaan", "Niet opslaan", "Annuleren"] or \
            sorted(b.text() for b in box.buttons()) == ["Annuleren", "Niet opslaan", "Opslaan"]
        pressed.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(50, lambda: press(Qt.Key.Key_Escape))
    case.go_back()
    assert pressed and clients(window).case_widget is case
    QTimer.singleShot(50, lambda: press(Qt.Key.Key_Return))
    case.go_back()
    assert len(pressed) == 2 and clients(window).case_widget is None


def test_nothing_changed_means_no_question(qtbot, window, case_id, answers):
    asked, _replies = answers
    case = open_case(window, case_id)
    qtbot.mouseClick(case.client_detail.edit_button, LEFT)
    case.go_back()
    assert not asked and clients(window).case_widget is None


# -- a lock keeps it, and she is back where she was -------------------------------------------
def test_a_lock_keeps_an_open_edit_and_unlocking_puts_her_back(qtbot, window, case_id,
                                                              caseworker):
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(1)
    case.people.setCurrentRow(2)
    person_id = case.person_detail.view.id
    start_edit(qtbot, case.person_detail, "phone", "06 11112222")
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.locked and window.work_area.count() == 0
    unlock(qtbot, window)
    case = clients(window).case_widget
    assert case is not None and case.isVisible() and case.tabs.currentIndex() == 1
    assert case.person_detail.view.id == person_id
    assert case.person_detail.editor.fields["phone"].text() == "06 11112222"
    assert QApplication.focusWidget() is case.person_detail.editor.fields["phone"]
    assert case.person_detail.save_edit()
    assert IntakeService(caseworker).person(person_id).data.phone == "+31611112222"


def test_an_edit_of_a_secret_address_comes_back_only_through_an_audited_reveal(
        qtbot, window, case_id, caseworker):
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    before = len(reveals(caseworker))
    window.lock()
    unlock(qtbot, window)
    detail = clients(window).case_widget.client_detail
    assert detail.editor.fields["street"].text() == CLIENT.street
    assert len(reveals(caseworker)) == before + 1


def test_a_lock_keeps_an_open_intake_and_unlocking_reopens_it_with_the_text(qtbot, window):
    window.show_area("clienten")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_N, CTRL)
    form = clients(window).form
    assert form is not None and form.isVisible()
    qtbot.keyClicks(form.client.fields["last_name"], "Zonnebloem-Proef")
    window.lock()
    unlock(qtbot, window)
    form = clients(window).form
    assert form is not None and form.isVisible() and not form.draft_bar.isVisible()
    assert form.client.fields["last_name"].text() == "Zonnebloem-Proef"
    assert form.content.isEnabled()


def test_a_lock_keeps_the_search_and_a_threat_being_typed(qtbot, window, case_id):
    page = clients(window)
    page.search.setText("kanarie")
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(2)
    threats = case.threats
    threats.about.setCurrentIndex(threats.about.count() - 1)  # een locatie
    qtbot.keyClicks(threats.location, "Sportschool")
    qtbot.keyClicks(threats.description, "Wacht daar op haar.")
    window.lock()
    unlock(qtbot, window)
    threats = clients(window).case_widget.threats
    assert clients(window).case_widget.tabs.currentIndex() == 2
    assert threats.location.isVisible() and threats.location.text() == "Sportschool"
    assert threats.description.toPlainText() == "Wacht daar op haar."
    assert clients(window).search.text() == "kanarie"


def test_the_kept_place_belongs_to_the_user_and_is_taken_once(qtbot, window, case_id,
                                                             caseworker):
    from blijf_desktop.services.workspace import WorkspaceService

    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    window.lock()
    unlock(qtbot, window)
    assert WorkspaceService(caseworker).take() is None  # taken at unlock, not left behind


# -- quitting --------------------------------------------------------------------------------
def test_ctrl_q_with_an_open_intake_asks_and_keeps_the_last_keystroke(qtbot, auth, caseworker,
                                                                   answers):
    asked, replies = answers
    window = shown(qtbot, caseworker)
    window.show_area("clienten")
    clients(window).new_intake()
    form = clients(window).form
    field = form.client.fields["last_name"]
    qtbot.keyClicks(field, "Laatste-Toets")
    replies.append(unsaved.Choice.CANCEL)
    qtbot.keyClick(field, Qt.Key.Key_Q, CTRL)
    assert len(asked) == 1 and window.isVisible()  # Annuleren: still open
    qtbot.keyClicks(field, "x")
    replies.append(unsaved.Choice.DISCARD)
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(field, Qt.Key.Key_Q, CTRL)  # at once: no time for the draft timer
    caseworker.close()  # as the app does after the window closed
    again = auth.login(CASEWORKER, CASEWORKER_PASS)
    try:
        draft = IntakeService(again).load_draft()
        assert draft["client"]["last_name"] == "Laatste-Toetsx"
    finally:
        again.close()


def test_the_app_shut_down_under_her_keeps_her_edit_for_the_next_login(qtbot, auth, case_id,
                                                                      caseworker):
    window = shown(qtbot, caseworker)
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    with qtbot.waitSignal(window.closed):
        window.close_now()  # e.g. the computer shuts down: nobody to ask
    caseworker.close()
    again = auth.login(CASEWORKER, CASEWORKER_PASS)
    try:
        later = shown(qtbot, again)
        detail = later.pages.pages["clienten"].case_widget.client_detail
        assert detail.editor.fields["email"].text() == "nieuw@voorbeeld.nl"
        later.close_now()
    finally:
        again.close()


# -- messages that stop being true ------------------------------------------------------------
def test_opgeslagen_goes_when_editing_again(qtbot, window, case_id):
    detail = open_case(window, case_id).client_detail
    start_edit(qtbot, detail, "residence", "Hoorn")
    assert detail.save_edit()
    assert detail.message.isVisible() and detail.message.text().startswith("Opgeslagen")
    qtbot.mouseClick(detail.edit_button, LEFT)
    assert not detail.message.isVisible()


def test_toon_adres_can_be_hidden_again_and_showing_again_is_recorded(qtbot, window, case_id,
                                                                     caseworker):
    detail = open_case(window, case_id).client_detail
    before = len(reveals(caseworker))
    qtbot.mouseClick(detail.reveal_button, LEFT)
    assert CLIENT.street in detail.shown_text() and detail.reveal_button.text() == "Verberg adres"
    qtbot.mouseClick(detail.reveal_button, LEFT)
    assert CLIENT.street not in detail.shown_text() and detail.reveal_button.text() == "Toon adres"
    qtbot.mouseClick(detail.reveal_button, LEFT)
    assert len(reveals(caseworker)) == before + 2


def test_two_clients_of_the_same_name_differ_in_the_case_header(qtbot, window, case_id):
    case = open_case(window, case_id)
    assert case.title.text() == "Casus van Ayşe Öztürk-Kanarie, geboren 12-03-1985"


def test_the_location_field_is_shown_only_when_it_is_saved(qtbot, window, case_id, caseworker):
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(2)
    threats = case.threats
    assert not threats.location.isVisible()  # about the client: no location to keep
    threats.about.setCurrentIndex(threats.about.count() - 1)
    assert threats.location.isVisible()
    qtbot.keyClicks(threats.location, "Bij de school")
    qtbot.keyClicks(threats.description, "Hij wacht bij het hek.")
    assert threats.add_entry()
    saved = IntakeService(caseworker).case(case_id).threats
    assert [t.entry.about_location for t in saved] == ["Bij de school"]


def test_the_error_count_follows_the_fields_and_goes_when_all_are_fixed(qtbot, caseworker):
    from tests.ui.test_intake_form import TODAY, make_form

    form = make_form(qtbot, IntakeService(caseworker, today=lambda: TODAY))
    client = form.client
    qtbot.keyClicks(client.fields["last_name"], "Zonnebloem")
    qtbot.keyClicks(client.fields["postcode"], "12")
    qtbot.keyClicks(client.fields["phone"], "abc")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "2 gegevens kloppen nog niet" in form.message.text()
    for name, good in (("postcode", "1234 AB"), ("phone", "06 12345678")):
        field = client.fields[name]
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, good)
        client.fields["last_name"].setFocus()  # leaving the field checks it
        if name == "postcode":
            assert "1 gegeven klopt nog niet" in form.message.text()
    assert "kloppen nog niet" not in form.message.text()
    assert form.message.text().startswith("Alles klopt nu") and form.message.kind == "info"


def test_ctrl_n_with_a_kept_draft_puts_the_keyboard_on_verder_gaan(qtbot, window, caseworker):
    IntakeService(caseworker).save_draft({"version": 1, "client": {"last_name": "Concept-Proef"}})
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    form = clients(window).form
    assert QApplication.focusWidget() is form.draft_bar.resume_button
    qtbot.keyClick(form.draft_bar.resume_button, Qt.Key.Key_Return)
    assert form.client.fields["last_name"].text() == "Concept-Proef"
    assert QApplication.focusWidget() is form.client.focus_chain()[0]


# -- what an adversarial review found ---------------------------------------------------------
def test_a_lock_during_the_question_about_another_person_keeps_the_edit_with_its_own_person(
        qtbot, window, case_id, caseworker, monkeypatch):
    """The list already points at the next person while the question is open: the kept edit
    must still belong to the person it was typed for, never be put in another's fields."""
    case = open_case(window, case_id)
    case.tabs.setCurrentIndex(1)
    case.people.setCurrentRow(0)  # a child
    first = case.person_detail
    first_id = first.view.id
    start_edit(qtbot, first, "first_names", "Anders")

    def lock_while_asking(parent, text, title=None):
        window.lock()  # the idle timer fires while the question is open
        return unsaved.Choice.CANCEL

    monkeypatch.setattr(unsaved, "ask", lock_while_asking)
    case.people.setCurrentRow(2)  # a pleger
    unlock(qtbot, window)
    detail = clients(window).case_widget.person_detail
    assert detail.view.id == first_id and detail.editor.fields["first_names"].text() == "Anders"
    pleger = next(p for p in IntakeService(caseworker).case(case_id).people
                  if p.data.category.value == 4)
    assert pleger.data.first_names != "Anders"


def test_a_colleagues_change_meanwhile_is_not_undone_by_the_kept_edit(
        qtbot, auth, case_id, caseworker):
    window = shown(qtbot, caseworker)
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail, "email", "eigen@voorbeeld.nl")
    client_id = case.case.client.id
    with qtbot.waitSignal(window.closed):
        window.close_now()
    caseworker.close()
    colleague = auth.login(CASEWORKER, CASEWORKER_PASS)  # meanwhile, another desk or later
    service = IntakeService(colleague)
    current = service.reveal_address(client_id)
    from dataclasses import replace
    service.update_person(client_id, replace(current, street="Nieuwe Schuilweg",
                                             email="anders@voorbeeld.nl"))
    colleague.close()
    again = auth.login(CASEWORKER, CASEWORKER_PASS)
    try:
        later = shown(qtbot, again)
        detail = later.pages.pages["clienten"].case_widget.client_detail
        fields = detail.editor.fields
        assert fields["street"].text() == "Nieuwe Schuilweg"  # the colleague's, kept
        assert fields["email"].text() == "anders@voorbeeld.nl"  # a clash: hers not put back
        assert detail.editor.secret.isChecked()
        assert "E-mail" in detail.message.text() and detail.message.kind == "warning"
        later.close_now()
    finally:
        again.close()


def test_an_edit_in_a_case_behind_the_intake_is_asked_about_before_the_case_closes(
        qtbot, window, case_id, answers):
    asked, replies = answers
    page = clients(window)
    case = open_case(window, case_id)
    start_edit(qtbot, case.client_detail)
    page.new_intake()  # the case is now behind the intake form
    replies.append(unsaved.Choice.CANCEL)
    page.focus_search()
    assert len(asked) == 1 and page.case_widget is case
    assert page.stack.currentWidget() is case  # shown while she is asked about it
    replies.append(unsaved.Choice.CANCEL)
    page.open_case(case_id)  # e.g. after the intake was saved
    assert len(asked) == 2 and page.case_widget is case
    assert case.client_detail.editor.fields["email"].text() == "nieuw@voorbeeld.nl"


def test_a_quit_with_a_draft_that_cannot_be_kept_asks_once_more_and_can_end(
        qtbot, caseworker, answers, monkeypatch):
    from blijf_desktop.ui.intake import parts
    from blijf_desktop.ui.intake.intake_form import IntakeForm

    _asked, replies = answers
    confirmations = []
    monkeypatch.setattr(parts, "confirm", lambda *args: confirmations.append(args[2]) or True)
    window = shown(qtbot, caseworker)
    clients(window).new_intake()
    qtbot.keyClicks(clients(window).form.client.fields["last_name"], "Vol-Schijf")
    monkeypatch.setattr(IntakeForm, "save_draft_now", lambda self: False)  # a full disk
    replies.append(unsaved.Choice.DISCARD)
    with qtbot.waitSignal(window.closed):
        window.close()
    assert confirmations and "gaat dan verloren" in confirmations[0]


def test_a_disabled_user_leaves_no_drafts_behind(created, auth):
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.accounts import AccountService
    from blijf_desktop.services.workspace import WorkspaceService

    admin = AccountService(created[0])
    admin.accept_confidentiality()
    user = admin.add_user("weg", "Synthetische Vertrekker", Role.HULPVERLENER,
                          "Eenmalig-Vertrek-Pad-3")
    from tests.conftest import confirm_pending

    confirm_pending(created, auth, "weg")  # issue 22
    leaving = auth.login("weg", "Eenmalig-Vertrek-Pad-3")
    own = AccountService(leaving)
    own.accept_confidentiality()
    own.change_own_passphrase("Eenmalig-Vertrek-Pad-3", "Eigen-Vertrek-Pad-33")
    IntakeService(leaving).save_draft({"client": {"last_name": "Half-Af"}})
    WorkspaceService(leaving).keep({"version": 1, "area": "clienten", "pages": {}})
    leaving.close()
    admin.disable_user(user.id)
    rows = created[0].db.conn.execute("SELECT count(*) FROM drafts WHERE user_id = ?",
                                      (user.id,)).fetchone()[0]
    assert rows == 0


def test_another_area_with_an_open_intake_asks_and_niet_opslaan_keeps_the_draft(
        qtbot, caseworker, answers):
    asked, replies = answers
    window = shown(qtbot, caseworker)
    clients(window).new_intake()
    qtbot.keyClicks(clients(window).form.client.fields["last_name"], "Gebied-Proef")
    replies.append(unsaved.Choice.DISCARD)
    window.nav.setCurrentRow(window.area_keys().index("aware"))
    assert "intake is nog niet opgeslagen" in asked[0] and window.current_area == "aware"
    assert clients(window).form is None
    assert IntakeService(caseworker).load_draft()["client"]["last_name"] == "Gebied-Proef"


def test_failed_attempts_at_the_lock_screen_are_told_after_unlocking(qtbot, window):
    """Someone tried passphrases while she was away: she hears it at once (Blijf 9.1)."""
    window.lock()
    for _attempt in range(2):
        window.lock_screen.passphrase.setText("Verkeerd-Wachtwoord-Hier-1")
        window.lock_screen.try_unlock()
    unlock(qtbot, window)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1 and "2 mislukte inlogpogingen" in boxes[0].text()
    boxes[0].accept()
    window.lock()
    unlock(qtbot, window)  # nothing failed this time: nothing to tell
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_the_lock_empties_the_client_list_before_the_page_goes(qtbot, window):
    """Deleting the page waits for the event loop; the rows are forgotten at once."""
    page = clients(window)
    page.run_search()
    model = page.model
    assert model.rowCount() > 0
    window.lock()
    assert model.rowCount() == 0
