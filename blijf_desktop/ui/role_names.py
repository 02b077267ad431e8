"""Dutch names of the roles, as users read them. The rules live in domain.roles."""

from blijf_desktop.domain.roles import Role
from blijf_desktop.i18n import N_, _

_NAMES = {
    Role.HULPVERLENER: N_("Hulpverlener"),
    Role.TEAMLEIDER: N_("Teamleider"),
    Role.BEHEERDER: N_("Functioneel beheerder"),
}


def role_name(role: Role) -> str:
    return _(_NAMES[Role(role)])
