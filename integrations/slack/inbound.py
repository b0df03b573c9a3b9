"""Reading Slack's inbound payloads (block actions, modal submissions, reactions, messages
fetched for a reaction) into the parts of a platform-neutral ``Interaction``.

Pure functions over untrusted JSON: every lookup is defensive, and a payload we cannot read gives
``None`` (the caller logs and counts a skip), never an exception.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from bot.core.acting import RidingMark, riding_with_the_act
from bot.core.cards import BUTTON_ACTIONS, REACTION_ALIASES, split_button_value
from bot.core.errors import SocialopsError
from bot.core.text import scrub
from integrations.slack import shapes
from integrations.slack.render import ACTION_PREFIX, EVENT_TYPE, action_of
from integrations.webhook import ForgetSeen, MarkSeen

log = logging.getLogger(__name__)

IsSeen = Callable[[str], Awaitable[bool]]  # Store.is_seen: whether the key is marked

MAX_COMMENT = 2_000
# How long an event id is remembered in the shared store. Slack retries a delivery three times
# within about five minutes (api.slack.com/apis/events-api#retries); an hour covers them all,
# and a retry arriving later than that is Slack's problem, not a duplicate.
EVENT_TTL = 60 * 60
EVENT_KEY = "event:slack:{event_id}"
# How long a process holds an event while it acts on it (``SeenEvents.take``): a delivery of
# it reaching another process meanwhile waits for the outcome, and one whose process was killed
# holding it is acted on there once the lease ends. An act takes a second or two (a store
# write, a card read); Slack retries at once, after a minute and after five.
LEASE_TTL = 60
LEASE_POLL = 0.5  # seconds between looks at a lease another process holds
LEASE_SUFFIX = "/taking"  # a done mark's key and this: the lease of the work it marks


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


@dataclass(frozen=True)
class ButtonClick:
    action: str
    target: str | None
    user: str
    channel: str
    message_ts: str | None
    trigger_id: str | None
    response_url: str | None
    version: str | None = None  # content hash of the version the card showed (Approve)

    def options(self) -> dict[str, str]:
        return {"sha256": self.version} if self.version else {}


def read_button(body: dict[str, Any], action: dict[str, Any]) -> ButtonClick | None:
    name = action_of(_str(action.get("action_id")) or "")
    user = _str(_get(body, "user", "id"))
    channel = _str(_get(body, "channel", "id")) or _str(_get(body, "container", "channel_id"))
    if name is None or name not in BUTTON_ACTIONS or user is None or channel is None:
        return None  # an action no card button has (socialops:frobnicate) is not ours either
    value = _str(action.get("value"))
    target, version = split_button_value(value) if value else (None, None)
    return ButtonClick(
        action=name,
        target=target,
        version=version,
        user=user,
        channel=channel,
        message_ts=_str(_get(body, "container", "message_ts")) or _str(_get(body, "message", "ts")),
        trigger_id=_str(body.get("trigger_id")),
        response_url=_str(body.get("response_url")),
    )


# an action's name as a card of any version writes it (a verb): anything else is malformed
_ACTION_NAME = re.compile(r"[a-z][a-z_]{0,39}")


@dataclass(frozen=True)
class RetiredClick:
    """A socialops button no card of this version has: ``action`` pressed on a card an older
    version posted (a card keeps its buttons until its next change)."""

    action: str
    user: str
    channel: str


def read_retired(body: dict[str, Any], action: dict[str, Any]) -> RetiredClick | None:
    """The click ``read_button`` refuses because this version has no such action; None for
    anything else (a malformed action, a foreign one)."""
    name = action_of(_str(action.get("action_id")) or "")
    user = _str(_get(body, "user", "id"))
    channel = _str(_get(body, "channel", "id")) or _str(_get(body, "container", "channel_id"))
    if (name is None or name in BUTTON_ACTIONS or not _ACTION_NAME.fullmatch(name)
            or user is None or channel is None):
        return None
    return RetiredClick(action=name, user=user, channel=channel)


@dataclass(frozen=True)
class RejectSubmission:
    user: str
    target: str
    channel: str
    message_ts: str | None
    comment: str
    version: str | None = None  # the text the card showed (a card posted before: none)


def read_reject(body: dict[str, Any]) -> RejectSubmission | None:
    """The reject modal's submission; None when it is not ours or is malformed."""
    user = _str(_get(body, "user", "id"))
    raw_meta = _str(_get(body, "view", "private_metadata"))
    try:
        meta = json.loads(raw_meta) if raw_meta else None
    except ValueError:
        meta = None
    if user is None or not isinstance(meta, dict):
        return None
    target, channel = _str(meta.get("target")), _str(meta.get("channel"))
    if target is None or channel is None:
        return None
    return RejectSubmission(
        user=user,
        target=target,
        channel=channel,
        message_ts=_str(meta.get("ts")),
        comment=comment_of(body),
        version=_str(meta.get("version")),
    )


def comment_of(body: dict[str, Any]) -> str:
    value = _get(body, "view", "state", "values", "comment", "comment", "value")
    return scrub(value).strip()[:MAX_COMMENT] if isinstance(value, str) else ""


@dataclass(frozen=True)
class ReactionEvent:
    event_id: str | None
    user: str
    reaction: str
    channel: str
    ts: str
    # who posted the message reacted to (docs.slack.dev/reference/events/reaction_added:
    # "the ID of the user that created the original item"; absent for a webhook's message)
    item_user: str | None = None


def on_no_message(body: dict[str, Any]) -> bool:
    """A reaction event on an item that is no message (``file``, ``file_comment``): Slack
    sends them as it sends any (docs.slack.dev/reference/events/reaction_added), and no card
    is a file."""
    kind = _get(body, "event", "item", "type")
    return isinstance(kind, str) and kind != "message"


def read_reaction(body: dict[str, Any]) -> ReactionEvent | None:
    event = body.get("event")
    if not isinstance(event, dict) or _get(event, "item", "type") != "message":
        return None
    user, reaction = _str(event.get("user")), _str(event.get("reaction"))
    channel, ts = _str(_get(event, "item", "channel")), _str(_get(event, "item", "ts"))
    if user is None or reaction is None or channel is None or ts is None:
        return None
    return ReactionEvent(
        event_id=_str(body.get("event_id")),
        user=user,
        # "+1::skin-tone-3" is still "+1"
        reaction=reaction.split("::", 1)[0],
        channel=channel,
        ts=ts,
        item_user=_str(event.get("item_user")),
    )


def card_key(message: dict[str, Any], bot_id: str | None) -> str | None:
    """The card key in one of our messages' metadata, or None for anyone else's message. Our
    cards are the ones our bot (``bot_id``) posted: any app, or a person through one, can post
    a message with our metadata type and buttons copied from a card, under another text."""
    if _get(message, "metadata", "event_type") != EVENT_TYPE:
        return None
    if bot_id is None or message.get("bot_id") != bot_id:
        return None
    return _str(_get(message, "metadata", "event_payload", "key"))


def button_target(message: dict[str, Any], action: str) -> tuple[str, str] | None:
    """(action, value) of the message's button for ``action`` (or an alias of it). The value
    is what a click on that button would carry (``bot.core.cards.split_button_value``), so a
    reaction acts on the version the message shows, exactly like the button."""
    values = button_values(message)
    for candidate in (action, *REACTION_ALIASES.get(action, ())):
        if candidate in values:
            return candidate, values[candidate][0]
    return None


def button_values(message: dict[str, Any]) -> dict[str, list[str]]:
    """The values of the message's buttons, by action, in the order shown (an escalation
    notice of several tickets shows a Claim button for each)."""
    values: dict[str, list[str]] = {}
    for block in message.get("blocks") or []:
        if not isinstance(block, dict) or block.get("type") != "actions":
            continue
        for element in block.get("elements") or []:
            name = action_of(_str(_get(element, "action_id")) or "")
            value = _str(_get(element, "value"))
            if name and value:
                values.setdefault(name, []).append(value)
    return values


def check_body(body: str, content_type: str | None) -> dict[str, Any]:
    """The payload, read as bolt reads it; raise ValueError (or RecursionError) unless bolt can
    read ``body`` into an object of the
    shape Slack sends (``integrations.slack.shapes``): the same reading as
    ``slack_bolt.request.internals.parse_body``, done first so an authentic but malformed
    request gets 400 instead of failing inside bolt. The ValueError says what is wrong with it
    (a field path, never the sender's text)."""
    media = content_type.split(";")[0] if content_type else None  # as bolt reads it
    interactive = False
    if media == "application/json" or body.startswith("{"):
        parsed: object = json.loads(body)
    elif "payload" in body:
        payload = dict(parse_qsl(body, keep_blank_values=True)).get("payload")
        parsed = json.loads(payload) if payload is not None else {}
        interactive = payload is not None
    else:
        parsed = dict(parse_qsl(body, keep_blank_values=True))
    if not isinstance(parsed, dict):
        raise ValueError("the payload is not an object")
    shapes.check(parsed, interactive=interactive)
    return parsed


class SeenEvents:
    """Which events were handled: Slack redelivers events (retries, duplicates), and a
    reaction must act once, in whichever process a delivery reaches.

    ``first_time`` is this process's bounded memory, the fast path (no I/O), undone with
    ``forget`` for an event that could not be acted on. ``claim`` is the same for an event
    whose handling may still fail (a reaction's card read): a delivery of it that comes while
    the first is in hand here waits for that one's outcome (``settle`` or ``forget``), and is
    tried itself if the first gave up: dropped at once, it was acknowledged, so Slack sent it
    no more, and the event was lost.

    The memory every process shares is the Store's, in two marks. ``take`` holds the event
    under a lease (``LEASE_TTL``) while this process acts on it; ``acting`` has the act's own
    write carry the event's done mark (``EVENT_TTL``, ``bot.core.acting``, only while no
    other process wrote it), ``done`` marks an act that wrote nothing (before its answer is
    said: after it, a process killed between the two left the retry to answer again), and
    ``release`` lets the lease go. A delivery finding the done mark is dropped; one finding
    another process's lease waits for its outcome: the done mark, or the lease's end (that
    process died holding it), and then acts. Before, one mark was written between reading
    the card and acting: a process killed between the two left the event marked and not
    acted on, and Slack's retry was dropped by whichever process it reached; given
    ``mark_seen`` alone, that is still the way (at most once). Without a store only this
    process's memory counts."""

    def __init__(self, size: int = 4_096, *, mark_seen: MarkSeen | None = None,
                 forget_seen: ForgetSeen | None = None, is_seen: IsSeen | None = None,
                 ttl_seconds: int = EVENT_TTL, lease_seconds: int = LEASE_TTL,
                 poll: float = LEASE_POLL) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._mark = mark_seen
        self._forget = forget_seen
        self._is_seen = is_seen
        self._ttl = ttl_seconds
        self._lease = lease_seconds
        self.poll = poll
        self._in_hand: dict[str, asyncio.Event] = {}  # claimed, not yet settled or forgotten

    async def claim(self, key: str) -> bool:
        """``first_time``, but a delivery of an event in hand here waits for its outcome:
        True once this one is to handle it (the first, or the first gave up), False when it
        was taken. The caller ``settle``s or ``forget``s what it claimed."""
        while not self.first_time(key):
            in_hand = self._in_hand.get(key)
            if in_hand is None:
                return False
            await in_hand.wait()
        self._in_hand[key] = asyncio.Event()
        return True

    def settle(self, key: str) -> None:
        """The claimed event's outcome is known (taken, or not ours): deliveries waiting on
        it go on, and find it seen."""
        in_hand = self._in_hand.pop(key, None)
        if in_hand is not None:
            in_hand.set()

    def first_time(self, key: str) -> bool:
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True

    def forget(self, key: str) -> None:
        """Undo ``first_time`` (or ``claim``) for an event that could not be acted on: a
        delivery of it waiting on the first is tried."""
        self._seen.pop(key, None)
        self.settle(key)

    async def take(self, event_id: str) -> bool | None:
        """Hold ``event_id`` for this process's act (``hold`` of its done mark)."""
        return await self.hold(EVENT_KEY.format(event_id=event_id))

    async def hold(self, done: str, *, ttl_seconds: int | None = None) -> bool | None:
        """Hold the work whose done mark is ``done`` for this process (without a store: its
        first time in this process's memory): True once held here and done nowhere; False
        when some process did it; None when the store cannot tell (the caller acts: the done
        mark riding on the act still stands behind it). Another process's lease is waited
        on, looking every ``poll`` seconds, until its done mark is written or the lease
        ends; past twice the lease's length (a store's clock that does not move) the work is
        done here, under the same guard."""
        if self._mark is None:
            return self.first_time(done)  # this process's memory alone
        if self._is_seen is None or self._forget is None:
            return await self._marked_once(done, ttl_seconds or self._ttl)
        lease = done + LEASE_SUFFIX
        try:
            for _ in range(int(2 * self._lease / self.poll) + 1):
                if await self._mark(lease, self._lease):
                    if await self._is_seen(done):  # done between a look and the lease
                        await self.let_go(done)
                        return False
                    return True
                if await self._is_seen(done):
                    return False
                await asyncio.sleep(self.poll)  # another process acts on it, or died doing so
        except SocialopsError as exc:
            log.warning("slack %s: the shared memory of events is unavailable: %s", done, exc)
            return None
        log.warning("slack %s: another process held it past twice its %d s lease; acting on "
                    "it here (its write stands only if the other's did not)", done, self._lease)
        return True

    @contextmanager
    def acting(self, event_id: str) -> Iterator[RidingMark | None]:
        """Around the act on ``event_id`` (``riding``, its done mark for ``EVENT_TTL``)."""
        with self.riding(EVENT_KEY.format(event_id=event_id), self._ttl) as mark:
            yield mark

    @contextmanager
    def riding(self, done: str, ttl_seconds: int, *,
               refusals: bool = True) -> Iterator[RidingMark | None]:
        """Around the act: its first write carries the done mark ``done``, and only while no
        other process wrote it (``ActedElsewhere``); without ``refusals``, not a refusal's
        audit line (``bot.core.acting.refusing``). None without a store."""
        if self._mark is None or self._is_seen is None or self._forget is None:
            yield None
            return
        with riding_with_the_act(done, ttl_seconds, once=True, refusals=refusals) as mark:
            yield mark

    async def done(self, event_id: str, rode: RidingMark | None) -> bool:
        """``event_id`` acted on (``mark_done``)."""
        return await self.mark_done(EVENT_KEY.format(event_id=event_id), self._ttl, rode)

    async def mark_done(self, done: str, ttl_seconds: int, rode: RidingMark | None) -> bool:
        """Done: marked, unless its mark rode on the act's write already (an act that wrote
        nothing: an answer, a card without that button). Called before the act's answer is
        said, so a process killed after the answer finds it marked. False when another
        process marked it meanwhile (it acted, and answered): this one says nothing."""
        if (self._mark is None or self._is_seen is None or self._forget is None
                or (rode is not None and rode.written)):
            return True
        try:
            return await self._mark(done, ttl_seconds)
        except SocialopsError as exc:  # the act was decided: its answer is said all the same
            log.warning("slack %s: done, but its mark could not be written: %s", done, exc)
            return True

    async def release(self, event_id: str) -> None:
        """Let go of the lease ``take`` held."""
        await self.let_go(EVENT_KEY.format(event_id=event_id))

    async def let_go(self, done: str) -> None:
        """Let go of the lease ``hold`` held (without a way to, it ends by itself)."""
        if self._forget is None:
            return
        try:
            await self._forget(done + LEASE_SUFFIX)
        except SocialopsError as exc:
            log.warning("slack %s: its lease could not be let go, so it ends in %d s: %s",
                        done, self._lease, exc)

    async def _marked_once(self, done: str, ttl_seconds: int) -> bool | None:
        """``hold`` given ``mark_seen`` alone (a caller wiring no other of the Store's
        marks): the done mark written before the act, at most once, as before leases."""
        assert self._mark is not None
        try:
            return await self._mark(done, ttl_seconds)
        except SocialopsError as exc:
            log.warning("slack %s: the shared memory of events is unavailable: %s", done, exc)
            return None


__all__ = [
    "ACTION_PREFIX",
    "ButtonClick",
    "ReactionEvent",
    "RejectSubmission",
    "SeenEvents",
    "button_target",
    "button_values",
    "card_key",
    "check_body",
    "comment_of",
    "read_button",
    "read_reaction",
    "read_reject",
]
