"""One rule for every editor: leaving it with unsaved changes asks *Opslaan / Niet opslaan /
Annuleren*. Pages, editors and dialogs that take text use `ask()` and nothing else, so the
question, its buttons and its keyboard behaviour are the same everywhere.

An editor (a page, a form, a dialog) that holds typed text offers:
- `has_unsaved_changes() -> bool`
- `may_leave() -> bool`: ask if needed; Opslaan saves (False if the save failed: the editor
  stays, with its message), Niet opslaan drops the changes, Annuleren stays.
"""

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from blijf_desktop.i18n import _


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask(parent: QWidget, text: str, title: str | None = None) -> Choice:
    """Ask whether to save before leaving. Enter saves, Esc (or closing the box) stays."""
    box = QMessageBox(QMessageBox.Icon.Question, title or _("Niet opgeslagen wijzigingen"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(_("Opslaan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Niet opslaan"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.CANCEL


def leave(editor, text: str, save, discard=None) -> bool:
    """The usual may_leave(): nothing unsaved → True; else ask, then `save()` (returns True
    when saved) or `discard()`; Annuleren → False."""
    if not editor.has_unsaved_changes():
        return True
    choice = ask(editor, text)
    if choice is Choice.SAVE:
        return bool(save())
    if choice is Choice.DISCARD:
        if discard is not None:
            discard()
        return True
    return False
