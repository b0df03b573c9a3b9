"""/socialops works in any conversation, a direct message between two people too (Slack sends
the command with that DM's id, D...). The bot is not in such a DM and cannot post there:
chat.postMessage answers channel_not_found. conversations.info cannot tell (a DM needs im:read,
which the manifest does not ask for), so a subscription made there used to be accepted, and
every card it matched was dead-lettered (the e2e world: signed commands, the local Slack)."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, World

PEOPLES_DM = "D0PEOPLE"


async def test_a_subscription_in_a_dm_between_people_is_refused(world: World) -> None:
    answer = await ask(world, DAVE, PEOPLES_DM, "subscribe pricing")
    subs = [s for s in await world.a.store.list_subscriptions() if s.channel == PEOPLES_DM]
    assert subs == [], f"subscribed in a DM the bot cannot post in: {answer!r}"
