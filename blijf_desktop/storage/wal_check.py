"""A damaged write-ahead log (store.db-wal) must not lose saved work without a word.

After a crash the WAL holds the transactions not yet copied into store.db. When SQLite opens
the store it takes the WAL's frames up to the first one whose checksum fails, and only up to
the last complete transaction before it: a flipped bit in the middle silently drops every later
transaction, a flipped header byte drops them all.

Not every frame SQLite drops is damage. SQLite writes a frame's 24-byte header, then its page,
and syncs a transaction's frames only after its commit frame. A process killed (or a PC
switched off) before that sync can leave any part of the transaction on disk: a short frame at
the end, a whole-length frame with the new header and an old page where the WAL is written over
an earlier round, a later frame present and an earlier one not. That transaction was never
reported as saved. So a failing frame counts as damage only when a genuine frame (the WAL's
current salts, its checksum right against the frame before it) lies after the commit that ends
the failing frame's transaction: that commit had then been synced, and the next transaction
begun. The price: damage inside the very last transaction looks exactly like an interrupted
save and is not reported.

SQLite can write a byte-identical header again after a crash (same salts), so frames of an
interrupted save could pass as genuine in a later round. After judging, the store therefore
checkpoints the WAL to empty (`TRUNCATE`): the next round starts with new salts.

This module needs no key: SQLCipher leaves the WAL's headers in the clear and the checksums
cover the encrypted pages as stored. `scan()` reads the WAL before SQLite opens the store;
after SQLite has read it, `PRAGMA wal_checkpoint` tells how many frames SQLite took, and
`WalScan.lost_commits()` how many saved transactions it dropped. Neither step changes the WAL;
the next write or the close does, so `keep_copy()` still copies it as it was found.

What is lost is told through a small marker file beside the store (`journal-damage.json`:
per event the count and the copy's file name, nothing personal), so a login that fails after
the store was opened, or a user who never reaches the main window, does not lose the message:
the next successful login records each event in the audit trail once, and the notice is shown
until a user has confirmed it. A new store in the same folder starts without it.

The file layout is SQLite's (https://www.sqlite.org/fileformat2.html#walformat); the checksum
is its WAL checksum, a format check like a CRC, not cryptography."""

import json
import struct
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from blijf_desktop.storage.errors import EnvironmentProblem
from blijf_desktop.storage.files import write_atomically

HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MAGIC_LITTLE_ENDIAN, _MAGIC_BIG_ENDIAN = 0x377F0682, 0x377F0683
_FORMAT_VERSION = 3007000
_DEFAULT_PAGE_SIZE = 4096  # SQLCipher 4's, for a header too damaged to give its own
_MASK = 0xFFFFFFFF
MARKER_NAME = "journal-damage.json"


@dataclass(frozen=True)
class JournalDamage:
    """What the user and the audit trail are told: how many saved transactions were lost, and
    the name of the kept copy of the WAL in the store folder (None if it could not be kept)."""

    lost_commits: int
    copy_name: str | None
    audited: bool = False


@dataclass(frozen=True)
class WalScan:
    header_intact: bool
    commit_frames: tuple[int, ...]  # 1-based numbers of the current round's commit frames
    frame_count: int  # whole frames in the file, of any round
    _data: bytes = field(repr=False, compare=False, default=b"")
    _frame_size: int = field(repr=False, compare=False, default=0)
    _salts: bytes = field(repr=False, compare=False, default=b"")

    def genuine_frames(self, after: int = 0) -> tuple[int, ...]:
        """Frames after number `after` that carry the current salts and pass their checksum
        seeded with the checksum stored in the frame (or header) before them: whole frames as
        SQLite wrote them. Only the frames SQLite did not take need checking, which keeps the
        usual case (a crash: a short unfinished tail) cheap."""
        if self.header_intact:
            big_endian = struct.unpack(">I", self._data[:4])[0] == _MAGIC_BIG_ENDIAN
            return tuple(self._genuine(after, big_endian))
        # the byte order is in the damaged magic: take the one the frames agree with
        return tuple(max((self._genuine(after, order) for order in (False, True)), key=len))

    def _genuine(self, after: int, big_endian: bool) -> list[int]:
        found = []
        for index in range(after, self.frame_count):
            offset = HEADER_SIZE + index * self._frame_size
            frame = self._data[offset:offset + self._frame_size]
            if frame[8:16] != self._salts:
                continue
            # seeded by the checksum stored in the frame before (the header's for frame 1)
            stored_before = offset - self._frame_size + 16 if index else 24
            before = self._data[stored_before:stored_before + 8]
            body = frame[:8] + frame[FRAME_HEADER_SIZE:]
            if _checksum(body, big_endian, struct.unpack(">II", before)) == struct.unpack(
                    ">II", frame[16:24]):
                found.append(index + 1)
        return found

    def lost_commits(self, frames_in_use: int) -> int:
        """Saved transactions SQLite dropped, given the frames it took (see the module text)."""
        if frames_in_use < 0:  # SQLite could not say (busy): no verdict rather than a wrong one
            return 0
        genuine = set(self.genuine_frames(after=frames_in_use))
        first_bad = next((n for n in range(frames_in_use + 1, self.frame_count + 1)
                          if not (self.header_intact and n in genuine)), None)
        if first_bad is None:
            return 0  # SQLite took all that was whole; the rest is an unfinished transaction
        # The transaction the bad frame belongs to ends at the next commit frame. Only if a
        # whole frame was written after that commit had that transaction been synced (with
        # synchronous=FULL the commit is synced before the next transaction writes), i.e.
        # reported as saved; otherwise it is an interrupted save, whatever parts of it reached
        # the disk.
        ends = next((n for n in self.commit_frames if n >= first_bad), None)
        later = [n for n in genuine if ends is not None and n > ends]
        if not later:
            return 0
        return sum(1 for n in self.commit_frames if first_bad <= n <= max(later))


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(MARKER_NAME)


def _checksum(data: bytes, big_endian: bool, seed: tuple[int, int]) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    s0, s1 = seed
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def _header_intact(header: bytes) -> bool:
    magic, version, page_size = struct.unpack(">III", header[:12])
    if magic not in (_MAGIC_LITTLE_ENDIAN, _MAGIC_BIG_ENDIAN) or version != _FORMAT_VERSION:
        return False
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return False
    return _checksum(header[:24], magic == _MAGIC_BIG_ENDIAN, (0, 0)) == struct.unpack(
        ">II", header[24:32])


def scan(path: Path) -> WalScan | None:
    """The WAL at `path` as SQLite will find it; None when there is no WAL or no whole frame.

    The current round is told by its salts: those in the header when the header is intact,
    else those of the first frame (SQLite writes each round from the start of the file)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < HEADER_SIZE + FRAME_HEADER_SIZE:
        return None
    header = data[:HEADER_SIZE]
    intact = _header_intact(header)
    page_size = struct.unpack(">I", header[8:12])[0] if intact else _DEFAULT_PAGE_SIZE
    frame_size = FRAME_HEADER_SIZE + page_size
    count = (len(data) - HEADER_SIZE) // frame_size
    if count == 0:
        return None
    salts = header[16:24] if intact else data[HEADER_SIZE + 8:HEADER_SIZE + 16]
    commits = []
    for index in range(count):
        offset = HEADER_SIZE + index * frame_size
        if data[offset + 8:offset + 16] == salts and struct.unpack(
                ">I", data[offset + 4:offset + 8])[0]:  # the db size after a commit, else 0
            commits.append(index + 1)
    return WalScan(intact, tuple(commits), count, data, frame_size, salts)


def keep_copy(path: Path, now: datetime | None = None) -> str | None:
    """Copy the WAL as found beside the store (fsynced; as encrypted as the WAL itself) and
    return the copy's file name; None when it cannot be written (a full disk): the loss is
    still told, without a copy."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    copy = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        write_atomically(copy, path.read_bytes())
    except (OSError, EnvironmentProblem):
        return None
    return copy.name


def record(marker: Path, damage: JournalDamage) -> None:
    """Add one event to the notice waiting to be told; earlier events stay in it."""
    events = [e for e in recorded(marker) if e.lost_commits or e.copy_name]
    _write(marker, [*events, damage])


def mark_audited(marker: Path, events: list[JournalDamage]) -> list[JournalDamage]:
    audited = [replace(event, audited=True) for event in events]
    _write(marker, audited)
    return audited


def _write(marker: Path, events: list[JournalDamage]) -> None:
    body = {"events": [asdict(event) for event in events]}
    write_atomically(marker, json.dumps(body).encode("utf-8"))


def recorded(marker: Path) -> list[JournalDamage]:
    """The damage events waiting to be told, oldest first; [] when there are none. A marker
    that cannot be read still tells that something was lost (count unknown: 0)."""
    try:
        body = json.loads(marker.read_text(encoding="utf-8"))
        return [JournalDamage(int(e["lost_commits"]), e.get("copy_name"), bool(e.get("audited")))
                for e in body["events"]]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return [JournalDamage(0, None)]


def told(marker: Path) -> None:
    marker.unlink(missing_ok=True)
