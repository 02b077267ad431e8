"""A passphrase entry with a show/hide toggle and, where a new passphrase is chosen, a
strength meter and a hint that says the minimum plainly. The hint keeps a fixed height, so the
field below it stays put while typing. The rules live in domain.passphrase."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from blijf_desktop.domain.passphrase import MIN_LENGTH, Strength, assess, personal_words
from blijf_desktop.i18n import _
from blijf_desktop.ui.messages import passphrase_problem
from blijf_desktop.ui.widgets.fixed_lines import FixedLinesLabel

_BAR_COLOURS = {0: "#b03a2e", 1: "#b03a2e", 2: "#b03a2e", 3: "#b9770e", 4: "#1e8449"}
_HINT_COLOURS = {"neutral": "#555555", "problem": "#8b1e1e", "ok": "#1d5e33"}


class PassphraseField(QWidget):
    """API: text(), setText(), clear(), is_acceptable(), strength(), set_owner(); signal
    `changed`."""

    changed = Signal()

    def __init__(self, show_meter: bool = True, parent: QWidget | None = None,
                 min_length: int = MIN_LENGTH):
        """`min_length`: the store's minimum where a store is open (services/settings.py)."""
        super().__init__(parent)
        self.show_meter = show_meter
        self.min_length = min_length
        self._personal: tuple[str, ...] = ()

        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMinimumWidth(260)
        self.edit.setMinimumHeight(30)  # as common.FIELD_HEIGHT
        self.edit.textChanged.connect(self._on_text_changed)

        self.toggle = QToolButton()
        self.toggle.setText(_("Toon"))
        self.toggle.setCheckable(True)
        self.toggle.setMinimumHeight(30)
        # Out of the tab chain: Tab goes from field to field, as a tired user expects.
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.setToolTip(_("Wachtwoord tonen of verbergen"))
        self.toggle.setAccessibleName(_("Wachtwoord tonen"))
        self.toggle.toggled.connect(self._on_toggle)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)

        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName(_("Sterkte van het wachtwoord"))
        # Two lines, also for a one-line hint: the field below never moves while typing.
        self.hint = FixedLinesLabel(lines=2)
        if show_meter:
            layout.addWidget(self.meter)
            layout.addWidget(self.hint)
        else:
            self.meter.hide()
            self.hint.hide()

        self.setFocusProxy(self.edit)
        self._update_meter()

    # -- API -----------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()

    def set_owner(self, *texts: str) -> None:
        """The name and user name of whose passphrase this is: the meter counts them as the
        first guesses, as the service does."""
        personal = personal_words(*texts)
        if personal != self._personal:
            self._personal = personal
            self._update_meter()

    def strength(self) -> Strength:
        return assess(self.edit.text(), self._personal, self.min_length)

    def is_acceptable(self) -> bool:
        return self.strength().acceptable

    def problem_text(self) -> str | None:
        """The Dutch reason this passphrase is not accepted, or None."""
        strength = self.strength()
        return None if strength.acceptable else passphrase_problem(strength.problem,
                                                                   self.min_length)

    # -- internals -----------------------------------------------------------------------
    def _on_toggle(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText(_("Verberg") if shown else _("Toon"))

    def _on_text_changed(self, _text: str) -> None:
        self._update_meter()
        self.changed.emit()

    def _update_meter(self) -> None:
        if not self.show_meter:
            return
        text = self.edit.text()
        strength = self.strength()
        if not text:
            self._set_hint(_("Minstens {n} tekens. Tip: een zin van vier of vijf woorden is "
                             "sterk en goed te onthouden.").format(n=self.min_length), "neutral")
            self._set_bar(0, 0)
            return
        self._set_bar(max(strength.score, 1), strength.score)
        if strength.problem == "too_short":
            self._set_hint(_("{message} Nu {count}.").format(
                message=passphrase_problem(strength.problem, self.min_length), count=len(text)),
                "problem")
        elif not strength.acceptable:
            self._set_hint(passphrase_problem(strength.problem, self.min_length), "problem")
        else:
            self._set_hint(_("Sterk."), "ok")

    def _set_bar(self, value: int, score: int) -> None:
        self.meter.setValue(value)
        colour = _BAR_COLOURS.get(score, "#b03a2e")
        self.meter.setStyleSheet(
            "QProgressBar { background:#e4e4e4; border:none; border-radius:4px; }"
            f"QProgressBar::chunk {{ background:{colour}; border-radius:4px; }}")

    def _set_hint(self, text: str, kind: str) -> None:
        self.hint.setText(text)
        self.hint.set_colour(_HINT_COLOURS[kind])
        self.meter.setAccessibleDescription(text)
        self.edit.setAccessibleDescription(text)  # read out on the field itself


def new_passphrase_ready(message, new: PassphraseField, repeat: PassphraseField,
                         mismatch: str) -> bool:
    """The checks a form with a new passphrase makes before it asks the service: strong
    enough, then typed the same twice. Shows the first problem in `message` (a MessageLabel)
    and puts the focus on the field to fix; what was typed stays."""
    if not new.is_acceptable():
        message.show_error(new.problem_text())
        new.setFocus()
        return False
    if new.text() != repeat.text():
        message.show_error(mismatch)
        repeat.setFocus()
        return False
    return True
