from hypothesis import given, strategies as st

from blijf_desktop.domain.search import build


def test_forms():
    from datetime import date

    assert build("12-3-1985").birth_date == date(1985, 3, 12)
    assert build("12-3-1985").terms == ("12-03-1985",)
    assert build("31-2-1985") is None
    assert build("06-1234 5678").match == 'contact : "0612345678"'
    assert build("+31 6 1234 5678").match == 'contact : "0612345678"'
    assert build("ayse ozt").match == '"ayse" AND "ozt"'
    assert build("ab") is None and build("   ") is None


@given(st.text(max_size=100))
def test_any_text_becomes_a_quoted_query_or_nothing(text):
    query = build(text)
    if query is not None:
        # every term is inside quotes with inner quotes doubled: no FTS syntax from the user
        assert query.match.count('"') % 2 == 0


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
