"""Staff pages of the LKE workflow (``/app/lke/``): thin views over selectors and services.

Every view declares its permission: pages answer GET under a read permission, and every
write has a URL of its own under a write permission (``…/aksi/kirim/``, ``…/area/PPA/jawab/``).
Assessments are looked up through the viewer-scoped selector, so another unit's assessment
answers 404; what a person may do comes from the predicates of ``permissions.py`` (the same
functions the services enforce) and the workflow buttons from
``workflows.ASSESSMENT.available_actions``. Service refusals (``ValidationError``) are shown
next to the item or field with ``role="alert"``; ``PermissionDenied`` answers 404. Long work
(workbook import and export, the PDF report) runs as a job with a progress page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment import selectors, services, tasks
from integritas.assessment.choices import (
    LOCKED_STATUSES,
    AssessmentStatus,
    ScoreBasis,
    ZeroDenominator,
)
from integritas.assessment.forms import (
    AssignForm,
    CreateForm,
    EvidenceForm,
    ImportForm,
    ProposalForm,
    RevokeForm,
    SettingsForm,
    TpnForm,
)
from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, HasilItem, Question, Template
from integritas.assessment.models import Assessment, Review
from integritas.assessment.report import area_chart, summary
from integritas.assessment.scores import Scored, points, template_of
from integritas.assessment.scoring import answer_value, is_no_data
from integritas.assessment.values import StoredValue, Values, engine_answer, parse_number
from integritas.assessment.workflows import ASSESSMENT
from integritas.core.forms import add_service_errors, upload_errors
from integritas.core.jobs import job_start
from integritas.core.models import User
from integritas.core.permissions import requires
from integritas.core.uploads import attachment_response

S = AssessmentStatus
HASIL = "hasil"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _num(value: Fraction | Decimal, places: int = 2) -> str:
    """A number for people: 2 decimals, Indonesian separators when the language is id."""
    from django.utils.formats import number_format

    d = points(value, places) if isinstance(value, Fraction) else value
    return number_format(d, places, use_l10n=True)


# --------------------------------------------------------------------------- value display


def value_text(template: Template, code: str, row: StoredValue | None) -> str:
    """A stored value as people read it: ``B``, ``157 / 170 → 92,35%``, ``3,60 → 15,75``."""
    if row is None:
        return "—"
    answer = engine_answer(row)
    if answer is None:
        return "—"
    try:
        q: Question | None = template.question(code)
        item: HasilItem | None = None
    except KeyError:
        q, item = None, template.hasil_item(code)
    if row.index_value is not None and item is not None and item.index_max is not None:
        lke = Fraction(row.index_value) / item.index_max * item.weight
        return f"{_num(Fraction(row.index_value))} → {_num(lke)}"
    if q is not None and q.answer_type == NUMERIC and q.numeric is not None:
        parts = [
            f"{inp.label}: {row.inputs[inp.key]}"
            for inp in q.numeric.inputs
            if inp.key in row.inputs
        ]
        if is_no_data(q, answer):
            return "; ".join(parts) + " → " + _("no data")
        ratio = answer_value(q, answer)
        return "; ".join(parts) + f" → {_num(ratio * 100)}%"
    scale = f" ({row.answer_type})" if row.answer_type else ""
    return f"{row.option}{scale}"


@dataclass
class Choice_:
    """One radio option of a choice item."""

    value: str
    label: str
    criteria: str
    checked: bool


@dataclass
class ItemCard:
    """What the area page shows for one item."""

    view: selectors.ItemView
    kind: str
    text: str
    label: str
    choices: list[Choice_] = field(default_factory=list)
    inputs: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, value
    index: str = ""
    answer_text: str = "—"
    consolidated_text: str = "—"
    my_choices: list[Choice_] = field(default_factory=list)
    my_inputs: list[tuple[str, str, str]] = field(default_factory=list)
    my_index: str = ""
    lead_choices: list[Choice_] = field(default_factory=list)
    lead_inputs: list[tuple[str, str, str]] = field(default_factory=list)
    lead_index: str = ""
    members: list[tuple[Review, str]] = field(default_factory=list)
    evidence_hint: tuple[str, ...] = ()
    fed: bool = False
    overridable: bool = False
    errors: list[str] = field(default_factory=list)
    no_data: bool = False  # a ratio item whose denominator is 0 ("tidak ada data")
    tpi_decides: bool = False  # ... under the rule "the TPI decides" (value + note)


def _choices(template: Template, code: str, row: StoredValue | None) -> list[Choice_]:
    try:
        item: Question | HasilItem = template.question(code)
    except KeyError:
        item = template.hasil_item(code)
    out: list[Choice_] = []
    criteria = {o.option: o.criteria for o in item.options}
    for n, scale in enumerate(item.accepted_answer_types):
        if scale == NUMERIC:
            continue
        for option, _value in ANSWER_TYPES[scale]:
            chosen = (
                row is not None
                and row.option == option
                and (row.answer_type or item.accepted_answer_types[0]) == scale
            )
            label = option if n == 0 else f"{option} ({scale})"
            out.append(
                Choice_(
                    value=f"{scale}|{option}",
                    label=label,
                    criteria=criteria.get(option, "") if n == 0 else "",
                    checked=chosen,
                )
            )
    return out


def _inputs(q: Question | None, row: StoredValue | None) -> list[tuple[str, str, str]]:
    if q is None or q.numeric is None:
        return []
    current = row.inputs if row is not None else {}
    return [(i.key, i.label, current.get(i.key, "")) for i in q.numeric.inputs]


def _index(row: StoredValue | None) -> str:
    return "" if row is None or row.index_value is None else str(row.index_value.normalize())


def _cards(
    template: Template,
    items: dict[str, selectors.ItemView],
    errors: dict[str, list[str]],
    zero_rule: str | None = None,
) -> list[ItemCard]:
    cards = []
    for code, v in items.items():
        q, h = v.question, v.hasil
        kind = "numeric" if q is not None and q.answer_type == NUMERIC else "choice"
        if h is not None and h.kind == "index":
            kind = "index"
        card = ItemCard(
            view=v,
            kind=kind,
            text=q.text if q is not None else (h.name if h is not None else code),
            label=q.label if q is not None else (h.label if h is not None else ""),
            evidence_hint=q.evidence if q is not None else (),
            fed=v.answer is not None
            and (bool(v.answer.source) or v.answer.overridden_by_id is not None),
            overridable=h is not None or code in {item for item, _keys in services.FEEDS.values()},
            errors=errors.get(code, []),
        )
        card.answer_text = value_text(template, code, v.answer)
        answer = engine_answer(v.answer) if v.answer is not None else None
        if q is not None and q.numeric is not None and answer is not None:
            card.no_data = is_no_data(q, answer)
            rule = zero_rule or q.numeric.zero_denominator
            card.tpi_decides = card.no_data and rule == ZeroDenominator.TPI
        card.consolidated_text = value_text(template, code, v.consolidated)
        card.members = [(r, value_text(template, code, r)) for r in v.member_reviews]
        if kind == "choice":
            card.choices = _choices(template, code, v.answer)
            card.my_choices = _choices(template, code, v.my_review or v.answer)
            card.lead_choices = _choices(template, code, v.consolidated or v.my_review or v.answer)
        elif kind == "numeric":
            card.inputs = _inputs(q, v.answer)
            card.my_inputs = _inputs(q, v.my_review or v.answer)
            card.lead_inputs = _inputs(q, v.consolidated or v.my_review or v.answer)
        else:
            card.index = _index(v.answer)
            card.my_index = _index(v.my_review or v.answer)
            card.lead_index = _index(v.consolidated or v.my_review or v.answer)
        cards.append(card)
    return cards


def _parse_values(template: Template, code: str, data: QueryDict) -> Values:
    """Typed form input → a value (shape checks here; the rules in the services)."""
    kind = "choice"
    try:
        q = template.question(code)
        if q.answer_type == NUMERIC:
            kind = "numeric"
    except KeyError:
        item = template.hasil_item(code)
        kind = "index" if item.kind == "index" else "choice"
        q = None
    if kind == "choice":
        raw = data.get("value", "")
        scale, _sep, option = raw.partition("|")
        return Values(option=option, answer_type=scale)
    try:
        if kind == "index":
            return Values(index_value=parse_number(data.get("index", "")))
        inputs: dict[str, str] = {}
        assert q is not None and q.numeric is not None
        for inp in q.numeric.inputs:
            number = parse_number(data.get(f"in_{inp.key}", ""))
            if number is not None:
                inputs[inp.key] = str(number)
        return Values(inputs=inputs)
    except ValueError:
        raise ValidationError(
            _("%(code)s: type numbers only (for example 157 or 3,60)."), params={"code": code}
        ) from None


def _can(user: User, a: Assessment) -> dict[str, bool]:
    """What the viewer may do on ``a``: the predicates the services enforce."""
    return {
        "view_all": perms.can_view_all(user, a),
        "answer": perms.can_answer(user, a),
        "review": perms.can_review(user, a),
        "lead": perms.can_lead(user, a),
        "assign": perms.can_assign(user, a),
        "override": perms.can_override(user, a),
        "refresh": perms.can_refresh(user, a),
        "export": perms.can_export(user, a),
        "team": perms.can_open_team(user, a),
    }


# --------------------------------------------------------------------------- list, create


def _list_page(request: HttpRequest, form: CreateForm, *, status: int = 200) -> HttpResponse:
    user = _user(request)
    qs = selectors.assessment_list(viewer=user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = selectors.assessment_rows(list(page.object_list))
    return render(
        request,
        "assessment/list.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "can_create": selectors.creatable_units(viewer=user).exists(),
        },
        status=status,
    )


@requires(perms.VIEW)
def assessment_list(request: HttpRequest) -> HttpResponse:
    """``/app/lke/``: the assessments in the viewer's scope with their scores."""
    return _list_page(request, CreateForm(units=selectors.creatable_units(viewer=_user(request))))


@requires(perms.CREATE, methods=("POST",))
def assessment_create(request: HttpRequest) -> HttpResponse:
    """``/app/lke/buka/``: open an assessment for a unit and year (errors beside the fields)."""
    user = _user(request)
    form = CreateForm(request.POST, units=selectors.creatable_units(viewer=user))
    if form.is_valid():
        try:
            a = services.assessment_create(
                actor=user,
                organisation=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assessment was opened."))
            return redirect("assessment:detail", public_id=a.public_id)
    return _list_page(request, form, status=400)


# --------------------------------------------------------------------------- detail


#: The form each workflow action takes (None: a button alone), with its prefix.
STEP_FORMS: dict[str, tuple[type[forms.Form], str] | None] = {
    "submit": None,
    "lock": None,
    "propose": (ProposalForm, "p"),
    "record_tpn": (TpnForm, "t"),
    "revoke": (RevokeForm, "r"),
}


@dataclass
class StepButton:
    """One workflow action offered on the assessment page: its form and where it posts."""

    name: str
    label: str
    confirm: str
    style: str
    url: str
    form: forms.Form | None


def _steps(a: Assessment, user: User, bound: dict[str, forms.Form]) -> list[StepButton]:
    out = []
    for action in ASSESSMENT.available_actions(user, a):
        spec = STEP_FORMS[action.name]
        form = bound.get(action.name) or (spec[0](prefix=spec[1]) if spec else None)
        out.append(
            StepButton(
                name=action.name,
                label=str(action.label),
                confirm=str(action.confirm),
                style=action.style,
                url=reverse(f"assessment:{action.name}", args=[a.public_id]),
                form=form,
            )
        )
    return out


def _detail_context(
    a: Assessment, user: User, *, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    ctx = summary(a)
    main: Scored = ctx["main"]
    locked = a.status in LOCKED_STATUSES
    ctx.update(
        {
            "a": a,
            "can": _can(user, a),
            "steps": _steps(a, user, bound or {}),
            "chart": area_chart(
                a,
                main,
                _("TPI score per area (% of weight)")
                if locked
                else _("Score per area (% of weight)"),
            ),
            "is_draft": a.status == S.DRAFT,
            "is_submitted": a.status == S.SUBMITTED,
            "before_lock": not locked,
            "team": selectors.tpi_team(a),
            "hasil_answered": sum(1 for i in ctx["self"].result.hasil_items if i.answered),
            "hasil_total": len(ctx["self"].result.hasil_items),
        }
    )
    return ctx


@requires(perms.VIEW)
def assessment_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One assessment: progress per area, self and TPI scores, verdict, next steps."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    return render(request, "assessment/detail.html", _detail_context(a, user))


StepRun = Callable[[User, Assessment, dict[str, Any]], object]


def _step(request: HttpRequest, public_id: str, name: str, run: StepRun, done: str) -> HttpResponse:
    """Take workflow action ``name``: 404 for those its predicate refuses, the page again with
    the errors beside the fields when the form or the service refuses."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not ASSESSMENT.action(name).allowed(user, a):
        raise Http404  # a person who may not act gets no form errors, only "not found"
    spec = STEP_FORMS[name]
    form = spec[0](request.POST, prefix=spec[1]) if spec else None
    errors: list[str] = []
    if form is None or form.is_valid():
        try:
            run(user, a, form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
            errors = exc.messages
        else:
            messages.success(request, done)
            return redirect("assessment:detail", public_id=a.public_id)
    a = selectors.assessment_get(viewer=user, public_id=public_id)  # as stored: nothing changed
    ctx = _detail_context(a, user, bound={name: form} if form is not None else {})
    ctx["errors"] = errors
    return render(request, "assessment/detail.html", ctx, status=400)


@requires(perms.ANSWER, methods=("POST",))
def assessment_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/kirim/``: the Tim ZI submits the self-assessment to the TPI."""
    return _step(
        request,
        public_id,
        "submit",
        lambda user, a, data: services.assessment_submit(actor=user, assessment=a),
        _("The assessment was submitted to the TPI."),
    )


@requires(perms.LEAD_REVIEW, methods=("POST",))
def assessment_lock(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/kunci/``: the TPI lead locks the scores."""
    return _step(
        request,
        public_id,
        "lock",
        lambda user, a, data: services.assessment_lock(actor=user, assessment=a),
        _("The TPI scores are locked."),
    )


@requires(perms.REVIEW, methods=("POST",))
def assessment_propose(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/usulan/``: the TPI's proposal decision after the lock."""
    return _step(
        request,
        public_id,
        "propose",
        lambda user, a, data: services.assessment_decide_proposal(
            actor=user,
            assessment=a,
            propose=data["decision"] == "propose",
            predicate=data["predicate"],
            note=data["note"],
        ),
        _("The proposal decision was recorded."),
    )


@requires(perms.RECORD_TPN, methods=("POST",))
def assessment_record_tpn(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/hasil-tpn/``: the TPN's result of a proposed unit."""
    return _step(
        request,
        public_id,
        "record_tpn",
        lambda user, a, data: services.assessment_record_tpn(actor=user, assessment=a, **data),
        _("The TPN result was recorded."),
    )


@requires(perms.RECORD_TPN, methods=("POST",))
def assessment_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/cabut/``: the revocation of an awarded predicate."""
    return _step(
        request,
        public_id,
        "revoke",
        lambda user, a, data: services.assessment_revoke(actor=user, assessment=a, **data),
        _("The revocation was recorded."),
    )


@requires(perms.REFRESH_FEEDS, methods=("POST",))
def assessment_refresh(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/aksi/segarkan/``: take the figures fed from other modules again (before the lock)."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not perms.can_refresh(user, a):
        raise Http404
    try:
        services.assessment_refresh_feeds(actor=user, assessment=a)
    except ValidationError as exc:
        ctx = _detail_context(a, user)
        ctx["errors"] = exc.messages
        return render(request, "assessment/detail.html", ctx, status=400)
    messages.success(request, _("Figures from other modules were refreshed."))
    return redirect("assessment:detail", public_id=a.public_id)


# --------------------------------------------------------------------------- area page


def _area_codes(template: Template, area_code: str) -> tuple[str, list[str]]:
    if area_code == HASIL:
        return _("Results (hasil)"), [i.code for i in template.hasil_items()]
    for area in template.areas():
        if area.code == area_code:
            half = _("Fulfilment") if area.half == "pemenuhan" else _("Reform")
            return (
                f"{half} {area.number}. {area.name}",
                [q.code for sub in area.sub_areas for q in sub.questions],
            )
    raise Http404


def _area_page(
    request: HttpRequest,
    user: User,
    a: Assessment,
    area_code: str,
    *,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    template = template_of(a.template_id)
    title, codes = _area_codes(template, area_code)
    errors = errors or {}
    items = selectors.items_for(viewer=user, assessment=a, codes=codes)
    areas = [(ar.code, f"{ar.half[:1].upper()}{ar.number}. {ar.name}") for ar in template.areas()]
    return render(
        request,
        "assessment/area.html",
        {
            "a": a,
            "title": title,
            "area_code": area_code,
            "areas": areas,
            "cards": _cards(template, items, errors, selectors.zero_denominator_rule(a)),
            "can": _can(user, a),
            "errors": errors,
            "is_draft": a.status == S.DRAFT,
            "is_submitted": a.status == S.SUBMITTED,
            "before_lock": a.status not in LOCKED_STATUSES,
            "evidence_form": EvidenceForm(),
            "max_mb": services.evidence_max_bytes() // (1024 * 1024),
        },
        status=400 if errors else 200,
    )


@requires(perms.VIEW)
def area_detail(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """One area's items: criteria, the unit's answer and evidence, TPI values, responses."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    return _area_page(request, user, a, area_code)


ItemRun = Callable[[HttpRequest, User, Assessment, Template, str], str]


def _item_post(
    request: HttpRequest,
    public_id: str,
    area_code: str,
    allowed: Callable[[User, Assessment], bool],
    run: ItemRun,
) -> HttpResponse:
    """One write on one item of an area page: 404 for those ``allowed`` refuses; the page
    again with the error beside the item when the service refuses."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not allowed(user, a):
        raise Http404
    template = template_of(a.template_id)
    _title, codes = _area_codes(template, area_code)
    code = request.POST.get("code", "")
    if code not in codes:
        raise Http404
    try:
        message = run(request, user, a, template, code)
    except ValidationError as exc:
        a = selectors.assessment_get(viewer=user, public_id=public_id)
        return _area_page(request, user, a, area_code, errors={code: exc.messages})
    messages.success(request, message)
    url = reverse("assessment:area", args=[a.public_id, area_code])
    return redirect(f"{url}#item-{code}")


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return -1


def _answer(request: HttpRequest, user: User, a: Assessment, template: Template, code: str) -> str:
    services.answer_save(
        actor=user,
        assessment=a,
        code=code,
        values=_parse_values(template, code, request.POST),
        note=request.POST.get("note", ""),
        expected_version=_version(request),
    )
    return _("Answer %(code)s saved.") % {"code": code}


def _evidence(
    request: HttpRequest, user: User, a: Assessment, template: Template, code: str
) -> str:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        # a file that was sent but refused says why (empty, …), not that it is missing
        raise ValidationError(
            upload_errors(form, "file") or _("Name the document and choose a file.")
        )
    upload = form.cleaned_data["file"]
    ev = services.evidence_upload(
        actor=user,
        assessment=a,
        code=code,
        title=form.cleaned_data["title"],
        stream=upload,
        filename=upload.name or "",
    )
    return _("Evidence %(title)s (version %(version)s) uploaded.") % {
        "title": ev.title,
        "version": ev.version,
    }


def _review(request: HttpRequest, user: User, a: Assessment, template: Template, code: str) -> str:
    if "tpi_percent" in request.POST:
        # The TPI's decision on a ratio item without data: a percentage with the note.
        try:
            percent = parse_number(request.POST.get("tpi_percent", ""))
        except ValueError:
            percent = None
        values = Values(ratio=None if percent is None else percent / 100)
    else:
        values = _parse_values(template, code, request.POST)
    note = request.POST.get("note", "")
    services.review_save(actor=user, assessment=a, code=code, values=values, note=note)
    return _("TPI value for %(code)s saved.") % {"code": code}


def _consolidate(
    request: HttpRequest, user: User, a: Assessment, template: Template, code: str
) -> str:
    if "tpi_percent" in request.POST:
        # The TPI's decision on a ratio item without data: a percentage with the note.
        try:
            percent = parse_number(request.POST.get("tpi_percent", ""))
        except ValueError:
            percent = None
        values = Values(ratio=None if percent is None else percent / 100)
    else:
        values = _parse_values(template, code, request.POST)
    note = request.POST.get("note", "")
    services.consolidate_save(actor=user, assessment=a, code=code, values=values, note=note)
    return _("Consolidated value for %(code)s saved.") % {"code": code}


def _override(
    request: HttpRequest, user: User, a: Assessment, template: Template, code: str
) -> str:
    if "tpi_percent" in request.POST:
        # The TPI's decision on a ratio item without data: a percentage with the note.
        try:
            percent = parse_number(request.POST.get("tpi_percent", ""))
        except ValueError:
            percent = None
        values = Values(ratio=None if percent is None else percent / 100)
    else:
        values = _parse_values(template, code, request.POST)
    note = request.POST.get("note", "")
    services.input_override(actor=user, assessment=a, code=code, values=values, note=note)
    return _("Figure %(code)s overridden.") % {"code": code}


def _respond(request: HttpRequest, user: User, a: Assessment, template: Template, code: str) -> str:
    services.response_add(actor=user, assessment=a, code=code, text=request.POST.get("text", ""))
    return _("Response to the TPI on %(code)s saved.") % {"code": code}


@requires(perms.ANSWER, methods=("POST",))
def item_answer(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/jawab/``: the unit's answer to one item."""
    return _item_post(request, public_id, area_code, perms.can_answer, _answer)


@requires(perms.ANSWER, methods=("POST",))
def item_evidence(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/bukti/``: one evidence file for one item."""
    return _item_post(request, public_id, area_code, perms.can_answer, _evidence)


@requires(perms.REVIEW, methods=("POST",))
def item_review(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/nilai/``: a TPI member's own value."""
    return _item_post(request, public_id, area_code, perms.can_review, _review)


@requires(perms.LEAD_REVIEW, methods=("POST",))
def item_consolidate(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/konsolidasi/``: the lead's consolidated value."""
    return _item_post(request, public_id, area_code, perms.can_consolidate, _consolidate)


@requires(perms.OVERRIDE_INPUT, methods=("POST",))
def item_override(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/ubah/``: the TPI replaces a hasil or fed figure with a note."""
    return _item_post(request, public_id, area_code, perms.can_override, _override)


@requires(perms.ANSWER, methods=("POST",))
def item_respond(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """``…/area/<area>/tanggapan/``: the unit's response to the TPI notes."""
    return _item_post(request, public_id, area_code, perms.can_answer, _respond)


@requires(perms.VIEW_ALL)
def evidence_download(request: HttpRequest, public_id: str, evidence_id: str) -> HttpResponseBase:
    """Download one evidence file (attachment, ``nosniff``) of a visible assessment."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    ev = selectors.evidence_get(viewer=user, assessment=a, public_id=evidence_id)
    return attachment_response(ev.storage_name, filename=ev.original_name, mime=ev.mime)


# --------------------------------------------------------------------------- TPI team


def _team_page(
    request: HttpRequest,
    user: User,
    a: Assessment,
    *,
    form: AssignForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    candidates = selectors.tpi_candidates(viewer=user, assessment=a)
    return render(
        request,
        "assessment/tpi.html",
        {
            "a": a,
            "team": selectors.tpi_team(a),
            "form": form or AssignForm(candidates=candidates),
            "can": _can(user, a),
            "errors": errors or [],
            "consolidated": selectors.consolidated_count(a),
            "total": selectors.scored(a, ScoreBasis.SELF).total_items,
            "is_submitted": a.status == S.SUBMITTED,
            "before_lock": a.status not in LOCKED_STATUSES,
        },
        status=400 if errors or (form is not None and form.errors) else 200,
    )


def _team_assessment(request: HttpRequest, public_id: str) -> tuple[User, Assessment]:
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not perms.can_open_team(user, a):
        raise Http404
    return user, a


@requires(perms.VIEW_ALL)
def tpi_team(request: HttpRequest, public_id: str) -> HttpResponse:
    """The TPI team of an assessment: assignment (TPI or admin), and the bulk steps of members
    and lead. Anyone else answers 404, like the assessment page's link that is not shown."""
    user, a = _team_assessment(request, public_id)
    return _team_page(request, user, a)


@requires(perms.ASSIGN_TPI, methods=("POST",))
def tpi_assign(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/tim-penilai/tugaskan/``: assign a TPI member or the lead."""
    user, a = _team_assessment(request, public_id)
    if not perms.can_assign(user, a):
        raise Http404
    form = AssignForm(request.POST, candidates=selectors.tpi_candidates(viewer=user, assessment=a))
    if form.is_valid():
        try:
            services.tpi_assign(
                actor=user,
                assessment=a,
                user=form.cleaned_data["user"],
                is_lead=form.cleaned_data["is_lead"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The TPI team was updated."))
            return redirect("assessment:tpi", public_id=a.public_id)
    return _team_page(request, user, a, form=form)


def _team_step(
    request: HttpRequest,
    public_id: str,
    allowed: Callable[[User, Assessment], bool],
    run: Callable[[User, Assessment], str],
) -> HttpResponse:
    user, a = _team_assessment(request, public_id)
    if not allowed(user, a):
        raise Http404
    try:
        message = run(user, a)
    except ValidationError as exc:
        return _team_page(request, user, a, errors=exc.messages)
    messages.success(request, message)
    return redirect("assessment:tpi", public_id=a.public_id)


@requires(perms.REVIEW, methods=("POST",))
def tpi_copy_self(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/tim-penilai/salin/``: a member starts from the unit's answers."""

    def run(user: User, a: Assessment) -> str:
        n = services.review_copy_self(actor=user, assessment=a)
        return _("%(count)s unit answers copied as your values.") % {"count": n}

    return _team_step(request, public_id, perms.can_review, run)


@requires(perms.LEAD_REVIEW, methods=("POST",))
def tpi_consolidate_agreeing(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/tim-penilai/sepakat/``: the lead takes the values the members agree on."""

    def run(user: User, a: Assessment) -> str:
        n = services.consolidate_agreeing(actor=user, assessment=a)
        return _("%(count)s items consolidated where the members agree.") % {"count": n}

    return _team_step(request, public_id, perms.can_consolidate, run)


# --------------------------------------------------------------------------- Pemda settings


@requires(perms.SETTINGS)
def lke_settings(request: HttpRequest) -> HttpResponse:
    """``/app/lke/pengaturan/``: the Pemda's rule for ratio items without data (issue 10)."""
    user = _user(request)
    pemda = selectors.settings_pemda(viewer=user)
    if pemda is None:
        raise Http404
    current = selectors.lke_settings(pemda)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.lke_settings_save(
                    actor=user,
                    pemda=pemda,
                    zero_denominator=form.cleaned_data["zero_denominator"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("LKE settings saved."))
                return redirect("assessment:settings")
        status = 400
    else:
        form = SettingsForm(initial={"zero_denominator": current.zero_denominator})
        status = 200
    return render(
        request,
        "assessment/settings.html",
        {"form": form, "pemda": pemda, "current": current},
        status=status,
    )


# --------------------------------------------------------------------------- history, gap


@requires(perms.VIEW)
def history(request: HttpRequest, public_id: str) -> HttpResponse:
    """The score snapshots of every workflow step, with who and when."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    return render(request, "assessment/history.html", {"a": a, "snapshots": selectors.snapshots(a)})


@requires(perms.VIEW)
def gap_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """Gap analysis for WBK and WBBM: ranked one-step gains and the smallest plan."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    basis = ScoreBasis.TPI if a.status in LOCKED_STATUSES else ScoreBasis.SELF
    template = template_of(a.template_id)
    names = {ar.code: f"{ar.half[:1].upper()}{ar.number}. {ar.name}" for ar in template.areas()}
    analyses = [selectors.gap(a, p.code, basis) for p in template.predicates]
    return render(
        request,
        "assessment/gap.html",
        {
            "a": a,
            "basis": ScoreBasis(basis).label,
            "analyses": analyses,
            "area_names": names,
            "top": 15,
        },
    )


# --------------------------------------------------------------------------- import, export, PDF


@requires(perms.ANSWER)
def import_workbook(request: HttpRequest, public_id: str) -> HttpResponse:
    """Upload a filled LKE workbook into the draft: a job (all or nothing) with a progress
    page listing every bad cell."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not perms.can_answer(user, a):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.evidence_max_bytes():
            form.add_error("file", _("The file is too large."))
        else:
            job = job_start(
                actor=user,
                kind=tasks.IMPORT_JOB,
                title=_("LKE workbook import · %(unit)s %(year)s")
                % {"unit": a.organisation.name, "year": a.year},
                organisation=a.organisation,
                params={"assessment": a.public_id},
                upload=upload.read(),
                upload_name=upload.name or "",
                next_url=reverse("assessment:detail", args=[a.public_id]),
            )
            return redirect("core:job_detail", public_id=job.public_id)
    return render(
        request,
        "assessment/import.html",
        {"a": a, "form": form},
        status=400 if form.errors else 200,
    )


def _start_file_job(request: HttpRequest, public_id: str, kind: str, title: str) -> HttpResponse:
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    if not perms.can_export(user, a):
        raise Http404
    basis = ScoreBasis.TPI if request.POST.get("nilai") == ScoreBasis.TPI else ScoreBasis.SELF
    job = job_start(
        actor=user,
        kind=kind,
        title=f"{title} · {a.organisation.name} {a.year}",
        organisation=a.organisation,
        params={"assessment": a.public_id, "basis": str(basis)},
        next_url=reverse("assessment:detail", args=[a.public_id]),
    )
    return redirect("core:job_detail", public_id=job.public_id)


@requires(perms.EXPORT, methods=("POST",))
def export_workbook(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/ekspor/``: prepare the LKE workbook (self answers, or TPI values with
    ``nilai=tpi``) as a job whose page offers the file."""
    return _start_file_job(request, public_id, tasks.EXPORT_JOB, _("LKE workbook export"))


@requires(perms.EXPORT, methods=("POST",))
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """``…/laporan/``: prepare the PDF report as a job whose page offers the file."""
    return _start_file_job(request, public_id, tasks.REPORT_JOB, _("LKE report (PDF)"))
