"""Reactions as shortcuts for a card's buttons: only a button the card shows can be pressed
by an emoji, and one event acts once in the whole deployment, whichever process Slack's
retries reach (signed events through the HTTP endpoint, the local Slack, a real store)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bot.core.cards import Card, Reply
from bot.core.config import SlackWorkspaceConfig
from bot.core.ports import Store
from integrations.slack.app import SlackBot, build_slack_app
from integrations.slack.escape import unescape
from tests.integrations.slack import test_app_inbound as inbound_tests
from tests.integrations.slack.served import (
    RecordingHandler,
    Served,
    posted_ticket,
    reaction,
    serving,
)
from tests.support.fake_slack import FakeSlack

over_socket = inbound_tests.over_socket  # the app connected over Socket Mode (a fixture)


async def _handled(served: Served, fake_slack: FakeSlack, *reactions: tuple[str, str]) -> None:
    """Send the reactions, then a last one that claims (a marker): events are handled in
    order, so once the marker was answered ("done") every earlier one has been decided."""
    ts = await posted_ticket(served.bot.workspace)
    said = len(fake_slack.calls_to("chat.postEphemeral"))
    for n, (name, on) in enumerate(reactions):
        await served.event(reaction(name, on, event_id=f"Ev{n}"))
    await served.event(reaction("eyes", ts, event_id="EvMarker"))
    await arrived(served.handler, len(served.handler.seen) + 1)
    await fake_slack.wait_for("chat.postEphemeral", count=said + 1)


async def arrived(handler: RecordingHandler, count: int) -> None:
    """Until ``count`` interactions reached the handler."""
    while len(handler.seen) < count:
        handler.arrived.clear()
        await asyncio.wait_for(handler.arrived.wait(), 5)


async def test_an_approval_emoji_on_a_ticket_card_does_nothing(
        served: Served, fake_slack: FakeSlack) -> None:
    """👍 on a ticket card used to resolve the ticket (approve fell back to Resolve); only the
    check mark resolves, and 👍 there does nothing, without a word."""
    ticket = await posted_ticket(served.bot.workspace)
    await _handled(served, fake_slack, ("+1", ticket))
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    assert [e.args["text"] for e in fake_slack.calls_to("chat.postEphemeral")] == ["done"]


async def test_the_check_mark_still_resolves_a_ticket_and_approves_a_draft(
        served: Served) -> None:
    ticket = await posted_ticket(served.bot.workspace)
    draft = await posted_ticket(served.bot.workspace, approval=True)
    served.handler.reply = Reply(text="ok", ephemeral=False)
    await served.event(reaction("white_check_mark", ticket, event_id="E1"))
    await served.event(reaction("white_check_mark", draft, event_id="E2"))
    await served.event(reaction("+1", draft, event_id="E3"))
    await arrived(served.handler, 3)
    assert sorted((i.action, i.target) for i in served.handler.seen) == [
        ("approve", "A-2"), ("approve", "A-2"), ("resolve", "T-5")]


async def test_x_on_a_card_with_nothing_to_reject_says_nothing(
        served: Served, fake_slack: FakeSlack) -> None:
    """❌ explains how to reject only on a pending approval card (the one with a Reject
    button); on a ticket it used to tell the person to reject it."""
    on = await posted_ticket(served.bot.workspace)
    await _handled(served, fake_slack, ("x", on))
    texts = [unescape(e.args["text"]) for e in fake_slack.calls_to("chat.postEphemeral")]
    assert texts == ["done"]  # the marker's answer, and nothing about rejecting
    # on a pending approval card it still says how
    draft = await posted_ticket(served.bot.workspace, approval=True)
    await served.event(reaction("x", draft, event_id="EvPending"))
    calls = await fake_slack.wait_for("chat.postEphemeral", count=2)
    assert "reject A-2 <comment>" in unescape(calls[-1].args["text"])


async def test_x_on_a_decided_drafts_card_asks_the_draft_and_says_its_answer(
        served: Served, fake_slack: FakeSlack) -> None:
    """❌ on a draft's card already decided (no buttons left) was ignored without a word, while
    👍 there is answered why (ecd0276). It runs reject without a comment, which decides
    nothing (handlers.approvals: who decided, where it stands), and its one line is said to
    that person alone; not how to reject, which it no longer can."""
    on = (await served.bot.workspace.post("C111", Card(
        kind="approval", key="A-2", title="A-2 published", status="published"))).message_id
    served.handler.reply = Reply.refused("A-2 was already published, approved by dave")
    await served.event(reaction("x", on, event_id="EvDecided"))
    await arrived(served.handler, 1)
    [asked] = served.handler.seen
    assert (asked.action, asked.target, asked.comment, asked.options) == (
        "reject", "A-2", None, {})
    [call] = await fake_slack.wait_for("chat.postEphemeral", count=1)
    assert unescape(call.args["text"]) == "A-2 was already published, approved by dave"


# -- one event, several processes -------------------------------------------------------------


@pytest.fixture
async def two_processes(slack_config: SlackWorkspaceConfig,
                        sqlite_store: Store) -> AsyncIterator[tuple[Served, Served]]:
    """Two processes of one deployment: each its own app and memory, one shared store."""
    def identity(workspace: str, user: str) -> str:
        return f"person-{user}"

    first, second = RecordingHandler(), RecordingHandler()
    async with (
        serving(build_slack_app(slack_config, handler=first, identity=identity,
                                mark_seen=sqlite_store.mark_seen,
                                forget_seen=sqlite_store.forget_seen,
                                is_seen=sqlite_store.is_seen), first) as one,
        serving(build_slack_app(slack_config, handler=second, identity=identity,
                                mark_seen=sqlite_store.mark_seen,
                                forget_seen=sqlite_store.forget_seen,
                                is_seen=sqlite_store.is_seen), second) as two,
    ):
        yield one, two


RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


async def test_a_retry_sent_to_another_process_is_dropped_there(
        two_processes: tuple[Served, Served], fake_slack: FakeSlack) -> None:
    """Slack retries an event with the same event_id under a new timestamp and signature; a
    retry that reaches another process used to act a second time there."""
    one, two = two_processes
    ts = await posted_ticket(one.bot.workspace)
    body = reaction("eyes", ts, event_id="EvRetried")
    assert (await one.event(body))[0] == 200
    await one.handler.arrived.wait()
    history = len(fake_slack.calls_to("conversations.history"))
    assert (await two.event(body, timestamp=int(time.time()) + 1, extra=RETRY))[0] == 200
    await fake_slack.wait_for("conversations.history", count=history + 1)
    # a later event in process two (a resolve) proves the retry was decided before it
    await two.event(reaction("white_check_mark", ts, event_id="EvNext"))
    while not any(i.action == "resolve" for i in two.handler.seen):
        two.handler.arrived.clear()
        await asyncio.wait_for(two.handler.arrived.wait(), 5)
    assert [i.action for i in one.handler.seen] == ["claim"]
    assert [i.action for i in two.handler.seen] == ["resolve"]  # and not the claim again


async def test_an_event_one_process_could_not_read_is_left_to_the_retry(
        two_processes: tuple[Served, Served], fake_slack: FakeSlack) -> None:
    """The shared mark is made only once the card was read: a process that failed to read
    it leaves the event to Slack's retry, in any process."""
    one, two = two_processes
    ts = await posted_ticket(one.bot.workspace)
    one.bot._sleep = _no_wait
    fake_slack.fail(times=3, method="conversations.history", status=500,
                    error="internal_error")
    body = reaction("eyes", ts, event_id="EvFailed")
    await one.event(body)
    await fake_slack.wait_for("conversations.history", count=3)  # all three reads failed
    await two.event(body, timestamp=int(time.time()) + 1, extra=RETRY)
    await two.handler.arrived.wait()
    assert [(i.action, i.target) for i in two.handler.seen] == [("claim", "T-5")]
    assert one.handler.seen == []


async def _no_wait(seconds: float) -> None:
    return None


async def test_a_reaction_on_another_apps_copy_of_a_card_does_nothing(
        served: Served, fake_slack: FakeSlack) -> None:
    """Any app in the workspace can post a message with our metadata type and an Approve
    button carrying a pending draft's id and hash, under a harmless text. 👍 there used to
    approve the real draft (the reaction path read only the metadata, where ``find`` also
    checked who posted it): a card counts only when this app's bot posted it."""
    real = await posted_ticket(served.bot.workspace, approval=True)
    copied = next(m for m in fake_slack.messages["C111"] if m["ts"] == real)
    by_app, by_person = fake_slack._next_ts(), fake_slack._next_ts()
    fake_slack.messages["C111"].append({
        **copied, "ts": by_app, "bot_id": "BOTHER", "app_id": "AOTHER", "user": "UOTHERBOT",
        "text": "harmless text"})
    by_user = {k: v for k, v in copied.items() if k not in ("bot_id", "app_id")}
    fake_slack.messages["C111"].append({  # a person's message (a user token) likewise
        **by_user, "ts": by_person, "user": "U999", "text": "harmless text"})
    await _handled(served, fake_slack, ("+1", by_app), ("white_check_mark", by_person))
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    # the real card still takes the reaction
    await served.event(reaction("+1", real, event_id="EvReal"))
    await arrived(served.handler, 2)
    assert (served.handler.seen[-1].action, served.handler.seen[-1].target) == ("approve", "A-2")


async def test_taking_a_reaction_away_undoes_nothing_and_giving_it_again_counts_again(
        served: Served, fake_slack: FakeSlack) -> None:
    """An app subscribed to ``reaction_removed`` too (beyond the manifest) gets it answered
    and ignored: taking 👀 away does not unclaim (``unclaim T-5`` does). Given again, the
    reaction is a new event (a new ``event_id``) and presses the button again."""
    ticket = await posted_ticket(served.bot.workspace)
    removed = reaction("eyes", ticket, event_id="EvRemoved")
    removed["event"]["type"] = "reaction_removed"
    await served.event(reaction("eyes", ticket, event_id="EvGiven"))
    await arrived(served.handler, 1)
    assert (await served.event(removed))[0] == 200
    await served.event(reaction("eyes", ticket, event_id="EvGivenAgain"))
    await arrived(served.handler, 2)
    assert [(i.action, i.target) for i in served.handler.seen] == [
        ("claim", "T-5"), ("claim", "T-5")]
    assert served.bot.skipped == 0


async def test_a_socket_mode_retry_of_a_reaction_acts_once(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    """Over Socket Mode Slack sends an event again in a new envelope (``retry_attempt`` 1,
    ``retry_reason`` ``timeout``) when it missed the acknowledgement: the same ``event_id``,
    acted on once, and both envelopes acknowledged (an unacknowledged one comes again)."""
    bot, handler = over_socket
    ticket = await posted_ticket(bot.workspace)
    event = reaction("eyes", ticket, event_id="EvSocket")
    first = await fake_slack.envelope("events_api", event)
    again = await fake_slack.envelope("events_api", event, retry_attempt=1,
                                      retry_reason="timeout")
    await fake_slack.ack(first)
    await fake_slack.ack(again)
    marker = reaction("eyes", ticket, event_id="EvSocketMarker")
    await fake_slack.ack(await fake_slack.envelope("events_api", marker))
    await arrived(handler, 2)
    while bot._working:  # every listener done (Socket Mode runs them side by side)
        await asyncio.gather(*list(bot._working), return_exceptions=True)
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-5"), ("claim", "T-5")]


async def test_a_reaction_on_a_cards_thread_line_is_not_one_on_the_card(
        served: Served, fake_slack: FakeSlack) -> None:
    """👍 on a line of the approval card's thread (the bot posted it too, so it is read back)
    approves nothing: conversations.history answers the top-level message at or before it,
    the card, and a message of another ts is not the one reacted to. On the card it approves."""
    draft = await posted_ticket(served.bot.workspace, approval=True)
    line = await served.bot.workspace.post_text("C111", "dave asked for changes",
                                                thread_ts=draft)
    await _handled(served, fake_slack, ("+1", line))
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    await served.event(reaction("+1", draft, event_id="EvOnTheCard"))
    await arrived(served.handler, 2)
    assert [(i.action, i.target) for i in served.handler.seen][-1] == ("approve", "A-2")
