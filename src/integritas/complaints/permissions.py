"""Permissions of the complaints app (entries of ``core.permissions.PERMISSIONS``).

One role, two scopes (decided for issue 5): the **complaint manager** is a
``pengelola_pengaduan`` whose scope covers the whole Pemda; the **OPD handler** is a
``pengelola_pengaduan`` scoped to an OPD or unit. Both carry ``complaints.handle`` (work on
the complaints held in their subtree); services check ``complaints.manage`` *on the Pemda*
for what only the manager may do (verify, reject, mark duplicate, forward, refer, close,
staff entry, settings, and seeing a rahasia complainant's identity). Leaders, the
Inspectorate (TPI), the Tim ZI and observers see statistics only, never complaints.
"""

from __future__ import annotations

from integritas.core.choices import Role

R = Role

PERMISSIONS: dict[str, frozenset[Role]] = {
    "complaints.handle": frozenset({R.PENGELOLA_PENGADUAN}),
    "complaints.manage": frozenset({R.PENGELOLA_PENGADUAN}),
    "complaints.view_stats": frozenset(
        {R.PENGELOLA_PENGADUAN, R.PIMPINAN, R.TPI, R.TIM_ZI, R.PENGAMAT}
    ),
}
