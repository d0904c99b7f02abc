"""Core models: organisations, people and roles, the audit trail, calendar overrides.

Writes go through ``integritas.core.services``; reads through ``integritas.core.selectors``.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.choices import (
    JobStatus,
    OrganisationKind,
    OrganisationLevel,
    OverrideKind,
    Role,
    TimeZoneName,
)
from integritas.core.validators import validate_nip


def new_public_id() -> str:
    """A random, URL-safe public identifier (never a sequential id in URLs; DESIGN.md)."""
    return secrets.token_urlsafe(12)


class Organisation(models.Model):
    """A node of the tree Pemda → perangkat daerah (OPD) → unit kerja.

    ``path`` is a materialised path of primary keys (``/1/7/42/``) so that a subtree is one
    indexed ``LIKE 'prefix%'`` query; services keep it right when a node moves and refuse a
    move that would make a cycle. The time zone is the Pemda's: every node carries its
    root's zone so that deadlines are computed without walking the tree.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=OrganisationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=512, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_public_service = models.BooleanField(_("public-service unit"), default=False)
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZoneName.choices, default=TimeZoneName.WIB
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar[list[str]] = ["path"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["parent", "code"], name="core_organisation_unique_code_per_parent"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(parent__isnull=True),
                name="core_organisation_unique_root_code",
            ),
            models.CheckConstraint(
                condition=models.Q(timezone__in=[c.value for c in TimeZoneName]),
                name="core_organisation_known_timezone",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level=OrganisationLevel.PEMDA, parent__isnull=True)
                    | (~models.Q(level=OrganisationLevel.PEMDA) & models.Q(parent__isnull=False))
                ),
                name="core_organisation_only_pemda_is_root",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_descendant_of(self, other: Organisation) -> bool:
        """True when this node lies in ``other``'s subtree (itself included)."""
        return bool(other.path) and self.path.startswith(other.path)

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this node (itself included)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class User(AbstractUser):
    """A person who signs in: staff of the Pemda, auditors, observers.

    Citizens need no account. ``nip`` is optional (observers and contractors have none) and
    checked by :func:`integritas.core.validators.validate_nip`.
    """

    first_name = None  # type: ignore[assignment]  # replaced by full_name: Indonesian names have no first/last split
    last_name = None  # type: ignore[assignment]  # replaced by full_name
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    nip = models.CharField(
        _("NIP"), max_length=18, null=True, blank=True, unique=True, validators=[validate_nip]
    )
    preferred_language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]  # the stub types the manager of AbstractUser

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username


class RoleMembership(models.Model):
    """A role held over an organisation and its whole subtree (issue 2, item 5)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="core_rolemembership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[c.value for c in Role]),
                name="core_rolemembership_known_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organisation}"


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain.

    An append locks this row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock
    does the same), so two concurrent transactions can never both link to the same
    predecessor.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head #{self.last_seq}"


class AuditEvent(models.Model):
    """One append-only, hash-chained audit event (issue 2, item 6).

    ``hash`` = SHA-256 over the previous event's hash and the canonical JSON of this event's
    fields; ``integritas manage verify_audit`` recomputes the chain and reports any changed,
    inserted or deleted row. Database triggers (migration 0002) refuse UPDATE and DELETE.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering: ClassVar[list[str]] = ["seq"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing row is never saved again (the trigger enforces it in SQL).
        if not self._state.adding:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")


class WorkingDayOverride(models.Model):
    """A Pemda's edit of the national calendar: an extra closure or a cancelled holiday.

    The national calendar comes from the pinned ``holidays`` package (DOMAIN.md §9); this
    table adds regional holidays and decrees that arrived after the package was released.
    """

    pemda = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="calendar_overrides"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering: ClassVar[list[str]] = ["date"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["pemda", "date"], name="core_override_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class IdempotencyRecord(models.Model):
    """The first answer to a public POST, kept so a replay returns it (DESIGN.md).

    ``(scope, key)`` is unique: a double click, a refresh or an offline resend with the same
    ``Idempotency-Key`` stores one record. ``request_hash`` detects a key reused for a
    different payload.
    """

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class RateLimitCounter(models.Model):
    """Requests counted per bucket and fixed window, shared by every worker and server."""

    bucket = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["bucket", "window_start"], name="core_ratelimit_unique_window"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["window_start"], name="core_ratelimit_window_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class DatasetVersion(models.Model):
    """A counter per published dataset, bumped when its data changes (cache key)."""

    slug = models.CharField(max_length=100, unique=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"


class Job(models.Model):
    """One piece of long work run in the background (import, export, report) with progress.

    ``done``/``total`` count the units of work (rows, pages); ``errors`` lists problems as
    ``{"sheet", "row", "column", "message"}`` (any may be empty) so the progress page can
    name the cell; ``result`` is the produced file (private storage; downloaded as an
    attachment by the owner only). ``input`` keeps an uploaded file until the job has run.
    Only ``owner`` sees the job (and its file); a system job has no owner.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    input_name = models.CharField(max_length=300, blank=True)
    input_file = models.CharField(max_length=300, blank=True)
    result_file = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=300, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="job_done_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        """Whole percent done (0 while the total is unknown; 100 when finished)."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
