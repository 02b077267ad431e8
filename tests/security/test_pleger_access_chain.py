"""A pleger asking for his file never learns that the client is in the trafficking chain:
an exchange of his name with the zorgcoördinator mensenhandel (or the RIEC, the OM, the EMM),
or one that carried a signal, is not among his recipients or origins (Mensenhandel 25.4;
art. 41 UAVG). Found in the review of issue 20: the recipients part named them unless a
teamleider withheld the whole part by hand. The client's own report still lists them."""

import pytest
from blijf_desktop.domain import sharing as s
from blijf_desktop.domain.people import Category
from blijf_desktop.services.access_report import AccessReportService
from tests.services.test_exchanges import lead  # noqa: F401 (a fixture)
from tests.services.test_sharing import (  # noqa: F401 (fixtures)
    SIGNAL, TODAY, case, disclose, pdf_text, person, sharing_service,
)

# The report's general purpose names the covenants for everyone; what may not appear is the
# chain as a recipient or origin of his data, or a signal as a kind of data.
CHAIN_WORDS = ("oördinator", "oordinator", "RIEC", "Openbaar Ministerie", "EMM", "ignaal")


pytestmark = pytest.mark.engines

def test_his_report_holds_no_exchange_with_the_chain_and_hers_does(lead, case,  # noqa: F811
                                                                   sharing_service):  # noqa: F811
    client, pleger = person(case, Category.CLIENT), person(case, Category.PLEGER)
    chosen = {client.id: {"first_names", "last_name"},
              pleger.id: {"first_names", "last_name"}}
    preview = sharing_service.preview(case.case_id, s.ZORGCOORDINATOR, SIGNAL, chosen)
    disclose(sharing_service, preview, chosen)
    reports = AccessReportService(lead, today=lambda: TODAY)
    his = pdf_text(reports.preview(pleger.id).pdf)
    hers = pdf_text(reports.preview(client.id).pdf)
    assert "oördinator" in hers  # the check is live: her report names the recipient
    assert not [word for word in CHAIN_WORDS if word in his], his
