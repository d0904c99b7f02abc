"""Fill the Indonesian catalogue from a JSON dict {msgid: msgstr} (developer tool).

Usage: uv run python tools/po_fill.py translations.json
Only empty or fuzzy entries are filled; existing translations are kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/integritas/locale/id/LC_MESSAGES/django.po"


def main() -> int:
    table: dict[str, str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        if entry.msgstr and "fuzzy" not in entry.flags:
            continue
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            missing.append(entry.msgid)
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print("MISSING:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
