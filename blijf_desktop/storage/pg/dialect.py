"""The one rewrite every statement gets on its way to PostgreSQL: sqlite3's `?` parameters as
psycopg's `%s` (and a literal `%` doubled, which psycopg would otherwise read as a parameter).
Quoted text, quoted names and comments are left alone. Everything else that differs between
the engines is written per engine where it occurs (docs/server-mode.md), not translated here."""

import re

# A quoted literal ('it''s'), a quoted name ("x"), a dollar-quoted body, a comment, or one of
# the two characters to rewrite.
_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\w*)\$.*?\$\1\$|--[^\n]*|/\*.*?\*/|[?%]""",
                     re.DOTALL)


def _rewrite(found: re.Match) -> str:
    token = found[0]
    if token == "?":
        return "%s"
    return token.replace("%", "%%")  # also inside literals: psycopg reads the whole text


def to_psycopg(sql: str) -> str:
    return _TOKENS.sub(_rewrite, sql)


_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


def inserted_table(sql: str) -> str | None:
    """The table an INSERT without RETURNING writes to (to give back its new id, as sqlite3's
    `lastrowid`), else None."""
    found = _INSERT.match(sql)
    if found is None or _RETURNING.search(sql):
        return None
    return found[1].lower()
