"""``integritas manage bootstrap``: create a Pemda and its first administrator.

For a new production deployment, after ``migrate``: the administrator then builds the
organisation tree and adds people in the web app (``/app/organisasi/``, ``/app/pengguna/``).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from integritas.core import services
from integritas.core.actors import System
from integritas.core.choices import OrganisationKind, Role
from integritas.core.models import Organisation

SYSTEM = System("bootstrap")


class Command(BaseCommand):
    help = "Create a Pemda (root organisation) and its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="Pemda code, e.g. 9471 (Kota Jayapura)")
        parser.add_argument("--name", required=True, help="e.g. 'Pemerintah Kota Jayapura'")
        parser.add_argument("--timezone", required=True, help="WIB, WITA or WIT")
        parser.add_argument("--admin", required=True, help="username of the first administrator")
        parser.add_argument("--admin-name", required=True, help="full name of the administrator")
        parser.add_argument("--admin-email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("INTEGRITAS_ADMIN_PASSWORD") or getpass.getpass(
            "Password for the administrator: "
        )
        try:
            with transaction.atomic():
                if Organisation.objects.filter(parent=None, code=options["code"]).exists():
                    raise CommandError(f"A Pemda with code {options['code']} exists already.")
                pemda = services.organisation_create(
                    actor=SYSTEM,
                    parent=None,
                    code=options["code"],
                    name=options["name"],
                    kind=OrganisationKind.PEMDA,
                    timezone=options["timezone"],
                )
                admin = services.user_create(
                    actor=SYSTEM,
                    username=options["admin"],
                    full_name=options["admin_name"],
                    email=options["admin_email"],
                    password=password,
                    is_staff=True,
                    is_superuser=True,
                )
                services.role_grant(actor=SYSTEM, user=admin, role=Role.ADMIN, organisation=pemda)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {pemda.name} ({pemda.timezone}) and administrator {admin}.")
