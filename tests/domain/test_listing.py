"""When a page of persons shown writes a listing row (domain/listing.py), and when a volume is
unusual."""

from datetime import datetime, timedelta, timezone

import pytest

from blijf_desktop.domain.listing import (
    REPEAT_SECONDS, Counted, Volume, listing_detail, needs_row, unusual,
)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)
MOMENT_AGO = NOW - timedelta(seconds=5)


def test_a_narrower_page_a_moment_later_writes_no_row():
    assert needs_row([1, 2, 3], None, None, NOW)
    assert not needs_row([2], [1, 2, 3], MOMENT_AGO, NOW)
    assert needs_row([2, 4], [1, 2, 3], MOMENT_AGO, NOW)  # someone new
    assert needs_row([2], [1, 2, 3], NOW - timedelta(seconds=REPEAT_SECONDS), NOW)  # a pause
    assert needs_row([2], [1, 2, 3], NOW + timedelta(seconds=5), NOW)  # the clock went back
    assert not needs_row([], None, None, NOW)  # no one shown


def test_the_detail_holds_ids_and_count_only():
    assert listing_detail("search", [7, 3], 50) == {"list": "search", "count": 2,
                                                    "persons": [7, 3], "offset": 50}
    with pytest.raises(ValueError):
        listing_detail("Jansen", [1], 0)


def test_more_than_the_threshold_is_unusual():
    rule = Volume(60, 300, 40)
    assert not unusual(Counted(300, 40), rule)
    assert unusual(Counted(301, 0), rule) and unusual(Counted(0, 41), rule)
