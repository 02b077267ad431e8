"""The organisation's name and logo on printed documents (issue 21, Instellingen): a logo
chosen by file, checked as an image and kept in the store, appears on a PDF printed through a
real service; an over-large file or one that is no PNG/JPEG is refused and nothing changes."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from pypdf import PdfReader

from blijf_desktop.domain import settings as rules
from blijf_desktop.reports import letterhead
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.incidents import IncidentInput, IncidentService
from blijf_desktop.services.settings import SettingsService

ORGANISATION = "Stichting Synthetisch Onderdak"


def image_bytes(size=(300, 90), kind="PNG", colour=(47, 111, 167)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def default_letterhead():
    yield
    letterhead.use(letterhead.Letterhead())  # one per app instance: not into the next test


@pytest.fixture
def admin(created):
    session, _recovery = created
    AccountService(session).accept_confidentiality()
    return session


def incident_pdf(session) -> bytes:
    found = datetime.now(timezone.utc) - timedelta(hours=2)
    service = IncidentService(session)
    incident_id = service.register(IncidentInput("verlies", found, "Laptop kwijt.", {"naw"}))
    return service.report_pdf(incident_id)


def page_images(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_the_logo_and_name_appear_on_a_printed_pdf(admin, tmp_path):
    assert page_images(incident_pdf(admin)) == []  # no logo yet: the name only
    settings = SettingsService(admin)
    logo = image_bytes()
    settings.change(rules.LOGO, logo)
    settings.change(rules.ORGANISATION, ORGANISATION)
    pdf = incident_pdf(admin)
    images = page_images(pdf)
    assert len(images) == 1
    assert Image.open(io.BytesIO(images[0].data)).size == (300, 90)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert ORGANISATION in text and "Blijf Groep —" not in text
    (tmp_path / "met-logo.pdf").write_bytes(pdf)
    # After a new login the store's letterhead is put back (ui/application.py does this).
    letterhead.use(letterhead.Letterhead())
    assert settings.apply_letterhead().logo == logo
    assert len(page_images(incident_pdf(admin))) == 1


def test_a_jpeg_logo_is_taken_too(admin):
    SettingsService(admin).change(rules.LOGO, image_bytes(kind="JPEG"))
    assert len(page_images(incident_pdf(admin))) == 1


@pytest.mark.parametrize("data, problem", [
    (b"%PDF-1.7 geen plaatje", "not_an_image"),
    (image_bytes(kind="GIF"), "not_an_image"),
    (image_bytes()[:40], "not_an_image"),  # a PNG's first bytes, then nothing
    (b"\x89PNG\r\n\x1a\n" + bytes(rules.LOGO_MAX_BYTES), "too_large"),
    (image_bytes(size=(rules.LOGO_MAX_PIXELS + 1, 10)), "too_many_pixels"),
])
def test_a_file_that_is_no_small_png_or_jpeg_is_refused(admin, data, problem):
    settings = SettingsService(admin)
    with pytest.raises(InvalidInput) as refused:
        settings.change(rules.LOGO, data)
    assert (refused.value.field, refused.value.problem) == (rules.LOGO, problem)
    assert settings.overview()[rules.LOGO].value is None
    assert page_images(incident_pdf(admin)) == []


def test_the_logo_is_removed_with_none(admin):
    settings = SettingsService(admin)
    settings.change(rules.LOGO, image_bytes())
    settings.change(rules.LOGO, None)
    assert page_images(incident_pdf(admin)) == []
