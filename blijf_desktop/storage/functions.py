"""SQL functions the schema's triggers and the search call, registered on every connection
before migrations, so index and query fold the same way (issue 19; domain/search.py).

`blijf_fold(part, ...)`: the index text of a field's parts (migrations 0011 and 0017);
`blijf_year_text`, `blijf_address_text`, `blijf_national_phone`: the other columns of the
search index (0017's triggers), `blijf_first_names_text` and `blijf_surname_text`: its name
columns with the particles where they belong (0030), `blijf_search_match(needles, contact_only, <the person's
fields>)`: whether the person's indexed parts hold every needle whole (the check behind the
trigram index, storage/persons.search). All from domain/search.py."""

from blijf_desktop.domain import search
from blijf_desktop.domain.search import fold, index_text


class TransliterationMissing(RuntimeError):
    """anyascii's tables are not there (a bundle without its data files): every letter outside
    ASCII would silently vanish from the index, so the store is not opened."""


def register(conn) -> None:
    if fold("Ødegård Kılıç") != "odegard kilic":
        raise TransliterationMissing("anyascii data files missing")
    conn.create_function("blijf_fold", -1, _index_text, deterministic=True)
    for name, function, args in (("blijf_year_text", search.year_text, 1),
                                 ("blijf_address_text", search.address_text, 2),
                                 ("blijf_national_phone", search.national_phone, 1),
                                 ("blijf_first_names_text", search.first_names_text, 3),
                                 ("blijf_surname_text", search.surname_text, 3),
                                 ("blijf_search_match", search.matches, 13)):
        conn.create_function(name, args, function, deterministic=True)


def _index_text(*parts) -> str:
    return index_text(*(p if isinstance(p, str) else "" if p is None else str(p) for p in parts))
