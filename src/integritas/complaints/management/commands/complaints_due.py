"""``integritas manage complaints_due``: run due automatic closes and reminders now (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integritas.complaints import tasks


class Command(BaseCommand):
    help = "Close answered complaints with no response after the period, and send reminders."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-reminders", action="store_true", help="only automatic closes")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = tasks.run_due_autocloses()
        reminded = 0 if options["no_reminders"] else tasks.send_reminders()
        self.stdout.write(f"closed={closed} reminded={reminded}\n")
