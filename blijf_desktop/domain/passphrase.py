"""Passphrase rules: a clear minimum and an honest strength estimate."""

from dataclasses import dataclass

MIN_LENGTH = 12

# Phrases a desk PC would see first in a guessing attack; kept short on purpose.
_COMMON = {
    "wachtwoord", "password", "welkom", "welcome", "blijf", "blijfgroep", "qwerty",
    "123456", "azerty", "geheim", "amsterdam", "letmein", "admin", "zomer", "winter",
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unacceptable) .. 4 (strong)
    acceptable: bool
    problem: str | None  # machine key for the first thing wrong, None when acceptable


def _classes(text: str) -> int:
    return sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )


def assess(passphrase: str, min_length: int = MIN_LENGTH) -> Strength:
    """`min_length`: the store's minimum (domain/settings.py) where a store is open."""
    text = passphrase
    if len(text) < min_length:
        return Strength(0 if len(text) < 8 else 1, False, "too_short")
    lowered = text.lower()
    if len(set(lowered)) < 5:
        return Strength(1, False, "too_repetitive")
    stripped = "".join(c for c in lowered if c.isalpha())
    if stripped in _COMMON or lowered in _COMMON:
        return Strength(1, False, "too_common")
    score = 2
    if len(text) >= 16 or _classes(text) >= 3:
        score = 3
    if len(text) >= 20 and _classes(text) >= 2 or len(text) >= 16 and _classes(text) >= 3:
        score = 4
    return Strength(score, True, None)
