"""Crash output names code locations, never the values in an exception message."""

import logging
import sys

from blijf_desktop import crash


def test_unexpected_error_is_logged_without_its_message(caplog):
    try:
        {"Kanarie-Zwänenbürg": 1}["Öztürk-Kanarie-7Q"]
    except KeyError:
        with caplog.at_level(logging.ERROR):
            crash.log_unexpected(*sys.exc_info())
    text = caplog.text
    assert "builtins.KeyError" in text and "test_crash.py" in text
    assert "Kanarie" not in text and "Öztürk" not in text
