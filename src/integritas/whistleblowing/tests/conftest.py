"""Whistleblowing tests use libsodium's smallest Argon2id cost (the stored parameters
travel with each derivation, so the code under test is the same)."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import SettingsWrapper


@pytest.fixture(autouse=True)
def _fast_kdf(settings: SettingsWrapper) -> None:
    settings.WBS_KDF_COST = "minimal"
