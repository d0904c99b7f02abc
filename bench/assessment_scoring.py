"""Score 5,200 LKE assessments from the database, against the pure engine on the same answers.

Run from the repository root::

    uv run python bench/assessment_scoring.py [--count 5200] [--rounds 3] [--output FILE]
    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/postgres uv run python bench/assessment_scoring.py

5,200 is the number of units building a Zona Integritas nationally (issue 3, item 9).

What it does, once per database (a temporary SQLite file always; a temporary PostgreSQL
database too when ``DATABASE_URL`` is given — created on that server and dropped at the end):

1. migrates an empty database and creates one Pemda, ``--count`` units and one assessment per
   unit with all 110 answers (PermenPANRB 90/2021). Answers are the real 2024 sheet's pattern
   shipped in the package, with a few items per unit moved one step (seeded), so no two units
   score alike. Set-up writes rows in bulk, not through the services: the benchmark measures
   reading and scoring, and 5,200 audited service calls would only measure the set-up.
2. **database**: scores every assessment the way the list page and the API do
   (``selectors.assessment_rows`` over pages of 500: the assessments, their answers and
   consolidated values in three queries per page, then the engine's score and WBK/WBBM
   verdicts for each);
3. **fetch only**: the same three queries per page and the row → engine-answer conversion
   (``selectors.load_answers``), no scoring;
4. **engine only**: ``scoring.score`` + ``verdicts`` on the same answers already in memory.

Each measurement runs ``--rounds`` times in alternation; the median is reported with the ratio
database / engine. Results go to ``bench/results/assessment_scoring-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PAGE = 500


def _database_version() -> str:
    """SQLite's library version or PostgreSQL's server version number."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    return str(connection.pg_version)  # type: ignore[attr-defined]  # only on the PostgreSQL backend


def _worker(count: int, rounds: int) -> dict[str, Any]:
    """Runs inside a subprocess whose environment selects the database."""
    import random

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.config.settings.base")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from integritas.assessment import selectors
    from integritas.assessment.demo_data import real_2024_pattern
    from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, load_template
    from integritas.assessment.models import Answer, Assessment
    from integritas.assessment.scores import answers_of, compute
    from integritas.assessment.scoring import Choice, score, verdicts
    from integritas.assessment.values import values_from_engine
    from integritas.core.choices import OrganisationKind, OrganisationLevel
    from integritas.core.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    template = load_template("permenpanrb-90-2021")
    t0 = time.perf_counter()
    pemda = Organisation.objects.create(
        code="BENCH", name="Bench Pemda", kind=OrganisationKind.PEMDA, level=OrganisationLevel.PEMDA
    )
    pemda.path = f"/{pemda.pk}/"
    pemda.save(update_fields=["path"])
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"U{i:05d}",
                name=f"Unit {i}",
                kind=OrganisationKind.UNIT,
                level=OrganisationLevel.PERANGKAT_DAERAH,
                parent=pemda,
                depth=1,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    units = list(Organisation.objects.filter(parent=pemda).order_by("pk"))
    for u in units:
        u.path = f"{pemda.path}{u.pk}/"
    Organisation.objects.bulk_update(units, ["path"], batch_size=1000)
    Assessment.objects.bulk_create(
        [Assessment(organisation=u, year=2026, template_id=template.id) for u in units],
        batch_size=1000,
    )
    pattern = real_2024_pattern()
    choice_codes = [q.code for q in template.questions() if q.answer_type != NUMERIC]
    rng = random.Random(90_2021)
    batch: list[Answer] = []
    for a in Assessment.objects.order_by("pk").only("pk"):
        answers = dict(pattern)
        for code in rng.sample(choice_codes, 6):
            current = answers[code]
            assert isinstance(current, Choice)
            scale = current.answer_type or template.question(code).answer_type
            names = [n for n, _v in ANSWER_TYPES[scale]]
            answers[code] = Choice(
                names[min(names.index(current.option) + 1, len(names) - 1)], current.answer_type
            )
        for code, answer in answers.items():
            v = values_from_engine(answer)
            batch.append(
                Answer(
                    assessment_id=a.pk,
                    code=code,
                    option=v.option,
                    answer_type=v.answer_type,
                    inputs=v.inputs,
                    ratio=v.ratio,
                    index_value=v.index_value,
                )
            )
        if len(batch) >= 20_000:
            Answer.objects.bulk_create(batch, batch_size=5000)
            batch.clear()
    Answer.objects.bulk_create(batch, batch_size=5000)
    setup_s = time.perf_counter() - t0
    answer_rows = Answer.objects.count()

    ids = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    pages = [ids[i : i + PAGE] for i in range(0, len(ids), PAGE)]

    def database() -> tuple[float, float]:
        start = time.perf_counter()
        checksum = 0.0
        for page in pages:
            for row in selectors.assessment_rows(Assessment.objects.filter(pk__in=page)):
                checksum += float(row.self_score.result.total)
        return time.perf_counter() - start, checksum

    def fetch_only() -> tuple[float, dict[int, Any]]:
        start = time.perf_counter()
        loaded: dict[int, Any] = {}
        for page in pages:
            assessments = list(Assessment.objects.filter(pk__in=page))
            loaded.update(selectors.load_answers([a.pk for a in assessments], "self"))
            selectors.load_answers([a.pk for a in assessments], "tpi")
        return time.perf_counter() - start, loaded

    _s, in_memory = fetch_only()  # warm-up, and the engine's input

    def engine() -> tuple[float, float]:
        start = time.perf_counter()
        checksum = 0.0
        for answers in in_memory.values():
            result = score(template, answers)
            verdicts(template, result, holds_wbk=None)
            checksum += float(result.total)
        return time.perf_counter() - start, checksum

    db_times: list[float] = []
    fetch_times: list[float] = []
    engine_times: list[float] = []
    for _round in range(rounds):
        t, db_sum = database()
        db_times.append(t)
        t, _loaded = fetch_only()
        fetch_times.append(t)
        t, engine_sum = engine()
        engine_times.append(t)
        assert abs(db_sum - engine_sum) < 1e-6, "database and engine scores differ"
    # The same result as the product's own compute() for one assessment (sanity check).
    first = Assessment.objects.order_by("pk").first()
    assert first is not None
    one = compute(
        template.id, answers_of(first.answers.all()), holds_wbk=None, zero_denominator=None
    )
    assert one.answered == 110
    db_med = statistics.median(db_times)
    engine_med = statistics.median(engine_times)
    return {
        "database": connection.vendor,
        "database_version": _database_version(),
        "assessments": len(ids),
        "answer_rows": answer_rows,
        "setup_seconds": round(setup_s, 2),
        "rounds": rounds,
        "database_seconds": [round(t, 3) for t in db_times],
        "fetch_only_seconds": [round(t, 3) for t in fetch_times],
        "engine_only_seconds": [round(t, 3) for t in engine_times],
        "database_median_s": round(db_med, 3),
        "fetch_only_median_s": round(statistics.median(fetch_times), 3),
        "engine_only_median_s": round(engine_med, 3),
        "ratio_database_to_engine": round(db_med / engine_med, 2),
        "per_assessment_database_ms": round(db_med / len(ids) * 1000, 3),
        "per_assessment_engine_ms": round(engine_med / len(ids) * 1000, 3),
    }


def _run_worker(env: dict[str, str], count: int, rounds: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", "--count", str(count), "--rounds", str(rounds)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"worker failed ({out.returncode})")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=5200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(_worker(args.count, args.rounds)))
        return 0

    base_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "INTEGRITAS_MEDIA_ROOT", "INTEGRITAS_STATIC_ROOT"}
    }
    base_env["DJANGO_SETTINGS_MODULE"] = "integritas.config.settings.base"
    base_env["SECRET_KEY"] = secrets.token_urlsafe(32)
    results = []
    data_dir = Path(tempfile.mkdtemp(prefix="integritas-bench-lke-"))
    try:
        print(f"SQLite: {args.count} assessments …", flush=True)
        results.append(
            _run_worker({**base_env, "INTEGRITAS_DATA_DIR": str(data_dir)}, args.count, args.rounds)
        )
        admin_url = os.environ.get("DATABASE_URL")
        if admin_url:
            import psycopg

            name = f"integritas_bench_lke_{secrets.token_hex(4)}"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                print(f"PostgreSQL: {args.count} assessments …", flush=True)
                url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
                results.append(
                    _run_worker(
                        {**base_env, "INTEGRITAS_DATA_DIR": str(data_dir), "DATABASE_URL": url},
                        args.count,
                        args.rounds,
                    )
                )
            finally:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    report = {
        "benchmark": "assessment_scoring",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "results": results,
    }
    output = args.output or ROOT / "bench" / "results" / f"assessment_scoring-{report['date']}.json"
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'database':<12}{'n':>6}{'db s':>9}{'fetch s':>9}{'engine s':>10}{'db/engine':>11}")
    for r in results:
        print(
            f"{r['database']:<12}{r['assessments']:>6}{r['database_median_s']:>9}"
            f"{r['fetch_only_median_s']:>9}{r['engine_only_median_s']:>10}"
            f"{r['ratio_database_to_engine']:>11}"
        )
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
