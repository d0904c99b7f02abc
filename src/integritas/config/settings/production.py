"""Production settings: the base settings with the protections that need HTTPS.

Everything else comes from environment variables (see README.md, "Production").
"""

from __future__ import annotations

import os

from integritas.config.settings.base import *  # noqa: F403
from integritas.config.settings.base import _env_bool

DEBUG = False
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
# Secure cookies always in a real deployment; the end-to-end tests serve plain HTTP on
# loopback and switch them off through the environment.
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", True)
