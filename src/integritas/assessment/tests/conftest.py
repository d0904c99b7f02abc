"""Shared fixtures of the assessment tests: the template and the real 2024 LKE sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from integritas.assessment.lke_template import Template, load_template
from integritas.core.testing.shared import shared_missing

# shared/ sits beside the repository (…/shared next to …/main); computed from this file so the
# tests work from any clone location. The product itself never reads shared/.
REAL_SHEET = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "lke"
    / "lke-2024-dit-kspstendik.xlsx"
)


@pytest.fixture(scope="session")
def template() -> Template:
    """The PermenPANRB 90/2021 template shipped in the package."""
    return load_template("permenpanrb-90-2021")


@pytest.fixture(scope="session")
def real_sheet() -> Path:
    """Path of the real filled 2024 LKE; skipped (failed under CI) when shared/ is not beside the repo."""
    if not REAL_SHEET.is_file():
        shared_missing(REAL_SHEET)
    return REAL_SHEET
