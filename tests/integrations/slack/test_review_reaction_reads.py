"""A reaction on a message someone else posted is no card of ours, and Slack says so in the
event itself: ``item_user`` is "the ID of the user that created the original item"
(docs.slack.dev/reference/events/reaction_added). Reading each such message back with
conversations.history (Tier 3, about 50 a minute for the whole workspace) spent the budget the
real cards' reactions and the outbox's crash recovery (``find``) need: 👍 on ordinary
messages in a busy channel got the card reads 429s (signed events, the local Slack)."""

from __future__ import annotations

from typing import Any

from bot.core.cards import Reply
from tests.integrations.slack.served import Served, posted_ticket, reaction
from tests.integrations.slack.test_app_reactions import arrived
from tests.support.fake_slack import FakeSlack


def by(name: str, ts: str, event_id: str, item_user: str | None) -> dict[str, Any]:
    body = reaction(name, ts, event_id=event_id)
    if item_user is None:
        del body["event"]["item_user"]
    else:
        body["event"]["item_user"] = item_user
    return body


async def test_reactions_on_peoples_messages_do_not_read_the_channel(
        served: Served, fake_slack: FakeSlack) -> None:
    ts = await posted_ticket(served.bot.workspace)
    served.handler.reply = Reply(text="claimed", ephemeral=False)
    for n in range(60):  # a busy channel's 👍 and 👀 on what people wrote
        await served.event(by("+1" if n % 2 else "eyes", f"1700000000.{n:06d}", f"EvP{n}",
                              "W222"))
    # then a 👀 on the card (posted by the bot: item_user is the bot's user)
    await served.event(by("eyes", ts, "EvCard", fake_slack.bot_user_id))
    await arrived(served.handler, 1)
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    reads = fake_slack.calls_to("conversations.history")
    assert len(reads) == 1, f"{len(reads)} conversations.history reads for one card reaction"


async def test_a_message_without_item_user_is_still_read(
        served: Served, fake_slack: FakeSlack) -> None:
    """A webhook's message has no item_user: not known to be someone else's, so read."""
    ts = await posted_ticket(served.bot.workspace)
    await served.event(by("eyes", ts, "EvNoAuthor", None))
    await arrived(served.handler, 1)
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
