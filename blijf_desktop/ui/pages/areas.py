"""The areas of the main window, as data: what the navigation shows, who sees it, and the page
that opens. Areas not built yet open a placeholder that says what will come there."""

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from blijf_desktop.domain.roles import Permission, Role, may
from blijf_desktop.i18n import N_, _
from blijf_desktop.services.session import Session
from blijf_desktop.ui.pages.placeholder import PlaceholderPage


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # marked with N_, translated where shown
    coming: str | None = None  # placeholder sentence, None when the page exists
    permission: Permission | None = None  # None: every role


AREAS = (
    Area("clienten", N_("Cliënten"), permission=Permission.VIEW_PERSONS),
    Area("aware", N_("AWARE"), permission=Permission.VIEW_AWARE),
    # The register holds what went to and came from the police (Blijf 6.1: designated staff).
    Area("verstrekkingen", N_("Verstrekkingen"), permission=Permission.VIEW_EXCHANGES),
    # Requests of the people recorded (Blijf 11; Mensenhandel 24-27): the designated staff.
    Area("verzoeken", N_("Verzoeken van betrokkenen"), permission=Permission.HANDLE_REQUESTS),
    # Case ids, dates and kinds only: the functioneel beheerder judges terms (issue 20).
    Area("bewaartermijnen", N_("Bewaartermijnen"), permission=Permission.VIEW_RETENTION),
    # Counts only, small cells suppressed, for the yearly evaluation (Blijf 12; Mensenhandel 19).
    Area("jaarcijfers", N_("Jaarcijfers"), permission=Permission.VIEW_FIGURES),
    # The breach register and break-in signals (Blijf 9.1, 9.3; AVG art. 33).
    Area("datalekken", N_("Datalekken"), permission=Permission.MANAGE_INCIDENTS),
    # Break-the-glass reviewed by the owning team's teamleider and the beheerder (issue 22).
    Area("toegang", N_("Toegang andere teams"), permission=Permission.REVIEW_BREAK_GLASS),
    Area("beheer", N_("Beheer"), permission=Permission.MANAGE_USERS),
)


def areas_for(role: Role) -> list[Area]:
    return [a for a in AREAS if a.permission is None or may(role, a.permission)]


def build_page(area: Area, session: Session) -> QWidget:
    if area.key == "clienten":
        from blijf_desktop.ui.pages.clients import ClientsPage

        return ClientsPage(session)
    if area.key == "aware":
        from blijf_desktop.ui.pages.aware import AwarePage

        return AwarePage(session)
    if area.key == "verstrekkingen":
        from blijf_desktop.ui.pages.exchanges import ExchangesPage

        return ExchangesPage(session)
    if area.key == "verzoeken":
        from blijf_desktop.ui.rights.page import RightsPage

        return RightsPage(session)
    if area.key == "bewaartermijnen":
        from blijf_desktop.ui.retention.page import RetentionPage

        return RetentionPage(session)
    if area.key == "datalekken":
        from blijf_desktop.ui.incidents.page import IncidentsPage

        return IncidentsPage(session)
    if area.key == "jaarcijfers":
        from blijf_desktop.ui.figures.page import FiguresPage

        return FiguresPage(session)
    if area.key == "toegang":
        from blijf_desktop.ui.teams.review_page import BreakGlassReviewPage

        return BreakGlassReviewPage(session)
    if area.key == "beheer":
        from blijf_desktop.ui.pages.beheer import BeheerPage

        return BeheerPage(session)
    return PlaceholderPage(_(area.title), _(area.coming or ""))
