"""``integritas manage wbs_recovery``: the WBS recovery key procedure (THREAT_MODEL.md).

* ``create --pemda CODE``: make a new recovery key pair; the private half is printed once
  (hex, in groups) to be printed on paper or split among officials, and is never stored.
  Reports received from now on are sealed to it too.
* ``retire --user NAME``: after a password reset, retire the handler's old key; their next
  sign-in creates a new, empty one.
* ``restore --pemda CODE --user NAME``: read the private half from standard input and re-seal
  every report of the Pemda to the handler's current key.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from integritas.core.actors import System
from integritas.core.models import Organisation, User
from integritas.whistleblowing import services

ACTOR = System("wbs_recovery")


def _pemda(code: str) -> Organisation:
    pemda = Organisation.objects.filter(parent=None, code=code).first()
    if pemda is None:
        raise CommandError(f"No Pemda with code {code!r}")
    return pemda


def _user(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"No user {name!r}")
    return user


class Command(BaseCommand):
    help = "Create the WBS recovery key, retire a handler's key, or restore access with it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("step", choices=["create", "retire", "restore"])
        parser.add_argument("--pemda", default="")
        parser.add_argument("--user", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        step = options["step"]
        if step == "create":
            key, private = services.recovery_key_create(actor=ACTOR, pemda=_pemda(options["pemda"]))
            hexed = private.hex()
            groups = " ".join(hexed[i : i + 8] for i in range(0, len(hexed), 8))
            self.stdout.write(
                f"Recovery key {key.fingerprint[:16]} — PRIVATE HALF, shown once, keep offline:\n"
                f"{groups}\n"
            )
        elif step == "retire":
            count = services.handler_key_retire(actor=ACTOR, user=_user(options["user"]))
            self.stdout.write(f"retired={count}\n")
        else:
            typed = "".join(sys.stdin.read().split())
            try:
                private = bytes.fromhex(typed)
            except ValueError as exc:
                raise CommandError("The recovery key must be hexadecimal") from exc
            count = services.recovery_restore(
                actor=ACTOR,
                pemda=_pemda(options["pemda"]),
                recovery_private_key=private,
                to_user=_user(options["user"]),
            )
            self.stdout.write(f"restored={count}\n")
