from hypothesis import given, settings, strategies as st

from blijf_desktop.domain import passphrase as rules
from blijf_desktop.domain.passphrase import MIN_LENGTH, assess, personal_words

OWNER = personal_words("anna.devries", "Anna de Vries")


@given(st.text(max_size=MIN_LENGTH - 1))
def test_anything_shorter_than_the_minimum_is_refused(text):
    assert not assess(text).acceptable


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_text_gets_an_answer_without_crashing(text):
    strength = assess(text, OWNER)
    assert 0 <= strength.score <= 4
    assert strength.acceptable == (strength.problem is None)


def test_a_sentence_of_uncommon_words_is_strong():
    assert assess("Paars-Olifant-Wandelt-42").acceptable
    assert assess("Paars-Olifant-Wandelt-42").score == 4


def test_common_and_repeated_passphrases_say_why():
    assert assess("wachtwoord12!").problem == rules.TOO_COMMON
    assert assess("aaaaaaaaaaaaaaaa").problem == rules.TOO_REPETITIVE
    assert assess("qwertyuiop123").problem == rules.TOO_COMMON
    assert assess("abcdefghijkl1").problem == rules.SEQUENCE
    assert assess("Jennifer12345").problem == rules.NAME


def test_the_organisations_words_are_guessed_first():
    """A colleague or a perpetrator starts with the shelter's name and its towns."""
    for weak in ("Blijfgroep2026!", "Amsterdam12345", "zaanstreek!!", "Veilig-Opvang1",
                 "blijf-veilig-opvang"):
        strength = assess(weak)
        assert not strength.acceptable, weak
        assert strength.problem == rules.ORGANISATION_WORD, weak


def test_her_own_name_and_user_name_are_guessed_first():
    assert assess("AnnaDeVries2026").acceptable  # strong for someone else...
    strength = assess("AnnaDeVries2026", OWNER)  # ...not for Anna de Vries
    assert (strength.acceptable, strength.problem) == (False, rules.OWN_NAME)
    assert assess("anna.devries99", OWNER).problem == rules.OWN_NAME


def test_the_passphrases_the_tests_and_the_demo_use_stay_acceptable():
    from blijf_desktop import demo
    from tests import conftest

    for text in (conftest.ADMIN_PASS, conftest.CASEWORKER_PASS, conftest.LEAD_PASS,
                 "Eenmalig-Wachtwoord-1", "Eenmalig-Wachtwoord-9", demo.DEMO_PASSPHRASE,
                 demo.DEMO_PASSPHRASE + "-eenmalig"):
        assert assess(text).acceptable, text


def test_a_very_long_passphrase_is_judged_by_its_start():
    assert assess("Paars-Olifant-Wandelt-42 " * 8).acceptable
