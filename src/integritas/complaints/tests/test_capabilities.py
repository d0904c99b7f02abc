"""Findings of the security review (2026-11-29), kept as regressions.

F1: a sender's file name ("KTP_Budi_3201….jpg") revealed a rahasia/anonim complainant to the
OPD handler. F2: OPD handlers saw the tracking code — the complainant's capability to reply,
rate and reopen — on pages and in exports.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from integritas.complaints.choices import IdentityMode
from integritas.complaints.models import ComplaintAttachment
from integritas.complaints.tests.conftest import People
from integritas.complaints.tests.factories import forwarded, make_complaint
from integritas.conftest import Tree
from integritas.core.uploads import IMAGES, check_upload


def _photo(name: str) -> object:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    out.seek(0)
    return check_upload(out, name=name, allowed=IMAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [IdentityMode.RAHASIA, IdentityMode.ANONIM, IdentityMode.TERBUKA])
def test_attachment_names_never_carry_the_senders_file_name(
    tree: Tree, people: People, mode: str
) -> None:
    complaint = make_complaint(
        pemda=tree.pemda,
        identity_mode=mode,
        attachments=[_photo("KTP_Budi_Santoso_3201123456780001.jpg")],
    )
    forwarded(complaint, manager=people.manager, to=tree.dinkes)
    att = ComplaintAttachment.objects.get(complaint=complaint)
    assert att.original_name == "lampiran-1.jpg"
    handler = Client()
    handler.force_login(people.dinkes)
    page = handler.get(f"/app/pengaduan/{complaint.public_id}/").content.decode()
    download = handler.get(f"/app/pengaduan/{complaint.public_id}/lampiran/{att.public_id}/")
    for text in (page, download["Content-Disposition"]):
        assert "Budi" not in text
        assert "3201123456780001" not in text


@pytest.mark.django_db
def test_opd_handlers_never_see_the_tracking_code(tree: Tree, people: People) -> None:
    complaint = make_complaint(pemda=tree.pemda, identity_mode=IdentityMode.RAHASIA)
    forwarded(complaint, manager=people.manager, to=tree.dinkes)
    handler = Client()
    handler.force_login(people.dinkes)
    pages = [
        handler.get(f"/app/pengaduan/{complaint.public_id}/").content.decode(),
        handler.get("/app/pengaduan/").content.decode(),
        b"".join(handler.get("/app/pengaduan/ekspor/?format=csv").streaming_content).decode(),  # type: ignore[attr-defined]  # streamed CSV
    ]
    for text in pages:
        assert complaint.tracking_code not in text
    assert complaint.public_id in pages[0]
    manager = Client()
    manager.force_login(people.manager)
    assert (
        complaint.tracking_code
        in manager.get(f"/app/pengaduan/{complaint.public_id}/").content.decode()
    )
