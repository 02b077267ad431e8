"""A change the store refuses, checked on either engine: locally its trigger says why; on a
server the desk's role has no right to it at all (PostgreSQL refuses before any trigger), and
the same trigger still stops the server's administrator."""

import pytest

from tests.server.fixtures import server_of


def refused_change(session, sql: str, match: str) -> None:
    if not session.server_mode:
        with pytest.raises(Exception, match=match):
            with session.db.transaction() as conn:
                conn.execute(sql)
        return
    from blijf_desktop.storage.pg.database import PgConnection

    with pytest.raises(Exception, match="permission denied"):
        with session.db.transaction() as conn:
            conn.execute(sql)
    with pytest.raises(Exception, match=match):
        PgConnection(server_of(session).admin).execute(sql)

