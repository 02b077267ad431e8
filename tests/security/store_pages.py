"""Every page of a SQLCipher 4 store decrypted as it lies on disk: the live pages, the free
ones (what a deleted row leaves behind unless it was overwritten), and the frames of a WAL
beside it. A SELECT shows only live rows; this shows what a thief with the key could dig out.

SQLCipher 4 with a raw key: the 32-byte key is the AES-256 key itself; each 4,096-byte page
ends in 80 reserved bytes (a 16-byte IV, then a 64-byte HMAC), the first page starts with
the 16-byte salt; the rest is AES-256-CBC. Test code only: it reads, never writes, and uses
the `cryptography` package's AES, no cipher of its own."""

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    body = page[start:PAGE - RESERVE]
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(store: Path, key: bytes) -> list[bytes]:
    """The plaintext of every page of the file, page 1 first."""
    data = store.read_bytes()
    return [_decrypt_page(key, data[i:i + PAGE], i == 0)
            for i in range(0, len(data) - len(data) % PAGE, PAGE)]


def decrypted_wal_frames(wal: Path, key: bytes) -> list[bytes]:
    """The plaintext of every frame in a WAL (page 1's frames included), if there is one."""
    if not wal.exists():
        return []
    data = wal.read_bytes()
    frames = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(data):
        page_number = int.from_bytes(data[offset:offset + 4], "big")
        page = data[offset + FRAME_HEADER:offset + FRAME_HEADER + PAGE]
        frames.append(_decrypt_page(key, page, page_number == 1))
        offset += FRAME_HEADER + PAGE
    return frames


def write_plaintext(store: Path, key: bytes, into: Path) -> Path:
    """The decrypted pages and WAL frames as files in `into`, for the canary scanner."""
    into.mkdir(parents=True, exist_ok=True)
    (into / "pages.bin").write_bytes(b"".join(decrypted_pages(store, key)))
    wal = store.with_name(store.name + "-wal")
    (into / "wal-frames.bin").write_bytes(b"".join(decrypted_wal_frames(wal, key)))
    return into
