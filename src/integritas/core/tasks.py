"""Background tasks of core (django-tasks; the database queue in production).

``run_job`` (defined beside the job runner in ``core.jobs``) runs every background job of
every app; apps add job kinds through their declarations, not tasks of their own.
"""

from __future__ import annotations

from integritas.core.jobs import run_job

__all__ = ["run_job"]
