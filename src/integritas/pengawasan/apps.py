"""Pengawasan app configuration: the Inspektorat's audit reports (LHP) and their follow-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class PengawasanConfig(DomainAppConfig):
    """LHP summaries, their recommendations (rekomendasi) and follow-up (TLHP) (issue 9, 7).

    The Inspektorat records and publishes; the portal presents what is published through
    this app's selectors and datasets.
    """

    default = True
    name = "integritas.pengawasan"
    label = "pengawasan"
    verbose_name = _("Internal oversight (LHP/TLHP)")

    def declare(self) -> AppDeclaration:
        from integritas.core.dashboard import WorkspaceLink
        from integritas.pengawasan import datasets, demo, permissions

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(40, "pengawasan", demo.load_pengawasan),
            datasets=datasets.published_datasets,
            links=[
                WorkspaceLink(
                    _("Audit reports (LHP)"), "pengawasan:lhp_list", permissions.VIEW, 40
                ),
            ],
        )
