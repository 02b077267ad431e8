"""Real read-only folders and real full disks for tests that run as root (as CI does).

Root ignores permission bits, so `chmod 0500` alone does not stop it writing. Two ways that do:
- `read_only()`: the permission bits, and as root the calling thread gives up the two
  capabilities that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) for the duration.
  SQLite and the app's own file calls run in the calling thread, so they meet EACCES exactly
  as an ordinary user does. Needs no mount; works for any user on Linux.
- `read_only_mount()` and `small_disk()`: a read-only bind mount (EROFS) and a small tmpfs
  (ENOSPC, i.e. SQLITE_FULL). They need root; under CI they fail instead of skipping."""

import ctypes
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

_CAP_V3 = 0x20080522
_DAC_OVERRIDE_AND_READ_SEARCH = (1 << 1) | (1 << 2)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _capabilities(libc, data=None):
    """Get (data None) or set this thread's capability sets."""
    header = _CapHeader(_CAP_V3, 0)
    if data is None:
        data = (_CapData * 2)()
        if libc.capget(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capget")
        return data
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    return data


@contextmanager
def _like_an_ordinary_user():
    """As root: this thread obeys permission bits until the block ends (the capabilities
    stay permitted, so they can be taken back). Anyone else: nothing to do."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    data = _capabilities(libc)
    saved = data[0].effective
    data[0].effective &= ~_DAC_OVERRIDE_AND_READ_SEARCH
    _capabilities(libc, data)
    try:
        yield
    finally:
        data[0].effective = saved
        _capabilities(libc, data)


def needs_linux() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("permission bits and mounts as on Linux")


@contextmanager
def read_only(*paths: Path):
    """Folders and files without write permission for this process, as on a share where the
    user may only read."""
    needs_linux()
    modes = {path: path.stat().st_mode & 0o7777 for path in paths}
    for path in paths:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        with _like_an_ordinary_user():
            yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def _needs_root(what: str) -> None:
    needs_linux()
    if os.geteuid() != 0:
        message = f"{what} needs root"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        message = f"mount {' '.join(args)}: {done.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def read_only_mount(folder: Path):
    """`folder` on a read-only file system (EROFS), as a write-protected stick or share."""
    _needs_root("a read-only mount")
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield
    finally:
        _unmount(folder)


@contextmanager
def small_disk(folder: Path, size_kib: int):
    """An empty folder on a disk of `size_kib` KiB of its own (tmpfs): it really fills up."""
    _needs_root("a small disk")
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder))
    try:
        yield
    finally:
        _unmount(folder)


def fill_disk(folder: Path) -> Path:
    """Write a file until the disk holding `folder` has no byte left; return it."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for block in (1 << 16, 512, 1):
            try:
                while True:
                    handle.write(bytes(block))
            except OSError:
                pass
    return filler
