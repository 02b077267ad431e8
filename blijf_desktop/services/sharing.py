"""A new exchange, as a guided flow (issue 18): recipient and purpose → people → per person the
kinds of data that recipient may receive for that category (domain/sharing.py), everything else
excluded and shown as excluded → a preview of exactly what will leave → the PDF or an oral
exchange recorded → the register. Nobody types what leaves: this service computes it, and
computes it again when it is recorded; what was previewed must be what is recorded (the hash).

The gate: a route that needs a consent (Mensenhandel 12.17, 21.5) or criminal data for a
non-party (21.8) is refused unless an active consent covers every person and kind on that day
(services/consent.py). Police data never leaves (Blijf 5.2, 5.8). Chain recipients receive
anonymised data unless the user states why identifiable data is strictly needed (Mensenhandel
6.2, 9.5); a secret address leaves only when the user revealed it for this exchange."""

import hashlib
import json
from datetime import date, datetime
from typing import Mapping

from blijf_desktop.domain import sharing
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.clock import is_behind
from blijf_desktop.domain.exchanges import Direction, Initiative
from blijf_desktop.domain.people import ADDRESS_FIELDS
from blijf_desktop.domain.police import POLICE_DERIVED_KINDS, Channel
from blijf_desktop.domain.roles import Permission
from blijf_desktop.domain.validation import description
from blijf_desktop.reports.disclosure import DisclosureDocument, build_disclosure
from blijf_desktop.services.consent import gate_in
from blijf_desktop.services.errors import InvalidInput, enum_value
from blijf_desktop.services.sharing_content import (
    ANONYMISED_OUT, CATEGORY_RANK, CONTENT_VERSION, EMPTY, KIND_RANK, NOT_ALLOWED, NOT_CHOSEN,
    RESTRICTED, SECRET_ADDRESS, Disclosure, Excluded, Gate, PersonOffer, PersonOut, Request,
    basis_text, recorded_kinds, shown_as, shown_value, signal_fields, signal_items,
    signal_names_masked, value_of)
from blijf_desktop.services.restriction import refuse_restricted, restricted_among
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.session import Session, requires
from blijf_desktop.services.signals import mark_sent
from blijf_desktop.storage import audit, consents, disclosures, exchanges, persons, signals
from blijf_desktop.storage.exchanges import NewExchange, NewItem

def _problem(name: str, code: str):
    raise InvalidInput(name, code)


class SharingService:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    # -- step 1: recipient and purpose ---------------------------------------------------------
    @requires(Permission.DISCLOSE)
    def recipients(self) -> list[sharing.Recipient]:
        """The recipients a user may choose: never the EMM, never one outside the EU."""
        return [r for r in sharing.RECIPIENTS.values() if sharing.choosable(r)]

    @requires(Permission.DISCLOSE)
    def purposes(self, recipient: str) -> list[tuple[str, str | None]]:
        """The purposes for a recipient, each with why it is refused (None: it may). The
        incompatible purposes are listed too, refused, so the user sees why (Mensenhandel
        14.8)."""
        self._check_recipient(recipient)
        found = [(p, sharing.purpose_problem(recipient, p)) for p in sharing.purposes_for(recipient)]
        return found + [(p, "incompatible") for p in sorted(sharing.INCOMPATIBLE)]

    # -- step 2: people and kinds --------------------------------------------------------------
    @requires(Permission.DISCLOSE)
    def offer(self, case_id: int, recipient: str, purpose: str) -> list[PersonOffer]:
        self._check_route(recipient, purpose)
        conn = self.session.db.conn
        people = self._people(conn, case_id)
        threats = persons.case_threats(conn, case_id)
        has_signal = bool(signals.for_case(conn, case_id))
        restricted = restricted_among(conn, [r.id for r in people])
        offers = []
        for record in people:
            allowed = sharing.allowed_kinds(recipient, purpose, record.data.category)
            recorded = recorded_kinds(record)
            offered, excluded = [], []
            for kind in recorded:
                if kind in sharing.SIGNAL_KINDS and not has_signal:
                    continue
                if record.id in restricted:
                    excluded.append(Excluded(kind, RESTRICTED))
                elif kind not in allowed:
                    excluded.append(Excluded(kind, NOT_ALLOWED))
                elif not (has_signal if kind in sharing.SIGNAL_KINDS
                          else value_of(record, kind, threats)):
                    excluded.append(Excluded(kind, EMPTY))
                else:
                    offered.append(kind)
            offers.append(PersonOffer(record.id, record.data.category, record.data.full_name(),
                                      record.data.address_secret, tuple(offered), tuple(excluded)))
        self.session.audit(AuditAction.VIEW, "disclosure_offer", str(case_id),
                           detail={"recipient": recipient, "purpose": purpose})
        return offers

    # -- step 3: the preview -------------------------------------------------------------------
    @requires(Permission.DISCLOSE)
    def preview(self, case_id: int, recipient: str, purpose: str,
                chosen: Mapping[int, set[str] | frozenset[str]], *,
                identifiable_reason: str = "", identifiable: bool = False,
                reveal_secret: frozenset[int] | set[int] = frozenset(),
                signal_id: int | None = None, on: date | None = None) -> Disclosure:
        """Exactly what will leave, computed from the store. Audited as a preview. A signal
        mensenhandel goes with the client's signal kinds (`signal_id`: which one)."""
        found = self._compute(self.session.db.conn, case_id, recipient, purpose, chosen,
                              identifiable_reason, identifiable, frozenset(reveal_secret),
                              on or self.today(), signal_id)
        self._audit_reveals(found)
        self.session.audit(AuditAction.VIEW, "disclosure_preview", str(case_id), detail={
            "recipient": recipient, "purpose": purpose, "anonymised": found.anonymised,
            "persons": sorted(found.leaving()), "revealed": sorted(reveal_secret),
            "gate_open": found.gate.open, "signal": signal_id, "sha256": found.content_sha256})
        return found

    @requires(Permission.DISCLOSE)
    def document(self, disclosure: Disclosure) -> bytes:
        """The PDF of a preview, built in memory (nothing on disk): computed again from the
        store with the preview's choices, never from the object handed in; refused when the
        data changed since the preview or the gate is closed. Audited."""
        request = getattr(disclosure, "request", None)
        if not isinstance(disclosure, Disclosure) or not isinstance(request, Request):
            raise InvalidInput("preview", "required")
        found = self._compute(self.session.db.conn, request.case_id, request.recipient,
                              request.purpose, dict(request.chosen), request.identifiable_reason,
                              request.identifiable, frozenset(request.reveal_secret),
                              self.today(), request.signal_id)
        if found.content_sha256 != disclosure.content_sha256:
            raise InvalidInput("preview", "changed_since_preview")
        self._check_gate(found)
        pdf = build_disclosure(self._document_input(found, self.today()))
        self.session.audit(AuditAction.VIEW, "disclosure_document", str(request.case_id),
                           reason="preview_pdf", detail={
                               "recipient": request.recipient, "purpose": request.purpose,
                               "sha256": found.content_sha256})
        return pdf

    # -- step 4: record it ---------------------------------------------------------------------
    @requires(Permission.DISCLOSE)
    def disclose(self, case_id: int, recipient: str, purpose: str,
                 chosen: Mapping[int, set[str] | frozenset[str]], *, expected_sha256: str,
                 oral_or_written: Channel | str, asked: Initiative | str,
                 identifiable_reason: str = "", identifiable: bool = False,
                 reveal_secret: frozenset[int] | set[int] = frozenset(),
                 signal_id: int | None = None) -> int:
        """Record the exchange: computed again, it must be exactly what was previewed; the gate
        must be open. A written exchange keeps its PDF with its SHA-256; both keep the exact
        content. Returns the register id."""
        ensure_access(self.session, "case", case_id)  # before the transaction: it audits
        channel = enum_value(Channel, oral_or_written, "channel")
        initiative = enum_value(Initiative, asked, "initiative")
        today = self.today()
        user = self.session.user
        with self.session.db.transaction() as conn:
            found = self._compute(conn, case_id, recipient, purpose, chosen, identifiable_reason,
                                  identifiable, frozenset(reveal_secret), today, signal_id)
            if found.content_sha256 != expected_sha256:
                raise InvalidInput("preview", "changed_since_preview")
            self._check_gate(found)
            self._check_clock(conn)
            pdf = (build_disclosure(self._document_input(found, today))
                   if channel is Channel.SCHRIFTELIJK else None)
            items = [NewItem(p.person_id, kind, value) for p in found.persons
                     for kind, value in p.values]
            listed = {(i.person_id, i.kind) for i in items}
            items += [NewItem(pid, kind, f"in signaal S-{found.signal_id:05d}")
                      for pid, kind in found.signal_items if (pid, kind) not in listed]
            new = NewExchange(case_id, Direction.UIT.value, recipient, purpose, found.basis,
                              initiative.value, channel.value, today,
                              summary=found.summary, document=pdf,
                              document_sha256=hashlib.sha256(pdf).hexdigest() if pdf else None)
            exchange_id = exchanges.insert(conn, new, items, user.id)
            disclosures.insert(conn, exchange_id, found.route, found.anonymised,
                               found.identifiable_reason, found.content, found.content_sha256,
                               found.lines_text)
            # Withdrawal reaches everyone served under a consent: the RIEC itself, and the
            # zorgcoördinator told it may pass the signal on (Mensenhandel 12.17, 14.6).
            consents.link_exchange(conn, exchange_id, tuple(sorted(
                set(found.gate.consent_ids) | set(found.onward_consent_ids))))
            if found.signal_id is not None:
                mark_sent(conn, found.signal_id, exchange_id)
            audit.append(conn, AuditAction.DISCLOSE.value, user.id, "exchange", str(exchange_id),
                         detail={"case": case_id, "recipient": recipient, "purpose": purpose,
                                 "route": list(found.route), "anonymised": found.anonymised,
                                 "channel": channel.value,
                                 "persons": sorted(found.leaving()),
                                 "kinds": sorted({k for p in found.persons for k, _v in p.values}),
                                 "consents": list(found.gate.consent_ids),
                                 "revealed": sorted(reveal_secret),
                                 "signal": found.signal_id,
                                 "sha256": found.content_sha256})
        return exchange_id

    @requires(Permission.VIEW_EXCHANGES)
    def what_left(self, exchange_id: int) -> disclosures.StoredDisclosure | None:
        """The route, anonymisation and exact content of a disclosure made through the flow."""
        ensure_access(self.session, "exchange", exchange_id)
        found = disclosures.get(self.session.db.conn, exchange_id)
        if found is not None:
            self.session.audit(AuditAction.VIEW, "disclosure", str(exchange_id))
        return found

    # -- the computation -----------------------------------------------------------------------
    def _compute(self, conn, case_id: int, recipient: str, purpose: str,
                 chosen: Mapping[int, set[str] | frozenset[str]], identifiable_reason: str,
                 identifiable: bool, reveal_secret: frozenset[int], on: date,
                 signal_id: int | None = None) -> Disclosure:
        self._check_route(recipient, purpose)
        chosen = dict(chosen or {})
        if not chosen or not any(chosen.values()):
            _problem("persons", "required")
        if any(k in POLICE_DERIVED_KINDS for kinds in chosen.values() for k in kinds):
            _problem("kinds", "police_data")  # Blijf 5.2, 5.8: before anything else
        reason = description(identifiable_reason or "")
        if reason.error:
            _problem("identifiable_reason", reason.error)
        anonymised = sharing.anonymised_by_default(recipient) and not identifiable
        if sharing.anonymised_by_default(recipient) and identifiable and not reason.value:
            _problem("identifiable_reason", "required")  # Mensenhandel 6.2, 9.5: strictly needed
        people = {r.id: r for r in self._people(conn, case_id)}
        threats = persons.case_threats(conn, case_id)
        has_signal = bool(signals.for_case(conn, case_id))
        out = []
        for person_id in sorted(chosen, key=lambda i: (
                CATEGORY_RANK[people[i].data.category] if i in people else 9, i)):
            record = people.get(person_id)
            if record is None:
                _problem("person", "unknown")
            kinds = set(chosen[person_id])
            if not kinds:
                continue
            allowed = sharing.allowed_kinds(recipient, purpose, record.data.category)
            if kinds - allowed:
                _problem("kinds", "not_allowed_for_purpose")  # Blijf 5.6; Mensenhandel 9.4
            values, excluded = [], []
            for kind in sorted(recorded_kinds(record), key=KIND_RANK.get):
                if kind in sharing.SIGNAL_KINDS and not (has_signal or kind in kinds):
                    continue
                if kind not in allowed:
                    excluded.append(Excluded(kind, NOT_ALLOWED))
                    continue
                if kind in sharing.SIGNAL_KINDS:
                    if kind not in kinds:
                        excluded.append(Excluded(kind, NOT_CHOSEN))
                    continue  # the signal itself, below
                if kind not in kinds:
                    empty = not value_of(record, kind, threats)
                    excluded.append(Excluded(kind, EMPTY if empty else NOT_CHOSEN))
                    continue
                if (kind in ADDRESS_FIELDS and record.data.address_secret
                        and person_id not in reveal_secret):
                    excluded.append(Excluded(kind, SECRET_ADDRESS))
                    continue
                shown = shown_value(kind, value_of(record, kind, threats), anonymised)
                if shown is None:
                    excluded.append(Excluded(kind, ANONYMISED_OUT if anonymised else EMPTY))
                    continue
                values.append((kind, shown))
            if kinds & sharing.SIGNAL_KINDS:
                values += self._signal_values(conn, case_id, signal_id, kinds)
            if values:
                out.append(PersonOut(person_id, record.data.category,
                                     shown_as(values),
                                     tuple(values), tuple(excluded)))
        if not out:
            _problem("persons", "nothing_leaves")
        found_route = sharing.RECIPIENTS[recipient].route
        signal_kinds = {k for p in out for k, _v in p.values if k in sharing.SIGNAL_KINDS}
        lines, text, carried = (), None, ()
        if signal_kinds:
            stored = signals.get(conn, signal_id).fields
            blanked = signal_fields(stored, people, reveal_secret)
            carried = signal_items(blanked, people.values())
            fields = signal_names_masked(blanked, people, stored) if anonymised else blanked
            why = "" if anonymised else (reason.value or "")
            lines = tuple(ts.rendering(fields, anonymised, signal_kinds, why))
            text = ts.labelled_lines(fields, anonymised, signal_kinds, why)
        leaving = {p.person_id: {k for k, _v in p.values} for p in out}
        for person_id, kind in carried:  # the gate counts whom the signal carries, too
            leaving.setdefault(person_id, set()).add(kind)
        refuse_restricted(conn, leaving)  # AVG art. 18; Mensenhandel 27.2: not in a new exchange
        sent_signal = signal_id if text is not None else None
        gate = self._gate(conn, case_id, recipient, purpose, leaving, on, not anonymised,
                          sent_signal)
        onward, onward_ids = None, ()
        if purpose == sharing.ChainPurpose.SIGNAAL.value:  # Mensenhandel 12.17, 14.6
            onward_gate = self._gate(conn, case_id, sharing.RIEC,
                                     sharing.ChainPurpose.RIEC_ADVIES.value, leaving, on,
                                     not anonymised, sent_signal)
            onward, onward_ids = onward_gate.open, onward_gate.consent_ids
        content = json.dumps({
            "v": CONTENT_VERSION, "recipient": recipient, "purpose": purpose,
            "route": list(found_route), "anonymised": anonymised,
            "identifiable_reason": "" if anonymised else (reason.value or ""),
            "persons": [{"person": p.person_id, "category": int(p.category),
                         "shown_as": p.shown_as, "values": [list(v) for v in p.values]}
                        for p in out],
            "signal": None if text is None else {"id": signal_id, "lines": text},
            "onward_consent": onward,
        }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return Disclosure(case_id, recipient, purpose, found_route,
                          basis_text(recipient, purpose, gate.consent_ids), anonymised,
                          "" if anonymised else (reason.value or ""), tuple(out), gate, content,
                          hashlib.sha256(content.encode("utf-8")).hexdigest(),
                          signal_id if text is not None else None, lines, text, onward,
                          onward_ids, carried, Request(
                              case_id, recipient, purpose,
                              tuple((pid, tuple(sorted(k))) for pid, k in sorted(chosen.items())),
                              identifiable, identifiable_reason or "",
                              tuple(sorted(reveal_secret)), signal_id))

    @staticmethod
    def _check_gate(found: Disclosure) -> None:
        if not found.gate.open:
            raise InvalidInput("gate", found.gate.missing[0] if found.gate.missing else "closed")

    @staticmethod
    def _check_clock(conn) -> None:
        """A computer clock set back would date the exchange before what the trail already
        holds and reopen a consent period that ended: refused (the trail's times only go
        forward; a few minutes' drift is allowed)."""
        last = audit.latest_time(conn)
        now = datetime.fromisoformat(audit.now_utc())
        if is_behind(now, datetime.fromisoformat(last) if last else None):
            raise InvalidInput("exchanged_on", "clock_behind")

    def _audit_reveals(self, found: Disclosure) -> None:
        """A secret address shown in a preview is a reveal, audited like "Toon adres"."""
        revealed = found.request.reveal_secret if found.request else ()
        shown: dict[int, set[str]] = {}
        for person in found.persons:
            shown.setdefault(person.person_id, set()).update(
                k for k, _v in person.values if k in ADDRESS_FIELDS)
        for person_id, kind in found.signal_items:  # an address inside the signal, too
            if kind in ADDRESS_FIELDS:
                shown.setdefault(person_id, set()).add(kind)
        for person_id, kinds in sorted(shown.items()):
            if kinds and person_id in revealed:
                self.session.audit(AuditAction.VIEW, "person", str(person_id),
                                   reason="toon_adres", detail={"fields": sorted(kinds),
                                                                "use": "disclosure_preview"})

    @staticmethod
    def _gate(conn, case_id: int, recipient: str, purpose: str, leaving: dict[int, set[str]],
              on: date, identifiable: bool, signal_id: int | None) -> Gate:
        """The consent gate (services/consent.py): open without a consent where the route needs
        none; else only when active consents cover every person and kind on that day."""
        found = gate_in(conn, case_id, recipient, purpose, leaving, on,
                        identifiable=identifiable, signal_id=signal_id)
        codes = tuple(dict.fromkeys(step.missing.value for step in found.missing))
        return Gate(found.open, tuple(found.consent_ids), codes, tuple(found.missing))

    @staticmethod
    def _signal_values(conn, case_id: int, signal_id: int | None,
                       kinds: set[str]) -> list[tuple[str, str]]:
        """The signal kinds of the client: which signal goes (its lines are in the content)."""
        if signal_id is None:
            _problem("signal", "required")
        stored = signals.get(conn, signal_id)
        if stored is None or stored.case_id != case_id:
            _problem("signal", "unknown")
        if sharing.SIGNAL not in kinds:
            _problem("kinds", "signal_required")  # Handhaving never goes without its signal
        return [(kind, f"S-{signal_id:05d}") for kind in sorted(kinds & sharing.SIGNAL_KINDS,
                                                                  key=KIND_RANK.get)]

    def _people(self, conn, case_id: int):
        ensure_access(self.session, "case", case_id)  # offer, preview, document (issue 22)
        found = persons.case_persons(conn, case_id) or _problem("case", "unknown")
        return sorted(found, key=lambda r: (CATEGORY_RANK[r.data.category], r.id))

    def _document_input(self, found: Disclosure, on: date) -> DisclosureDocument:
        return DisclosureDocument(
            case_ref=f"BG-{found.case_id:05d}", recipient=found.recipient, purpose=found.purpose,
            route=found.route, basis=found.basis, anonymised=found.anonymised,
            identifiable_reason=found.identifiable_reason, on=on,
            author=self.session.user.display_name,
            persons=tuple((p.category, p.shown_as, p.values) for p in found.persons),
            onward_consent=found.onward_consent,
            signal_lines=found.signal_lines)

    @staticmethod
    def _check_recipient(recipient: str) -> None:
        problem = sharing.recipient_problem(recipient)
        if problem:
            _problem("recipient", problem)

    def _check_route(self, recipient: str, purpose: str) -> None:
        self._check_recipient(recipient)
        problem = sharing.purpose_problem(recipient, purpose)
        if problem:
            _problem("purpose", problem)
