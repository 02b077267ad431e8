"""The signals of the risicotaxatie, per version (the rule over them is in domain/risk.py).

Our own wording of risk factors for severe or lethal partner violence that are public knowledge
(threats to kill, strangulation, weapons, separation, stalking, escalation, pregnancy, children,
the client's own fear, ...). No item is taken from a licensed instrument (DASH, RiHG, SASH).
A version's list never changes once screenings were stored with it: add a version instead.

Weights: hoog for the factors most tied to severe or lethal violence; midden for factors that
raise the risk together with others; laag for context that matters mainly in combination."""

from dataclasses import dataclass
from enum import Enum

from blijf_desktop.domain.text import N_


class Part(str, Enum):
    PLEGER = "pleger"
    GEWELDSINCIDENT = "geweldsincident"
    ACHTERGROND = "achtergrond"


class Weight(str, Enum):
    HOOG = "hoog"
    MIDDEN = "midden"
    LAAG = "laag"


PART_LABELS = {
    Part.PLEGER: N_("Pleger"),
    Part.GEWELDSINCIDENT: N_("Geweldsincident"),
    Part.ACHTERGROND: N_("Achtergrond"),
}
WEIGHT_LABELS = {Weight.HOOG: N_("hoog"), Weight.MIDDEN: N_("midden"), Weight.LAAG: N_("laag")}


@dataclass(frozen=True)
class Signal:
    code: str
    part: Part
    text: str  # a statement answered ja / nee / onbekend; marked with N_, translated where shown
    weight: Weight


_P, _G, _A = Part.PLEGER, Part.GEWELDSINCIDENT, Part.ACHTERGROND
_H, _M, _L = Weight.HOOG, Weight.MIDDEN, Weight.LAAG

SIGNALS_V1: tuple[Signal, ...] = (
    # -- the pleger
    Signal("doodsbedreiging", _P, N_(
        "De pleger heeft gedreigd de cliënt, een kind of iemand anders te doden."), _H),
    Signal("wapen", _P, N_(
        "De pleger heeft een (vuur)wapen, kan er snel aan komen of heeft met een wapen "
        "gedreigd."), _H),
    Signal("stalking", _P, N_(
        "De pleger volgt, bespiedt of belaagt de cliënt, ook via telefoon, berichten of "
        "internet."), _H),
    Signal("jaloezie", _P, N_("De pleger is obsessief jaloers of bezitterig."), _M),
    Signal("controle", _P, N_(
        "De pleger bepaalt waar de cliënt mag komen, met wie zij omgaat of waaraan zij geld "
        "uitgeeft."), _M),
    Signal("zelfdoding", _P, N_(
        "De pleger heeft gedreigd zichzelf iets aan te doen of spreekt over zelfdoding."), _M),
    Signal("middelen", _P, N_("De pleger gebruikt vaak veel alcohol of drugs."), _L),
    Signal("politie_eerder", _P, N_(
        "De pleger is eerder bij de politie bekend geworden door geweld of bedreiging."), _M),
    Signal("verbod_overtreden", _P, N_(
        "De pleger heeft een huisverbod, contactverbod, gebiedsverbod of gemaakte afspraak "
        "overtreden."), _M),
    # -- the violence
    Signal("verwurging", _G, N_(
        "De pleger heeft de cliënt bij de keel gegrepen, gewurgd of haar de adem benomen."), _H),
    Signal("escalatie", _G, N_("Het geweld komt vaker voor of wordt ernstiger."), _H),
    Signal("letsel", _G, N_(
        "Het geweld gaf letsel waarvoor medische hulp nodig was of nodig had moeten zijn."), _M),
    Signal("seksueel_geweld", _G, N_(
        "De pleger heeft de cliënt tot seksuele handelingen gedwongen."), _M),
    Signal("kinderen_aanwezig", _G, N_(
        "Kinderen waren bij het geweld aanwezig of zijn zelf geraakt."), _M),
    Signal("kind_als_drukmiddel", _G, N_(
        "Een kind is bedreigd of wordt gebruikt om de cliënt onder druk te zetten."), _M),
    Signal("vernieling", _G, N_(
        "De pleger heeft spullen vernield of een huisdier pijn gedaan, of daarmee gedreigd."), _L),
    # -- the background
    Signal("scheiding", _A, N_(
        "De cliënt is kort geleden bij de pleger weggegaan of wil de relatie beëindigen."), _H),
    Signal("angst", _A, N_(
        "De cliënt is bang dat de pleger haar of de kinderen ernstig iets aandoet."), _H),
    Signal("zwanger_baby", _A, N_(
        "De cliënt is zwanger of heeft een baby jonger dan een jaar."), _M),
    Signal("omgang_gezag", _A, N_(
        "Er is een conflict over de omgang met of het gezag over de kinderen."), _M),
    Signal("eer_druk", _A, N_(
        "Familie of omgeving keurt het gedrag van de cliënt af en zet haar onder druk "
        "(eergerelateerd)."), _M),
    Signal("isolatie", _A, N_(
        "De cliënt heeft weinig mensen om zich heen of wordt bij familie en vrienden "
        "weggehouden."), _L),
    Signal("geldzorgen", _A, N_("De pleger heeft geen werk of grote geldzorgen."), _L),
)
