"""The written refusal of a request, in whole or in part, with its grounds and reasons
(Mensenhandel 25.5, 26.4; Blijf 11.3 with art. 41 UAVG). Addressed to the requester only: the
one address a letter may carry is the requester's own, and only when it is known and not
secret. It is built from the requester's own data alone, so another person's address (the
client's, when a pleger asks) cannot reach it. The reference is the request's, never the
case's: a pleger does not learn the number of the client's file."""

import re
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from blijf_desktop.domain.rights import (
    KIND_LABELS, REFUSAL_GROUNDS, Decision, RequestKind,
)
from blijf_desktop.i18n import _, format_date
from blijf_desktop.reports import _pages as pg

_REF = re.compile(r"V-\d{5,}")


@dataclass(frozen=True)
class RefusalLetter:
    request_ref: str  # "V-00012"
    letter_date: date
    requester_name: str
    requester_address: tuple[str, ...]  # lines; empty when unknown or secret
    kind: RequestKind
    received_on: date
    decision: Decision  # deels_afgewezen or afgewezen
    grounds: tuple[str, ...]
    reasons: str
    signed_by: str


def build_refusal_letter(letter: RefusalLetter) -> bytes:
    if not _REF.fullmatch(letter.request_ref):
        raise ValueError("a request reference looks like V-00012")
    decision = Decision(letter.decision)
    if decision is Decision.TOEGEWEZEN:
        raise ValueError("a refusal letter is for a refusal")
    kind = _(KIND_LABELS[RequestKind(letter.kind)]).lower()
    title = _("Besluit op uw verzoek")
    story = [pg.p(title, pg.TITLE)]
    story += [pg.p((line)) for line in (letter.requester_name, *letter.requester_address)]
    story += [Spacer(1, 4 * mm), pg.facts([
        (_("Kenmerk"), letter.request_ref),
        (_("Datum"), format_date(letter.letter_date, "long")),
        (_("Uw verzoek"), kind),
        (_("Ontvangen op"), format_date(letter.received_on, "long")),
    ]), Spacer(1, 4 * mm)]
    story.append(pg.p((_("Geachte {name},").format(name=letter.requester_name)), pg.PARA))
    whole = decision is Decision.AFGEWEZEN
    story.append(pg.p((
        (_("Op {day} ontvingen wij uw verzoek om {kind}. Wij hebben besloten uw verzoek af te "
           "wijzen.") if whole else
         _("Op {day} ontvingen wij uw verzoek om {kind}. Wij hebben besloten uw verzoek "
           "gedeeltelijk af te wijzen.")).format(
            day=format_date(letter.received_on, "long"), kind=kind)), pg.PARA))
    story += pg.heading(_("Waarop dit besluit rust"))
    for code in letter.grounds:
        words, article = REFUSAL_GROUNDS[code]
        story.append(pg.p("• %s (%s)" % ((_(words)), (article)), pg.PARA))
    story += pg.heading(_("Onze redenen"))
    story += pg.paragraphs(letter.reasons)
    story += pg.heading(_("Bent u het niet eens met dit besluit?"))
    story.append(pg.p((_(
        "U kunt een klacht indienen bij de Autoriteit Persoonsgegevens (artikel 77 AVG) of "
        "het besluit voorleggen aan de rechter (artikel 79 AVG). U kunt ons ook vragen het "
        "besluit opnieuw te bekijken; vermeld dan het kenmerk van deze brief.")), pg.PARA))
    story += [Spacer(1, 6 * mm), pg.p((_("Met vriendelijke groet,"))),
              pg.p((letter.signed_by)), pg.p((_("namens Blijf Groep")))]
    return pg.build(story, title, letter.request_ref, _("Besluit op een verzoek van betrokkene"))
