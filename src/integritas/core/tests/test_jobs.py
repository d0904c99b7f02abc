"""Background jobs with progress (issue 9, item 9): start, run, fail, download, privacy."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from integritas.conftest import Tree
from integritas.core.actors import Actor
from integritas.core.choices import JobStatus
from integritas.core.jobs import (
    JobError,
    JobFailed,
    JobOutput,
    Progress,
    execute,
    job_start,
    read_input,
    register_job,
)
from integritas.core.models import Job, Organisation


def _count_lines(job: Job, progress: Progress, actor: Actor) -> JobOutput:
    lines = read_input(job).decode().splitlines()
    progress.set_total(len(lines))
    for _line in lines:
        progress.advance()
    return JobOutput(f"{len(lines)}\n".encode(), "jumlah.txt", "text/plain")


def _fail_after_writing(job: Job, progress: Progress, actor: Actor) -> None:
    progress.every = 1
    progress.set_total(2)
    progress.advance()  # committed at once: the page shows 1 of 2 while the job runs
    assert Job.objects.get(pk=job.pk).done == 1
    with transaction.atomic():  # the handler's writes: one transaction, refused as a whole
        Organisation.objects.filter(pk=job.organisation_id or 0).update(name="HALF WRITTEN")
        raise JobFailed([JobError("Nilai tidak dikenal", sheet="LKE", row=12, column="K")])


@pytest.mark.django_db
def test_a_job_runs_reports_progress_and_offers_its_file_to_its_owner_only(
    tree: Tree, django_capture_on_commit_callbacks: object
) -> None:
    register_job("test.count", _count_lines)
    owner = tree.users["tim_zi"]
    job = job_start(
        actor=owner,
        kind="test.count",
        title="Hitung baris",
        upload=b"a\nb\nc\n",
        upload_name="x.txt",
    )
    assert job.status == JobStatus.QUEUED
    client = Client()
    client.force_login(owner)
    page = client.get(f"/app/tugas/{job.public_id}/").content.decode()
    assert 'http-equiv="refresh"' in page  # refreshes itself without JavaScript
    assert execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.done, job.total, job.input_file) == (3, 3, "")
    status = client.get(f"/app/tugas/{job.public_id}/status").json()
    assert status["finished"] is True
    download = client.get(f"/app/tugas/{job.public_id}/unduh/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"3\n"  # type: ignore[attr-defined]  # FileResponse
    assert "attachment" in download["Content-Disposition"]
    other = Client()
    other.force_login(tree.users["admin"])
    assert other.get(f"/app/tugas/{job.public_id}/").status_code == 404
    assert other.get(f"/app/tugas/{job.public_id}/unduh/").status_code == 404


@pytest.mark.django_db
def test_a_failed_job_keeps_nothing_it_wrote_and_lists_the_cells(tree: Tree) -> None:
    register_job("test.fail", _fail_after_writing)
    owner = tree.users["tim_zi"]
    job = job_start(actor=owner, kind="test.fail", title="Impor", organisation=tree.dinkes)
    assert execute(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    tree.dinkes.refresh_from_db()
    assert tree.dinkes.name == "Dinas Kesehatan"
    assert job.errors == [
        {"message": "Nilai tidak dikenal", "sheet": "LKE", "row": 12, "column": "K"}
    ]
    client = Client()
    client.force_login(owner)
    page = client.get(f"/app/tugas/{job.public_id}/").content.decode()
    assert "Nilai tidak dikenal" in page and 'http-equiv="refresh"' not in page
    assert client.get(f"/app/tugas/{job.public_id}/unduh/").status_code == 404


@pytest.mark.django_db
def test_a_job_runs_once_even_when_enqueued_twice(tree: Tree) -> None:
    register_job("test.count", _count_lines)
    job = job_start(actor=tree.users["tim_zi"], kind="test.count", title="x", upload=b"a\n")
    assert execute(job.pk) == JobStatus.DONE
    assert execute(job.pk) == "skipped"


@pytest.mark.django_db
def test_job_start_enqueues_after_commit(
    tree: Tree, django_capture_on_commit_callbacks: object
) -> None:
    register_job("test.count", _count_lines)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # fixture
        job = job_start(actor=tree.users["tim_zi"], kind="test.count", title="x", upload=b"a\n")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
