"""Encryption of whistleblowing reports at rest (issue 12, item 4), on libsodium (PyNaCl).

No primitive of our own: every function here is a thin, typed wrapper around PyNaCl.

* A **report key** (32 random bytes) per report encrypts its text, identity, messages and
  files with XChaCha20-Poly1305 (:class:`nacl.secret.Aead`); the associated data binds each
  ciphertext to its report and purpose, so ciphertexts cannot be swapped between reports.
* The report key is **sealed** (:class:`nacl.public.SealedBox`, X25519 + XSalsa20-Poly1305)
  to the public key of each authorised handler and of the Pemda's recovery key.
* A handler's **private key** is stored only wrapped under a key derived from their password
  with Argon2id (:mod:`nacl.pwhash.argon2id`).
* A reporter's **receipt** is stretched with Argon2id into a verifier (stored) and a wrapping
  key for the report key (so the receipt alone opens the follow-up page).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Final

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import Aead

KEY_BYTES: Final = 32


class DecryptionError(Exception):
    """A ciphertext did not open: wrong key, wrong report, or tampered data."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost parameters, stored next to everything derived with them."""

    opslimit: int
    memlimit: int


#: Interactive cost (libsodium's recommendation for sign-in: 2 passes, 64 MiB).
INTERACTIVE: Final = KdfCost(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE)
#: The smallest cost libsodium accepts: tests only (set by the app's test configuration).
MINIMAL: Final = KdfCost(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)


def current_cost() -> KdfCost:
    """The cost for new derivations (``WBS_KDF_COST`` = ``"minimal"`` in tests only)."""
    from django.conf import settings

    return MINIMAL if getattr(settings, "WBS_KDF_COST", "interactive") == "minimal" else INTERACTIVE


def new_key() -> bytes:
    """A fresh random symmetric key."""
    return nacl.utils.random(KEY_BYTES)


def encrypt(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    """XChaCha20-Poly1305 with a random nonce (prepended), bound to ``aad``."""
    return bytes(Aead(key).encrypt(plaintext, aad))


def decrypt(key: bytes, ciphertext: bytes, *, aad: bytes) -> bytes:
    """Open :func:`encrypt`'s output; :class:`DecryptionError` when it does not open."""
    try:
        return bytes(Aead(key).decrypt(bytes(ciphertext), aad))
    except (nacl.exceptions.CryptoError, ValueError) as exc:
        raise DecryptionError(str(exc)) from None


def new_key_pair() -> tuple[bytes, bytes]:
    """(public, private) X25519 key pair as raw bytes."""
    private = PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def public_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def seal(public_key: bytes, secret: bytes) -> bytes:
    """Seal ``secret`` to ``public_key`` (anonymous sender)."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(secret))


def unseal(private_key: bytes, sealed: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(private_key)).decrypt(bytes(sealed)))
    except (nacl.exceptions.CryptoError, ValueError) as exc:
        raise DecryptionError(str(exc)) from None


def new_salt() -> bytes:
    return nacl.utils.random(argon2id.SALTBYTES)


def derive(secret: str, salt: bytes, cost: KdfCost, size: int = KEY_BYTES) -> bytes:
    """Argon2id of ``secret`` (a password or receipt) with ``salt`` and ``cost``."""
    return bytes(argon2id.kdf(size, secret.encode("utf-8"), salt, cost.opslimit, cost.memlimit))


def wrap_private_key(private_key: bytes, password: str, salt: bytes, cost: KdfCost) -> bytes:
    """The private key encrypted under a key derived from ``password`` (Argon2id)."""
    return encrypt(derive(password, salt, cost), private_key, aad=b"wbs:handler-key")


def unwrap_private_key(wrapped: bytes, password: str, salt: bytes, cost: KdfCost) -> bytes:
    return decrypt(derive(password, salt, cost), wrapped, aad=b"wbs:handler-key")


def receipt_secrets(receipt: str, salt: bytes, cost: KdfCost) -> tuple[bytes, bytes]:
    """(verifier, wrapping key): one Argon2id derivation of the receipt, split in two."""
    out = derive(receipt, salt, cost, size=2 * KEY_BYTES)
    return out[:KEY_BYTES], out[KEY_BYTES:]


def same(a: bytes, b: bytes) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(bytes(a), bytes(b))
