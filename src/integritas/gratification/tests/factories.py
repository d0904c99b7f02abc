"""Test helpers of the gratification app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from integritas.core.actors import System
from integritas.core.models import Organisation, User
from integritas.gratification import services
from integritas.gratification.models import GratificationReport


def report(reporter: User, pemda: Organisation, **overrides: Any) -> GratificationReport:
    data: dict[str, Any] = {
        "form": "penerimaan",
        "giver": "PT Contoh",
        "relation": "layanan",
        "occasion": "kedinasan",
        "object_kind": "barang",
        "description": "Jam tangan",
        "value": 2_000_000,
        "received_on": dt.date(2026, 3, 2),
        "place": "Kantor",
        "kept_at": "upg",
    }
    data.update(overrides)
    return services.report_submit(actor=System("test"), reporter=reporter, pemda=pemda, **data)
