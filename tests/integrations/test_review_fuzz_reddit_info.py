"""Hostile ``GET /api/info`` answers and a hand-damaged ``#watch`` cursor, against the Reddit
source's re-read of the things it watches for edits (``RedditSource._reread``, a fuzzing
review, 2026-12-06).

Reddit's ``edited`` is "false if not edited, edit date in UTC epoch-seconds otherwise"
(reddit-archive/reddit wiki, JSON): a number out of ``datetime``'s range (1e308, a year past
9999) made the poll raise ``OverflowError``/``ValueError`` at every poll after, the account
never read again. A ``#watch`` entry dated ahead (a hand-edited cursor, a clock set far ahead
once) outlived every real one (the newest 1,000 kept): edits went unfollowed for good. Over
real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ports import Store
from integrations.social.reddit.source import (
    MAX_WATCHED,
    WATCH,
    WATCH_READ_AT_MOST,
    RedditSource,
    _watch_of,
)
from tests.conftest import FakeClock
from tests.integrations.test_reddit import config, net, store
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.fake_reddit import Reads
from tests.support.fakes import Cursors
from tests.support.mutations import SETTINGS, mutation, render, shown
from tests.support.netserver import NetServer
from tests.support.polling import World, bounded, one_line_logs, opened_world, polled

__all__ = ["net", "store"]


@pytest.mark.parametrize("edited", [1e308, 1e12, 253402300800.0])
async def test_an_edited_out_of_every_calendar_is_an_edit_dated_when_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        edited: float) -> None:
    reads, _, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.thing(comment)["data"].update(body="other words", edited=edited)
    clock.advance(minutes=1)
    [edit] = await src.poll()
    assert (edit.revision, edit.text, edit.revised_at) == ("edit", "other words", clock.now)
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    assert cursor[WATCH][comment][1] <= clock.now.timestamp()  # no date ahead kept
    reads.thing(comment)["data"].update(body="again", edited=clock.now.timestamp() + 30)
    clock.advance(minutes=1)
    [again] = await src.poll()  # a later real edit is still followed
    assert (again.revision, again.text) == ("edit", "again")


async def test_watch_entries_dated_ahead_crowd_out_nothing(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """1,000 entries made ahead of the clock (the newest 1,000 are kept: these outlived every
    real one, the real post and comment dropped at once, their edits never read), and names
    of a subreddit and an account (``/api/info`` answers those too: each an unreadable thing
    counted at every poll for a day)."""
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    for n in range(MAX_WATCHED):
        cursor[WATCH][f"t1_zz{n}"] = [1e300, 0, "", 0]
    cursor[WATCH]["t5_2qh1i"] = [clock.now.timestamp(), 0, "", 0]  # a subreddit's name
    cursor[WATCH]["t2_abc"] = [clock.now.timestamp(), 0, "", 0]  # an account's
    await store.set_cursor("rd", json.dumps(cursor))
    reads.edit(comment, "acme answered", at=clock.now)
    clock.advance(minutes=1)
    [edit] = await src.poll()
    assert (edit.id, edit.revision) == (f"reddit:{comment}", "edit")
    asked = {n for batch in reads.info_asked for n in batch}
    assert asked == {post, comment}
    assert set(json.loads(await store.get_cursor("rd") or "{}")[WATCH]) == {post, comment}


async def test_a_watch_past_what_is_read_is_dropped_said_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """No release writes more than ``MAX_WATCHED``: a watch of more than ``WATCH_READ_AT_MOST``
    entries is no cursor of ours, read not (the things read from now on are watched), said in
    one line. Measured before: a watch of 10^6 entries cost 3 s of the loop's CPU sorting it,
    beside the 1.2 s of decoding 40 MB (written here a few times past the bound, which is what
    is checked: the million took over a minute of the suite on a loaded machine)."""
    reads, _, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    now = clock.now.timestamp()
    cursor[WATCH] = {f"t1_{n:x}": [now - 60, 0, "abc", 0] for n in range(3 * WATCH_READ_AT_MOST)}
    await store.set_cursor("rd", json.dumps(cursor))
    clock.advance(minutes=1)
    newer = reads.post("acme again", at=clock.now)
    with caplog.at_level(logging.WARNING):
        got = await src.poll()
    assert [m.id for m in got] == [f"reddit:{newer}"]
    said = [r.getMessage() for r in caplog.records if WATCH in r.getMessage()]
    assert len(said) == 1 and "\n" not in said[0]
    assert set(json.loads(await store.get_cursor("rd") or "{}")[WATCH]) == {newer}
    assert reads.info_asked == []  # none of the million asked for


@pytest.mark.parametrize("kept", [
    None, [], "t1_x", 1e308, {"t1_a": None}, {"t1_a": [1, 2, 3]},
    {"t1_a": ["x", 0, "", 0]}, {"t1_a": [float("nan"), 0, "", 0]},
    {"t1_a": [1, 0, "a" * 10**6, 0]}, {"t1_a": [1, 0, "", 0, 5]}, {"": [1, 0, "", 0]},
    {"t1_a": list(range(10**5))}, {"T1_A": [1, 0, "", 0]}, {"t1_a": [True, False, "", True]},
], ids=repr)
async def test_a_damaged_watch_is_a_quiet_restart_of_it(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        kept: Any) -> None:
    reads, _, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    cursor[WATCH] = kept
    await store.set_cursor("rd", json.dumps(cursor))
    clock.advance(minutes=1)
    newer = reads.post("acme again", at=clock.now)
    assert [m.id for m in await src.poll()] == [f"reddit:{newer}"]
    assert set(json.loads(await store.get_cursor("rd") or "{}")[WATCH]) == {newer}


# --- /api/info answers mutated at every path (tests/support/mutations.py) -----------------

@pytest.fixture(scope="module")
def fuzzed() -> Iterator[World]:
    with opened_world() as w:
        yield w


def _info_answer(reads: Reads, names: list[str]) -> Any:
    return reads.answer("GET", "/api/info", {"id": ",".join(names)})[2]


def _doc() -> Any:
    """The answer of ``/api/info`` for the post and comment of ``world``, both edited."""
    clock = FakeClock()
    reads, post, comment = world(clock)
    reads.edit(post, "EDIT: acme refunded me", at=clock.now + timedelta(seconds=30))
    reads.edit(comment, "acme answered", at=clock.now + timedelta(seconds=30))
    return _info_answer(reads, [post, comment])


_DOC = _doc()


def _item(path: tuple[str | int, ...]) -> int | None:
    return int(path[2]) if path[:2] == ("data", "children") and len(path) > 2 else None


def mutated_info_poll(fuzzed: World, data: st.DataObject, doc: Any,
                      clock: FakeClock) -> tuple[Any, str, Any]:
    """The poll after a first one, its ``/api/info`` answer ``doc`` mutated at a path drawn
    from ``data``: the poll (never failed, at most the two things read), the path and the
    mutation."""
    path, kind = data.draw(mutation(doc, item=_item), label="path, kind")
    reads, _, _ = world(clock)
    reads.serve(fuzzed.net)
    src = RedditSource(config(fuzzed.net, comments=True), store=Cursors(),
                       client=fuzzed.client, clock=clock)
    first = polled(fuzzed, src, src.poll)
    assert first.error is None and first.mentions is not None and len(first.mentions) == 2
    fuzzed.net.bytes("GET", "/api/info", render(doc, path, kind),
                     headers={"Content-Type": "application/json"})
    clock.advance(minutes=1)
    out = polled(fuzzed, src, src.poll)
    assert out.error is None, f"{shown(path)} = {kind}: the poll failed: {out.error}"
    assert out.mentions is not None and len(out.mentions) <= 2
    return out, shown(path), kind


@SETTINGS
@given(data=st.data())
def test_a_mutated_info_answer_is_a_counted_skip_never_a_failed_poll(
        fuzzed: World, data: st.DataObject) -> None:
    clock = FakeClock()
    out, path, kind = mutated_info_poll(fuzzed, data, _DOC, clock)
    assert out.skips <= 2, f"{path} = {kind}: {out.skips} skips"
    one_line_logs(out)
    for m in out.mentions:
        bounded(m)
        assert m.revision in ("edit", "delete")
        assert m.revised_at is not None and m.revised_at <= clock.now


@pytest.mark.parametrize("raw", ["[" * 100_000 + "]" * 100_000,
                                 '{"#watch": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001])
async def test_a_cursor_nested_past_the_recursion_limit_is_a_quiet_restart(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        raw: str) -> None:
    """``common.cursor.load_cursor`` took ``ValueError`` as damage; ``json.loads`` raises
    ``RecursionError`` for this, out of every poll of the source after (its cursor never
    written again): read by ``bot.core.jsonbody.loads`` now, depth cut."""
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await store.set_cursor("rd", raw)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted([f"reddit:{post}", f"reddit:{comment}"])
    assert set(json.loads(await store.get_cursor("rd") or "{}")[WATCH]) == {post, comment}


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["t1_abc", "t3_zz", "t5_x", "t1_", "T1_ABC", "t1_" + "a" * 14]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["t1_abc", "t3_zz", "t5_x", "t2_q", "", "t1_a,t1_b"]) | st.text(
            max_size=8), inner, max_size=5),
    max_leaves=20)


@SETTINGS
@given(kept=_JSON)
def test_any_json_as_the_watch_reads_as_posts_and_comments_of_sane_times(kept: Any) -> None:
    now = FakeClock().now.timestamp()
    watch = _watch_of(kept, now)
    for name, (made, edited, digest, read) in watch.items():
        assert name[:3] in ("t1_", "t3_") and "," not in name
        assert isinstance(digest, str) and len(digest) <= 12
        for v in (made, edited, read):
            assert isinstance(v, float) and math.isfinite(v)
        assert made <= now + 3600 and edited <= now and read <= now


async def test_an_answer_of_thousands_of_things_unasked_twice_or_of_other_kinds(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``/api/info`` answers with the edited comment three times (the third with other
    words), 3,000 things not asked, an account (``t2``) and a subreddit (``t5``) named as
    the post, and a child without a name or id: one edit, of the comment, as first
    answered; nothing else read, nothing raised."""
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.edit(comment, "acme answered", at=clock.now)
    doc = _info_answer(reads, [comment])
    [edited] = doc["data"]["children"]
    other = json.loads(json.dumps(edited))
    other["data"]["body"] = "a second answer for the same name"
    strangers = []
    for n in range(3000):
        s = json.loads(json.dumps(edited))
        s["data"].update(id=f"zz{n}", name=f"t1_zz{n}", body=f"not asked {n}")
        strangers.append(s)
    kinds = [{"kind": k, "data": {"id": post[3:], "name": post, "title": "x"}}
             for k in ("t2", "t5")]
    doc["data"]["children"] = [edited, edited, other, *strangers, *kinds,
                               {"kind": "t1", "data": {"body": "no name"}}]
    net.json("GET", "/api/info", doc)
    clock.advance(minutes=1)
    got = await src.poll()
    assert [(m.id, m.revision, m.text) for m in got] == [
        (f"reddit:{comment}", "edit", "acme answered")]
    assert set(json.loads(await store.get_cursor("rd") or "{}")[WATCH]) == {post, comment}
