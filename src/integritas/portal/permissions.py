"""Portal permissions: audit summaries (Inspektorat), moderation, dashboard, comments."""

from __future__ import annotations

from integritas.core.choices import Role

PERMISSIONS: dict[str, frozenset[Role]] = {
    # The Inspektorat (TPI role) publishes LHP summaries and tracks TLHP.
    "portal.manage_audit_reports": frozenset({Role.ADMIN, Role.TPI}),
    # Drafts included, so not observers: they see published summaries early on the
    # portal itself (portal.view_early), never the Inspektorat's drafts.
    "portal.view_audit_reports": frozenset({Role.ADMIN, Role.TPI, Role.PIMPINAN}),
    "portal.view_dashboard": frozenset({Role.ADMIN, Role.PIMPINAN, Role.TPI}),
    "portal.comment": frozenset({Role.PENGAMAT}),
    "portal.moderate_comments": frozenset({Role.ADMIN, Role.PIMPINAN}),
    # Observers see published items before their public release date.
    "portal.view_early": frozenset({Role.PENGAMAT, Role.ADMIN, Role.PIMPINAN}),
}
