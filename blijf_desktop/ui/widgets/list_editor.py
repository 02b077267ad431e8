"""A list with, in its place, at most one item or form opened over it: the AWARE page and tab,
the signals of a case and the requests. The list is page 0 of a stack; what is opened lives in
one of the attributes the class names (`panel`, `form`) and passes ui/unsaved.py's editor rule
on: unsaved changes, may it be left, keep what is typed before the store closes."""

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from blijf_desktop.ui.widgets.list_table import replace_shown


class ListWithEditor:
    """Mixed into a QWidget. `editor_attributes` names where an opened item or form lives; at
    most one of them holds a widget at a time."""

    editor_attributes: tuple[str, ...] = ("panel",)

    def build_stack(self, list_page: QWidget) -> None:
        for attribute in self.editor_attributes:
            setattr(self, attribute, None)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def shown_editor(self) -> QWidget | None:
        for attribute in self.editor_attributes:
            widget = getattr(self, attribute)
            if widget is not None:
                return widget
        return None

    def show_editor(self, attribute: str, widget: QWidget) -> None:
        """Show `widget` in place of the list (or of what was opened before: it is deleted)."""
        for other in self.editor_attributes:
            if other != attribute:
                replace_shown(self, self.stack, other, None)
        replace_shown(self, self.stack, attribute, widget)

    def close_editor(self) -> bool:
        """Back to the list, unless what is opened may not be left (ui/unsaved.py asked)."""
        if not self.may_leave():
            return False
        for attribute in self.editor_attributes:
            replace_shown(self, self.stack, attribute, None)
        self.stack.setCurrentIndex(0)
        return True

    # -- the editor rule -----------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        editor = self.shown_editor()
        return editor is not None and editor.has_unsaved_changes()

    def may_leave(self) -> bool:
        editor = self.shown_editor()
        return editor is None or editor.may_leave()

    def keep_drafts(self) -> None:
        """Before the store closes: what is being typed, up to the last key."""
        editor = self.shown_editor()
        if editor is not None and hasattr(editor, "keep_drafts"):
            editor.keep_drafts()
