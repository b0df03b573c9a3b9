"""``why`` of a fetched post asked by an address only its network could tie to it (a Bluesky
post by its author's new handle, which the network resolves to the DID the post was fetched
under), in a Slack workspace on Europe/Warsaw's clock (2026-12-07): every other answer says
its times on the workspace's clock beside UTC, this one said them in UTC alone (the trace's
lines were written without the asker's zone). Signed slash commands into the bolt app, the
local Slack and AppView, a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.test_review_why_handles_and_limits import KASIA, OLD, RKEY, ask, renamed
from tests.e2e.world import UNPACED, running_world
from tests.support.fake_atproto import FakeAppView, iso
from tests.support.netserver import NetServer


async def test_a_post_found_by_its_network_under_another_address_is_said_on_the_asker_clock(
        tmp_path: Path) -> None:
    clock = FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))
    async with NetServer() as net:
        appview = FakeAppView(net)
        appview.add_post(
            uri=f"at://{KASIA}/app.bsky.feed.post/{RKEY}", cid="bafy9",
            author={"did": KASIA, "handle": "kasia.test", "displayName": "Kasia"},
            record={"$type": "app.bsky.feed.post", "text": "acme login is broken, please help",
                    "langs": ["en"], "createdAt": iso(clock() - timedelta(minutes=5))},
            indexed_at=iso(clock() - timedelta(minutes=5)))
        source = f"  - {{id: bsky, type: bluesky, base_url: '{net.base}', queries: [acme]}}\n"
        async with running_world(tmp_path, clock, extra=UNPACED, sources=source,
                                 zone="Europe/Warsaw") as w:
            await w.a.runtime().poll_once(w.a.sources["bsky"], here=True)
            await w.a.outbox.drain()
            asked_as_stored = await ask(w, OLD)
            assert "Europe/Warsaw)" in asked_as_stored, asked_as_stored
            renamed(appview, "kasia-new.test")
            said = await ask(w, OLD.replace("kasia.test", "kasia-new.test"))
    assert "fetched by bsky" in said and "ticket T-1" in said, said
    # before: "fetched by bsky at ... UTC (posted ... UTC)", no Warsaw time
    assert said.count("Europe/Warsaw)") == asked_as_stored.count("Europe/Warsaw)"), said
