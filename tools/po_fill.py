"""Fill and compile an app's Indonesian catalogue (developer tool).

Usage (from the repository root):
    uv run python tools/po_fill.py APP [translations.json]

1. Run makemessages first, inside the app:
   ``cd src/integritas/APP && uv run django-admin makemessages -l id --no-location --ignore 'tests/*'``
2. Entries still empty are filled from ``translations.json`` ({msgid: msgstr}) or from any
   other app's catalogue that already translates the same msgid.
3. The catalogue is saved and compiled to ``django.mo``; untranslated msgids are listed and the
   exit code is 1 while any remain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "integritas"


def catalogue_path(app: str) -> Path:
    return PACKAGE / app / "locale" / "id" / "LC_MESSAGES" / "django.po"


def main() -> int:
    app = sys.argv[1]
    table: dict[str, str] = {}
    for other in PACKAGE.glob("*/locale/id/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(other)):
            text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            if text and "fuzzy" not in entry.flags and not entry.obsolete:
                table.setdefault(entry.msgid, text)
    if len(sys.argv) > 2:
        table.update(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    path = catalogue_path(app)
    catalogue = polib.pofile(str(path))
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        done = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        if done and "fuzzy" not in entry.flags:
            continue
        if entry.msgid in table:
            if entry.msgid_plural:
                # Indonesian has one form (nplurals=1).
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            missing.append(entry.msgid)
    # Obsolete entries (#~) only confuse reviewers; the history is in git.
    for entry in [e for e in catalogue if e.obsolete]:
        catalogue.remove(entry)
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save(str(path))
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    for msgid in missing:
        print("MISSING:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
