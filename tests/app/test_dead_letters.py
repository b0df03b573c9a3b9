"""``socialops dead list`` and ``socialops dead retry`` through the installed command, beside
an app on the same store (a SQLite file, a real redis-server): a mention set aside because its
conversation's ticket was damaged is listed with its reason and what to run, a retry while
still damaged sets it aside again and says so in one line, and once the ticket is restored a
retry acts on it (its card queued for the running app to deliver: once), a second retry is
refused in one line, and the ops notice of the first failure says how to retry it; dead
timers retried (``--all --kind timer``) fire once in the running app. Before,
nothing listed dead letters and nothing brought one back."""

from __future__ import annotations

import getpass
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.core.models import Author, Mention
from bot.core.ports import DueTimer
from bot.engine.pipeline import POISON_AFTER, PoisonRetry
from tests.app.cli_support import clean_env, socialops
from tests.conftest import FakeClock
from tests.engine.test_dead_retry import restore
from tests.store.test_damaged_records import damage
from tests.support.redis_server import RedisServer

RULES = """\
routes:
  - {name: praise, match: {any: [broken]}, action: alert, channel: marketing, continue: true}
  - {name: support, match: {any: [broken]}, action: ticket, channel: support}
"""
CONFIG = """\
sources:
  - {{id: brand, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  marketing: {{workspace: console, id: marketing}}
  support: {{workspace: console, id: support}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""


def write_config(tmp: Path, backend: str, redis_url: str) -> Path:
    (tmp / "rules.yaml").write_text(RULES)
    (tmp / "empty.jsonl").write_text("")
    store = (f'{{backend: redis, redis_url: "{redis_url}"}}' if backend == "redis"
             else f'{{backend: sqlite, path: "{tmp / "s.db"}"}}')
    cfg = tmp / "socialops.yaml"
    cfg.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return cfg


def post(n: int, text: str, at: datetime) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="brand", text=text,
                   author=Author(id="a1", handle="kasia"), created_at=at, thread_id="100")


async def set_aside(app: App, clock: FakeClock) -> str:
    """mastodon:2, in T-1's conversation, set aside while T-1 is damaged: T-1's text as it
    was."""
    await app.pipeline.process(post(1, "login broken", clock()))
    good = await app.store.get_raw(K.TICKET, "T-1")
    assert good is not None
    await damage(app.store, K.TICKET, "T-1", "wrong type")
    clock.advance(minutes=1)
    for _ in range(POISON_AFTER):
        try:
            await app.pipeline.process_batch([post(2, "still broken", clock())])
        except PoisonRetry:
            continue
    assert [d.id for d in await app.store.list_dead()] == ["mastodon:2"]
    return good


@pytest.fixture(params=["sqlite", "redis"])
async def setup(request: pytest.FixtureRequest, tmp_path: Path, redis_server: RedisServer
                ) -> AsyncIterator[tuple[App, FakeClock, Path, Path]]:
    redis_server.flushall()
    cfg = write_config(tmp_path, request.param, redis_server.url)
    # the command's clock is the wall clock: the app's is near it, so marks kept for hours
    # are alive for both
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        yield app, clock, cfg, record


def posts(record: Path) -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    return [(r["channel"], r["key"]) for r in rows if r["op"] == "post"]


def run(cfg: Path, *args: str) -> tuple[int, str, str]:
    done = socialops("-c", str(cfg), "dead", *args, cwd=cfg.parent, env=clean_env())
    return done.returncode, done.stdout, done.stderr


async def test_a_dead_mention_is_listed_and_retried_once_from_the_command_line(
        setup: tuple[App, FakeClock, Path, Path]) -> None:
    app, clock, cfg, record = setup
    good = await set_aside(app, clock)
    await app.outbox.drain()
    [notice] = [r for r in map(json.loads, record.read_text().splitlines())
                if r["channel"] == "ops"]
    assert "is not retried on its own" in json.dumps(notice)
    assert "socialops dead retry mastodon:2" in json.dumps(notice)

    assert app.why is not None  # `why` says how to bring it back
    assert ("• processing failed and the post was set aside: UnreadableRecord: ticket T-1 "
            "cannot be read" in (await app.why.why("mastodon:2")).text)
    assert ("; once the cause is fixed, `socialops dead retry mastodon:2` processes it again"
            in (await app.why.why("mastodon:2")).text)
    code, out, err = run(cfg, "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "1 dead letter:"
    assert lines[1].startswith("• mastodon:2 (mention), set aside ")
    assert ": UnreadableRecord: ticket T-1 cannot be read: its stored record is damaged (" \
        in lines[1]
    assert lines[1].endswith(". Run: socialops dead retry mastodon:2")
    code, out, err = run(cfg, "list", "--kind", "timer", "--format", "json")
    assert (code, out) == (0, ""), err

    # still damaged: set aside again, said in one line
    code, out, err = run(cfg, "retry", "mastodon:2")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(
        "error: mention mastodon:2 failed again and is set aside again (its failures are "
        f"past the limit of {POISON_AFTER} already): UnreadableRecord: ticket T-1 "), err
    [dead] = await app.store.list_dead()
    assert dead.id == "mastodon:2"

    await restore(app.store, K.TICKET, "T-1", good)
    code, out, err = run(cfg, "retry", "mastodon:2", "--as", "alice")  # nobody of that name
    assert (code, out) == (1, "") and err.startswith("error: --as 'alice': no such person; "), err
    cfg.write_text(cfg.read_text().replace("spikes:", "people: [{id: alice, role: admin}]\n"
                                                      "spikes:"))
    code, out, err = run(cfg, "retry", "mastodon:2", "--as", "alice")
    assert (code, out) == (0, "mention mastodon:2 processed again (praise: alert, support: "
                              "ticket T-1); a running bot delivers its cards at its next "
                              "turn\n"), err
    code, out, err = run(cfg, "retry", "mastodon:2")  # a second retry: refused in one line
    assert (code, out) == (1, "")
    assert err == ("error: no dead letter mastodon:2: it was retried already, never set "
                   "aside, or was removed 30 days after it was set aside "
                   "(store.retention.dead_days); `socialops dead list` lists them\n")
    code, out, err = run(cfg, "list")
    assert (code, out) == (0, "No dead letters: every mention and timer was processed, or is "
                              "on its way.\n"), err

    clock.now = datetime.now(UTC) + timedelta(minutes=1)  # the cards the command queued
    await app.outbox.drain()
    assert [p for p in posts(record) if p[1].startswith("mastodon:2")] == [
        ("marketing", "mastodon:2|praise")]
    ticket = await app.store.get_ticket("T-1")
    assert ticket is not None and ticket.mention_ids.count("mastodon:2") == 1
    trace = await app.store.get_trace("mastodon:2")
    assert trace is not None and trace.outcome == "routed"
    audit = [(e.actor, e.action, e.object_id) for e in await app.store.audit_since(None)
             if e.action == "dead.retry"]
    assert audit == [(f"cli:{getpass.getuser()}", "dead.retry", "mastodon:2"),
                     ("alice", "dead.retry", "mastodon:2")]


def test_dead_retry_mistakes_are_one_line(tmp_path: Path, redis_server: RedisServer) -> None:
    cfg = write_config(tmp_path, "sqlite", redis_server.url)
    for args, said in [
        (["retry"], "error: socialops dead retry: name the dead letters to retry (`socialops "
                    "dead retry ID`), or --all; `socialops dead list` lists them; see "
                    "`socialops dead retry --help`\n"),
        (["retry", "x:1", "--all"], "error: socialops dead retry: give ids or --all, not both; "
                                    "see `socialops dead retry --help`\n"),
        (["list", "--kind", "outbox"], "error: socialops dead list: --kind 'outbox': use "
                                       "mention, timer or stream; see `socialops dead list "
                                       "--help`\n"),
    ]:
        # an argument missing, one too many or a value not offered: 2, as argparse's own
        code, out, err = run(cfg, *args)
        assert (code, out, err) == (2, "", said)


async def test_dead_timers_retried_from_the_command_line_fire_once(
        setup: tuple[App, FakeClock, Path, Path]) -> None:
    app, clock, cfg, _ = setup
    fired: list[str] = []

    async def job(t: DueTimer) -> None:  # the running bot's handler of this kind
        fired.append(t.payload)
        fx = Effects()
        fx.complete(t.id, t.token)
        assert await app.store.apply(fx)

    # a kind the command's app handles too (one nothing handles is refused: test_dead_letter_
    # edges), its handler here the test's
    app.timers.handlers[K.SNOOZE] = job
    fx = Effects()
    fx.dead += [DeadLetter("timer", f"snooze:T-{n}", "failed 5 times",
                           clock() + timedelta(seconds=n), f"payload {n}") for n in (1, 2)]
    assert await app.store.apply(fx)
    code, out, err = run(cfg, "list", "--format", "json")
    assert code == 0, err
    assert [(r["kind"], r["id"], r["reason"], r["retry"]) for r in map(json.loads,
                                                                      out.splitlines())] == [
        ("timer", f"snooze:T-{n}", "failed 5 times",
         f"socialops dead retry snooze:T-{n} --kind timer") for n in (1, 2)]
    code, out, err = run(cfg, "retry", "--all", "--kind", "timer")
    assert (code, out) == (0, "timer snooze:T-1 scheduled again for now; a running bot fires "
                              "it at its next turn\ntimer snooze:T-2 scheduled again for now; "
                              "a running "
                              "bot fires it at its next turn\n2 of 2 dead letters processed "
                              "again\n"), err
    code, out, err = run(cfg, "retry", "--all")
    # nothing to retry is no mistake: said, exit 0 (a runbook's step or a cron finds none)
    assert (code, out, err) == (0, "No dead letters to retry.\n", "")
    clock.now = datetime.now(UTC) + timedelta(minutes=1)
    await app.timers.fire_due()
    await app.timers.fire_due()
    assert sorted(fired) == ["payload 1", "payload 2"]
