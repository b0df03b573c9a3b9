"""``why`` of a post whose card someone deleted from the channel since (a member or an admin
deleted the bot's message): it said "delivered to #support at ... (<link>)", a link to nothing,
though the chat had said the message was gone (Slack's chat.update answering
message_not_found at the card's next change; a review, 2026-12-07). It now says the card was
delivered and then deleted, when that was found and how, who deleted it when the chat says
(Slack does not), and, for a ticket's card shown again, where it is now; an alert's card, not
shown again, says so. Signed slash commands into the bolt app, the local Slack, a SQLite file
or a real redis-server, an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import (
    BOB,
    CAROL,
    MARKETING,
    SUPPORT,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)

RULES = """
brands:
  acme: [acme]
routes:
  - {name: buzz, match: {brand: [acme]}, action: alert, channel: marketing, continue: true}
  - name: support
    match: {brand: [acme], intent: [complaint, question]}
    action: ticket
    channel: support
"""


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    # one part a stage: the lines of the answer as this harness reads them back
    return w.said_to(CAROL)[-1].replace("\uff40", "`").replace("\uff3f", "_").replace(
        " • ", "\n• ")


def delete(w: World, channel: str) -> str:
    """The channel's card deleted in Slack; its ts."""
    (card,) = w.posts(channel)
    w.slack.messages[channel].remove(card)
    return str(card["ts"])


async def test_why_says_a_ticket_card_deleted_since_and_where_it_is_shown_again(
        tmp_path: Path, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    clock = FakeClock(datetime(2026, 12, 7, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, rules=RULES, extra=UNPACED, store=store,
                             redis_url=redis_url) as w:
        await w.mention("acme charged me twice, where is my refund?", n=1)
        said = await ask(w, "mastodon:1")
        assert said.count("delivered to #") == 2 and "deleted" not in said, said
        gone = delete(w, SUPPORT)
        clock.advance(minutes=5)
        before = len(w.said_to(BOB))
        assert await w.slash(BOB, SUPPORT, "claim T-1") == 200
        await w.until(lambda: len(w.said_to(BOB)) > before, "the answer to claim")
        await w.a.outbox.drain()
        (again,) = w.posts(SUPPORT)
        said = await ask(w, "mastodon:1")
        [line] = [s for s in said.splitlines() if "#support" in s and "delivered" in s]
        # before: "delivered to #support at 2026-12-07 09:10 UTC (<link to nothing>)" alone
        assert "then deleted from #support" in line, said
        assert "found 2026-12-07 09:15 UTC" in line and "message_not_found" in line, line
        assert "does not say who deleted it" in line, line
        assert "shown again at 2026-12-07 09:15 UTC" in line, line
        assert again["ts"] != gone
        [other] = [s for s in said.splitlines() if "#marketing" in s]
        assert "deleted" not in other, said


async def test_why_says_an_alert_card_deleted_since_is_not_shown_again(
        tmp_path: Path, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    clock = FakeClock(datetime(2026, 12, 7, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, rules=RULES, extra=UNPACED, store=store,
                             redis_url=redis_url) as w:
        m = await w.mention("acme charged me twice, where is my refund?", n=1)
        delete(w, MARKETING)
        clock.advance(minutes=3)
        # the author's edit changes every card of the post: the alert's too
        await w.a.pipeline.process(m.model_copy(update={
            "text": "acme charged me three times, where is my refund?", "revision": "edit",
            "revised_at": clock(), "raw": {}}))
        await w.a.outbox.drain()
        assert w.posts(MARKETING) == []  # an alert's card is not shown again
        said = await ask(w, "mastodon:1")
        [line] = [s for s in said.splitlines() if "#marketing" in s and "delivered" in s]
        assert "then deleted from #marketing" in line, said
        assert "not shown again: an alert's card" in line, line
