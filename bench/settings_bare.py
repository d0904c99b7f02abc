"""Settings for the bare-view baseline: the base settings with only the URLconf swapped.

Everything else (middleware, templates, database, DEBUG off) stays identical, so the
difference between ``/`` here and ``/`` under the base settings is the cost of the page
itself: its queries and its template, not the framework or the middleware stack.
"""

from __future__ import annotations

from integritas.config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
