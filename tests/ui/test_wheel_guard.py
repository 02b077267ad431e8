"""The mouse wheel over a combo box the user has not entered scrolls the page and leaves her
choice alone (ui/wheel_guard.py): on Beheer a wheel turn over "Gebruiker" changed whose teams
would be saved."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from blijf_desktop.ui import wheel_guard


def turn(widget, notches: int = -1) -> None:
    """One wheel turn down over the middle of `widget`, delivered as Qt delivers it."""
    middle = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(middle, QPointF(widget.mapToGlobal(middle.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def page(qtbot, qapp):
    guard = wheel_guard.install(qapp)
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    name = QLineEdit()  # where her focus is while she scrolls
    layout.addWidget(name)
    layout.addSpacing(900)
    combo = QComboBox()
    combo.addItems(["Demo Beheerder", "Demo Nieuwe Hulpverlener", "Demo Collega"])
    layout.addWidget(combo)
    layout.addSpacing(900)
    area.setWidget(inner)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    area.ensureWidgetVisible(combo)
    qtbot.waitExposed(area)
    name.setFocus()
    assert not combo.hasFocus()
    yield area, combo
    qapp.removeEventFilter(guard)


def test_the_wheel_over_a_choice_not_entered_scrolls_the_page(page):
    area, combo = page
    before = area.verticalScrollBar().value()
    turn(combo)
    assert combo.currentIndex() == 0  # her choice stays
    assert area.verticalScrollBar().value() > before  # the page scrolled instead


def test_a_wheel_turn_does_not_give_the_choice_focus(page):
    """Qt's default for a combo box is focus by wheel (Qt.WheelFocus), given before any filter
    sees the turn: the guard makes it click or Tab only."""
    _area, combo = page
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_a_choice_she_entered_takes_the_wheel(page, qtbot):
    area, combo = page
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    turn(combo)
    assert combo.currentIndex() == 1
