"""One request: what was asked, the term that applies and why, the steps so far, and the next
steps as small forms (consult, extend, decide, correct, answer), the refusal letter and lifting
a restriction. The service checks everything again; the forms tell its refusals in Dutch."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget,
)

from blijf_desktop.domain import rights as rules
from blijf_desktop.domain.rights import (
    DECISION_LABELS, PARTNER_LABELS, RECEIVED_LABELS, REFUSAL_GROUNDS, Phase, RequestKind,
)
from blijf_desktop.domain.people import FIELD_LABELS
from blijf_desktop.domain.validation import date_text
from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService, ref
from blijf_desktop.ui.aware.labels import day
from blijf_desktop.ui.aware.step_form import CHOSEN, COMBO, DATE, LINE, TEXT, Field, StepForm
from blijf_desktop.ui.dialogs.common import (
    MessageLabel, boxed, explanation, heading, secondary_button,
)
from blijf_desktop.ui.messages import error_message
from blijf_desktop.ui.rights import labels

CORRECTABLE = ("first_names", "prefix", "last_name", "street", "house_number", "postcode",
               "residence", "birth_place", "phone", "email")


class RequestView(QWidget):
    back = Signal()

    def __init__(self, service: RequestService, intake: IntakeService, request_id: int,
                 today=date.today, parent=None):
        super().__init__(parent)
        self.service, self.intake, self.request_id, self.today = service, intake, request_id, today
        self.form: StepForm | None = None
        self.stack = QStackedWidget()
        self.summary: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.refresh()

    def refresh(self) -> None:
        detail = self.service.request(self.request_id)
        self.detail = detail
        row, status = detail.row, detail.row.status
        summary = QWidget()
        if self.summary is not None:
            self.stack.removeWidget(self.summary)
            self.summary.deleteLater()
        self.summary = summary
        self.stack.insertWidget(0, summary)
        self.stack.setCurrentWidget(summary)
        layout = QVBoxLayout(summary)
        layout.addWidget(heading(_("{ref}: {kind} — {who}").format(
            ref=ref(row.request_id), kind=labels.kind(row.kind), who=row.person_name)))
        if row.restricted:
            layout.addWidget(boxed(_(
                "Verwerking beperkt: deze persoon is alleen te lezen, staat niet in zoeken en "
                "lijsten en gaat in geen nieuwe verstrekking mee."), "warning"))
        term = rules.term(row.kind, row.chain)
        lines = [
            _("Ontvangen op {day} ({how}).").format(day=day(row.received_on),
                                                   how=_(RECEIVED_LABELS[rules.ReceivedHow(
                                                       detail.request.received_how)])),
            _("Termijn: {deadline} — {term} ({article}).").format(
                deadline=labels.deadline(status) or day(status.answer_deadline),
                term=_("vier weken, gegevens uit de keten mensenhandel") if row.chain
                else _("één maand"), article=term.article),
            _("Stand: {phase}; {attention}.").format(phase=labels.phase(status.phase),
                                                     attention=labels.attention(status)),
        ]
        if detail.request.asked:
            lines.append(_("Gevraagd: {text}").format(text=detail.request.asked))
        if detail.coordination_missing:
            lines.append(_("Eerst afstemmen met: {who} (convenant art. 11.5).").format(
                who=", ".join(labels.partner(p) for p in detail.coordination_missing)))
        for line in lines:
            layout.addWidget(explanation(line))
        layout.addWidget(QLabel(_("Stappen")))
        for step in detail.steps:
            layout.addWidget(explanation("• " + self._step_text(step)))
        self.message = MessageLabel()
        layout.addWidget(self.message)
        layout.addLayout(self._buttons(detail))
        layout.addStretch(1)

    def _step_text(self, step) -> str:
        when = day(step.on_date)
        if step.step == "afstemming":
            who = ", ".join(labels.partner(p) for p in step.partners)
            return _("{day}: afgestemd met {who}").format(day=when, who=who)
        if step.step == "verlenging":
            return _("{day}: termijn verlengd met {n} maand(en) — {reason}").format(
                day=when, n=step.months, reason=step.reasons)
        if step.step == "besluit":
            return _("{day}: besluit: {decision}").format(day=when,
                                                          decision=labels.decision(step.decision))
        if step.step == "uitgevoerd":
            return _("{day}: uitgevoerd").format(day=when)
        return _("{day}: beantwoord").format(day=when)

    def _buttons(self, detail) -> QHBoxLayout:
        row = QHBoxLayout()
        done = {s.step for s in detail.steps}
        status = detail.row.status
        actions = [(_("&Terug naar de lijst"), self.back.emit, True)]
        open_ = "antwoord" not in done
        actions += [
            (_("&Afstemming…"), self.open_coordination, open_),
            (_("&Verlenging…"), self.open_extension, open_ and "verlenging" not in done
             and rules.term(detail.row.kind, detail.row.chain).extendable),
            (_("&Besluit…"), self.open_decision, open_ and "besluit" not in done),
            (_("&Correctie uitvoeren…"), self.open_correction,
             status.phase is Phase.UIT_TE_VOEREN and detail.row.kind is RequestKind.RECTIFICATIE),
            (_("A&ntwoord…"), self.open_answer, open_ and "besluit" in done),
            (_("&Weigeringsbrief opslaan…"), self.save_letter, any(
                s.step == "besluit" and s.decision != "toegewezen" for s in detail.steps)),
            (_("Beperking &opheffen…"), self.open_lift, detail.restriction is not None),
        ]
        for text, slot, shown in actions:
            if shown:
                button = secondary_button(text)
                button.clicked.connect(slot)
                row.addWidget(button)
        row.addStretch(1)
        return row

    # -- the step forms -------------------------------------------------------------------------
    def _open(self, title: str, fields: list[Field], submit, intro: str = "") -> StepForm:
        form = StepForm(title, intro, fields, submit,
                        _("Deze stap is nog niet vastgelegd. Wat wilt u doen?"),
                        problem_text=labels.rights_problem)
        form.saved.connect(lambda _id: self.close_form())
        form.cancelled.connect(self.close_form)
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
        self.form = form
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.first_field().setFocus()
        return form

    def close_form(self) -> None:
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        self.refresh()

    def open_coordination(self) -> StepForm:
        choices = tuple((p.value, _(text)) for p, text in PARTNER_LABELS.items())
        return self._open(_("Afstemming vastleggen"), [
            Field("partners", _("Afgestemd &met"), CHOSEN, choices,
                  checked=frozenset(self.detail.coordination_missing)),
            Field("on", _("&Datum"), DATE, initial=date_text(self.today())),
            Field("note", _("&Notitie"), TEXT, optional=True)],
            lambda d: self.service.coordinate(self.request_id, d["partners"], d["on"], d["note"]),
            _("Convenant art. 11.5: partijen stemmen af voordat de persoon antwoord krijgt."))

    def open_extension(self) -> StepForm:
        return self._open(_("Termijn verlengen"), [
            Field("months", _("&Verlengen met"), COMBO, ((1, _("één maand")),
                                                         (2, _("twee maanden")))),
            Field("reason", _("&Reden"), TEXT),
            Field("recorded_on", _("&Vastgelegd op"), DATE, initial=date_text(self.today()))],
            lambda d: self.service.extend(self.request_id, d["months"], d["reason"],
                                          d["recorded_on"]),
            _("AVG art. 12 lid 3: alleen binnen de eerste maand, met de reden; de persoon "
              "krijgt die reden te horen."))

    def open_decision(self) -> StepForm:
        grounds = tuple((code, _(words)) for code, (words, _a) in REFUSAL_GROUNDS.items())
        return self._open(_("Besluit vastleggen"), [
            Field("decision", _("&Besluit"), COMBO,
                  tuple((d.value, _(text)) for d, text in DECISION_LABELS.items())),
            Field("grounds", _("&Grond bij afwijzing"), CHOSEN, grounds, optional=True),
            Field("reasons", _("&Redenen"), TEXT, optional=True,
                  note=_("Verplicht bij een (gedeeltelijke) afwijzing; komt in de brief.")),
            Field("decided_on", _("Besloten &op"), DATE, initial=date_text(self.today()))],
            lambda d: self.service.decide(self.request_id, d["decision"], d["reasons"],
                                          d["grounds"], d["decided_on"]))

    def open_correction(self) -> StepForm:
        fields = tuple((name, _(FIELD_LABELS[name])) for name in CORRECTABLE)
        return self._open(_("Correctie uitvoeren"), [
            Field("field", _("&Gegeven"), COMBO, fields),
            Field("value", _("&Juiste waarde"), LINE)], self._correct,
            _("De oude waarde blijft in de historie; wie haar ontving, krijgt een taak om de "
              "correctie door te geven."))

    def _correct(self, data: dict) -> int:
        if not data["field"]:
            raise InvalidInput("field", "required")
        current = self.intake.person(self.detail.request.person_id).data
        new = replace(current, **{data["field"]: data["value"]})
        self.service.carry_out_rectification(self.request_id, new)
        return self.request_id

    def open_answer(self) -> StepForm:
        return self._open(_("Antwoord vastleggen"), [
            Field("answered_on", _("&Beantwoord op"), DATE, initial=date_text(self.today())),
            Field("how", _("&Hoe"), COMBO,
                  tuple((h.value, _(text)) for h, text in RECEIVED_LABELS.items()))],
            lambda d: self.service.record_answer(self.request_id, d["answered_on"], d["how"]))

    def open_lift(self) -> StepForm:
        return self._open(_("Beperking opheffen"), [Field("lift_reason", _("&Reden"), TEXT)],
                          lambda d: self.service.lift_restriction(
                              self.detail.request.person_id, d["lift_reason"]) or 0,
                          _("AVG art. 18 lid 3: laat de persoon dit vooraf weten."))

    def save_letter(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{_('weigering')}-{ref(self.request_id)}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Weigeringsbrief opslaan als PDF"),
                                                    suggested, _("PDF-bestanden (*.pdf)"))
        if path:
            self.write_letter(Path(path))

    def write_letter(self, path: Path) -> bool:
        try:
            self.service.save_refusal_letter(self.request_id, path)
        except Exception as error:  # shown inline, never a traceback
            self.message.show_error(error_message(error))
            return False
        self.message.show_message(_("Opgeslagen als {name}. Alleen u kunt het bestand lezen; "
                                    "druk het af en verwijder het daarna.").format(
                                        name=path.name), "success")
        return True

    # -- the editor rule ------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form is not None and self.form.has_unsaved_changes()

    def may_leave(self) -> bool:
        return self.form is None or self.form.may_leave()
