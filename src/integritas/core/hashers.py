"""A cheap Argon2 parameter set for the test suite only.

Tests still hash with Argon2 (same code path and format as production), just with the
smallest cost, so a suite that creates hundreds of users stays fast.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with minimal cost. Never use outside tests."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
