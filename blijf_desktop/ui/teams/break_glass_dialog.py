"""Break-the-glass: open a case of another team with a reason (issue 22; Blijf 6.1).

A choice from the list kept in domain/need_to_know.py and a text, both required; the service
refuses without them, and the dialog shows its Dutch message beside the field, keeping what
was typed. Keyboard alone: Alt+R the reason, Alt+T the text, Enter opens, Esc asks first when
something was typed."""

from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from blijf_desktop.domain.need_to_know import BREAK_GLASS_TEXT_MAX
from blijf_desktop.i18n import _
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui.dialogs.common import (
    AsksBeforeLeaving, MessageLabel, add_row, boxed, button_row, explanation, form_layout,
    heading, leave_button, line_edit, page_layout, primary_button,
)
from blijf_desktop.ui.messages import error_message


def break_glass_problem(field: str, problem: str) -> str:
    messages = {
        ("reason", "required"): _("Kies waarom u deze casus opent."),
        ("reason", "unknown"): _("Kies een reden uit de lijst."),
        ("text", "required"): _("Licht de reden toe: de teamleider van het andere team leest "
                                "het."),
        ("text", "too_short"): _("Licht de reden in een zin toe (minstens 10 tekens)."),
        ("text", "too_long"): _("Deze toelichting is te lang: hoogstens {n} tekens.").format(
            n=BREAK_GLASS_TEXT_MAX),
        ("case", "own_team"): _("Deze casus hoort bij uw eigen team: openen kan zonder reden."),
        ("case", "already_open"): _("U hebt deze casus al geopend; dat geldt tot u zich "
                                    "afmeldt."),
    }
    return messages.get((field, problem)) or error_message(InvalidInput(field, problem))


class BreakGlassDialog(AsksBeforeLeaving, QDialog):
    def __init__(self, session, case_id: int, team_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = BreakGlassService(session)
        self.case_id = case_id
        self.break_id: int | None = None
        self.setWindowTitle(_("Casus van een ander team openen"))
        self.setMinimumWidth(560)

        self.reason = QComboBox()
        self.reason.addItem(_("Kies een reden…"), "")
        for code, label in self.service.reasons():
            self.reason.addItem(_(label), code)
        self.text = line_edit(BREAK_GLASS_TEXT_MAX)
        self.text.setPlaceholderText(_("Bijvoorbeeld: zij meldt zich nu aan onze balie"))
        self.reason_message = MessageLabel()
        self.text_message = MessageLabel()
        self.message = MessageLabel()
        self.open_button = primary_button(_("Openen met deze reden"))
        self.open_button.clicked.connect(self.submit)
        self.cancel_button = cancel = leave_button(_("Annuleren"))
        cancel.clicked.connect(self.reject_by_user)
        self.reason.currentIndexChanged.connect(lambda _i: self.reason_message.clear_message())
        self.text.textEdited.connect(lambda _t: self.text_message.clear_message())

        layout = page_layout(self)
        layout.addWidget(heading(_("Casus van {team}").format(team=team_name)))
        layout.addWidget(explanation(_(
            "Deze casus hoort bij {team}, niet bij uw team. U opent hem alleen als uw taak "
            "het nu vraagt (convenant art. 6.1).").format(team=team_name)))
        form = form_layout()
        add_row(form, _("&Reden:"), self.reason)
        form.addRow("", self.reason_message)
        add_row(form, _("&Toelichting:"), self.text)
        form.addRow("", self.text_message)
        layout.addLayout(form)
        layout.addWidget(boxed(_(
            "De teamleider van {team} en de functioneel beheerder zien dat u deze casus "
            "opende, met uw reden en toelichting. U kunt hem lezen tot u zich afmeldt; daarna "
            "vraagt openen opnieuw een reden.").format(team=team_name), "info"))
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(button_row(cancel, self.open_button))
        self.setTabOrder(self.reason, self.text)
        self.setTabOrder(self.text, self.open_button)
        self.setTabOrder(self.open_button, cancel)
        self.reason.setFocus()

    # -- leaving ---------------------------------------------------------------------------
    def typed_fields(self) -> list:
        return [self.text]

    def leave_question(self) -> str:
        return _("De casus is nog niet geopend. Wilt u hem nu openen met deze reden?")

    def submit_from_question(self) -> None:
        self.submit()

    def submit(self) -> None:
        try:
            self.break_id = self.service.break_glass(self.case_id, self.reason.currentData(),
                                                     self.text.text())
        except InvalidInput as refused:  # beside its field; what was typed stays
            target = {"reason": (self.reason_message, self.reason),
                      "text": (self.text_message, self.text)}.get(refused.field)
            text = break_glass_problem(refused.field, refused.problem)
            if target is None:
                self.message.show_error(text)
                return
            target[0].show_error(text)
            target[1].setFocus()
            return
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self.accept()
