"""The intake form's drafts: its whole state as plain JSON-able text, kept through the
service (encrypted in the store) a moment after each change, and offered again later.

A mixin of IntakeForm: it uses the form's client, sections, threats, timer and bars."""

import logging
from datetime import datetime

from blijf_desktop.i18n import _
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.ui.intake import parts
from blijf_desktop.ui.messages import error_message

log = logging.getLogger(__name__)
STATE_VERSION = 1
PERSON_SECTIONS = ("children", "derden", "plegers")
_CHILD = "child:"


class DraftKeeping:
    def form_state(self) -> dict:
        """Everything typed, as typed. A threat about a child names the child's position."""
        positions = {card.key: f"{_CHILD}{i}" for i, card in enumerate(self.sections["children"].cards)}
        threats = []
        for threat in self.threats.cards:
            raw = threat.raw()
            raw["about"] = positions.get(raw["about"], raw["about"])
            threats.append(raw)
        state = {"version": STATE_VERSION, "client": self.client.raw(), "threats": threats}
        for name in PERSON_SECTIONS:
            state[name] = [card.editor.raw() for card in self.sections[name].cards]
        return state

    def restore_state(self, state: dict) -> None:
        self._restoring = True
        try:
            self.client.set_raw(state.get("client") or {})
            for name in PERSON_SECTIONS:
                self.sections[name].clear()
                for raw in state.get(name) or []:
                    self.sections[name].add_card().editor.set_raw(raw)
            children = self.sections["children"].cards
            self.threats.clear()
            for raw in state.get("threats") or []:
                threat = self.threats.add_card()
                raw = dict(raw)
                about = str(raw.get("about") or "")
                if about.startswith(_CHILD):
                    position = about[len(_CHILD):]
                    found = position.isdigit() and int(position) < len(children)
                    raw["about"] = children[int(position)].key if found else ""
                threat.set_raw(raw)
        finally:
            self._restoring = False
        self._structure_changed()

    def is_empty(self) -> bool:
        return not (self.client.has_text()
                    or any(card.has_text() for name in PERSON_SECTIONS
                           for card in self.sections[name].cards)
                    or any(threat.has_text() for threat in self.threats.cards))

    def save_draft_now(self) -> bool:
        """Keep what is typed as the draft, now. False when nothing could be kept. An empty
        form is never kept, nor one still offering an older draft."""
        self._draft_timer.stop()
        if self._finished or self._offered is not None or self.is_empty():
            return False
        state = self.form_state()
        if state == self._last_draft:
            return True
        now = datetime.now()
        try:
            self.intake.save_draft(dict(state, saved_at=now.isoformat(timespec="seconds")))
        except Exception as error:  # e.g. locked meanwhile; no values in the log
            log.warning("intake draft not kept: %s", type(error).__name__)
            if isinstance(error, InvalidInput):  # too large: say so, the form keeps it all
                self.draft_note.setText(error_message(error))
            return False
        self._last_draft = state
        self.draft_note.setText(_("Concept bewaard om {time}.").format(time=now.strftime("%H:%M")))
        return True

    def _on_changed(self) -> None:
        if self._restoring or self._finished:
            return
        self._draft_timer.start()

    def _load_draft(self) -> dict | None:
        try:
            return self.intake.load_draft() or None
        except Exception as error:
            self.message.show_error(error_message(error))
            return None

    def _resume_draft(self) -> None:
        offered, self._offered = self._offered, None
        self.draft_bar.hide()
        self._set_editable(True)
        self.restore_state(offered)
        self._last_draft = self.form_state()
        self.client.focus_chain()[0].setFocus()

    def _discard_offered_draft(self) -> None:
        if not parts.confirm(self, _("Weggooien"), _(
                "De niet-afgemaakte intake weggooien? Wat daarin stond wordt gewist."),
                _("Ja, weggooien"), _("Nee, bewaren")):
            return
        try:
            self.intake.discard_draft()
        except Exception as error:
            self.message.show_error(error_message(error))
            return
        self._offered = None
        self.draft_bar.hide()
        self._set_editable(True)
        self.client.focus_chain()[0].setFocus()
