"""``socialops draft --from plan.csv`` killed (SIGKILL) part way through a plan of 300 posts,
then run again whole, as docs/workflows.md (Drafts from a file) tells a user to: every post
is drafted once, the first run's drafts are said to be waiting already, and each card reaches
the approvals channel once, delivered by the second run.

Untimed (tests/chaos/conftest.py): where the kill lands (after any number of rows, inside a
row's write) changes which rows the second run drafts, never the outcome asserted; a machine
slow enough to finish the plan before the kill gives 300 waiting and none drafted again."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from bot.store.layout import T_RECORDS
from tests.app.cli_support import SOCIALOPS, clean_env, socialops
from tests.app.test_draft_from_file import home
from tests.chaos.procs import wait_for

pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

POSTS = 300


def drafted(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as c:
            return int(c.execute(f"SELECT count(*) FROM {T_RECORDS} WHERE kind = 'approval'")
                       .fetchone()[0])
    except sqlite3.OperationalError:  # the schema not written yet
        return 0


def test_a_plan_killed_part_way_and_run_again_drafts_each_post_once(tmp_path: Path) -> None:
    home(tmp_path)  # tests/app/test_draft_from_file.py's config: a replay account, approvals
    (tmp_path / "plan.csv").write_text("network,account,text\n" + "".join(
        f"mastodon,sample,post number {i} of the plan\n" for i in range(POSTS)),
        encoding="utf-8")
    db = tmp_path / "data" / "socialops.db"
    first = subprocess.Popen([SOCIALOPS, "draft", "--from", "plan.csv", "--as", "me"],
                             cwd=tmp_path, env=clean_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: drafted(db) >= 20 or first.poll() is not None, 120)
        first.send_signal(signal.SIGKILL)
    finally:
        out, err = first.communicate(timeout=60)
    killed_at = drafted(db)
    assert killed_at >= 20, (killed_at, err[-2000:])

    again = socialops("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    lines = again.stdout.splitlines()
    summary = f"{POSTS - killed_at} drafted, {killed_at} already waiting of {POSTS} in plan.csv"
    assert (summary if killed_at < POSTS else f"0 drafted, {POSTS} already waiting of {POSTS} "
            "in plan.csv") in lines, lines[-5:]
    assert drafted(db) == POSTS
    with closing(sqlite3.connect(db)) as c:
        stored = [(rid, json.loads(doc)["text"]) for rid, doc in c.execute(
            f"SELECT id, json FROM {T_RECORDS} WHERE kind = 'approval'")]
    assert Counter(text for _, text in stored) == Counter(
        {f"post number {i} of the plan": 1 for i in range(POSTS)})
    # every card once: the killed run queued its cards and delivered none; this one, all (a
    # number the killed run took for a draft it never wrote is skipped)
    cards = Counter(m.group(0)[:-1] for m in re.finditer(r"\bA-\d+:", out + again.stdout))
    assert set(cards) == {rid for rid, _ in stored}, sorted(set(cards) ^ {r for r, _ in stored})
    assert set(cards.values()) == {1}, cards.most_common(3)
