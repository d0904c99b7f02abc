"""Import of paper (or other-tool) SKM responses read by ``responses_io``: all or nothing.

Run as a job (``surveys.import_responses`` in ``surveys.tasks``) under the person who
started it; each problem names its row (as numbered in the file) and its column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integritas.core.actors import Actor
from integritas.core.audit import audit_record
from integritas.core.permissions import require
from integritas.surveys import answering, instruments
from integritas.surveys.choices import Channel
from integritas.surveys.ikm import UNSUR_CODES
from integritas.surveys.models import Response, Service, Survey
from integritas.surveys.permissions import can_import
from integritas.surveys.responses_io import MAX_UPLOAD_BYTES, SurveyResponse

#: Largest import file read (bytes); responses_io refuses anything larger.
IMPORT_MAX_BYTES = MAX_UPLOAD_BYTES

#: At most this many problems are reported.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an imported row: where it is and what is wrong (translated)."""

    row: int | None
    column: str
    message: str


class ImportRefused(ValidationError):
    """The file's rows cannot be stored; ``problems`` names each one (row and column)."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__([p.message for p in problems[:MAX_PROBLEMS]], code="import")
        self.problems = list(problems)


def _problem(row: int, column: str, message: str, value: object = None) -> ImportProblem:
    """``message`` (a translated "row …, column …: …" text) with its parameters filled."""
    params = {"row": row, "column": column, "value": repr(value)}
    return ImportProblem(row, column, message % params)


def _import_row(
    survey: Survey,
    row: SurveyResponse,
    *,
    services_by_name: Mapping[str, Service],
    default_period: str | None,
    problems: list[ImportProblem],
) -> Response | None:
    before = len(problems)
    profile: dict[str, str] = {}
    p = row.profile
    if p.age is not None:
        profile["age_band"] = instruments.age_band(p.age)
    if p.sex:
        sex = answering.SEX_SPELLINGS.get(p.sex.strip().lower())
        if sex is None:
            problems.append(
                _problem(
                    row.row,
                    "Jenis Kelamin",
                    _("row %(row)s, column %(column)s: %(value)s is not L or P"),
                    p.sex,
                )
            )
        else:
            profile["sex"] = sex
    if p.education:
        education = answering.EDUCATION_SPELLINGS.get(p.education.strip().lower())
        if education is None:
            problems.append(
                _problem(
                    row.row,
                    "Pendidikan",
                    _("row %(row)s, column %(column)s: unknown education %(value)s"),
                    p.education,
                )
            )
        else:
            profile["education"] = education
    if p.occupation:
        profile["occupation"] = answering.OCCUPATION_SPELLINGS.get(
            p.occupation.strip().lower(), "lainnya"
        )
    service = survey.service
    if p.service and survey.service is None:
        service = services_by_name.get(p.service.strip().lower())
        if service is None:
            problems.append(
                _problem(
                    row.row,
                    "Layanan",
                    _("row %(row)s, column %(column)s: unknown service %(value)s"),
                    p.service,
                )
            )
    if p.date is not None:
        period = instruments.period_of(p.date, survey.scheme)
    elif default_period:
        period = default_period
    else:
        problems.append(
            _problem(
                row.row,
                "Tanggal",
                _("row %(row)s, column %(column)s: no date, and no period was chosen for the file"),
            )
        )
        period = ""
    if len(problems) > before:
        return None
    response = Response(
        survey=survey,
        period=period,
        submitted_on=p.date,
        channel=Channel.PAPER,
        service=service,
        **profile,
    )
    for code in UNSUR_CODES:
        setattr(response, code.lower(), row.answers.get(code))
    return response


@transaction.atomic
def responses_import(
    *,
    actor: Actor,
    survey: Survey,
    rows: Sequence[SurveyResponse],
    default_period: str | None = None,
    on_row: Callable[[], None] | None = None,
) -> int:
    """Store paper (or other tool) SKM responses read by ``responses_io``; all or nothing.

    ``default_period`` (``"2025-Q3"``) is used for rows without a date; ``on_row`` is called
    after each row is checked (job progress). Raises :class:`ImportRefused` (a
    ``ValidationError``) listing every problem with its row and column (nothing stored),
    ``ValidationError`` for a wrong period or instrument, or ``PermissionDenied``. Returns
    the number of responses stored.
    """
    require(can_import(actor, survey))
    if not survey.is_skm:
        raise ValidationError(_("Only SKM responses can be imported from a file."))
    if default_period:
        try:
            instruments.parse_period(default_period)
        except instruments.PeriodError as error:
            raise ValidationError({"period": str(error)}) from None
    services_by_name = {s.name.strip().lower(): s for s in Service.objects.filter(unit=survey.unit)}
    problems: list[ImportProblem] = []
    built: list[Response] = []
    for row in rows:
        response = _import_row(
            survey,
            row,
            services_by_name=services_by_name,
            default_period=default_period,
            problems=problems,
        )
        if response is not None:
            built.append(response)
        if on_row is not None:
            on_row()
    if problems:
        raise ImportRefused(problems)
    if not built:
        raise ValidationError(_("The file holds no responses."))
    Response.objects.bulk_create(built, batch_size=1000)
    periods = sorted({r.period for r in built})
    audit_record(
        actor=actor,
        action="survey_response.import",
        target=survey,
        organisation=survey.unit,
        after={"count": len(built), "periods": periods},
    )
    return len(built)
