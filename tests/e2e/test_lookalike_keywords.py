"""A keyword alert is not dodged by lookalike letters: a subscription made through bolt's
signed slash command finds a post that writes its word with Cyrillic letters that look Latin,
end to end (the pipeline, the store on a SQLite file or a real redis-server, the card in
Slack), and a Russian post whose word is spelled with the same letters makes no card."""

from __future__ import annotations

from tests.e2e.test_subscriptions import subscribe
from tests.e2e.world import MARKETING, World


async def test_a_subscription_finds_its_word_in_lookalike_letters(either: World) -> None:
    world = either
    wallet = await subscribe(world, MARKETING, "wallet")
    cop = await subscribe(world, MARKETING, "cop")
    await world.mention("Log in to your ԝаllеt now or lose your funds", n=1)  # ԝ а е Cyrillic
    assert len([m for m in world.posts(MARKETING) if wallet in str(m)]) == 1, \
        world.posts(MARKETING)
    await world.mention("Купил сор на рынке, дёшево", n=2)  # Russian: сор, a word of its own
    await world.mention("Kupil сор на рынке", n=3)  # a Latin word, but Russian ones around
    assert [m for m in world.posts(MARKETING) if cop in str(m)] == []
