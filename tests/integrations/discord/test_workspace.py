"""DiscordWorkspace against the local fake: post, update with thread notes, find after a crash,
rate-limit buckets and global 429s handled by discord.py, and error translation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import discord.http
import pytest

from bot.core.cards import Button, Card
from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited, WorkspaceRefused
from bot.engine.outbox import dead_hint
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord, real_fixture

ROLE = "1000000000000000077"
USER = "1000000000000000078"


def card(key: str = "T-12", **kw: object) -> Card:
    base: dict[str, object] = {
        "kind": "ticket", "key": key, "title": "Mastodon mention by @bob",
        "text": "my order never arrived @everyone", "url": "https://mastodon.example/@bob/1",
        "buttons": (Button(action="claim", label="Claim", target=key, style="primary"),
                    Button(action="open", label="Open on Mastodon", target="s1",
                           url="https://mastodon.example/@bob/1")),
    }
    base.update(kw)
    return Card.model_validate(base)


@pytest.fixture
async def ws(ws_config: DiscordWorkspaceConfig) -> AsyncIterator[DiscordWorkspace]:
    workspace = DiscordWorkspace(ws_config)
    yield workspace
    await workspace.close()


async def test_a_posted_card_links_to_the_configured_web_client(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """A card's link opened discord.com whatever the workspace: a team on Discord's public
    test build, or on a Discord-compatible server (its own api_url and gateway_url), got links
    to a client that is not theirs. ``web_url`` names it."""
    workspace = DiscordWorkspace(ws_config.model_copy(
        update={"web_url": " https://chat.gov.example/app/ "}))
    try:
        ref = await workspace.post(fake.channel_id, card())
    finally:
        await workspace.close()
    assert ref.permalink == (f"https://chat.gov.example/app/channels/{fake.guild_id}/"
                             f"{fake.channel_id}/{ref.message_id}")


async def test_post_sends_embed_buttons_and_no_pings(ws: DiscordWorkspace,
                                                     fake: FakeDiscord) -> None:
    ref = await ws.post(fake.channel_id, card(mention_groups=(ROLE,), mention_users=(USER,)))
    call = await fake.wait_for("POST", f"/channels/{fake.channel_id}/messages")
    body = call.body
    assert ref.message_id in fake.messages
    assert ref.permalink == (f"https://discord.com/channels/{fake.guild_id}/"
                             f"{fake.channel_id}/{ref.message_id}")
    assert body["allowed_mentions"] == {"parse": [], "users": [int(USER)], "roles": [int(ROLE)]}
    assert body["content"] == f"<@{USER}> <@&{ROLE}>"
    embed = body["embeds"][0]
    assert "\\@everyone" in embed["description"]
    assert embed["footer"]["text"].endswith("socialops key: T-12")
    buttons = body["components"][0]["components"]
    assert buttons[0]["custom_id"] == "socialops:claim:T-12"
    assert buttons[1] == {"type": 2, "style": 5, "label": "Open on Mastodon",
                          "url": "https://mastodon.example/@bob/1", "disabled": False}


async def test_update_edits_in_place_and_notes_go_to_one_thread(ws: DiscordWorkspace,
                                                               fake: FakeDiscord) -> None:
    ref = await ws.post(fake.channel_id, card())
    ref2 = await ws.update(ref, card(status="claimed", thread_note="claimed by <@&1> @here"))
    assert ref2.thread_id == ref.message_id
    edit = await fake.wait_for("PATCH", f"/messages/{ref.message_id}")
    assert edit.body["allowed_mentions"]["parse"] == []
    assert fake.messages[ref.message_id]["embeds"][0]["fields"][0]["value"] == "claimed"
    note = await fake.wait_for("POST", f"/channels/{ref.message_id}/messages")
    assert note.body["allowed_mentions"] == {"parse": []}
    assert "\\<\\@&1\\>" in note.body["content"] and "\\@here" in note.body["content"]
    # A second process without the thread id: "already exists" is fine, note still lands.
    await ws.update(ref, card(status="resolved", thread_note="resolved"))
    await fake.wait_for("POST", f"/channels/{ref.message_id}/messages", count=2)
    assert len(fake.threads) == 1


async def test_a_card_in_a_thread_gets_its_notes_there_as_replies(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """A thread as a card's channel (a ticket thread the team keeps): Discord starts no thread
    within a thread (400, code 50024), which the update took for a passing failure and tried
    again, edit and all, for a day, with the thread's other cards queued behind it. The notes
    go into that thread, each a reply to its card, so they read as the card's."""
    thread = "1000000000000000055"
    fake.channel_types[thread] = 11
    ref = await ws.post(thread, card())
    ref2 = await ws.update(ref, card(status="claimed", thread_note="claimed by alice"))
    await ws.update(ref2, card(status="resolved", thread_note="resolved"))
    assert ref2.thread_id == thread
    card_message, *notes = fake.in_channel(thread)
    assert [n["content"] for n in notes] == ["claimed by alice", "resolved"]
    sent = [c.body for c in fake.calls if c.method == "POST" and c.path ==
            f"/channels/{thread}/messages"][1:]
    assert [str(b["message_reference"]["message_id"]) for b in sent] == [card_message["id"]] * 2
    assert all(b["allowed_mentions"] == {"parse": []} for b in sent)  # a reply pings no one
    assert [c.path for c in fake.calls if c.path.endswith("/threads")] == [
        f"/channels/{thread}/messages/{ref.message_id}/threads"]  # asked once, then known


async def test_a_retried_note_in_a_thread_channel_is_known_by_its_card(
        ws: DiscordWorkspace, fake: FakeDiscord, clock: FakeClock) -> None:
    """Cards in a thread channel share it, their notes and other cards between them: a retried
    note is looked for among the replies to its own card, not as our last line there. Before,
    T-12's note, already shown, was added again because T-13's card came after it, and T-13's
    note, never shown, was taken for shown because T-12's said the same words."""
    fake.clock = lambda: clock().timestamp()
    thread = "1000000000000000055"
    fake.channel_types[thread] = 11
    first = await ws.post(thread, card())
    queued = clock.advance(minutes=1)
    first = await ws.update(first, card(status="claimed", thread_note="claimed by alice"))
    second = await ws.post(thread, card("T-13"))
    # the process died before the outbox recorded T-12's update: it is tried again
    await ws.update(first, card(status="claimed", thread_note="claimed by alice"),
                    maybe_shown_since=queued)
    queued = clock.advance(minutes=1)
    await ws.update(second, card("T-13", status="claimed", thread_note="claimed by alice"),
                    maybe_shown_since=queued)
    notes = [(m["message_reference"]["message_id"], m["content"])
             for m in fake.in_channel(thread) if m.get("message_reference")]
    assert notes == [(first.message_id, "claimed by alice"),
                     (second.message_id, "claimed by alice")]


async def test_a_handoffs_thread_note_pings_the_new_owner_and_no_one_else(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """``unclaim T-12 to=bob``: the thread line pings bob's user id (resolved by the outbox);
    the note's own text still pings nobody, and allowed_mentions names bob alone."""
    ref = await ws.post(fake.channel_id, card())
    await ws.update(ref, card(status="claimed", thread_note="carol reassigned to <@&1> @here",
                              thread_mention_users=(USER, "bob")))
    note = await fake.wait_for("POST", f"/channels/{ref.message_id}/messages")
    assert note.body["allowed_mentions"] == {"parse": [], "users": [int(USER)]}
    assert note.body["content"].endswith(f"\n<@{USER}>")
    assert note.body["content"].count("<@") == 1  # the note's "<@&1>" is escaped
    assert "\\@here" in note.body["content"]


async def test_a_retried_update_finds_its_thread_note_instead_of_adding_it_twice(
        ws: DiscordWorkspace, fake: FakeDiscord, clock: FakeClock) -> None:
    """A process died after Discord took the edit and its thread note, before the outbox
    recorded it: the next attempt (``maybe_shown_since`` the note was queued) edits again and
    finds the note, our last line in the thread; the next revision's note, never added, is
    added."""
    fake.clock = lambda: clock().timestamp()
    ref = await ws.post(fake.channel_id, card())
    handoff = card(status="claimed", thread_note="carol reassigned to bob",
                   thread_mention_users=(USER,))
    queued = clock.advance(minutes=1)
    await ws.update(ref, handoff)
    await ws.update(ref, handoff, maybe_shown_since=queued)
    queued = clock.advance(minutes=1)
    await ws.update(ref, card(status="resolved", thread_note="carol resolved"),
                    maybe_shown_since=queued)
    lines = sorted((m for m in fake.messages.values() if m["channel_id"] == ref.message_id),
                   key=lambda m: int(m["id"]))
    assert [m["content"] for m in lines] == [f"carol reassigned to bob\n<@{USER}>",
                                             "carol resolved"]
    assert len([c for c in fake.calls if c.method == "PATCH"]) == 3


async def test_find_recognises_our_message_after_a_crash(ws: DiscordWorkspace,
                                                         fake: FakeDiscord) -> None:
    assert await ws.find(fake.channel_id, "T-12") is None
    ref = await ws.post(fake.channel_id, card())
    await ws.post(fake.channel_id, card("T-13"))
    found = await ws.find(fake.channel_id, "T-12")
    assert found is not None and found.message_id == ref.message_id
    assert await ws.find(fake.channel_id, "T-1") is None  # a prefix is not a match


async def test_route_bucket_429_is_waited_out_and_retried(ws: DiscordWorkspace,
                                                          fake: FakeDiscord) -> None:
    fake.script_429("POST", r"/channels/\d+/messages$", retry_after=0.05)
    ref = await ws.post(fake.channel_id, card())
    posts = [c for c in fake.calls if c.method == "POST"]
    assert [c.status for c in posts] == [429, 200]
    assert ref.message_id in fake.messages
    http = ws.client.http
    assert any(h for h in http._bucket_hashes.values())  # discord.py learned the bucket header


async def test_global_429_holds_every_route(ws: DiscordWorkspace, fake: FakeDiscord,
                                            caplog: pytest.LogCaptureFixture) -> None:
    await ws.find(fake.channel_id, "warm-up")  # log in first
    fake.script_429("POST", r"/channels/\d+/messages$", global_=True, retry_after=0.3)
    hit = asyncio.Event()

    class Spot(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "Global rate limit has been hit" in record.getMessage():
                hit.set()

    spot = Spot()
    logging.getLogger("discord.http").addHandler(spot)
    try:
        first = asyncio.create_task(ws.post(fake.channel_id, card()))
        await asyncio.wait_for(hit.wait(), 5)
        other = await ws.find(fake.channel_id, "T-12")  # another route, during the global wait
        await first
    finally:
        logging.getLogger("discord.http").removeHandler(spot)
    order = [(c.method, c.status) for c in fake.calls if c.path.startswith("/channels/")][1:]
    # The history read waited for the global limit: it came after the retried post.
    assert order == [("POST", 429), ("POST", 200), ("GET", 200)]
    assert other is not None


async def test_long_429_gives_up_as_rate_limited(ws: DiscordWorkspace,
                                                 fake: FakeDiscord) -> None:
    fake.script_429("POST", r"/channels/\d+/messages$")  # the real body: retry_after 64.57
    with pytest.raises(RateLimited) as err:
        await ws.post(fake.channel_id, card())
    assert err.value.retry_after == pytest.approx(64.57)


@pytest.mark.parametrize(("status", "body", "error"), [
    (401, {"message": "401: Unauthorized", "code": 0}, WorkspaceRefused),  # a revoked token
    (403, {"message": "Missing Access", "code": 50001}, PermanentDeliveryError),
    (404, {"message": "Unknown Channel", "code": 10003}, PermanentDeliveryError),
    (400, real_fixture("error_50035_invalid_form_body_nested.json"), PermanentDeliveryError),
    # a forum, category or media channel: Discord answers the same however often it is asked
    (400, {"message": "Cannot send messages in a non-text channel", "code": 50008},
     PermanentDeliveryError),
    (400, {"message": "Cannot send an empty message", "code": 50006}, DeliveryError),
    (503, {"message": "upstream", "code": 0}, DeliveryError),
])
async def test_errors_are_translated(ws: DiscordWorkspace, fake: FakeDiscord, status: int,
                                     body: object, error: type[Exception]) -> None:
    await ws.find(fake.channel_id, "warm-up")
    fake.script_error("POST", r"/channels/\d+/messages$", status=status, body=body, times=9)
    with pytest.raises(error) as err:
        await ws.post(fake.channel_id, card())
    if error is DeliveryError:
        assert not isinstance(err.value, PermanentDeliveryError)
    if error is PermanentDeliveryError:  # the channel's fault: the workspace's cards go on
        assert not isinstance(err.value, WorkspaceRefused)
    if status == 403:  # Discord has no "invite to the channel": a role sees it, in a server
        assert dead_hint(str(err.value)) == (
            "let the bot's role view that channel, in a server the bot is in (socialops "
            "discord invite); then retry")
    if body == {"message": "Cannot send messages in a non-text channel", "code": 50008}:
        assert dead_hint(str(err.value)) == ("name a text channel (or a thread) in "
                                             "socialops.yaml (channels:)")


MISSING_PERMISSIONS = {"message": "Missing Permissions", "code": 50013}


async def test_a_missing_permission_is_named_with_its_channel(ws: DiscordWorkspace,
                                                              fake: FakeDiscord) -> None:
    """Discord's 403 50013 says only "Missing Permissions", not which one: the dead delivery
    said that and "Fix: see the error", leaving a server's admin to guess among the invite's
    seven. Each request needs one or two of them, so the error names those and the channel."""
    fake.script_error("POST", r"/channels/\d+/messages$", status=403, body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.post(fake.channel_id, card())
    assert str(err.value) == (  # a text channel (GET /channels/{id} says): Send Messages
        f"discord: post T-12 to {fake.channel_id}: HTTP 403 code 50013: Missing Permissions: "
        f"the bot needs Send Messages and Embed Links "
        f"in channel {fake.channel_id} (give them to its role in the channel's Permissions)")
    assert dead_hint(str(err.value)) == ("give the bot the permissions the error names in that "
                                         "channel, then retry")

    ref = await ws.post(fake.channel_id, card())
    fake.script_error("POST", r"/threads$", status=403, body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError, match=(
            f"the bot needs Create Public Threads in channel {fake.channel_id} ")):
        await ws.update(ref, card(thread_note="claimed by alice"))
    fake.script_error("POST", rf"/channels/{ref.message_id}/messages$", status=403,
                      body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError, match=(
            f"the bot needs Send Messages in Threads in channel {fake.channel_id} ")):
        await ws.update(ref, card(thread_note="claimed by alice"))


async def test_a_card_in_an_archived_thread_is_edited_after_unarchiving_it(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """A thread as a card's channel archives itself after its inactivity period; Discord
    refuses an edit there (400 code 50083, 'Thread is archived': only a new message unarchives
    a thread), so a claim on an older card in it was retried for a day, the thread's later
    cards queued behind it. The update unarchives the thread (archived false, which Send
    Messages allows when the thread is not locked) and edits; a locked thread, which only
    Manage Threads reopens, is a dead delivery that says so."""
    thread = "1000000000000000055"
    fake.channel_types[thread] = 11
    ref = await ws.post(thread, card())
    fake.archived_threads.add(thread)
    ref = await ws.update(ref, card(status="claimed", thread_note="claimed by alice"))
    assert thread not in fake.archived_threads
    assert fake.messages[ref.message_id]["edited_timestamp"] is not None
    assert [c.body for c in fake.calls if c.method == "PATCH" and c.path ==
            f"/channels/{thread}"] == [{"archived": False}]
    fake.archived_threads.add(thread)
    fake.locked_threads.add(thread)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.update(ref, card(status="resolved"))
    assert str(err.value).endswith(
        f"the bot needs Send Messages in Threads (Manage Threads when the thread is locked) in "
        f"channel {thread} (give it to its role in the channel's Permissions)")


async def test_a_thread_channel_that_can_take_nothing_is_a_dead_delivery_at_once(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """Two refusals of a thread channel that no retry changes, each taken for a passing
    failure (a 400) and retried for a day with the thread's later cards behind it: a card
    posted into a locked, archived thread (400 code 50083: only Manage Threads reopens it),
    and a note, a reply to its card there, without Read Message History (400 code 160002,
    'Cannot reply without permission to read message history', not 403 50013)."""
    thread = "1000000000000000055"
    fake.channel_types[thread] = 11
    ref = await ws.post(thread, card())
    fake.archived_threads.add(thread)
    fake.locked_threads.add(thread)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.post(thread, card("T-13"))
    assert dead_hint(str(err.value)) == (
        "the thread is archived and locked: unlock it, give the bot Manage Threads there, or "
        "name another channel in socialops.yaml (channels:); then retry")
    fake.archived_threads.clear()
    fake.locked_threads.clear()
    fake.script_error("POST", rf"/channels/{thread}/messages$", status=400, body={
        "message": "Cannot reply without permission to read message history", "code": 160002})
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.update(ref, card(status="claimed", thread_note="claimed by alice"))
    assert str(err.value).endswith(
        f"the bot needs Read Message History in channel {thread} (give it to its role in the "
        "channel's Permissions)")
    assert dead_hint(str(err.value)) == ("give the bot the permissions the error names in that "
                                         "channel, then retry")


async def test_a_missing_permission_in_a_thread_channel_names_the_threads_one(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """A card's channel may be a thread (ac53049), where Discord asks Send Messages in Threads,
    not Send Messages, and a note is a reply to the card (a reply asks Read Message History):
    a 403 50013 there named only Send Messages, which the admin gave to no effect; then both,
    leaving the admin to work out which. The channel's type is asked (GET /channels/{id})
    once the post is refused, and only the thread's is named (a private thread's too); when
    the channel cannot be read, both are, as before."""
    thread, private, unseen = "1000000000000000055", "1000000000000000056", "1000000000000000057"
    fake.channels.update({thread, private, unseen})
    fake.channel_types.update({thread: 11, private: 12})
    fake.hidden_channels.add(unseen)
    for where in (thread, private, thread):  # the type asked once, then known
        fake.script_error("POST", r"/channels/\d+/messages$", status=403,
                          body=MISSING_PERMISSIONS)
        with pytest.raises(PermanentDeliveryError) as err:
            await ws.post(where, card())
        assert str(err.value).endswith(
            f"the bot needs Send Messages in Threads and Embed Links "
            f"in channel {where} (give them to its role in the channel's Permissions)")
    assert len([c for c in fake.calls if c.method == "GET" and c.path.endswith(
        f"/channels/{thread}")]) == 1
    fake.script_error("POST", r"/channels/\d+/messages$", status=403, body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.post(unseen, card())
    assert str(err.value).endswith(
        f"the bot needs Send Messages (in a thread: Send Messages in Threads) and Embed Links "
        f"in channel {unseen} (give them to its role in the channel's Permissions)")
    ref = await ws.post(thread, card())
    ref = await ws.update(ref, card(status="claimed", thread_note="claimed by alice"))
    fake.script_error("POST", rf"/channels/{thread}/messages$", status=403,
                      body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.update(ref, card(status="resolved", thread_note="resolved"))
    assert str(err.value).endswith(
        f"the bot needs Send Messages in Threads and Read Message History in channel {thread} "
        "(give them to its role in the channel's Permissions)")


async def test_the_fix_is_read_from_discords_code_not_from_digits_of_an_id(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """dead_hint matched 50008, 50013, 10003 and 401 anywhere in the error, which names the
    channel and the message by their snowflakes: a card refused with Missing Permissions in a
    channel whose id holds 50008 was told to name a text channel, and a deleted card (Unknown
    Message) in one whose id holds 50013 or 401 to give permissions or check the token."""
    holds_50008, holds_50013 = "1150008000000000001", "1150013401000000001"
    fake.channels.update({holds_50008, holds_50013})
    fake.script_error("POST", r"/channels/\d+/messages$", status=403, body=MISSING_PERMISSIONS)
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.post(holds_50008, card())
    assert dead_hint(str(err.value)) == ("give the bot the permissions the error names in that "
                                         "channel, then retry")
    ref = await ws.post(holds_50013, card())
    fake.script_error("PATCH", r"/channels/\d+/messages/\d+$", status=404,
                      body={"message": "Unknown Channel", "code": 10003})
    with pytest.raises(PermanentDeliveryError) as err:
        await ws.update(ref, card(status="claimed"))
    assert "code 10003" in str(err.value)
    assert dead_hint(str(err.value)) == "check the channel id in socialops.yaml (channels:)"


async def test_unknown_message_on_update_shows_the_card_again(ws: DiscordWorkspace,
                                                              fake: FakeDiscord) -> None:
    """A card deleted (a moderator): Discord's 10008 Unknown Message on the edit. It was a
    dead delivery, and so was every later change of the ticket (``outbox retry`` too): the
    card is posted again instead, and its ref is the new message's."""
    ref = await ws.post(fake.channel_id, card())
    fake.messages.pop(ref.message_id)  # deleted by a moderator
    again = await ws.update(ref, card(status="claimed"))
    assert again.message_id != ref.message_id and again.message_id in fake.messages
    # an earlier attempt's card shown again (a crash before it was recorded) is found, not
    # posted a third time
    assert (await ws.update(ref, card(status="claimed"))).message_id == again.message_id
    assert len(fake.messages) == 1


async def test_non_snowflake_channel_is_refused_without_a_request(ws: DiscordWorkspace,
                                                                  fake: FakeDiscord) -> None:
    with pytest.raises(PermanentDeliveryError):
        await ws.post("#general", card())
    assert [c for c in fake.calls if c.method == "POST"] == []


def test_api_base_comes_from_config(fake: FakeDiscord) -> None:
    cfg = DiscordWorkspaceConfig(type="discord", name="d", token="t",
                                 api_url=fake.api_url + "/")
    DiscordWorkspace(cfg)
    assert discord.http.Route("GET", "/users/@me").url == fake.api_url + "/users/@me"


async def test_a_refused_login_leaves_no_session_open(ws_config: DiscordWorkspaceConfig,
                                                      fake: FakeDiscord) -> None:
    """Each failed login used to keep the aiohttp session it opened (``Unclosed client
    session`` at exit, once per card given up); a later right token still logs in."""
    import gc
    import warnings

    fake.token = "right-token"
    ws = DiscordWorkspace(ws_config.model_copy(update={"token": "wrong-token"}))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(3):
                with pytest.raises(WorkspaceRefused, match="token refused"):
                    await ws.post(fake.channel_id, card())
            gc.collect()
        leaked = [w for w in caught if "Unclosed client session" in str(w.message)]
        assert leaked == []
        ws.config = ws.config.model_copy(update={"token": "right-token"})
        ref = await ws.post(fake.channel_id, card())
        assert ref.message_id
    finally:
        await ws.close()


def test_voice_warnings_are_not_logged(caplog: pytest.LogCaptureFixture,
                                       ws_config: DiscordWorkspaceConfig) -> None:
    """socialops never joins a voice channel: discord.py's "voice will NOT be supported"."""
    import discord.voice_client

    caplog.set_level(logging.WARNING, logger="discord.client")
    discord.voice_client.VoiceClient.warn_dave = True  # as in a fresh process
    DiscordWorkspace(ws_config)
    assert "voice will NOT be supported" not in caplog.text


# A Reddit reply, say (a comment holds 10,000 characters): every "." and "-" is escaped on
# Discord, so this draft of 4,300 characters is over 5,000 once escaped.
LONG_DRAFT = "Thanks for waiting. Order no. 1234 was refunded - see the F.A.Q. page. " * 60


async def test_an_approval_card_says_when_its_draft_is_not_all_shown(
        ws: DiscordWorkspace, fake: FakeDiscord) -> None:
    """Approve publishes the whole draft, so its card must not cut it silently: a draft longer
    than the embed holds was shown up to a "…" like any post, with nothing saying that the
    rest, unseen, would be published too (Slack's card says so). The card now says how much
    of the draft it shows, that Approve approves all of it, and where to read it whole."""
    from tests.integrations.discord.reader import discord_view

    buttons = (Button(action="approve", label="Approve", target="A-1", style="primary",
                      version="ab" * 32),
               Button(action="reject", label="Reject", target="A-1", style="danger"))
    short = "Thanks for waiting. Order no. 1234 was refunded - see the F.A.Q. page."
    for text in (short, LONG_DRAFT):
        ref = await ws.post(fake.channel_id, card("A-1", kind="approval", title="A-1: reply",
                                                  text=text, url=None, buttons=buttons))
        shown = discord_view(fake.messages[ref.message_id],
                             allowed_mentions=fake.allowed_mentions.get(ref.message_id))
        assert not shown.problems, shown.problems
        said = " ".join(shown.text.split())
        if text is short:
            assert short in said and "Approve approves all of it" not in said
            continue
        head = said[said.index("Thanks"):said.index(" (This draft is")]
        assert " ".join(text.split()).startswith(head) and len(head) > 2_000
        assert (f"(This draft is {len(text.strip()):,} characters, more than a Discord card "
                f"holds: shown above are its first {len(head):,}. Approve approves all of it"
                in said), said[-400:]


@pytest.mark.parametrize("into", [0, 1])
async def test_a_thread_note_cut_beside_its_ping_is_cut_on_a_whole_escape(
        ws: DiscordWorkspace, fake: FakeDiscord, into: int) -> None:
    """A handoff's note long enough to be cut where the ping leaves room, the cut falling
    ``into`` a run of ``\\*``: no lone backslash escapes the "…" (or the line break before
    the ping), and the ping is still the last line."""
    ref = await ws.post(fake.channel_id, card())
    room = 2_000 - len(f"\n<@{USER}>") - len("…")
    await ws.update(ref, card(status="claimed", thread_note="n" * (room - into) + "*" * 900,
                              thread_mention_users=(USER,)))
    note = (await fake.wait_for("POST", f"/channels/{ref.message_id}/messages")).body["content"]
    shown, ping = note.rsplit("\n", 1)
    assert ping == f"<@{USER}>" and len(note) <= 2_000 and shown.endswith("…")
    body = shown.removesuffix("…")
    assert (len(body) - len(body.rstrip("\\"))) % 2 == 0, body[-10:]  # no lone "\\" before "…"
