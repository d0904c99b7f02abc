"""Pengawasan staff views: the Inspektorat's LHP summaries and their follow-up (TLHP).

One action per URL: recording, publishing and each follow-up step post to their own
address under a write permission; the pages themselves only read. What the public sees is
presented by the portal (``/transparansi/pengawasan/``) from this app's selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integritas.core.forms import add_service_errors
from integritas.core.models import User
from integritas.core.permissions import requires
from integritas.pengawasan import selectors, services
from integritas.pengawasan.forms import FollowUpForm, LhpForm, PublishForm
from integritas.pengawasan.models import Lhp
from integritas.pengawasan.permissions import MANAGE, VIEW, can_record_lhp
from integritas.pengawasan.workflows import LHP, TLHP


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _list_page(request: HttpRequest, form: LhpForm) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "pengawasan/lhp_list.html",
        {
            "lhps": selectors.lhp_list(viewer=user),
            "form": form,
            "can_record": can_record_lhp(user, None),
        },
    )


@requires(VIEW)
def lhp_list(request: HttpRequest) -> HttpResponse:
    """``/app/pengawasan/lhp/``: LHP summaries in scope; the Inspektorat records new ones."""
    return _list_page(request, LhpForm(viewer=_user(request)))


@requires(MANAGE)
def lhp_create(request: HttpRequest) -> HttpResponse:
    """``/app/pengawasan/lhp/baru/``: record an LHP summary (a draft)."""
    user = _user(request)
    form = LhpForm(request.POST or None, viewer=user)
    if request.method == "POST" and form.is_valid():
        try:
            lhp = services.lhp_create(actor=user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The audit report was recorded."))
            return redirect("pengawasan:lhp_detail", public_id=lhp.public_id)
    return _list_page(request, form)


def _auto_id(public_id: str) -> str:
    """Field ids unique per recommendation (several follow-up forms on one page)."""
    return f"id_{public_id}_%s"


def _detail_page(
    request: HttpRequest,
    lhp: Lhp,
    *,
    publish_form: PublishForm | None = None,
    follow_up_forms: dict[str, FollowUpForm] | None = None,
) -> HttpResponse:
    user = _user(request)
    forms = follow_up_forms or {}
    rows = [
        {
            "rec": rec,
            # Recording the note first: it is what Enter in the note field does.
            "actions": sorted(TLHP.available_actions(user, rec), key=lambda a: a.changes_state),
            "form": forms.get(rec.public_id)
            or FollowUpForm(initial={"note": rec.follow_up_note}, auto_id=_auto_id(rec.public_id)),
        }
        for rec in lhp.rekomendasi.all()
    ]
    return render(
        request,
        "pengawasan/lhp_detail.html",
        {
            "lhp": lhp,
            "actions": LHP.available_actions(user, lhp),
            "publish_form": publish_form or PublishForm(),
            "rows": rows,
        },
    )


@requires(VIEW)
def lhp_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/app/pengawasan/lhp/<id>/``: one LHP summary with its recommendations' follow-up."""
    return _detail_page(request, selectors.lhp_get(viewer=_user(request), public_id=public_id))


@requires(MANAGE, methods=("POST",))
def lhp_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Take a publication action (``publish``) on an LHP summary."""
    user = _user(request)
    lhp = selectors.lhp_get(viewer=user, public_id=public_id)
    if action != "publish":
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.lhp_publish(actor=user, lhp=lhp, public_from=form.cleaned_data["public_from"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The summary is published."))
            return redirect("pengawasan:lhp_detail", public_id=lhp.public_id)
    return _detail_page(request, lhp, publish_form=form)


@requires(MANAGE, methods=("POST",))
def tlhp_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Take a follow-up (TLHP) action on one recommendation, with its note."""
    user = _user(request)
    rec = selectors.rekomendasi_get(viewer=user, public_id=public_id)
    if action not in {a.name for a in TLHP.actions}:
        raise Http404
    form = FollowUpForm(request.POST, auto_id=_auto_id(rec.public_id))
    if form.is_valid():
        # No note field posted: the note stays as it is (an empty field clears it).
        note = form.cleaned_data["note"] if "note" in request.POST else None
        try:
            services.tlhp_update(actor=user, rekomendasi=rec, action=action, note=note)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up status was saved."))
            return redirect("pengawasan:lhp_detail", public_id=rec.lhp.public_id)
    lhp = selectors.lhp_get(viewer=user, public_id=rec.lhp.public_id)
    return _detail_page(request, lhp, follow_up_forms={rec.public_id: form})


@requires(VIEW)
def legacy_lhp_list(request: HttpRequest) -> HttpResponse:
    """``/app/portal/lhp/`` (before issue 9): the list's new address."""
    return redirect("pengawasan:lhp_list", permanent=True)


@requires(VIEW)
def legacy_lhp_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """``/app/portal/lhp/<id>/`` (before issue 9): the summary's new address."""
    return redirect("pengawasan:lhp_detail", public_id=public_id, permanent=True)
