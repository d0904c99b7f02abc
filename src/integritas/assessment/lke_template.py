"""LKE templates as versioned data: dataclasses, loader and validator (pure Python, no Django).

A template is the whole rule set of one regulation version: the pengungkit halves (pemenuhan,
reform), their six areas, sub-areas (indikator) and questions with answer types, criteria and
expected evidence; the reform numeric items with their formulas; the hasil items; and every
WBK/WBBM threshold. Templates live as JSON in ``integritas/assessment/lke_templates/`` so a new
regulation is a new file, and an assessment keeps the version it was made under.

Source: PermenPANRB 90/2021 Lampiran III, as summarised in ``shared/DOMAIN.md`` §1.

Numbers are :class:`fractions.Fraction`, parsed from decimal strings (``"2.625"``) or exact
fraction strings (``"2/3"``) in the JSON — never from floats, so ``75% × 3.5`` stays ``2.625``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Literal

__all__ = [
    "ANSWER_TYPES",
    "DEFAULT_TEMPLATE_ID",
    "NUMERIC",
    "ZERO_DENOMINATOR_RULES",
    "Area",
    "DefectFix",
    "Group",
    "Half",
    "HasilItem",
    "HasilPart",
    "NumericInput",
    "NumericRule",
    "Option",
    "Predicate",
    "Question",
    "Regulation",
    "SubArea",
    "Template",
    "TemplateError",
    "available_templates",
    "load_template",
    "parse_template",
    "validate_template",
]

DEFAULT_TEMPLATE_ID = "permenpanrb-90-2021"

#: The answer value of every option, per answer type [C] (DOMAIN.md §1). These are fixed by the
#: regulation for every template version, so they live in code and templates refer to them by
#: name; options are listed best first.
ANSWER_TYPES: Mapping[str, tuple[tuple[str, Fraction], ...]] = {
    "Ya/Tidak": (("Ya", Fraction(1)), ("Tidak", Fraction(0))),
    "A/B/C": (("A", Fraction(1)), ("B", Fraction(1, 2)), ("C", Fraction(0))),
    "A/B/C/D": (
        ("A", Fraction(1)),
        ("B", Fraction(2, 3)),
        ("C", Fraction(1, 3)),
        ("D", Fraction(0)),
    ),
    "A/B/C/D/E": (
        ("A", Fraction(1)),
        ("B", Fraction(3, 4)),
        ("C", Fraction(1, 2)),
        ("D", Fraction(1, 4)),
        ("E", Fraction(0)),
    ),
}

#: Answer type of the reform items computed from numeric inputs (a ratio capped at 1).
NUMERIC = "numeric"

#: How a ratio item whose denominator is 0 ("tidak ada data") scores — DOMAIN.md §1 gives no
#: rule ([?]), so it is a decision: ``zero`` → 0, ``one`` → 1, ``tpi`` → the TPI decides with a
#: note (0 until it has). Each template item carries its default; a Pemda may override it.
ZERO_DENOMINATOR_RULES = ("zero", "one", "tpi")

_TEMPLATE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class TemplateError(ValueError):
    """A template file is malformed or inconsistent; ``item`` names the offending element."""

    def __init__(self, item: str, problem: str) -> None:
        super().__init__(f"{item}: {problem}")
        self.item = item
        self.problem = problem


@dataclass(frozen=True)
class Option:
    """One answer option (``"Ya"``, ``"A"`` …) with its criteria text."""

    option: str
    criteria: str


@dataclass(frozen=True)
class NumericInput:
    """One number typed on a "- Jumlah …" row under a numeric reform item."""

    key: str
    label: str


@dataclass(frozen=True)
class NumericRule:
    """How a numeric reform item turns its inputs into a value in [0, 1].

    ``kind == "ratio"``: ``min(numerator / denominator, cap)``; a denominator of 0 is "tidak ada
    data", scored by the ``zero_denominator`` rule (one of :data:`ZERO_DENOMINATOR_RULES`; [?]
    DOMAIN.md §1 — the template's default, overridable per Pemda).
    ``kind == "decrease"`` (penurunan pelanggaran disiplin): ``(previous − current) / previous``
    clamped to [0, 1]; ``no_violations_value`` when both years are 0 ([?] — configuration);
    a rise from 0 scores 0.
    ``breakdown``: inputs that should add up to another input (checked, warned, never scored).
    """

    kind: Literal["ratio", "decrease"]
    inputs: tuple[NumericInput, ...]
    numerator: str | None = None
    denominator: str | None = None
    cap: Fraction = Fraction(1)
    zero_denominator: str = "zero"
    previous: str | None = None
    current: str | None = None
    no_violations_value: Fraction = Fraction(1)
    breakdown_total: str | None = None
    breakdown_parts: tuple[str, ...] = ()

    @property
    def input_keys(self) -> tuple[str, ...]:
        """Keys of every input, in sheet order."""
        return tuple(i.key for i in self.inputs)

    @property
    def formula_keys(self) -> tuple[str, ...]:
        """Keys the formula needs (the others are informational breakdown rows)."""
        if self.kind == "ratio":
            return tuple(k for k in (self.numerator, self.denominator) if k is not None)
        return tuple(k for k in (self.previous, self.current) if k is not None)


@dataclass(frozen=True)
class Group:
    """A printed sub-heading with its own weight inside a sub-area (e.g. LHKPN / non-LHKPN)."""

    label: str
    name: str
    weight: Fraction


@dataclass(frozen=True)
class Question:
    """One pengungkit question. ``answer_type`` is a key of :data:`ANSWER_TYPES` or ``numeric``."""

    code: str
    label: str
    text: str
    answer_type: str
    alternative_answer_types: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    numeric: NumericRule | None = None
    criteria: str | None = None
    evidence: tuple[str, ...] = ()
    question_bank_code: str | None = None
    group: Group | None = None

    @property
    def accepted_answer_types(self) -> tuple[str, ...]:
        """The default answer type first, then the alternatives an assessment may choose."""
        return (self.answer_type, *self.alternative_answer_types)


@dataclass(frozen=True)
class SubArea:
    """A sub-area (indikator); its score is ``weight × mean of its question values``."""

    code: str
    label: str
    name: str
    weight: Fraction
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Area:
    """One of the six areas within one half; ``min`` maps predicate code → minimum score."""

    code: str
    half: str
    number: int
    name: str
    weight: Fraction
    min: Mapping[str, Fraction]
    sub_areas: tuple[SubArea, ...]


@dataclass(frozen=True)
class Half:
    """Pemenuhan or reform (``key``), each weighing 30 of the pengungkit 60."""

    code: str
    key: str
    name: str
    weight: Fraction
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class HasilItem:
    """A hasil item: an index on 0–``index_max`` (IPAK, IPKP) or a choice (capaian kinerja)."""

    code: str
    label: str
    name: str
    short_name: str
    weight: Fraction
    kind: Literal["index", "choice"]
    min: Mapping[str, Fraction]
    index_max: Fraction | None = None
    answer_type: str | None = None
    alternative_answer_types: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    criteria: str | None = None
    question_bank_code: str | None = None

    @property
    def accepted_answer_types(self) -> tuple[str, ...]:
        """The default answer type first, then the alternatives (empty for index items)."""
        if self.answer_type is None:
            return ()
        return (self.answer_type, *self.alternative_answer_types)


@dataclass(frozen=True)
class HasilPart:
    """Hasil I (bersih dan akuntabel) or II (pelayanan prima); ``min`` may be empty."""

    code: str
    label: str
    name: str
    weight: Fraction
    min: Mapping[str, Fraction]
    items: tuple[HasilItem, ...]


@dataclass(frozen=True)
class Predicate:
    """WBK or WBBM: the global thresholds; per-area and hasil minimums sit on those elements."""

    code: str
    name: str
    total_min: Fraction
    pengungkit_min: Fraction
    area_min_fraction: Fraction
    requires_predicate: str | None


@dataclass(frozen=True)
class DefectFix:
    """A defect of the source data that this template corrects."""

    source: str
    item: str
    defect: str
    fix: str


@dataclass(frozen=True)
class Regulation:
    """The regulation a template encodes, with its effective date."""

    id: str
    title: str
    annex: str
    effective_date: date
    effective_date_confirmed: bool
    effective_date_note: str


@dataclass(frozen=True)
class Template:
    """A complete LKE rule set; build with :func:`load_template` or :func:`parse_template`."""

    id: str
    title: str
    regulation: Regulation
    total_weight: Fraction
    pengungkit_weight: Fraction
    halves: tuple[Half, ...]
    hasil_weight: Fraction
    hasil_parts: tuple[HasilPart, ...]
    predicates: tuple[Predicate, ...]
    known_defects_fixed: tuple[DefectFix, ...] = ()
    notes: tuple[str, ...] = ()
    _questions: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def areas(self) -> Iterator[Area]:
        """Every area of both halves, pemenuhan first, in template order."""
        for half in self.halves:
            yield from half.areas

    def sub_areas(self) -> Iterator[SubArea]:
        """Every sub-area in template order."""
        for area in self.areas():
            yield from area.sub_areas

    def questions(self) -> Iterator[Question]:
        """Every pengungkit question in template order."""
        for sub in self.sub_areas():
            yield from sub.questions

    def hasil_items(self) -> Iterator[HasilItem]:
        """Every hasil item in template order."""
        for part in self.hasil_parts:
            yield from part.items

    def question(self, code: str) -> Question:
        """The question with this code; ``KeyError`` if none."""
        if self._questions:
            return self._questions[code]
        for q in self.questions():
            if q.code == code:
                return q
        raise KeyError(code)

    def hasil_item(self, code: str) -> HasilItem:
        """The hasil item with this code; ``KeyError`` if none."""
        for item in self.hasil_items():
            if item.code == code:
                return item
        raise KeyError(code)

    def area(self, code: str) -> Area:
        """The area with this code (``PPA`` … ``PRF``); ``KeyError`` if none."""
        for a in self.areas():
            if a.code == code:
                return a
        raise KeyError(code)

    def predicate(self, code: str) -> Predicate:
        """The predicate with this code (``WBK``, ``WBBM``); ``KeyError`` if none."""
        for p in self.predicates:
            if p.code == code:
                return p
        raise KeyError(code)

    def sub_area_of(self, question_code: str) -> SubArea:
        """The sub-area holding a question; ``KeyError`` if none."""
        for sub in self.sub_areas():
            if any(q.code == question_code for q in sub.questions):
                return sub
        raise KeyError(question_code)

    def area_of(self, question_code: str) -> Area:
        """The area holding a question; ``KeyError`` if none."""
        for a in self.areas():
            for sub in a.sub_areas:
                if any(q.code == question_code for q in sub.questions):
                    return a
        raise KeyError(question_code)


# --------------------------------------------------------------------------- JSON parsing
# The JSON is untyped; these helpers check each value's shape so a malformed file fails with a
# TemplateError naming where, instead of an AttributeError deep in the scoring.


def _obj(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise TemplateError(where, "expected an object")
    return {str(k): v for k, v in value.items()}


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise TemplateError(where, "expected a list")
    return list(value)


def _str(data: Mapping[str, object], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(where, f"'{key}' must be a non-empty string")
    return value


def _opt_str(data: Mapping[str, object], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TemplateError(where, f"'{key}' must be a string")
    return value


def _strs(data: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    items = _list(value, f"{where}.{key}")
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TemplateError(f"{where}.{key}[{i}]", "must be a string")
        out.append(item)
    return tuple(out)


def _frac_value(value: object, where: str) -> Fraction:
    # Floats are refused on purpose: 2.625 written as a float would still be exact, but 0.1 or
    # 2/3 would not, and a template must not depend on which numbers happen to be binary-exact.
    if isinstance(value, (bool, float, Decimal)):
        raise TemplateError(where, "numbers must be written as strings ('2.625' or '2/3')")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", text) or re.fullmatch(r"-?\d+/\d+", text):
            try:
                return Fraction(text)
            except ZeroDivisionError:
                raise TemplateError(where, f"invalid number {value!r}") from None
        raise TemplateError(where, f"invalid number {value!r}")
    raise TemplateError(where, "expected a number written as a string")


def _frac(data: Mapping[str, object], key: str, where: str) -> Fraction:
    if key not in data:
        raise TemplateError(where, f"'{key}' is missing")
    return _frac_value(data[key], f"{where}.{key}")


def _mins(data: Mapping[str, object], where: str) -> dict[str, Fraction]:
    raw = _obj(data.get("min", {}), f"{where}.min")
    return {k: _frac_value(v, f"{where}.min.{k}") for k, v in raw.items()}


def _options(data: Mapping[str, object], where: str) -> tuple[Option, ...]:
    out: list[Option] = []
    for i, raw in enumerate(_list(data.get("options", []), f"{where}.options")):
        o = _obj(raw, f"{where}.options[{i}]")
        out.append(
            Option(
                option=_str(o, "option", f"{where}.options[{i}]"),
                criteria=_str(o, "criteria", f"{where}.options[{i}]"),
            )
        )
    return tuple(out)


def _numeric(raw: object, where: str) -> NumericRule:
    data = _obj(raw, where)
    kind = _str(data, "kind", where)
    if kind not in ("ratio", "decrease"):
        raise TemplateError(where, f"unknown numeric kind {kind!r}")
    inputs: list[NumericInput] = []
    for i, item in enumerate(_list(data.get("inputs", []), f"{where}.inputs")):
        inp = _obj(item, f"{where}.inputs[{i}]")
        inputs.append(
            NumericInput(
                key=_str(inp, "key", f"{where}.inputs[{i}]"),
                label=_str(inp, "label", f"{where}.inputs[{i}]"),
            )
        )
    breakdown = data.get("breakdown")
    total: str | None = None
    parts: tuple[str, ...] = ()
    if breakdown is not None:
        b = _obj(breakdown, f"{where}.breakdown")
        total = _str(b, "total", f"{where}.breakdown")
        parts = _strs(b, "parts", f"{where}.breakdown")
    if kind == "ratio":
        return NumericRule(
            kind="ratio",
            inputs=tuple(inputs),
            numerator=_str(data, "numerator", where),
            denominator=_str(data, "denominator", where),
            cap=_frac(data, "cap", where) if "cap" in data else Fraction(1),
            zero_denominator=_str(data, "zero_denominator", where),
            breakdown_total=total,
            breakdown_parts=parts,
        )
    return NumericRule(
        kind="decrease",
        inputs=tuple(inputs),
        previous=_str(data, "previous", where),
        current=_str(data, "current", where),
        no_violations_value=_frac(data, "no_violations_value", where),
        breakdown_total=total,
        breakdown_parts=parts,
    )


def _question(raw: object, where: str) -> Question:
    data = _obj(raw, where)
    code = _str(data, "code", where)
    where = f"question {code}"
    group: Group | None = None
    if data.get("group") is not None:
        g = _obj(data["group"], f"{where}.group")
        group = Group(
            label=_str(g, "label", f"{where}.group"),
            name=_str(g, "name", f"{where}.group"),
            weight=_frac(g, "weight", f"{where}.group"),
        )
    answer_type = _str(data, "answer_type", where)
    return Question(
        code=code,
        label=_str(data, "label", where),
        text=_str(data, "text", where),
        answer_type=answer_type,
        alternative_answer_types=_strs(data, "alternative_answer_types", where),
        options=_options(data, where),
        numeric=_numeric(data["numeric"], f"{where}.numeric")
        if data.get("numeric") is not None
        else None,
        criteria=_opt_str(data, "criteria", where),
        evidence=_strs(data, "evidence", where),
        question_bank_code=_opt_str(data, "question_bank_code", where),
        group=group,
    )


def _hasil_item(raw: object, where: str) -> HasilItem:
    data = _obj(raw, where)
    code = _str(data, "code", where)
    where = f"hasil item {code}"
    kind = _str(data, "kind", where)
    if kind not in ("index", "choice"):
        raise TemplateError(where, f"unknown hasil kind {kind!r}")
    if kind == "index":
        return HasilItem(
            code=code,
            label=_str(data, "label", where),
            name=_str(data, "name", where),
            short_name=_str(data, "short_name", where),
            weight=_frac(data, "weight", where),
            kind="index",
            min=_mins(data, where),
            index_max=_frac(data, "index_max", where),
            criteria=_opt_str(data, "criteria", where),
            question_bank_code=_opt_str(data, "question_bank_code", where),
        )
    return HasilItem(
        code=code,
        label=_str(data, "label", where),
        name=_str(data, "name", where),
        short_name=_str(data, "short_name", where),
        weight=_frac(data, "weight", where),
        kind="choice",
        min=_mins(data, where),
        answer_type=_str(data, "answer_type", where),
        alternative_answer_types=_strs(data, "alternative_answer_types", where),
        options=_options(data, where),
        criteria=_opt_str(data, "criteria", where),
        question_bank_code=_opt_str(data, "question_bank_code", where),
    )


def parse_template(data: Mapping[str, object]) -> Template:
    """Build a :class:`Template` from its decoded JSON and validate it.

    Raises :class:`TemplateError` naming the element when the data is malformed or inconsistent
    (see :func:`validate_template`).
    """
    root = _obj(dict(data), "template")
    tid = _str(root, "id", "template")
    reg = _obj(root.get("regulation"), "regulation")
    try:
        effective = date.fromisoformat(_str(reg, "effective_date", "regulation"))
    except ValueError:
        raise TemplateError("regulation", "effective_date must be YYYY-MM-DD") from None
    confirmed = reg.get("effective_date_confirmed", True)
    if not isinstance(confirmed, bool):
        raise TemplateError("regulation", "effective_date_confirmed must be true or false")
    regulation = Regulation(
        id=_str(reg, "id", "regulation"),
        title=_str(reg, "title", "regulation"),
        annex=_opt_str(reg, "annex", "regulation") or "",
        effective_date=effective,
        effective_date_confirmed=confirmed,
        effective_date_note=_opt_str(reg, "effective_date_note", "regulation") or "",
    )

    peng = _obj(root.get("pengungkit"), "pengungkit")
    halves: list[Half] = []
    for hi, hraw in enumerate(_list(peng.get("halves"), "pengungkit.halves")):
        h = _obj(hraw, f"pengungkit.halves[{hi}]")
        hkey = _str(h, "key", f"pengungkit.halves[{hi}]")
        hwhere = f"half {hkey}"
        areas: list[Area] = []
        for ai, araw in enumerate(_list(h.get("areas"), f"{hwhere}.areas")):
            a = _obj(araw, f"{hwhere}.areas[{ai}]")
            acode = _str(a, "code", f"{hwhere}.areas[{ai}]")
            awhere = f"area {acode}"
            number = a.get("number")
            if not isinstance(number, int) or isinstance(number, bool):
                raise TemplateError(awhere, "'number' must be an integer")
            subs: list[SubArea] = []
            for si, sraw in enumerate(_list(a.get("sub_areas"), f"{awhere}.sub_areas")):
                s = _obj(sraw, f"{awhere}.sub_areas[{si}]")
                scode = _str(s, "code", f"{awhere}.sub_areas[{si}]")
                swhere = f"sub-area {scode}"
                questions = tuple(
                    _question(q, f"{swhere}.questions[{qi}]")
                    for qi, q in enumerate(_list(s.get("questions"), f"{swhere}.questions"))
                )
                subs.append(
                    SubArea(
                        code=scode,
                        label=_str(s, "label", swhere),
                        name=_str(s, "name", swhere),
                        weight=_frac(s, "weight", swhere),
                        questions=questions,
                    )
                )
            areas.append(
                Area(
                    code=acode,
                    half=hkey,
                    number=number,
                    name=_str(a, "name", awhere),
                    weight=_frac(a, "weight", awhere),
                    min=_mins(a, awhere),
                    sub_areas=tuple(subs),
                )
            )
        halves.append(
            Half(
                code=_str(h, "code", hwhere),
                key=hkey,
                name=_str(h, "name", hwhere),
                weight=_frac(h, "weight", hwhere),
                areas=tuple(areas),
            )
        )

    hasil = _obj(root.get("hasil"), "hasil")
    parts: list[HasilPart] = []
    for pi, praw in enumerate(_list(hasil.get("parts"), "hasil.parts")):
        p = _obj(praw, f"hasil.parts[{pi}]")
        pcode = _str(p, "code", f"hasil.parts[{pi}]")
        pwhere = f"hasil part {pcode}"
        items = tuple(
            _hasil_item(i, f"{pwhere}.items[{ii}]")
            for ii, i in enumerate(_list(p.get("items"), f"{pwhere}.items"))
        )
        parts.append(
            HasilPart(
                code=pcode,
                label=_str(p, "label", pwhere),
                name=_str(p, "name", pwhere),
                weight=_frac(p, "weight", pwhere),
                min=_mins(p, pwhere),
                items=items,
            )
        )

    predicates: list[Predicate] = []
    for pi, praw in enumerate(_list(root.get("predicates"), "predicates")):
        p = _obj(praw, f"predicates[{pi}]")
        pcode = _str(p, "code", f"predicates[{pi}]")
        pwhere = f"predicate {pcode}"
        predicates.append(
            Predicate(
                code=pcode,
                name=_str(p, "name", pwhere),
                total_min=_frac(p, "total_min", pwhere),
                pengungkit_min=_frac(p, "pengungkit_min", pwhere),
                area_min_fraction=_frac(p, "area_min_fraction", pwhere),
                requires_predicate=_opt_str(p, "requires_predicate", pwhere),
            )
        )

    defects: list[DefectFix] = []
    for di, draw in enumerate(_list(root.get("known_defects_fixed", []), "known_defects_fixed")):
        d = _obj(draw, f"known_defects_fixed[{di}]")
        dwhere = f"known_defects_fixed[{di}]"
        defects.append(
            DefectFix(
                source=_str(d, "source", dwhere),
                item=_str(d, "item", dwhere),
                defect=_str(d, "defect", dwhere),
                fix=_str(d, "fix", dwhere),
            )
        )

    template = Template(
        id=tid,
        title=_str(root, "title", "template"),
        regulation=regulation,
        total_weight=_frac(root, "total_weight", "template"),
        pengungkit_weight=_frac(peng, "weight", "pengungkit"),
        halves=tuple(halves),
        hasil_weight=_frac(hasil, "weight", "hasil"),
        hasil_parts=tuple(parts),
        predicates=tuple(predicates),
        known_defects_fixed=tuple(defects),
        notes=_strs(root, "notes", "template"),
    )
    validate_template(template)
    index = {q.code: q for q in template.questions()}
    # The frozen dataclass is built once more with its lookup index; replace() would re-run
    # nothing, so this is just a cheap copy.
    return Template(
        id=template.id,
        title=template.title,
        regulation=template.regulation,
        total_weight=template.total_weight,
        pengungkit_weight=template.pengungkit_weight,
        halves=template.halves,
        hasil_weight=template.hasil_weight,
        hasil_parts=template.hasil_parts,
        predicates=template.predicates,
        known_defects_fixed=template.known_defects_fixed,
        notes=template.notes,
        _questions=index,
    )


# --------------------------------------------------------------------------- validation


def _check_sum(item: str, parent: Fraction, children: Sequence[Fraction], what: str) -> None:
    total = sum(children, Fraction(0))
    if total != parent:
        raise TemplateError(
            item, f"{what} add up to {_show(total)}, not the weight {_show(parent)}"
        )


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g} ({value})"


def _check_choice(
    item: str, answer_type: str, alternatives: Sequence[str], options: Sequence[Option]
) -> None:
    if answer_type not in ANSWER_TYPES:
        raise TemplateError(item, f"unknown answer type {answer_type!r}")
    for alt in alternatives:
        if alt not in ANSWER_TYPES:
            raise TemplateError(item, f"unknown alternative answer type {alt!r}")
        if alt == answer_type:
            raise TemplateError(item, f"alternative answer type {alt!r} repeats the default")
    expected = [name for name, _ in ANSWER_TYPES[answer_type]]
    got = [o.option for o in options]
    if got != expected:
        raise TemplateError(
            item, f"options {got} do not match answer type {answer_type} ({expected})"
        )


def _check_numeric(item: str, rule: NumericRule) -> None:
    keys = rule.input_keys
    if len(set(keys)) != len(keys):
        raise TemplateError(item, "duplicated numeric input key")
    for key in (*rule.formula_keys, *rule.breakdown_parts):
        if key not in keys:
            raise TemplateError(item, f"numeric formula refers to unknown input {key!r}")
    if rule.breakdown_total is not None and rule.breakdown_total not in keys:
        raise TemplateError(item, f"breakdown refers to unknown input {rule.breakdown_total!r}")
    if rule.kind == "ratio" and (rule.numerator is None or rule.denominator is None):
        raise TemplateError(item, "a ratio needs a numerator and a denominator")
    if rule.kind == "decrease" and (rule.previous is None or rule.current is None):
        raise TemplateError(item, "a decrease needs the previous and the current count")
    if rule.zero_denominator not in ZERO_DENOMINATOR_RULES:
        raise TemplateError(
            item,
            f"zero_denominator must be one of {', '.join(ZERO_DENOMINATOR_RULES)}, "
            f"not {rule.zero_denominator!r}",
        )
    for name, value in (
        ("cap", rule.cap),
        ("no_violations_value", rule.no_violations_value),
    ):
        if not Fraction(0) <= value <= Fraction(1):
            raise TemplateError(item, f"{name} must lie in [0, 1]")


def validate_template(t: Template) -> None:
    """Check a template's internal consistency; raise :class:`TemplateError` naming the item.

    Checks, all exact (Fraction): pengungkit + hasil = total weight; halves, areas, sub-areas,
    printed groups, hasil parts and items add up to their parents; every code is unique; every
    answer type is known and its options are exactly that type's options; numeric formulas refer
    to declared inputs; every predicate has its thresholds — total, pengungkit, area fraction, a
    minimum per area equal to fraction × weight (so a rounded 2.60 for 75% × 3.5 is refused), a
    minimum per hasil item — and a required predicate exists.
    """
    if not t.predicates:
        raise TemplateError("predicates", "no predicate thresholds")
    pred_codes = [p.code for p in t.predicates]
    if len(set(pred_codes)) != len(pred_codes):
        raise TemplateError("predicates", "duplicated predicate code")
    for p in t.predicates:
        if p.requires_predicate is not None and p.requires_predicate not in pred_codes:
            raise TemplateError(
                f"predicate {p.code}", f"requires unknown predicate {p.requires_predicate!r}"
            )
        if not Fraction(0) < p.area_min_fraction <= Fraction(1):
            raise TemplateError(f"predicate {p.code}", "area_min_fraction must lie in (0, 1]")

    _check_sum(
        "template", t.total_weight, [t.pengungkit_weight, t.hasil_weight], "pengungkit and hasil"
    )
    _check_sum("pengungkit", t.pengungkit_weight, [h.weight for h in t.halves], "halves")
    _check_sum("hasil", t.hasil_weight, [p.weight for p in t.hasil_parts], "hasil parts")

    seen: set[str] = set()

    def unique(code: str, item: str) -> None:
        if code in seen:
            raise TemplateError(item, f"duplicated code {code!r}")
        seen.add(code)

    for half in t.halves:
        unique(half.code, f"half {half.key}")
        _check_sum(f"half {half.key}", half.weight, [a.weight for a in half.areas], "areas")
        for area in half.areas:
            aitem = f"area {area.code}"
            unique(area.code, aitem)
            _check_sum(aitem, area.weight, [s.weight for s in area.sub_areas], "sub-areas")
            for p in t.predicates:
                if p.code not in area.min:
                    raise TemplateError(aitem, f"no {p.code} threshold")
                expected = p.area_min_fraction * area.weight
                if area.min[p.code] != expected:
                    raise TemplateError(
                        aitem,
                        f"{p.code} threshold {_show(area.min[p.code])} is not "
                        f"{_show(p.area_min_fraction)} × {_show(area.weight)} = {_show(expected)}",
                    )
            for extra in set(area.min) - set(pred_codes):
                raise TemplateError(aitem, f"threshold for unknown predicate {extra!r}")
            for sub in area.sub_areas:
                sitem = f"sub-area {sub.code}"
                unique(sub.code, sitem)
                if not sub.questions:
                    raise TemplateError(sitem, "has no question")
                _check_groups(sitem, sub)
                for q in sub.questions:
                    qitem = f"question {q.code}"
                    unique(q.code, qitem)
                    if q.answer_type == NUMERIC:
                        if q.numeric is None:
                            raise TemplateError(qitem, "numeric question without a formula")
                        if q.options or q.alternative_answer_types:
                            raise TemplateError(qitem, "numeric question with answer options")
                        _check_numeric(qitem, q.numeric)
                    else:
                        if q.numeric is not None:
                            raise TemplateError(qitem, "choice question with a numeric formula")
                        _check_choice(qitem, q.answer_type, q.alternative_answer_types, q.options)

    for part in t.hasil_parts:
        pitem = f"hasil part {part.code}"
        unique(part.code, pitem)
        _check_sum(pitem, part.weight, [i.weight for i in part.items], "hasil items")
        for extra in set(part.min) - set(pred_codes):
            raise TemplateError(pitem, f"threshold for unknown predicate {extra!r}")
        for item in part.items:
            iitem = f"hasil item {item.code}"
            unique(item.code, iitem)
            for p in t.predicates:
                if p.code not in item.min:
                    raise TemplateError(iitem, f"no {p.code} threshold")
            for extra in set(item.min) - set(pred_codes):
                raise TemplateError(iitem, f"threshold for unknown predicate {extra!r}")
            for value in item.min.values():
                if not Fraction(0) <= value <= item.weight:
                    raise TemplateError(iitem, "threshold outside 0..weight")
            if item.kind == "index":
                if item.index_max is None or item.index_max <= 0:
                    raise TemplateError(iitem, "index item needs a positive index_max")
            else:
                if item.answer_type is None:
                    raise TemplateError(iitem, "choice item without an answer type")
                _check_choice(iitem, item.answer_type, item.alternative_answer_types, item.options)


def _check_groups(item: str, sub: SubArea) -> None:
    # A printed group weight must equal what equal weighting of the questions gives it, or the
    # sheet would promise a split the scoring rule (mean of question values) does not apply.
    groups = [q.group for q in sub.questions if q.group is not None]
    if not groups:
        return
    if sub.questions[0].group is None:
        raise TemplateError(item, "questions before the first printed group")
    counts: list[tuple[Group, int]] = []
    for q in sub.questions:
        if q.group is not None:
            counts.append((q.group, 1))
        else:
            g, n = counts[-1]
            counts[-1] = (g, n + 1)
    _check_sum(item, sub.weight, [g.weight for g, _ in counts], "printed groups")
    total = len(sub.questions)
    for g, n in counts:
        if g.weight != sub.weight * n / total:
            raise TemplateError(
                item, f"group {g.label} weight {_show(g.weight)} differs from equal weighting"
            )


# --------------------------------------------------------------------------- loading


def available_templates() -> tuple[str, ...]:
    """Ids of the templates shipped in the package, sorted (e.g. ``permenpanrb-90-2021``)."""
    folder = resources.files("integritas.assessment.lke_templates")
    return tuple(
        sorted(
            entry.name.removesuffix(".json")
            for entry in folder.iterdir()
            if entry.name.endswith(".json")
        )
    )


@lru_cache(maxsize=16)
def load_template(version_id: str = DEFAULT_TEMPLATE_ID) -> Template:
    """Load, parse and validate a shipped template by id.

    Raises :class:`TemplateError` when the id is unknown or the file is inconsistent. Templates
    are immutable, so the result is cached.
    """
    if not _TEMPLATE_ID_RE.fullmatch(version_id):
        # Ids become file names; refusing anything else keeps a caller from reaching other files.
        raise TemplateError(f"template {version_id!r}", "invalid template id")
    resource = resources.files("integritas.assessment.lke_templates") / f"{version_id}.json"
    if not resource.is_file():
        raise TemplateError(
            f"template {version_id!r}",
            f"unknown template; available: {', '.join(available_templates())}",
        )
    # parse_float=Decimal: a stray JSON float arrives as Decimal, which _frac_value refuses by type.
    data = json.loads(resource.read_text(encoding="utf-8"), parse_float=Decimal)
    root = _obj(data, "template")
    template = parse_template(root)
    if template.id != version_id:
        raise TemplateError(f"template {version_id!r}", f"file declares id {template.id!r}")
    return template
