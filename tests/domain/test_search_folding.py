"""Every Latin letter of Europe and Turkey folds to what a Dutch keyboard types (issue 19)."""

import re
import unicodedata

import pytest

from blijf_desktop.domain.search import build, fold, index_text, match_spans



def _letters(start: int, end: int) -> list[str]:
    return [chr(c) for c in range(start, end + 1) if unicodedata.category(chr(c)).startswith("L")]


# Latin-1 Supplement, Latin Extended-A, Latin Extended Additional
LETTERS = _letters(0x00C0, 0x00FF) + _letters(0x0100, 0x017F) + _letters(0x1E00, 0x1EFF)
# Latin Extended-B also holds African and Zhuang tone letters and a glottal stop, written as
# digits or an apostrophe in ASCII; the rest (Romanian ș ț, Croatian ǆ ǉ ǌ, ...) fold to letters.
NOT_ALPHABETIC = set("ƄƅƧƨƸƹƼƽɁɂ")
EXTENDED_B = _letters(0x0180, 0x024F)


def test_the_blocks_hold_the_letters_of_europe_and_turkey():
    assert len(LETTERS) > 400 and len(EXTENDED_B) > 190
    assert set("łøæßıđÞðŋœẞ") <= set(LETTERS) and set("șțǆ") <= set(EXTENDED_B)


@pytest.mark.parametrize("letter", LETTERS + EXTENDED_B, ids=lambda c: f"U+{ord(c):04X}")
def test_every_latin_letter_folds_to_ascii_letters(letter):
    folded = fold(letter)
    assert folded.isascii() and folded.isprintable() and folded == folded.lower(), letter
    if letter not in NOT_ALPHABETIC:
        # once punctuation is dropped (ŉ is 'n, ẜ is s.): letters only, at least one
        assert re.fullmatch(r"[a-z]+", re.sub(r"[^\w]", "", folded)), (letter, folded)


@pytest.mark.parametrize("stored, typed", [
    ("Ødegård", "odegard"), ("Größe", "grosse"), ("Kılıç", "kilic"), ("Đukić", "dukic"),
    ("Đukić", "djukic"), ("Mæhle", "maehle"), ("Przybył", "przybyl"), ("Jean-Luc", "jeanluc"),
    ("Jean-Luc", "jean luc"), ("Nguyễn", "nguyen"), ("Þórsdóttir", "thorsdottir"),
    ("Œuvray", "oeuvray"), ("D'Alessandro", "dalessandro"), ("'s-Hertogenbosch", "shertogenbosch"),
])
def test_a_name_typed_in_ascii_finds_its_stored_form(stored, typed):
    query = build(typed)
    indexed = index_text(stored)
    assert all(term.strip('"') in indexed for term in query.match.split(" AND ")), (indexed, query)
    spans = match_spans(stored, query.terms)
    assert spans and spans[0][0] <= 1, spans  # the highlight marks the stored letters


def test_decomposed_input_folds_like_composed():
    assert fold("Ode\u0301gard") == fold("Ødegård".replace("Ø", "O")) == "odegard"
    assert match_spans("Ode\u0301gard", ("odeg",)) == [(0, 5)]  # positions of the text as given


def test_the_highlight_marks_the_original_letters():
    assert match_spans("Jean-Luc Đukić", ("djukic",)) == [(9, 14)]
    assert match_spans("Jean-Luc Đukić", ("jeanluc",)) == [(0, 8)]
    assert match_spans("Größe", ("grosse",)) == [(0, 5)]
    assert match_spans("Kılıç", ("KILIC",)) == [(0, 5)]
