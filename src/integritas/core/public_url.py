"""Absolute links to this site, for what is read outside it: e-mails, WhatsApp/SMS messages,
exported files (issue 11, item 10).

A message has no request to take a host from, and a relative link (``/pengaduan/lacak/``) does
not work in a mail client. Every such link is built here from the setting
``INTEGRITAS_PUBLIC_URL`` (README, "Production"), never from a request's ``Host`` header,
which a client chooses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Used when the setting is empty: the address ``integritas demo`` serves on.
DEFAULT_PUBLIC_URL = "http://localhost:8000"


def public_base_url() -> str:
    """The configured public address without a trailing slash, e.g. ``https://zi.example.id``.

    Raises ``ImproperlyConfigured`` when ``INTEGRITAS_PUBLIC_URL`` is not an absolute
    ``http(s)`` URL.
    """
    base = str(getattr(settings, "INTEGRITAS_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).strip()
    parts = urlsplit(base)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"INTEGRITAS_PUBLIC_URL must be an absolute http(s) URL, got {base!r}"
        )
    return base.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse()``, so starting with ``/``) as an absolute public URL."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"expected a site path starting with one '/', got {path!r}")
    return public_base_url() + path
