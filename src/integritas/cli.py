"""The ``integritas`` command (console script).

Sub-commands (contract in ``shared/DESIGN.md``, "Command line"):

- ``integritas demo [--port 8000] [--no-serve]`` — migrate the embedded database, load the demo
  Pemda, print the demo logins and serve on 127.0.0.1.
- ``integritas serve [--bind 0.0.0.0:8000] [--workers N]`` — production server (gunicorn).
- ``integritas lke score FILE.xlsx [--json]`` — score a filled LKE workbook without a database.
- ``integritas skm ikm FILE.(csv|xlsx) [--json] [--weighting exact|printed]`` — IKM from raw
  responses.
- ``integritas manage …`` — any Django management command.

Commands that need no database (``lke score``, ``skm ikm``) never import Django settings, so
they work on a machine with nothing but the package installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

DEFAULT_SETTINGS = "integritas.config.settings.base"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _cmd_manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["integritas manage", *argv])
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    _django_setup()
    from integritas.core.demo import run_demo

    return run_demo(port=args.port, serve=not args.no_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.config.settings.production")
    from integritas.config.server import run_gunicorn

    return run_gunicorn(bind=args.bind, workers=args.workers)


def _cmd_lke_score(args: argparse.Namespace) -> int:
    from integritas.assessment.cli import lke_score

    prior = {"yes": True, "no": False}.get(args.prior_wbk)
    return lke_score(
        path=args.file,
        as_json=args.json,
        prior_wbk=prior,
        zero_denominator=args.zero_denominator,
    )


def _cmd_skm_ikm(args: argparse.Namespace) -> int:
    from integritas.surveys.cli import skm_ikm

    return skm_ikm(path=args.file, as_json=args.json, weighting=args.weighting)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="integritas", description="Integritas — Zona Integritas")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="load the demo Pemda and serve it on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="load the demo, then exit")
    demo.set_defaults(func=_cmd_demo)

    serve = sub.add_parser(
        "serve",
        help="run the production server (gunicorn)",
        description=(
            "Run the web application under gunicorn with the production settings. Background "
            "jobs (imports, exports, PDF reports, notifications) need a worker beside it: "
            "`integritas manage db_worker --queue-name '*'`; due-date sweeps (automatic "
            "closes, reminders): `integritas manage sweeps --once` from cron every few minutes."
        ),
    )
    serve.add_argument("--bind", default=os.environ.get("INTEGRITAS_BIND", "0.0.0.0:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    serve.set_defaults(func=_cmd_serve)

    lke = sub.add_parser("lke", help="LKE Zona Integritas tools")
    lke_sub = lke.add_subparsers(dest="lke_command", required=True)
    score = lke_sub.add_parser("score", help="score a filled LKE workbook (no database)")
    score.add_argument("file")
    score.add_argument("--json", action="store_true")
    score.add_argument(
        "--prior-wbk",
        choices=["yes", "no"],
        default=None,
        help="whether the unit already holds Menuju WBK (needed for a full WBBM verdict)",
    )
    score.add_argument(
        "--zero-denominator",
        choices=["zero", "one", "tpi"],
        default=None,
        help="how a ratio item without data (denominator 0) scores; default: the template's",
    )
    score.set_defaults(func=_cmd_lke_score)

    skm = sub.add_parser("skm", help="SKM/IKM tools")
    skm_sub = skm.add_subparsers(dest="skm_command", required=True)
    ikm = skm_sub.add_parser("ikm", help="IKM from raw responses (no database)")
    ikm.add_argument("file")
    ikm.add_argument("--json", action="store_true")
    ikm.add_argument("--weighting", choices=["exact", "printed"], default="exact")
    ikm.set_defaults(func=_cmd_skm_ikm)

    sub.add_parser("manage", help="run a Django management command", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``integritas`` console script; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "manage":
        return _cmd_manage(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
