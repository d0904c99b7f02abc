"""A handler's private key for the length of a session (issue 12, items 4–5).

At sign-in (the ``user_logged_in`` signal, sent by the login view while the typed password is
still in the request body) a WBS handler's private key is unwrapped with a key derived from
that password (Argon2id). It is then kept *split*: the session (stored in the database) holds
it encrypted under a random 32-byte key, and that key travels only in an HttpOnly,
SameSite=Strict cookie. Neither a database dump nor a stolen cookie alone gives the private
key; signing out deletes both. A handler who has no key yet is enrolled at that moment (the
password is needed to wrap the new private key).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest, HttpResponse

from integritas.core.models import User
from integritas.whistleblowing import crypto

SESSION_KEY: Final = "wbs_key"
COOKIE: Final = "integritas_wbs"
_SET: Final = "_wbs_cookie_set"
_CLEAR: Final = "_wbs_cookie_clear"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def is_handler(user: User) -> bool:
    from integritas.core.permissions import has_permission

    return has_permission(user, "whistleblowing.handle")


def put_in_session(request: HttpRequest, key_id: int, private_key: bytes) -> None:
    """Keep ``private_key`` for this session (split between session and cookie)."""
    split = crypto.new_key()
    request.session[SESSION_KEY] = {
        "id": key_id,
        "box": _b64(crypto.encrypt(split, private_key, aad=b"wbs:session")),
    }
    setattr(request, _SET, _b64(split))


def session_key(request: HttpRequest) -> tuple[int, bytes] | None:
    """(handler key id, private key) unlocked for this session, or None."""
    stored = request.session.get(SESSION_KEY)
    cookie = getattr(request, _SET, None) or request.COOKIES.get(COOKIE)
    if not isinstance(stored, dict) or not cookie:
        return None
    try:
        split = base64.b64decode(cookie)
        box = base64.b64decode(stored["box"])
        private_key = crypto.decrypt(split, box, aad=b"wbs:session")
    except (ValueError, KeyError, crypto.DecryptionError):
        return None
    from integritas.whistleblowing.models import HandlerKey

    key_id = int(stored["id"])
    if not HandlerKey.objects.filter(pk=key_id, active=True).exists():
        return None
    return key_id, private_key


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    setattr(request, _CLEAR, True)


def unlock_on_sign_in(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """Unlock (or enrol) a WBS handler's key with the password just typed."""
    if request is None or not isinstance(user, User) or not is_handler(user):
        return
    password = request.POST.get("password", "") if request.method == "POST" else ""
    if not password or not user.check_password(password):
        return
    from integritas.whistleblowing import services

    unlocked = services.handler_key_unlock(user=user, password=password)
    if unlocked is None:
        if services.active_key(user) is not None:
            return  # the password changed since the key was made: recovery needed
        key = services.handler_key_enrol(actor=user, user=user, password=password)
        unlocked = (key.pk, services.handler_key_unlock(user=user, password=password)[1])  # type: ignore[index]  # just enrolled
    put_in_session(request, *unlocked)


def forget_on_sign_out(sender: object, request: HttpRequest | None, **_: Any) -> None:
    if request is not None:
        setattr(request, _CLEAR, True)


def connect_signals() -> None:
    """Hook sign-in and sign-out (called once by the app's configuration)."""
    user_logged_in.connect(unlock_on_sign_in, dispatch_uid="whistleblowing.unlock_key")
    user_logged_out.connect(forget_on_sign_out, dispatch_uid="whistleblowing.forget_key")


class SessionKeyCookieMiddleware:
    """Sets or deletes the cookie half of the session key (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _CLEAR, False):
            response.delete_cookie(COOKIE, samesite="Strict")
        elif (value := getattr(request, _SET, None)) is not None:
            response.set_cookie(
                COOKIE,
                value,
                max_age=settings.SESSION_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Strict",
            )
        return response
