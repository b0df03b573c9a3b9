"""What is published is what its card showed when it was approved (a hostile-content review,
2026-12-07). A draft written before the bound on blank runs (``MAX_BLANK_RUN``) kept a run
of 100 braille blanks in a line; its card shows 40 of them (renderers ``clean`` it), and the
approver approved that. The publisher was given the stored text, all 100: a text nobody
approving saw. The draft is written in the store as the release before wrote it (its text
as typed, ``as_shown`` then keeping every blank, and its hash of that text), approved with
the hash its card shows and published to a local Mastodon-API server, on each store."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.core.effects import Effects
from bot.core.models import Approval, HistoryEntry
from bot.core.ports import Store
from bot.core.text import MAX_BLANK_RUN
from bot.engine.effects import Applier
from handlers.approvals import content_hash
from handlers.cards import approval_card
from integrations.slack.render import render_card
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.handlers.test_publish_same_text_again import service
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

RUN = "\u2800" * 100  # braille blanks: each as wide as a letter
TEXT = f"Thanks,{RUN}we fixed it"


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


async def _written_by_the_release_before(store: Store, clock: FakeClock) -> Approval:
    a = Approval(id="A-1", text=TEXT, network="mastodon", account="masto", author="alice",
                 content_hash=content_hash(TEXT), created_at=clock(),
                 history=(HistoryEntry(at=clock(), actor="alice", action="drafted"),))

    async def decide() -> tuple[Effects, None]:
        fx = Effects()
        fx.create(a)
        return fx, None

    await Applier(store).run(decide)
    return a


def _slack_shown(a: Approval) -> str:
    return "".join(str(b["text"]["text"]) for b in render_card(approval_card(a)).blocks
                   if b["type"] == "section" and b.get("text", {}).get("type") == "plain_text")


async def test_a_draft_stored_before_the_blank_bound_publishes_what_its_card_showed(
        store: Store, clock: FakeClock, net: NetServer) -> None:
    draft = await _written_by_the_release_before(store, clock)
    shown = _slack_shown(draft)
    assert "\u2800" * MAX_BLANK_RUN in shown and "\u2800" * (MAX_BLANK_RUN + 1) not in shown
    server = FakeMastodon(net, idempotency=False, clock=clock)
    cfg = MastodonSourceConfig(id="masto", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=2, interval=30)
    async with httpx.AsyncClient() as client:
        process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
        answer = await process.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    assert answer.ok, answer
    [posted] = server.statuses
    sent = html.unescape(str(posted["content"]).removeprefix("<p>").removesuffix("</p>"))
    assert sent == f"Thanks,{RUN[:MAX_BLANK_RUN]}we fixed it" == shown, sent
