"""The server finds a person exactly when the local row check does (domain.search.matches):
person_trigrams holds the parts domain/search.py folds, joined by spaces, and a needle holds no
space, so `LIKE '%needle%'` on the joined text is "the needle inside one part". Checked over
generated people and needles, each written by storage/persons.py and rolled back after."""

import string
from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.search import SearchQuery, index_parts, matches
from blijf_desktop.storage import persons
from blijf_desktop.storage.pg import search as server_search

_TEXT = st.text(alphabet=string.ascii_letters + "đĐłØßıæ -'.%_\\" + "0123456789", max_size=12)
_FIELDS = ("first_names", "prefix", "last_name", "residence", "birth_place", "street",
           "postcode")


class _RolledBack(Exception):
    pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.tuples(*[_TEXT] * len(_FIELDS)), secret=st.booleans(),
       birth=st.sampled_from([None, date(1987, 3, 12)]),
       phone=st.sampled_from(["", "+31612345678", "020-1234567"]), email=_TEXT,
       which=st.integers(0, 9), start=st.integers(0, 12), size=st.integers(3, 8),
       contact_only=st.booleans())
def test_the_server_finds_a_person_as_the_row_check_does(trail_server, texts, secret, birth,
                                                         phone, email, which, start, size,
                                                         contact_only):
    values = dict(zip(_FIELDS, texts))
    person = PersonData(Category.DERDE, **values, house_number="", address_secret=secret,
                        birth_date=birth, phone=phone, email=email)
    fields = (values["first_names"], values["prefix"], values["last_name"],
              birth.isoformat() if birth else None, values["residence"], values["birth_place"],
              values["street"], values["postcode"], secret, phone, email)
    needle = index_parts(*fields)[which][start:start + size] or "abc"
    if " " in needle or len(needle) < 3:
        return
    expected = matches(needle, contact_only, *fields)
    db = trail_server.desk()
    try:
        with db.transaction() as conn:
            user = trail_server.desk_user_id  # the desk's own account, in team 1
            person_id = persons.insert_person(conn, persons.create_case(conn, user, 1), person,
                                              user)
            query = SearchQuery("", (), needles=(needle,), contact_only=contact_only)
            found = person_id in server_search.person_ids(conn, query, 10)
            raise _RolledBack(found)
    except _RolledBack as result:
        assert result.args[0] == expected, (needle, contact_only)
    finally:
        db.close()
