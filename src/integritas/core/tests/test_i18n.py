"""Indonesian is the default language and its catalogue is complete (STYLE.md rule 7)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.conf import settings

import integritas

PACKAGE = Path(integritas.__file__).resolve().parent
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# {% translate "…" %}, {% trans "…" %}, _("…"), gettext("…") and gettext_lazy("…") in our code
MARKERS = [
    re.compile(r"""\{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"\s*(?:%\}|\w)"""),
    re.compile(r"""\{%\s*(?:translate|trans)\s+'((?:[^'\\]|\\.)*)'"""),
    re.compile(r"""(?<![\w.])_\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]"""),
]


def test_indonesian_is_the_default() -> None:
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]


def test_every_entry_is_translated_and_compiled() -> None:
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert MO.stat().st_mtime >= PO.stat().st_mtime - 1, "run tools/po_fill.py to compile"
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(MO))}
    assert {e.msgid: e.msgstr for e in catalogue if e.msgid} == {
        k: v for k, v in compiled.items() if k
    }


def test_every_marked_string_in_the_code_is_in_the_catalogue() -> None:
    known = {e.msgid for e in polib.pofile(str(PO))}
    missing: list[str] = []
    for path in PACKAGE.rglob("*"):
        if (
            path.suffix not in {".py", ".html"}
            or "tests" in path.parts
            or "migrations" in path.parts
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            for match in marker.finditer(text):
                msgid = (
                    match.group(1).encode().decode("unicode_escape")
                    if "\\" in match.group(1)
                    else match.group(1)
                )
                if msgid not in known:
                    missing.append(f"{path.relative_to(PACKAGE)}: {msgid}")
    assert missing == [], "run makemessages and translate:\n" + "\n".join(missing)
