"""bench/search.py --server runs end to end on a small store: the same queries on SQLCipher
and on PostgreSQL (as a hulpverlener's own login, under the row policies) find the same
people, query by query. Figures are printed, never asserted."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.server
def test_search_bench_finds_the_same_people_on_both_engines(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "search.py"), "--server", "--clients", "400",
         "--queries", "40", "--seed", "7"],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["with_hits"] > 0 and result["server_p95_ms"] > 0
    assert result["server_differ"] == 0, done.stdout
