"""Whistleblowing tests use libsodium's smallest Argon2id cost (the stored parameters
travel with each derivation, so the code under test is the same)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_kdf(settings: Any) -> None:
    settings.WBS_KDF_COST = "minimal"
