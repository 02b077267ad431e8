"""Saves synthetic people on a server one transaction at a time and prints each one's id
after its commit returned, until the server goes away (tests/server/test_server_crash.py).

Run as: python -m tests.server.crash_writer <conninfo> <ca file> <user id> <case id>"""

import sys
from pathlib import Path

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.storage import persons
from blijf_desktop.storage.pg.database import ServerDatabase


def main(conninfo: str, ca_file: str, user_id: str, case_id: str) -> None:
    db = ServerDatabase(conninfo, Path(ca_file))
    number = 0
    try:
        while True:
            number += 1
            person = PersonData(Category.DERDE, f"Proef{number}", "", "Crashtest")
            with db.transaction() as conn:
                person_id = persons.insert_person(conn, int(case_id), person, int(user_id))
            print(person_id, flush=True)  # only after the commit returned
    except Exception as error:  # the server was killed: the end of this writer
        print(f"stopped: {type(error).__name__}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
