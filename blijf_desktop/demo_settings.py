"""The demo's settings (issue 21): a letterhead with a synthetic organisation logo, one police
unit's contact lines (asked by the beheerder, confirmed by the teamleider: every change of
them waits for a second user), and one change that waits: the beheerder asked for a longer
idle lock (15 minutes), which a teamleider has not confirmed yet, so 5 minutes still holds.
Log in as 'beheer' and see Beheer → Instellingen; 'demo' (teamleider) can confirm it there."""

import io

from blijf_desktop.domain import settings as rules
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.settings import SettingsService


def demo_logo() -> bytes:
    """A plain synthetic mark: a blue square and a bar, drawn here (no file shipped)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 116, 116), 18, fill=(47, 111, 167))
    draw.rectangle((136, 40, 352, 80), fill=(29, 63, 114))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def fill(auth: AuthService, username: str, passphrase: str, lead: str) -> None:
    """`username` a functioneel beheerder, `lead` a teamleider; one passphrase for both."""
    session = auth.login(username, passphrase)
    try:
        settings = SettingsService(session)
        settings.change(rules.LOGO, demo_logo())
        for part, value in (("contact", "Team Zorg en Veiligheid (voorbeeld)"),
                            ("phone", "0900-8844"), ("email", "zorg.voorbeeld@example.org")):
            code = rules.police_code("amsterdam", part)
            settings.change(code, value)
            settings.confirm(settings.overview()[code].pending.request_id, lead, passphrase)
        settings.change(rules.IDLE_LOCK, 15)  # weaker: waits for a teamleider
    finally:
        session.close()
