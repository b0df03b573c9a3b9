"""SlackWorkspace against the local Slack Web API: envelopes, updates, threads, errors, find()."""

from __future__ import annotations

import pytest

from bot.core.cards import Button, Card
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited, WorkspaceRefused
from bot.core.models import MessageRef
from bot.engine.outbox import dead_hint
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

CH = "C111"


def ticket(status: str = "open", note: str | None = None) -> Card:
    return Card(
        kind="ticket",
        key="T-1",
        title="Refund request from @ana",
        text="My order never arrived & I want a refund <now>",
        url="https://mastodon.social/@ana/1",
        network="mastodon",
        author="ana",
        author_url="https://mastodon.social/@ana",
        badges=("negative", "complaint", "en"),
        route="support",
        status=status,
        buttons=(
            Button(action="claim", label="Claim", target="T-1", style="primary"),
            Button(action="resolve", label="Resolve", target="T-1"),
            Button(action="open", label="Open on Mastodon", target="s1",
                   url="https://mastodon.social/@ana/1"),
        ),
        thread_note=note,
    )


async def test_post_sends_blocks_metadata_and_safe_flags(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    ref = await slack_ws.post(CH, ticket())
    assert ref.workspace == "acme" and ref.channel == CH
    (call,) = fake_slack.calls_to("chat.postMessage")
    assert call.token == fake_slack.token
    assert call.args["metadata"] == {"event_type": "socialops_card",
                                     "event_payload": {"key": "T-1"}}
    assert call.args["unfurl_links"] in (False, "0", "false")
    stored = fake_slack.message(CH, ref.message_id)
    assert stored is not None
    body = next(b for b in stored["blocks"] if b["type"] == "section")["text"]["text"]
    assert body == "My order never arrived & I want a refund <now>"  # plain_text: as written
    actions = [e for b in stored["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e.get("value"), e.get("url")) for e in actions] == [
        ("socialops:claim", "T-1", None),
        ("socialops:resolve", "T-1", None),
        ("socialops:open", None, "https://mastodon.social/@ana/1"),
    ]


async def test_update_edits_the_same_message_and_adds_thread_note(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    ref = await slack_ws.post(CH, ticket())
    again = await slack_ws.update(ref, ticket(status="claimed", note="ana's ticket claimed by bo"))
    assert again == ref
    assert len(fake_slack.top_level(CH)) == 1
    stored = fake_slack.message(CH, ref.message_id)
    assert stored is not None and "edited" in stored
    assert "claimed" in str(stored["blocks"])
    (note,) = fake_slack.thread(CH, ref.message_id)
    assert note["text"] == "ana's ticket claimed by bo"


async def test_a_retried_update_finds_its_thread_note_instead_of_adding_it_twice(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, clock: FakeClock
) -> None:
    """A process died after Slack took the edit and its thread note, before the outbox
    recorded it: the next attempt (``maybe_shown_since`` the note was queued) edits again and
    finds the note by its key; another revision's note, never added, is added."""
    fake_slack.clock = lambda: clock().timestamp()
    ref = await slack_ws.post(CH, ticket())
    claimed = ticket(status="claimed", note="alice reassigned to bob").model_copy(
        update={"thread_key": "T-1@C111#2"})
    queued = clock.advance(minutes=1)
    await slack_ws.update(ref, claimed)
    await slack_ws.update(ref, claimed, maybe_shown_since=queued)
    resolved = ticket(status="resolved", note="alice reassigned to bob").model_copy(
        update={"thread_key": "T-1@C111#3"})
    await slack_ws.update(ref, resolved, maybe_shown_since=clock.advance(minutes=1))
    notes = fake_slack.thread(CH, ref.message_id)
    assert [n["metadata"]["event_payload"]["key"] for n in notes] == ["T-1@C111#2",
                                                                     "T-1@C111#3"]
    assert len(fake_slack.calls_to("chat.update")) == 3


async def test_update_without_note_posts_nothing_in_thread(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    ref = await slack_ws.post(CH, ticket())
    await slack_ws.update(ref, ticket(status="claimed"))
    assert fake_slack.thread(CH, ref.message_id) == []


async def test_update_of_a_deleted_card_posts_it_again(
        slack_ws: SlackWorkspace, fake_slack: FakeSlack) -> None:
    """chat.update answers message_not_found for a card deleted in Slack: no retry of the edit
    can succeed, so the card is shown again and its new reference returned (it used to be a
    dead delivery for ever)."""
    ghost = MessageRef(workspace="acme", channel=CH, message_id="1.000001")
    ref = await slack_ws.update(ghost, ticket())
    (shown,) = fake_slack.top_level(CH)
    assert ref.message_id == shown["ts"] != ghost.message_id


@pytest.mark.parametrize("retry_after", [7.0, 0.5])
async def test_429_becomes_rate_limited_with_retry_after_and_no_silent_retry(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, retry_after: float
) -> None:
    fake_slack.fail(status=429, error="ratelimited", retry_after=retry_after)
    with pytest.raises(RateLimited) as info:
        await slack_ws.post(CH, ticket())
    assert info.value.retry_after == retry_after
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # slack_sdk did not retry itself
    assert fake_slack.top_level(CH) == []
    await slack_ws.post(CH, ticket())  # the fault was for one call only
    assert len(fake_slack.top_level(CH)) == 1


async def test_ratelimited_envelope_without_header_defaults_to_one_second(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    fake_slack.fail(status=429, error="ratelimited")
    with pytest.raises(RateLimited) as info:
        await slack_ws.post(CH, ticket())
    assert info.value.retry_after == 1.0


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "invalid_auth",
                                   "is_archived", "invalid_blocks"])
async def test_permanent_error_envelopes(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, error: str
) -> None:
    fake_slack.fail(error=error)
    with pytest.raises(PermanentDeliveryError, match=error) as info:
        await slack_ws.post(CH, ticket())
    # the token's fault holds the workspace's cards; a channel's or a card's does not
    assert isinstance(info.value, WorkspaceRefused) == (error == "invalid_auth")


async def test_a_revoked_token_is_the_workspace_refusing_it(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    fake_slack.revoked = True
    with pytest.raises(WorkspaceRefused, match="token_revoked"):
        await slack_ws.post(CH, ticket())


async def test_channel_faults_from_the_channel_lists(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    fake_slack.missing_channels.add("CGONE")
    fake_slack.outside_channels.add("COUT")
    with pytest.raises(PermanentDeliveryError, match="channel_not_found"):
        await slack_ws.post("CGONE", ticket())
    with pytest.raises(PermanentDeliveryError, match="not_in_channel"):
        await slack_ws.post("COUT", ticket())


async def test_an_archived_channel_and_a_missing_scope_say_what_to_fix(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    """A dead delivery shows its error (socialops outbox list --dead): 'is_archived' and
    'missing_scope' alone said neither which channel state nor which scope; Slack's answer to
    a missing scope names the one needed (``needed``), which the error now carries.

    The way back for a card dead in an archived channel is to unarchive it and retry; Slack
    takes apps out of a channel it archives (an app's messages stop there; a bot must be
    invited again), and a retry goes to the channel the card was for: another channel named
    in socialops.yaml takes the cards after it, never this one, which 'or name another
    channel's id' alone sent a reader to do, then to retry into the archived channel again.
    The dead listing (``deliveries``) shows an error's first 300 characters: all of it."""
    fake_slack.archived_channels.add("COLD")
    with pytest.raises(PermanentDeliveryError) as info:
        await slack_ws.post("COLD", ticket())
    assert str(info.value) == (
        "slack chat.postMessage: is_archived (the channel is archived: unarchive it, "
        "/invite @socialops there again if archiving took the bot out, then retry; another "
        "channel named in socialops.yaml, channels:, takes the next cards, not this one)")
    assert len(str(info.value)) <= 300
    fake_slack.scopes.discard("chat:write")
    with pytest.raises(PermanentDeliveryError) as info:
        await slack_ws.post(CH, ticket())
    assert str(info.value) == (
        "slack chat.postMessage: missing_scope chat:write (the app lacks it: add it under "
        "OAuth & Permissions, or update the app from slack-manifest.yml, and reinstall the app)")
    # Slack names each kind of channel's scope where the method reads several kinds
    # (conversations.*: channels:read,groups:read,mpim:read,im:read): 'it' was none of them
    fake_slack.fail(error="missing_scope", needed="channels:read,groups:read,im:read")
    with pytest.raises(PermanentDeliveryError) as info:
        await slack_ws.post(CH, ticket())
    assert str(info.value) == (
        "slack chat.postMessage: missing_scope channels:read,groups:read,im:read (the app lacks "
        "these: add them under OAuth & Permissions, or update the app from slack-manifest.yml, "
        "and reinstall the app)")


async def test_wrong_token_is_permanent(slack_config: SlackWorkspaceConfig) -> None:
    ws = SlackWorkspace(slack_config.model_copy(update={"bot_token": "xoxb-wrong"}))
    with pytest.raises(PermanentDeliveryError, match="invalid_auth"):
        await ws.post(CH, ticket())


@pytest.mark.parametrize(
    ("fault", "match"),
    [
        ({"error": "internal_error"}, "internal_error"),
        ({"status": 500, "error": "fatal_error"}, "fatal_error"),
        ({"status": 502, "body": "<html>bad gateway</html>"}, "slack chat.postMessage"),
    ],
)
async def test_transient_errors_are_plain_delivery_errors(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, fault: dict[str, object], match: str
) -> None:
    fake_slack.fail(**fault)  # type: ignore[arg-type]
    with pytest.raises(DeliveryError, match=match) as info:
        await slack_ws.post(CH, ticket())
    assert not isinstance(info.value, PermanentDeliveryError | RateLimited)


@pytest.mark.parametrize("fault", [
    {"error": "e" * 1_000_000},  # a broken server's envelope
    {"status": 502, "body": "<html>" + "x" * 1_000_000 + "</html>"},  # a proxy's page
    {"status": 200, "body": "not json " * 100_000},  # an answer slack_sdk cannot read
])
async def test_a_megabyte_answer_is_quoted_in_a_few_hundred_characters(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, fault: dict[str, object]
) -> None:
    """The error quotes at most QUOTED characters of what the server said, as Discord's and
    Mastodon's clients do: quoted whole, a megabyte was redacted by the outbox, then by the log
    handler, and kept, each on the event loop (about 1.5 s each, seen in the r10 review)."""
    fake_slack.fail(**fault)  # type: ignore[arg-type]
    with pytest.raises(DeliveryError) as info:
        await slack_ws.post(CH, ticket())
    assert len(str(info.value)) < 1_200, len(str(info.value))


async def test_server_down_is_a_delivery_error(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    fake_slack.down = True
    with pytest.raises(DeliveryError) as info:
        await slack_ws.post(CH, ticket())
    assert not isinstance(info.value, PermanentDeliveryError)
    assert info.value.__cause__ is not None  # translated at the edge, cause kept


async def test_find_after_a_crash_between_posted_and_recorded(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, slack_config: SlackWorkspaceConfig
) -> None:
    ref = await slack_ws.post(CH, ticket())  # the process dies before recording ``ref``
    other = Card(kind="alert", key="sig-9|r", title="Other")
    await slack_ws.post(CH, other)
    await slack_ws.update(ref, ticket(status="claimed", note="note in thread"))
    restarted = SlackWorkspace(slack_config)
    assert await restarted.find(CH, "T-1") == ref
    assert await restarted.find(CH, "T-404") is None
    hist = fake_slack.calls_to("conversations.history")[0]
    assert hist.args["include_all_metadata"] in ("1", "true", "True", True)


async def test_find_pages_back_and_ignores_other_bots(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import integrations.slack.workspace as mod

    monkeypatch.setattr(mod, "FIND_PAGE", 2)
    ref = await slack_ws.post(CH, ticket())
    for n in range(3):
        await slack_ws.post(CH, Card(kind="alert", key=f"k{n}", title="x"))
    # Another app posting our metadata type is not our card.
    fake_slack.messages[CH].append({
        "type": "message", "ts": "1800000000.000001", "bot_id": "BOTHER", "text": "x",
        "metadata": {"event_type": "socialops_card", "event_payload": {"key": "T-1"}}})
    assert await slack_ws.find(CH, "T-1") == ref
    assert len(fake_slack.calls_to("conversations.history")) == 3


async def test_find_ignores_a_copy_posted_before_the_card(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    """Card keys are guessable (T-12 follows T-11). A message with our metadata and the next
    key, posted before the card by a person (no bot_id: a user token) or another app, was the
    oldest match, so a retry after a crash took it for the card and edited that instead of
    posting: the ticket's card never appeared. Only our bot's messages are cards."""
    for n, who in enumerate(({"user": "U999"}, {"bot_id": "BOTHER", "user": "U998"})):
        fake_slack.messages[CH].append({
            "type": "message", "ts": f"1600000000.00000{n}", "text": "x", **who,
            "metadata": {"event_type": "socialops_card", "event_payload": {"key": "T-1"}}})
    ref = await slack_ws.post(CH, ticket())
    assert await slack_ws.find(CH, "T-1") == ref


async def test_ephemeral_and_plain_text_are_escaped(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    await slack_ws.post_ephemeral(CH, "W1", "hi <!channel> & co")
    assert fake_slack.ephemerals[0]["text"] == "hi &lt;!channel&gt; &amp; co"
    await slack_ws.post_text(CH, "<@U1>")
    assert fake_slack.messages[CH][0]["text"] == "&lt;@U1&gt;"


async def test_govslack_style_api_url_without_trailing_slash(
    fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig
) -> None:
    ws = SlackWorkspace(slack_config.model_copy(update={"api_url": fake_slack.api_url.rstrip("/")}))
    await ws.post(CH, ticket())
    assert len(fake_slack.top_level(CH)) == 1


async def test_a_card_slack_refuses_as_invalid_blocks_says_which_block_and_why(
    fake_slack: FakeSlack, slack_ws: SlackWorkspace
) -> None:
    """Slack's ``invalid_blocks`` answer lists what it refused (``errors``: "must be less than
    3001 characters [json-pointer:/blocks/3/text/text]"). The dead delivery said only
    'slack chat.postMessage: invalid_blocks', fix 'see the error; retry once fixed': nothing
    to see, and a retry renders the same card again. Now it carries Slack's first complaints
    (a card over a limit Slack changed, or a renderer's bug: what to report), within the 300
    characters the dead listing shows."""
    pointer = "must be less than 3001 characters [json-pointer:/blocks/3/text/text]"
    fake_slack.fail(method="chat.postMessage", error="invalid_blocks",
                    errors=[pointer, "no more than 10 items allowed "
                            "[json-pointer:/blocks/5/fields]", "x" * 5000])
    with pytest.raises(PermanentDeliveryError) as info:
        await slack_ws.post(CH, ticket())
    said = str(info.value)
    assert said.startswith("slack chat.postMessage: invalid_blocks"), said
    assert "/blocks/3/text/text" in said and "3001" in said, said
    assert len(said) <= 300 and "\n" not in said, said
    assert dead_hint(said).startswith("a retry renders the same card again: report it")
    ref = await slack_ws.post(CH, ticket())
    fake_slack.fail(method="chat.update", error="invalid_blocks", errors=[pointer])
    with pytest.raises(PermanentDeliveryError, match="/blocks/3/text/text"):
        await slack_ws.update(ref, ticket(status="claimed"))
