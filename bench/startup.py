"""Start-up benchmark: time from launching the process to the login window being shown.

    python bench/startup.py [--bundle PATH] [--runs 10]

Three commands, each run as a fresh process, offscreen, in turn (floor, source, bundle, floor,
...), after one warm-up run each; the median of `--runs` is reported:
- floor:  python -c "import PySide6.QtWidgets"  (what any PySide6 app pays before its own code;
          timed to the end of the process)
- source: python -m blijf_desktop --store STORE (the source / editable install)
- bundle: dist/blijf-desktop/blijf-desktop --store STORE (if built, or the path given)

STORE is made once beforehand (passphrase-only, synthetic user), so the app opens on the login
dialog. `BLIJF_EXIT_WHEN_SHOWN=1` (read in blijf_desktop/ui/application.py, a measuring aid
only) makes the app print "shown" as soon as that dialog has been painted, then quit normally.
The app's figure is launch -> "shown" read from its stdout; the time until the process has
ended (teardown included) is printed too (`*_exit_ms`). Nothing is left on disk.

The last line printed is one JSON object: source_ms, bundle_ms (null without a bundle),
floor_ms, ratio_source, then extras. The ratios are taken pair by pair: each round runs floor,
source and bundle one after the other, and ratio_source is the median over the rounds of
source / floor in that round. This machine's speed drifts by half between seconds (a shared
host), and a pair sees the same speed where two medians of separate runs need not;
`ratio_source_of_medians` (source_ms / floor_ms) is printed as well."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blijf_desktop.services.auth import AuthService  # noqa: E402
from blijf_desktop.storage.device import DeviceSecrets  # noqa: E402
from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy  # noqa: E402
from blijf_desktop.storage.paths import StorePaths  # noqa: E402

DEFAULT_BUNDLE = ROOT / "dist" / "blijf-desktop" / "blijf-desktop"


def make_store(folder: Path) -> Path:
    store = folder / "store"
    auth = AuthService(StorePaths(store), DeviceSecrets(),
                       KdfPolicy(fixed=ArgonParams(memory_kib=8 * 1024, iterations=1, lanes=1)))
    session, _recovery = auth.create_store("beheer", "Synthetische Beheerder",
                                           "Paars-Olifant-Wandelt-42", passphrase_only=True)
    session.close()
    return store


def time_once(command: list[str], env: dict, marker: bool) -> tuple[float, float]:
    """(ms to the "shown" line, or to the end for a command without one; ms to the end)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    killer = threading.Timer(120, process.kill)
    killer.start()
    try:
        shown = None
        if marker:
            for line in process.stdout:
                if line.strip() == b"shown":
                    shown = (time.perf_counter() - start) * 1000
                    break
        _out, err = process.communicate()
        ended = (time.perf_counter() - start) * 1000
    finally:
        killer.cancel()
    if process.returncode != 0 or (marker and shown is None):
        raise SystemExit(f"{command[0]} exited {process.returncode} "
                         f"{'without showing the login window' if shown is None else ''}: "
                         f"{err.decode(errors='replace')[-2000:]}")
    return (shown if marker else ended), ended


def main() -> int:
    parser = argparse.ArgumentParser(description="start-up time to the login window")
    parser.add_argument("--bundle", type=Path, default=None,
                        help=f"bundle executable (default: {DEFAULT_BUNDLE.relative_to(ROOT)} if built)")
    parser.add_argument("--no-bundle", action="store_true", help="time the source install only")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    bundle = args.bundle or (DEFAULT_BUNDLE if DEFAULT_BUNDLE.exists() else None)
    if args.no_bundle:
        bundle = None
    if bundle is not None and not bundle.exists():
        raise SystemExit(f"no bundle at {bundle}")

    folder = Path(tempfile.mkdtemp(prefix="blijf-bench-startup-"))
    try:
        store = make_store(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BLIJF_EXIT_WHEN_SHOWN": "1",
               "TMPDIR": str(folder)}
        env.pop("DISPLAY", None)
        # An installed app has its byte code cached (pip compiles it, or Python writes
        # __pycache__ on the first start); PYTHONDONTWRITEBYTECODE would make every run compile
        # the app's sources again. The warm-up run below writes the cache.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "floor": [sys.executable, "-c", "import PySide6.QtWidgets"],
            "source": [sys.executable, "-m", "blijf_desktop", "--store", str(store)],
        }
        if bundle is not None:
            commands["bundle"] = [str(bundle), "--store", str(store)]
        times: dict[str, list[float]] = {name: [] for name in commands}
        ends: dict[str, list[float]] = {name: [] for name in commands}
        for name, command in commands.items():  # warm-up: disk cache, bytecode
            time_once(command, env, marker=name != "floor")
        for _ in range(args.runs):
            for name, command in commands.items():
                shown, ended = time_once(command, env, marker=name != "floor")
                times[name].append(shown)
                ends[name].append(ended)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in times.items()}
    exit_median = {name: statistics.median(values) for name, values in ends.items()}
    for name, values in times.items():
        what = "whole process" if name == "floor" else "to login window shown"
        print(f"{name:7s} median {median[name]:7.1f} ms   min {min(values):7.1f}   "
              f"max {max(values):7.1f}   ({len(values)} runs, {what}; "
              f"process ended at {exit_median[name]:.1f} ms)")
    def paired_ratio(name: str) -> float | None:
        if name not in times:
            return None
        return round(statistics.median(a / b for a, b in zip(times[name], times["floor"])), 2)

    result = {
        "source_ms": round(median["source"], 1),
        "bundle_ms": round(median["bundle"], 1) if "bundle" in median else None,
        "floor_ms": round(median["floor"], 1),
        "ratio_source": paired_ratio("source"),
        "ratio_bundle": paired_ratio("bundle"),
        "ratio_source_of_medians": round(median["source"] / median["floor"], 2),
        "source_exit_ms": round(exit_median["source"], 1),
        "bundle_exit_ms": round(exit_median["bundle"], 1) if "bundle" in median else None,
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
