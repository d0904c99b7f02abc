"""``integritas manage verify_audit``: recompute the audit hash chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integritas.core.audit import verify_chain
from integritas.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 naming every changed or missing event."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(f"audit event #{problem.seq}: {problem.problem}")
            raise CommandError(f"audit trail is NOT intact: {len(problems)} problem(s)")
        self.stdout.write(f"audit trail intact: {AuditEvent.objects.count()} events verified")
