"""A handle that draws nothing (soft hyphens, the braille blank U+2800, Hangul fillers: ``clean``
keeps them) named its post's author in every line that says who wrote a post, not only on the
post's own card (tests/integrations/discord/test_review_invisible_names.py): a digest's
"• @ (mastodon): …", the summary's, ``why``'s "• on mastodon: @ at …", a spike's
Authors. Each says the
author's display name instead, else their id, as the card does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.config import SpikesConfig
from bot.core.effects import Effects
from bot.core.models import Author, ChannelRef, Mention, RouteHit, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.enrich.summary import summarise
from handlers.cards import group_card
from handlers.routing import digest_card
from handlers.spikes import SpikeChecker, count
from tests.conftest import FakeClock
from tests.handlers.test_spike_cards import T0, post

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HIT = RouteHit(route="r", action="digest", workspace="w", channel="c")
BLANK = ["\u00ad\u00ad", "\u2800", "\u3164\u00ad \u2800"]


def _signal(handle: str, display_name: str = "Kasia") -> Signal:
    return Signal(mention=Mention(
        id="mastodon:1", network="mastodon", source="m", text="acme is down", created_at=AT,
        author=Author(id="110001", handle=handle, display_name=display_name)))


@pytest.mark.parametrize("handle", BLANK)
def test_a_digest_names_the_author_by_what_draws(handle: str) -> None:
    card = digest_card(summarise([_signal(handle)]), HIT, key="d")
    assert "• @Kasia (mastodon): acme is down" in card.text.splitlines(), card.text


@pytest.mark.parametrize("handle", BLANK)
def test_a_group_card_names_the_author_by_what_draws(handle: str) -> None:
    card = group_card([_signal(handle), _signal(handle, display_name=handle)], HIT, key="g")
    lines = [line for line in card.text.splitlines() if line.startswith("•")]
    assert lines[0].startswith("• @Kasia (Mastodon): ") and \
        lines[1].startswith("• @110001 (Mastodon): "), lines


@pytest.mark.parametrize("handle", BLANK)
def test_the_summary_names_the_author_by_what_draws(handle: str) -> None:
    lines = [line for line in summarise([_signal(handle)]).render().splitlines()
             if line.startswith("•")]
    assert lines == ["• @Kasia (mastodon): acme is down"], lines


async def test_a_spike_names_its_author_by_what_draws(sqlite_store: Store,
                                                      clock: FakeClock) -> None:
    """A burst by one author whose handle draws nothing, on a real SQLite file: the spike
    card's title and Authors field named "@" and nobody after it."""
    clock.now = T0
    checker = SpikeChecker(sqlite_store, Applier(sqlite_store),
                           cfg=SpikesConfig(warmup_minutes=0, min_count=5), clock=clock,
                           keyword_channel=ChannelRef(workspace="slack", channel="CSPIKES"))
    for i in range(12):
        clock.advance(seconds=20)
        s = post(i, clock(), handle="\u00ad\u2800")
        s = s.model_copy(update={"mention": s.mention.model_copy(update={
            "author": Author(id="110001", handle="\u00ad\u2800", display_name="Kasia")})})
        fx = Effects()
        fx.signals.append((s, 3600, 3600))
        count(s, fx, now_ts=clock().timestamp())
        assert await sqlite_store.apply(fx)
    fx = Effects()
    checker.arm(fx)
    assert await sqlite_store.apply(fx)
    for t in await sqlite_store.take_due(clock(), lease_seconds=30):
        await checker.check(t)
    [warned] = await sqlite_store.list_outbox(status="pending")
    fields = {f.name: f.value for f in warned.card.fields}
    assert fields["Authors"].startswith("12 of 12 posts by one author: @Kasia 12"), fields
