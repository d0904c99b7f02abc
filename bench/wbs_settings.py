"""Settings for ``bench/wbs_load.py``: production settings, the WBS submission limit off.

The Pemda-wide limit on new reports per hour would (rightly) refuse most of a 50-reporter
flood; the benchmark measures the intake itself (Argon2id of the receipt, encryption, sealing
to every handler), so it switches the limit off. Nothing else changes: the Argon2id cost is
the production one (``interactive``).
"""

from __future__ import annotations

from integritas.config.settings.production import *  # noqa: F403

WBS_SUBMISSIONS_PER_HOUR = 0
# Every simulated reporter posts from loopback: one source, so its per-source bucket and the
# proof of work are off too (core.ratelimit flood settings).
INTEGRITAS_FLOOD = {"wbs:submit": {"ceiling": 0, "per_source": 0, "pow_at": 0}}
