"""An attacker's join of anonymous rows to people, from a database dump and access logs.

Issue 11 item 1: the test suites of the anonymous channels (survey answers, complaints filed
``anonim``, WBS reports) run :func:`rebuild_join` against what an insider or a thief would
hold — every table in its stored order plus the access log — and must find no join. The same
attack on the old design (``bigint`` key with SQLite's counting rowid, one audit event per
answer, the gunicorn default log line with the client's address) matches every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection

_ADDRESS = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def dump(order_by_storage: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, each table in its stored order (SQLite rowid, PostgreSQL ctid)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            order = ""
            if order_by_storage and connection.vendor == "sqlite":
                order = " ORDER BY rowid" if _has_rowid(cursor, table) else ""
            elif order_by_storage and connection.vendor == "postgresql":
                order = " ORDER BY ctid"
            cursor.execute(f"SELECT * FROM {quoted}{order}")  # noqa: S608 - table names from introspection
            names = [c[0] for c in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return out


def _has_rowid(cursor: Any, table: str) -> bool:
    try:
        cursor.execute(f"SELECT rowid FROM {connection.ops.quote_name(table)} LIMIT 0")  # noqa: S608
    except Exception:
        return False
    return True


def storage_order(table: str) -> list[Any]:
    """The primary keys of ``table`` in the order the database stores them."""
    rows = dump()[table]
    return [row.get("id") for row in rows]


def addresses_in_order(log_lines: Iterable[str], path_marker: str) -> list[str]:
    """The client address of each logged request to ``path_marker``, in log order."""
    found: list[str] = []
    for line in log_lines:
        if path_marker in line:
            match = _ADDRESS.search(line)
            found.append(match.group(0) if match else "")
    return found


def rebuild_join(
    rows_in_order: Sequence[Any],
    log_lines: Sequence[str],
    path_marker: str,
) -> dict[Any, str]:
    """Pair the n-th stored row with the n-th logged request's address (the attack).

    Rows whose request was logged without an address are not attributed.
    """
    addresses = addresses_in_order(log_lines, path_marker)
    return {row: address for row, address in zip(rows_in_order, addresses, strict=False) if address}


def correct(join: dict[Any, str], truth: dict[Any, str]) -> int:
    """How many attributions of ``join`` are right."""
    return sum(1 for row, address in join.items() if truth.get(row) == address)


def orderings(
    rows: Sequence[dict[str, Any]], key: Callable[[dict[str, Any]], Any], *fields: str
) -> list[list[Any]]:
    """The row keys in stored order and sorted by each of ``fields`` (an attacker tries all)."""
    result = [[key(r) for r in rows]]
    for name in fields:
        if rows and name in rows[0]:
            result.append([key(r) for r in sorted(rows, key=lambda r: (r[name] is None, r[name]))])
    return result
