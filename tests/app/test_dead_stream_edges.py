"""The Redis mention stream's dead letters at their edges, through the installed command on a
real redis-server (``tests/app/test_dead_stream.py`` has the ordinary path): an entry whose
post this release cannot read (a field of a release before, a hand edit) is refused in one
line and kept, not put back to be dropped unread by the bot; and `dead retry --all` with
``store.queue: false`` says the stream's are not retried in one line, not one per entry."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.app.compose import App
from bot.core.effects import DeadLetter, Effects
from tests.app.test_dead_letters import post, run
from tests.app.test_dead_stream import (
    cards,
    once,
    processed,
    set_aside_by_the_stream,
    stream_app,  # noqa: F401  (the fixture)
)


async def test_an_entry_whose_post_cannot_be_read_is_refused_in_one_line_and_kept(
        stream_app: tuple[App, Path, Path]) -> None:  # noqa: F811
    """Put back, the bot drops an entry that is not a mention of this release ('is not a
    mention; dropping it'): the retry said it was put back, and the post was gone for good."""
    app, cfg, record = stream_app
    q = app.queue
    assert q is not None
    older = json.loads(post(10, "login broken 10", datetime.now(UTC)).model_dump_json())
    older["legacy_score"] = 0.5  # a field of a release before, which this one forbids
    entry = str(await q.r.xadd(q.dead, {"id": "1-0", "m": json.dumps(older)}))
    code, out, err = run(cfg, "retry", entry)
    assert (code, out) == (1, ""), out
    assert err.startswith(f"error: mention mastodon:10 (stream entry {entry}) cannot be "
                          "processed again: its entry holds no post this socialops can read "
                          "("), err
    assert err.endswith(f"; it is left as it is (`redis-cli XDEL socialops:mentions:dead "
                        f"{entry}` removes it)\n"), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert [str(i) for i, _ in await q.r.xrange(q.dead)] == [entry]  # kept, as it was
    assert await q.r.xlen(q.stream) == 0
    assert [e for e in await app.store.audit_since() if e.action == "dead.retry"] == []
    e7 = (await set_aside_by_the_stream(app, 7))[0]
    code, out, err = run(cfg, "retry", "--all")
    assert code == 1
    assert out.splitlines()[0].startswith(f"mention mastodon:7 (stream entry {e7}) put back")
    assert out.splitlines()[1] == "1 of 2 dead letters processed again"
    assert len(err.splitlines()) == 1 and "mastodon:10" in err, err
    await processed(app)
    await once(app, record, 7)
    assert cards(record, 10) == []
    assert [str(i) for i, _ in await q.r.xrange(q.dead)] == [entry]


async def test_retry_all_with_the_queue_off_says_the_streams_are_left_in_one_line(
        stream_app: tuple[App, Path, Path]) -> None:  # noqa: F811
    app, cfg, _ = stream_app
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "mastodon:1", "RuntimeError: a bug",
                              datetime.now(UTC), post(1, "login broken", datetime.now(UTC))
                              .model_copy(update={"thread_id": "1"}).model_dump_json()))
    assert await app.store.apply(fx)
    entries = await set_aside_by_the_stream(app, 7, 8, 9)
    cfg.write_text(cfg.read_text().replace("queue: true", "queue: false"))
    code, out, err = run(cfg, "retry", "--all")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("mention mastodon:1 processed again"), out
    assert lines[1:] == ["1 of 4 dead letters processed again"], out
    assert err == ("error: 3 dead letters of the mention stream not retried: they would go back "
                   "to the Redis mention stream, which no process reads here (store.queue is "
                   "false): set store.queue: true, then retry them\n"), err
    code, out, err = run(cfg, "retry", "--all", "--kind", "stream")
    assert (code, out) == (1, "0 of 3 dead letters processed again\n")
    assert len(err.splitlines()) == 1 and err.startswith("error: 3 dead letters of the mention "
                                                         "stream not retried"), err
    assert app.queue is not None
    assert [str(i) for i, _ in await app.queue.r.xrange(app.queue.dead)] == entries
