"""The outbound Slack workspace: posts cards (``chat.postMessage``), edits them in place
(``chat.update``), keeps their history in the thread, and finds a message already posted for a
card key (by message metadata) so a retry after a crash edits instead of posting twice; a thread
note carries its own key in its metadata, so such a retry finds it instead of adding it twice.

Every call raises only socialops errors (see ``integrations.slack.api``); retries and per-channel
pacing belong to the outbox, so nothing here sleeps or retries.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.core.accounts import Accounts, UnknownGroup, UnknownMember
from bot.core.cards import Card, shown_again, shown_again_when_deleted
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited
from bot.core.models import Gone, MessageRef
from integrations.slack.api import answer, call, make_client
from integrations.slack.render import EVENT_TYPE, LINE_EVENT_TYPE, render_card, render_text
from integrations.slack.teams import Installation

log = logging.getLogger(__name__)
# how a card deleted in Slack is found: chat.update's answer to its next edit (Slack tells no
# one who deleted a message: its message_deleted event names nobody either)
_DELETED_SAID = ("Slack answered message_not_found to its next edit, and does not say who "
                 "deleted it")

FIND_PAGE = 200  # messages per conversations.history page (Slack's recommended maximum)
FIND_PAGES = 3  # how far back find() looks; a crash-retry happens within minutes
# A thread note is looked for by its key among the replies since it was queued (our clock)
# less this, for Slack's clock: a ts is Slack's time. Keys are exact, so a wide margin costs
# only the replies of those minutes.
CLOCK_MARGIN = timedelta(minutes=10)
LINE_PAGES = 50  # at most 10,000 replies since the note was queued (conversations.replies)


DISABLED_GROUP = "its Slack user group is disabled"
# the lookups one rate limit holds (``Accounts.hold``): Slack limits each method on its own,
# users.info (Tier 4) apart from usergroups.list and usergroups.users.list (Tier 2)
USERS, GROUPS = "users.info", "usergroups"


class MethodHold:
    """A 429's ``Retry-After`` for one Web API method. Slack's limit is per method and
    workspace, so every caller of the method waits it out, not only the one told: the
    outbox's ``find()`` and the reactions' card reads share ``conversations.history``.
    Kept on a monotonic clock (a ``Retry-After`` is a duration)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until = 0.0

    def hold(self, retry_after: float) -> None:
        self._until = max(self._until, self._clock() + retry_after)

    def left(self) -> float:
        """Seconds the method is still held (0 when it is not)."""
        return max(0.0, self._until - self._clock())


class SlackWorkspace:
    """``bot.core.ports.Workspace`` for Slack. Pass ``client`` to share one (tests, bolt)."""

    paced = True  # about one message per second per channel (PLATFORMS.md)
    # an edit's thread line is a chat.postMessage in the channel, under that same limit: the
    # outbox gives it a place among the channel's new cards (Discord's thread is a channel of
    # its own, with its own bucket)
    lines_share_pace = True
    # chat.postMessage is ~1 message a second per channel with "short bursts >1 allowed" and
    # no guarantee past them (api.slack.com/docs/rate-limits): the outbox's burst allowance
    # is that short burst, and a backlog is not caught up faster than the pace (outbox.catch_up)
    steady_pace = True

    def __init__(
        self, config: SlackWorkspaceConfig, *, client: AsyncWebClient | None = None,
        accounts: Accounts | None = None,
    ) -> None:
        self.name = config.name
        self.config = config
        self.client = client or make_client(config)
        # whose accounts are gone, as users.info said minutes ago (an escalation notice asks)
        self.accounts = accounts or Accounts()
        self._bot_id: str | None = None
        self._bot_user: str | None = None
        self._installation: Installation | None = None
        self._auth: AsyncSlackResponse | None = None  # auth.test's answer, once given
        self._asking: asyncio.Future[AsyncSlackResponse] | None = None  # the call under way
        # told after a card is posted or changed (the App Home tabs refresh); set by the app
        self.on_change: Callable[[], None] | None = None
        # conversations.history's 429: the outbox's find() and the app's reaction reads wait
        # it out alike (the app is given this workspace: bot.app.chat)
        self.history = MethodHold()

    # -- Workspace protocol ------------------------------------------------------------------

    async def post(self, channel: str, card: Card) -> MessageRef:
        msg = render_card(card)
        data = await call(
            self.client,
            "chat.postMessage",
            channel=channel,
            text=msg.text,
            blocks=msg.blocks,
            metadata=msg.metadata,
            # Belt and braces: the text is escaped already, but never let Slack resolve names or
            # unfurl links from a hostile post.
            parse="none",
            link_names=False,
            unfurl_links=False,
            unfurl_media=False,
        )
        ts = str(data.get("ts") or "")
        if not ts:
            raise DeliveryError("slack chat.postMessage: no ts in the response")
        self._changed()
        return MessageRef(
            workspace=self.name, channel=str(data.get("channel") or channel), message_id=ts
        )

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        msg = render_card(card)
        try:
            await call(
                self.client,
                "chat.update",
                channel=ref.channel,
                ts=ref.message_id,
                text=msg.text,
                blocks=msg.blocks,
                metadata=msg.metadata,
                parse="none",
                link_names=False,
            )
        except PermanentDeliveryError as exc:
            if not str(exc).startswith("slack chat.update: message_not_found"):
                raise
            # the card was deleted in Slack (a member or an admin deleted the bot's message):
            # no retry of this edit can ever succeed, and the ticket lives on. Show the card
            # again (the one a lost answer may already have posted again, if any), and return
            # its reference, which later edits use.
            # said to ``why`` through the ref returned (Slack's event says nobody)
            gone = Gone(message_id=ref.message_id, said=_DELETED_SAID)
            if not shown_again_when_deleted(card):  # an alert's: removed, it stays removed
                log.info("slack %s: card %s in %s was deleted (%s); an alert's card is not "
                         "shown again", self.name, card.key, ref.channel, exc)
                return ref.model_copy(update={"gone": gone})
            again = await self.find(ref.channel, card.key)
            if again is not None and again.message_id != ref.message_id:
                shown = await self.update(again, card, maybe_shown_since=maybe_shown_since)
                return shown.model_copy(update={"gone": gone})
            log.warning("slack %s: card %s in %s was deleted (%s); posting it again",
                        self.name, card.key, ref.channel, exc)
            try:  # a chat.postMessage, under the channel's posting limit as a thread line is
                new = await self.post(ref.channel, shown_again(card))
                if card.thread_note:
                    await self.post_text(new.channel, card.thread_note,
                                         thread_ts=new.message_id,
                                         mentions=card.thread_mention_users,
                                         key=card.thread_key)
            except RateLimited as limited:
                raise RateLimited(str(limited), retry_after=limited.retry_after,
                                  holds_posts=True) from limited
            return new.model_copy(update={"gone": gone})
        self._changed()
        thread = ref.thread_id or ref.message_id
        if card.thread_note and not (maybe_shown_since is not None and await self._line_shown(
                ref.channel, thread, card.thread_key, since=maybe_shown_since - CLOCK_MARGIN)):
            try:
                await self.post_text(
                    ref.channel, card.thread_note, thread_ts=thread,
                    mentions=card.thread_mention_users, key=card.thread_key,
                )
            except RateLimited as exc:  # the channel's posting limit, not chat.update's
                raise RateLimited(str(exc), retry_after=exc.retry_after,
                                  holds_posts=True) from exc
        return ref

    async def _line_shown(self, channel: str, thread: str, key: str | None, *,
                          since: datetime) -> bool:
        """Whether our thread note ``key`` (its message metadata) is among the thread's
        replies since ``since`` (``oldest``: conversations.replies returns the earliest of the
        window first, a page at a time)."""
        if key is None:
            return False
        bot_id = await self.own_bot_id()
        cursor: str | None = None
        oldest = f"{since.timestamp():.6f}"
        for _ in range(LINE_PAGES):
            data = await call(self.client, "conversations.replies",
                              accept=frozenset({"thread_not_found"}), channel=channel,
                              ts=thread, include_all_metadata=True, limit=FIND_PAGE,
                              oldest=oldest, inclusive=True, cursor=cursor)
            for message in data.get("messages") or []:
                meta = message.get("metadata")
                if (isinstance(meta, dict) and meta.get("event_type") == LINE_EVENT_TYPE
                        and (meta.get("event_payload") or {}).get("key") == key
                        and (not bot_id or message.get("bot_id") == bot_id)):
                    return True
            cursor = ((data.get("response_metadata") or {}).get("next_cursor")) or None
            if not data.get("has_more") or not cursor:
                return False
        return False

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:  # a listener must never fail a delivery
                log.exception("slack %s: change listener failed", self.name)

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        bot_id = await self.own_bot_id()
        cursor: str | None = None
        found: str | None = None
        for _ in range(FIND_PAGES):
            if (left := self.history.left()) > 0:  # nothing here sleeps: the outbox retries
                raise RateLimited("slack conversations.history: rate limited (held by an "
                                  "earlier Retry-After)", retry_after=left)
            data = await self.read_history(channel=channel, include_all_metadata=True,
                                           limit=FIND_PAGE, cursor=cursor)
            for message in data.get("messages") or []:
                if _is_card(message, card_key, bot_id):
                    found = str(message["ts"])  # newest first: keep going to the oldest
            cursor = ((data.get("response_metadata") or {}).get("next_cursor")) or None
            if not data.get("has_more") or not cursor:
                break
        if found is None:
            return None
        return MessageRef(workspace=self.name, channel=channel, message_id=found)

    async def read_history(self, **kwargs: Any) -> dict[str, Any]:
        """``conversations.history``; a 429 it gets holds every later read (``history``),
        which each caller waits out before calling (``find`` leaves it to the outbox)."""
        try:
            return await call(self.client, "conversations.history", **kwargs)
        except RateLimited as exc:
            self.history.hold(exc.retry_after)
            raise

    # -- helpers for the interactive side ------------------------------------------------------

    async def post_text(self, channel: str, text: str, *, thread_ts: str | None = None,
                        mentions: tuple[str, ...] = (), key: str | None = None,
                        unlisted: int = 0, links: tuple[str, ...] = ()) -> str:
        """A plain message (thread notes, notices); the text is escaped here. ``mentions``:
        the Slack user ids it pings, and no one else; ``key``: a thread note's identity, kept
        in its message metadata for ``_line_shown``."""
        msg = render_text(text, mentions=mentions, unlisted=unlisted, links=links)
        meta: dict[str, Any] = ({"metadata": {"event_type": LINE_EVENT_TYPE,
                                              "event_payload": {"key": key}}} if key else {})
        data = await call(
            self.client,
            "chat.postMessage",
            channel=channel,
            text=msg.text,
            blocks=msg.blocks,
            thread_ts=thread_ts,
            **meta,
            parse="none",
            link_names=False,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(data.get("ts") or "")

    async def post_ephemeral(self, channel: str, user: str, text: str, *,
                             unlisted: int = 0, links: tuple[str, ...] = ()) -> None:
        msg = render_text(text, unlisted=unlisted, links=links)
        await call(
            self.client,
            "chat.postEphemeral",
            channel=channel,
            user=user,
            text=msg.text,
            blocks=msg.blocks,
            parse="none",
            link_names=False,
            # an answer quotes posts' addresses; Slack unfurls an app's media links by default
            unfurl_links=False,
            unfurl_media=False,
        )

    async def permalink(self, ref: MessageRef) -> str | None:
        """A link to a posted message (``chat.getPermalink``), for lists and notices that point
        at cards. None when Slack no longer has the message."""
        data = await call(self.client, "chat.getPermalink", accept=frozenset({
            "message_not_found", "channel_not_found"}), channel=ref.channel,
            message_ts=ref.message_id)
        link = data.get("permalink")
        return str(link) if link else None

    async def email_of(self, user: str) -> str | None:
        """The email address Slack holds for a user, which Slack has verified for the
        workspace (``users.info``; the address is there only with the ``users:read.email``
        scope, docs.slack.dev/reference/methods/users.info). None when Slack does not say:
        no such user, a bot, or the scope missing; then a link needs an admin's confirmation."""
        data = await call(self.client, "users.info", accept=frozenset({
            "user_not_found", "users_not_found", "missing_scope", "user_not_visible"}), user=user)
        profile = (data.get("user") or {}).get("profile") or {}
        email = profile.get("email") if isinstance(profile, dict) else None
        if data.get("accepted") == "missing_scope":
            log.warning("slack %s: users.info has no email without the users:read.email "
                        "scope; links will ask an admin", self.name)
        return str(email).strip() if isinstance(email, str) and email.strip() else None

    async def left(self, user: str, *, channel: str) -> str | None:
        """Why ``user`` can no longer be pinged here, or None: a deactivated account, which
        ``users.info`` answers with ``deleted: true`` (docs.slack.dev/reference/objects/
        user-object), or no member of that id in this workspace (``user_not_found``: removed
        from it, or an ID copied from another one), either of which a mention notifies nobody
        through. None too when Slack does not say (the scope missing, a member hidden from the
        app, Slack unreachable or rate limited): the ping is sent as before. ``channel``:
        unused (a Slack account is the workspace's)."""
        del channel
        known, why = self.accounts.known(user)
        if known or self.accounts.held(USERS):  # asked minutes ago, or rate limited: as it was
            return why
        try:
            data = await call(self.client, "users.info", accept=frozenset({
                "user_not_found", "users_not_found", "missing_scope", "user_not_visible"}),
                user=user)
        except RateLimited as exc:  # users.info is Tier 4: the notice pings as before
            self.accounts.hold(exc.retry_after, USERS)
            log.info("slack %s: users.info for %s rate limited: %s", self.name, user, exc)
            return None
        except DeliveryError as exc:
            log.info("slack %s: users.info for %s failed: %s", self.name, user, exc)
            return None
        member = data.get("user")
        if isinstance(member, dict) and member.get("deleted") is True:
            why = "their Slack account is deactivated"
        elif data.get("accepted") == "user_not_found":
            why = UnknownMember(f"Slack has no member {user} in this workspace (removed from "
                                "it, or an ID copied from another workspace?)")
        self.accounts.keep(user, why)
        return why

    async def group_gone(self, group: str, *, channel: str) -> str | None:
        """Why a ping of the user group ``group`` (``<!subteam^S…>``) notifies nobody, or None:
        a disabled group, which ``usergroups.list`` with ``include_disabled`` answers with a
        non-zero ``date_delete`` (docs.slack.dev/reference/methods/usergroups.disable: "When a
        User Group has been disabled its date_delete parameter will be non-zero"), one Slack
        does not list at all, or one whose ``usergroups.users.list`` is empty. None too when
        Slack does not say (the ``usergroups:read`` scope missing, a plan without user groups,
        Slack unreachable or rate limited: both methods are Tier 2): pinged as before.
        Answers are kept as ``left``'s are. ``channel``: unused (a group is the workspace's)."""
        del channel
        key = f"subteam:{group}"
        known, why = self.accounts.known(key)
        if known or self.accounts.held(GROUPS):
            return why
        quiet = frozenset({"missing_scope", "plan_upgrade_required", "no_such_subteam",
                           "not_allowed_token_type"})
        try:
            listed = await call(self.client, "usergroups.list", accept=quiet,
                                include_disabled=True)
            if listed.get("accepted"):  # Slack does not say: as before, and asked again later
                log.info("slack %s: usergroups.list answered %s: user groups not checked",
                         self.name, listed["accepted"])
                return None
            groups = [g for g in listed.get("usergroups") or () if isinstance(g, dict)]
            for g in groups:  # one answer for every disabled group a chain names
                if g.get("date_delete") not in (0, None, "0") and g.get("id") != group:
                    self.accounts.keep(f"subteam:{g.get('id')}", DISABLED_GROUP)
            found = next((g for g in groups if g.get("id") == group), None)
            if found is not None and found.get("date_delete") not in (0, None, "0"):
                why = DISABLED_GROUP
            else:
                # its members; for one the list left out, whether Slack knows it at all: on
                # Enterprise Grid an org-level token's list may hold the org's groups only
                # (gammons/slk#214), and a live group's ping was dropped
                users = await call(self.client, "usergroups.users.list", accept=quiet,
                                   usergroup=group)
                if users.get("accepted") == "no_such_subteam" and found is None:
                    why = UnknownGroup("Slack has no such user group in this workspace (an "
                                       "ID copied from another workspace?)")
                elif users.get("accepted"):
                    return None
                elif not users.get("users"):
                    why = "its Slack user group has no members"
        except RateLimited as exc:
            self.accounts.hold(exc.retry_after, GROUPS)
            log.info("slack %s: user group %s not checked: %s", self.name, group, exc)
            return None
        except DeliveryError as exc:
            log.info("slack %s: user group %s not checked: %s", self.name, group, exc)
            return None
        self.accounts.keep(key, why)
        return why

    async def is_member(self, channel: str) -> bool | None:
        """Whether the bot is in ``channel``, where it must be to post
        (``conversations.info``'s ``is_member``; a private channel it is not in is
        ``channel_not_found`` to it). None when Slack does not say (a direct message, the scope
        missing, Slack unreachable): then nothing is refused on its account."""
        try:
            data = await call(self.client, "conversations.info", accept=frozenset({
                "channel_not_found", "missing_scope"}), channel=channel)
        except DeliveryError as exc:
            log.info("slack %s: conversations.info for %s failed: %s", self.name, channel, exc)
            return None
        if data.get("accepted") == "channel_not_found":
            return False
        info = data.get("channel")
        member = info.get("is_member") if isinstance(info, dict) else None
        return member if isinstance(member, bool) else None

    def never_posts_in(self, channel: str) -> str | None:
        """Why a card can never be posted in ``channel`` (None when it may be): a direct
        message (a ``D`` id). /socialops runs in any conversation, a DM between two people
        too, which the bot is not part of (chat.postMessage answers channel_not_found there,
        and conversations.info cannot tell without im:read, which the manifest does not ask
        for); the bot's own DM takes no command (the manifest keeps its Messages tab off)."""
        if channel.startswith("D"):
            return ("socialops cannot post in a direct message, so nothing could be delivered "
                    "here; subscribe in a channel it is in (/invite @socialops there)")
        return None

    async def user_by_email(self, email: str) -> str | None:
        """The member holding ``email`` in this workspace (``users.lookupByEmail``, which needs
        the ``users:read.email`` scope, docs.slack.dev/reference/methods/users.lookupByEmail).
        None when nobody holds it or Slack does not say (the scope missing)."""
        data = await call(self.client, "users.lookupByEmail", accept=frozenset({
            "users_not_found", "user_not_found", "missing_scope", "user_not_visible"}),
            email=email)
        if data.get("accepted") == "missing_scope":
            log.warning("slack %s: users.lookupByEmail needs the users:read.email scope; "
                        "links will ask an admin", self.name)
        user = data.get("user")
        found = user.get("id") if isinstance(user, dict) else None
        return str(found) if isinstance(found, str) and found else None

    async def own_bot_id(self) -> str | None:
        """This app's bot id (``auth.test``, asked once): what every card it posted carries."""
        if self._bot_id is None:
            await self._auth_test()
        return self._bot_id

    async def own_bot_user(self) -> str | None:
        """This app's bot user id (``auth.test``'s ``user_id``, asked once): the author of
        every card it posted, as a reaction's ``item_user`` names it."""
        if self._installation is None:
            await self._auth_test()
        return self._bot_user

    async def own_installation(self) -> Installation:
        """Where the token acts (``auth.test``, asked once): the workspaces requests may come
        from (``integrations.slack.teams``)."""
        if self._installation is None:
            await self._auth_test()
        assert self._installation is not None  # set by _auth_test
        return self._installation

    async def auth_test(self) -> AsyncSlackResponse:
        """``auth.test``'s answer (kept once Slack gave it). One call at a time: whoever asks
        while it is under way waits for that call, and a caller that stops waiting (a request
        whose ack cannot wait longer) leaves it running for the next; a failed call is asked
        again by the next caller."""
        if self._auth is not None:
            return self._auth
        if self._asking is None or self._asking.done():
            self._asking = asyncio.ensure_future(self._ask_auth_test())
        return await asyncio.shield(self._asking)

    async def _ask_auth_test(self) -> AsyncSlackResponse:
        response = await answer(self.client, "auth.test")
        data = response.data if isinstance(response.data, dict) else {}
        self._bot_id = str(data.get("bot_id") or "") or None
        self._bot_user = str(data.get("user_id") or "") or None
        self._installation = Installation.of(data)
        self._auth = response
        return response

    async def _auth_test(self) -> None:
        await self.auth_test()


def _is_card(message: dict[str, Any], card_key: str, bot_id: str | None) -> bool:
    meta = message.get("metadata")
    if not isinstance(meta, dict) or meta.get("event_type") != EVENT_TYPE:
        return False
    payload = meta.get("event_payload")
    if not isinstance(payload, dict) or payload.get("key") != card_key:
        return False
    if bot_id and message.get("bot_id") != bot_id:
        return False  # a person's or another app's message copying our metadata type
    # A thread reply is never the card itself.
    return not (message.get("thread_ts") and message.get("thread_ts") != message.get("ts"))
