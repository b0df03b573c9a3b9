"""`socialops why` names a post the Redis mention stream set aside (by its mention id or the
dead letter's entry id), through the installed command on a real redis-server: such a post was
fetched but never processed, so it has no trace, and `why`, the user's first tool
(docs/never-silent.md), said it was never fetched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.app.compose import App
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import post, run
from tests.app.test_dead_stream import (
    processed,
    set_aside_by_the_stream,
    stream_app,  # noqa: F401  (the fixture)
)
from tests.support.redis_server import RedisServer


def why(cfg: Path, target: str) -> tuple[int, str, str]:
    done = socialops("-c", str(cfg), "why", target, cwd=cfg.parent, env=clean_env())
    return done.returncode, done.stdout, done.stderr


async def test_why_names_a_post_the_stream_set_aside(
        stream_app: tuple[App, Path, Path]) -> None:  # noqa: F811
    """`why` is the first tool: a post the stream set aside was fetched (never processed, so
    it has no trace), and `why` said it was never fetched."""
    app, cfg, _ = stream_app
    [entry] = await set_aside_by_the_stream(app, 7)
    at = datetime.fromtimestamp(int(entry.split("-")[0]) / 1000, UTC)
    said = ("mastodon:7 was fetched and set aside by the Redis mention stream "
            f"{at:%Y-%m-%d %H:%M} UTC as its dead letter {entry}, never processed: taken 4 times "
            "by processes "
            "that died or stalled on it, never acknowledged. Fix the cause, then run: "
            f"socialops dead retry {entry}\n")
    q = app.queue
    assert q is not None
    async with q.r.pipeline(transaction=False) as pipe:  # set aside after it: pages of 500
        for n in range(1200):
            pipe.xadd(q.dead, {"id": f"{n}-0", "m": post(1000 + n, "x", datetime.now(UTC))
                               .model_dump_json(), "taken": "5"})
        fillers = await pipe.execute()
    for target in ("mastodon:7", entry):
        code, out, err = why(cfg, target)
        assert (code, out, err) == (0, said, ""), (target, out, err)
    await q.r.xdel(q.dead, *fillers)  # the others gone again
    code, out, err = why(cfg, "mastodon:99")  # not set aside: as before
    assert (code, out, err) == (0, "mastodon:99: never fetched, or fetched longer ago than the "
                                   "traces are kept (store.retention.traces_days)\n", "")
    code, out, err = why(cfg, "1-0")
    assert (code, out, err) == (0, "1-0: no dead letter of the mention stream has this entry id "
                                   "(retried, or removed store.retention.dead_days after it was "
                                   "set aside); `socialops dead list` lists them\n", "")
    assert run(cfg, "retry", entry)[0] == 0
    await processed(app)
    code, out, err = why(cfg, "mastodon:7")  # processed: its trace
    assert code == 0 and "set aside" not in out and "praise" in out, out


async def test_why_says_when_the_stream_set_a_post_aside_on_the_configs_clock(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """By its mention id and by its entry id, on the clock every workspace names beside UTC
    (``cli.terminal_zone``), as `why` says its other times and `dead list` this one; it said
    UTC alone."""
    import io
    from zoneinfo import ZoneInfo

    from bot.app.compose import open_app
    from bot.core.config import load_config
    from tests.app.test_dead_stream import stream_config

    redis_server.flushall()
    cfg = stream_config(tmp_path, redis_server.url)
    cfg.write_text(cfg.read_text().replace(
        "workspaces: [{name: console, type: console}]",
        "workspaces: [{name: console, type: console, timezone: Asia/Kolkata}]"))
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        [entry] = await set_aside_by_the_stream(app, 7)
    at = datetime.fromtimestamp(int(entry.split("-")[0]) / 1000, UTC)
    local = at.astimezone(ZoneInfo("Asia/Kolkata"))
    day = "" if local.date() == at.date() else f"{local:%Y-%m-%d} "
    shown = f"{at:%Y-%m-%d %H:%M} UTC ({day}{local:%H:%M} Asia/Kolkata)"
    code, out, err = why(cfg, "mastodon:7")
    assert (code, err) == (0, ""), err
    assert out.startswith(f"mastodon:7 was fetched and set aside by the Redis mention stream "
                          f"{shown} as its dead letter {entry}, never processed: "), out
    code, out, err = why(cfg, entry)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{entry}: a dead letter of the Redis mention stream, set aside "
                          f"{shown}: ") or f"set aside by the Redis mention stream {shown} " \
        in out, out
