"""Receipts: the reporter's only key to a report (issue 12, item 2).

A receipt is 25 random decimal digits (83 bits), shown once in five groups of five. It is
never stored: the database keeps

* a **lookup index**, HMAC-SHA256 of the digits under a key derived from the server's secret
  (``WBS_RECEIPT_INDEX_KEY``, default derived from ``SECRET_KEY``), so a follow-up finds its
  report with one indexed query instead of trying every report's slow hash, and
* an **Argon2id** derivation of the digits with a per-report salt, split into a verifier
  and a key that wraps the report key (see ``crypto.receipt_secrets``).

A database dump alone gives neither: without the server key the index is opaque, and with
it an attacker still faces 2^83 guesses. See THREAT_MODEL.md, "Whistleblowing".
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Final

from django.conf import settings

DIGITS: Final = 25
GROUP: Final = 5


def new_receipt() -> str:
    """25 random digits (``secrets``): about 83 bits."""
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def normalise(value: str) -> str | None:
    """The digits of a typed receipt (spaces and dashes ignored); None when malformed."""
    digits = re.sub(r"[\s\-.]", "", value or "")
    if len(digits) != DIGITS or not digits.isdigit():
        return None
    return digits


def grouped(receipt: str) -> str:
    """``12345 67890 …`` for showing and writing down."""
    return " ".join(receipt[i : i + GROUP] for i in range(0, len(receipt), GROUP))


def _index_key() -> bytes:
    configured = getattr(settings, "WBS_RECEIPT_INDEX_KEY", "")
    if configured:
        return str(configured).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"wbs:receipt-index", hashlib.sha256).digest()


def index_of(receipt: str) -> str:
    """The lookup index of a (normalised) receipt."""
    return hmac.new(_index_key(), receipt.encode(), hashlib.sha256).hexdigest()
