"""Throughput and p95 latency of the public portal home against a bare Django view.

Run from the repository root::

    uv run python bench/public_page.py [--duration 10] [--connections 16] [--rounds 3]

What it does (details and measured numbers in ``bench/README.md``):

1. loads the demo Pemda into a fresh embedded database in a temporary directory
   (``integritas demo --no-serve``) and runs ``collectstatic``;
2. starts two gunicorn servers with the project's own runner (``run_gunicorn``), on
   127.0.0.1 only, same worker count, same settings module except the URLconf:
   ``integritas.config.settings.base`` (the portal home at ``/``) and
   ``bench.settings_bare`` (a tiny view at ``/``);
3. drives each with ``wrk`` in alternating rounds (public, bare, public, bare, …) so slow
   drift of a noisy machine hits both alike, and reports the median of the rounds and the
   ratio public/bare for requests per second and p95 latency;
4. writes ``bench/results/public_page-<date>.json``, prints a table and stops both servers.

Every load run is bounded by ``--duration`` and targets 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root
from bench._common import (
    HOST,
    LUA_SCRIPT,
    REPO_ROOT,
    BenchError,
    exit_on_sigterm,
    free_port,
    machine_info,
    new_result_path,
    run_checked,
)

# Limits that keep one invocation bounded in time whatever the arguments.
MAX_DURATION_S = 120
MAX_ROUNDS = 10
MAX_CONNECTIONS = 256
MAX_WORKERS = 8

# Variables that would point the run at a real installation (its database, its static
# root, its host list); the benchmark must only ever touch its own temporary directory.
_ISOLATED_ENV = (
    "DATABASE_URL",
    "INTEGRITAS_STATIC_ROOT",
    "INTEGRITAS_MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
)

# Started in a child interpreter so each server is a process group of its own that we can
# stop as a whole; run_gunicorn is what `integritas demo` and `integritas serve` use, so the
# benchmark measures the real set-up (access log on, same timeouts), not a hand-made one.
_SERVER_CODE = (
    "import sys\n"
    "from integritas.config.server import run_gunicorn\n"
    "sys.exit(run_gunicorn(bind=sys.argv[1], workers=int(sys.argv[2])))\n"
)


@dataclass(frozen=True)
class Target:
    """One server under test: a name, its settings module and what its page must contain."""

    name: str
    settings: str
    expect: bytes


PUBLIC = Target("public", "integritas.config.settings.base", b"Sukamaju")
BARE = Target("bare", "bench.settings_bare", b"bare ok")


@dataclass
class RunResult:
    """One wrk run against one target; latencies in milliseconds."""

    target: str
    round: int
    requests: int
    duration_s: float
    rps: float
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class Server:
    """A gunicorn server on 127.0.0.1 for one target, logging to a file."""

    def __init__(
        self, target: Target, port: int, workers: int, env: dict[str, str], log: Path
    ) -> None:
        self.target = target
        self.port = port
        self.workers = workers
        self.env = {**env, "DJANGO_SETTINGS_MODULE": target.settings}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        with self.log.open("wb") as log:
            # The child keeps its own copy of the file descriptor after the with block.
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER_CODE, f"{HOST}:{self.port}", str(self.workers)],
                env=self.env,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: stop() reaches the workers too
            )

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        """Poll ``/healthz`` until it answers 200, then check that ``/`` is the right page."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise BenchError(f"{self.target.name} server exited early:\n{self._log_tail()}")
            try:
                status, _body = _get(f"{self.url}healthz")
                if status == 200:
                    break
            except OSError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                raise BenchError(f"{self.target.name} server not ready:\n{self._log_tail()}")
            time.sleep(0.2)
        # A 400 (ALLOWED_HOSTS) or 500 page is fast and would flatter the numbers.
        status, body = _get(self.url)
        if status != 200 or self.target.expect not in body:
            raise BenchError(
                f"{self.target.name}: GET / answered {status} without {self.target.expect!r}"
            )

    def stop(self) -> None:
        """Graceful stop of the whole process group, then a kill if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # the group id equals the leader's pid (start_new_session)
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback URL)
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def prepare_data(env: dict[str, str]) -> None:
    """Fresh embedded database with the demo Pemda, and the static files the pages link."""
    cli = [sys.executable, "-m", "integritas.cli"]
    # Output not shown: the demo prints its logins, which are of no use here.
    run_checked([*cli, "demo", "--no-serve"], env, "integritas demo --no-serve")
    # The manifest storage refuses to render a page whose static files were not collected.
    run_checked([*cli, "manage", "collectstatic", "--noinput", "-v", "0"], env, "collectstatic")


def run_wrk(
    server: Server, *, duration: int, connections: int, threads: int, round_no: int
) -> RunResult:
    cmd = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={LUA_SCRIPT}",
        server.url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    raw: dict[str, float] = json.loads(line.removeprefix("BENCH_RESULT "))
    duration_s = raw["duration_us"] / 1e6
    return RunResult(
        target=server.target.name,
        round=round_no,
        requests=int(raw["requests"]),
        duration_s=round(duration_s, 3),
        rps=round(raw["requests"] / duration_s, 1),
        mean_ms=round(raw["mean_us"] / 1000, 2),
        p50_ms=round(raw["p50_us"] / 1000, 2),
        p90_ms=round(raw["p90_us"] / 1000, 2),
        p95_ms=round(raw["p95_us"] / 1000, 2),
        p99_ms=round(raw["p99_us"] / 1000, 2),
        max_ms=round(raw["max_us"] / 1000, 2),
        errors={
            key.removesuffix("_errors"): int(raw[key])
            for key in (
                "connect_errors",
                "read_errors",
                "write_errors",
                "status_errors",
                "timeouts",
            )
        },
    )


def summarise(results: list[RunResult]) -> dict[str, Any]:
    """Medians per target, the ratio of the medians and the median of per-round ratios."""
    by_target: dict[str, list[RunResult]] = {PUBLIC.name: [], BARE.name: []}
    for result in results:
        by_target[result.target].append(result)
    medians = {
        name: {
            metric: round(statistics.median(getattr(r, metric) for r in runs), 2)
            for metric in ("rps", "p50_ms", "p95_ms", "p99_ms")
        }
        for name, runs in by_target.items()
    }
    pub, bare = medians[PUBLIC.name], medians[BARE.name]
    # Pairs from the same round ran seconds apart, so their ratio is the least noisy figure.
    pairs = list(zip(by_target[PUBLIC.name], by_target[BARE.name], strict=True))
    return {
        "median": medians,
        "ratio_public_over_bare": {
            "rps": round(pub["rps"] / bare["rps"], 3),
            "p95": round(pub["p95_ms"] / bare["p95_ms"], 3),
        },
        "median_of_round_ratios": {
            "rps": round(statistics.median(p.rps / b.rps for p, b in pairs), 3),
            "p95": round(statistics.median(p.p95_ms / b.p95_ms for p, b in pairs), 3),
        },
    }


def print_table(results: list[RunResult], summary: dict[str, Any]) -> None:
    header = f"{'target':<8} {'round':>5} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
    header += f"{'p99 ms':>8} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.target:<8} {r.round:>5} {r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p95_ms:>8.2f} "
            f"{r.p99_ms:>8.2f} {r.error_count:>6}"
        )
    print("-" * len(header))
    for name, med in summary["median"].items():
        print(
            f"{name:<8} {'med':>5} {med['rps']:>9.1f} {med['p50_ms']:>8.2f} "
            f"{med['p95_ms']:>8.2f} {med['p99_ms']:>8.2f}"
        )
    ratio, per_round = summary["ratio_public_over_bare"], summary["median_of_round_ratios"]
    print(
        f"\npublic/bare: throughput {ratio['rps']:.3f} (per-round median {per_round['rps']:.3f}),"
        f" p95 {ratio['p95']:.3f} (per-round median {per_round['p95']:.3f})"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16, help="open HTTP connections")
    parser.add_argument("--rounds", type=int, default=3, help="alternating A/B rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    # One wrk thread: on a 2-core machine every core wrk takes is one the server loses.
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=3, help="unrecorded seconds per server")
    parser.add_argument("--output", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args(argv)
    bounds = {
        "duration": (1, MAX_DURATION_S),
        "connections": (1, MAX_CONNECTIONS),
        "rounds": (1, MAX_ROUNDS),
        "workers": (1, MAX_WORKERS),
        "threads": (1, 8),
        "warmup": (0, MAX_DURATION_S),
    }
    for name, (low, high) in bounds.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name} must be between {low} and {high}")
    if args.threads > args.connections:
        parser.error("--threads must not exceed --connections (wrk needs a connection each)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. Install it from Debian's packages first:\n"
            "    apt-get install -y wrk",
            file=sys.stderr,
        )
        return 2

    started = dt.datetime.now(dt.UTC)
    estimate = 2 * (args.warmup + args.rounds * args.duration)
    print(
        f"public page vs bare view: {args.rounds} rounds x {args.duration} s, "
        f"{args.connections} connections, {args.workers} workers; about {estimate} s of load"
    )
    info = machine_info()
    results: list[RunResult] = []
    with tempfile.TemporaryDirectory(prefix="integritas-bench-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in _ISOLATED_ENV}
        env |= {
            "INTEGRITAS_DATA_DIR": str(tmpdir / "data"),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": PUBLIC.settings,
            # bench.settings_bare lives in this repository, outside the installed package.
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
            ),
        }
        print("loading the demo database and collecting static files …", flush=True)
        prepare_data(env)
        servers = [
            Server(t, free_port(), args.workers, env, tmpdir / f"{t.name}.log")
            for t in (PUBLIC, BARE)
        ]
        try:
            for server in servers:
                server.start()
            for server in servers:
                server.wait_ready()
                print(f"{server.target.name}: {server.url} ready", flush=True)
            if args.warmup:
                # Each worker imports and caches lazily on its first requests (URL resolver,
                # templates, translations); keep that out of the recorded rounds.
                for server in servers:
                    run_wrk(
                        server,
                        duration=args.warmup,
                        connections=args.connections,
                        threads=args.threads,
                        round_no=0,
                    )
            for round_no in range(1, args.rounds + 1):
                for server in servers:  # public, bare, public, bare, …
                    result = run_wrk(
                        server,
                        duration=args.duration,
                        connections=args.connections,
                        threads=args.threads,
                        round_no=round_no,
                    )
                    results.append(result)
                    print(
                        f"  round {round_no} {result.target:<6} {result.rps:8.1f} req/s"
                        f"  p95 {result.p95_ms:7.2f} ms  errors {result.error_count}",
                        flush=True,
                    )
        finally:
            for server in servers:
                server.stop()

    summary = summarise(results)
    print()
    print_table(results, summary)
    errors = sum(r.error_count for r in results)
    output = args.output or new_result_path(f"public_page-{started:%Y-%m-%d}")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "benchmark": "public_page",
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "parameters": {
            "duration_s": args.duration,
            "connections": args.connections,
            "rounds": args.rounds,
            "gunicorn_workers": args.workers,
            "wrk_threads": args.threads,
            "warmup_s": args.warmup,
            "public": {"settings": PUBLIC.settings, "path": "/"},
            "bare": {"settings": BARE.settings, "path": "/"},
        },
        "runs": [asdict(r) for r in results],
        "summary": summary,
        "errors_total": errors,
    }
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {output}")
    if errors:
        # Error responses are fast and skew both figures: the run is not a valid measurement.
        print(f"warning: {errors} failed requests; the numbers are not valid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
