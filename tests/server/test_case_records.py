"""The records of a case beyond its people (migrations 0003-0010) written and read back by the
same repository functions on both engines (tests/server/case_story.py): a screening, an exchange
with items, danger flags and a correction, an AWARE-traject with its steps, a consent through
its states with its history, a follow-up task, a signal sent in an exchange, a disclosure. Each
engine's store starts empty and gets the same calls; what the repositories read back is the
same (times aside, as each row gets its own clock reading)."""

import dataclasses
import enum
import hashlib
from datetime import date

import pytest

from blijf_desktop.domain import consent as c
from blijf_desktop.domain.risk import Level
from blijf_desktop.storage.database import Database
from tests.server.case_story import DOCUMENT, local_people, server_people, story


def _timeless(value):
    """`value` with every time a row got from the clock (a key ending in _at) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _timeless({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {k: "<time>" if str(k).endswith("_at") else _timeless(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_timeless(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_timeless(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


@pytest.fixture(scope="module")
def stories(trail_server, tmp_path_factory):
    local = Database(tmp_path_factory.mktemp("local") / "store.db", bytes(range(32)), create=True)
    author, leader, server = server_people(trail_server)
    try:
        people = local_people(local)
        assert people == (author, leader)  # the same ids on both: their reads compare whole
        yield story(local, people), story(server, people)
    finally:
        local.close()
        server.close()


@pytest.mark.parametrize("part", ["screenings", "exchange", "listing", "document", "no_document",
                                  "disclosure", "traject", "consent", "follow_up", "signals"])
def test_the_server_reads_back_what_the_local_store_does(stories, part):
    local, server = stories
    assert _timeless(server[part]) == _timeless(local[part])


def test_what_was_read_back_is_what_was_written(stories):
    _local, server = stories
    [screening] = server["screenings"][0]
    assert screening.chosen is Level.ORANJE and screening.answers["a1"].note == "Slaat."
    record = server["exchange"]
    assert [item.flags for item in record.items][-1] == {"drugs": "onbekend", "wapens": "ja"}
    assert record.document_size == len(DOCUMENT) and record.route == ("emm", "riec")
    assert record.anonymised is False and len(record.corrected_by) == 1
    assert server["document"] == (DOCUMENT, hashlib.sha256(DOCUMENT).hexdigest())
    assert server["no_document"] is None
    everything, about_pleger, nobody, later_riec, early = server["listing"]
    assert [e.exchanged_on.day for e in everything] == [2, 1, 15]
    assert [e.counterparty for e in about_pleger] == ["politie"] and nobody == []
    assert [e.exchanged_on.day for e in later_riec] == [2]
    assert [e.counterparty for e in early] == ["politie"]
    traject, [same], [every], receipts = server["traject"]
    assert traject == same == every and len(traject.person_ids) == 2
    assert [s.data for s in traject.steps] == [{"advies": "ja"}, {"noot": "ë"}]
    assert len(receipts) == 1
    changed, consent, _all, [withdrawn], authors, history, under, linked = server["consent"]
    assert changed == ["valid_until"] and consent == withdrawn
    assert consent.state is c.State.INGETROKKEN and consent.withdrawn_on == date(2026, 3, 1)
    assert [h.change for h in history] == ["voorbereid", "gewijzigd", "geverifieerd",
                                           "ingetrokken"]
    assert len(authors) == 1 and len(under) == 1 and len(linked) == 1
    still_open, every_task, other_case, item, *_rest, disclosed, not_out = server["follow_up"]
    assert [t.kind for t in every_task] == ["intrekking", "correctie"]
    assert [t.kind for t in still_open] == ["correctie"] and other_case == []
    assert item.closed and item.told_how == "telefonisch"
    assert disclosed == {"last_name"} and not_out == set()
    signal, [same_signal] = server["signals"]
    assert signal == same_signal and signal.fields == {"a": "twee"} and len(signal.sent_in) == 2
