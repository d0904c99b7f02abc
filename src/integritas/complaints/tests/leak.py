"""Private complaint data with markers for the no-leak crawl (portal/tests/test_no_leak.py).

Public for a code-holder: status, public timeline. Private everywhere public: the identity of
every complainant (terbuka included — it is shown to handlers, not to the public), internal
notes, and the handler's name.
"""

from __future__ import annotations

from integritas.complaints import services
from integritas.complaints.choices import IdentityMode
from integritas.conftest import Tree
from integritas.core.actors import Public
from integritas.core.leakcheck import Planted


def plant(tree: Tree) -> Planted:
    """Three complaints (terbuka, rahasia, anonim) forwarded with internal notes."""
    codes = []
    markers = []
    manager = tree.users["pengelola_pengaduan"]
    for mode in (IdentityMode.TERBUKA, IdentityMode.RAHASIA, IdentityMode.ANONIM):
        name = f"LEAKMARKER-{mode}-name"
        email = f"leakmarker-{mode}@example.id"
        complaint = services.complaint_submit(
            actor=Public("web"),
            subject="Pelayanan lambat di loket",
            description="Antrean panjang tanpa nomor urut yang jelas.",
            identity_mode=mode,
            name=name,
            email=email,
            phone="081234500000",
            nik="3299010101900001",
            organisation=tree.dpmptsp,
            pemda=tree.pemda,
        )
        complaint = services.complaint_verify(actor=manager, complaint=complaint)
        services.complaint_note(
            actor=manager, complaint=complaint, message=f"LEAKMARKER-internal-note-{mode}"
        )
        complaint = services.complaint_forward(
            actor=manager, complaint=complaint, organisation=tree.dpmptsp
        )
        codes.append(complaint.tracking_code)
        markers += [name, email, "3299010101900001", f"LEAKMARKER-internal-note-{mode}"]
    return Planted(
        markers=[*markers, manager.full_name],
        urls=[f"/api/v1/complaints/{code}" for code in codes],
        ids={"tracking_code": codes},
    )
