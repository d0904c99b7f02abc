"""Settings for ``bench/complaints_load.py``: production settings, rate limits off.

The per-channel rate limit would (rightly) refuse most of a 200-client flood; the benchmark
measures the intake path itself, so it switches the limits off. Nothing else changes.
"""

from __future__ import annotations

from integritas.config.settings.production import *  # noqa: F403

COMPLAINTS_RATE_LIMITS = {"web": (0, 60), "api": (0, 60), "track": (0, 60)}
