"""The typeface of every document: DejaVu Sans, bundled in resources/fonts (Bitstream Vera
licence, beside the files). PDF's built-in Helvetica knows only WinAnsi: a name like Ayşe,
Łucja or Nguyễn printed as "Ay■e" on a document the police rely on."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from blijf_desktop import assets

SANS = "BlijfSans"
SANS_BOLD = "BlijfSans-Bold"
_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}


def register() -> None:
    """Make SANS and SANS_BOLD known to reportlab (once per process; the files are parsed
    then). A missing font file raises: a document must never fall back to wrong letters."""
    registered = pdfmetrics.getRegisteredFontNames()
    if SANS in registered and SANS_BOLD in registered:
        return
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(assets.resources_dir() / "fonts" / file)))
    # <b> in a paragraph picks the bold face of the family.
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS,
                                  boldItalic=SANS_BOLD)
