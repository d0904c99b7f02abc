"""The append-only, hash-chained audit trail (DESIGN.md "Cross-cutting rules").

Services call :func:`audit_record` inside their own transaction, so the event is stored if
and only if the change it describes is stored. :func:`verify_chain` recomputes the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from integritas.core.actors import Actor, actor_label, actor_user
from integritas.core.middleware import current_request_id
from integritas.core.models import AuditChainHead, AuditEvent, Organisation

GENESIS_HASH = "0" * 64
JsonValue = Any  # JSON-compatible value as produced by json.loads


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so hashing sees exactly what the database will store."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **fields}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields covered by the hash, in a form that survives the database round trip."""
    at = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "seq": event.seq,
        "at": at,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "organisation_id": event.organisation_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
    }


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, JsonValue]:
    """The values of ``fields`` (default: all concrete fields) of a model, JSON-ready."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return _canonical({name: getattr(instance, name) for name in names})  # type: ignore[no-any-return]


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit chain; must run inside the caller's transaction.

    ``action`` is ``<entity>.<verb>`` (``organisation.move``). ``before``/``after`` are the
    changed fields as JSON-ready mappings. Raises ``TransactionManagementError`` when called
    outside ``transaction.atomic`` — an audit event on its own would be a lie. ``actor``
    is a user (linked), ``System(reason)`` or ``Public(channel)`` (labelled, never linked
    to a person).
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("audit_record needs the caller's transaction")
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor_user(actor),
        actor_label=actor_label or _label(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        organisation=organisation,
        before=_canonical(dict(before)) if before is not None else None,
        after=_canonical(dict(after)) if after is not None else None,
        request_id=current_request_id(),
        prev_hash=head.last_hash,
    )
    event.hash = _event_hash(head.last_hash, _hashed_fields(event))
    event.save()
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def _label(actor: Actor) -> str:
    return actor_label(actor)


M = TypeVar("M", bound=models.Model)


@contextmanager
def audited(
    instance: M,
    *,
    actor: Actor,
    action: str,
    fields: Sequence[str] | None = None,
    organisation: Organisation | None = None,
    exclude: Sequence[str] = (),
    clean: bool = True,
) -> Iterator[M]:
    """The one audited write: snapshot → the caller's change → ``full_clean`` → save → event.

    Usage::

        with audited(plan, actor=actor, action="plan.set_status", fields=PLAN_FIELDS):
            plan.status = status

    Runs in a transaction (its own, nested in the caller's when there is one): the row and
    its audit event are stored together or not at all. ``before`` is None for a new row
    (``instance._state.adding``). ``exclude`` is passed to ``full_clean`` (relations the
    service already checked); ``clean=False`` skips it where the service validated the
    values itself. An exception inside the block stores nothing.
    """
    with transaction.atomic():
        before = None if instance._state.adding else snapshot(instance, _names(fields))
        yield instance
        if clean:
            instance.full_clean(exclude=list(exclude) or None)
        instance.save()
        audit_record(
            actor=actor,
            action=action,
            target=instance,
            organisation=organisation,
            before=before,
            after=snapshot(instance, _names(fields)),
        )


def _names(fields: Sequence[str] | None) -> list[str] | None:
    return list(fields) if fields is not None else None


def after_commit(func: Callable[[], object]) -> None:
    """Run ``func`` once the current transaction commits (at once outside one).

    Side effects — notifications, cache invalidation seen by other processes, jobs — go
    through here so that a rolled-back change never sends anything (Zulip's rule).
    """
    transaction.on_commit(func)


@dataclass(frozen=True)
class ChainProblem:
    """One inconsistency found by :func:`verify_chain`."""

    seq: int
    problem: str


def _iter_events(batch: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain() -> list[ChainProblem]:
    """Recompute the whole chain; return every problem found (empty list: intact).

    Detects a changed row (its hash no longer matches its content), a deleted or inserted
    row (a gap in ``seq`` or a broken ``prev_hash`` link), and a truncated tail (the chain
    head records a later event than the last row).
    """
    problems: list[ChainProblem] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in _iter_events():
        if event.seq != expected_seq:
            problems.append(
                ChainProblem(event.seq, f"missing events {expected_seq}..{event.seq - 1}")
            )
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.seq, "link to the previous event is broken"))
        if _event_hash(event.prev_hash, _hashed_fields(event)) != event.hash:
            problems.append(ChainProblem(event.seq, "content does not match its hash"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        problems.append(
            ChainProblem(head.last_seq, "chain head does not match the last event (rows removed?)")
        )
    return problems
