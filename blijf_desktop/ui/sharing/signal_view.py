"""The signaal mensenhandel on Controle, exactly as it leaves: the lines the service put in the
preview (`Disclosure.signal_lines`, domain/trafficking_signal.py rendering), laid out as the PDF
lays them out (reports/trafficking_signal.py signal_story) — headings bold, "label: value"
lines, what anonymisation left out said as such. Nothing is recomputed here. For an oral
exchange this is the only place the worker reads the signal before she says it
(Mensenhandel 9.4, 9.5: she passes on only what she has seen is needed)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from blijf_desktop.i18n import _
from blijf_desktop.ui.exchanges.labels import GROUP_STYLE


def line_text(line) -> str:
    """One note or field line as "label: value", as the PDF writes it."""
    if line.dropped:
        value = _("weggelaten (geanonimiseerd)")
    elif line.spec is not None and line.spec.kind == "check":
        value = "ja" if line.value == "ja" else "nee"  # as the PDF: the annex's words
    else:
        value = line.value or "—"
    indent = "    " if line.kind == "field" and line.spec is not None and line.spec.group else ""
    return f"{indent}{line.label}: {value}"


def _bold(text: str, size: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the annex's words, never markup
    label.setWordWrap(True)
    label.setStyleSheet(f"QLabel {{ font-weight:bold; {size} }}")
    return label


def _block(lines: list[str], name: str) -> QLabel:
    """The lines under one heading as one selectable text: one tab stop per section."""
    label = QLabel("\n".join(lines))
    label.setTextFormat(Qt.TextFormat.PlainText)  # the signal's texts are data
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setAccessibleName(name)
    return label


def signal_box(lines) -> QGroupBox:
    """A read-only section "Signaal mensenhandel" holding every line of the preview."""
    title = _("Signaal mensenhandel, zoals het meegaat")
    box = QGroupBox(title)
    box.setAccessibleName(title)
    box.setStyleSheet(GROUP_STYLE)
    column = QVBoxLayout(box)
    pending: list[str] = []
    section = title

    def flush() -> None:
        if pending:
            column.addWidget(_block(pending, section))
            pending.clear()

    for line in lines:
        if line.kind in ("title", "heading"):
            flush()
            section = line.label
            column.addWidget(_bold(line.label, "font-size:11pt;" if line.kind == "heading"
                                   else ""))
        elif line.kind == "group":
            pending.append(line.label)
        else:
            pending.append(line_text(line))
    flush()
    return box
