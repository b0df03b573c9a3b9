"""`socialops forget AUTHOR` through the installed command, on posts the app's pipeline
processed (a SQLite file, a real redis-server): a dry run counts and writes nothing, the
erasure removes the author's words from signals and traces and keeps their ticket, `why` says
"erased on request <date>", the cards posted of their post are edited through the outbox
(once) to show none of it; a second run says it was done; mistakes are one line."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.cards import Interaction
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

PEOPLE = """\
people:
  - {id: dpo, role: admin, identities: {console: dpo}}
  - {id: bob, role: lead, identities: {console: bob}}
"""
WORDS = "login broken again, call me at +48 600 100 200"


@pytest.fixture(params=["sqlite", "redis"])
async def app(request: pytest.FixtureRequest, tmp_path: Path, redis_server: RedisServer
              ) -> AsyncIterator[tuple[App, Path, Path, FakeClock]]:
    redis_server.flushall()
    cfg = write_config(tmp_path, request.param, redis_server.url)
    cfg.write_text(cfg.read_text() + PEOPLE)
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                        record_path=record) as a:
        for n, who in ((1, "kasia@example.social"), (2, "other@example.social")):
            await a.pipeline.process(Mention(
                id=f"mastodon:{n}", network="mastodon", source="brand", text=WORDS,
                url=f"https://example.social/@x/{n}", created_at=clock(), thread_id=str(n),
                author=Author(id=f"a{n}", handle=who)))
        await a.outbox.drain()
        yield a, cfg, record, clock


def forget(cfg: Path, *args: str) -> tuple[int, str, str]:
    done = socialops("-c", str(cfg), "forget", *args, cwd=cfg.parent, env=clean_env())
    return done.returncode, done.stdout, done.stderr


def cards(record: Path, post: str) -> list[dict[str, str]]:
    return [r for r in map(json.loads, record.read_text().splitlines())
            if r["key"].startswith(post) or (r["thread_key"] or "").startswith(post)
            or r["title"].startswith("T-1")]


async def test_forget_from_the_command_line(app: tuple[App, Path, Path, FakeClock]) -> None:
    a, cfg, record, clock = app
    assert any(WORDS in r["text"] for r in cards(record, "mastodon:1"))
    code, out, _ = forget(cfg, "mastodon:@kasia@example.social", "--dry-run")
    assert (code, out) == (0, "mastodon:@kasia@example.social: would erase 6 records (1 "
                              "signals, 1 traces, 1 tickets, 2 outbox cards, 1 audit events); "
                              "nothing written (--dry-run)\n")
    kept = await a.store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.text == WORDS

    code, out, err = forget(cfg, "mastodon:@kasia@example.social")
    assert (code, out, err) == (0, "mastodon:@kasia@example.social: erased 6 records (1 signals, "
                              "1 traces, 1 tickets, 2 outbox cards, 1 audit events); "
                              "audited\n", "")
    gone = await a.store.get_signal("mastodon:1")
    assert gone is not None and WORDS not in gone.to_json() and "kasia" not in gone.to_json()
    other = await a.store.get_signal("mastodon:2")
    assert other is not None and other.mention.text == WORDS
    assert [t.id for t in await a.store.list_tickets()] == ["T-1", "T-2"]
    done = socialops("-c", str(cfg), "why", "mastodon:1", cwd=cfg.parent, env=clean_env())
    today = datetime.now(UTC).date().isoformat()
    assert f"its author's data erased on request {today}" in done.stdout
    assert WORDS not in done.stdout and "kasia" not in done.stdout

    clock.advance(minutes=11)  # the command queued them on the wall clock, ahead of the app's
    await a.outbox.drain()  # the running bot delivers the edits queued
    edits = [r for r in cards(record, "mastodon:1") if r["op"] == "update"]
    assert {r["channel"] for r in edits} == {"marketing", "support"}
    assert all(WORDS not in r["text"] and "kasia" not in r["text"] for r in edits)
    # and the cards as first delivered, kept in the outbox for days, show none of it either
    kept = [i.card.to_json() for i in await a.store.list_outbox(status="sent", limit=1000)
            if i.card.key in ("mastodon:1|praise", "T-1")]
    assert len(kept) == 4 and not any(WORDS in c or "kasia" in c for c in kept)

    code, out, _ = forget(cfg, "mastodon:@kasia@example.social")
    await a.outbox.drain()
    assert [r for r in cards(record, "mastodon:1") if r["op"] == "update"] == edits
    assert (code, out) == (0, f"mastodon:@kasia@example.social: erased already on {today}; "
                              "nothing more to erase\n")
    [event] = [e for e in await a.store.audit_since(None) if e.action == "forget"]
    assert "kasia" not in event.to_json() and WORDS not in event.to_json()


async def test_forget_mistakes_are_one_line(app: tuple[App, Path, Path, FakeClock]) -> None:
    _, cfg, _, _ = app
    for given, said in [("@nobody@example.social", "no post of this author is stored"),
                        ("myspace:kasia", "'myspace' is no network socialops reads")]:
        code, out, err = forget(cfg, given)
        assert code != 0 and out == "" and said in err and err.count("\n") == 1
        assert "mastodon:@name@server" in err


async def test_forget_in_chat_is_for_admins(app: tuple[App, Path, Path, FakeClock]) -> None:
    a, _, _, _ = app

    async def ask(user: str, *args: str) -> tuple[bool, str]:
        r = await a.dispatcher.handle(Interaction(workspace="console", channel="support",
                                                  user=user, via="command", action="forget",
                                                  args=args))
        return r.ok, r.text

    assert await ask("bob", "mastodon:@kasia@example.social") == (
        False, "only admins erase a person's data (`forget`); ask one")
    assert await ask("dpo", "mastodon:@kasia@example.social", "dry-run") == (
        True, "mastodon:@kasia@example.social: would erase 6 records (1 signals, 1 traces, "
              "1 tickets, 2 outbox cards, 1 audit events); nothing written (dry run)")
    assert await ask("dpo", "mastodon:@kasia@example.social") == (
        True, "mastodon:@kasia@example.social: erased 6 records (1 signals, 1 traces, "
              "1 tickets, 2 outbox cards, 1 audit events); audited")
    [event] = [e for e in await a.store.audit_since(None) if e.action == "forget"]
    assert event.actor == "dpo"
    ok, text = await ask("dpo", "kasia")
    assert not ok and "u/name" in text and "\n" not in text
