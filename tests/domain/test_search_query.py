from hypothesis import given, strategies as st

from blijf_desktop.domain.search import build


def test_forms():
    assert build("12-3-1985").match == 'born : "12-03-1985"'
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
