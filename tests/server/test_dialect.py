"""The rewrite every statement gets on its way to PostgreSQL (no server needed)."""

from blijf_desktop.storage.pg.dialect import inserted_table, to_psycopg


def test_parameters_become_psycopg_ones_and_quoted_text_stays():
    sql = "SELECT a FROM t WHERE b = ? AND c LIKE '+31%' AND d = 'wat?' AND \"e?\" = ? -- ?\n"
    assert to_psycopg(sql) == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '+31%%' AND d = 'wat?' AND \"e?\" = %s -- ?\n")


def test_a_quote_inside_a_literal_does_not_end_it():
    assert to_psycopg("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_a_dollar_quoted_body_is_left_alone_but_its_percent_doubled():
    sql = "CREATE FUNCTION f() RETURNS text AS $body$ SELECT '?%' $body$ LANGUAGE sql"
    assert to_psycopg(sql) == sql.replace("%", "%%")


def test_an_insert_without_returning_gives_its_table():
    assert inserted_table("  insert into persons (a) values (?)") == "persons"
    assert inserted_table("INSERT INTO cases (a) VALUES (?) RETURNING id") is None
    assert inserted_table("UPDATE persons SET a = ?") is None
