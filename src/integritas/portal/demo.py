"""Demo data of the portal: an observer's comments on a published item, one moderated.

The portal owns no published figures of its own; it finds a commentable item through the
published datasets' comment links (``/transparansi/tanggapan/<kind>/<id>/``), so it runs
after the apps that publish them.
"""

from __future__ import annotations

from integritas.core.datasets import dataset_rows, datasets
from integritas.core.demo import DemoContext
from integritas.portal import services
from integritas.portal.models import PublicComment

COMMENT_PREFIX = "/transparansi/tanggapan/"
COMMENTS = [
    (
        "Terima kasih atas rencana tindak lanjutnya. Mohon hasil pemantauan waktu layanan "
        "juga dipublikasikan setiap bulan.",
        "approve",
    ),
    ("Apakah jam layanan loket akan ditambah pada hari Senin?", None),
]


def _first_commentable() -> tuple[str, str] | None:
    for dataset in datasets():
        urls = [i for i, c in enumerate(dataset.columns) if c.type == "url"]
        for row in dataset_rows(dataset):
            for i in urls:
                link = str(row[i] or "")
                if link.startswith(COMMENT_PREFIX):
                    kind, target_id = link.removeprefix(COMMENT_PREFIX).strip("/").split("/")
                    return kind, target_id
    return None


def load_portal(ctx: DemoContext) -> None:
    """Two comments by the observer on the first commentable item: one published, one
    waiting for moderation (nothing when no app published such an item)."""
    if PublicComment.objects.exists():
        return
    target = _first_commentable()
    observer, leader = ctx.users.get("pengamat"), ctx.users.get("pimpinan")
    if target is None or observer is None or leader is None:
        return
    kind, target_id = target
    for body, decision in COMMENTS:
        comment = services.comment_submit(
            actor=observer, target_kind=kind, target_id=target_id, body=body
        )
        if decision is not None:
            services.comment_moderate(actor=leader, comment=comment, action=decision)
