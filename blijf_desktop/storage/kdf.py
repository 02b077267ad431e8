"""Key derivation and key wrapping, all from `cryptography` (no crypto of our own).

User slot:     KEK = HKDF-SHA256(Argon2id(passphrase, salt) || device secret)
Recovery slot: KEK = HKDF-SHA256(recovery key bytes, salt)  (160 random bits, no stretching needed)
The data key is wrapped with AES-256-GCM under the KEK; the associated data binds the wrap to its
store id, slot id and KDF parameters, so a slot copied from another store or edited fails.
The key file's mode and every slot's parameters also carry an HMAC-SHA256 under a key derived
from the data key (storage/keyvault.py), so any opening can tell an edited file."""

import os
import time
from dataclasses import asdict, dataclass

# `cryptography` is imported where it is used: the login window appears before any key work,
# and importing it costs ~25 ms of start-up.

FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 2
LANES = 4


@dataclass(frozen=True)
class ArgonParams:
    memory_kib: int
    iterations: int
    lanes: int = LANES


@dataclass(frozen=True)
class KdfPolicy:
    """How hard Argon2id must be. Production uses `tuned()`; tests inject a cheap policy."""

    target_seconds: float = 0.5
    floor: ArgonParams = ArgonParams(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)
    fixed: ArgonParams | None = None  # skip tuning (tests, benchmarks)

    def choose(self) -> ArgonParams:
        return self.fixed if self.fixed is not None else tune(self.target_seconds, self.floor)


PRODUCTION_POLICY = KdfPolicy()


def argon2id(passphrase: str, salt: bytes, params: ArgonParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def tune(target_seconds: float, floor: ArgonParams) -> ArgonParams:
    """Raise the iterations (memory stays at the floor) until one derivation takes ~target.

    A derivation costs a fixed part (filling the memory) plus a part per iteration, so both
    are measured: the best of two runs at 1 and at 3 iterations."""

    def best_of_two(iterations: int) -> float:
        params = ArgonParams(floor.memory_kib, iterations, floor.lanes)
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            argon2id("probe", os.urandom(16), params)
            timings.append(time.perf_counter() - start)
        return min(timings)

    one, three = best_of_two(1), best_of_two(3)
    per_iteration = max((three - one) / 2, 1e-4)
    fixed = max(one - per_iteration, 0.0)
    iterations = round((target_seconds - fixed) / per_iteration)
    return ArgonParams(floor.memory_kib, min(max(iterations, floor.iterations), 64), floor.lanes)


def hkdf(material: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(material)


def params_dict(params: ArgonParams) -> dict:
    return asdict(params)


def wrap(kek: bytes, data_key: bytes, associated: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return nonce, AESGCM(kek).encrypt(nonce, bytes(data_key), associated)


def unwrap(kek: bytes, nonce: bytes, wrapped: bytes, associated: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(nonce, wrapped, associated)
    except InvalidTag:
        return None


def mac(key: bytes, message: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, hmac

    tag = hmac.HMAC(key, hashes.SHA256())
    tag.update(message)
    return tag.finalize()


def mac_ok(key: bytes, message: bytes, expected: bytes | None) -> bool:
    """Constant-time check of an HMAC-SHA256 made by `mac`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, hmac

    if expected is None:
        return False
    tag = hmac.HMAC(key, hashes.SHA256())
    tag.update(message)
    try:
        tag.verify(expected)
        return True
    except InvalidSignature:
        return False
