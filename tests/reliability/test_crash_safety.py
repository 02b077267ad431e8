"""Proof 1, crash safety: a child saves intakes through the real services and is killed with
SIGKILL at random moments, then restarted. After every kill the store opens, both integrity
checks and the audit chain pass, every intake whose save returned is there and whole, and no
intake is half-written (a case without its client, a person without the case, ...)."""

import json
import os
import random
import signal
import subprocess
import time

import pytest

from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS
from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage import audit, persons, screenings, wal_check
from tests.conftest import FAST_POLICY
from tests.reliability.child_store import ADMIN, ADMIN_PASS, figure, make_store, start_child
from tests.reliability.crash_worker import person_json, threat_json

READY_TIMEOUT = 30.0


def seed() -> int:
    """Random kill moments; the figure prints the seed, BLIJF_CRASH_SEED replays a run."""
    return int(os.environ.get("BLIJF_CRASH_SEED") or random.randrange(10**6))


def run_and_kill(folder, run: int, rng: random.Random, log_path) -> list[dict]:
    """Start a worker, kill it at a random moment, return the intakes it said were saved."""
    with open(log_path, "w", encoding="utf-8") as out:
        child = start_child("crash_worker", str(folder), str(run), stdout=out,
                            stderr=subprocess.PIPE)
    try:
        if rng.random() < 0.15:  # now and then during start-up and login
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            deadline = time.monotonic() + READY_TIMEOUT
            while not log_path.read_text(encoding="utf-8").startswith("ready"):
                assert child.poll() is None, child.stderr.read().decode(errors="replace")
                assert time.monotonic() < deadline, "the worker did not get ready"
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.35))
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, errors  # killed by us, not ended by an error
    lines = log_path.read_text(encoding="utf-8").split("\n")
    # The last piece has no newline when the kill came in the middle of a print: not acknowledged.
    return [json.loads(line) for line in lines[:-1] if line.startswith("{")]


def half_written(conn) -> list[str]:
    """Everything that only part of a transaction would leave behind."""
    problems = [f"foreign key {row}" for row in conn.execute("PRAGMA foreign_key_check")]
    for (screening_id, answers) in conn.execute(
            "SELECT s.id, (SELECT count(*) FROM screening_answers a WHERE a.screening_id = s.id)"
            " FROM screenings s"):
        if answers != len(SCREENINGS[CURRENT_VERSION].codes):
            problems.append(f"screening {screening_id} with {answers} answers")
    for (case_id,) in conn.execute(
            "SELECT id FROM cases c WHERE (SELECT count(*) FROM persons p"
            " WHERE p.case_id = c.id AND p.category = 1) != 1"):
        problems.append(f"case {case_id} without exactly one client")
    created = {int(r[0]): json.loads(r[1])["persons"] for r in conn.execute(
        "SELECT record_id, detail FROM audit_log WHERE action = 'change' AND record_type = 'case'")}
    counts = dict(conn.execute("SELECT case_id, count(*) FROM persons GROUP BY case_id"))
    case_ids = {r[0] for r in conn.execute("SELECT id FROM cases")}
    if set(created) != case_ids:
        problems.append(f"cases and their audit rows differ: {sorted(set(created) ^ case_ids)}")
    problems += [f"case {c}: {counts.get(c, 0)} persons, audit says {n}"
                 for c, n in created.items() if counts.get(c, 0) != n]
    for (threat_id,) in conn.execute(
            "SELECT t.id FROM threats t JOIN persons p ON p.id = t.about_person_id"
            " WHERE p.case_id != t.case_id"):
        problems.append(f"threat {threat_id} about a person of another case")
    indexed = conn.execute("SELECT count(*) FROM person_search").fetchone()[0]
    total = conn.execute("SELECT count(*) FROM persons").fetchone()[0]
    if indexed != total:
        problems.append(f"search index {indexed} rows for {total} persons")
    return problems


def stored_intake(conn, case_id: int) -> dict | None:
    people = sorted(persons.case_persons(conn, case_id), key=lambda r: r.id)
    if not people:
        return None
    client_id, other_ids = people[0].id, [r.id for r in people[1:]]
    threats = []
    for record in persons.case_threats(conn, case_id):
        about = record.entry.about_person_id
        index = None if about == client_id else other_ids.index(about)
        threats.append(threat_json(index, record.entry))
    return {"client": person_json(people[0].data),
            "others": [person_json(r.data) for r in people[1:]],
            "threats": sorted(threats, key=json.dumps)}


def stored_screening(conn, case_id: int) -> dict | None:
    found = screenings.for_case(conn, case_id)
    if len(found) != 1:
        return None
    return {"version": found[0].version,
            "answers": {code: [a.value.value, a.note] for code, a in found[0].answers.items()}}


def check_store(paths, acknowledged: list[dict]) -> tuple[list[str], list[str], bool, bool, bool]:
    """Open the store as the app does after a crash: (lost, half-written, took over a lock,
    a WAL with saved transactions was left, the app called the WAL damaged). A kill must
    never read as a damaged WAL."""
    auth = AuthService(paths, policy=FAST_POLICY)
    stale = auth.claim().stale is not None
    scan = wal_check.scan(wal_check.wal_path(paths.db))
    session = auth.login(ADMIN, ADMIN_PASS)
    try:
        alarm = (bool(session.journal_damage) or bool(list(paths.folder.glob("*.damaged-*")))
                 or wal_check.marker_path(paths.db).exists())
        conn = session.db.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        chain = audit.verify(conn)
        assert chain.ok, chain
        lost, problems = [], half_written(conn)
        for said in acknowledged:
            found = stored_intake(conn, said["case"])
            if found is None:
                lost.append(f"run {said['run']} intake {said['n']} (case {said['case']})")
            elif found != {"client": said["client"], "others": said["others"],
                           "threats": sorted(said["threats"], key=json.dumps)}:
                problems.append(f"case {said['case']} differs from what was saved")
            elif stored_screening(conn, said["case"]) != said["screening"]:
                problems.append(f"case {said['case']}: the screening differs or is lost")
    finally:
        session.close()
        auth.release()
    return lost, problems, stale, bool(scan and scan.commit_frames), alarm


def crash_loop(tmp_path, kills: int, seed: int) -> dict:
    paths, _recovery = make_store(tmp_path / "store")
    rng = random.Random(seed)
    acknowledged, lost, broken, started = [], set(), set(), time.monotonic()
    stale_taken = wal_left = alarms = twice = 0
    for run in range(kills):
        acknowledged += run_and_kill(paths.folder, run, rng, tmp_path / f"run-{run}.log")
        if run % 3 == 0 and run + 1 < kills:
            twice += 1
            continue  # the next child opens the crashed store itself: two kills in a row
        run_lost, run_broken, stale, left, alarm = check_store(paths, acknowledged)
        lost, broken = lost | set(run_lost), broken | set(run_broken)
        stale_taken += stale
        wal_left += left
        alarms += alarm
    result = {"kills": kills, "committed_intakes": len(acknowledged), "lost": len(lost),
              "half_written": len(broken), "stale_locks_taken_over": stale_taken,
              "wal_left_with_saved_work": wal_left, "journal_false_alarms": alarms,
              "kills_twice_in_a_row": twice,
              "seconds": round(time.monotonic() - started, 1), "seed": seed}
    figure("crash_safety", **result)
    return {**result, "examples": sorted(lost | broken)[:5]}


def assert_safe(result: dict) -> None:
    assert result["lost"] == 0 and result["half_written"] == 0, result
    assert result["journal_false_alarms"] == 0, result
    assert result["wal_left_with_saved_work"] > 0, "no kill left a WAL: the WAL check went untried"
    assert result["committed_intakes"] > result["kills"], "the kills came before any real work"


def test_killed_while_saving_intakes_loses_nothing_and_leaves_nothing_half(tmp_path):
    assert_safe(crash_loop(tmp_path, kills=15, seed=seed()))


@pytest.mark.slow
def test_fifty_kills_while_saving_intakes(tmp_path):
    assert_safe(crash_loop(tmp_path, kills=60, seed=seed()))
