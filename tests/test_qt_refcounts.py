"""The installed PySide6 must not lose references to True/None (PySide6 6.12.0 does: every
Python-side signal emit and every void Qt call drops one, and on Python 3.11 the process aborts
with "Fatal Python error: bool_dealloc" after about a thousand keystrokes). Run in a child so a
broken build fails this test instead of killing the test run."""

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
class Probe(QObject):
    changed = Signal()
probe, field = Probe(), QLineEdit()
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(3000):
    probe.changed.emit()
    field.setText("x")
    field.clear()
print(sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before)
"""


def test_signals_and_void_calls_keep_true_and_none_alive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    true_delta, none_delta = (int(n) for n in done.stdout.split())
    # A few references may come and go with caches; a leak shows as thousands.
    assert abs(true_delta) < 100 and abs(none_delta) < 100, done.stdout
