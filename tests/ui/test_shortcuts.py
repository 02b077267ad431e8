"""Every advertised shortcut works from every place it is advertised, and no two actions share
one: a walk over the actions and shortcuts of the main window and its pages, and real key
presses from the client list, a case and the intake form."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from blijf_desktop.services.intake import IntakeService
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.ui.test_nothing_lost import shown

CTRL = Qt.KeyboardModifier.ControlModifier
NARROW = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)


@pytest.fixture
def window(qtbot, caseworker):
    case_id = IntakeService(caseworker).save_intake(CLIENT, CHILDREN + PLEGERS)
    window = shown(qtbot, caseworker)
    window.case_id = case_id
    return window


def bindings(window) -> list[tuple[str, object, QWidget | None, Qt.ShortcutContext]]:
    """(key, owner, the widget it is bound to, context) for every shortcut in the window."""
    found = []
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            found.append((key.toString(), action, None, action.shortcutContext()))
    for shortcut in window.findChildren(QShortcut):
        if not shortcut.key().isEmpty():
            found.append((shortcut.key().toString(), shortcut, shortcut.parent(),
                          shortcut.context()))
    return found


def can_meet(a, b) -> bool:
    """Two bindings of one key clash unless both are narrow and neither holds the other."""
    (_k, _o, wa, ca), (_k2, _o2, wb, cb) = a, b
    if ca not in NARROW or cb not in NARROW:
        return True
    return wa is wb or wa.isAncestorOf(wb) or wb.isAncestorOf(wa)


def advertised(window) -> set[str]:
    texts = []
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
    return {m for text in texts for m in re.findall(r"\b(Ctrl\+(?:Shift\+)?[A-Z])\b", text)}


def everything_open(qtbot, window):
    """Every page that has shortcuts, with a case and the intake form open."""
    page = window.pages.pages["clienten"]
    page.open_case(window.case_id)
    qtbot.mouseClick(page.case_widget.client_detail.edit_button, Qt.MouseButton.LeftButton)
    page.new_intake()
    return page


def test_no_two_actions_share_a_shortcut(qtbot, window):
    everything_open(qtbot, window)
    found = bindings(window)
    clashes = [(a[0], a[1], b[1]) for i, a in enumerate(found) for b in found[i + 1:]
               if a[0] == b[0] and can_meet(a, b)]
    assert not clashes
    keys = {b[0] for b in found}
    assert {"Ctrl+F", "Ctrl+N", "Ctrl+L", "Ctrl+Q", "Ctrl+S"} <= keys


def test_every_advertised_shortcut_is_bound(qtbot, window):
    everything_open(qtbot, window)
    assert advertised(window) <= {b[0] for b in bindings(window)}
    assert {"Ctrl+F", "Ctrl+N", "Ctrl+L", "Ctrl+S"} <= advertised(window)


def press(qtbot, window, key):
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, CTRL)


def test_ctrl_f_and_ctrl_n_from_the_list(qtbot, window):
    page = window.pages.pages["clienten"]
    page.table.setFocus()
    press(qtbot, window, Qt.Key.Key_F)
    assert QApplication.focusWidget() is page.search
    press(qtbot, window, Qt.Key.Key_N)
    assert page.form is not None and page.stack.currentWidget() is page.form


def test_ctrl_f_and_ctrl_n_from_a_case(qtbot, window):
    page = window.pages.pages["clienten"]
    page.open_case(window.case_id)
    page.case_widget.tabs.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert page.stack.currentWidget() is page.form
    page.open_case(window.case_id)
    page.case_widget.tabs.setFocus()
    press(qtbot, window, Qt.Key.Key_F)
    assert page.stack.currentIndex() == 0 and QApplication.focusWidget() is page.search


def test_ctrl_f_and_ctrl_n_from_another_area(qtbot, window):
    window.show_area("aware")
    window.nav.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert window.current_area == "clienten" and window.pages.pages["clienten"].form is not None


def test_ctrl_s_saves_a_person_being_edited(qtbot, window, caseworker):
    page = window.pages.pages["clienten"]
    page.open_case(window.case_id)
    detail = page.case_widget.client_detail
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    field = detail.editor.fields["residence"]
    field.clear()
    qtbot.keyClicks(field, "Hoorn")
    press(qtbot, window, Qt.Key.Key_S)
    assert detail.editor is None
    assert IntakeService(caseworker).person(detail.view.id).data.residence == "Hoorn"


def test_ctrl_l_locks_from_the_intake_form(qtbot, window):
    window.pages.pages["clienten"].new_intake()
    window.pages.pages["clienten"].form.client.fields["last_name"].setFocus()
    press(qtbot, window, Qt.Key.Key_L)
    assert window.locked
