"""Dutch surname particles (voorvoegsels: `van`, `de`, `van der`, `'t`, `ter`...) for the
search (issue 19). A particle is optional in what is typed, and belongs to the surname
wherever it was recorded: typed into the first-names field (`Anna van den` + `Berg`) or after
the surname (`Berg, van den`), it is read as `Anna` + `van den Berg`. Pure: no I/O.

The list follows the BRP's table of voorvoegsels (Tabel 36, Rijksdienst voor Identiteitsgegevens),
the common ones and their written short forms (`v.d.`, `v/d`), and the German ones seen at the
desk; particles that are also common surnames or name syllables on their own (`Das`, `Le`, `In`,
`Op`) are left out, so typing them still narrows the search and a first name keeps them."""

import re

# As they read once folded and without their dots and apostrophes (`'t` -> `t`, `v.d.` -> `vd`).
PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "t", "s", "ter", "ten", "te", "aan", "uit", "bij",
    "onder", "vd", "vden", "vder", "d", "l", "la", "du", "von", "vom", "zu", "zum", "zur",
})

_WORD_JOINERS = re.compile(r"[.'`’/]")


def _particle_key(word: str) -> str:
    return _WORD_JOINERS.sub("", word).lower()


def is_particle(word: str) -> bool:
    return _particle_key(word) in PARTICLES


def split_name(first_names: str, prefix: str, last_name: str) -> tuple[str, str]:
    """(first names, surname with all its particles in front) as the index reads a name:
    particles at the end of the first names, or behind the surname after a comma, move to
    the surname's front. Runs for every candidate of a search: the common case (no comma, the
    first names not ending in a particle) returns at once."""
    if "," not in last_name and not is_particle(first_names.rpartition(" ")[2]):
        return first_names, f"{prefix} {last_name}" if prefix else last_name
    surname = " ".join(filter(None, (prefix, last_name)))
    if "," in last_name:
        name, _, behind = last_name.partition(",")
        words = behind.split()
        if words and all(map(is_particle, words)):
            surname = " ".join(filter(None, (*words, prefix, name.strip())))
    words = first_names.split()
    moved = 0
    while moved < len(words) and is_particle(words[len(words) - 1 - moved]):
        moved += 1
    if moved:
        surname = " ".join(filter(None, (*words[len(words) - moved:], surname)))
        first_names = " ".join(words[:len(words) - moved])
    return first_names, surname
