"""`--self-test` from the source install: every check OK, exit 0; a failing check is one FOUT
line naming the error type only, and exit 1."""

import io
import os
import subprocess
import sys

from blijf_desktop import selftest

CHECK_NAMES = [name for name, _check, _needs in selftest.CHECKS]


def test_self_test_passes_from_the_source_install(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "blijf_desktop", "--self-test"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert [line for line in lines if line.startswith(("OK  ", "FOUT "))] == [
        f"OK  {name}" for name in CHECK_NAMES]
    assert "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []  # the throw-away store is gone


def test_a_failing_check_is_one_line_without_data_and_exit_1(monkeypatch, tmp_path):
    monkeypatch.setattr(selftest.tempfile, "tempdir", str(tmp_path))

    def broken(_ctx):
        raise ValueError("Zelftest Proefpersoon, Teststad")  # data must not reach the output

    checks = list(selftest.CHECKS)
    checks[1] = (checks[1][0], broken, checks[1][2])
    # In this process, the Qt check would make a QGuiApplication that later Qt tests cannot use.
    checks[-1] = (checks[-1][0], lambda _ctx: None, checks[-1][2])
    monkeypatch.setattr(selftest, "CHECKS", checks)
    out = io.StringIO()
    assert selftest.run(out) == 1
    text = out.getvalue()
    assert f"FOUT {CHECK_NAMES[1]}: ValueError (test_self_test.py:" in text
    assert "Proefpersoon" not in text and "Teststad" not in text
    # checks that build on the failed one say so instead of running
    assert f"FOUT {CHECK_NAMES[2]}: niet uitgevoerd" in text
    assert f"OK  {CHECK_NAMES[0]}" in text
    assert list(tmp_path.iterdir()) == []
