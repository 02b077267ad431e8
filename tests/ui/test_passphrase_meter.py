"""The meter says in Dutch why a passphrase is weak, from the estimator's codes."""

import pytest

from blijf_desktop import i18n
from blijf_desktop.domain import passphrase as rules
from blijf_desktop.ui.messages import passphrase_problem
from blijf_desktop.ui.widgets.passphrase_field import PassphraseField

PROBLEMS = (rules.TOO_SHORT, rules.TOO_REPETITIVE, rules.OWN_NAME, rules.ORGANISATION_WORD,
            rules.TOO_COMMON, rules.KEYBOARD_PATTERN, rules.SEQUENCE, rules.DATE, rules.NAME,
            rules.TOO_GUESSABLE)


def test_every_problem_the_estimator_names_has_its_own_dutch_sentence():
    generic = passphrase_problem("something else")
    sentences = {code: passphrase_problem(code) for code in PROBLEMS}
    assert generic not in sentences.values()
    assert len(set(sentences.values())) == len(PROBLEMS)


@pytest.mark.parametrize("typed, owner, says", [
    ("Blijfgroep2026!", (), "Blijf Groep"),
    ("AnnaDeVries2026", ("adevries", "Anna de Vries"), "eigen naam"),
    ("qwertyuiop123", (), "veel gebruikt"),
])
def test_the_meter_says_why_in_dutch(qtbot, typed, owner, says):
    i18n.set_language("nl")
    field = PassphraseField(show_meter=True)
    qtbot.addWidget(field)
    field.set_owner(*owner)
    field.setText(typed)
    hint = field.hint.text()
    assert says in hint
    assert field.edit.accessibleDescription() == hint
    assert not field.is_acceptable()
    for english in ("password", "guess", "Add another word", "common"):
        assert english not in hint


def test_the_owner_typed_after_the_passphrase_still_counts(qtbot):
    i18n.set_language("nl")
    field = PassphraseField(show_meter=True)
    qtbot.addWidget(field)
    field.setText("AnnaDeVries2026")
    assert field.is_acceptable()
    field.set_owner("adevries", "Anna de Vries")
    assert not field.is_acceptable()
    assert "eigen naam" in field.hint.text()
