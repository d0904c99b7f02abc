"""The ``integritas`` command: sub-commands and the Django management pass-through."""

from __future__ import annotations

import subprocess
import sys

import pytest

from integritas.cli import build_parser, main


def test_sub_commands_are_the_contract() -> None:
    parser = build_parser()
    for argv in (
        ["demo", "--no-serve"],
        ["serve"],
        ["lke", "score", "x.xlsx", "--json"],
        ["lke", "score", "x.xlsx", "--prior-wbk", "yes", "--zero-denominator", "tpi"],
        ["skm", "ikm", "x.csv", "--weighting", "printed"],
    ):
        assert parser.parse_args(argv).command == argv[0]


def test_lke_score_prior_wbk_is_yes_or_no() -> None:
    parser = build_parser()
    assert parser.parse_args(["lke", "score", "x.xlsx"]).prior_wbk is None
    assert parser.parse_args(["lke", "score", "x.xlsx", "--prior-wbk", "no"]).prior_wbk == "no"
    with pytest.raises(SystemExit):
        parser.parse_args(["lke", "score", "x.xlsx", "--prior-wbk", "maybe"])


def test_unknown_sub_command_exits_with_usage() -> None:
    with pytest.raises(SystemExit) as info:
        main(["nonsense"])
    assert info.value.code == 2


def test_console_script_runs_manage_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integritas.cli", "manage", "check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
