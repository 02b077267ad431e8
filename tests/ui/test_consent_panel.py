"""The Toestemming panel driven as a user would: prepare a consent (bad input told beside its
field, nothing typed lost), have a second teamleider verify it in the real dialog (the
preparer refused, the passphrase never kept), withdraw it, and record that the recipient that
was served has been told."""

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from blijf_desktop.domain.consent import State
from blijf_desktop.domain.sharing import SIGNAL
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.storage import consents
from blijf_desktop.ui.consent.panel import ConsentPanel
from tests.conftest import LEAD_PASS
from tests.services.test_consent import (  # noqa: F401 (fixtures)
    SECOND, SECOND_PASS, WEIGHING, case, lead, record_signal, scope, second, sent,
)

TODAY = date.today()


def in_dialog(qtbot, steps):
    """Run `steps(dialog)` once the panel's modal dialog is on screen (it runs with exec());
    it is closed afterwards whatever happened, so a failing step cannot hang the test."""
    done = []

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, act)
            return
        try:
            steps(dialog)
            done.append(True)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(20, act)
    return done


@pytest.fixture
def panel(qtbot, lead, second, case):  # noqa: F811
    widget = ConsentPanel(lead, case[0], today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    return widget


def tick(form, name, *values):
    for value in values:
        form.widgets[name][value].setChecked(True)


def test_prepare_verify_withdraw_and_tell(qtbot, panel, lead, case):  # noqa: F811
    case_id, client, _pleger = case
    assert panel.table.model().rowCount() == 0 and not panel.verify_button.isEnabled()
    qtbot.mouseClick(panel.prepare_button, Qt.MouseButton.LeftButton)
    form = panel.form
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # nothing chosen yet
    assert "minstens één ontvanger" in form.errors["recipients"].text()
    tick(form, "recipients", "riec")
    tick(form, "purposes", "riec_advies")
    tick(form, "persons", client)
    tick(form, "kinds", "last_name")
    form.widgets["valid_until"].setText("01-01-2000")
    form.widgets["grantor"].setCurrentIndex(1)
    form.widgets["client_informed"].setCurrentIndex(1)
    form.widgets["client_position"].setCurrentIndex(1)
    qtbot.keyClicks(form.widgets["weighing_doel"], WEIGHING.doel)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "einddatum ligt vóór de begindatum" in form.errors["valid_until"].text()
    form.widgets["valid_until"].clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "afweging" in form.errors["weighing_noodzaak"].text()
    assert form.widgets["weighing_doel"].toPlainText() == WEIGHING.doel  # nothing lost
    assert panel.has_unsaved_changes() and panel.stack.currentWidget() is form
    for part in ("noodzaak", "proportionaliteit", "subsidiariteit", "belangen_slachtoffer"):
        qtbot.keyClicks(form.widgets[f"weighing_{part}"], getattr(WEIGHING, part))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert panel.form is None and panel.stack.currentWidget() is panel.overview
    assert panel.table.model().index(0, 1).data() == "wacht op verificatie"
    assert panel.verify_button.isEnabled() and not panel.withdraw_button.isEnabled()

    seen = {}

    def preparer_then_second(dialog):
        qtbot.keyClicks(dialog.username, "leiding")
        qtbot.keyClicks(dialog.passphrase.edit, LEAD_PASS)
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["note"] = dialog.notes["approver"].text()
        seen["passphrase"] = dialog.passphrase.text()
        seen["echo"] = dialog.passphrase.edit.echoMode()
        dialog.username.clear()
        qtbot.keyClicks(dialog.username, SECOND)
        qtbot.keyClicks(dialog.passphrase.edit, SECOND_PASS)
        qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
        seen["closed"] = not dialog.isVisible()

    done = in_dialog(qtbot, preparer_then_second)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert done and seen["closed"], seen
    assert "niet zelf verifiëren" in seen["note"] and seen["passphrase"] == ""
    assert seen["echo"] != seen["echo"].Normal
    [stored] = ConsentService(lead).for_case(case_id)
    assert stored.state is State.ACTIEF
    assert panel.table.model().index(0, 1).data() == "actief"
    assert panel.withdraw_button.isEnabled()

    exchange_id = sent(lead, case)
    with lead.db.transaction() as conn:
        consents.link_exchange(conn, exchange_id, [stored.id])

    def withdraw(dialog):
        qtbot.keyClicks(dialog.reason, "De client trekt haar instemming in.")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    done = in_dialog(qtbot, withdraw)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert done
    assert panel.table.model().index(0, 1).data() == "ingetrokken"
    history = panel.history_table.model()
    assert [history.index(r, 1).data() for r in range(history.rowCount())] == [
        "ingetrokken", "geverifieerd door een tweede teamleider", "voorbereid"]
    assert panel.tasks_table.model().rowCount() == 1
    assert "RIEC" in panel.tasks_table.model().index(0, 1).data()

    def tell(dialog):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["how"] = dialog.notes["told_how"].text()
        dialog.how.setCurrentIndex(dialog.how.findData("telefonisch"))
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    done = in_dialog(qtbot, tell)
    qtbot.mouseClick(panel.tell_button, Qt.MouseButton.LeftButton)
    assert done and "Kies hoe" in seen["how"]
    assert panel.tasks_table.model().rowCount() == 0 and not panel.tell_button.isEnabled()
    assert ConsentService(lead).open_tasks(case_id) == []


def test_a_hulpverlener_sees_but_cannot_act(qtbot, caseworker, case):  # noqa: F811
    widget = ConsentPanel(caseworker, case[0])
    qtbot.addWidget(widget)
    assert not widget.prepare_button.isEnabled() and not widget.verify_button.isEnabled()


def test_what_was_typed_survives_a_lock(qtbot, panel, lead, case):  # noqa: F811
    panel.open_form()
    qtbot.keyClicks(panel.form.widgets["weighing_doel"], "Half getypt")
    tick(panel.form, "recipients", "riec")
    kept = panel.workspace_state()
    again = ConsentPanel(lead, case[0], today=lambda: TODAY)
    qtbot.addWidget(again)
    again.restore_workspace(kept)
    assert again.form.widgets["weighing_doel"].toPlainText() == "Half getypt"
    assert again.form.widgets["recipients"]["riec"].isChecked()


def fill_the_rest(qtbot, form, client):
    tick(form, "recipients", "riec")
    tick(form, "purposes", "riec_advies")
    tick(form, "persons", client)
    for name in ("grantor", "client_informed", "client_position"):
        form.widgets[name].setCurrentIndex(1)
    for part in ("doel", "noodzaak", "proportionaliteit", "subsidiariteit",
                 "belangen_slachtoffer"):
        form.widgets[f"weighing_{part}"].setPlainText(getattr(WEIGHING, part))


def test_the_form_asks_which_signal_and_whether_identifiable(qtbot, panel, lead, case):  # noqa
    case_id, client, _pleger = case
    first = record_signal(lead, case_id)
    later = record_signal(lead, case_id, "Een later signaal.")  # after the panel was shown
    qtbot.mouseClick(panel.prepare_button, Qt.MouseButton.LeftButton)
    form = panel.form
    signals = form.widgets["signals"]
    assert set(signals) == {first, later} and "S-" in signals[first].text()
    identifiable = form.widgets["identifiable"]
    assert identifiable.currentData() is False  # anonymised unless chosen otherwise
    assert identifiable.accessibleName() == "Herleidbaar (alleen als strikt nodig)"
    fill_the_rest(qtbot, form, client)
    tick(form, "kinds", "last_name", SIGNAL)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "voor welk signaal" in form.errors["signals"].text()  # Mensenhandel 14.6
    assert form.widgets["kinds"][SIGNAL].isChecked()  # nothing lost
    signals[first].setFocus()
    qtbot.keyClick(signals[first], Qt.Key.Key_Space)  # the keyboard alone will do
    identifiable.setFocus()
    identifiable.setCurrentIndex(identifiable.findData(True))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert panel.form is None, form.message.text()
    [stored] = ConsentService(lead).for_case(case_id)
    assert stored.scope.signal_ids == {first} and stored.scope.identifiable is True
    details = panel.details.text()
    assert "Herleidbaar: ja" in details and f"S-{first:05d}" in details
    assert f"S-{later:05d}" not in details


def test_a_consent_changed_while_the_dialog_is_open_is_not_verified(qtbot, panel, lead,  # noqa
                                                                    case):
    case_id, client, pleger = case
    consent_id = ConsentService(lead).prepare(case_id, scope([client]), "blijf", "stemt_in", "",
                                              WEIGHING)
    panel.refresh(consent_id)
    assert "Herleidbaar: nee" in panel.details.text()
    seen = {}

    def meanwhile_widened(dialog):
        seen["summary"] = dialog.summary.text()
        ConsentService(lead).update(consent_id, scope([client, pleger]), "blijf", "stemt_in",
                                    "", WEIGHING)
        qtbot.keyClicks(dialog.username, SECOND)
        qtbot.keyClicks(dialog.passphrase.edit, SECOND_PASS)
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        seen["message"] = dialog.message.text()
        seen["open"] = dialog.isVisible()

    done = in_dialog(qtbot, meanwhile_widened)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert done and seen["open"], seen
    assert "Herleidbaar: nee" in seen["summary"] and "Personen:" in seen["summary"]
    assert "gewijzigd nadat zij u werd getoond" in seen["message"]
    assert ConsentService(lead).for_case(case_id)[0].state is State.ONTWERP
    assert str(pleger) not in panel.details.text()  # read again: the panel shows the new one
    assert panel.names[pleger] in panel.details.text()


def test_the_verifier_and_the_panel_show_all_that_the_fingerprint_covers(qtbot, panel, lead,  # noqa
                                                                         case):
    """Position, its reason and all five parts of the weighing: she verifies what she read."""
    from blijf_desktop.domain.consent import WEIGHING_PARTS

    case_id, client, _pleger = case
    consent_id = ConsentService(lead).prepare(
        case_id, scope([client]), "blijf", "niet_te_vragen", "Zij is onvindbaar sinds maart.",
        WEIGHING, client_informed=False)
    panel.refresh(consent_id)
    seen = {}
    done = in_dialog(qtbot, lambda dialog: seen.update(
        summary=dialog.summary.text(), name=dialog.summary.accessibleName(),
        keyboard=dialog.summary.focusPolicy() == Qt.FocusPolicy.StrongFocus))
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert done and seen["name"] and seen["keyboard"]
    for text in (seen["summary"], panel.details.text()):
        assert "Cliënt geïnformeerd: nee" in text
        assert "Standpunt cliënt: De cliënt kon niet worden gevraagd" in text
        assert "Toelichting standpunt: Zij is onvindbaar sinds maart." in text
        for part in WEIGHING_PARTS:
            assert getattr(WEIGHING, part) in text, part
        assert "Herleidbaar: nee" in text  # the scope is still all there
