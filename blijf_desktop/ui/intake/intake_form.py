"""A new intake on one calm, scrollable page: the client, the children, derden and plegers
around her, and the threat information she gives. Nothing typed is lost: every change is kept
as a draft (encrypted in the store), offered again the next time the form opens."""

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from blijf_desktop.domain.people import Category
from blijf_desktop.domain.validation import PersonCheck, check_person, past_date
from blijf_desktop.i18n import _, ngettext
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui import unsaved
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.intake import parts
from blijf_desktop.ui.intake.draft_bar import DraftBar
from blijf_desktop.ui.intake.form_state import DraftKeeping
from blijf_desktop.ui.intake.sections import CardSection, PersonCard
from blijf_desktop.ui.intake.threat_editor import ABOUT_CLIENT, ABOUT_LOCATION, ThreatEditor
from blijf_desktop.ui.keys import local_shortcut
from blijf_desktop.ui.teams.team_choice import TeamChoice
from blijf_desktop.ui.messages import error_message

_SECTIONS = (("children", Category.CHILD), ("derden", Category.DERDE), ("plegers", Category.PLEGER))


class IntakeForm(DraftKeeping, QWidget):
    """Signals: `saved(case_id)`, `cancelled()`. Call save_draft_now() before locking."""

    saved = Signal(int)
    cancelled = Signal()
    DRAFT_DELAY_MS = 1500

    def __init__(self, intake: IntakeService, parent: QWidget | None = None, today=date.today,
                 resume: bool = False):
        """`resume`: take up a kept draft at once (back after a lock) instead of offering it."""
        super().__init__(parent)
        self.intake = intake
        self.today = today
        self._finished = False  # saved or left: no more drafts from this form
        self._restoring = False
        self._last_draft: dict | None = None
        self._confirmed_warnings: tuple | None = None
        self._counting_errors = False  # the top message counts errors (a refused save)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        top = QVBoxLayout()
        top.setContentsMargins(common.MARGIN, common.MARGIN - 8, common.MARGIN, 10)
        top.setSpacing(10)
        top.addWidget(common.heading(_("Nieuwe intake")))
        self.draft_bar = DraftBar()
        self.message = common.MessageLabel()
        top.addWidget(self.draft_bar)
        top.addWidget(self.message)
        outer.addLayout(top)

        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(common.MARGIN, 4, common.MARGIN, common.MARGIN)
        column.setSpacing(28)
        column.addWidget(parts.grey_note(_(
            "Vul in wat de cliënt vertelt. Alleen de gegevens die het convenant toestaat staan op "
            "dit scherm. Wat u typt wordt tussendoor als concept bewaard.")))
        self.team = TeamChoice(intake.intake_teams())  # only with more than one (issue 22)
        column.addWidget(self.team)
        client_box = QVBoxLayout()
        client_box.setSpacing(common.SPACING)
        client_box.addWidget(parts.section_heading(_("Cliënt")))
        self.client_card = PersonCard(Category.CLIENT, today, removable=False)
        self.client = self.client_card.editor
        client_box.addWidget(self.client_card)
        column.addLayout(client_box)
        question = _("{card} verwijderen? Wat u bij deze persoon hebt ingevuld gaat verloren.")
        self.sections = {
            "children": CardSection(
                _("Kinderen"), _("Kinderen van de cliënt die bij de situatie betrokken zijn."),
                _("+ Kind toevoegen"), _("Kind {n}"), self._person_maker(Category.CHILD), question),
            "derden": CardSection(
                _("Derden"), _("Anderen rond de cliënt, bijvoorbeeld familie, een buur of een "
                               "nieuwe partner."),
                _("+ Derde toevoegen"), _("Derde {n}"), self._person_maker(Category.DERDE), question),
            "plegers": CardSection(
                _("Plegers"), _("De pleger of verdachte van het huiselijk geweld."),
                _("+ Pleger toevoegen"), _("Pleger {n}"), self._person_maker(Category.PLEGER),
                question),
        }
        self.threats = CardSection(
            _("Dreigingsinformatie"), _(
                "Door betrokkene aangedragen informatie: wat de cliënt vertelt over dreiging tegen "
                "haarzelf, een kind of een locatie."),
            _("+ Dreiging toevoegen"), _("Dreiging {n}"), lambda: ThreatEditor(self.today),
            _("{card} verwijderen? De beschrijving gaat verloren."))
        for section in (*self.sections.values(), self.threats):
            column.addWidget(section)
            section.changed.connect(self._on_changed)
            section.cards_changed.connect(self._structure_changed)
            section.card_added.connect(self._show_new_card)
        self.client.changed.connect(self._on_changed)
        self.sections["children"].changed.connect(self._update_children_choices)
        column.addStretch(1)

        page = QWidget()
        page_row = QHBoxLayout(page)
        page_row.setContentsMargins(0, 0, 0, 0)
        self.content.setMaximumWidth(980)
        page_row.addWidget(self.content, 1)
        page_row.addStretch(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(page)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self._bottom_bar())

        local_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.draft_bar.resume_button.clicked.connect(self._resume_draft)
        self.draft_bar.discard_button.clicked.connect(self._discard_offered_draft)
        self._offered = self._load_draft()
        if self._offered is not None:
            self.draft_bar.offer(self._offered)
        self._set_editable(self._offered is None)
        self._structure_changed()
        if resume and self._offered is not None:
            self._resume_draft()

    # -- building ------------------------------------------------------------------------
    def _person_maker(self, category: Category):
        return lambda: PersonCard(category, self.today)

    def _bottom_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("intakeButtons")
        bar.setStyleSheet("QFrame#intakeButtons { border-top:1px solid #d5d9df; }")
        self.save_button = common.primary_button(_("Opslaan"))
        self.save_button.setToolTip(_("Opslaan (Ctrl+S)"))
        self.cancel_button = common.secondary_button(_("Annuleren"))
        self.discard_button = common.secondary_button(_("Concept weggooien"))
        self.draft_note = parts.grey_note("")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        self.discard_button.clicked.connect(self.discard)
        row = QHBoxLayout(bar)
        row.setContentsMargins(common.MARGIN, 12, common.MARGIN, 12)
        row.setSpacing(10)
        row.addWidget(self.discard_button)
        row.addWidget(self.draft_note, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        return bar

    def _set_editable(self, editable: bool) -> None:
        self.content.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.discard_button.setEnabled(editable)

    def focus_first(self) -> None:
        """Where the keyboard starts: the offer of an earlier draft, else the first field."""
        if self._offered is not None:
            self.draft_bar.resume_button.setFocus()
        else:
            self.client.focus_chain()[0].setFocus()

    def _show_new_card(self, card: QWidget) -> None:
        card.focus_chain()[0].setFocus()
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(card, 0, 40))

    def _structure_changed(self) -> None:
        self._update_children_choices()
        for editor in self._editors():
            if not editor.property("errorsWatched"):
                editor.setProperty("errorsWatched", True)
                editor.problems_changed.connect(self._problems_changed)
        self._problems_changed()  # a removed card takes its errors with it
        chain = [self.draft_bar.resume_button, self.draft_bar.discard_button,
                 *self.client_card.focus_chain()]
        for section in (*self.sections.values(), self.threats):
            chain += section.focus_chain()
        chain += [self.discard_button, self.cancel_button, self.save_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _update_children_choices(self) -> None:
        children = []
        for number, card in enumerate(self.sections["children"].cards, start=1):
            name = card.editor.display_name()
            children.append((card.key, name or _("Kind {n} (nog zonder naam)").format(n=number)))
        for threat in self.threats.cards:
            threat.set_children(children)

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        """Check everything, show every problem at once; save only when no error remains and
        the warnings shown have been seen (a second press on Opslaan)."""
        if self._finished or self._offered is not None:
            return
        self.message.clear_message()
        self._counting_errors = False
        client_check, checks = self._check_people()
        threats = self._check_threats(checks)
        editors = [self.client, *(card.editor for card, _check in checks), *threats]
        first_error = next((e.first_error_widget() for e in editors if e.has_error()), None)
        if first_error is not None:
            self._counting_errors = True
            self._show_error_count()
            self._focus(first_error)
            return
        # Keyed by the checked value: leaving a field may reformat its text (1-1-1998 shows as
        # 01-01-1998), which is not a new answer to the warning.
        warnings = tuple((card.key, name, code, getattr(check.person, name, None))
                         for card, check in [(self.client_card, client_check), *checks]
                         for name, code in check.warnings.items())
        if warnings and warnings != self._confirmed_warnings:
            self._confirmed_warnings = warnings
            self.message.show_message(_(
                "Controleer wat in oranje is gemarkeerd. Klopt het toch? Druk dan nogmaals op "
                "Opslaan."), "warning")
            key, name = warnings[0][:2]
            self._focus(self._card_for(key).editor.fields[name])
            return

        others = [check.person for _card, check in checks]
        index = {card.key: i for i, (card, _check) in enumerate(checks)}
        entries = [(index.get(t.about_key()), t.entry()) for t in threats]
        try:
            with common.busy_cursor():
                case_id = self.intake.save_intake(client_check.person, others, entries,
                                                  team_id=self.team.team_id())
        except Exception as error:  # shown at the top; everything typed stays on screen
            self.message.show_error(error_message(error))
            return
        self._finished = True
        self._draft_timer.stop()
        self.saved.emit(case_id)

    def _editors(self) -> list:
        return [self.client, *(card.editor for section in self.sections.values()
                               for card in section.cards), *self.threats.cards]

    def _error_count(self) -> int:
        return sum(1 for e in self._editors() for n in e.notes.values() if n.kind == "error")

    def _show_error_count(self) -> None:
        """The count of errors after a save was refused, kept true as fields are fixed; when
        none is left it says so (a message that stops being true is replaced)."""
        count = self._error_count()
        if count == 0:  # said in place of the count, so the form below does not move up
            self._counting_errors = False
            self.message.show_message(_("Alles klopt nu. Druk op Opslaan om de intake op te "
                                        "slaan."), "info")
            return
        self.message.show_error(ngettext(
            "Nog niet opgeslagen: {count} gegeven klopt nog niet. Het is rood gemarkeerd.",
            "Nog niet opgeslagen: {count} gegevens kloppen nog niet. Ze zijn rood gemarkeerd.",
            count).format(count=count))

    def _problems_changed(self) -> None:
        if self._counting_errors:
            self._show_error_count()

    def _check_people(self) -> tuple[PersonCheck, list[tuple[PersonCard, PersonCheck]]]:
        """The client and every card with something in it; an empty card is left out."""
        today = self.today()
        client_raw = self.client.raw()
        client_check = check_person(Category.CLIENT, client_raw, today)
        self.client.show_check(client_check)
        client_birth = past_date(client_raw["birth_date"], today).value
        checks = []
        for name, category in _SECTIONS:
            for card in self.sections[name].cards:
                if not card.has_text():
                    card.editor.show_check(PersonCheck(None))
                    continue
                check = check_person(category, card.editor.raw(), today,
                                     client_birth if category is Category.CHILD else None)
                card.editor.show_check(check)
                checks.append((card, check))
        return client_check, checks

    def _check_threats(self, checks) -> list[ThreatEditor]:
        """The threats with something in them; one about a child can only point at a child
        that is saved too."""
        choices = {ABOUT_CLIENT, ABOUT_LOCATION, *(card.key for card, _check in checks
                                                   if card.editor.category is Category.CHILD)}
        threats = []
        for threat in self.threats.cards:
            if threat.is_blank():
                threat.clear_problems()
                continue
            threat.check(choices)
            threats.append(threat)
        return threats

    def _card_for(self, key: str) -> PersonCard:
        cards = [self.client_card, *(c for s in self.sections.values() for c in s.cards)]
        return next(card for card in cards if card.key == key)

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(widget, 0, 80)
        # Again once the notes just shown have taken their place in the layout.
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(widget, 0, 80))

    # -- leaving -------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return not self._finished and self._offered is None and not self.is_empty()

    def may_leave(self) -> bool:
        """Opslaan saves the intake (it stays open if something is not right yet); Niet
        opslaan closes it and keeps what was typed as the draft, offered next time."""
        if not self.has_unsaved_changes():
            return True
        choice = unsaved.ask(self, _(
            "Deze intake is nog niet opgeslagen. Bij Niet opslaan blijft wat u hebt ingevuld "
            "bewaard als concept; u kunt er later mee verder."))
        if choice is unsaved.Choice.SAVE:
            self.save()
            return self._finished
        if choice is unsaved.Choice.DISCARD:
            # When even the draft cannot be written (a full disk), she decides: a way out
            # must remain, but never without saying what is lost.
            if not self.save_draft_now() and not parts.confirm(
                    self, _("Concept niet bewaard"), _(
                        "Het concept kon niet worden bewaard. Toch sluiten? Wat u hebt "
                        "ingevuld gaat dan verloren."), _("Ja, toch sluiten"),
                    _("Nee, terug naar de intake")):
                self.message.show_error(_("Het concept kon niet worden bewaard. Wat u hebt "
                                          "ingevuld staat nog op het scherm."))
                return False
            self._finished = True
            self.cancelled.emit()
            return True
        return False

    def cancel(self) -> None:
        if not self.is_empty() and self._offered is None:
            if not parts.confirm(self, _("Intake annuleren"), _(
                    "Intake annuleren? Wat u hebt ingevuld blijft bewaard als concept."),
                    _("Ja, annuleren"), _("Nee, verder invullen")):
                return
            if not self.save_draft_now():
                self.message.show_error(_("Het concept kon niet worden bewaard. Wat u hebt "
                                          "ingevuld staat nog op het scherm."))
                return
        self._finished = True
        self.cancelled.emit()

    def discard(self) -> None:
        if not parts.confirm(self, _("Concept weggooien"), _(
                "Concept weggooien? Alles wat u in deze intake hebt ingevuld wordt gewist."),
                _("Ja, weggooien"), _("Nee, bewaren")):
            return
        try:
            self.intake.discard_draft()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self._finished = True
        self._draft_timer.stop()
        self.cancelled.emit()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.save_draft_now()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.save_draft_now()
        super().closeEvent(event)
