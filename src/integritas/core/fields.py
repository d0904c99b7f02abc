"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class RandomIdField(models.BigIntegerField):  # type: ignore[type-arg]
    """A random 64-bit primary key that is also the row's storage key on SQLite.

    On SQLite a ``bigint`` primary key leaves the hidden ``rowid`` counting up in insertion
    order; an ``integer`` primary key *is* the rowid, so the table is stored and scanned in
    the order of the random ids (issue 11 item 1). PostgreSQL keeps ``bigint``; its heap order
    is handled by reordering the table (``surveys`` sweep ``responses_shuffle``).
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)
