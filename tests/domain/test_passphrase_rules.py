from hypothesis import given, strategies as st

from blijf_desktop.domain.passphrase import MIN_LENGTH, assess


@given(st.text(max_size=MIN_LENGTH - 1))
def test_anything_shorter_than_the_minimum_is_refused(text):
    assert not assess(text).acceptable


@given(st.text(min_size=0, max_size=300))
def test_any_text_gets_an_answer_without_crashing(text):
    strength = assess(text)
    assert 0 <= strength.score <= 4
    assert strength.acceptable == (strength.problem is None)


def test_examples():
    assert assess("Paars-Olifant-Wandelt-42").acceptable
    assert assess("Paars-Olifant-Wandelt-42").score == 4
    assert assess("wachtwoord12!").problem == "too_common"
    assert assess("aaaaaaaaaaaaaaaa").problem == "too_repetitive"
