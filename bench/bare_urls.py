"""URLconf of the bare-view baseline (``bench.settings_bare``).

The bare view sits at ``/``, the same path as the portal home, so both runs take the same
way through the middleware (locale, privacy prefixes, CSP) and only the view differs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from integritas.core.permissions import public
from integritas.core.views import healthz

#: The driver checks the body for this, so that an error page can never pass as a fast answer.
BARE_BODY = b"bare ok"


@public("benchmark baseline; only ever served by bench/public_page.py on 127.0.0.1")
def bare(request: HttpRequest) -> HttpResponse:
    """A tiny response: no query, no template; the floor the portal home is compared with."""
    return HttpResponse(BARE_BODY, content_type="text/plain; charset=utf-8")


urlpatterns: list[URLPattern] = [
    # The real health check (one SELECT 1), so the driver waits for both servers the same way.
    path("healthz", healthz, name="healthz"),
    path("", bare, name="bare"),
]
