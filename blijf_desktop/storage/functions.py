"""SQL functions the schema's triggers call, registered on every connection before migrations.

`blijf_fold(part, ...)`: the search index's text for a field (domain/search.py index_text),
so index and query fold the same way (issue 19)."""

from blijf_desktop.domain.search import fold, index_text


class TransliterationMissing(RuntimeError):
    """anyascii's tables are not there (a bundle without its data files): every letter outside
    ASCII would silently vanish from the index, so the store is not opened."""


def register(conn) -> None:
    if fold("Ødegård Kılıç") != "odegard kilic":
        raise TransliterationMissing("anyascii data files missing")
    conn.create_function("blijf_fold", -1, _index_text, deterministic=True)


def _index_text(*parts) -> str:
    return index_text(*(p if isinstance(p, str) else "" if p is None else str(p) for p in parts))
