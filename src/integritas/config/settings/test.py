"""Test settings: the base settings with fast hashing and an in-memory task runner.

``DATABASE_URL`` still selects PostgreSQL, so the same suite runs on both databases.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("INTEGRITAS_DATA_DIR", tempfile.mkdtemp(prefix="integritas-test-"))

from integritas.config.settings.base import *  # noqa: F403
from integritas.config.settings.base import DATA_DIR

# Argon2 with the smallest cost: the production algorithm and format, at test speed.
PASSWORD_HASHERS = ["integritas.core.hashers.FastArgon2PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(DATA_DIR) / "media"
STATIC_ROOT = Path(DATA_DIR) / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests check that published statistics follow their data at once.
INTEGRITAS_PUBLIC_STATS_REFRESH_SECONDS = 0
