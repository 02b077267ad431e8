"""A change the store refuses, checked on either engine: locally its trigger says why; on a
server PostgreSQL refuses the desk's role (by its grants, or where the role may write the
table, by the same trigger), and the trigger still stops the server's administrator."""

import pytest

from tests.server.fixtures import server_of


def refused_change(session, sql: str, match: str) -> None:
    if not session.server_mode:
        with pytest.raises(Exception, match=match):
            with session.db.transaction() as conn:
                conn.execute(sql)
        return
    from blijf_desktop.storage.pg.database import PgConnection

    with pytest.raises(Exception, match=f"permission denied|{match}"):
        with session.db.transaction() as conn:
            conn.execute(sql)
    with pytest.raises(Exception, match=match):
        PgConnection(server_of(session).admin).execute(sql)

