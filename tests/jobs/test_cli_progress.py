"""Long commands show a rich progress bar on a terminal, and nothing of it in a pipe (so scripts,
cron and tests read clean output)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from midora.core.progress import cli_progress

SRC = Path(__file__).resolve().parents[2] / "src"


def test_no_bar_when_standard_error_is_not_a_terminal(capsys) -> None:
    with cli_progress("Anything") as progress:
        assert progress is None
    assert capsys.readouterr() == ("", "")


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "MIDORA_HOME": str(home), "PYTHONPATH": str(SRC)}
    env.pop("MIDORA_DATABASE_URL", None)
    return env


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run with standard error on a pseudo-terminal; return (stdout, what the terminal showed)."""
    master, slave = os.openpty()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    out = process.stdout.read().decode()
    process.wait(timeout=120)
    os.close(master)
    return out, shown.decode(errors="replace")


@pytest.mark.slow
def test_audit_verify_shows_a_bar_on_a_terminal_only(tmp_path) -> None:
    env = _env(tmp_path)
    midora = [sys.executable, "-m", "midora.cli"]
    subprocess.run([*midora, "init"], env=env, check=True, capture_output=True, timeout=300)

    piped = subprocess.run(
        [*midora, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("Audit trail intact")
    assert piped.stderr == ""  # no progress noise in a pipe

    out, shown = _on_a_terminal([*midora, "audit", "verify"], env)
    assert out.startswith("Audit trail intact")  # the result itself stays on standard output
    assert "Audit trail" in shown and "Chain checked and records replayed" in shown
