"""Read another process's memory through /proc/PID/maps and /proc/PID/mem (Linux) and count
where given byte strings occur. Only a child of the reading process is read: the parent's own
memory (which knows the key it looks for) is never part of the count."""

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 1 << 20
_SKIP = ("[vvar]", "[vvar_vclock]", "[vsyscall]")


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    perms: str
    path: str

    @property
    def kind(self) -> str:
        """heap, stack, anonymous, or the mapped file's name: where a copy lives."""
        if self.path.startswith("["):
            return self.path.strip("[]").split(":")[0]
        return Path(self.path).name if self.path else "anonymous"


def regions(pid: int) -> list[Region]:
    found = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        start, end = (int(x, 16) for x in parts[0].split("-"))
        found.append(Region(start, end, parts[1], parts[5] if len(parts) > 5 else ""))
    return found


@dataclass
class MemoryHits:
    bytes_read: int = 0
    regions_read: int = 0
    counts: Counter = field(default_factory=Counter)  # pattern name -> occurrences
    where: dict[str, Counter] = field(default_factory=dict)  # pattern name -> region kinds


def _read_region(mem, region: Region, overlap: int):
    """The region's bytes in chunks that overlap by `overlap` bytes; unreadable chunks
    (a file mapping past its end, a guard page) are skipped."""
    position = region.start
    tail = b""
    while position < region.end:
        size = min(CHUNK, region.end - position)
        try:
            mem.seek(position)
            data = mem.read(size)
        except (OSError, ValueError, OverflowError):
            data = b""
        if data:
            yield tail, data
            tail = data[-overlap:] if overlap else b""
        else:
            tail = b""
        position += size


def scan(pid: int, patterns: dict[str, bytes]) -> MemoryHits:
    if pid == os.getpid():
        raise ValueError("a process must not scan its own memory: it holds the patterns")
    overlap = max(len(p) for p in patterns.values()) - 1
    hits = MemoryHits(where={name: Counter() for name in patterns})
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for region in regions(pid):
            if "r" not in region.perms or region.path in _SKIP:
                continue
            hits.regions_read += 1
            for tail, data in _read_region(mem, region, overlap):
                hits.bytes_read += len(data)
                window = tail + data
                for name, pattern in patterns.items():
                    start = window.find(pattern)
                    while start >= 0:
                        if start + len(pattern) > len(tail):  # not already counted last chunk
                            hits.counts[name] += 1
                            hits.where[name][region.kind] += 1
                        start = window.find(pattern, start + 1)
    return hits
