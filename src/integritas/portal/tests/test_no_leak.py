"""Nothing private or unpublished appears on any public endpoint (issue 6, item 4).

Each app plants private records with markers (``integritas.<app>.tests.leak.plant``); the
crawl fetches every public GET route with every id it knows — organisations, datasets,
planted records — plus each app's extra URLs, and fails on any marker it finds.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from integritas.conftest import Tree
from integritas.core.datasets import datasets
from integritas.core.leakcheck import Planted, crawl, expand, public_get_routes
from integritas.core.models import Organisation


def _plant_everything(tree: Tree) -> Planted:
    everything = Planted(markers=[])
    for config in apps.get_app_configs():
        if not config.name.startswith("integritas."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.leak")
        except ModuleNotFoundError:
            continue
        planted: Planted = module.plant(tree)
        everything.markers += planted.markers
        everything.urls += planted.urls
        for name, ids in planted.ids.items():
            everything.ids.setdefault(name, []).extend(ids)
    return everything


@pytest.mark.django_db
def test_no_public_endpoint_shows_private_data(tree: Tree) -> None:
    planted = _plant_everything(tree)
    assert planted.markers, "no app planted private data"
    values = {
        "public_id": [o.public_id for o in Organisation.objects.all()]
        + planted.ids.get("public_id", []),
        "slug": [d.slug for d in datasets()] + ["nope"],
        "fmt": ["csv", "json", "xlsx"],
        **{k: v for k, v in planted.ids.items() if k != "public_id"},
    }
    routes = public_get_routes()
    urls: list[str] = []
    unfilled = []
    for route in routes:
        expanded = expand(route, values)
        if not expanded:
            unfilled.append(route)
        urls += expanded
    urls += planted.urls
    for dataset in datasets():
        urls += [f"/data/{dataset.slug}.{fmt}" for fmt in ("csv", "json", "xlsx")]
    leaks, fetched = crawl(urls, planted.markers)
    assert leaks == []
    assert unfilled == [], (
        f"public routes the crawl could not reach (plant ids for them): {unfilled}"
    )
    assert len(fetched) >= len(routes) + len(planted.urls)
