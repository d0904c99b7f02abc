"""Crawl every public endpoint and report private markers found (the no-leak invariant).

Used by ``portal/tests/test_no_leak.py``. Public routes come from the URL walk
(:mod:`integritas.core.urlcheck`): every view or API operation declared ``@public``. Path
parameters are filled with every id an app offers (organisations' public ids, dataset slugs,
planted records' ids), so each public route is fetched with real and with private ids.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.test import Client

from integritas.core.urlcheck import iter_routes

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


@dataclass
class Planted:
    """Markers of private data, extra URLs to fetch, and ids to try in path parameters."""

    markers: list[str]
    urls: list[str] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)


def _text(response: object) -> str:
    from django.http import StreamingHttpResponse

    if isinstance(response, StreamingHttpResponse):
        raw = b"".join(response.streaming_content)  # type: ignore[arg-type]  # bytes chunks
    else:
        raw = getattr(response, "content", b"")
    if raw.startswith(b"PK"):  # XLSX and other zip containers: read every member
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return "".join(
                    archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                )
        except zipfile.BadZipFile:
            pass
    return raw.decode("utf-8", "replace")


def public_get_routes() -> list[str]:
    """Route patterns of public GET views and operations (``/`` joined, regex or path)."""
    routes = []
    for route in iter_routes():
        if route.declaration is None or route.declaration.kind != "public":
            continue
        methods, _, path = (
            route.route.partition(" ") if " " in route.route else ("GET", "", route.route)
        )
        if "GET" in methods.split(","):
            routes.append(path)
    return routes


def expand(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL made by filling ``route``'s parameters from ``values`` (by name)."""
    path = route.replace("^", "").replace("$", "").replace("\\.", ".")
    urls = [path]
    for match in list(_PARAM.finditer(path)):
        name = match.group("name") or match.group("rname")
        options = values.get(name, [])
        urls = [u.replace(match.group(0), option, 1) for u in urls for option in options]
    return [u if u.startswith("/") else "/" + u for u in urls]


def crawl(urls: Iterable[str], markers: list[str]) -> tuple[list[str], list[str]]:
    """Fetch each URL anonymously; return (leaks as "url: marker", fetched urls)."""
    client = Client()
    leaks: list[str] = []
    fetched: list[str] = []
    for url in urls:
        response = client.get(url)
        fetched.append(f"{url} {response.status_code}")
        body = _text(response)
        leaks.extend(f"{url}: {marker}" for marker in markers if marker in body)
    return leaks, fetched
