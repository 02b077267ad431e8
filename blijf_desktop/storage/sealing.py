"""Sealing the data key to a key slot's public key (key file format 3), so the app can write
a slot for a new data key without that slot's passphrase or recovery key.

HPKE (RFC 9180) from `cryptography` (since 47): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
AES-256-GCM, base mode, single shot. Chosen over PyNaCl's SealedBox because it is a
published standard in the library the vault already uses for Argon2id, HKDF and AES-GCM
(no new dependency), and its `info` binds each sealed key to its slot's header. Nothing here
composes primitives: key generation, encapsulation and the AEAD are the library's."""

PRIVATE_BYTES = 32
PUBLIC_BYTES = 32
SEALED_BYTES = 32 + 32 + 16  # X25519 encapsulated key + the 32-byte key + GCM tag


def _suite():
    from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

    return Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


def new_key_pair() -> tuple[bytearray, bytes]:
    """(private, public) as raw bytes; the caller wipes the private bytearray."""
    from cryptography.hazmat.primitives.asymmetric import x25519
    from cryptography.hazmat.primitives.serialization import (
        Encoding, NoEncryption, PrivateFormat, PublicFormat,
    )

    key = x25519.X25519PrivateKey.generate()
    private = bytearray(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, public


def seal(public: bytes, data_key: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric import x25519

    return _suite().encrypt(bytes(data_key), x25519.X25519PublicKey.from_public_bytes(public),
                            info=info)


def open_sealed(private: bytes, sealed: bytes, info: bytes) -> bytes | None:
    """The sealed key, or None when it was not sealed to this private key with this info."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric import x25519

    try:
        return _suite().decrypt(sealed, x25519.X25519PrivateKey.from_private_bytes(bytes(private)),
                                info=info)
    except (InvalidTag, ValueError):
        return None
