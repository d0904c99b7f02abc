"""Helpers shared by the benchmarks: ports, set-up commands, machine facts, result files.

Imported by the scripts in this folder as ``from bench._common import …`` (they run as
``uv run python bench/<name>.py`` and put the repository root on ``sys.path`` first).
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import socket
import subprocess
import types
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
LUA_SCRIPT = BENCH_DIR / "latency.lua"
HOST = "127.0.0.1"  # never anything else: load tests here target the loopback only


class BenchError(RuntimeError):
    """A set-up step failed; the message says which and how to look into it."""


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def run_checked(cmd: list[str], env: dict[str, str], what: str, timeout: int = 900) -> None:
    """Run a set-up command from the repository root; raise :class:`BenchError` on failure."""
    done = subprocess.run(
        cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _version(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    """The machine, versions and commit a result was measured on (load at start included)."""
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "wrk": _version(["wrk", "--version"]),
        "git_commit": _version(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"]),
    }


def new_result_path(stem: str) -> Path:
    """``results/<stem>.json``, or ``<stem>-2.json`` etc.: a run never overwrites another."""
    path, n = RESULTS_DIR / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = RESULTS_DIR / f"{stem}-{n}.json"
    return path


def exit_on_sigterm(signum: int, _frame: types.FrameType | None) -> None:
    """SIGTERM handler: SystemExit unwinds through the try/finally that stops the servers
    (the default action would leave them running in their own sessions)."""
    raise SystemExit(128 + signum)
