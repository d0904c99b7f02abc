"""Test helpers of the whistleblowing app: reports, handlers with keys, signing in."""

from __future__ import annotations

from django.test import Client

from integritas.core.actors import Public
from integritas.core.models import User
from integritas.core.tests.factories import PASSWORD
from integritas.whistleblowing import services
from integritas.whistleblowing.choices import Category
from integritas.whistleblowing.models import Report

MARKER = "PENANDA-RAHASIA-7Q3X"


def submit(
    *, what: str = f"Kejadian {MARKER}", identity: dict[str, str] | None = None
) -> tuple[Report, str]:
    """A report from the public (the tree's Pemda must be the only root)."""
    return services.report_submit(
        actor=Public("web"),
        category=Category.KORUPSI,
        content={"what": what, "who": f"Pejabat {MARKER}", "where": "Kantor"},
        identity=identity,
    )


def enrol(user: User, password: str = PASSWORD) -> bytes:
    """Give ``user`` a key pair under ``password``; return the private key."""
    services.handler_key_enrol(actor=user, user=user, password=password)
    unlocked = services.handler_key_unlock(user=user, password=password)
    assert unlocked is not None
    return unlocked[1]


def sign_in(user: User, password: str = PASSWORD) -> Client:
    """A client signed in through the login form (so the key is unlocked)."""
    client = Client()
    response = client.post("/app/masuk/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client
