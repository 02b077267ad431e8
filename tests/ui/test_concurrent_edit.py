"""Two desks saving the same person, seen at the second desk (issue 23): the real main window,
real key presses, a second session on the same store saving first. Her save is refused; what
she typed stays in the fields; the comparison never shows the secret address; loading again
puts her changes on top of the colleague's, and then her save goes through."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import audit
from tests.conftest import CASEWORKER, CASEWORKER_PASS
from tests.services.test_intake import CLIENT, PLEGERS
from tests.ui.test_nothing_lost import clients, open_case, shown

CTRL = Qt.KeyboardModifier.ControlModifier
SECRETS = ("Veiligestraat", "9876", "Andere Schuilweg", "5555")


@pytest.fixture
def case_id(caseworker):
    return IntakeService(caseworker).save_intake(CLIENT, PLEGERS[:1])


@pytest.fixture
def colleague(auth, caseworker):
    """Another desk (or window): its own session and connection on the same store."""
    session = auth.login(CASEWORKER, CASEWORKER_PASS)
    yield IntakeService(session)
    session.close()


def tab_to(qtbot, widget, limit=40):
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName() or widget}")


def type_over(qtbot, field, text):
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, text)


def colleague_saves(colleague, client_id, **changes):
    stored = colleague.reveal_address(client_id)
    version = colleague.person(client_id).version
    colleague.update_person(client_id, replace(stored, **changes), address_seen=True,
                            version=version)


def begin_edit_by_keyboard(qtbot, window, case_id):
    detail = open_case(window, case_id).client_detail
    detail.edit_button.setFocus()
    qtbot.keyClick(detail.edit_button, Qt.Key.Key_Space)
    assert detail.editor is not None
    return detail


def test_the_refused_save_keeps_her_text_and_masks_the_address_and_reload_reapplies(
        qtbot, caseworker, case_id, colleague):
    window = shown(qtbot, caseworker)
    detail = begin_edit_by_keyboard(qtbot, window, case_id)
    fields = detail.editor.fields
    tab_to(qtbot, fields["phone"])
    type_over(qtbot, fields["phone"], "0622223333")
    tab_to(qtbot, fields["street"])
    type_over(qtbot, fields["street"], "Andere Schuilweg")
    colleague_saves(colleague, detail.view.id, residence="Hoorn", postcode="5555 XY",
                    email="collega@voorbeeld.nl")
    qtbot.keyClick(fields["street"], Qt.Key.Key_S, CTRL)

    panel = detail.conflict
    assert panel.isVisible() and QApplication.focusWidget() is panel.reload_button
    assert detail.editor is not None
    assert fields["phone"].text() == "06 22223333" and fields["street"].text() == "Andere Schuilweg"
    shown_text = panel.shown_text()
    assert "iemand anders" in shown_text and "Hoorn" in shown_text
    assert "06 22223333" in shown_text
    for secret in SECRETS:
        assert secret not in shown_text, secret
    assert "••••••" in shown_text
    stored = IntakeService(caseworker).reveal_address(detail.view.id)
    assert (stored.street, stored.phone) == ("Veiligestraat", "+31612345678")  # hers: not saved

    qtbot.keyClick(panel.reload_button, Qt.Key.Key_Space)  # reload, with her changes on top
    assert fields["phone"].text() == "06 22223333"
    assert fields["street"].text() == "Andere Schuilweg"
    assert fields["residence"].text() == "Hoorn"  # the colleague's, she had not touched it
    assert fields["postcode"].text() == "5555 XY"
    assert fields["email"].text() == "collega@voorbeeld.nl"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert detail.editor is None, detail.message.text()
    saved = IntakeService(caseworker).reveal_address(detail.view.id)
    assert (saved.phone, saved.street, saved.residence, saved.postcode, saved.email) == (
        "+31622223333", "Andere Schuilweg", "Hoorn", "5555 XY", "collega@voorbeeld.nl")


def test_both_changed_the_same_field_she_keeps_hers_and_is_told(
        qtbot, caseworker, case_id, colleague):
    window = shown(qtbot, caseworker)
    detail = begin_edit_by_keyboard(qtbot, window, case_id)
    fields = detail.editor.fields
    tab_to(qtbot, fields["residence"])
    type_over(qtbot, fields["residence"], "Edam")
    colleague_saves(colleague, detail.view.id, residence="Hoorn")
    qtbot.keyClick(fields["residence"], Qt.Key.Key_S, CTRL)
    qtbot.keyClick(detail.conflict.reload_button, Qt.Key.Key_Space)
    assert fields["residence"].text() == "Edam", detail.message.text()
    assert QApplication.focusWidget() is fields["residence"], detail.conflict.shown_text()
    text = detail.conflict.shown_text()
    assert "Woonplaats" in text and "Hoorn" in text and "Edam" in text


def test_keep_editing_by_keyboard_and_the_next_save_is_told_again(
        qtbot, caseworker, case_id, colleague):
    window = shown(qtbot, caseworker)
    detail = begin_edit_by_keyboard(qtbot, window, case_id)
    fields = detail.editor.fields
    tab_to(qtbot, fields["phone"])
    type_over(qtbot, fields["phone"], "0622223333")
    colleague_saves(colleague, detail.view.id, residence="Hoorn")
    qtbot.keyClick(fields["phone"], Qt.Key.Key_S, CTRL)
    qtbot.keyClick(detail.conflict.reload_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is detail.conflict.keep_button
    qtbot.keyClick(detail.conflict.keep_button, Qt.Key.Key_Space)
    assert not detail.conflict.isVisible() and fields["phone"].text() == "06 22223333"
    assert detail.has_unsaved_changes()
    assert detail.workspace_state()["changed"]["phone"] == "06 22223333"  # kept over a lock
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert detail.conflict.isVisible() and fields["phone"].text() == "06 22223333"
    assert IntakeService(caseworker).person(detail.view.id).data.residence == "Hoorn"


def test_the_refusal_writes_no_row_and_the_comparison_is_audited_as_a_reveal(
        qtbot, caseworker, case_id, colleague):
    window = shown(qtbot, caseworker)
    detail = begin_edit_by_keyboard(qtbot, window, case_id)
    tab_to(qtbot, detail.editor.fields["phone"])
    type_over(qtbot, detail.editor.fields["phone"], "0622223333")
    colleague_saves(colleague, detail.view.id, residence="Hoorn")
    last = audit.recent(caseworker.db.conn, 1)[0].seq
    qtbot.keyClick(detail.editor.fields["phone"], Qt.Key.Key_S, CTRL)
    rows = [r for r in audit.recent(caseworker.db.conn, 20) if r.seq > last]
    assert [(r.action, r.record_id, r.reason) for r in rows] == [
        ("view", str(detail.view.id), "toon_adres")]
    assert "0622223333" not in str(rows[0].detail) and "Hoorn" not in str(rows[0].detail)
    assert clients(window).case_widget.client_detail is detail


def test_her_own_saves_one_after_another_are_no_conflict(qtbot, caseworker, case_id):
    window = shown(qtbot, caseworker)
    detail = begin_edit_by_keyboard(qtbot, window, case_id)
    for text in ("0622223333", "0633334444"):
        if detail.editor is None:
            detail.edit_button.setFocus()
            qtbot.keyClick(detail.edit_button, Qt.Key.Key_Space)
        tab_to(qtbot, detail.editor.fields["phone"])
        type_over(qtbot, detail.editor.fields["phone"], text)
        qtbot.keyClick(detail.editor.fields["phone"], Qt.Key.Key_S, CTRL)
        assert detail.editor is None, detail.message.text()
    assert detail.view.version == 3
    assert IntakeService(caseworker).person(detail.view.id).data.phone == "+31633334444"
