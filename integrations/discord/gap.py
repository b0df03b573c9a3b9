"""Reactions given while no gateway session of the bot was connected, read back over REST.

A new session (a READY, not a RESUMED: at start, after INVALID_SESSION) gets nothing of its
gap (topics/gateway, Resuming), so the bot reads the reactions on the cards a reaction still
acts on (pending drafts', open tickets') after each READY: Get Channel Message for its
``reactions``, then Get Reactions for the people of each shortcut emoji, 100 a page
(resources/message: ``after`` the last id read), and again with ``type=1`` where the emoji has
super reactions, which the default (normal ones) leaves out. ``SocialopsBot.read_gap`` acts on them.

A reaction stays on its card after it acted: a ticket's 👀 for as long as the ticket is
open. The store's mark of the gateway's key (``reactions_once``) lasts an hour, so each
reaction acted on is also marked here for ``ACTED_TTL``: a session after the hour read the
👀 again and claimed the ticket again, though it had been handed on, and a ✅ resolved a
reopened ticket again. The mark is written in the act's own store transaction
(``Acted.riding``): a second write after it left a process killed between the two to act
again at its next session. It goes when the reaction is taken away (heard), so one given
again while no session was connected is read as the new reaction it is, but only while the
reaction given again after that removal is untaken (``forget``'s ``unless``, in one store
write): a removal one session heard late deleted the mark of the reaction given again after
it, which another process had acted on already, and the next session acted on it again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import discord

from bot.core.acting import RidingMark, riding_with_the_act
from bot.core.effects import Effects
from bot.core.errors import SocialopsError
from bot.core.models import MessageRef
from bot.core.text import one_line
from integrations.discord.reactions import action_for
from integrations.webhook import ForgetSeen, MarkSeen

log = logging.getLogger(__name__)

GAP_CARDS = 25  # cards of each kind read back after a new session: 1 call each, +1 an emoji
PAGE = 100  # Get Reactions: limit 1-100
BURST = 1  # Get Reactions' type of a super reaction (0, normal, the default)
MOST_PAGES = 50  # a bound on the people read for one emoji (5,000)
ACTED_TTL = 90 * 24 * 3600  # how long a reaction acted on is not read back again
# (workspace, most) -> the messages of the cards there a reaction acts on, newest first: at
# most ``most`` pending drafts' and ``most`` open tickets'
PendingCards = Callable[[str, int], Awaitable[list[MessageRef]]]
# (channel, message, emoji, limit, after) -> one page of Get Reactions' users
ReactionUsers = Callable[..., Awaitable[Any]]
IsSeen = Callable[[str], Awaitable[bool]]  # Store.is_seen: whether the key is marked
Apply = Callable[[Effects], Awaitable[bool]]  # Store.apply: one transaction, or none of it


async def reacted(ref: MessageRef, message: Mapping[str, Any], me: int | None,
                  reactions: Mapping[str, str], users: ReactionUsers) -> list[tuple[int, str]]:
    """(person, action) of each shortcut reaction on ``message``, the card ``ref`` read by
    Get Channel Message, but the bot's and other bots'; none on a message not the bot's."""
    if str((message.get("author") or {}).get("id")) != str(me):
        return []
    found: list[tuple[int, str]] = []
    for reaction in message.get("reactions") or ():
        emoji = reaction.get("emoji") or {}
        action = action_for(emoji.get("name"), reactions, emoji_id=emoji.get("id"))
        if action is None or int(reaction.get("count") or 0) <= int(bool(reaction.get("me"))):
            continue
        name = str(emoji.get("name"))
        name = f"{name}:{emoji['id']}" if emoji.get("id") else name
        people = await _people(ref, name, users)
        if _supers(reaction):  # listed apart: a super 👍 is that 👍 to the gateway too
            people += await _people(ref, name, users, kind=BURST)
        found += list(dict.fromkeys(
            (int(u["id"]), action) for u in people
            if str(u.get("id")) != str(me) and not u.get("bot")))
    return found


def _supers(reaction: Mapping[str, Any]) -> bool:
    """Whether super reactions are among ``reaction``'s (``count_details.burst``)."""
    details = reaction.get("count_details")
    try:
        return isinstance(details, Mapping) and int(details.get("burst") or 0) > 0
    except (TypeError, ValueError):
        return False


async def _people(ref: MessageRef, emoji: str, users: ReactionUsers, *,
                  kind: int | None = None) -> list[dict[str, Any]]:
    """Everyone who reacted with ``emoji``, page after page: the first 100 alone left the
    101st approver's 👍 unread. ``kind``: ``BURST`` for the super reactions, which Get
    Reactions lists apart (its ``type``; normal ones by default)."""
    people: list[dict[str, Any]] = []
    after: int | None = None
    for _ in range(MOST_PAGES):
        page: Any = await users(int(ref.channel), int(ref.message_id), emoji, PAGE,
                                after=after, **({} if kind is None else {"type": kind}))
        people += page
        if len(page) < PAGE:
            return people
        after = max(int(u["id"]) for u in page)  # Discord pages by user id
    log.info("discord: reactions %s on %s: only the first %d people read", emoji,
             ref.message_id, len(people))
    return people


UNKNOWN_MESSAGE, UNKNOWN_CHANNEL = 10008, 10003  # topics/opcodes-and-status-codes
FORBIDDEN, NOT_FOUND = 403, 404


def unreadable_card(ref: MessageRef, exc: discord.HTTPException) -> str | None:
    """What to do about a card Get Channel Message refuses for good, in one line; None for a
    refusal that may pass (a 429, Discord failing), which stops the read. Such a card stopped
    the whole read at every new session: no card after it was ever read again."""
    said = f"Discord: {one_line(exc.text or exc.response.reason or '', 80)}, code {exc.code}"
    where = f"card {ref.message_id} in channel {ref.channel}"
    if exc.code == UNKNOWN_MESSAGE:
        return (f"the {where} was deleted ({said}): reactions given on it are not read; "
                "use /socialops for its draft or ticket")
    if exc.code == UNKNOWN_CHANNEL:
        return (f"the channel of the {where} is gone ({said}): its reactions are not read; "
                "check the channel id in socialops.yaml (channels:)")
    if exc.status == FORBIDDEN:
        return (f"the bot may not read the {where} ({said}): give the bot's role View "
                f"Channel and Read Message History in channel {ref.channel}")
    if exc.status == NOT_FOUND:
        return f"the {where} is not found ({said}): reactions given on it are not read"
    return None


class Acted:
    """The reactions acted on, in the store for ``ACTED_TTL`` (``mark_seen``), by
    ``<message>:<person>:<action>``: what a read-back leaves. Marked with the act, never
    before: a process killed between the mark and the act left the reaction marked and not
    acted on, and no session after it read it back (a 👍 on a draft that then expired)."""

    def __init__(self, mark_seen: MarkSeen | None, forget_seen: ForgetSeen | None,
                 is_seen: IsSeen | None = None, apply: Apply | None = None) -> None:
        self._mark = mark_seen
        self._forget = forget_seen
        self._is_seen = is_seen
        self._apply = apply

    @staticmethod
    def _key(base: str) -> str:
        return f"replay:discord-reaction-acted:{base}"

    async def before(self, base: str) -> bool | None:
        """Whether ``base`` was acted on: None when there is no store to ask or it cannot
        tell."""
        if self._is_seen is None:
            return None
        try:
            return await self._is_seen(self._key(base))
        except SocialopsError as exc:
            log.error("reaction acted-on mark unavailable: %s", exc)
            return None

    @contextmanager
    def riding(self, base: str) -> Iterator[RidingMark | None]:
        """Around the act on ``base``: its mark written in the act's own write (``Applier``,
        ``bot.core.acting``). Written after it, a process killed between the two acted again
        at its next session: a ✅ resolved the ticket reopened since a second time. None
        without marks."""
        if self._mark is None:
            yield None
            return
        with riding_with_the_act(self._key(base), ACTED_TTL) as mark:
            yield mark

    async def done(self, base: str, rode: RidingMark | None = None) -> None:
        """``base`` acted on, where the act wrote nothing itself (a refusal, a card with no
        such button) or elsewhere: marked after it. ``rode``: the mark that rode on the act
        (``riding``), written already when the act wrote."""
        if self._mark is None or (rode is not None and rode.written):
            return
        try:
            await self._mark(self._key(base), ACTED_TTL)
        except SocialopsError as exc:
            log.error("reaction acted-on mark unavailable: %s", exc)

    async def forget(self, base: str) -> None:
        """``base`` not acted on (its card unreadable): read back again."""
        if await self.taken_away(base):
            await self.drop(base)

    async def taken_away(self, base: str) -> bool:
        """Whether a removal of ``base`` has a mark to delete: a shortcut emoji taken off any
        message in the server (the removal names no author) cost a store write each, most
        of them never marked. True when the store cannot tell."""
        return self._forget is not None and await self.before(base) is not False

    async def drop(self, base: str, *, unless: str | None = None) -> None:
        """Delete the mark of ``base``. ``unless``: a key (``ReactionsOnce.untaken``) whose
        being taken when the store writes keeps the mark, the newer reaction's by then."""
        if self._forget is None:
            return
        try:
            if unless is not None and self._apply is not None:
                fx = Effects()
                fx.forget.append(self._key(base))
                fx.unseen.append(unless)
                if not await self._apply(fx):
                    log.info("discord: reaction %s given again and taken as its removal was "
                             "heard: its acted-on mark stays", base)
                return
            await self._forget(self._key(base))
        except SocialopsError as exc:
            log.error("reaction acted-on mark not forgotten: %s", exc)
