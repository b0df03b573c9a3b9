"""Every benchmark the README quotes still runs, on small inputs: a benchmark is a command
anyone can rerun, and two of them had stopped (their config asked for a pace the config check
had come to refuse). Only that they run and print their table is checked here; their figures
are measurements, never test results."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.runtime import prune
from bot.core.cards import Card, OutboxItem
from bot.core.config import RetentionConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from tests.conftest import FakeClock

ROOT = Path(__file__).parents[2]

RUNS = {
    "pipeline.py": ["--mentions", "2000", "--hits", "3", "--runs", "2"],
    "pipeline_steps.py": ["--mentions", "2000", "--hits", "10", "--runs", "1", "--unrouted"],
    "pipeline_profile.py": ["--mentions", "500", "--backend", "redis", "--top", "3"],
    "storage.py": ["--mentions", "500", "--days", "1"],
    # two workers on the shared stream: the one run that takes the path of several
    "scaling.py": ["--mentions", "300", "--procs", "2"],
    "routing.py": ["--mentions", "1000", "--sizes", "100", "--naive-budget", "0.2"],
    "loop_stalls.py": ["--subscriptions", "500", "--answer-lines", "500",
                       "--rules-routes", "20", "--record-cards", "50", "--frame-burst", "20",
                       "--expired", "500"],
    "workqueue.py": ["--traces", "500", "--open", "20", "--resolved", "100"],
    "jetstream_prefilter.py": ["--events", "2000"],
    "backtracking.py": ["--chars", "200"],  # 1,000 took 40 s of CPU: its quadratic baselines
    "intelligence.py": ["--no-lolo", "--days", "1", "--cost-posts", "100"],
    # tracemalloc made it 45 s of CPU instead of 13
    "month.py": ["--days", "1", "--noise", "50", "--no-memory"],
    "json_pages.py": [],
    "spike_weeks.py": ["--weeks", "2"],
    # a pair of each label in each split (``few_pairs``): all 198 were 11 s of CPU, a store
    # and an app opened for each
    "dedup_pairs.py": ["--show", "all", "--file", "{pairs}"],
}


def few_pairs(folder: Path) -> Path:
    """The labelled pairs' first of each split and label, in a file of their own: every
    figure, split and listing of the report, at a pipeline run per pair."""
    kept: dict[tuple[str, bool], str] = {}
    labelled = ROOT / "tests" / "fixtures" / "dedup_pairs_labelled.jsonl"
    for line in labelled.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pair = json.loads(line)
            kept.setdefault((pair.get("split", "dev"), pair["same"]), line)
    path = folder / "pairs.jsonl"
    path.write_text("".join(f"{line}\n" for line in kept.values()), encoding="utf-8")
    return path


def test_every_benchmark_is_run_here() -> None:
    assert sorted(RUNS) == sorted(p.name for p in (ROOT / "benchmarks").glob("*.py")
                                  if not p.name.startswith("_"))


# the run's own bound (subprocess's timeout), not the suite's 120 s: month.py took longer than
# that on a machine running CI beside eight other test runs (2026-12-06)
@pytest.mark.timeout(660)
@pytest.mark.parametrize(("script", "args"), RUNS.items(), ids=list(RUNS))
def test_the_benchmark_runs(script: str, args: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    args = [str(few_pairs(tmp_path)) if arg == "{pairs}" else arg for arg in args]
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stdout.strip(), "printed nothing"


def test_a_benchmark_prunes_as_the_prune_job_does() -> None:
    """month.py and storage.py called ``store.prune`` with ages of their own, leaving out
    ``dead_days`` (and storage.py ``traces_days`` and ``audit_days``): their store kept what a
    deployment with the default config prunes, and their timings left out the walk of the
    dead. They prune through ``bot.app.runtime.prune``, the prune job's own call.
    (loop_stalls.py times one prune against the same deletes made on the loop: its own ages
    are the comparison's.)"""
    own = []
    for path in (ROOT / "benchmarks" / "month.py", ROOT / "benchmarks" / "storage.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "prune"
                    and not (isinstance(node.func.value, ast.Name)
                             and node.func.value.id == "runtime")):
                own.append(f"{path.name}:{node.lineno}")
    assert own == []


async def test_the_prune_job_drops_dead_deliveries_after_the_default_dead_days(
        store: Store, clock: FakeClock) -> None:
    """What the benchmarks now call, with the default retention: a delivery dead 30 days
    goes, one dead 29 days stays."""
    for key in ("old@a", "late@b"):
        fx = Effects()
        fx.send(OutboxItem.new(key=key, workspace="console", channel="a",
                               card=Card(kind="alert", key=key, title="t"), now=clock()))
        assert await store.apply(fx)
        [item] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
        await store.retry_later(item.key, owner="w", at=clock(), error="not_in_channel",
                                dead=True)
        clock.advance(days=1)
    clock.advance(days=28)  # 30 days since the first died, 29 since the second
    done = await prune(store, RetentionConfig(), clock())
    assert done["dead"] == 1
    assert [i.key for i in await store.list_outbox(status="dead")] == ["late@b"]
