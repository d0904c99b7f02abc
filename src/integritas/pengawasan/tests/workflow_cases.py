"""The pengawasan workflows for the generated state × action × role test."""

from __future__ import annotations

from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Actor
from integritas.core.testing.workflows import WorkflowCase
from integritas.pengawasan import services
from integritas.pengawasan.models import Lhp, Rekomendasi
from integritas.pengawasan.tests.factories import make_lhp, make_rekomendasi


def _make_lhp(tree: Tree, state: str) -> Lhp:
    return make_lhp(tree.dinkes, status=state)


def _publish(action: str, actor: Actor, lhp: Lhp) -> object:
    assert action == "publish"
    return services.lhp_publish(actor=actor, lhp=lhp, public_from=None)


def _lhp_url(lhp: Lhp, action: str) -> str:
    return reverse("pengawasan:lhp_action", args=[lhp.public_id, action])


def _make_rekomendasi(tree: Tree, state: str) -> Rekomendasi:
    return make_rekomendasi(tree.dinkes, state)


def _follow_up(action: str, actor: Actor, rec: Rekomendasi) -> object:
    return services.tlhp_update(
        actor=actor, rekomendasi=rec, action=action, note="Sudah dibahas dengan OPD."
    )


def _tlhp_url(rec: Rekomendasi, action: str) -> str:
    return reverse("pengawasan:tlhp_action", args=[rec.public_id, action])


CASES = [
    WorkflowCase(
        workflow="lhp",
        make=_make_lhp,
        perform=_publish,
        url=_lhp_url,
        form=lambda action: {"public_from": ""},
    ),
    WorkflowCase(
        workflow="tlhp",
        make=_make_rekomendasi,
        perform=_follow_up,
        url=_tlhp_url,
        form=lambda action: {"note": "Catatan"},
    ),
]
