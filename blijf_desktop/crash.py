"""Crash output without personal data: an unexpected exception is logged as its type and the
code locations it passed (file, line, function), never its message or local values, which
could hold a name or an address."""

import logging
import traceback
from types import TracebackType

log = logging.getLogger("blijf_desktop")


def describe(kind: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
                        for f in reversed(frames[-6:]))
    return f"{kind.__module__}.{kind.__qualname__} at {where}"


def configure_logging() -> None:
    """Warnings and errors to stderr; no log file, so nothing lands on disk."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def log_unexpected(kind: type[BaseException], value: BaseException,
                   tb: TracebackType | None) -> None:
    log.error("unexpected error: %s", describe(kind, tb))
