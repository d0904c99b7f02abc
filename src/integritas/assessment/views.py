"""Staff pages of the LKE workflow (``/app/lke/``): thin views over selectors and services.

Every view declares its permission; assessments are looked up through the viewer-scoped
selector, so another unit's assessment answers 404. Service refusals (``ValidationError``)
are shown next to the item with ``role="alert"``; ``PermissionDenied`` answers 404.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integritas.assessment import permissions as perms
from integritas.assessment import selectors, services
from integritas.assessment.choices import (
    AWARDED_STATUSES,
    LOCKED_STATUSES,
    AssessmentStatus,
    ScoreBasis,
)
from integritas.assessment.forms import (
    AssignForm,
    CreateForm,
    EvidenceForm,
    ImportForm,
    ProposalForm,
    RevokeForm,
    TpnForm,
)
from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, HasilItem, Question, Template
from integritas.assessment.models import Answer, Assessment, Review
from integritas.assessment.scores import Scored, answers_of, points, template_of
from integritas.assessment.scoring import answer_value
from integritas.assessment.values import StoredValue, Values, engine_answer, parse_number
from integritas.assessment.workbook import write_workbook
from integritas.core.charts import Chart, bar_chart
from integritas.core.exports import safe_text
from integritas.core.forms import upload_errors
from integritas.core.models import User
from integritas.core.pdf import pdf_response, render_pdf
from integritas.core.permissions import has_permission, requires
from integritas.core.uploads import attachment_response

S = AssessmentStatus
HASIL = "hasil"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    template: Template, items: dict[str, selectors.ItemView], errors: dict[str, list[str]]
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


# --------------------------------------------------------------------------- list, create


@requires(perms.VIEW)
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest) -> HttpResponse:
    """``/app/lke/``: the assessments in the viewer's scope with their scores."""
    user = _user(request)
    units = selectors.creatable_units(viewer=user)
    form = CreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.assessment_create(
                actor=user,
                organisation=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The assessment was opened."))
            return redirect("assessment:detail", public_id=a.public_id)
    qs = selectors.assessment_list(viewer=user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = selectors.assessment_rows(list(page.object_list))
    return render(
        request,
        "assessment/list.html",
        {"rows": rows, "page": page, "form": form, "can_create": units.exists()},
    )


# --------------------------------------------------------------------------- detail


def _area_chart(scored: Scored, title: str) -> Chart:
    half_label = {"pemenuhan": _("Fulfilment"), "reform": _("Reform")}
    return bar_chart(
        [
            (f"{half_label.get(a.half, a.half)} {a.number}. {a.name}", float(a.ratio * 100))
            for a in scored.result.areas
        ],
        title=title,
        max_value=100,
        unit="%",
        markers=[(60, "WBK 60%"), (75, "WBBM 75%")],
    )


def _summary(a: Assessment) -> dict[str, Any]:
    template = template_of(a.template_id)
    self_s = selectors.scored(a, ScoreBasis.SELF)
    tpi_s = selectors.scored(a, ScoreBasis.TPI)
    has_tpi = tpi_s.answered > 0
    return {
        "template": template,
        "self": self_s,
        "tpi": tpi_s if has_tpi else None,
        "progress": selectors.area_progress(template, self_s, tpi_s if has_tpi else None),
        "main": tpi_s if a.status in LOCKED_STATUSES else self_s,
    }


def _detail_context(a: Assessment, user: User) -> dict[str, Any]:
    ctx = _summary(a)
    main: Scored = ctx["main"]
    locked = a.status in LOCKED_STATUSES
    ctx.update(
        {
            "a": a,
            "can": selectors.abilities(user, a),
            "chart": _area_chart(
                main,
                _("TPI score per area (% of weight)")
                if locked
                else _("Score per area (% of weight)"),
            ),
            "proposal_form": ProposalForm(prefix="p"),
            "tpn_form": TpnForm(prefix="t"),
            "revoke_form": RevokeForm(prefix="r"),
            "is_draft": a.status == S.DRAFT,
            "is_submitted": a.status == S.SUBMITTED,
            "is_locked": a.status == S.LOCKED,
            "is_proposed": a.status == S.PROPOSED,
            "is_awarded": a.status in AWARDED_STATUSES,
            "before_lock": not locked,
            "team": selectors.tpi_team(a),
            "hasil_answered": sum(1 for i in ctx["self"].result.hasil_items if i.answered),
            "hasil_total": len(ctx["self"].result.hasil_items),
        }
    )
    return ctx


@requires(perms.VIEW)
@require_GET
def assessment_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One assessment: progress per area, self and TPI scores, verdict, next steps."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    return render(request, "assessment/detail.html", _detail_context(a, user))


@requires(perms.VIEW)
@require_POST
def assessment_action(request: HttpRequest, public_id: str) -> HttpResponse:
    """The workflow steps from the assessment page: submit, lock, proposal, TPN, revoke."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    action = request.POST.get("action", "")
    needed = {
        "submit": (perms.ANSWER,),
        "lock": (perms.LEAD_REVIEW,),
        "refresh": (perms.ANSWER, perms.OVERRIDE_INPUT),
        "proposal": (perms.REVIEW,),
        "tpn": (perms.RECORD_TPN,),
        "revoke": (perms.RECORD_TPN,),
    }
    if action not in needed or not any(
        has_permission(user, p, a.organisation) for p in needed[action]
    ):
        raise Http404  # a read-only viewer gets no form errors, only "not found"
    done = {
        "submit": _("The assessment was submitted to the TPI."),
        "lock": _("The TPI scores are locked."),
        "proposal": _("The proposal decision was recorded."),
        "tpn": _("The TPN result was recorded."),
        "revoke": _("The revocation was recorded."),
        "refresh": _("Figures from other modules were refreshed."),
    }
    try:
        if action == "submit":
            services.assessment_submit(actor=user, assessment=a)
        elif action == "lock":
            services.assessment_lock(actor=user, assessment=a)
        elif action == "refresh":
            services.assessment_refresh_feeds(actor=user, assessment=a)
        elif action == "proposal":
            form: Any = ProposalForm(request.POST, prefix="p")
            if not form.is_valid():
                raise ValidationError(_("Choose whether to propose the unit."))
            services.assessment_decide_proposal(
                actor=user,
                assessment=a,
                propose=form.cleaned_data["decision"] == "propose",
                predicate=form.cleaned_data["predicate"],
                note=form.cleaned_data["note"],
            )
        elif action == "tpn":
            form = TpnForm(request.POST, prefix="t")
            if not form.is_valid():
                raise ValidationError(_("Enter the decision date."))
            services.assessment_record_tpn(actor=user, assessment=a, **form.cleaned_data)
        elif action == "revoke":
            form = RevokeForm(request.POST, prefix="r")
            if not form.is_valid():
                raise ValidationError(
                    _("Enter the revocation date, the decree number and the reason.")
                )
            services.assessment_revoke(actor=user, assessment=a, **form.cleaned_data)
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        ctx = _detail_context(a, user)
        ctx["errors"] = exc.messages
        return render(request, "assessment/detail.html", ctx, status=400)
    messages.success(request, done[action])
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


@requires(perms.VIEW)
@require_http_methods(["GET", "POST"])
def area_detail(request: HttpRequest, public_id: str, area_code: str) -> HttpResponse:
    """One area's items: criteria, the unit's answer and evidence, TPI values, responses."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    template = template_of(a.template_id)
    title, codes = _area_codes(template, area_code)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        code = request.POST.get("code", "")
        if code not in codes:
            raise Http404
        try:
            message = _area_post(request, user, a, template, code)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            errors[code] = exc.messages
            status = 400
        else:
            messages.success(request, message)
            url = reverse("assessment:area", args=[a.public_id, area_code])
            return redirect(f"{url}#item-{code}")
    items = selectors.items_for(viewer=user, assessment=a, codes=codes)
    can = selectors.abilities(user, a)
    areas = [(ar.code, f"{ar.half[:1].upper()}{ar.number}. {ar.name}") for ar in template.areas()]
    return render(
        request,
        "assessment/area.html",
        {
            "a": a,
            "title": title,
            "area_code": area_code,
            "areas": areas,
            "cards": _cards(template, items, errors),
            "can": can,
            "errors": errors,
            "is_draft": a.status == S.DRAFT,
            "is_submitted": a.status == S.SUBMITTED,
            "before_lock": a.status not in LOCKED_STATUSES,
            "evidence_form": EvidenceForm(),
            "max_mb": services.evidence_max_bytes() // (1024 * 1024),
        },
        status=status,
    )


def _area_post(
    request: HttpRequest, user: User, a: Assessment, template: Template, code: str
) -> str:
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    if action == "answer":
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = -1
        services.answer_save(
            actor=user,
            assessment=a,
            code=code,
            values=_parse_values(template, code, request.POST),
            note=note,
            expected_version=version,
        )
        return _("Answer %(code)s saved.") % {"code": code}
    if action == "evidence":
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
    if action == "review":
        values = _parse_values(template, code, request.POST)
        services.review_save(actor=user, assessment=a, code=code, values=values, note=note)
        return _("TPI value for %(code)s saved.") % {"code": code}
    if action == "consolidate":
        values = _parse_values(template, code, request.POST)
        services.consolidate_save(actor=user, assessment=a, code=code, values=values, note=note)
        return _("Consolidated value for %(code)s saved.") % {"code": code}
    if action == "override":
        values = _parse_values(template, code, request.POST)
        services.input_override(actor=user, assessment=a, code=code, values=values, note=note)
        return _("Figure %(code)s overridden.") % {"code": code}
    if action == "respond":
        services.response_add(
            actor=user, assessment=a, code=code, text=request.POST.get("text", "")
        )
        return _("Response to the TPI on %(code)s saved.") % {"code": code}
    raise Http404


@requires(perms.VIEW_ALL)
@require_GET
def evidence_download(request: HttpRequest, public_id: str, evidence_id: str) -> HttpResponseBase:
    """Download one evidence file (attachment, ``nosniff``) of a visible assessment."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    ev = selectors.evidence_get(viewer=user, assessment=a, public_id=evidence_id)
    return attachment_response(ev.storage_name, filename=ev.original_name, mime=ev.mime)


# --------------------------------------------------------------------------- TPI team


@requires(perms.VIEW_ALL)
@require_http_methods(["GET", "POST"])
def tpi_team(request: HttpRequest, public_id: str) -> HttpResponse:
    """The TPI team of an assessment: assignment (TPI or admin), and the bulk steps of members
    and lead. Anyone else answers 404, like the assessment page's link that is not shown."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    allowed = selectors.abilities(user, a)
    if not (allowed.review or allowed.assign):
        raise Http404
    candidates = selectors.tpi_candidates(viewer=user, assessment=a)
    form = AssignForm(candidates=candidates)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                form = AssignForm(request.POST, candidates=candidates)
                if not form.is_valid():
                    raise ValidationError(_("Choose a TPI member."))
                services.tpi_assign(
                    actor=user,
                    assessment=a,
                    user=form.cleaned_data["user"],
                    is_lead=form.cleaned_data["is_lead"],
                )
                messages.success(request, _("The TPI team was updated."))
            elif action == "copy_self":
                n = services.review_copy_self(actor=user, assessment=a)
                messages.success(
                    request, _("%(count)s unit answers copied as your values.") % {"count": n}
                )
            elif action == "consolidate_agreeing":
                n = services.consolidate_agreeing(actor=user, assessment=a)
                messages.success(
                    request,
                    _("%(count)s items consolidated where the members agree.") % {"count": n},
                )
            else:
                raise Http404
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("assessment:tpi", public_id=a.public_id)
    team = selectors.tpi_team(a)
    can = selectors.abilities(user, a)
    consolidated = Review.objects.filter(assessment=a, is_consolidated=True).count()
    total = selectors.scored(a, ScoreBasis.SELF).total_items
    return render(
        request,
        "assessment/tpi.html",
        {
            "a": a,
            "team": team,
            "form": form,
            "can": can,
            "errors": errors,
            "consolidated": consolidated,
            "total": total,
            "is_submitted": a.status == S.SUBMITTED,
            "before_lock": a.status not in LOCKED_STATUSES,
        },
        status=400 if errors else 200,
    )


# --------------------------------------------------------------------------- history, gap


@requires(perms.VIEW)
@require_GET
def history(request: HttpRequest, public_id: str) -> HttpResponse:
    """The score snapshots of every workflow step, with who and when."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    return render(request, "assessment/history.html", {"a": a, "snapshots": selectors.snapshots(a)})


@requires(perms.VIEW)
@require_GET
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
@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest, public_id: str) -> HttpResponse:
    """Upload a filled LKE workbook into the draft (all or nothing)."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.evidence_max_bytes():
            errors = [_("The file is too large.")]
        else:
            try:
                result = services.answers_import(
                    actor=user, assessment=a, stream=io.BytesIO(upload.read())
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request, _("%(count)s answers imported.") % {"count": result.written}
                )
                return render(
                    request,
                    "assessment/import.html",
                    {"a": a, "form": ImportForm(), "result": result},
                )
    return render(
        request,
        "assessment/import.html",
        {"a": a, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@requires(perms.VIEW)
@require_GET
def export_workbook(request: HttpRequest, public_id: str) -> HttpResponse:
    """The assessment in the LKE sheet layout (self answers, or TPI values with ``?nilai=tpi``)."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    basis = ScoreBasis.TPI if request.GET.get("nilai") == "tpi" else ScoreBasis.SELF
    rows: list[Answer] | list[Review] = (
        list(Review.objects.filter(assessment=a, is_consolidated=True))
        if basis == ScoreBasis.TPI
        else list(Answer.objects.filter(assessment=a))
    )
    buf = io.BytesIO()
    write_workbook(
        template_of(a.template_id),
        answers_of(rows),
        buf,
        notes={r.code: r.note for r in rows if r.note},
    )
    response = HttpResponse(buf.getvalue(), content_type=XLSX_MIME)
    name = f"LKE-{a.year}-{a.organisation.code}-{basis}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{safe_text(name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(perms.VIEW)
@require_GET
def report_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """PDF report: scores per area with a chart, verdict, unmet conditions, TPI notes."""
    user = _user(request)
    a = selectors.assessment_get(viewer=user, public_id=public_id)
    ctx = _summary(a)
    main: Scored = ctx["main"]
    template: Template = ctx["template"]
    notes = [
        (r.code, r.note)
        for r in Review.objects.filter(assessment=a, is_consolidated=True).exclude(note="")
    ]
    order = {q.code: i for i, q in enumerate(template.questions())}
    notes.sort(key=lambda n: order.get(n[0], 999))
    ctx.update(
        {
            "a": a,
            "chart": _area_chart(main, _("Score per area (% of weight)")),
            "basis": _("TPI consolidated") if a.status in LOCKED_STATUSES else _("Self-assessment"),
            "tpi_notes": notes,
            "generated_at": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        }
    )
    pdf = render_pdf("assessment/report_pdf.html", ctx)
    return pdf_response(pdf, filename=f"LKE-{a.year}-{a.organisation.code}.pdf")
