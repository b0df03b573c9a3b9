"""The real X and Mastodon publishers killed right after the network took the post, before the
store heard (an X and Mastodon integration review, 2026-12-07; no defect found, this pins it).

``test_real_crashes`` kills at that boundary with a file for a network, and
``test_publish_storm`` kills the real adapters at random; this kills a real process there, on
purpose, with the real adapters talking to the local X and to a local Mastodon that ignores
``Idempotency-Key`` (``tests.chaos.boundary timers ... network``: ``os._exit`` right after the
publisher returned the post). The next process, once the dead one's publishing lease lapsed,
looks before it posts, finds the post, and records it: one post on the network, the draft
published once naming it. On a SQLite file and a real redis-server."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED
from tests.chaos.test_claim_races import START, say
from tests.chaos.test_publish_look_takeover import CONFIG, SOURCES, TEXT, store_yaml
from tests.chaos.test_timer_races import timers_process
from tests.support.clock import FakeClock
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.fake_x import FakeX
from tests.support.netserver import NetServer

__all__ = ["store_yaml"]  # the fixture, shared with test_publish_look_takeover.py


@pytest.mark.untimed  # real processes on injected clocks
@pytest.mark.timeout(600)
@pytest.mark.parametrize("store_yaml", ["sqlite", "redis"], indirect=True)
@pytest.mark.parametrize("network", ["x", "mastodon"])
async def test_a_process_killed_after_the_network_took_the_post_leaves_it_posted_once(
        tmp_path: Path, store_yaml: str, network: str) -> None:
    async with NetServer() as net:
        if network == "x":
            x = FakeX(net)
            look = f"/2/users/{x.user_id}/tweets"

            def sent() -> list[str]:
                return [str(t["id"]) for t in x.tweets]
        else:
            m = FakeMastodon(net, idempotency=False, streaming=False)
            look = f"/api/v1/accounts/{ACCOUNT_ID}/statuses"

            def sent() -> list[str]:
                return [str(s["id"]) for s in m.statuses]
        config = tmp_path / "socialops.yaml"
        config.write_text(CONFIG.format(source=SOURCES[network].format(base=net.base, pds=""),
                                        store=store_yaml))
        record = tmp_path / "record.jsonl"
        async with open_app(load_config(config), out=io.StringIO(), record_path=record,
                            clock=FakeClock(START)) as app:
            answer = await say(app, "alice", f"draft {network} acme at=1h {TEXT}")
            drafted = await app.store.get_approval("A-1")
            assert drafted is not None, answer
            await say(app, "dave", f"approve A-1 {drafted.content_hash[:16]}")
            dying = timers_process(config, record, START + timedelta(hours=1), "network")
            _, err = await asyncio.to_thread(dying.communicate, timeout=120)
            assert dying.returncode == DIED, err.decode()[-3000:]
            [posted] = sent()
            died = await app.store.get_approval("A-1")
            assert died is not None and died.status == "publishing", died
            assert died.publishing_until is not None
            # the first try had nothing to look for, unless its store can lose a claim it
            # acknowledged (a Redis: PUBLISH_CLAIMS_LOSSY), where it looks first too
            looked = len(net.requests_to(look))
            assert bool(looked) == ("backend: redis" in store_yaml)
            after = timers_process(config, record, died.publishing_until + timedelta(seconds=1))
            _, err = await asyncio.to_thread(after.communicate, timeout=120)
            assert after.returncode == 0, err.decode()[-3000:]
            final = await app.store.get_approval("A-1")
        assert sent() == [posted]  # looked, found, not posted again
        assert len(net.requests_to(look)) > looked, "the try after the death did not look first"
        assert final is not None and final.status == "published", final
        assert final.published_id == posted, (final.published_id, posted)
        assert [h.action for h in final.history].count("published") == 1, final.history
