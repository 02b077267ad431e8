"""Which values in a person's history are a secret address. A value is secret when the address
was secret at any moment the value was the stored one: masked now, and still masked after the
secret flag was removed (a former shelter address stays a shelter address). The same rule as
"Toon adres" everywhere else: shown only on an audited reveal. Covenant art. 14.5-14.8: share
no more than needed; a shelter address is the first thing a pleger looks for."""

from dataclasses import replace
from itertools import groupby

from blijf_desktop.domain.people import HistoryRow

SECRET_FIELDS = ("street", "house_number", "postcode")
HIDDEN = "•••"


def _flag(value: str | None) -> bool:
    return value == "1"


def secret_values(rows_oldest_first: list[HistoryRow], secret_now: bool) -> list[tuple[bool, bool]]:
    """For each row, whether its old and its new value were ever held while the address was
    secret. One change (rows with the same time) is taken as one moment: a value it replaces
    counts as held while the address was secret before the change, a value it writes as held
    from the state after it on."""
    flags = [r for r in rows_oldest_first if r.field == "address_secret"]
    secret = _flag(flags[0].old_value) if flags else secret_now
    tainted = dict.fromkeys(SECRET_FIELDS, secret)  # the current value has been secret
    holder: dict[str, int | None] = dict.fromkeys(SECRET_FIELDS)  # row that wrote it
    result = [[False, False] for _ in rows_oldest_first]
    indexed = list(enumerate(rows_oldest_first))
    for _stamp, group in groupby(indexed, key=lambda pair: pair[1].changed_at):
        group = list(group)
        before = secret
        after = next((_flag(r.new_value) for _, r in group if r.field == "address_secret"), secret)
        changed = set()
        for index, row in group:
            if row.field not in SECRET_FIELDS:
                continue
            old_secret = tainted[row.field] or before
            result[index][0] = old_secret
            if holder[row.field] is not None:
                result[holder[row.field]][1] = old_secret
            holder[row.field] = index
            tainted[row.field] = after
            changed.add(row.field)
        for name in SECRET_FIELDS:
            if name not in changed:
                tainted[name] = tainted[name] or before or after
        secret = after
    for name in SECRET_FIELDS:
        if holder[name] is not None:
            result[holder[name]][1] = tainted[name] or secret_now
    return [tuple(pair) for pair in result]


def mask_history(rows_newest_first: list[HistoryRow], secret_now: bool) -> list[HistoryRow]:
    """The history as shown before a reveal: secret address values replaced by dots."""
    oldest_first = list(reversed(rows_newest_first))
    secrets = secret_values(oldest_first, secret_now)
    shown = []
    for row, (old_secret, new_secret) in zip(oldest_first, secrets):
        old_hidden = old_secret and bool(row.old_value)
        new_hidden = new_secret and bool(row.new_value)
        if old_hidden or new_hidden:
            row = replace(row, old_value=HIDDEN if old_hidden else row.old_value,
                          new_value=HIDDEN if new_hidden else row.new_value, masked=True)
        shown.append(row)
    return list(reversed(shown))
