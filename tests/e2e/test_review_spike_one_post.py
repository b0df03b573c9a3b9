"""A comms lead's review of spike warnings (2026-12-06): a viral post is hundreds of answers
to, or shares of, ONE post by many authors. The card said "60 posts by 60 authors" and three
sample answers, as of any crowd: not which post drives it, nor a link to it or to any post of
the burst, so the lead had to search for what everyone is answering. The card says it now, and
links that post and the samples it shows (Slack link buttons, through the real pipeline and
store)."""
from __future__ import annotations

import re
from pathlib import Path

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.spikeworld import post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT, World

ORIGINAL = "https://mastodon.example/@ceo/9000"


async def answer(w: World, n: int, text: str, *, to: str | None, links: tuple[str, ...] = ()
                 ) -> None:
    m = Mention(id=f"mastodon:9{n:03d}", network="mastodon", source="masto", text=text,
                author=Author(id=f"acct-fan{n}", handle=f"fan{n}", followers=50),
                created_at=w.clock(), url=f"https://mastodon.example/@fan{n}/9{n:03d}",
                reply_to=to, links=links)
    await w.a.pipeline.process(m)
    await w.a.outbox.drain()
    await w.timers()


async def test_a_pile_on_of_one_post_is_said_and_linked(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=90, per_minute=0.5)
        original = Mention(id="mastodon:9000", network="mastodon", source="masto",
                           text="acme ceo: our customers should just read the manual",
                           author=Author(id="acct-ceo", handle="ceo", followers=90000),
                           created_at=clock(), url=ORIGINAL)
        await w.a.pipeline.process(original)
        for n in range(1, 61):
            clock.advance(seconds=8)
            await answer(w, n, f"wow acme, really? {n}" if n % 3 else "acme this is rude",
                         to="9000" if n % 4 else None)
        cards = spike_cards(w, SUPPORT)
        assert len(cards) == 1, cards
        card = cards[0]
        # observed: "Spike on route mentions: 56 mentions in 10 min" and "56 posts by 56
        # authors"; the post they answer neither said nor linked, no post linked at all
        assert "mostly answers to one post" in card
        assert "answer one post by @ceo" in card
        assert f"'url': '{ORIGINAL}'" in card
        assert "'url': 'https://mastodon.example/@fan" in card  # a sample post is linked


async def test_a_link_most_of_the_burst_shares_is_said(tmp_path: Path, clock: FakeClock) -> None:
    article = "https://news.example/acme-recall"
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=90, per_minute=0.5)
        for n in range(1, 41):
            clock.advance(seconds=10)
            await answer(w, n, f"acme recall?! {n}", to=None,
                         links=(article,) if n % 5 else ())
        card = spike_cards(w, SUPPORT)[0]
        assert "mostly one link" in card
        assert f"share one link: {article}" in card
        assert f"'url': '{article}'" in card


async def test_a_crowd_of_posts_of_their_own_names_no_post(tmp_path: Path,
                                                           clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=90, per_minute=0.5)
        for n in range(1, 41):
            clock.advance(seconds=10)
            said = ("cannot log in", "the app is down", "checkout broken", "site gives 500s")
            await post(w, f"acme outage, {said[n % 4]} {n}")
            await w.timers()
        card = spike_cards(w, SUPPORT)[0]
        assert "one post" not in card and "one link" not in card
        assert "same words" not in card
        assert "'url': 'https://mastodon.example/@" in card



async def test_a_bot_network_saying_the_same_words_is_said(tmp_path: Path,
                                                           clock: FakeClock) -> None:
    """Forty new accounts post the same words (a number or an emoji apart): the card said "16
    posts by 16 authors", "3 sample posts" of which two were the usual traffic (the copies
    are shown once), and nothing of their being copies."""
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=90, per_minute=0.5)
        for n in range(40):
            clock.advance(seconds=10)
            await post(w, f"ACME is a scam, they stole my money, avoid acme!! {'🚨' * (n % 3)}"
                          f"{n}", handle=f"user{n}x91")
            await w.timers()
        card = spike_cards(w, SUPPORT)[0]
        assert "mostly the same words" in card
        assert re.search(r"\d+ of \d+ posts say the same words", card), card
