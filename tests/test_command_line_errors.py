"""A mistake on the command line (an unknown language, an unknown option) is told in the
user's language: Dutch, or English when the environment's locale is English. Started without
a terminal (a desktop icon), it is also shown as a dialog; the exit status is 2 either way."""

import io
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from blijf_desktop.app import main

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
ARGPARSE_ENGLISH = ("usage:", "error:", "invalid choice", "unrecognized arguments")


def run(*args: str, **locale: str) -> subprocess.CompletedProcess:
    """`python -m blijf_desktop ARGS` in a terminal (a pty on standard input) with only the
    given locale variables set."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    env.update(locale)
    leader, follower = os.openpty()
    try:
        return subprocess.run([sys.executable, "-m", "blijf_desktop", *args], env=env,
                              stdin=follower, capture_output=True, text=True, timeout=60)
    finally:
        os.close(leader)
        os.close(follower)


def test_an_unknown_language_is_told_in_dutch():
    done = run("--lang", "xx")
    assert done.returncode == 2 and done.stdout == ""
    assert "Ongeldige waarde voor --lang: 'xx'. Kies uit: nl, en." in done.stderr
    assert not any(words in done.stderr for words in ARGPARSE_ENGLISH), done.stderr


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL", "LANGUAGE"])
def test_in_english_when_the_locale_is_english(variable):
    done = run("--lang", "xx", **{variable: "en_US.UTF-8"})
    assert done.returncode == 2
    assert "Invalid value for --lang: 'xx'. Choose from: nl, en." in done.stderr, done.stderr
    assert "Ongeldige" not in done.stderr


def test_an_unknown_option_is_told_in_dutch_and_in_english():
    dutch = run("--kleur", "rood", LANG="nl_NL.UTF-8")
    english = run("--kleur", "rood", LC_ALL="en_GB.UTF-8", LANG="nl_NL.UTF-8")
    assert dutch.returncode == english.returncode == 2
    assert "Onbekende optie: --kleur." in dutch.stderr, dutch.stderr
    assert "Unknown option: --kleur." in english.stderr, english.stderr
    assert not any(words in dutch.stderr for words in ARGPARSE_ENGLISH), dutch.stderr


def test_a_valid_lang_on_the_command_line_decides_the_language_of_the_mistake():
    done = run("--lang", "en", "audit", "verify", LANG="nl_NL.UTF-8")
    assert done.returncode == 2
    assert "audit also needs --user." in done.stderr, done.stderr


def test_without_a_terminal_the_mistake_is_shown_in_a_dialog(qapp, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    shown = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            shown.append(box.text())
            box.button(QMessageBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    assert main(["--lang", "xx"]) == 2
    assert len(shown) == 1 and "Ongeldige waarde voor --lang: 'xx'" in shown[0], shown
