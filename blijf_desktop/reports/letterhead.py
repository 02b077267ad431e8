"""Who the printed documents come from: the organisation's name and logo in the page head
(reports/_pages.py), as beheer sets them (domain/settings.py). One per app instance, set at
login and after a change (services/settings.py); until then the defaults, name only.

The logo is a small PNG or JPEG from a file the beheerder chose: it is decoded here before
it is kept, so a file that only looks like an image by its first bytes is refused too."""

import io
from dataclasses import dataclass

from blijf_desktop.domain import settings as rules


@dataclass(frozen=True)
class Letterhead:
    organisation: str = rules.RULES[rules.ORGANISATION].default
    logo: bytes | None = None


_current = Letterhead()


def use(letterhead: Letterhead) -> None:
    global _current
    _current = letterhead


def current() -> Letterhead:
    return _current


def logo_problem(data: bytes) -> str | None:
    """None when `data` is a PNG or JPEG that decodes, of at most LOGO_MAX_PIXELS a side;
    else the problem code. The header is read first: the size is known before any pixel."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                return "not_an_image"
            if max(image.size) > rules.LOGO_MAX_PIXELS or min(image.size) < 1:
                return "too_many_pixels"
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return "not_an_image"
    return None


def logo_reader(data: bytes):
    from reportlab.lib.utils import ImageReader  # not at login: only when a page is drawn

    return ImageReader(io.BytesIO(data))
