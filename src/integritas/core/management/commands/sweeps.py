"""``integritas manage sweeps``: run every app's due-date sweeps (closes, reminders).

``--once`` (cron) runs each sweep once and exits; without it the command loops every
``--every`` seconds (the demo runs it beside the job worker). A failing sweep is logged and
does not stop the others.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand

from integritas.core.registry import sweeps

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the apps' periodic due-date sweeps (automatic closes, reminders)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="run each sweep once and exit")
        parser.add_argument("--every", type=int, default=300, help="seconds between rounds")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for name, sweep in sorted(sweeps().items()):
                try:
                    count = sweep()
                except Exception:
                    logger.exception("sweep %s failed", name)
                    self.stderr.write(f"{name}: failed (see the log)\n")
                else:
                    self.stdout.write(f"{name}: {count}\n")
            self.stdout.flush()
            if options["once"]:
                return
            time.sleep(max(5, options["every"]))
