"""Every write of the core app: organisations, people, roles, calendar overrides.

Each service takes the acting user, checks the permission, runs in one transaction, and
records its audit event in that transaction (STYLE.md, HackSoft + Zulip rules). Errors are
``ValidationError`` with messages in the active language (Indonesian by default) or
``PermissionDenied``; either way nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from integritas.core.actors import Actor
from integritas.core.audit import audit_record, audited, snapshot
from integritas.core.choices import OrganisationLevel, OverrideKind, Role, TimeZoneName
from integritas.core.models import Organisation, RoleMembership, User, WorkingDayOverride
from integritas.core.permissions import require_permission

ORG_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent_id",
    "is_public_service",
    "timezone",
    "is_active",
    "path",
]


def validate_timezone(name: str) -> str:
    """Return ``name`` if it is one of WIB/WITA/WIT (IANA or short name), else raise.

    Accepts ``Asia/Jakarta``/``WIB``, ``Asia/Makassar``/``WITA``, ``Asia/Jayapura``/``WIT``.
    Source: DOMAIN.md §9. Raises ``ValidationError`` naming the unknown value.
    """
    short = {"WIB": TimeZoneName.WIB, "WITA": TimeZoneName.WITA, "WIT": TimeZoneName.WIT}
    value = short.get(name.strip().upper(), name.strip())
    if value not in TimeZoneName.values:
        raise ValidationError(
            _(
                "Unknown time zone %(name)s: use WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura)."
            ),
            code="timezone",
            params={"name": name},
        )
    return str(value)


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None,
    is_public_service: bool = False,
    timezone: str | None = None,
    short_name: str = "",
) -> Organisation:
    """Create an organisation under ``parent`` (None creates a Pemda, the root).

    The level follows from the position: root = Pemda, child of the Pemda = perangkat
    daerah, deeper = unit kerja. Children inherit the Pemda's time zone; a different zone
    for a child is refused. Raises ``ValidationError`` (duplicate code under the same
    parent, unknown time zone or kind) or ``PermissionDenied``.
    """
    require_permission(actor, "core.manage_organisation", parent)
    if parent is None:
        level = OrganisationLevel.PEMDA
        zone = validate_timezone(timezone or TimeZoneName.WIB)
    else:
        level = (
            OrganisationLevel.PERANGKAT_DAERAH
            if parent.level == OrganisationLevel.PEMDA
            else OrganisationLevel.UNIT_KERJA
        )
        zone = parent.timezone
        if timezone is not None and validate_timezone(timezone) != zone:
            raise ValidationError(
                _("A unit uses its Pemda's time zone (%(zone)s)."),
                code="timezone_inherited",
                params={"zone": zone},
            )
    org = Organisation(
        code=code.strip(),
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        level=level,
        parent=parent,
        is_public_service=is_public_service,
        timezone=zone,
    )
    org.full_clean(exclude=["path"])
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="organisation.create",
        target=org,
        organisation=org,
        after=snapshot(org, ORG_FIELDS),
    )
    return org


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, **changes: Any
) -> Organisation:
    """Change an organisation's code, name, short name, kind or public-service flag.

    Moving goes through :func:`organisation_move`; the time zone through
    :func:`pemda_set_timezone`. Raises ``ValidationError`` for other fields.
    """
    allowed = {"code", "name", "short_name", "kind", "is_public_service", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s"),
            params={"fields": ", ".join(sorted(unknown))},
        )
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require_permission(actor, "core.manage_organisation", org)
    with audited(
        org, actor=actor, action="organisation.update", fields=ORG_FIELDS, organisation=org
    ):
        for key, value in changes.items():
            setattr(org, key, value.strip() if isinstance(value, str) else value)
    return org


@transaction.atomic
def organisation_move(
    *, actor: Actor, organisation: Organisation, new_parent: Organisation
) -> Organisation:
    """Move ``organisation`` (with its subtree) under ``new_parent`` in the same Pemda.

    Refused with ``ValidationError`` when the move would make a cycle (the new parent lies
    in the moved subtree, the node itself included), when it crosses Pemda boundaries, or
    when it would move a Pemda. Descendants' paths and levels are rewritten in the same
    transaction, so a failure leaves the tree as it was.
    """
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    target = Organisation.objects.select_for_update().get(pk=new_parent.pk)
    require_permission(actor, "core.manage_organisation", org)
    require_permission(actor, "core.manage_organisation", target)
    if org.level == OrganisationLevel.PEMDA:
        raise ValidationError(
            _("A Pemda is the root of its tree and cannot be moved."), code="move_root"
        )
    if target.path.startswith(org.path):
        raise ValidationError(
            _(
                "%(org)s cannot be moved under %(target)s: that would make a cycle in the organisation tree."
            ),
            code="cycle",
            params={"org": org.name, "target": target.name},
        )
    if target.ancestor_ids()[0] != org.ancestor_ids()[0]:
        raise ValidationError(_("A unit cannot be moved to another Pemda."), code="move_pemda")
    before = snapshot(org, ORG_FIELDS)
    old_path, old_depth = org.path, org.depth
    new_path = f"{target.path}{org.pk}/"
    depth_shift = target.depth + 1 - old_depth
    subtree = Organisation.objects.filter(path__startswith=old_path)
    subtree.update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    Organisation.objects.filter(path__startswith=new_path, depth__gte=2).update(
        level=OrganisationLevel.UNIT_KERJA
    )
    if target.level == OrganisationLevel.PEMDA:
        Organisation.objects.filter(pk=org.pk).update(level=OrganisationLevel.PERANGKAT_DAERAH)
    Organisation.objects.filter(pk=org.pk).update(parent=target)
    org.refresh_from_db()
    audit_record(
        actor=actor,
        action="organisation.move",
        target=org,
        organisation=org,
        before=before,
        after=snapshot(org, ORG_FIELDS),
    )
    return org


@transaction.atomic
def pemda_set_timezone(*, actor: Actor, pemda: Organisation, timezone: str) -> Organisation:
    """Set a Pemda's time zone (WIB/WITA/WIT) and apply it to its whole tree."""
    zone = validate_timezone(timezone)
    root = Organisation.objects.select_for_update().get(pk=pemda.pk)
    if root.level != OrganisationLevel.PEMDA:
        raise ValidationError(_("Only a Pemda has its own time zone."), code="timezone_not_root")
    require_permission(actor, "core.manage_organisation", root)
    before = {"timezone": root.timezone}
    Organisation.objects.filter(path__startswith=root.path).update(timezone=zone)
    root.refresh_from_db()
    audit_record(
        actor=actor,
        action="organisation.set_timezone",
        target=root,
        organisation=root,
        before=before,
        after={"timezone": zone},
    )
    return root


USER_FIELDS = ["username", "full_name", "email", "phone", "nip", "is_active", "is_staff"]


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    nip: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a person who can sign in. ``password`` None leaves an unusable password.

    Raises ``ValidationError`` for an invalid NIP (18 digits with a real birth date and
    appointment month), a taken username/NIP, or a weak password.
    """
    require_permission(actor, "core.manage_people", None)
    from django.contrib.auth.password_validation import validate_password

    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        nip=(nip or "").strip() or None,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after=snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, **changes: Any) -> User:
    """Change a person's name, e-mail, phone, NIP or active flag (validated, audited)."""
    allowed = {"full_name", "email", "phone", "nip", "is_active", "preferred_language"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s"),
            params={"fields": ", ".join(sorted(unknown))},
        )
    require_permission(actor, "core.manage_people", None)
    target = User.objects.select_for_update().get(pk=user.pk)
    with audited(target, actor=actor, action="user.update", fields=USER_FIELDS):
        for key, value in changes.items():
            if key == "nip":
                value = (value or "").strip() or None
            setattr(target, key, value)
    return target


@transaction.atomic
def role_grant(
    *, actor: Actor, user: User, role: str, organisation: Organisation
) -> RoleMembership:
    """Give ``user`` the ``role`` over ``organisation``'s subtree (idempotent)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)s."), params={"role": role}, code="role")
    require_permission(actor, "core.manage_roles", organisation)
    membership, created = RoleMembership.objects.get_or_create(
        user=user, role=role, organisation=organisation
    )
    if created:
        audit_record(
            actor=actor,
            action="role.grant",
            target=user,
            organisation=organisation,
            after={"role": role, "organisation": organisation.code},
        )
    return membership


@transaction.atomic
def role_revoke(*, actor: Actor, membership: RoleMembership) -> None:
    """Take a role away; the user's other roles stay."""
    require_permission(actor, "core.manage_roles", membership.organisation)
    before = {"role": membership.role, "organisation": membership.organisation.code}
    user, org = membership.user, membership.organisation
    membership.delete()
    audit_record(actor=actor, action="role.revoke", target=user, organisation=org, before=before)


@transaction.atomic
def calendar_override_set(
    *, actor: Actor, pemda: Organisation, date: dt.date, kind: str, reason: str
) -> WorkingDayOverride:
    """Add or change a Pemda's calendar override for ``date`` (closure or cancelled holiday)."""
    if pemda.level != OrganisationLevel.PEMDA:
        raise ValidationError(_("Calendar overrides belong to a Pemda."), code="override_root")
    if kind not in OverrideKind.values:
        raise ValidationError(_("Unknown override kind %(kind)s."), params={"kind": kind})
    if not reason.strip():
        raise ValidationError(_("Give the reason (for example the decree number)."))
    require_permission(actor, "core.manage_calendar", pemda)
    existing = WorkingDayOverride.objects.select_for_update().filter(pemda=pemda, date=date).first()
    override = existing or WorkingDayOverride(pemda=pemda, date=date)
    with audited(
        override,
        actor=actor,
        action="calendar.override_set",
        fields=["date", "kind", "reason"],
        organisation=pemda,
    ):
        override.kind = kind
        override.reason = reason.strip()
    return override


@transaction.atomic
def calendar_override_delete(*, actor: Actor, override: WorkingDayOverride) -> None:
    """Remove a calendar override: the national calendar applies again on that date."""
    require_permission(actor, "core.manage_calendar", override.pemda)
    before = snapshot(override, ["date", "kind", "reason"])
    pemda = override.pemda
    override.delete()
    audit_record(
        actor=actor,
        action="calendar.override_delete",
        target=pemda,
        organisation=pemda,
        before=before,
    )


@transaction.atomic
def auth_signed_in(*, user: User, with_totp: bool) -> None:
    """Record a successful staff sign-in (failed ones are kept by django-axes)."""
    audit_record(actor=user, action="auth.sign_in", target=user, after={"totp": with_totp})


@transaction.atomic
def totp_confirm(*, user: User, device: Any) -> None:
    """Confirm a user's TOTP device after a correct first code, and record it."""
    device.confirmed = True
    device.save()
    audit_record(actor=user, action="auth.totp_enabled", target=user)
