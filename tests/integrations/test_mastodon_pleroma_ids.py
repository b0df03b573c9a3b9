"""Pleroma's and Akkoma's ids: a FlakeId, 128 bits (64 of milliseconds, 48 of node, 16 of
sequence) written in base62, 18 characters today; an object made before Pleroma moved to
flake ids (2019) keeps its integer, stored as <<0::64, id::64>> and written as that integer
(``Pleroma.FlakeId.to_string``, soapbox-pub/rebased lib/pleroma/flake_id.ex): below every
flake id. The source ranked any number above any text id, so on a long-lived Pleroma server
a hashtag whose newest page still listed such a status made its integer the cursor, and every
later status (a flake id, ranked below it) was skipped as read, for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from integrations.social.mastodon.parse import id_key, newer
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import TAG, FakeTimeline, config, real_status
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def flake(at: datetime, seq: int = 0) -> str:
    """A Pleroma FlakeId made ``at``, written as Pleroma writes it (base62, no padding)."""
    n = (int(at.timestamp() * 1000) << 64) | (0x1234_5678_9ABC << 16) | seq
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _BASE62[r] + out
    return out


def binary(native_id: str) -> int:
    """The 128-bit value Pleroma stores an id as, which it orders by."""
    if native_id.isdigit() and len(native_id) < 18:
        return int(native_id)  # <<0::64, id::64>>
    n = 0
    for char in native_id:
        n = n * 62 + _BASE62.index(char)
    return n


def test_a_pre_flake_integer_ranks_below_every_flake_id() -> None:
    now = datetime(2026, 8, 1, tzinfo=UTC)
    assert id_key("48213") < id_key(flake(now)) < id_key(flake(now, seq=1))
    assert newer("48213", flake(now)) == flake(now)
    # a Mastodon snowflake still ranks above any text id a hostile server may send
    assert id_key("AAAAAAAAAAAAAAAAAAAAAAAAAA") < id_key("117020580000000000")
    assert newer("²", "5") == "5"


async def test_a_pleroma_hashtag_with_a_pre_flake_status_reads_what_comes_after(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    now = datetime(2026, 8, 1, 13, 0, tzinfo=UTC)
    clock.now = now
    timeline = FakeTimeline(order=binary)  # ordered by the stored id, as Pleroma orders it
    net.handler("GET", TAG, timeline)
    old = {**real_status(1, at=now - timedelta(days=2900)), "id": "48213"}
    made = now - timedelta(minutes=5)
    recent = {**real_status(2, at=made), "id": flake(made)}
    timeline.add(old, recent)
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == [recent["id"]]
    clock.advance(minutes=1)
    later = {**real_status(3, at=clock.now), "id": flake(clock.now)}
    timeline.add(later)
    assert [m.native_id for m in await src.poll()] == [later["id"]]
