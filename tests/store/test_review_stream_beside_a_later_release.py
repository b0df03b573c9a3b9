"""A process of this release beside one of a later release on one redis-server (processes
upgraded one by one, docs/storage.md, Upgrading): a post the later release put in the shared
mention stream with a field this release does not know is set aside as a dead letter of the
stream, whole, for that release's ``socialops dead retry``, never acknowledged and dropped.

Found by running the release of layout 7 (807c36d2^) beside this one on a real redis-server:
it took each post edited or deleted by its author that this release's sources queued ('queue
entry ... is not a mention; dropping it') and acknowledged it, so the edit or the delete was
lost for good (a Mastodon stream or Jetstream event is not sent again) and the card kept the
deleted post's words. This release did the same to a later one's posts."""

from __future__ import annotations

import json

from bot.app.compose import App
from bot.store.dead_stream import DeadStream
from tests.store.test_queue import apps, mention  # noqa: F401  (the fixture)


def later_release(n: int) -> str:
    """A post as a later release queues it: a field this release forbids (records are
    strict), as layout 8's revision and revised_at were to layout 7."""
    data = json.loads(mention(n).model_dump_json())
    data["reread"] = {"at": "2026-12-06T10:00:00+00:00"}
    return json.dumps(data)


async def test_a_later_releases_post_in_the_stream_is_set_aside_whole_not_dropped(
        apps: list[App]) -> None:  # noqa: F811
    q = apps[0].queue
    assert q is not None
    await q._ensure_group()  # the group, as the later release's process made it
    later = later_release(1)
    entry = str(await q.r.xadd(q.stream, {"m": later}))
    await q.r.xadd(q.stream, {"m": mention(2).model_dump_json()})
    runtime = apps[1].runtime()
    while await runtime.consume_once(block_ms=50):
        pass
    await apps[1].outbox.drain()
    dead = await q.r.xrange(q.dead)
    assert [(f["id"], f["m"]) for _, f in dead] == [(entry, later)]  # whole, as it was written
    depth, _ = await q.depth_and_lag()
    assert depth == 0  # acknowledged with the move, in one transaction; mention 2 processed
    [item] = await DeadStream(q.r, q.keys).page(limit=10)
    assert item.data == later
    assert item.reason.startswith("mention mastodon:1 holds what this release cannot read ("), \
        item.reason
    assert item.reason.endswith("; a later release's?): `socialops dead retry` of the release "
                                "that wrote it takes it back (not this release's)"), item.reason
    # how it is listed and why answers: not "run: socialops dead retry ID", which this
    # release refuses for such an entry
    from bot.app.dead_letters import line, why_set_aside

    listed = line(item)
    said = await why_set_aside(DeadStream(q.r, q.keys), "mastodon:1")
    assert said is not None and "Run:" not in listed and "then run" not in said, (listed, said)
    assert said.endswith("takes it back (not this release's)"), said


async def test_an_entry_holding_no_post_at_all_is_set_aside_too(
        apps: list[App]) -> None:  # noqa: F811
    q = apps[0].queue
    assert q is not None
    await q._ensure_group()
    entry = str(await q.r.xadd(q.stream, {"x": "a hand edit"}))
    assert await apps[1].runtime().consume_once(block_ms=50) == 0
    assert [f["id"] for _, f in await q.r.xrange(q.dead)] == [entry]
    assert (await q.depth_and_lag())[0] == 0


async def test_a_post_an_earlier_release_set_aside_is_this_releases_to_retry(
        apps: list[App]) -> None:  # noqa: F811
    """The other way round, as a rolling upgrade goes (docs/storage.md, Upgrading): a process
    of the release before still running beside this one sets aside a post this release
    queued (a Reddit post a moderator removed, ``removed_by``, which layout 8 forbids; tried
    with 10490eb3 beside this one on a redis-server). Its reason was written by that process:
    this release listed it as one "this release cannot read", "not this release's", without
    the retry to run, and ``why`` likewise, while its ``dead retry`` takes it back."""
    q = apps[0].queue
    assert q is not None
    await q._ensure_group()
    ours = mention(3).model_copy(update={"revision": "delete", "text": "",
                                         "revised_at": mention(3).created_at,
                                         "removed_by": "moderator"})
    data = ours.model_dump_json()
    # as the release before's process sets it aside (bot/store/queue.py, _dead_letter)
    await q.r.xadd(q.dead, {"id": "1-0", "m": data, "taken": "1",
                            "unread": "removed_by: Extra inputs are not permitted"})
    [item] = await DeadStream(q.r, q.keys).page(limit=10)
    from bot.app.dead_letters import line, why_set_aside

    listed = line(item)
    said = await why_set_aside(DeadStream(q.r, q.keys), ours.id)
    assert "this release cannot read" not in item.reason, item.reason
    assert "not this release's" not in listed, listed
    assert "removed_by: Extra inputs are not permitted" in item.reason, item.reason  # why
    assert listed.endswith(f". Run: socialops dead retry {item.id}"), listed
    assert said is not None and said.endswith(f"then run: socialops dead retry {item.id}"), said
