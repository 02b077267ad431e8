"""The rows a desk writes to the trail in the server tests, through storage/audit.py. The
trail's first row (the store's creation) is written by `server init` (storage/pg/schema.py)."""

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import audit

ROWS = [  # (action, user, record type, id, reason, detail): ids and codes, as the app writes
    (AuditAction.LOGIN.value, 1, "user", "1", None, None),
    (AuditAction.VIEW.value, 1, "person", "17", "intake", {"tab": "personalia"}),
    (AuditAction.LIST_SHOWN.value, 1, None, None, None, {"count": 2, "ids": [17, 18]}),
    (AuditAction.CHANGE.value, 1, "person", "17", None, {"fields": ["residence"], "é": "ü"}),
]


def write_rows(db, rows):
    for row in rows:
        with db.transaction() as conn:
            audit.append(conn, *row)
