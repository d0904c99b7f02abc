"""Real published inputs for tests (``shared/data`` beside the repository).

Tests that need them call :func:`shared_missing` when the file is absent: on a developer's
machine the test is skipped with the path it looked for; under CI (``CI`` set) it fails, so
a CI run never passes green by skipping the tests that pin real published results.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

#: ``<repo>/../shared`` computed from this file (…/src/integritas/core/testing/shared.py).
SHARED_DIR = Path(__file__).resolve().parents[4].parent / "shared"


def shared_missing(path: Path) -> NoReturn:
    """Skip (developer machine) or fail (CI) because ``path`` is not there."""
    message = f"shared data not found at {path} (shared/ must sit beside the repository)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run with shared/ beside the clone")
    pytest.skip(message)
