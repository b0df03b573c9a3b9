"""`socialops dead` at its edges, through the installed command beside an app on the same
store (a SQLite file, a real redis-server).

A dead timer of a kind nothing handles any more (a kind of an older release, spike checks
turned off): before, its retry said "scheduled again for now; a running bot fires it at its
next turn", and the running bot set it aside again at its next turn ("no handler"); now it is
refused in one line saying why, and left as it is."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.engine.pipeline import POISON_AFTER, PoisonRetry
from tests.app.cli_support import clean_env, first_run_database
from tests.app.test_dead_letters import (
    post,
    run,
    setup,  # noqa: F401  (the fixture: both stores)
    write_config,
)
from tests.conftest import FakeClock
from tests.engine.test_dead_retry import restore
from tests.store.test_damaged_records import damage
from tests.support.redis_server import RedisServer


async def test_a_dead_timer_of_a_kind_nothing_handles_is_refused_in_one_line(
        setup: tuple[App, FakeClock, Path, Path]) -> None:  # noqa: F811
    app, clock, cfg, _ = setup
    fx = Effects()
    fx.dead += [DeadLetter("timer", "gone:1", "no handler for timer kind 'gone'", clock(), "{}"),
                DeadLetter("timer", K.timer(K.SNOOZE, "T-9"), "failed 5 times", clock(),
                           json.dumps({"ticket": "T-9"}))]
    assert await app.store.apply(fx)
    said = ("error: timer gone:1 is of kind 'gone', which nothing in this socialops and its "
            "config handles (a kind of an older release, or a feature turned off): retried, it "
            "would be set aside again; it is left as it is\n")
    code, out, err = run(cfg, "retry", "gone:1")
    assert (code, out, err) == (1, "", said)
    code, out, err = run(cfg, "retry", "--all")
    assert (code, out, err) == (1, "timer snooze:T-9 scheduled again for now; a running bot "
                                   "fires it at its next turn\n1 of 2 dead letters processed "
                                   "again\n", said)
    assert [d.id for d in await app.store.list_dead()] == ["gone:1"]
    assert await app.store.timer_due("gone:1") is None


async def test_the_command_dead_list_shows_for_a_hostile_id_runs_verbatim(
        setup: tuple[App, FakeClock, Path, Path]) -> None:  # noqa: F811
    """A post's id is the network's: a line break or an escape sequence in it (allowed up to
    320 characters). The `Run:` command of `dead list` (and its json `retry`) is pasted into
    a shell as it is: it names that dead letter, not a lookalike with a space for the line
    break (before: `no dead letter mastodon:1 x`), and shows no escape to the terminal."""
    app, clock, cfg, _ = setup
    hostile = ["mastodon:1\nx", "mastodon:\x1b[2J\x1b]0;pwned\x07z", "mastodon:'$(id)`id`"]
    fx = Effects()
    fx.dead += [DeadLetter("mention", i, "RuntimeError: a bug", clock(),
                           post(n, "still broken", clock()).model_copy(update={"id": i})
                           .model_dump_json()) for n, i in enumerate(hostile)]
    assert await app.store.apply(fx)
    code, out, err = run(cfg, "list")
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    commands = [line.split(". Run: ", 1)[1] for line in out.splitlines() if ". Run: " in line]
    assert len(commands) == 3, out
    code, out, err = run(cfg, "list", "--format", "json")
    assert [json.loads(x)["retry"] for x in out.splitlines()] == commands
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=cfg.parent, env=clean_env(),
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout.startswith("mention mastodon:"), done.stdout
    assert await app.store.list_dead() == []


SLA_RULES = """\
routes:
  - {name: support, match: {any: [broken]}, action: ticket, channel: support, sla: 10m,
     escalation: esc}
"""


async def test_a_retried_mention_opening_a_ticket_arms_its_timers_as_a_new_one(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """A review check (it passed as the retry was written): a dead mention retried from the
    command line opens its ticket with the SLA and first escalation timers a mention processed
    by the bot gets, counted from when the ticket was opened, on both stores."""
    for backend in ("sqlite", "redis"):
        redis_server.flushall()
        where = tmp_path / backend
        where.mkdir()
        cfg = write_config(where, backend, redis_server.url)
        (where / "rules.yaml").write_text(SLA_RULES)
        cfg.write_text(cfg.read_text().replace(
            "spikes:", "escalations:\n  - {name: esc, steps: [{after_minutes: 15, notify_users: "
                       "[alice]}]}\npeople: [{id: alice, role: agent}]\nspikes:"))
        async with open_app(load_config(cfg), out=io.StringIO(),
                            record_path=where / "record.jsonl") as app:
            now = datetime.now(UTC)
            normal = post(1, "login broken", now).model_copy(update={"thread_id": "1"})
            await app.pipeline.process(normal)
            dead = post(2, "still broken", now).model_copy(update={"thread_id": "2"})
            fx = Effects()
            fx.dead.append(DeadLetter("mention", dead.id, "RuntimeError: a bug", now,
                                      dead.model_dump_json()))
            assert await app.store.apply(fx)
            code, out, err = run(cfg, "retry", "mastodon:2")
            assert (code, err) == (0, ""), backend
            assert "support: ticket T-2" in out
            for ticket_id in ("T-1", "T-2"):
                ticket = await app.store.get_ticket(ticket_id)
                assert ticket is not None
                sla = await app.store.timer_due(K.timer(K.SLA, ticket_id))
                esc = await app.store.timer_due(K.timer(K.ESCALATION, ticket_id))
                assert sla is not None and esc is not None, (backend, ticket_id)
                assert (sla - ticket.created_at, esc - ticket.created_at) == (
                    timedelta(minutes=10), timedelta(minutes=15)), (backend, ticket_id)


async def test_dead_list_lists_the_mentions_the_redis_stream_set_aside(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """On Redis, an entry of the mention stream that processes died on too often goes to
    `<prefix>mentions:dead` (bot.store.queue). Before, `dead list` only counted them in a note
    and `dead retry` did not take them; now they are listed as dead letters of kind stream by
    their entry id, those written before the count of takings was kept too
    (tests/app/test_dead_stream.py retries them)."""
    redis_server.flushall()
    cfg = write_config(tmp_path, "redis", redis_server.url)
    code, out, err = run(cfg, "list")
    assert (code, err) == (0, "") and "mentions:dead" not in out  # none: not a word of it
    m = post(7, "login broken again", datetime.now(UTC))
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    try:  # as written before 2026-12-01: the entry's id and its post
        ids = [client.xadd("socialops:mentions:dead", {"id": "1-0", "m": m.model_dump_json()})
               for _ in range(2)]
    finally:
        client.close()
    code, out, err = run(cfg, "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "2 dead letters:"
    for line, entry in zip(lines[1:3], ids, strict=True):
        assert line.startswith(f"• {entry} (stream), set aside "), line
        assert line.endswith(" UTC: mention mastodon:7 taken too many times "
                             "(store.queue_max_deliveries) by processes that died or stalled "
                             f"on it, never acknowledged. Run: socialops dead retry {entry}")
    code, out, err = run(cfg, "list", "--format", "json")  # stdout stays JSON lines
    assert (code, err) == (0, "")
    assert [json.loads(x)["id"] for x in out.splitlines()] == ids


def test_an_id_typed_with_what_a_line_hides_is_shown_so(tmp_path: Path,
                                                        redis_server: RedisServer) -> None:
    """An id pasted with a line break or a space at its end, or an escape sequence, is no dead
    letter's: the refusal shows it as typed (quoted for the shell), not as the id it looks like
    on a line (before: `no dead letter mastodon:1:`, for a mastodon:1 listed just above)."""
    cfg = write_config(tmp_path, "sqlite", redis_server.url)
    first_run_database(tmp_path / "s.db")
    for typed, shown in [("mastodon:1\n", "$'mastodon:1\\n'"), ("mastodon:1 ", "'mastodon:1 '"),
                         ("\x1b[2Jesc:T-1", "$'\\x1b[2Jesc:T-1'")]:
        code, out, err = run(cfg, "retry", typed)
        assert (code, out) == (1, "")
        assert err.startswith(f"error: no dead letter {shown}: it was retried already"), err


async def test_why_names_the_retry_of_a_dead_mention_with_a_backtick_in_its_id_whole(
        setup: tuple[App, FakeClock, Path, Path]) -> None:  # noqa: F811
    """`why` shows the command that brings a dead mention back in a code span. An id is the
    network's and may hold a backtick, which ended the span early (the rest of the command
    read as text, a second backtick opening another span): now it is written \\x60 in
    ANSI-C quotes, and the command, taken from the span and run in bash, retries it."""
    app, clock, cfg, record = setup
    await app.pipeline.process(post(1, "login broken", clock()))
    good = await app.store.get_raw(K.TICKET, "T-1")
    assert good is not None
    await damage(app.store, K.TICKET, "T-1", "wrong type")
    clock.advance(minutes=1)
    hostile = post(2, "still broken", clock()).model_copy(update={"id": "mastodon:2`id`"})
    for _ in range(POISON_AFTER):
        try:
            await app.pipeline.process_batch([hostile])
        except PoisonRetry:
            continue
    assert [d.id for d in await app.store.list_dead()] == ["mastodon:2`id`"]
    assert app.why is not None
    said = (await app.why.why("mastodon:2`id`")).text
    span = said.split("once the cause is fixed, `", 1)[1].split("` processes it again", 1)[0]
    assert span == "socialops dead retry $'mastodon:2\\x60id\\x60'", said
    # the ops channel's notice, in the same code spans
    await app.outbox.drain()
    [notice] = [json.dumps(r, ensure_ascii=False) for r in map(json.loads, record.read_text()
                .splitlines()) if r["channel"] == "ops"]
    assert "`why mastodon:2\uff40id\uff40` shows its trace" in notice, notice
    # and that `why`, typed as the notice shows it (the lookalike for each backtick), shows it
    shown = (await app.why.why("mastodon:2\uff40id\uff40")).text
    assert shown.startswith("mastodon:2`id` by @") and "set aside" in shown, shown
    assert "`socialops dead retry $'mastodon:2\\\\x60id\\\\x60'`" in notice, notice
    await restore(app.store, K.TICKET, "T-1", good)
    done = subprocess.run(["bash", "-c", span], cwd=cfg.parent, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (span, done.stderr)
    assert await app.store.list_dead() == []


async def test_a_dead_mentions_id_with_a_line_break_draws_no_line_of_its_own(
        setup: tuple[App, FakeClock, Path, Path]) -> None:  # noqa: F811
    """A mention's id is the network's and may hold a line break or an escape sequence: the
    ops channel's notice of it set aside began with the id as it came, so the id drew lines of
    its own there ('✅ fixed, nothing to do'). It names it as the retry command does, escaped
    in ANSI-C quotes (as ``socialops dead list`` does)."""
    app, clock, _, record = setup
    await app.pipeline.process(post(1, "login broken", clock()))
    await damage(app.store, K.TICKET, "T-1", "wrong type")
    clock.advance(minutes=1)
    hostile_id = "mastodon:2\n\n\u2705 fixed, nothing to do\x1b[2J"
    hostile = post(2, "still broken", clock()).model_copy(update={"id": hostile_id})
    for _ in range(POISON_AFTER):
        try:
            await app.pipeline.process_batch([hostile])
        except PoisonRetry:
            continue
    assert [d.id for d in await app.store.list_dead()] == [hostile_id]
    await app.outbox.drain()
    [notice] = [r for r in map(json.loads, record.read_text().splitlines())
                if r["channel"] == "ops"]
    text = notice["text"]
    assert "\n" not in text and "\x1b" not in text, text
    assert text.startswith("$'mastodon:2\\n\\n\u2705 fixed, nothing to do\\x1b[2J' failed 3 "
                           "times"), text
