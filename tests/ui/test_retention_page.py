"""The Bewaartermijnen page (issue 20): what is due, a proposal reviewed by a second user in
her own session, carried out, the statement saved; names nowhere on the screen; every
control named and reachable by the keyboard."""

import os
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from blijf_desktop import demo
from blijf_desktop.domain.destruction import DestructionState
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.services.retention import RetentionService
from blijf_desktop.ui.retention.page import RetentionPage
from tests.services import retention_case
from tests.ui.accessibility import unnamed_controls

T0 = date(2026, 6, 1)
DUE = date(2036, 6, 1)


@pytest.fixture
def sessions(auth):
    retention_case.demo_store(auth, T0)
    found = {name: auth.login(name, demo.DEMO_PASSPHRASE)
             for name in (demo.DEMO_USER, demo.DEMO_ADMIN)}
    case = retention_case.record(found[demo.DEMO_USER], T0)
    CaseClosingService(found[demo.DEMO_USER], today=lambda: T0).close_case(case.case_id)
    yield found, case
    for session in found.values():
        if not session.locked:
            session.close()


def _page(qtbot, session) -> RetentionPage:
    page = RetentionPage(session, today=lambda: DUE)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def _visible_text(page: QWidget) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
    for model in (page.due_model, page.proposal_model):
        texts += [model.index(r, c).data() or "" for r in range(model.rowCount())
                  for c in range(model.columnCount())]
    return "\n".join(texts)


def test_propose_then_a_colleague_approves_and_carries_out(qtbot, sessions, tmp_path,
                                                           monkeypatch):
    found, case = sessions
    proposer = _page(qtbot, found[demo.DEMO_USER])
    assert proposer.due_model.rowCount() == 2  # the case and its signal data, both due
    assert proposer.due_model.index(0, 0).data() == str(case.case_id)
    assert unnamed_controls(proposer) == []
    proposer.due.setFocus()
    proposer.due.selectRow(0)
    proposer.note.setText("Termijn verstreken.")
    assert proposer.propose_button.isEnabled()
    proposer.propose_button.click()
    assert proposer.proposal_model.rowCount() == 1
    proposer.proposals.selectRow(0)
    assert not proposer.approve_button.isEnabled()  # her own proposal (the teamleider's)
    assert "collega" in proposer.hint.text()
    names = case.client_names + case.pleger_names
    assert not any(n in _visible_text(proposer) for n in names)
    if os.environ.get("BLIJF_SCREENSHOTS"):
        proposer.grab().save(os.path.join(os.environ["BLIJF_SCREENSHOTS"], "retention-own.png"))

    second = _page(qtbot, found[demo.DEMO_ADMIN])
    second.proposals.selectRow(0)
    assert second.approve_button.isEnabled()
    second.approve_button.click()
    assert second.proposal_rows[0].state is DestructionState.BEOORDEELD
    second.proposals.selectRow(0)
    monkeypatch.setattr("blijf_desktop.ui.retention.page.confirm_default_no",
                        lambda *args: True)
    second.carry_out_button.click()
    assert second.proposal_rows[0].state is DestructionState.VERNIETIGD
    second.proposals.selectRow(0)
    assert second.statement_button.isEnabled()
    target = tmp_path / "verklaring.pdf"
    monkeypatch.setattr("blijf_desktop.ui.retention.page.QFileDialog.getSaveFileName",
                        lambda *args: (str(target), ""))
    second.statement_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert second.due_model.rowCount() == 0


def test_sent_back_needs_a_reason_and_says_so(qtbot, sessions):
    found, case = sessions
    RetentionService(found[demo.DEMO_USER], today=lambda: DUE).propose(case.case_id)
    lead = _page(qtbot, found[demo.DEMO_ADMIN])  # not made by the proposer: she reviews
    lead.proposals.selectRow(0)
    lead.send_back_button.click()
    assert "waarom" in lead.message.text()
    lead.review_note.setText("Er loopt nog een procedure.")
    lead.send_back_button.click()
    assert lead.proposal_rows[0].state is DestructionState.TERUGGEZET


def test_tab_reaches_every_control(qtbot, sessions):
    found, _case = sessions
    page = _page(qtbot, found[demo.DEMO_USER])
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.due.setFocus()
    seen = set()
    for _ in range(12):
        current = QApplication.focusWidget()
        assert current is not None
        seen.add(current)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
    assert {page.due, page.note, page.proposals, page.review_note} <= seen
