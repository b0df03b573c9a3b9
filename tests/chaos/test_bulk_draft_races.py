"""``socialops draft --from plan.csv`` run twice at the same moment (two terminals, or a run
thought hung and started again while the first goes on), on one SQLite file and on one real
redis-server: every post of the plan is drafted once, each card reaches the approvals channel
once, and what one run did not draft it says is waiting already (drafted by the other).

Timed (tests/chaos/conftest.py): the two runs overlap only if both start before either ends,
which a plan of this length does not make sure of on a loaded machine, so the race is run again
on a new store until they do (5 attempts at most); where they overlap changes which run drafts
which row, never the outcome asserted."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.app.cli_support import SOCIALOPS, clean_env
from tests.app.test_draft_from_file import CONFIG, home
from tests.support.redis_server import RedisServer

POSTS = 500
ATTEMPTS = 5  # races run until the two runs overlap (the test below)


async def stored(tmp_path: Path) -> list[tuple[str, str]]:
    async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
        return [(a.id, a.text) for a in await app.store.list_approvals()]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_plan_run_twice_at_once_drafts_each_post_once(
        tmp_path: Path, redis_server: RedisServer, backend: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the two ran at once when neither found the whole plan drafted before it began; on a
    # loaded machine one may start only after the other ended (500 drafted, then 500 waiting),
    # so the race is run again, on a new store, until they overlap; each run's outcome holds
    overlapped = []
    for attempt in range(ATTEMPTS):
        tallies = race(tmp_path / f"run{attempt}", redis_server, backend, monkeypatch)
        overlapped.append(all(d > 0 for d, _ in tallies))
        if overlapped[-1]:
            break
    assert overlapped[-1], f"the two runs never overlapped in {ATTEMPTS} attempts"


def race(tmp_path: Path, redis_server: RedisServer, backend: str,
         monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Two runs of one plan at once; what they drafted and found waiting, checked."""
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)  # the config's store path is relative
    home(tmp_path)  # tests/app/test_draft_from_file.py's config: a replay account, approvals
    if backend == "redis":
        redis_server.flushall()
        (tmp_path / "socialops.yaml").write_text(CONFIG.replace(
            "store: {backend: sqlite, path: ./data/socialops.db}",
            f"store: {{backend: redis, redis_url: '{redis_server.url}'}}"), encoding="utf-8")
    (tmp_path / "plan.csv").write_text("network,account,text\n" + "".join(
        f"mastodon,sample,post number {i} of the plan\n" for i in range(POSTS)),
        encoding="utf-8")
    runs = [subprocess.Popen([SOCIALOPS, "draft", "--from", "plan.csv", "--as", "me"],
                             cwd=tmp_path, env=clean_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
            for _ in range(2)]
    outs = [r.communicate(timeout=300) for r in runs]
    for r, (_, err) in zip(runs, outs, strict=True):
        assert r.returncode == 0, err[-3000:]
    tallies = []
    for out, _ in outs:
        m = re.search(r"^(\d+) drafted(?:, (\d+) already waiting)? of (\d+) in plan.csv$", out,
                      re.M)
        assert m is not None, out[-2000:]
        tallies.append((int(m[1]), int(m[2] or 0)))
    assert sum(d for d, _ in tallies) == POSTS, tallies
    assert all(d + k == POSTS for d, k in tallies), tallies
    drafts = asyncio.run(stored(tmp_path))
    assert Counter(text for _, text in drafts) == Counter(
        {f"post number {i} of the plan": 1 for i in range(POSTS)})
    # every card once, posted by the run that drafted it
    cards = Counter(m.group(0)[:-1] for out, _ in outs
                    for m in re.finditer(r"\bA-\d+:", out))
    assert set(cards) == {rid for rid, _ in drafts}, sorted(set(cards) ^ {r for r, _ in drafts})
    assert set(cards.values()) == {1}, cards.most_common(3)
    return tallies
