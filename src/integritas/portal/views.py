"""Portal views: public pages and open data (no account), moderation, leaders' dashboard.

Public pages show only what the datasets' gate (``core.datasets``) and the selectors release;
the Inspektorat's LHP and TLHP come from ``integritas.pengawasan.selectors``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integritas.core import clock
from integritas.core.charts import Chart, bar_chart, line_chart
from integritas.core.commentable import resolve_target
from integritas.core.dashboard import overdue_items
from integritas.core.datasets import (
    Dataset,
    Value,
    dataset_rows,
    dataset_updated,
    datasets,
    get_dataset,
    public_actions,
)
from integritas.core.exports import csv_response, xlsx_response
from integritas.core.models import User
from integritas.core.permissions import get_visible_or_404, public, requires
from integritas.pengawasan import selectors as pengawasan
from integritas.portal import selectors, services
from integritas.portal.forms import CommentForm, ModerationForm
from integritas.portal.permissions import (
    COMMENT,
    MODERATE,
    VIEW_DASHBOARD,
    can_comment,
    can_moderate,
)
from integritas.portal.workflows import COMMENT as COMMENT_WORKFLOW

_PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{4,32}$")


def _unit_rows(dataset: Dataset, unit_id: str) -> list[Sequence[Value]]:
    if dataset.unit_column is None:
        return []
    index = [c.name for c in dataset.columns].index(dataset.unit_column)
    return [row for row in dataset_rows(dataset) if row[index] == unit_id]


def _cell(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _table(dataset: Dataset, rows: Sequence[Sequence[Value]], *, hide_unit: bool) -> dict[str, Any]:
    keep = [
        i
        for i, c in enumerate(dataset.columns)
        if not (c.name == dataset.unit_column or (hide_unit and c.name == "unit"))
    ]
    return {
        "dataset": dataset,
        "headers": [
            dataset.columns[i].title
            + (f" ({dataset.columns[i].unit})" if dataset.columns[i].unit else "")
            for i in keep
        ],
        "rows": [
            [
                {"text": _cell(row[i]), "url": dataset.columns[i].type == "url" and row[i]}
                for i in keep
            ]
            for row in rows
        ],
    }


def _chart(dataset: Dataset, rows: Sequence[Sequence[Value]]) -> Chart | None:
    if dataset.chart is None or not rows:
        return None
    kind, x_name, y_name, y_min, y_max = dataset.chart
    names = [c.name for c in dataset.columns]
    xi, yi = names.index(x_name), names.index(y_name)
    si = names.index(dataset.chart_series) if dataset.chart_series else None
    points = [
        (str(row[si]) if si is not None else "", str(row[xi]), float(row[yi]))  # type: ignore[arg-type]  # numeric column by contract
        for row in rows
        if row[yi] is not None
    ]
    if not points:
        return None
    if y_max <= y_min:  # no fixed scale: fit the data with a little headroom
        y_max = max(p[2] for p in points) * 1.1 or 1.0
    if kind == "line":
        categories = sorted({p[1] for p in points})
        series: dict[str, dict[str, float]] = {}
        for name, x, y in points:
            series.setdefault(name or dataset.columns[yi].title, {})[x] = y
        return line_chart(
            categories,
            [(name, [values.get(c) for c in categories]) for name, values in series.items()],
            title=dataset.title,
            y_min=y_min,
            y_max=y_max,
        )
    return bar_chart(
        [(x, y) for _s, x, y in points],
        title=dataset.title,
        max_value=y_max,
        unit=dataset.columns[yi].unit,
    )


@public("the public portal is for citizens without an account; shows only published figures")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the Pemda's Zona Integritas programme at a glance."""
    pemda = selectors.the_pemda()
    units = selectors.opd_units()
    # Titles only: counting rows would build every dataset on the busiest, first-hit page.
    highlights = [{"dataset": dataset} for dataset in datasets()[:8]]
    return render(
        request,
        "portal/home.html",
        {"pemda": pemda, "opd": units, "highlights": highlights},
    )


@public("published figures for everyone")
@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """``/transparansi/``: every published dataset by theme, and a unit finder."""
    query = request.GET.get("q", "").strip()[:100]
    units = selectors.find_units(query)
    themes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for dataset in datasets():
        rows = dataset_rows(dataset)
        themes[dataset.theme].append(
            {**_table(dataset, rows[:10], hide_unit=False), "total": len(rows)}
        )
    return render(
        request,
        "portal/transparency.html",
        {"themes": dict(themes), "units": units[:60], "q": query, "pemda": selectors.the_pemda()},
    )


@public("a unit's published figures for everyone")
@require_GET
def unit_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/transparansi/unit/<id>/``: one unit's published figures."""
    unit = get_visible_or_404(selectors.public_units(), public_id=public_id)
    sections = []
    for dataset in datasets():
        rows = _unit_rows(dataset, unit.public_id)
        if rows:
            sections.append(
                {**_table(dataset, rows, hide_unit=True), "chart": _chart(dataset, rows)}
            )
    children = selectors.child_units(unit)
    return render(
        request,
        "portal/unit.html",
        {
            "unit": unit,
            "sections": sections,
            "children": children,
            "actions": public_actions(unit.public_id),
        },
    )


@public("published audit summaries and follow-up progress for everyone")
@require_GET
def oversight(request: HttpRequest) -> HttpResponse:
    """``/transparansi/pengawasan/``: LHP summaries and TLHP progress per OPD."""
    per_opd = pengawasan.tlhp_per_opd()
    chart = (
        bar_chart(
            [(org.name, float(pct)) for org, _t, _d, pct in per_opd],
            title=_("Audit recommendations followed up, per OPD"),
            max_value=100,
            unit="%",
        )
        if per_opd
        else None
    )
    return render(
        request,
        "portal/oversight.html",
        {
            "lhps": pengawasan.published_lhp_with_rekomendasi(viewer=request.user),
            "per_opd": per_opd,
            "chart": chart,
        },
    )


@public("a published item with its moderated comments; observers may comment")
@require_GET
def comment_target(request: HttpRequest, kind: str, target_id: str) -> HttpResponse:
    """``/transparansi/tanggapan/<kind>/<id>/``: a published item and its public comments."""
    target = resolve_target(kind, target_id) if _PUBLIC_ID.match(target_id) else None
    if target is None:
        raise Http404
    return render(
        request,
        "portal/comment_target.html",
        {
            "target": target,
            "kind": kind,
            "target_id": target_id,
            "comments": selectors.approved_comments(kind, target_id),
            "can_comment": isinstance(request.user, User) and can_comment(request.user),
            "form": CommentForm(),
        },
    )


# -- open data ---------------------------------------------------------------------------


def _dataset_or_404(slug: str) -> Dataset:
    dataset = get_dataset(slug)
    if dataset is None:
        raise Http404
    return dataset


@public("open data index for everyone")
@require_GET
def data_index(request: HttpRequest) -> HttpResponse:
    """``/data/``: every dataset with its metadata and downloads."""
    items = [
        {"dataset": d, "updated": dataset_updated(d.slug), "count": len(dataset_rows(d))}
        for d in datasets()
    ]
    return render(request, "portal/data_index.html", {"items": items})


@public("one open dataset's metadata for everyone")
@require_GET
def data_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/data/<slug>/``: a dataset's metadata, columns and downloads."""
    dataset = _dataset_or_404(slug)
    rows = dataset_rows(dataset)
    return render(
        request,
        "portal/data_detail.html",
        {
            "dataset": dataset,
            "updated": dataset_updated(slug),
            "count": len(rows),
            **_table(dataset, rows[:20], hide_unit=False),
        },
    )


def _filtered_rows(request: HttpRequest, dataset: Dataset) -> list[Sequence[Value]] | HttpResponse:
    rows = dataset_rows(dataset)
    unit_id = request.GET.get("unit")
    if unit_id is not None:
        if dataset.unit_column is None or not _PUBLIC_ID.match(unit_id):
            return HttpResponseBadRequest(_("This dataset cannot be filtered by unit."))
        get_visible_or_404(selectors.public_units(), public_id=unit_id)
        rows = _unit_rows(dataset, unit_id)
    year = request.GET.get("tahun")
    if year is not None:
        if not re.fullmatch(r"(19|20)\d\d", year):
            return HttpResponseBadRequest(_("The year must be four digits, e.g. 2025."))
        date_index = [
            i
            for i, c in enumerate(dataset.columns)
            if c.type == "date" or c.name in {"tahun", "periode"}
        ]
        if not date_index:
            return HttpResponseBadRequest(_("This dataset cannot be filtered by year."))
        i = date_index[0]
        rows = [r for r in rows if str(r[i])[:4] == year]
    return rows


@public("open data downloads for everyone")
@require_GET
def data_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """``/data/<slug>.(csv|json|xlsx)``: the published rows, optionally by unit or year."""
    dataset = _dataset_or_404(slug)
    rows = _filtered_rows(request, dataset)
    if isinstance(rows, HttpResponse):
        return rows
    header = [c.name for c in dataset.columns]
    if fmt == "csv":
        return csv_response(header, rows, filename=f"{slug}.csv")
    if fmt == "xlsx":
        text_cols = [i for i, c in enumerate(dataset.columns) if c.type == "string"]
        return xlsx_response(
            header, rows, filename=f"{slug}.xlsx", sheet=slug[:31], text_columns=text_cols
        )
    if fmt == "json":
        payload = {
            "dataset": slug,
            "title": dataset.title,
            "columns": [
                {"name": c.name, "title": c.title, "type": c.type, "unit": c.unit}
                for c in dataset.columns
            ],
            "rows": [dict(zip(header, [_json_value(v) for v in row], strict=True)) for row in rows],
        }
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'inline; filename="{slug}.json"'
        return response
    raise Http404


def _json_value(value: Value) -> Any:
    if isinstance(value, Decimal):
        return float(round(value, 4))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@public("DCAT-AP catalogue so Satu Data portals (CKAN) can harvest the open data")
@require_GET
def data_catalogue(request: HttpRequest) -> HttpResponse:
    """``/data/katalog.jsonld``: a DCAT-AP catalogue (JSON-LD) of every dataset."""
    base = request.build_absolute_uri("/")[:-1]
    pemda = selectors.the_pemda()
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": pemda.name if pemda else settings.INTEGRITAS["SITE_NAME"],
    }
    entries = []
    for d in datasets():
        updated = dataset_updated(d.slug)
        entries.append(
            {
                "@id": f"{base}/data/{d.slug}/",
                "@type": "dcat:Dataset",
                "dct:identifier": d.slug,
                "dct:title": {"@value": d.title, "@language": "id"},
                "dct:description": {"@value": d.description, "@language": "id"},
                "dct:publisher": publisher,
                "dcat:keyword": list(d.keywords),
                "dcat:theme": d.theme,
                "dct:source": d.source,
                "dct:modified": updated.isoformat() if updated else None,
                "dcat:landingPage": f"{base}/data/{d.slug}/",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:format": fmt.upper(),
                        "dcat:mediaType": media,
                        "dcat:downloadURL": f"{base}/data/{d.slug}.{fmt}",
                        "dct:license": "http://creativecommons.org/licenses/by/4.0/",
                    }
                    for fmt, media in [
                        ("csv", "text/csv"),
                        ("json", "application/json"),
                        (
                            "xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        ),
                    ]
                ],
            }
        )
    catalogue = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": f"{base}/data/katalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {
            "@value": f"Data terbuka Zona Integritas — {publisher['foaf:name']}",
            "@language": "id",
        },
        "dct:publisher": publisher,
        "dct:language": "id",
        "dcat:dataset": entries,
    }
    return HttpResponse(
        json.dumps(catalogue, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@public("sitemap of public pages for search engines")
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the public pages (portal, units, datasets)."""
    base = request.build_absolute_uri("/")[:-1]
    paths = [
        "/",
        reverse("portal:transparency"),
        reverse("portal:oversight"),
        reverse("portal:data_index"),
    ]
    paths += [
        reverse("portal:unit", args=[u.public_id])
        for u in selectors.public_units().order_by("path")
    ]
    paths += [reverse("portal:data_detail", args=[d.slug]) for d in datasets()]
    from django.utils.html import escape

    body = "".join(f"<url><loc>{escape(base + p)}</loc></url>" for p in paths)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    return HttpResponse(xml, content_type="application/xml")


# -- staff ----------------------------------------------------------------------------


@requires(COMMENT, methods=("POST",))
def comment_submit(request: HttpRequest) -> HttpResponse:
    """An observer submits a comment on a published item (goes to moderation)."""
    user = request.user
    assert isinstance(user, User)
    kind, target_id = request.POST.get("kind", ""), request.POST.get("target_id", "")
    if resolve_target(kind, target_id) is None:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_submit(
                actor=user, target_kind=kind, target_id=target_id, body=form.cleaned_data["body"]
            )
            messages.success(request, _("Thank you. Your comment will appear after moderation."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("portal:comment_target", kind=kind, target_id=target_id)


@requires(MODERATE, methods=("GET", "HEAD"))
def moderation(request: HttpRequest) -> HttpResponse:
    """``/app/portal/komentar/``: observers' comments waiting for a moderator."""
    user = request.user
    assert isinstance(user, User)
    pending = [
        {
            "comment": c,
            "target": resolve_target(c.target_kind, c.target_id),
            "actions": COMMENT_WORKFLOW.available_actions(user, c),
        }
        for c in selectors.pending_comments(viewer=user)
    ]
    return render(request, "portal/moderation.html", {"pending": pending})


@requires(MODERATE, methods=("POST",))
def moderate(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Publish (``approve``) or ``reject`` one pending comment, with an optional note."""
    user = request.user
    assert isinstance(user, User)
    if action not in {a.name for a in COMMENT_WORKFLOW.actions}:
        raise Http404
    comment = get_visible_or_404(selectors.pending_comments(viewer=user), public_id=public_id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.comment_moderate(
                actor=user, comment=comment, action=action, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The comment was moderated."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for problem in errors:
                messages.error(request, str(problem))
    return redirect("portal_staff:moderation")


@requires(VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """``/app/pimpinan/``: all units side by side, what is overdue, where ZI is weakest."""
    user = request.user
    assert isinstance(user, User)
    matrix_datasets = [d for d in datasets() if d.unit_column and d.chart is not None][:4]
    units = list(selectors.opd_units())
    columns: list[dict[str, Any]] = []
    for d in matrix_datasets:
        names = [c.name for c in d.columns]
        yi = names.index(d.chart[2]) if d.chart else 0
        ui = names.index(d.unit_column or "")
        latest: dict[str, Value] = {}
        for row in dataset_rows(d):
            latest[str(row[ui])] = row[yi]
        columns.append({"title": d.columns[yi].title, "dataset": d, "values": latest})
    matrix = [
        {"unit": u, "cells": [_cell(col["values"].get(u.public_id)) for col in columns]}
        for u in units
    ]
    weakest: list[Sequence[Value]] = []
    area_dataset = get_dataset("lke-nilai-area")
    if area_dataset is not None:
        names = [c.name for c in area_dataset.columns]
        pi = names.index("persen")
        weakest = sorted(dataset_rows(area_dataset), key=lambda r: Decimal(str(r[pi] or 0)))[:10]
    return render(
        request,
        "portal/dashboard.html",
        {
            "weakest": [[_cell(v) for v in row[1:]] for row in weakest],
            "columns": columns,
            "matrix": matrix,
            "overdue": overdue_items(user),
            "now": clock.now(),
            "pending_comments": selectors.pending_comments(viewer=user).count(),
            "can_moderate": can_moderate(user),
            "lhp_counts": pengawasan.lhp_counts(viewer=user),
        },
    )
