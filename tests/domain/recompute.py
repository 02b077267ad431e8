"""An attacker for suppressed tables, written apart from the code it attacks: she sees every
shown number, knows the equations (rows and columns add up to their totals), reads "<5" as
1..4, "x" as 5 or more and "." (a withheld table) as anything, and searches every integer filling of the hidden cells that fits.
A hidden cell that has the same value in every filling is recomputed.

Exact (not a relaxation): a depth-first search over the hidden cells, where an equation with
one unfilled cell left fixes it. For the small tables the tests generate."""

from blijf_desktop.domain.suppression import HIDDEN_TEXT, SMALL_TEXT, WITHHELD_TEXT


def recomputable(shown: list[str], equations, cap: int) -> set[int]:
    """Indexes of hidden cells that have one value in every filling consistent with `shown`
    (cells as text: a number, "<5" or "x"). Values above `cap` are not tried: a hidden cell is
    only reported when no filling up to the cap gives it a second value."""
    hidden = [i for i, t in enumerate(shown) if t in (SMALL_TEXT, HIDDEN_TEXT, WITHHELD_TEXT)]
    known = {i: int(t) for i, t in enumerate(shown) if i not in hidden}
    domain = {i: range(1, 5) if shown[i] == SMALL_TEXT else range(0, cap + 1)
              if shown[i] == WITHHELD_TEXT else range(5, cap + 1) for i in hidden}
    seen: dict[int, set[int]] = {i: set() for i in hidden}
    eqs = [(tuple(e.parts), e.total) for e in equations]

    def consistent(assigned) -> bool | None:
        """False if an equation fails; otherwise fill forced cells (mutates assigned)."""
        progress = True
        while progress:
            progress = False
            for parts, total in eqs:
                cells = list(parts) + [total]
                missing = [c for c in cells if c not in known and c not in assigned]
                value = lambda c: known[c] if c in known else assigned[c]  # noqa: E731
                if not missing:
                    if sum(value(c) for c in parts) != value(total):
                        return False
                elif len(missing) == 1:
                    m = missing[0]
                    rest = sum(value(c) for c in parts if c != m)
                    forced = (value(total) - rest) if m != total else rest
                    if forced not in domain[m]:
                        return False
                    assigned[m] = forced
                    progress = True
        return True

    def search(assigned: dict) -> None:
        if all(len(values) >= 2 for values in seen.values()):
            return
        assigned = dict(assigned)
        if not consistent(assigned):
            return
        free = [i for i in hidden if i not in assigned]
        if not free:
            for i, v in assigned.items():
                seen[i].add(v)
            return
        for v in domain[free[0]]:
            search({**assigned, free[0]: v})

    search({})
    return {i for i, values in seen.items() if len(values) < 2}
