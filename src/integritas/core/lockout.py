"""Staff sign-in lockout: per account AND source, a pause that grows, the officer told
(issue 11, item 2).

django-axes keeps the failures in the database (shared by every worker). Keyed on the username
alone, anyone could lock any officer out for half an hour by typing wrong passwords; keyed on
username and address (``AXES_LOCKOUT_PARAMETERS``), a flood locks only the flooding address out
of that account. Each further failure from a locked address doubles its pause
(:func:`cool_off`, ``INTEGRITAS_LOGIN_COOLOFF_HOURS`` up to ``…_MAX_HOURS``). The officer gets
one e-mail when an address is locked out of their account (:func:`on_locked_out`, at most one
an hour) and a notice at their next sign-in listing the failures since the previous one
(:func:`failures_notice`).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integritas.core.models import User
from integritas.core.public_url import absolute_url

#: Failures kept for the sign-in notice; older ones are pruned now and then.
FAILURE_LOG_DAYS = 30
#: Doublings beyond which the ceiling applies anyway (keeps the arithmetic small).
_MAX_DOUBLINGS = 20


def _base() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "INTEGRITAS_LOGIN_COOLOFF_HOURS", 0.5)))


def _ceiling() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "INTEGRITAS_LOGIN_COOLOFF_MAX_HOURS", 24)))


def _username(request: HttpRequest) -> str:
    from axes.helpers import get_client_username

    return get_client_username(request, getattr(request, "axes_credentials", None)) or ""


def cool_off(request: HttpRequest | None) -> dt.timedelta:
    """How long an address stays locked out of an account (``AXES_COOLOFF_TIME``).

    The base pause at the failure limit, doubled for every failure beyond it from the same
    address (attempts while locked out count too), never above the ceiling.
    """
    from axes.models import AccessAttempt

    base, ceiling = _base(), _ceiling()
    address = getattr(request, "axes_ip_address", None) if request is not None else None
    username = _username(request) if request is not None else ""
    if not address or not username:
        return min(base, ceiling)
    failures: int = (
        AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    beyond = min(max(0, failures - int(settings.AXES_FAILURE_LIMIT)), _MAX_DOUBLINGS)
    grown: dt.timedelta = base * (2**beyond)
    return min(grown, ceiling)


def on_locked_out(
    sender: object, *, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    """Signal receiver (``axes.signals.user_locked_out``): e-mail the officer once an hour.

    Nothing changes in the answer to the client, so this reveals nothing about whether the
    account exists.
    """
    from integritas.core.ratelimit import hit

    user = User.objects.filter(username=username or "", is_active=True).first()
    if user is None or not user.email:
        return
    if not hit(f"lockout-mail:{user.pk}", limit=1, window_seconds=3600):
        return
    pause = cool_off(request)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = _("Sign-in to your account was paused from one address")
        body = _(
            "There were several failed sign-in attempts on your account %(username)s from the "
            "address %(address)s. Sign-in from that address is paused for %(minutes)s minutes; "
            "you can still sign in from elsewhere.\n\n"
            "If it was not you, tell your administrator. Sign in: %(link)s"
        ) % {
            "username": user.username,
            "address": ip_address,
            "minutes": int(pause.total_seconds() // 60),
            "link": absolute_url(reverse("core:login")),
        }
    send_mail(subject, body, None, [user.email], fail_silently=True)


def prune_failure_log(sender: object, **kwargs: Any) -> None:
    """Signal receiver (``user_login_failed``): now and then drop old failure records and
    those for names that are no account (guessing random names must not grow the table)."""
    if random.random() >= 0.01:  # noqa: S311 - housekeeping, not security
        return
    from axes.models import AccessFailureLog

    cutoff = timezone.now() - dt.timedelta(days=FAILURE_LOG_DAYS)
    AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    AccessFailureLog.objects.exclude(
        username__in=User.objects.values_list("username", flat=True)
    ).delete()


def failures_notice(user: User, *, since: dt.datetime | None) -> str:
    """The notice shown at sign-in about failed attempts on ``user``'s account since
    ``since`` (their previous sign-in; the last 30 days if none), or ''."""
    from axes.models import AccessFailureLog

    start = since or timezone.now() - dt.timedelta(days=FAILURE_LOG_DAYS)
    failures = AccessFailureLog.objects.filter(username=user.username, attempt_time__gt=start)
    count = failures.count()
    if not count:
        return ""
    last = failures.order_by("-attempt_time").first()
    assert last is not None
    return ngettext(
        "%(count)d failed sign-in attempt on your account since your last sign-in, the last "
        "from %(address)s at %(time)s. If it was not you, tell your administrator.",
        "%(count)d failed sign-in attempts on your account since your last sign-in, the last "
        "from %(address)s at %(time)s. If it was not you, tell your administrator.",
        count,
    ) % {
        "count": count,
        "address": last.ip_address or "?",
        "time": date_format(timezone.localtime(last.attempt_time), "DATETIME_FORMAT"),
    }
