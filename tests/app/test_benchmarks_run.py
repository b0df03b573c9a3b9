"""Every benchmark the README quotes still runs, on small inputs: a benchmark is a command
anyone can rerun, and two of them had stopped (their config asked for a pace the config check
had come to refuse). Only that they run and print their table is checked here; their figures
are measurements, never test results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

RUNS = {
    "pipeline.py": ["--mentions", "2000", "--hits", "3", "--runs", "2"],
    "storage.py": ["--mentions", "2000", "--days", "1"],
    "scaling.py": ["--mentions", "300", "--procs", "1,2"],
    "routing.py": ["--mentions", "1000", "--sizes", "100", "--naive-budget", "0.2"],
    "loop_stalls.py": ["--subscriptions", "2000"],
    "workqueue.py": ["--traces", "2000", "--open", "50", "--resolved", "500"],
    "jetstream_prefilter.py": ["--events", "2000"],
    "backtracking.py": ["--chars", "1000"],
    "intelligence.py": ["--no-lolo", "--days", "1"],
    "month.py": ["--days", "1", "--noise", "50"],
}


def test_every_benchmark_is_run_here() -> None:
    assert sorted(RUNS) == sorted(p.name for p in (ROOT / "benchmarks").glob("*.py")
                                  if not p.name.startswith("_"))


@pytest.mark.parametrize(("script", "args"), RUNS.items(), ids=list(RUNS))
def test_the_benchmark_runs(script: str, args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stdout.strip(), "printed nothing"
