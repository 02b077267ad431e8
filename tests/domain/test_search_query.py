from hypothesis import given, strategies as st

from blijf_desktop.domain.search import build


def test_forms():
    from datetime import date

    assert build("12-3-1985").birth_date == date(1985, 3, 12)
    assert build("12-3-1985").terms == ("12-03-1985",)
    assert build("31-2-1985") is None
    phone = build("06-1234 5678")
    assert (phone.needles, phone.contact_only) == (("0612345678",), True)
    assert build("+31 6 1234 5678").needles == ("0612345678",)
    words = build("ayse ozt")
    assert (words.needles, words.contact_only) == (("ayse", "ozt"), False)
    # the index is asked for every trigram of the words, each once
    assert words.match == '"ays" AND "yse" AND "ozt"'
    assert build("anna anna").match == '"ann" AND "nna"'
    assert build("ab") is None and build("   ") is None


@given(st.text(max_size=100))
def test_any_text_becomes_a_quoted_query_or_nothing(text):
    query = build(text)
    if query is not None:
        # every term is inside quotes with inner quotes doubled: no FTS syntax from the user
        assert query.match.count('"') % 2 == 0
        if query.birth_date is None:
            # each needle's trigrams are what the index is asked for, and nothing else
            grams = {n[i:i + 3] for n in query.needles for i in range(len(n) - 2)}
            asked = [t[1:-1].replace('""', '"') for t in query.match.split(" AND ")]
            assert set(asked) == grams and len(asked) == len(grams)


def test_a_person_is_kept_only_when_each_word_is_whole_in_one_text():
    from blijf_desktop.domain.search import matches

    person = dict(first_names="Rana", prefix="", last_name="Fratelli", birth_date="1990-02-01",
                  residence="Tranmere", birth_place="", street="", postcode="",
                  address_secret=0, phone="+31612345678", email="")
    found = lambda text: matches("\n".join(build(text).needles), build(text).contact_only,  # noqa: E731
                                 **person)
    assert found("rana frat") and found("tranm") and found("1990") and found("0612 3456")
    assert not found("fran")  # every trigram is there (fra, ran), the word is not
    assert not found("ranafrat")  # first names and last name are separate parts
    # a phone number counts only in the contact text
    assert matches("1990", False, **person) and not matches("1990", True, **person)
    secret = dict(person, street="Łąkowa", postcode="1234 AB", address_secret=1)
    assert not matches("lakowa", False, **secret) and matches("lakowa", False, **dict(secret, address_secret=0))


def test_match_spans_ignore_case_and_diacritics():
    from blijf_desktop.domain.search import match_spans

    assert match_spans("Ayşe Öztürk", ("ozt",)) == [(5, 8)]
    assert match_spans("Mehmet Çelik", ("CELIK",)) == [(7, 12)]
    assert match_spans("Anna Annema", ("ann",)) == [(0, 3), (5, 8)]
    assert match_spans("Straße", ("strass",)) == [(0, 5)]
    assert match_spans("niets", ("xyz",)) == []


def test_a_pasted_text_is_cut_to_the_query_limit():
    from blijf_desktop.domain.search import MAX_QUERY

    query = build("Öztürk " + "x" * 30_000)
    assert query is not None and sum(len(t) for t in query.terms) <= MAX_QUERY
