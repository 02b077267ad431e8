"""What the composition root hands to the UI."""

from dataclasses import dataclass

from blijf_desktop.services.auth import AuthService


@dataclass
class AppConfig:
    auth: AuthService
    language: str = "nl"
    idle_minutes: float = 5.0
    demo_hint: tuple[str, str] | None = None  # (user name, passphrase) shown on the login screen
