"""``DiscordWorkspace``: the ``bot.core.ports.Workspace`` for Discord (post, update, find).

It needs only REST, not the gateway: when no client is given it logs in its own
``discord.Client`` lazily with no intents. When the bot (``integrations.discord.bot``) runs in the
same process, pass its client so both share one HTTP session and one set of rate-limit buckets.

Rate limits are discord.py's: it learns each route's ``X-RateLimit-Bucket``, waits when a bucket
is exhausted, and on a global 429 holds every request until the limit passes. We only cap how long
it may wait (``max_ratelimit_wait``, at least 30 s by discord.py's rule): beyond that it raises and
we turn it into ``RateLimited`` so the outbox reschedules instead of blocking a worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Literal

import discord

from bot.core.accounts import Accounts, UnknownGroup, UnknownMember
from bot.core.cards import Card, shown_again, shown_again_when_deleted
from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import PermanentDeliveryError
from bot.core.models import Gone, MessageRef
from bot.core.text import ascii_digits
from integrations.discord.channel_types import THREAD_TYPES
from integrations.discord.endpoints import (
    ARCHIVED,
    FAILURES,
    MISSING_PERMISSIONS,
    set_api_base,
    translate,
    translated,
)
from integrations.discord.escape import escape_cut
from integrations.discord.render import (
    CONTENT_LIMIT,
    key_from_footer,
    mention_ids,
    render,
    thread_name,
)
from integrations.discord.session import log_in, quiet_logs

UNKNOWN_MEMBER = 10007  # Get Guild Member of someone not in the server
UNKNOWN_USER = 10013  # Get Guild Member of an id no Discord user has (copied wrong)
# how long an escalation notice waits on a member lookup (discord.py waits out a 429 up to
# 30 s), and how long after one that did not answer nobody is asked (the notice pings)
LOOKUP_WAIT = 2.0
LOOKUP_HOLD = 60.0

log = logging.getLogger(__name__)

MAX_THREAD_PINGS = 20  # users one thread note pings (a handoff pings one)
# A week, so history notes land in a live thread.
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10_080
# "Unknown Message": the card was deleted (a moderator, anyone with Manage Messages)
UNKNOWN_MESSAGE = 10008
# how a card deleted in Discord is found: the answer to its next edit (the answer names nobody;
# who deleted it is in the server's audit log alone, which the bot is not given to read)
_DELETED_SAID = ("Discord answered 10008 Unknown Message to its next edit, and does not say "
                 "who deleted it")
UNKNOWN_CHANNEL = 10003  # a channel or thread deleted (a moderator)
THREAD_EXISTS = 160004  # "A thread has already been created for this message"
# "Cannot execute action on this channel type": no thread is started within a thread
NOT_IN_A_THREAD = 50024
# The invite's permissions each request needs (docs/discord.md), named when Discord answers
# 403 50013 "Missing Permissions" without saying which. View Channel has its own answer (50001).
# A card's channel may be a thread, which asks Send Messages in Threads instead (a post does
# not know which it is), and there its notes are replies (a reply asks Read Message History).
POST_NEEDS = ("Send Messages (in a thread: Send Messages in Threads)", "Embed Links")
# the same once the channel's type is known (asked when a post is refused for a permission)
POST_CHANNEL_NEEDS = ("Send Messages", "Embed Links")
POST_THREAD_NEEDS = ("Send Messages in Threads", "Embed Links")
THREAD_NEEDS = ("Create Public Threads",)
NOTE_NEEDS = ("Send Messages in Threads",)
REPLY_NEEDS = ("Send Messages in Threads", "Read Message History")
# reopening an archived thread: Send Messages (in Threads) unless it is locked (Modify Channel)
UNARCHIVE_NEEDS = ("Send Messages in Threads (Manage Threads when the thread is locked)",)
# A thread line is looked for among the messages created (their snowflakes' time, Discord's
# clock) since it was queued (our clock), less this: a line is taken for shown only if it is
# our newest message there, word for word, so the margin is how far our clock may be ahead of
# Discord's, and a line the same as one shown this shortly before it was queued may be taken
# for that one. NTP keeps clocks within milliseconds.
CLOCK_MARGIN = timedelta(seconds=10)
LINE_PAGE = 100  # messages a history request returns at most (Get Channel Messages)
LINE_PAGES = 20  # how far back, at most, through messages created since the line was queued


def _snowflake(value: str, what: str) -> int:
    if not ascii_digits(value):
        raise PermanentDeliveryError(f"discord: {what} {value!r} is not a Discord id")
    return int(value)


def _unknown_channel(exc: BaseException | None) -> bool:
    """Whether Discord answered "Unknown Channel" (404, JSON code 10003: a channel or thread
    deleted; topics/opcodes-and-status-codes, JSON Error Codes)."""
    return isinstance(exc, discord.HTTPException) and exc.code == UNKNOWN_CHANNEL


def _replies_to(message: Any, message_id: str) -> bool:
    """Whether a message of a channel's history (Discord's JSON) is a reply to ``message_id``."""
    reference = message.get("message_reference") if isinstance(message, dict) else None
    return isinstance(reference, dict) and str(reference.get("message_id")) == message_id


class DiscordWorkspace:
    paced = True  # per-route buckets (PLATFORMS.md): the outbox keeps under them
    lines_share_pace = False  # a thread is a channel of its own, with its own bucket
    steady_pace = False  # a bucket refills at its reset: a backlog catches up at outbox.catch_up

    def __init__(
        self,
        config: DiscordWorkspaceConfig,
        *,
        client: discord.Client | None = None,
        history_limit: int = 50,
        max_ratelimit_wait: float = 30.0,
        accounts: Accounts | None = None,
        lookup_wait: float = LOOKUP_WAIT,
    ) -> None:
        self.name = config.name
        # whose accounts are gone, as Get Guild Member said minutes ago (a notice asks)
        self.accounts = accounts or Accounts()
        self.lookup_wait = lookup_wait
        self.config = config
        set_api_base(config.api_url)
        quiet_logs()
        self._own_client = client is None
        # REST only: this client never opens the gateway, so intents do not matter; "guilds"
        # just keeps discord.py from warning about a state cache it will never fill.
        self._client = client or discord.Client(
            intents=discord.Intents(guilds=True),
            max_ratelimit_timeout=max(30.0, max_ratelimit_wait),
        )
        self._history_limit = history_limit
        self._threads: dict[str, bool] = {}  # channel id -> whether it is a thread (asked)

    @property
    def client(self) -> discord.Client:
        return self._client

    async def _ready(self) -> discord.Client:
        if self._client.http.token is None or self._client.user is None:
            await log_in(self._client, self.config.token)
        return self._client

    async def close(self) -> None:
        if self._own_client:
            await self._client.close()

    def _ref(self, channel: str, message_id: int, *, thread_id: str | None = None) -> MessageRef:
        permalink = None
        if self.config.guild_id:
            permalink = (f"{self.config.web_url.strip().rstrip('/')}/channels/"
                         f"{self.config.guild_id}/{channel}/{message_id}")
        return MessageRef(
            workspace=self.name,
            channel=channel,
            message_id=str(message_id),
            thread_id=thread_id,
            permalink=permalink,
        )

    # -- Workspace protocol ------------------------------------------------------------------

    async def post(self, channel: str, card: Card) -> MessageRef:
        client = await self._ready()
        target = client.get_partial_messageable(_snowflake(channel, "channel"))
        r = render(card)
        what = f"post {card.key} to {channel}"
        try:
            msg = await target.send(
                content=r.content,
                embed=r.embed,
                view=r.view,  # type: ignore[arg-type]  # None is accepted at runtime
                allowed_mentions=r.allowed_mentions,
            )
        except FAILURES as exc:
            needs = POST_NEEDS
            if isinstance(exc, discord.HTTPException) and exc.code == MISSING_PERMISSIONS:
                thread = await self._is_thread(client, channel)
                needs = POST_NEEDS if thread is None else (
                    POST_THREAD_NEEDS if thread else POST_CHANNEL_NEEDS)
            raise translate(exc, what=what, needs=(needs, channel)) from exc
        return self._ref(channel, msg.id)

    async def _is_thread(self, client: discord.Client, channel: str) -> bool | None:
        """Whether ``channel`` is a thread, where a post needs Send Messages in Threads, not
        Send Messages: asked once (``GET /channels/{id}``; a channel's type never changes) when
        a post is refused for a permission. None when it cannot be read."""
        if channel not in self._threads:
            try:
                found: Any = await client.http.get_channel(int(channel))
            except FAILURES:
                return None
            kind = found.get("type") if isinstance(found, dict) else None
            if not isinstance(kind, int):
                return None
            self._threads[channel] = kind in THREAD_TYPES
        return self._threads[channel]

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        client = await self._ready()
        channel_id = _snowflake(ref.channel, "channel")
        message = client.get_partial_messageable(channel_id).get_partial_message(
            _snowflake(ref.message_id, "message")
        )
        r = render(card)
        gone = False
        with translated(f"update {card.key} in {ref.channel}"):
            try:
                await message.edit(content=r.content, embed=r.embed, view=r.view,
                                   allowed_mentions=r.allowed_mentions)
            except discord.HTTPException as exc:
                if exc.code == UNKNOWN_MESSAGE:
                    gone = True
                elif exc.code != ARCHIVED:
                    raise
                else:
                    # the card's channel is a thread that archived itself: reopen it, edit
                    with translated(f"unarchive thread {ref.channel} for {card.key}",
                                    needs=(UNARCHIVE_NEEDS, ref.channel)):
                        await client.http.edit_channel(channel_id, archived=False)
                    await message.edit(content=r.content, embed=r.embed, view=r.view,
                                       allowed_mentions=r.allowed_mentions)
        # said to ``why`` through the ref returned
        lost = Gone(message_id=ref.message_id, said=_DELETED_SAID) if gone else None
        if gone and not shown_again_when_deleted(card):
            log.info("discord: %s's card %s was deleted from %s (Discord: Unknown Message); "
                     "an alert's card is not shown again", card.key, message.id, ref.channel)
            return ref.model_copy(update={"gone": lost})
        if gone:
            # the card was deleted (10008): the ticket or draft lives on, so its card is shown
            # again, as it is now (an attempt that did so before a crash is found, not posted
            # twice), with a thread of its own: the old one has no card to open it from
            found = await self.find(ref.channel, card.key)
            if found is not None and found.message_id != ref.message_id:
                log.info("discord: %s was deleted from %s; its card shown again is %s",
                         card.key, ref.channel, found.message_id)
                ref = found
                await self.update(ref, card.model_copy(update={"thread_note": None}))
            else:
                ref = await self.post(ref.channel, shown_again(card))
                log.warning("discord: %s's card %s was deleted from %s (Discord: Unknown "
                            "Message); shown again as %s", card.key, message.id, ref.channel,
                            ref.message_id)
        if not card.thread_note:
            return ref.model_copy(update={"gone": lost}) if lost else ref
        thread_id = ref.thread_id or await self._start_thread(ref, card)
        # the users the note pings (a handoff's new owner), and no one else: the note itself
        # is escaped, and allowed_mentions names only them
        users = mention_ids(card.thread_mention_users)[:MAX_THREAD_PINGS]
        pings = " ".join(f"<@{u}>" for u in users)
        room = CONTENT_LIMIT - (len(pings) + 1 if pings else 0)
        content = escape_cut(card.thread_note, room) + (f"\n{pings}" if pings else "")
        try:
            await self._note(ref, thread_id, content, users, key=card.key,
                             maybe_shown_since=maybe_shown_since)
        except PermanentDeliveryError as exc:
            if thread_id == ref.channel or not _unknown_channel(exc.__cause__):
                raise
            # the card's thread was deleted (a moderator), its channel was not (the card was
            # just edited there). A thread started from a message takes the message's id
            # (resources/channel, Start Thread from Message), so no second one is counted on:
            # its notes are replies to the card in its channel, as a card's in a thread are.
            # Each note was a dead delivery told to check the channel id in socialops.yaml,
            # whose id is right.
            log.warning("discord: %s's thread %s was deleted from %s (Discord: Unknown "
                        "Channel); its notes are replies to the card there now", card.key,
                        thread_id, ref.channel)
            thread_id = ref.channel
            await self._note(ref, thread_id, content, users, key=card.key,
                             maybe_shown_since=maybe_shown_since)
        return ref.model_copy(update={"thread_id": thread_id, "gone": lost})

    async def _note(self, ref: MessageRef, thread_id: str, content: str, users: list[int], *,
                    key: str, maybe_shown_since: datetime | None) -> None:
        """Show a thread note (``content``, pinging ``users``) in ``thread_id`` unless an
        earlier attempt showed it since ``maybe_shown_since``."""
        client = await self._ready()
        # a card in a thread has its notes beside it there, each a reply to it
        shared = thread_id == ref.channel
        if maybe_shown_since is not None and await self._last_line(
                thread_id, since=maybe_shown_since - CLOCK_MARGIN,
                reply_to=ref.message_id if shared else None) == content:
            return
        reply_to = discord.MessageReference(
            message_id=int(ref.message_id), channel_id=int(ref.channel),
            fail_if_not_exists=False) if shared else None
        with translated(f"thread note for {key}",
                        needs=(REPLY_NEEDS if shared else NOTE_NEEDS, ref.channel)):
            await client.get_partial_messageable(_snowflake(thread_id, "thread")).send(
                content=content, reference=reply_to,  # type: ignore[arg-type]  # None: none
                allowed_mentions=discord.AllowedMentions(
                    everyone=False, users=[discord.Object(id=u) for u in users], roles=False,
                    replied_user=False) if users else discord.AllowedMentions.none(),
            )

    async def _last_line(self, thread_id: str, *, since: datetime,
                         reply_to: str | None = None) -> str | None:
        """Our newest message in a card's thread if Discord created it at ``since`` or later
        (a message id is a snowflake of its creation time), else None. A thread note carries no
        key of its own on Discord, so an earlier attempt's note is known by being our last line
        there, word for word, created since the note was queued: the same line shown before
        then is not it. Read newest first, a page at a time, down to ``since``. ``reply_to``:
        the thread is a card's channel, shared with other cards and their notes, so only our
        replies to that card count (another card after the note, or another card's note in
        the same words, is not it)."""
        client = await self._ready()
        me = client.user.id if client.user else None
        floor = discord.utils.time_snowflake(since)
        before: int | None = None
        for _ in range(LINE_PAGES):
            with translated(f"history of thread {thread_id}"):
                messages: list[Any] = await client.http.logs_from(
                    _snowflake(thread_id, "thread"), LINE_PAGE, before=before)
            for m in messages:
                try:
                    if int(m["id"]) < floor:
                        return None
                    if reply_to is not None and not _replies_to(m, reply_to):
                        continue
                    if me is None or int(m["author"]["id"]) == me:
                        return str(m.get("content") or "")
                except (KeyError, TypeError, ValueError):
                    log.info("discord: skipped a malformed message in thread %s", thread_id)
            if len(messages) < LINE_PAGE:
                return None
            try:
                before = int(messages[-1]["id"])
            except (KeyError, TypeError, ValueError):
                return None
        return None

    async def _start_thread(self, ref: MessageRef, card: Card) -> str:
        """Open the card's history thread. A thread started from a message shares the message's
        id, so "already exists" (after a crash, or another process) is as good as created. A
        card in a thread has none of its own (Discord starts no thread within a thread): its
        notes go into the thread it is in, whose id is returned."""
        client = await self._ready()
        with translated(f"start thread for {card.key}", needs=(THREAD_NEEDS, ref.channel)):
            try:
                await client.http.start_thread_with_message(
                    int(ref.channel),
                    int(ref.message_id),
                    name=thread_name(card),
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                )
            except discord.HTTPException as exc:
                if exc.code == NOT_IN_A_THREAD:
                    return ref.channel
                if exc.code != THREAD_EXISTS:
                    raise
        return ref.message_id

    async def left(self, user: str, *, channel: str) -> str | None:
        """Why ``user`` can no longer be pinged here, or None: no member of the server the
        channel is in any more, which Get Guild Member answers with 404 and JSON code 10007,
        Unknown Member (discord.com/developers/docs/resources/guild#get-guild-member;
        topics/opcodes-and-status-codes, JSON error codes), or an id no Discord user has
        (10013, Unknown User: copied wrong); a mention of them notifies nobody. None too
        when Discord does not say (the channel unreadable, an outage, a 429): the ping is sent
        as before. The server is the config's ``guild_id``, else the channel's."""
        # a member is a server's: one answer per server (per channel without ``guild_id``)
        return await self._asked(f"{self.config.guild_id or channel}:{user}",
                                 f"no answer whether {user} is a member",
                                 lambda: self._member_gone(user, channel=channel))

    async def _asked(self, key: str, what: str,
                     ask: Callable[[], Awaitable[tuple[bool, str | None]]]) -> str | None:
        """``left``'s and ``group_gone``'s answer for ``key``: kept minutes in ``accounts``,
        else asked (``ask``: whether Discord said, and why gone). discord.py waits out a 429
        (up to 30 s, then retries): a notice does not wait on it past ``lookup_wait``, and
        pings as before, nobody asked meanwhile; any other failure pings as before too,
        ``what`` logged."""
        known, why = self.accounts.known(key)
        if known or self.accounts.held():  # asked minutes ago, or rate limited: as it was
            return why
        try:
            said, why = await asyncio.wait_for(ask(), timeout=self.lookup_wait)
        except discord.HTTPException as exc:
            if exc.status == 429:
                self.accounts.hold(LOOKUP_HOLD)
            log.info("discord %s: %s: %s", self.name, what, exc)
            return None
        except TimeoutError:
            # a 429 discord.py was waiting out (or a slow answer): ask nobody for a while
            self.accounts.hold(LOOKUP_HOLD)
            log.info("discord %s: %s within %.1f s", self.name, what, self.lookup_wait)
            return None
        except discord.RateLimited as exc:
            self.accounts.hold(exc.retry_after)
            log.info("discord %s: %s: %s", self.name, what, exc)
            return None
        except (*FAILURES, ValueError) as exc:
            log.info("discord %s: %s: %s", self.name, what, exc)
            return None
        if said:
            self.accounts.keep(key, why)
        return why

    async def _guild(self, client: discord.Client, channel: str) -> Any:
        """The server a lookup asks: the config's ``guild_id``, else the channel's (None when
        Discord does not say)."""
        found: Any = (None if self.config.guild_id
                      else await client.http.get_channel(int(channel)))
        return self.config.guild_id or (
            found.get("guild_id") if isinstance(found, dict) else None)

    async def _member_gone(self, user: str, *, channel: str) -> tuple[bool, str | None]:
        """``left``'s call: (whether Discord said, why gone or None: a member)."""
        client = await self._ready()
        guild = await self._guild(client, channel)
        if not guild:
            return False, None
        try:
            await client.http.get_member(int(guild), int(user))
        except discord.HTTPException as exc:
            if exc.status == 404 and exc.code == UNKNOWN_MEMBER:
                return True, "they are no longer a member of the Discord server"
            if exc.status == 404 and exc.code == UNKNOWN_USER:  # a mention of nobody at all
                return True, UnknownMember(f"Discord has no user {user} (an ID copied wrong?)")
            raise
        return True, None

    async def group_gone(self, role: str, *, channel: str) -> str | None:
        """Why a ping of the role ``role`` (``<@&id>``) notifies nobody, or None: a role
        deleted from the server, which Get Guild Roles no longer lists
        (discord.com/developers/docs/resources/guild#get-guild-roles), or one no member holds
        (``GET /guilds/{id}/roles/member-counts``, discord.py's ``get_role_member_counts``).
        None too when Discord does not say (the channel unreadable, an outage, a 429): pinged
        as before. Answers are kept as ``left``'s are, one per server and role."""
        return await self._asked(f"{self.config.guild_id or channel}:role:{role}",
                                 f"role {role} not checked",
                                 lambda: self._role_gone(role, channel=channel))

    async def _role_gone(self, role: str, *, channel: str) -> tuple[bool, str | None]:
        """``group_gone``'s calls: (whether Discord said, why or None: a role someone holds)."""
        client = await self._ready()
        guild = await self._guild(client, channel)
        if not guild:
            return False, None
        roles: Any = await client.http.get_roles(int(guild))
        if not isinstance(roles, list):
            return False, None
        if not any(isinstance(r, dict) and str(r.get("id")) == role for r in roles):
            return True, UnknownGroup("its Discord role was deleted from the server")
        if role == str(guild):  # @everyone: every member holds it
            return True, None
        try:
            counts: Any = await client.http.get_role_member_counts(int(guild))
        except discord.NotFound:  # an API without the route: the role is there, pinged
            return False, None
        if isinstance(counts, dict) and counts.get(role) == 0:
            return True, "nobody holds its Discord role"
        return True, None

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        """Our newest message in the channel's recent history whose embed footer carries
        ``card_key``; None when not among the last ``history_limit`` messages."""
        client = await self._ready()
        me = client.user.id if client.user else None
        with translated(f"history of {channel}"):
            messages: list[Any] = await client.http.logs_from(
                _snowflake(channel, "channel"), self._history_limit
            )
        for m in messages:
            try:
                if me is not None and int(m["author"]["id"]) != me:
                    continue
                for e in m.get("embeds") or ():
                    if key_from_footer((e.get("footer") or {}).get("text")) == card_key:
                        thread = (m.get("thread") or {}).get("id")
                        return self._ref(channel, int(m["id"]), thread_id=thread)
            except (KeyError, TypeError, ValueError, AttributeError):
                log.info("discord: skipped a malformed message in %s history", channel)
        return None
