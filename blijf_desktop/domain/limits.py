"""Limits that no real case reaches. They are there so that a paste gone wrong or a broken
caller cannot fill the store (and its write-ahead log) or the screens: each one is refused
with a Dutch message, and nothing else is lost. Every number below is far above what a
caseworker records for one case; the reason is next to it."""

import json

# A name, street, place or the source of a threat: 200 characters. The longest Dutch street
# name has under 50, a full name with all first names rarely 100 (validation.MAX_TEXT).
MAX_TEXT = 200
# A threat description: 4000 characters, about two typed A4 pages for one threat; a longer
# account belongs in the case file (validation.MAX_DESCRIPTION).
MAX_DESCRIPTION = 4000
# People on one case, the client included: 50. A case is one client with her children, the
# pleger(s) and a few derden; even a large family with several plegers stays under 25.
MAX_PEOPLE_PER_CASE = 50
# A kept draft (any form), as UTF-8 JSON: 2 MiB. An intake of 50 people with every field at
# its limit plus twenty threats at their limit is about 210,000 characters, under 1 MiB even
# if every character took four bytes.
MAX_DRAFT_BYTES = 2 * 1024 * 1024


def draft_size(payload) -> int:
    """The size a draft takes in the store (the same JSON form storage writes)."""
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
