"""Signalen mensenhandel (issue 18): write a signal for a case following the covenant's annex,
pre-filled from the case so nothing is typed twice, and render it (PDF and labelled lines) for
the sharing service, which chooses the recipient, checks consent and records the exchange.

The rules are domain/trafficking_signal.py's; this layer re-checks them (the UI is not
trusted), owns the transactions and writes the audit trail with ids and codes only. A signal
can be changed until it is sent; `mark_sent` (called by the sharing service inside its own
transaction) makes it read-only. Writing needs RECORD_SIGNAL, reading VIEW_SHARING."""

from datetime import date, datetime
from typing import Callable, Collection, Mapping

from blijf_desktop.domain import sharing
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import date_text, description
from blijf_desktop.reports.trafficking_signal import SignalDocument, build_signal_pdf
from blijf_desktop.services.closed_case import ensure_may_change
from blijf_desktop.services.aware_documents import case_reference
from blijf_desktop.services import drafts
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit, persons, signals
from blijf_desktop.storage.signals import SignalNotSendable, StoredSignal

ORGANISATION = "Blijf Groep"


def _address(person: PersonData) -> str:
    """One line for the annex's Adres; a secret address is never filled in by itself."""
    if person.address_secret:
        return ""
    street = " ".join(p for p in (person.street, person.house_number) if p)
    return ", ".join(p for p in (street, person.postcode) if p)


def _personalia(prefix: str, person: PersonData) -> dict[str, str]:
    """Name, birth date, address and residence; of a secret address not even the town (the
    town of a shelter is the first step to the shelter)."""
    return {f"{prefix}.naam": person.full_name(),
            f"{prefix}.geboortedatum": date_text(person.birth_date) if person.birth_date else "",
            f"{prefix}.adres": _address(person),
            f"{prefix}.woonplaats": "" if person.address_secret else person.residence}


def mark_sent(conn, signal_id: int, exchange_id: int) -> None:
    """For the sharing service, inside the transaction that records the exchange: the signal
    went out in that exchange and is read-only from now on. InvalidInput("signal", problem)
    when they do not belong together (problem: see storage.signals.SignalNotSendable)."""
    try:
        signals.mark_sent(conn, signal_id, exchange_id)
    except SignalNotSendable as refused:
        raise InvalidInput("signal", refused.problem) from None


class SignalService:
    def __init__(self, session: Session, today: Callable[[], date] = date.today,
                 clock: Callable[[], datetime] | None = None):
        """`clock`: local time, for the 15.2 record's date and time; by default today's date
        (as `today` gives it) at the current time."""
        self.session = session
        self.today = today
        self.clock = clock or (lambda: datetime.combine(self.today(), datetime.now().time()))

    # -- writing -------------------------------------------------------------------------
    @requires(Permission.RECORD_SIGNAL)
    def prefill(self, case_id: int) -> dict[str, str]:
        """A new signal from what the case holds: the client as slachtoffer, the first pleger
        as uitbuiter/pleger (name, birth date, address unless secret, woonplaats), the user
        as contact person of Blijf Groep, today, and now as the signal's date and time.
        Nothing else is guessed: sex, nationality, residence status and living situation are
        not recorded outside a signal (Blijf art. 4) and start empty."""
        ensure_access(self.session, "case", case_id)
        people = persons.case_persons(self.session.db.conn, case_id)
        client = next((p for p in people if p.data.category is Category.CLIENT), None)
        if client is None:
            raise InvalidInput("case", "unknown")
        pleger = next((p for p in people if p.data.category is Category.PLEGER), None)
        values = ts.blank()
        values.update(_personalia("slachtoffer", client.data))
        if pleger is not None:
            values.update(_personalia("pleger", pleger.data))
        values.update({"ingevuld.contactpersoon": self.session.user.display_name,
                       "ingevuld.organisatie": ORGANISATION,
                       "ingevuld.datum": date_text(self.today()),
                       "signaal.datum_tijd": ts.datetime_text(self.clock())})
        used = [client.id] + ([pleger.id] if pleger else [])
        self.session.audit(AuditAction.VIEW, "case", str(case_id),
                           detail={"use": "signal_prefill", "persons": used})
        return values

    @requires(Permission.RECORD_SIGNAL)
    def save(self, case_id: int, fields: Mapping[str, str], signal_id: int | None = None) -> int:
        """Store a new signal (signal_id None) or change one not sent yet; return its id.
        Answers to a question that does not apply are not kept (trafficking_signal.asked_only).
        Refusals: InvalidInput(field code, problem), ("signal", "sent") once it went out."""
        ensure_may_change(self.session, "case", case_id)  # closed: read-only
        checked = ts.check(fields, self.today())
        if checked.problems:
            field, problem = next(iter(checked.problems.items()))
            raise InvalidInput(field, problem)
        values = ts.asked_only(checked.values)
        user_id = self.session.user.id
        with self.session.db.transaction() as conn:
            if not persons.case_persons(conn, case_id):
                raise InvalidInput("case", "unknown")
            if signal_id is None:
                signal_id = signals.insert(conn, case_id, values, user_id)
                new = True
            else:
                stored = signals.get(conn, signal_id)
                if stored is None or stored.case_id != case_id:
                    raise InvalidInput("signal", "unknown")
                if stored.sent:
                    raise InvalidInput("signal", "sent")
                signals.update(conn, signal_id, values, user_id)
                new = False
            audit.append(conn, AuditAction.CHANGE.value, user_id, "signal", str(signal_id),
                         detail={"case": case_id, "new": new})
            drafts.discard_on_commit(self.session, conn, signals.draft_kind(case_id))
        return signal_id

    # -- reading -------------------------------------------------------------------------
    @requires(Permission.VIEW_SHARING)
    def get(self, signal_id: int) -> StoredSignal:
        ensure_access(self.session, "signal", signal_id)
        stored = self._stored(signal_id)
        self.session.audit(AuditAction.VIEW, "signal", str(signal_id),
                           detail={"case": stored.case_id})
        return stored

    @requires(Permission.VIEW_SHARING)
    def for_case(self, case_id: int) -> list[StoredSignal]:
        """The case's signals, newest first."""
        ensure_access(self.session, "case", case_id)
        found = signals.for_case(self.session.db.conn, case_id)
        self.session.audit(AuditAction.VIEW, "case_signals", str(case_id),
                           detail={"signals": [s.id for s in found]})
        return found[::-1]

    @requires(Permission.DISCLOSE)  # the outgoing export: for who may disclose (Blijf 6.1)
    def render(self, signal_id: int, anonymised: bool, kinds: Collection[str],
               reason: str = "") -> tuple[bytes, str]:
        """The signal as a PDF and as labelled lines, built in memory (nothing on disk), for
        the sharing service. `kinds`: what may go (sharing.SIGNAL, and SIGNAL_ENFORCEMENT for
        the Handhaving section, Mensenhandel 21.8). Identifiable only with a reason why it is
        strictly needed (Mensenhandel 6.2, 9.5)."""
        ensure_access(self.session, "signal", signal_id)
        if anonymised is not True and anonymised is not False:
            raise InvalidInput("anonymised", "invalid")
        kinds = frozenset(kinds) if isinstance(kinds, (set, frozenset, list, tuple)) else None
        if not kinds or sharing.SIGNAL not in kinds or not kinds <= sharing.SIGNAL_KINDS:
            raise InvalidInput("kinds", "not_allowed")
        written = description(reason if isinstance(reason, str) else "")
        if written.error:
            raise InvalidInput("reason", written.error)
        if not anonymised and not written.value:
            raise InvalidInput("reason", "reason_required")
        stored = self._stored(signal_id)
        lines = ts.rendering(stored.fields, anonymised, kinds, written.value)
        pdf = build_signal_pdf(SignalDocument(case_reference(stored.case_id), self.today(),
                                              tuple(lines), anonymised))
        text = ts.labelled_lines(stored.fields, anonymised, kinds, written.value)
        self.session.audit(AuditAction.VIEW, "signal", str(signal_id), reason="render",
                           detail={"case": stored.case_id, "anonymised": anonymised,
                                   "kinds": sorted(kinds)})
        return pdf, text

    def _stored(self, signal_id: int) -> StoredSignal:
        stored = signals.get(self.session.db.conn, signal_id)
        if stored is None:
            raise InvalidInput("signal", "unknown")
        return stored

    # -- drafts (per user, per case) -----------------------------------------------------
    @requires(Permission.RECORD_SIGNAL)
    def save_draft(self, case_id: int, payload: dict) -> None:
        ensure_access(self.session, "case", case_id)
        drafts.keep(self.session, signals.draft_kind(case_id), payload)

    @requires(Permission.RECORD_SIGNAL)
    def load_draft(self, case_id: int) -> dict | None:
        ensure_access(self.session, "case", case_id)
        return drafts.load(self.session, signals.draft_kind(case_id))

    @requires(Permission.RECORD_SIGNAL)
    def discard_draft(self, case_id: int) -> None:
        ensure_access(self.session, "case", case_id)
        drafts.discard(self.session, signals.draft_kind(case_id))
