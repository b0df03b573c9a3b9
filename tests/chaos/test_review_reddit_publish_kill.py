"""The real Reddit publisher killed right after Reddit took the comment, before the store heard
(a Reddit API developer's second pass; no defect found, this pins it, as
test_review_publish_network_kills.py does for X and Mastodon).

Reddit has no idempotency key: every ``POST /api/comment`` that reaches it is a comment. A real
process publishing an approved reply through the real adapter, against the local Reddit
(tests/support/fake_reddit.py: the comment API, ``/api/info`` for the thing replied to), dies
with ``os._exit`` right after the publisher returned the comment (``tests.chaos.boundary``'s
``network``). The next process, once the dead one's publishing lease lapsed, reads the account's
newest comments first (``/user/<name>/comments``), finds the comment by its parent and text, and
records it: one comment on Reddit, the draft published once naming it. On a SQLite file and a
real redis-server."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Approval, HistoryEntry
from handlers.approvals import content_hash, publish_timer
from tests.chaos.boundary import DIED
from tests.chaos.test_claim_races import START
from tests.chaos.test_publish_look_takeover import CONFIG, TEXT, store_yaml
from tests.chaos.test_timer_races import timers_process
from tests.support.clock import FakeClock
from tests.support.fake_reddit import Reads, Reddit
from tests.support.netserver import NetServer

__all__ = ["store_yaml"]  # the fixture, shared with test_publish_look_takeover.py

SOURCE = """{{id: acme, type: reddit, base_url: "{base}", auth_url: "{base}", client_id: cid,
     client_secret: sec, username: acme_support, password: pw, interval: 3600, timeout: 30}}"""
DUE = START + timedelta(hours=1)


def approved(parent: str) -> Approval:
    """A reply to ``parent`` as the last approver leaves it: approved, to publish at ``DUE``."""
    return Approval(
        id="A-1", status="approved", text=TEXT, network="reddit", account="acme",
        reply_to=f"reddit:{parent}", author="alice", content_hash=content_hash(TEXT),
        created_at=START, version=1,
        history=(HistoryEntry(at=START, actor="alice", action="drafted"),
                 HistoryEntry(at=START, actor="dave", action="approved")))


@pytest.mark.untimed  # real processes on injected clocks
@pytest.mark.timeout(600)
@pytest.mark.parametrize("store_yaml", ["sqlite", "redis"], indirect=True)
async def test_a_process_killed_after_reddit_took_the_comment_leaves_it_posted_once(
        tmp_path: Path, store_yaml: str) -> None:
    async with NetServer() as net:
        reads = Reads("acme")
        reads.serve(net)
        parent = reads.post("acme order broken", "where is my order", at=START)
        # stamped as Reddit would stamp it, on the processes' clock (the look takes only a
        # comment made since the first attempt)
        reddit = Reddit(net, username="acme_support", clock=lambda: DUE + timedelta(seconds=1))
        look = "/user/acme_support/comments"
        config = tmp_path / "socialops.yaml"
        config.write_text(CONFIG.format(source=SOURCE.format(base=net.base), store=store_yaml))
        record = tmp_path / "record.jsonl"
        async with open_app(load_config(config), out=io.StringIO(), record_path=record,
                            clock=FakeClock(START)) as app:
            fx = Effects()
            fx.create(approved(parent))
            fx.schedule(publish_timer("A-1"), DUE, '{"approval": "A-1"}')
            assert await app.store.apply(fx)
            dying = timers_process(config, record, DUE, "network")
            _, err = await asyncio.to_thread(dying.communicate, timeout=120)
            assert dying.returncode == DIED, err.decode()[-3000:]
            [posted] = [c["data"]["name"] for c in reddit.comments]
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
        assert [c["data"]["name"] for c in reddit.comments] == [posted]  # found, not again
        assert len(net.requests_to("/api/comment", "POST")) == 1
        assert len(net.requests_to(look)) > looked, "the try after the death did not look first"
        assert final is not None and final.status == "published", final
        assert final.published_id == posted, (final.published_id, posted)
        assert [h.action for h in final.history].count("published") == 1, final.history
