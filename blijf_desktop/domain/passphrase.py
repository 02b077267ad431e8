"""Passphrase rules: a clear minimum, and the strength as a kept estimator judges it (zxcvbn,
Dropbox's estimator: it counts the guesses an attacker with word lists, keyboard patterns,
dates and common substitutions would need). Its word lists are English; it is fed the words a
guess at Blijf Groep would try first: the user's own name and user name, the organisation's
words and common Dutch passwords (Blijf 9.1: break-in attempts slowed enough to prevent theft;
a passphrase that falls to the first thousand guesses slows nothing).

The estimator's own feedback is English prose: it is not shown. `problem` is a code from the
matches themselves (what made it guessable), which the UI says in Dutch."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LENGTH = 12
# zxcvbn's score 4: at least 10^10 guesses, "strong protection from an offline slow-hash
# attack" by its authors' measure. Score 3 starts at 10^8: a stolen key file with a GPU rig
# that tries thousands of Argon2id guesses a second gets through that in hours.
ACCEPTABLE_SCORE = 4
# The estimator refuses longer input (its own limit); a longer passphrase is at least as
# strong as its first 72 characters.
_ESTIMATED_LENGTH = 72
_SEPARATORS = re.compile(r"[\W_]+")

# The words a colleague, a perpetrator or a guessing list aimed at this organisation tries
# first: its name, its regions and what it does.
ORGANISATION_WORDS = (
    "blijf", "groep", "blijfgroep", "amsterdam", "zaanstreek", "waterland", "veilig",
    "veiligheid", "opvang", "vrouwenopvang", "huiselijk", "geweld", "hulpverlening",
    "hulpverlener", "teamleider", "beheerder", "aware", "zaandam", "purmerend", "flevoland",
    "almere", "lelystad",
)
# Common Dutch passwords, missing from the estimator's English lists.
DUTCH_COMMON = (
    "wachtwoord", "welkom", "geheim", "zomer", "winter", "lente", "herfst", "azerty",
    "voorjaar", "liefde", "schat", "ajax", "feyenoord", "nederland", "holland", "maandag",
    "januari", "vakantie",
)

# What made a passphrase guessable, from the estimator's matches (most telling first).
TOO_SHORT = "too_short"
TOO_REPETITIVE = "too_repetitive"
OWN_NAME = "own_name"
ORGANISATION_WORD = "organisation_word"
TOO_COMMON = "too_common"
KEYBOARD_PATTERN = "keyboard_pattern"
SEQUENCE = "sequence"
DATE = "date"
NAME = "name"
TOO_GUESSABLE = "too_guessable"  # none of the above stands out: too few uncommon words


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unacceptable) .. 4 (strong)
    acceptable: bool
    problem: str | None  # machine key for the first thing wrong, None when acceptable


def personal_words(*texts: str) -> tuple[str, ...]:
    """A user's name and user name as the estimator's words: whole and split at spaces,
    dots, hyphens and underscores, and run together ("Anna de Vries" gives "anna de vries",
    "anna", "vries" and "annadevries")."""
    words: list[str] = []
    for text in texts:
        lowered = (text or "").strip().lower()
        if not lowered:
            continue
        words.append(lowered)
        for sep in " .-_@":
            lowered = lowered.replace(sep, " ")
        parts = lowered.split()
        words.extend(part for part in parts if len(part) >= 3)
        words.append("".join(parts))
    return tuple(dict.fromkeys(words))


def assess(passphrase: str, personal: Iterable[str] = (),
           min_length: int = MIN_LENGTH) -> Strength:
    """`personal`: the user's own words (see `personal_words`), guessed before all others;
    `min_length`: the store's minimum (domain/settings.py) where a store is open."""
    text = passphrase
    if len(text) < min_length:
        return Strength(0 if len(text) < 8 else 1, False, TOO_SHORT)
    own = tuple(personal)
    from zxcvbn import zxcvbn  # ~25 ms of word lists: loaded when a passphrase is judged

    words = [*own, *ORGANISATION_WORDS, *DUTCH_COMMON]
    # The estimator counts a separator between known words as random characters; guessing
    # lists join words with "-", " " or "." at almost no cost. So the passphrase is also
    # judged without them, and the weaker judgement counts.
    result = min((zxcvbn(form[:_ESTIMATED_LENGTH], user_inputs=words)
                  for form in {text, _SEPARATORS.sub("", text)} if form),
                 key=lambda r: r["guesses"])
    score = int(result["score"])
    if score >= ACCEPTABLE_SCORE:
        return Strength(score, True, None)
    return Strength(score, False, _problem(result["sequence"], set(own)))


def _problem(sequence: list[dict], own: set[str]) -> str:
    """The code for the longest pattern the estimator found (as its own feedback does)."""
    matches = [m for m in sequence if m.get("pattern") != "bruteforce"]
    if not matches:
        return TOO_GUESSABLE
    longest = max(matches, key=lambda m: len(m.get("token", "")))
    pattern = longest.get("pattern")
    if pattern == "repeat":
        return TOO_REPETITIVE
    if pattern == "spatial":
        return KEYBOARD_PATTERN
    if pattern == "sequence":
        return SEQUENCE
    if pattern in ("date", "regex"):
        return DATE
    if pattern == "dictionary":
        dictionary = longest.get("dictionary_name")
        if dictionary == "user_inputs":
            return OWN_NAME if longest.get("matched_word") in own else _common_or_ours(longest)
        if dictionary in ("surnames", "male_names", "female_names"):
            return NAME
        return TOO_COMMON
    return TOO_GUESSABLE


def _common_or_ours(match: dict) -> str:
    return ORGANISATION_WORD if match.get("matched_word") in ORGANISATION_WORDS else TOO_COMMON
