"""A card someone deleted in Slack (a member deletes the bot's message, or an admin cleans the
channel): chat.update then answers message_not_found for good (docs.slack.dev/reference/
methods/chat.update, "No message exists with the requested timestamp"). The ticket lives on;
its next change must still reach the channel, not die as a dead delivery that no retry can
ever fix (the lead's outbox through SlackWorkspace, the local Slack, a real SQLite store)."""

from __future__ import annotations

import json

from bot.core.cards import Card
from bot.engine.outbox import Outbox
from tests.integrations.slack.test_outbox_e2e import CH, alert, outbox  # noqa: F401
from tests.support.clock import FakeClock
from tests.support.fake_slack import FakeSlack


def ticket(status: str = "open") -> Card:
    return Card(kind="ticket", key="T-1", title="Outage reports", status=status)


async def test_a_change_to_a_deleted_card_posts_the_card_again(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:  # noqa: F811
    await outbox.send(key="k1", workspace="acme", channel=CH, card=ticket())
    await outbox.drain()
    (card,) = fake_slack.top_level(CH)
    fake_slack.messages[CH].remove(card)  # deleted in Slack
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=ticket("claimed"),
                      update=True)
    await outbox.drain()
    clock.advance(minutes=5)
    await outbox.drain()
    shown = fake_slack.top_level(CH)
    assert len(shown) == 1 and "claimed" in str(shown[0]["blocks"]), (
        "the deleted card's change was dead-lettered (message_not_found) and the channel "
        "never saw the claim")


async def test_the_card_posted_again_takes_the_later_changes(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:  # noqa: F811
    await outbox.send(key="k1", workspace="acme", channel=CH, card=ticket())
    await outbox.drain()
    (card,) = fake_slack.top_level(CH)
    fake_slack.messages[CH].remove(card)
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=ticket("claimed"),
                      update=True)
    await outbox.drain()
    await outbox.send(key="k1#3", workspace="acme", channel=CH, card=ticket("resolved"),
                      update=True)
    await outbox.drain()
    (shown,) = fake_slack.top_level(CH)
    assert "resolved" in str(shown["blocks"])
    assert fake_slack.calls_to("chat.update")[-1].args["ts"] == shown["ts"]


async def test_a_card_posted_again_whose_answer_was_lost_is_not_posted_twice(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:  # noqa: F811
    await outbox.send(key="k1", workspace="acme", channel=CH, card=ticket())
    await outbox.drain()
    (card,) = fake_slack.top_level(CH)
    fake_slack.messages[CH].remove(card)
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error",
                    lose_answer=True)
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=ticket("claimed"),
                      update=True)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1  # posted again; the answer lost
    clock.advance(minutes=10)
    await outbox.drain()
    (shown,) = fake_slack.top_level(CH)
    assert "claimed" in str(shown["blocks"])


async def test_an_alert_card_deleted_in_slack_is_not_posted_again_by_a_change(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:  # noqa: F811
    """An alert is a notice of one post, not a ticket still worked on: deleted from the
    channel (a member or an admin cleaning it), its post's edit or delete by its author, or a
    label, must not bring it back as a new message."""
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    (card,) = fake_slack.top_level(CH)
    fake_slack.messages[CH].remove(card)
    await outbox.send(key="k1#edit1", workspace="acme", channel=CH,
                      card=alert().model_copy(update={"badges": ("edited",)}), update=True)
    await outbox.drain()
    clock.advance(minutes=5)
    await outbox.drain()
    assert fake_slack.top_level(CH) == []
    assert await outbox.store.list_outbox(status="dead") == []


async def test_a_card_posted_again_pings_nobody_again(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:  # noqa: F811
    """The ticket's card pinged its route's people when it was first posted; shown again
    after someone deleted it, it pinged them all a second time (a new message notifies its
    mentions): not again now, the card shown as it is without its pings."""
    pinged = ticket().model_copy(update={"mention_users": ("U0ANA",)})
    await outbox.send(key="k1", workspace="acme", channel=CH, card=pinged)
    await outbox.drain()
    (card,) = fake_slack.top_level(CH)
    assert "<@U0ANA>" in str(card["blocks"])
    fake_slack.messages[CH].remove(card)
    await outbox.send(key="k1#2", workspace="acme", channel=CH,
                      card=pinged.model_copy(update={"status": "claimed"}), update=True)
    await outbox.drain()
    (shown,) = fake_slack.top_level(CH)
    assert "claimed" in str(shown["blocks"])
    assert "<@U0ANA>" not in json.dumps(shown), shown
