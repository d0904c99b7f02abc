"""Indonesian is the default language and every app's catalogue is complete (STYLE.md rule 7).

Each app keeps its catalogue in ``<app>/locale/id/LC_MESSAGES/django.po``
(``tools/messages.sh APP`` extracts and compiles it).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

import integritas

PACKAGE = Path(integritas.__file__).resolve().parent
CATALOGUES = sorted(PACKAGE.glob("*/locale/id/LC_MESSAGES/django.po"))
# {% translate "…" %}, {% trans "…" %} and _("…") in our code
MARKERS = [
    re.compile(r"""\{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"\s*(?:%\}|\w)"""),
    re.compile(r"""\{%\s*(?:translate|trans)\s+'((?:[^'\\]|\\.)*)'"""),
    re.compile(r"""(?<![\w.])_\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]"""),
]


def test_indonesian_is_the_default() -> None:
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]


def test_there_are_catalogues() -> None:
    assert {p.parts[-5] for p in CATALOGUES} >= {"core", "portal"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_entry_is_translated_and_compiled(po: Path) -> None:
    catalogue = polib.pofile(str(po))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    mo = po.with_suffix(".mo")
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo)) if e.msgid}
    expected = {e.msgid: e.msgstr for e in catalogue if e.msgid and not e.obsolete}
    assert compiled == expected, f"run tools/messages.sh {po.parts[-5]} to compile"


def test_every_marked_string_in_the_code_is_in_a_catalogue() -> None:
    known = {e.msgid for po in CATALOGUES for e in polib.pofile(str(po))}
    missing: list[str] = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"}:
            continue
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            for match in marker.finditer(text):
                msgid = match.group(1).replace('\\"', '"').replace("\\'", "'")
                if msgid not in known:
                    missing.append(f"{path.relative_to(PACKAGE)}: {msgid}")
    assert missing == [], "run tools/messages.sh APP and translate:\n" + "\n".join(missing)
