"""The lock: an idle timer over all user input, a watch on what we put on the clipboard, and
the lock screen. Locking itself (close dialogs, clear clipboard, drop pages, drop the key) is
done by the main window, which owns what must be dropped."""

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from blijf_desktop.i18n import _
from blijf_desktop.services.errors import TooManyAttempts, WrongCredentials
from blijf_desktop.services.session import Session
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, add_row, button_row, explanation, form_layout, heading, primary_button,
    secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

log = logging.getLogger(__name__)

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Emits `idle` once after `minutes` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        self._timer.timeout.connect(self.idle)
        self._watching = False

    def set_minutes(self, minutes: float) -> None:
        """A new idle time, counted from now when the watch is running."""
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        if self._watching:
            self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._watching

    def start(self) -> None:
        if not self._watching:
            QApplication.instance().installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        if self._watching:
            QApplication.instance().removeEventFilter(self)
            self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False


class ClipboardWatch(QObject):
    """Remembers what this app put on the clipboard (a copy while one of our windows had the
    focus), so the lock clears it, and leaves alone what another program put there."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ours: str | None = None
        self._clipboard = QGuiApplication.clipboard()
        self._clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        ours = (self._clipboard.ownsClipboard()
                or QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive)
        text = self._clipboard.text()
        self._ours = text if ours and text else None

    def clear_if_ours(self) -> bool:
        """At lock: clear the clipboard if it still holds what we put there, and the X11/
        Wayland PRIMARY selection (text selected in our fields, pasted with the middle
        button) if we own it. Another program's clipboard or selection is left alone."""
        selection = self._clear_selection_if_ours()
        if self._ours is None:
            return selection
        cleared = self._clipboard.text() == self._ours
        if cleared:
            self._clipboard.clear()
        self._ours = None
        return cleared or selection

    def _clear_selection_if_ours(self) -> bool:
        if not (self._clipboard.supportsSelection() and self._clipboard.ownsSelection()):
            return False
        self._clipboard.clear(QClipboard.Mode.Selection)
        return True


def unlock_problem(error: Exception) -> str:
    """Why an unlock failed. The screen asks only for the passphrase of a user it names, so a
    refusal means that passphrase was wrong; the login's "user name or passphrase" (which must
    not tell whether a name exists) would send the user looking for a mistake she cannot make."""
    if isinstance(error, WrongCredentials):
        return _("Dit wachtwoord klopt niet. Let op hoofdletters en op Caps Lock.")
    return error_message(error)


class LockScreen(QWidget):
    """Shown in place of everything while the session is locked. Emits `unlocked` after a
    successful unlock, `logout_requested` when someone else wants to sign in."""

    unlocked = Signal()
    logout_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("lockScreen")
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.update_countdown)

        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(520)
        card.setStyleSheet("#lockCard { background: palette(base); border: 1px solid #c9ccd1;"
                           " border-radius: 10px; }")
        self.title = heading(_("Blijf Desktop is vergrendeld"))
        self.who = explanation(_("Aangemeld als {name}. Vul uw wachtwoord in om verder te "
                                 "werken.").format(name=session.user.display_name))
        self.passphrase = PassphraseField(show_meter=False)
        self.message = MessageLabel()
        self.countdown = MessageLabel()
        self.unlock_button = primary_button(_("Ontgrendelen"))
        self.unlock_button.clicked.connect(self.try_unlock)
        self.logout_button = secondary_button(_("Afmelden"))
        self.logout_button.setToolTip(_("Afmelden, zodat iemand anders zich kan aanmelden"))
        self.logout_button.clicked.connect(self.logout_requested)
        self.passphrase.edit.returnPressed.connect(self.try_unlock)

        form = form_layout()
        add_row(form, _("&Wachtwoord:"), self.passphrase)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.countdown)
        inner.addLayout(button_row(self.unlock_button, left=(self.logout_button,)))

        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        self.setTabOrder(self.passphrase.edit, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.logout_button)
        self.setFocusProxy(self.passphrase)
        self.update_countdown()  # a back-off may still run from failures before the lock

    # -- unlock --------------------------------------------------------------------------
    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.message.show_error(_("Vul uw wachtwoord in."))
            self.passphrase.setFocus()
            return
        self.message.clear_message()
        self.countdown.clear_message()
        try:
            self.session.unlock(passphrase)
        except TooManyAttempts:
            self.update_countdown()
            return
        except Exception as error:  # shown inline, never a traceback
            self.message.show_error(unlock_problem(error))
            self.passphrase.edit.selectAll()
            self.passphrase.setFocus()
            self.update_countdown()
            return
        self._timer.stop()
        self.passphrase.clear()
        self.unlocked.emit()

    # -- back-off ------------------------------------------------------------------------
    def update_countdown(self) -> None:
        """Unlocking is disabled while the back-off runs; called each second by the timer."""
        try:
            wait = self.session.guard.wait_seconds()
        except Exception as error:
            self.message.show_error(error_message(error))
            wait = 0.0
        if wait > 0:
            self.unlock_button.setEnabled(False)
            self.passphrase.setEnabled(False)
            self.countdown.show_message(error_message(TooManyAttempts(wait)), "warning")
            if not self._timer.isActive():
                self._timer.start()
            return
        was_waiting = self._timer.isActive()
        self._timer.stop()
        self.unlock_button.setEnabled(True)
        self.passphrase.setEnabled(True)
        if was_waiting:
            self.countdown.show_message(_("U kunt het nu opnieuw proberen."), "info")
            self.passphrase.edit.selectAll()
            self.passphrase.setFocus()
