"""``socialops drafts`` through the command line, on a real SQLite file and a real
redis-server: the drafts not published yet in the order they go out, times on the approvals
channel's workspace's clock (Berlin), a draft's terminal escape codes and pings shown inert,
published and long-failed ones left out, JSON lines, ``--limit``, each mistake one line."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import Approval, ApprovalStep, HistoryEntry
from bot.core.when import shown_at
from bot.store import open_store
from tests.app.cli_support import Cli, assert_one_line_error, clean_env

CONFIG = """\
workspaces: [{name: console, type: console, timezone: Europe/Berlin}]
people: [{id: alice}, {id: bob}]
channels:
  approvals: {workspace: console, id: approvals}
approvals: {channel: approvals}
store: {backend: sqlite, path: ./data/socialops.db}
"""


def draft(n: int, now: datetime, *, status: str = "pending", ago: timedelta = timedelta(),
          publish_at: datetime | None = None, text: str = "", author: str = "alice",
          error: str | None = None) -> Approval:
    created = now - ago
    return Approval(
        id=f"A-{n}", status=status, text=text or f"post {n}", network="mastodon",
        account="main", author=author, content_hash="0" * 64, created_at=created,
        expires_at=created + timedelta(hours=24), publish_at=publish_at, error=error,
        steps=(ApprovalStep(approvers=("role:approver",)),
               ApprovalStep(approvers=("role:lead",))),
        history=(HistoryEntry(at=created, actor=author, action="drafted"),))


async def stored(folder: Path, now: datetime, *, redis_url: str | None = None) -> None:
    cfg = (StoreConfig(backend="redis") if redis_url else
           StoreConfig(backend="sqlite", path=str(folder / "data" / "socialops.db")))
    store = await open_store(cfg, redis_url=redis_url, clock=lambda: now)
    fx = Effects()
    for a in (
        draft(1, now, ago=timedelta(hours=3)),
        draft(2, now, status="approved", publish_at=now + timedelta(hours=2)),
        draft(3, now, status="published", ago=timedelta(hours=1)),
        draft(4, now, ago=timedelta(hours=1), author="bob",
              text="\x1b[31mRED\x1b[0m @everyone <@&123> line\nbreak " + "y" * 100),
        draft(5, now, status="failed", ago=timedelta(days=10), error="gone"),
        draft(6, now, status="failed", ago=timedelta(days=1), error="401 token revoked"),
        draft(7, now, status="rejected"),
        draft(8, now, ago=timedelta(hours=25)),  # past its expiry, not marked yet
    ):
        fx.create(a)
    try:
        assert await store.apply(fx)
    finally:
        await store.close()
    (folder / "socialops.yaml").write_text(
        CONFIG.replace("sqlite, path: ./data/socialops.db", "redis") if redis_url else CONFIG,
        encoding="utf-8")


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_the_list_as_printed_and_as_json(tmp_path: Path, backend: str,
                                         request: pytest.FixtureRequest, cli: Cli) -> None:
    redis_url = request.getfixturevalue("redis_url") if backend == "redis" else None
    env = clean_env(REDIS_URL=redis_url) if redis_url else None
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    asyncio.run(stored(tmp_path, now, redis_url=redis_url))
    proc = cli("drafts", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "4 drafts (not published yet):", proc.stdout
    assert [line.split(" · ")[0] for line in lines[1:]] == ["• A-2", "• A-1", "• A-4", "• A-6"]
    at = shown_at(now + timedelta(hours=2), "Europe/Berlin")
    assert "Europe/Berlin" in at
    assert lines[1] == (f"• A-2 · approved, waiting for its time · Mastodon as main · "
                        f"publishes at {at} · by alice · “post 2”")
    assert lines[2].startswith("• A-1 · pending at step 1 of 2 · Mastodon as main · as soon "
                               "as approved · expires in 2")
    # the escape character goes (what is left prints as text), the line break is a space
    assert "\x1b" not in proc.stdout
    assert lines[3].endswith("by bob · “[31mRED[0m @everyone <@&123> line break…”"), lines[3]
    assert lines[4] == ("• A-6 · failed: 401 token revoked · Mastodon as main · by alice · "
                        "“post 6”")

    proc = cli("drafts", "mine", "--as", "bob", "--format", "json", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert (row["id"], row["state"], row["author"], row["publish_at"]) == (
        "A-4", "pending at step 1 of 2", "bob", None)
    assert row["text"].startswith("\x1b[31mRED")  # JSON: the whole text, escaped by JSON

    assert_one_line_error(cli("drafts", "mine", "--as", "bbo", cwd=tmp_path, env=env),
                          "--as 'bbo': no such person", "(people: alice, bob)")

    # by state, as Hootsuite's Planner filters (they were refused: 'not a drafts filter')
    proc = cli("drafts", "failed", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["1 draft (failed in the last 7 days):", lines[4]]
    proc = cli("drafts", "approved", cwd=tmp_path, env=env)
    assert proc.stdout.splitlines() == ["1 draft (approved):", lines[1]], proc.stdout
    proc = cli("drafts", "approved", "failed", "--format", "json", cwd=tmp_path, env=env)
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["A-2", "A-6"]

    proc = cli("drafts", "scheduled", "--limit", "1", cwd=tmp_path, env=env)
    assert proc.stdout.splitlines()[1:] == [lines[1]]
    proc = cli("drafts", "--limit", "2", cwd=tmp_path, env=env)
    assert proc.stdout.splitlines()[-1] == (
        "… and 2 more (narrow it down: socialops drafts [FILTER ...] [--limit N])")


@pytest.mark.parametrize(("args", "line"), [
    (("tomorrow",), "error: 'tomorrow' is not a drafts filter: use pending, approved, failed, "
                    "scheduled, mine or a network (bluesky, hackernews, mastodon, reddit, rss, "
                    "x)"),
    (("mine",), "error: socialops drafts: mine: say whose with --as PERSON (a person id); see "
                "`socialops drafts --help`"),
    (("--format", "xml"), "error: socialops drafts: --format 'xml': use text or json; see "
                          "`socialops drafts --help`"),
    (("--limit", "0"), "error: --limit 0: give 1 or more"),
    # a typo in --as listed nobody's drafts, 'no drafts (yours)', as if there were none
    (("mine", "--as", "bbo"), "error: --as 'bbo': no such person; name a person id as in "
                              "socialops.yaml (people: alice, bob)"),
])
def test_a_mistake_is_one_line(tmp_path: Path, args: tuple[str, ...], line: str,
                               cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    proc = cli("drafts", *args, cwd=tmp_path)
    assert assert_one_line_error(proc, line) == line
    assert proc.returncode == (2 if line.endswith("--help`") else 1)
    assert not (tmp_path / "data").exists()  # refused before the store is opened
