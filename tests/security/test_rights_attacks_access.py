"""Adversarial review of the access report (issue 20): a colleague who reads a person's whole
record through the access report's preview, and what a pleger's report still says."""

from datetime import date, timedelta

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.access_report import AccessReportService
from tests.services.rights_fixtures import pdf_text
from tests.services.test_access_report import case, lead  # noqa: F401 (fixtures)

pytestmark = pytest.mark.engines


def _teamleider_views(looks, day: date) -> int:
    return sum(times for on, role, action, times in looks
               if on == day and role == Role.TEAMLEIDER.value and action == "view")


def test_a_preview_of_her_access_report_is_a_look_she_is_told_of(lead, case):  # noqa: F811
    """The preview shows everything of the client, her secret shelter address included, to
    any teamleider, without a request. Such a preview on an earlier day must be in 'who
    looked' (NEN 7513); only the preparation of this answer itself (today) is not."""
    today = date.today()
    snoop = AccessReportService(lead, today=lambda: today)
    assert "Schuilhofweg" in pdf_text(snoop.preview(case.client).pdf)  # what she reads
    later = AccessReportService(lead, today=lambda: today + timedelta(days=1))
    before = _teamleider_views(later.preview(case.client).data.looks, today)
    after = _teamleider_views(later.preview(case.client).data.looks, today)
    assert after == before + 1
    # The same day, the printed answer is still the previewed one.
    same_day = snoop.preview(case.client)
    assert snoop.record_printed(case.client, None, same_day.sha256, 1)


def test_a_plegers_report_does_not_show_when_her_case_was_worked_on(lead, case,  # noqa: F811
                                                                   caseworker):
    """Who opened the client's case, her AWARE page or her signals, and on which days, says
    that she is still in care (and where the work goes on): a pleger never learns anything
    about her (DOMAIN.md, Rights of the person). His report lists the looks at his own
    record; the client's report keeps every look at her case."""
    from blijf_desktop.services.intake import IntakeService

    today = date.today()
    report = AccessReportService(lead, today=lambda: today)

    def caseworker_views(person_id):
        return sum(times for on, role, action, times in report.preview(person_id).data.looks
                   if role == Role.HULPVERLENER.value and action == "view")

    his, hers = caseworker_views(case.pleger), caseworker_views(case.client)
    for _ in range(3):
        IntakeService(caseworker).case(case.case_id)
    assert caseworker_views(case.client) == hers + 3
    assert caseworker_views(case.pleger) == his
