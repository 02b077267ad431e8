"""The server login role of each user (issue 23; docs/server-mode.md section 4).

A user name may hold any printable letter; a role name is an identifier of at most 63 bytes
that appears in the server's logs. So the role is named after a digest of the user name: the
same name gives the same role at every desk, nothing of the name shows in a log line, and no
quoting question can arise. `user_roles` on the server maps the role back to `users.id`."""

from __future__ import annotations

import hashlib
import unicodedata

PREFIX = "blijf_u_"


def role_name(username: str) -> str:
    folded = unicodedata.normalize("NFC", username.strip()).casefold()
    return PREFIX + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:24]
