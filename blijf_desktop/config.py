"""What the composition root hands to the UI."""

from dataclasses import dataclass

from blijf_desktop.services.auth import AuthService


@dataclass
class AppConfig:
    auth: AuthService
    language: str | None = None  # None: the last one used, then the store's default
    idle_minutes: float | None = None  # None: the store's setting; else at most that
    demo_hint: tuple[str, str] | None = None  # (user name, passphrase) shown on the login screen
