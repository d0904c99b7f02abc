"""factory_boy factories and helpers for the surveys app (everything through services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import factory

from integritas.core.actors import System
from integritas.core.models import Organisation
from integritas.core.tests.factories import OrganisationFactory
from integritas.surveys import services
from integritas.surveys.choices import Channel, SurveyKind
from integritas.surveys.ikm import UNSUR_CODES
from integritas.surveys.models import Response, Service, Survey


class ServiceFactory(factory.Factory):  # type: ignore[misc]  # factory_boy has no type hints
    """A jenis layanan of a public-service unit."""

    class Meta:
        model = Service

    unit = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Layanan Contoh {n}")
    population = None

    @classmethod
    def _create(cls, model_class: type[Service], *args: Any, **kwargs: Any) -> Service:
        return services.service_create(actor=System("test"), **kwargs)


class SurveyFactory(factory.Factory):  # type: ignore[misc]  # factory_boy has no type hints
    """An SKM survey open since 2024-01-01 (no closing date) unless told otherwise."""

    class Meta:
        model = Survey

    unit = factory.SubFactory(OrganisationFactory)
    kind = SurveyKind.SKM
    title = factory.Sequence(lambda n: f"Survei Kepuasan Masyarakat {n}")
    opens_on = dt.date(2024, 1, 1)
    closes_on = None

    @classmethod
    def _create(cls, model_class: type[Survey], *args: Any, **kwargs: Any) -> Survey:
        return services.survey_create(actor=System("test"), **kwargs)


def all_answers(value: int) -> dict[str, int | None]:
    """Every unsur answered with ``value``."""
    return dict.fromkeys(UNSUR_CODES, value)


def add_responses(
    survey: Survey,
    rows: Iterable[Mapping[str, int | None]],
    *,
    period: str = "2025-Q3",
    day: dt.date | None = dt.date(2025, 8, 1),
    channel: str = Channel.PAPER,
) -> int:
    """Store SKM answer rows directly (fast fixture data; the services are tested elsewhere)."""
    built = []
    for row in rows:
        response = Response(survey=survey, period=period, submitted_on=day, channel=channel)
        for code in UNSUR_CODES:
            setattr(response, code.lower(), row.get(code))
        built.append(response)
    Response.objects.bulk_create(built)
    return len(built)


def public_unit(parent: Organisation, code: str = "UNIT") -> Organisation:
    """A public-service unit under ``parent``."""
    return OrganisationFactory(
        parent=parent, code=code, name=f"Unit {code}", is_public_service=True
    )


def run_job(client: Any, url: str, data: Mapping[str, Any]) -> Any:
    """POST ``url`` (which starts a job), run the job at once, return the job page response.

    ``job_start`` enqueues on commit; inside a test transaction nothing commits, so the job
    is run here (``core.jobs.execute``) as the worker would.
    """
    from integritas.core.jobs import execute
    from integritas.core.models import Job

    started = client.post(url, data)
    assert started.status_code == 302, started.status_code
    job = Job.objects.get(public_id=started["Location"].rstrip("/").split("/")[-1])
    execute(job.pk)
    return client.get(started["Location"])


def job_download(client: Any, url: str, data: Mapping[str, Any]) -> bytes:
    """Start a job producing a file through ``url``, run it and return the file's bytes."""
    from django.urls import reverse

    page = run_job(client, url, data)
    assert page.status_code == 200
    public_id = page.wsgi_request.path.rstrip("/").split("/")[-1]
    download = client.get(reverse("core:job_download", kwargs={"public_id": public_id}))
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content) if download.streaming else download.content
