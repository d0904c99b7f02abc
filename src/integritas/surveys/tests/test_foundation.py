"""Issue 9 in the surveys app: explicit actors, one action per URL, errors beside the
fields, jobs for long work, pure answering rules."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from integritas.conftest import Tree
from integritas.core.actors import Public, System
from integritas.core.models import AuditEvent, Job
from integritas.surveys import answering, services
from integritas.surveys.choices import PlanStatus
from integritas.surveys.models import KioskDevice, PublishedResult, Response
from integritas.surveys.tests.factories import (
    SurveyFactory,
    add_responses,
    all_answers,
    public_unit,
)
from integritas.surveys.workflows import PLAN_TRANSITIONS, PLAN_WF

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2025, 8, 1, 3, tzinfo=dt.UTC)


def test_a_missing_actor_is_an_error_not_a_pass(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    with pytest.raises(TypeError):
        services.result_publish(actor=None, survey=survey, period="2025-Q3")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        services.kiosk_create(actor=None, survey=survey, name="Tablet")  # type: ignore[arg-type]
    assert not KioskDevice.objects.exists()


def test_a_citizen_is_never_staff_and_staff_answer_as_citizens(tree: Tree) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(4)])
    for channel in ("web", "kiosk", "api"):
        with pytest.raises(PermissionDenied):
            services.result_publish(actor=Public(channel), survey=survey, period="2025-Q3")
    with pytest.raises(PermissionDenied):
        services.response_submit(
            actor=tree.users["pengelola_survei"], survey=survey, answers=all_answers(3), now=WHEN
        )
    with pytest.raises(ValidationError):
        services.response_submit(
            actor=Public("whatsapp"), survey=survey, answers=all_answers(3), now=WHEN
        )
    services.response_submit(actor=Public("kiosk"), survey=survey, answers=all_answers(3), now=WHEN)
    assert Response.objects.filter(survey=survey, channel="kiosk").count() == 1
    # No event per answer (issue 11 item 1): the daily sweep counts them.
    assert not AuditEvent.objects.filter(action__startswith="survey_response").exists()


def test_the_plan_workflow_is_declared_once(tree: Tree) -> None:
    assert {
        PlanStatus.PLANNED: {PlanStatus.IN_PROGRESS, PlanStatus.DONE, PlanStatus.CANCELLED},
        PlanStatus.IN_PROGRESS: {PlanStatus.DONE, PlanStatus.CANCELLED},
        PlanStatus.DONE: set(),
        PlanStatus.CANCELLED: set(),
    } == PLAN_TRANSITIONS
    assert PLAN_WF.terminal_states() == {PlanStatus.DONE, PlanStatus.CANCELLED}


def test_publication_and_its_withdrawal_have_a_url_each(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(4)] * 2)
    client.force_login(tree.users["pengelola_survei"])
    kwargs = {"public_id": survey.public_id}
    assert (
        client.post(reverse("surveys:publish", kwargs=kwargs), {"period": "2025-Q3"}).status_code
        == 302
    )
    page = client.get(reverse("surveys:detail", kwargs=kwargs), {"periode": "2025-Q3"})
    assert f'action="{reverse("surveys:unpublish", kwargs=kwargs)}"' in page.content.decode()
    assert (
        client.post(reverse("surveys:unpublish", kwargs=kwargs), {"period": "2025-Q3"}).status_code
        == 302
    )
    assert not PublishedResult.objects.exists()
    # Withdrawing what is not published re-renders the page with the reason.
    again = client.post(reverse("surveys:unpublish", kwargs=kwargs), {"period": "2025-Q3"})
    assert again.status_code == 400
    assert "Periode ini belum dipublikasikan." in again.content.decode()
    # A reader's permission never accepts a write: GET on a write URL is refused.
    assert client.get(reverse("surveys:publish", kwargs=kwargs)).status_code == 405


def test_a_refused_setting_is_shown_beside_its_field(tree: Tree, client: Client) -> None:
    survey = SurveyFactory(unit=tree.mpp, opens_on=dt.date(2025, 7, 1))
    client.force_login(tree.users["pengelola_survei"])
    response = client.post(
        reverse("surveys:settings", kwargs={"public_id": survey.public_id}),
        {"closes_on": "2025-06-30", "web_limit_per_hour": "10", "api_limit_per_hour": "10"},
    )
    assert response.status_code == 400
    form = response.context["settings_form"]
    assert form.errors["closes_on"] == ["Survei tidak dapat ditutup sebelum dibuka."]
    survey.refresh_from_db()
    assert survey.closes_at is None and survey.web_limit_per_hour == 600


def test_report_and_export_jobs_are_refused_to_those_without_the_permission(
    tree: Tree, client: Client
) -> None:
    survey = SurveyFactory(unit=tree.mpp)
    add_responses(survey, [all_answers(4)])
    services.result_publish(actor=System("test"), survey=survey, period="2025-Q3")
    kwargs = {"public_id": survey.public_id}
    for role in ("pengamat", "nobody"):
        client.force_login(tree.users[role])
        for name in ("report", "export_xlsx", "import"):
            response = client.post(
                reverse(f"surveys:{name}", kwargs=kwargs), {"periode": "2025-Q3"}
            )
            assert response.status_code == 404, (role, name)
    other = SurveyFactory(unit=public_unit(tree.dinkes, "OTHER"))
    client.force_login(tree.users["tim_zi"])  # scoped to DPMPTSP: the Dinkes survey is hidden
    response = client.post(
        reverse("surveys:report", kwargs={"public_id": other.public_id}), {"periode": "2025-Q3"}
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_answering_rules_are_pure() -> None:
    code = (
        "import sys, integritas.surveys.answering; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    opens = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    assert (
        answering.window_state(is_active=True, opens_at=opens, closes_at=None, now=WHEN) == "open"
    )
    assert (
        answering.window_state(is_active=False, opens_at=opens, closes_at=None, now=WHEN)
        == "closed"
    )
    values, problems = answering.check_answers(("U1", "U2"), 1, 4, {"U1": "4", "U2": 5})
    assert values == {"U1": 4}
    assert [p.code for p in problems] == ["out_of_range"]


def test_a_refused_survey_is_explained_beside_its_field(tree: Tree, client: Client) -> None:
    unit = public_unit(tree.dpmptsp, "LOKET")
    client.force_login(tree.users["pengelola_survei"])
    response = client.post(
        reverse("surveys:create"),
        {
            "kind": "skm",
            "unit": unit.public_id,
            "title": "SKM Loket",
            "opens_on": "2025-07-01",
            "closes_on": "2025-06-30",
            "scheme": "quarter",
            "scale_max": "4",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == [
        "Survei tidak dapat ditutup sebelum dibuka."
    ]
