"""Permissions of the surveys app (registered into ``core.permissions.PERMISSIONS``).

- ``surveys.view``: every result of the units in scope, published or not, and the raw
  (anonymous) responses export — survey managers, leaders, Tim ZI, TPI, admins.
- ``surveys.view_published``: published results only — the above plus independent observers.
- ``surveys.manage``: create surveys and services, import, publish, kiosks, improvement plans.
"""

from __future__ import annotations

from integritas.core.choices import Role

R = Role

VIEW_ROLES = frozenset({R.PENGELOLA_SURVEI, R.PIMPINAN, R.TIM_ZI, R.TPI, R.ADMIN})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "surveys.view": VIEW_ROLES,
    "surveys.view_published": VIEW_ROLES | {R.PENGAMAT},
    "surveys.manage": frozenset({R.PENGELOLA_SURVEI, R.ADMIN}),
}
