"""A damaged write-ahead log (store.db-wal) must not lose saved work without a word.

After a crash the WAL holds the transactions not yet copied into store.db. When SQLite opens
the store it uses the WAL's frames up to the first one whose checksum fails, and only up to the
last complete transaction before it: a flipped bit in the middle silently drops every later
transaction, a flipped header byte drops them all. A WAL that merely ends in part of an
unfinished transaction (the process was killed while writing) is normal and loses nothing
that was ever reported as saved.

This module reads only the frame headers, which SQLCipher leaves in the clear (the pages are
encrypted), so it needs no key:
- before SQLite opens the store, `scan()` lists the commit frames of the WAL's current
  generation, and `set_aside()` copies the WAL beside the store;
- after SQLite has read it, `PRAGMA wal_checkpoint` tells how many frames SQLite took
  (`frames_in_use`); every commit frame beyond that is a saved transaction SQLite dropped.

The file layout is SQLite's (https://www.sqlite.org/fileformat2.html#walformat); the checksum
below is its header checksum, a format check like a CRC, not cryptography."""

import shutil
import struct
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MAGIC_LITTLE_ENDIAN, _MAGIC_BIG_ENDIAN = 0x377F0682, 0x377F0683
_FORMAT_VERSION = 3007000
_DEFAULT_PAGE_SIZE = 4096  # SQLCipher 4's, for a header too damaged to give its own
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalScan:
    commit_frames: tuple[int, ...]  # 1-based numbers of the frames that end a transaction
    header_intact: bool

    def lost_commits(self, frames_in_use: int) -> int:
        """Saved transactions SQLite did not take, given the frames it did take."""
        return sum(1 for frame in self.commit_frames if frame > frames_in_use)


@dataclass(frozen=True)
class JournalDamage:
    """What the user and the audit trail are told: how many saved transactions were lost,
    and the name of the kept copy of the WAL (in the store folder)."""

    lost_commits: int
    copy_name: str


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


def _checksum(data: bytes, big_endian: bool, seed: tuple[int, int] = (0, 0)) -> tuple[int, int]:
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
    stored = struct.unpack(">II", header[24:32])
    return _checksum(header[:24], magic == _MAGIC_BIG_ENDIAN) == stored


def scan(path: Path) -> WalScan | None:
    """The commit frames of the WAL at `path`; None when there is no WAL or no whole frame.

    The current generation is told by its salts: those in the header when the header is
    intact, else those of the first frame (SQLite rewrites the WAL from the start, so the
    first frame is always current). Frames left from an earlier generation carry other salts
    and are not counted; neither is a frame cut off at the end of the file."""
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
    first = HEADER_SIZE
    salts = header[16:24] if intact else data[first + 8:first + 16]
    commits = []
    for index in range(count):
        offset = HEADER_SIZE + index * frame_size
        if data[offset + 8:offset + 16] != salts:
            continue
        if struct.unpack(">I", data[offset + 4:offset + 8])[0]:  # db size after commit
            commits.append(index + 1)
    return WalScan(tuple(commits), intact)


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Copy the WAL beside the store before SQLite reads it; returns the copy's path. The
    copy is as encrypted as the WAL itself (SQLCipher encrypts its pages)."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    copy = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.copy2(path, copy)
    return copy
