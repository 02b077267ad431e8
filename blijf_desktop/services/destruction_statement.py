"""The destruction statement's input, from a carried-out proposal: user ids with their
roles (never names), the counts, and when the last backup holding the data is gone."""

from datetime import date, datetime

from blijf_desktop.domain.backups import holding_backups_gone_by
from blijf_desktop.domain.destruction import TEXT_KIND_LABELS
from blijf_desktop.domain.roles import Role
from blijf_desktop.i18n import N_, _
from blijf_desktop.reports.destruction_statement import Actor, DestructionStatementInput
from blijf_desktop.storage import anonymised, users
from blijf_desktop.storage.destruction_proposals import Proposal


# The same names as ui/role_names.py (one msgid each, so one translation).
_ROLE_LABELS = {
    Role.HULPVERLENER: N_("Hulpverlener"),
    Role.TEAMLEIDER: N_("Teamleider"),
    Role.BEHEERDER: N_("Functioneel beheerder"),
}


def _actor(conn, user_id: int, at: str) -> Actor:
    user = users.by_id(conn, user_id)
    label = _(_ROLE_LABELS[Role(user.role)]) if user else "?"
    return Actor(user_id, label, datetime.fromisoformat(at).date())


def statement_input(conn, found: Proposal, today: date) -> DestructionStatementInput:
    figures = anonymised.kept_for(conn, found.id)
    return DestructionStatementInput(
        destruction_id=found.id, scope=found.scope, case_id=found.case_id,
        person_id=found.person_id,
        text_label=_(TEXT_KIND_LABELS[found.text_kind]) if found.text_kind else None,
        reason_code=found.reason_code, counts=found.counts, figures_kept=figures,
        proposed=_actor(conn, found.proposed_by, found.proposed_at),
        reviewed=_actor(conn, found.reviewed_by, found.reviewed_at),
        carried_out=_actor(conn, found.carried_out_by, found.carried_out_at),
        destroyed_on=found.destroyed_on, keep_days=found.keep_days,
        backups_gone_by=holding_backups_gone_by(found.destroyed_on, found.keep_days),
        printed_on=today)
