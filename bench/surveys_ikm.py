"""IKM per unit, service and quarter over one million responses, from the database.

Usage (from the repository root)::

    uv run python bench/surveys_ikm.py [--responses 1000000] [--rounds 5] [--output FILE]
    DATABASE_URL=postgres://… uv run python bench/surveys_ikm.py   # PostgreSQL as well

What it measures, side by side in alternating rounds (see bench/README.md: read the ratio):

- **product**: ``integritas.surveys.selectors.ikm_by_group`` over every response with keys
  ``(survey__unit_id, service_id, period)`` — one ORM ``GROUP BY`` giving Σ and count per
  unsur, then the pure module (``ikm.compute_ikm_from_tallies``, exact fractions, mutu) per
  group. This is the code the results pages use.
- **baseline**: a hand-written SQL ``GROUP BY`` on the same tables computing the IKM in SQL
  with floating point (``(Σu1/count(u1) + … + Σu9/count(u9)) / 9 × 25``).

Both must agree on every group (to 1e-9) or the run fails. The data is generated into a
throw-away database: a temporary SQLite file, or a temporary PostgreSQL database created next
to ``DATABASE_URL``'s and dropped at the end. Nothing touches an existing installation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
UNITS = 20
SERVICES_PER_UNIT = 3
QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]

BASELINE_SQL = """
SELECT s.unit_id, r.service_id, r.period, COUNT(*) AS n,
  (  SUM(r.u1) * 1.0 / COUNT(r.u1) + SUM(r.u2) * 1.0 / COUNT(r.u2)
   + SUM(r.u3) * 1.0 / COUNT(r.u3) + SUM(r.u4) * 1.0 / COUNT(r.u4)
   + SUM(r.u5) * 1.0 / COUNT(r.u5) + SUM(r.u6) * 1.0 / COUNT(r.u6)
   + SUM(r.u7) * 1.0 / COUNT(r.u7) + SUM(r.u8) * 1.0 / COUNT(r.u8)
   + SUM(r.u9) * 1.0 / COUNT(r.u9)) / 9 * 25 AS ikm
FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id
GROUP BY s.unit_id, r.service_id, r.period
ORDER BY s.unit_id, r.service_id, r.period
"""


def _prepare_environment(tmp: Path) -> tuple[str | None, str | None]:
    """Point Django at a throw-away database; return (admin URL, temp PG database name)."""
    os.environ["INTEGRITAS_DATA_DIR"] = str(tmp)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DJANGO_SETTINGS_MODULE"] = "integritas.config.settings.base"
    admin_url = os.environ.pop("DATABASE_URL", None)
    if not admin_url:
        return None, None
    import psycopg

    name = f"integritas_bench_surveys_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    return admin_url, name


def _drop(admin_url: str | None, name: str | None) -> None:
    if admin_url and name:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _load(responses: int, seed: int) -> dict[str, float]:
    """Create 20 units × 3 services (one SKM survey each) and ``responses`` responses."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from integritas.core import services as core_services
    from integritas.core.actors import System
    from integritas.surveys import services

    BENCH = System("bench")

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    with transaction.atomic():
        pemda = core_services.organisation_create(
            actor=BENCH, parent=None, code="BENCH", name="Pemda Benchmark", kind="pemda"
        )
        surveys: list[tuple[int, int]] = []
        for u in range(UNITS):
            unit = core_services.organisation_create(
                actor=BENCH,
                parent=pemda,
                code=f"U{u:02d}",
                name=f"Unit {u}",
                kind="dinas",
                is_public_service=True,
            )
            for k in range(SERVICES_PER_UNIT):
                service = services.service_create(actor=BENCH, unit=unit, name=f"Layanan {k}")
                survey = services.survey_create(
                    actor=BENCH,
                    unit=unit,
                    kind="skm",
                    title=f"SKM {u}-{k}",
                    service=service,
                    opens_on=dt.date(2025, 1, 1),
                )
                surveys.append((survey.pk, service.pk))
    rng = random.Random(seed)
    columns = (
        "id, survey_id, period, submitted_on, channel, service_id, "
        "u1, u2, u3, u4, u5, u6, u7, u8, u9, item_answers, age_band, sex, education, "
        "occupation, suggestion"
    )
    placeholders = ", ".join(["%s"] * 21)
    sql = f"INSERT INTO surveys_response ({columns}) VALUES ({placeholders})"  # noqa: S608 - constant
    batch: list[tuple[int | str | dt.date | None, ...]] = []
    ids: set[int] = set()
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(responses):
            survey_id, service_id = surveys[i % len(surveys)]
            period = QUARTERS[rng.randrange(len(QUARTERS))]
            year, q = int(period[:4]), int(period[-1])
            day = dt.date(year, 3 * q - 2, 1 + rng.randrange(28))
            answers = [
                None if rng.random() < 0.01 else rng.choice((1, 2, 3, 3, 4, 4, 4)) for _ in range(9)
            ]
            pk = rng.getrandbits(62) + 1
            while pk in ids:
                pk = rng.getrandbits(62) + 1
            ids.add(pk)
            batch.append(
                (pk, survey_id, period, day, "web", service_id, *answers, "{}", "", "", "", "", "")
            )
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE surveys_response")
    loaded = time.perf_counter()
    return {"migrate_s": migrated - started, "load_s": loaded - migrated}


def _product() -> dict[tuple[int, int | None, str], float]:
    from integritas.surveys.models import Response
    from integritas.surveys.selectors import ikm_by_group

    groups = ikm_by_group(Response.objects.all(), ("survey__unit_id", "service_id", "period"))
    return {(k[0], k[1], k[2]): float(v.value) for k, v in groups.items()}


def _baseline() -> dict[tuple[int, int | None, str], float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL)
        return {(r[0], r[1], r[2]): float(r[4]) for r in cursor.fetchall()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO / "src"))
    tmp = Path(tempfile.mkdtemp(prefix="integritas-bench-surveys-"))
    admin_url, pg_name = _prepare_environment(tmp)
    try:
        import django

        django.setup()
        from django.db import connection

        vendor = connection.vendor
        print(f"database: {vendor}; generating {args.responses:,} responses …", flush=True)
        setup = _load(args.responses, args.seed)
        print(f"  migrate {setup['migrate_s']:.1f} s, load {setup['load_s']:.1f} s", flush=True)
        product_times: list[float] = []
        baseline_times: list[float] = []
        # Warm-up (caches, query plans), unrecorded; also the correctness check.
        product, baseline = _product(), _baseline()
        if product.keys() != baseline.keys() or any(
            abs(product[k] - baseline[k]) > 1e-9 for k in product
        ):
            print("MISMATCH between the product and the SQL baseline", file=sys.stderr)
            return 1
        for r in range(args.rounds):
            t0 = time.perf_counter()
            _product()
            t1 = time.perf_counter()
            _baseline()
            t2 = time.perf_counter()
            product_times.append(t1 - t0)
            baseline_times.append(t2 - t1)
            print(
                f"  round {r + 1}: product {t1 - t0:.3f} s, baseline {t2 - t1:.3f} s, "
                f"ratio {(t1 - t0) / (t2 - t1):.2f}",
                flush=True,
            )
        ratios = [p / b for p, b in zip(product_times, baseline_times, strict=True)]
        result = {
            "benchmark": "surveys_ikm",
            "database": vendor,
            "responses": args.responses,
            "groups": len(product),
            "units": UNITS,
            "services": UNITS * SERVICES_PER_UNIT,
            "quarters": len(QUARTERS),
            "rounds": args.rounds,
            "product_s": {
                "median": statistics.median(product_times),
                "min": min(product_times),
                "all": product_times,
            },
            "baseline_s": {
                "median": statistics.median(baseline_times),
                "min": min(baseline_times),
                "all": baseline_times,
            },
            "ratio_median": statistics.median(ratios),
            "setup": setup,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "date": dt.datetime.now(dt.UTC).date().isoformat(),
        }
        print(
            f"groups {len(product)}; product median {statistics.median(product_times):.3f} s, "
            f"baseline median {statistics.median(baseline_times):.3f} s, "
            f"ratio {statistics.median(ratios):.2f}"
        )
        output = args.output or (
            REPO / "bench" / "results" / f"surveys_ikm-{vendor}-{result['date']}.json"
        )
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"written {output}")
        connection.close()
        return 0
    finally:
        _drop(admin_url, pg_name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
