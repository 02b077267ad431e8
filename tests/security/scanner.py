"""Scan every file under a folder for canary strings, in the forms personal data could take on
disk: UTF-8, UTF-16-LE and Latin-1 (how a PDF's built-in fonts write "ä"); as typed,
lower-case, upper-case and without diacritics; escaped as JSON (\\u00e4) would write it.
File names are scanned too, and compressed PDF streams are inflated first, so a report that
leaks cannot hide behind its compression. A PDF's text is also extracted (pypdf): an embedded
TrueType subset writes its text as glyph codes that no byte search finds; that text is also
searched with all white space removed, as a name wrapped inside a table cell is broken over
lines. Inflated image streams are pixels and are not searched as text (their raw bytes are);
what no scan here can read is text drawn as pixels (a page rasterised for a printer): no OCR.

Used by the plaintext-canary proof; later features scan their own files (exports, backups,
printed PDFs) with the same function."""

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tests.security.canaries import Canary

ENCODINGS = ("utf-8", "utf-16-le", "latin-1")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(text: str) -> set[str]:
    """The ways one value could be written: as typed, NFC and NFD, lower, upper, casefolded,
    without diacritics, and JSON-escaped (ensure_ascii)."""
    base = {text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    found = set()
    for value in base | {without_diacritics(t) for t in base}:
        found |= {value, value.lower(), value.upper(), value.casefold()}
    found |= {json.dumps(value)[1:-1] for value in set(found)}
    return {value for value in found if value}


@dataclass(frozen=True)
class Needle:
    canary: str  # the canary's name, never its value
    spelling: str
    encoding: str
    pattern: bytes


def needles(canaries: dict[str, Canary] | list[Canary]) -> list[Needle]:
    items = canaries.values() if isinstance(canaries, dict) else canaries
    found = {}
    for canary in items:
        for form in canary.forms():
            for spelling in spellings(form):
                for encoding in ENCODINGS:
                    try:
                        pattern = spelling.encode(encoding)
                    except UnicodeEncodeError:  # e.g. "€" has no Latin-1 form
                        continue
                    found.setdefault(pattern, Needle(canary.name, spelling, encoding, pattern))
    return list(found.values())


@dataclass(frozen=True)
class Hit:
    path: str  # relative to the scanned folder
    where: str  # "content", "name" or "pdf stream"
    canary: str
    encoding: str
    offset: int


@dataclass
class ScanResult:
    files: int = 0
    bytes: int = 0
    hits: list[Hit] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # files per kind, for the figure

    def summary(self) -> dict:
        return {"files_scanned": self.files, "bytes_scanned": self.bytes, "hits": len(self.hits),
                "files_by_kind": dict(sorted(self.kinds.items()))}


def _pdf_streams(data: bytes) -> list[bytes]:
    inflated = []
    for match in _PDF_STREAM.finditer(data):
        header = data[data.rfind(b"obj", 0, match.start()):match.start()]
        if b"/Image" in header:
            continue  # pixels: searching tens of megabytes of them for text finds nothing
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not Flate-compressed: already scanned as it is
    return inflated


_SPACE = re.compile(r"\s+")


def _pdf_text(path: Path) -> str:
    """The PDF's text layer as pypdf reads it (what a copy-and-paste would give)."""
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # noqa: BLE001 - a damaged PDF: its bytes are scanned anyway
        return ""


def _squeezed(patterns: list[Needle]) -> list[Needle]:
    """The UTF-8 needles with their white space removed, for the squeezed text layer."""
    found = {}
    for needle in patterns:
        if needle.encoding == "utf-8":
            pattern = _SPACE.sub("", needle.spelling).encode("utf-8")
            found.setdefault(pattern, Needle(needle.canary, needle.spelling, "utf-8", pattern))
    return list(found.values())


def find(data: bytes, patterns: list[Needle]) -> list[tuple[Needle, int]]:
    found = []
    for needle in patterns:
        offset = data.find(needle.pattern)
        if offset >= 0:
            found.append((needle, offset))
    return found


def kind_of(path: Path) -> str:
    """A coarse label for the figure: which kinds of file the scan covered."""
    name = path.name
    for suffix, kind in ((".db", "store"), ("-wal", "store WAL"), ("-shm", "store SHM"),
                         ("-journal", "store journal"), (".keys", "key file"),
                         (".conf", "Qt settings"), (".ini", "Qt settings"), (".pdf", "pdf"),
                         (".stdout", "log"), (".stderr", "log"), (".log", "log")):
        if name.endswith(suffix):
            return kind
    if "keyring" in name:
        return "keyring"
    if name == "login-attempts.json":
        return "login attempts"
    if name.startswith("core"):
        return "crash dump"
    return "other"


def scan_folder(folder: Path, canaries: dict[str, Canary] | list[Canary]) -> ScanResult:
    """Every regular file under `folder`, whatever its name or size; symlinks are not followed
    (their targets lie outside the folder)."""
    patterns = needles(canaries)
    squeezed_patterns = _squeezed(patterns)
    result = ScanResult()
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        views = [("name", relative.encode("utf-8"))]
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            result.files += 1
            result.bytes += len(data)
            kind = kind_of(path)
            result.kinds[kind] = result.kinds.get(kind, 0) + 1
            views.append(("content", data))
            if data.startswith(b"%PDF"):
                views += [("pdf stream", stream) for stream in _pdf_streams(data)]
                text = _pdf_text(path)
                views.append(("pdf text", text.encode("utf-8")))
                squeezed = _SPACE.sub("", text).encode("utf-8")
                for needle, offset in find(squeezed, squeezed_patterns):
                    result.hits.append(Hit(relative, "pdf text without spaces", needle.canary,
                                           needle.encoding, offset))
        for where, data in views:
            for needle, offset in find(data, patterns):
                result.hits.append(Hit(relative, where, needle.canary, needle.encoding, offset))
    return result
