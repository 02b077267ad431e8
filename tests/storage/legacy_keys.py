"""A key file as versions 1 and 2 wrote it (each slot wraps the data key itself), made from a
store's data key and its users' passphrases: what a store made before format 3 has on disk."""

import os

from blijf_desktop.storage import kdf, keyvault
from blijf_desktop.storage.keyfile import KeyFile, Slot, seal, user_slot_id

FAST = kdf.ArgonParams(memory_kib=1024, iterations=1, lanes=1)


def legacy_file(vault: keyvault.Vault, data_key: bytes, passphrases: dict[str, str],
                recovery_key: str, version: int = 2) -> KeyFile:
    """Write and return a version 1 or 2 key file for the store `vault` belongs to, keeping
    its store id; user slots bound to this PC (the device secret must be there)."""
    store_id = vault.load().store_id
    device = vault.device.get(store_id)
    keys = KeyFile(store_id, passphrase_only=False, version=1)
    for username, passphrase in passphrases.items():
        salt = os.urandom(16)
        draft = Slot(user_slot_id(store_id, username), "user", True, salt, b"", b"", FAST)
        kek = kdf.hkdf(kdf.argon2id(passphrase, salt, FAST) + device, salt,
                       b"blijf-desktop user slot v1")
        nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(store_id))
        keys.put(Slot(draft.id, "user", True, salt, nonce, wrapped, FAST))
    salt = os.urandom(16)
    draft = Slot(keyvault.RECOVERY_SLOT_ID, "recovery", False, salt, b"", b"")
    kek = kdf.hkdf(keyvault.parse_recovery_key(recovery_key), salt,
                   b"blijf-desktop recovery slot v1")
    nonce, wrapped = kdf.wrap(kek, data_key, draft.associated_data(store_id))
    keys.put(Slot(draft.id, "recovery", False, salt, nonce, wrapped))
    if version == 2:
        sealed = seal(keys, data_key)  # as version 2 sealed it: same MACs, then called 2
        keys = KeyFile(store_id, False, sealed.slots, 2, None)
        keys.mac = _v2_mode_mac(keys, data_key)
    vault.path.write_bytes(keys.to_bytes())
    return keys


def _v2_mode_mac(keys: KeyFile, data_key: bytes) -> bytes:
    key = kdf.hkdf(bytes(data_key), keys.store_id.encode("utf-8"), b"blijf-desktop key file v2")
    return kdf.mac(key, keys.mode_material())
