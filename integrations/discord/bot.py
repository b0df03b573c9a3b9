"""``SocialopsBot``: the gateway side of the Discord workspace. It receives button clicks,
reactions, ``/socialops`` commands and their autocomplete, reject-comment modals and forms
(reply, draft, subscribe), turns each into a platform-neutral ``Interaction`` for the injected
handler, and answers the person.

Intents (nothing privileged):
- ``guilds``: the channel and thread cache, and the guild context application commands and
  buttons arrive in; discord.py's state handling assumes it.
- ``guild_reactions``: ``MESSAGE_REACTION_ADD``, for the reaction shortcuts, and
  ``MESSAGE_REACTION_REMOVE``, so a reaction taken away and given again is not a repeat.
- *not* ``message_content`` (privileged, needs Discord's review for larger bots): we never read
  people's messages. Our own cards are read back over REST, which returns a bot's own messages
  in full without the intent.

``/socialops <section> <verb>`` is a discord.py ``CommandTree`` built from the verb registry
(``integrations.discord.commands``); its callbacks hand the raw command to the shared
translation, and its autocomplete offers open tickets, pending approvals and on-call schedules
from the injected ``Completions``. Buttons survive restarts because nothing about them lives in
memory: a ``DynamicItem`` matches every ``socialops:<action>:<target>`` custom_id. Modal
submits and the subscribe form's confirm button are handled in ``on_interaction`` for the same
reason (a modal opened before a restart still submits).

With ``guild_id`` set the workspace serves that server only: an interaction from another
server or a direct message is answered with one ephemeral line and never run (``_screened``).

Every interaction is acknowledged first (deferred, ephemeral "thinking", or the modal itself),
well inside Discord's 3 s, then the handler runs and the reply follows up. Replies are
ephemeral: the public record of a claim or approval is the card update and its thread.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from re import Match
from typing import Any
from urllib.parse import quote

import aiohttp
import discord
from discord import app_commands

from bot.core.cards import (
    REACTION_ALIASES,
    Interaction,
    Reply,
    split_button_value,
)
from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, SocialopsError
from bot.core.jsonbody import loads
from bot.core.models import MessageRef
from bot.core.ports import Clock, Completions, InteractionHandler
from bot.core.text import one_line
from integrations.discord import commands, inbound
from integrations.discord.endpoints import set_api_base, set_gateway
from integrations.discord.follow_up import LOST as FOLLOW_UP_LOST
from integrations.discord.follow_up import follow_up
from integrations.discord.gap import (
    BURST,
    GAP_CARDS,
    Acted,
    Apply,
    IsSeen,
    PendingCards,
    reacted,
    unreadable_card,
)
from integrations.discord.http_interactions import EPHEMERAL
from integrations.discord.inbound import Identity
from integrations.discord.reaction_kinds import Kinds
from integrations.discord.reactions import action_for, several_on, target_for
from integrations.discord.reactions_once import ClaimValue, GetValue, NextNumber, ReactionsOnce
from integrations.discord.render import CUSTOM_ID_TEMPLATE
from integrations.discord.session import log_in, quiet_logs
from integrations.webhook import ForgetSeen, MarkSeen, ReplayCache, wall_clock

log = logging.getLogger(__name__)

SEEN_REACTIONS = 10_000  # gateway replays after a resume are dropped within this window
CHANNELS_KEPT = 1_000  # interactions' channels remembered until discord.py dispatches them
FIRST_WAIT = 1.0  # seconds before the first login retry, doubled per failure
MOST_WAIT = 60.0
AUTHENTICATION_FAILED = 4004  # gateway close code: the token was refused
# what discord.py's parsers raise on a gateway event of the wrong shape (indexing a null,
# int() of a non-number); READY keeps discord.py's own handling: without it nothing works
READING_ERRORS = (TypeError, KeyError, IndexError, AttributeError, ValueError, ArithmeticError)
UNGUARDED = frozenset({"READY", "RESUMED"})
# seconds an interaction's first answer is waited for: Discord takes it within 3 s of the
# interaction and never after (PLATFORMS.md), so a 429 asking a longer wait cannot be met
FIRST_ANSWER_WITHIN = 3.0


class NotAnswered(Exception):
    """An interaction's first answer not sent within ``FIRST_ANSWER_WITHIN``, or given up on
    by discord.py over a 429 it could not read."""


class AnswerBroke(NotAnswered):
    """An interaction's first answer not sent because our own code building it failed: said
    already (an ERROR line with its traceback, counted, and one line to the person), so the
    caller says nothing more."""


# what the person is told when building the answer failed on our side
BROKE = ("socialops could not answer this: an error on its side, logged for the admin. "
         "Try again; if it happens again, tell them.")


# an interaction's answer lost on the way, which discord.py raises as it is (it retries a 5xx
# and a 429 itself): a connection reset or dropped, a timeout; or not sent in time
LOST = (*FOLLOW_UP_LOST, NotAnswered)
EARLIEST = datetime.fromtimestamp(0, UTC)  # ReactionsOnce.take's ``since``: no key is older


def intents() -> discord.Intents:
    return discord.Intents(guilds=True, guild_reactions=True)


class CardButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CUSTOM_ID_TEMPLATE):
    """Any card button, before or after a restart."""

    def __init__(self, action: str, target: str) -> None:
        super().__init__(discord.ui.Button(label=action, custom_id=f"socialops:{action}:{target}"))
        self.action = action
        self.target = target

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Match[str],
        /,
    ) -> CardButton:
        return cls(match["action"], match["target"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        client = interaction.client
        if isinstance(client, SocialopsBot):
            await client.serve(interaction)


class _Tree(app_commands.CommandTree["SocialopsBot"]):
    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        """discord.py runs the tree in a task of its own, which raised on options of the
        wrong shape (an option list that is a number, an option that is a string:
        AttributeError) and left an ERROR with a traceback ("Task exception was never
        retrieved"). Such a command is skipped, counted and logged once, as a gateway event
        discord.py cannot read is, and answered: one ephemeral line (no choices for an
        autocomplete), not Discord's "The application did not respond"."""
        try:
            await super()._call(interaction)
        except READING_ERRORS as exc:
            self.client.skipped += 1
            log.warning("discord %s: skipped a malformed application command (discord.py "
                        "could not read it: %s)", self.client.config.name, type(exc).__name__)
            await self.client.unreadable(interaction)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """discord.py answers an autocomplete only through the option's own callback and
        logs anything else with a traceback: one about an option of ours without one is
        answered here, before the tree looks, and so is one about an option that completes.
        The tree sent that answer itself and logged its failure (an interaction Discord no
        longer knows: answered past its 3 s, or a token it never gave) as an ERROR with a
        traceback; ``offer`` says it in one line."""
        if interaction.type is not discord.InteractionType.autocomplete:
            return True
        data = dict(interaction.data or {})
        asked = commands.uncompleted(data)
        if asked is not None:
            await self.client.offer_nothing(interaction, *asked)
            return False
        try:
            wanted = commands.focused(data)
        except (ValueError, TypeError):
            return True  # not a command of ours: the tree says what it makes of it
        if wanted is None:
            return True
        await self.client.offer(interaction, *wanted)
        return False


# Discord's "Interaction has already been acknowledged": another process of this deployment,
# with a gateway session of its own, answered first (Discord sends each event to every session)
ACKNOWLEDGED_ELSEWHERE = 40060


def by_a_bot(data: Any) -> bool:
    """Whether a gateway MESSAGE_REACTION_ADD was given by a bot: its ``member.user.bot``
    (topics/gateway-events, Message Reaction Add; resources/user, User Object). A reaction
    in a direct message carries no member, and socialops acts on none there."""
    member = data.get("member") if isinstance(data, dict) else None
    user = member.get("user") if isinstance(member, dict) else None
    return isinstance(user, dict) and user.get("bot") is True


async def first_answer(interaction: discord.Interaction[Any], sent: Awaitable[object]
                       ) -> None:
    """Await ``interaction``'s first answer ``sent`` (discord.py's ``interaction.response``)
    for at most ``FIRST_ANSWER_WITHIN``. discord.py's webhook adapter sleeps out a 429's
    ``retry_after`` however long, five times over (one of an hour held the click's task five
    hours), and raises as it is one whose ``retry_after`` is missing or no number (KeyError,
    TypeError), which escaped with its traceback. Either raises ``NotAnswered``: whether
    Discord has it is unknown, as for an answer lost (``LOST``).

    A KeyError or TypeError raised anywhere else is a bug of ours (a modal or an answer built
    wrong, a payload that is no JSON): it was said as that one 429 line too, hiding it. It is
    an ERROR line with its traceback, counted (``answers_broke``), the person told one line
    (``BROKE``), and ``AnswerBroke`` raised."""
    try:
        await asyncio.wait_for(sent, FIRST_ANSWER_WITHIN)
    except TimeoutError:
        raise NotAnswered(f"Discord did not take it within {FIRST_ANSWER_WITHIN:g} s, the "
                          f"time it allows a first answer (rate limited, or a slow "
                          f"network)") from None
    except (KeyError, TypeError) as exc:
        if not _reading_a_429(exc):
            await _broke(interaction, exc)
            raise AnswerBroke(f"{type(exc).__name__} building the answer") from exc
        raise NotAnswered(f"discord.py could not read Discord's answer ({type(exc).__name__}: "
                          f"{one_line(str(exc), 80)}; a 429 without a readable "
                          f"retry_after)") from exc


def _reading_a_429(exc: BaseException) -> bool:
    """Whether ``exc`` came from discord.py's webhook adapter reading a 429 answer (its
    ``request``, holding that response), not from building what it sends."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if (frame.f_code.co_name == "request"
                and frame.f_globals.get("__name__") == "discord.webhook.async_"):
            return getattr(frame.f_locals.get("response"), "status", None) == 429
        tb = tb.tb_next
    return False


async def _broke(interaction: discord.Interaction[Any], exc: BaseException) -> None:
    client = interaction.client
    if isinstance(client, SocialopsBot):
        client.answers_broke += 1
    log.error("discord: building the first answer to interaction %s failed (a bug in "
              "socialops)", interaction.id, exc_info=exc)
    try:
        if not interaction.response.is_done():
            await asyncio.wait_for(interaction.response.send_message(
                BROKE, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()),
                FIRST_ANSWER_WITHIN)
    except (discord.HTTPException, *FOLLOW_UP_LOST, KeyError, TypeError) as told:
        log.warning("discord: could not tell interaction %s of it: %s", interaction.id,
                    type(told).__name__)


def not_acknowledged(interaction: discord.Interaction[Any], exc: Exception) -> None:
    """One log line for an interaction this process could not answer: an INFO line when
    another process answered it (with several ``web`` processes, every interaction), else a
    WARNING (an expired token, Discord failing, the answer lost to the network: ``LOST``,
    which escaped with discord.py's traceback)."""
    if isinstance(exc, AnswerBroke):  # said already, with its traceback
        return
    if isinstance(exc, discord.HTTPException) and exc.code == ACKNOWLEDGED_ELSEWHERE:
        log.info("discord: interaction %s answered by another process (error code 40060)",
                 interaction.id)
    else:
        log.warning("discord: could not answer interaction %s: %s: %s", interaction.id,
                    type(exc).__name__, one_line(str(exc), 200))


class SocialopsBot(discord.Client):
    def __init__(
        self,
        config: DiscordWorkspaceConfig,
        *,
        handler: InteractionHandler,
        identity: Identity | None = None,
        sync_commands: bool = True,
        completions: Completions | None = None,
        previews: inbound.Previews | None = None,
        max_ratelimit_wait: float = 30.0,
        guild_ready_timeout: float = 2.0,
        mark_seen: MarkSeen | None = None,
        forget_seen: ForgetSeen | None = None,
        claim_value: ClaimValue | None = None,
        next_number: NextNumber | None = None,
        clock: Clock | None = None,
        pending_cards: PendingCards | None = None,
        is_seen: IsSeen | None = None,
        get_value: GetValue | None = None,
        apply: Apply | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        set_api_base(config.api_url)
        set_gateway(config.gateway_url)
        quiet_logs()
        super().__init__(
            intents=intents(),
            # How long discord.py waits after READY for more GUILD_CREATEs before on_ready.
            guild_ready_timeout=guild_ready_timeout,
            max_ratelimit_timeout=max(30.0, max_ratelimit_wait),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.config = config
        self.handler = handler
        self.identity = identity
        self._sync_commands = sync_commands
        self._sessions = 0  # READYs seen (on_ready)
        self.completions = completions
        # previewed subscriptions awaiting their button (``socialops run``: in the store)
        self.previews: inbound.Previews = previews or inbound.Pending()
        # forms submitted, each run once (``socialops run``: the store's memory, every process)
        self.forms_sent = ReplayCache("discord-form", mark_seen=mark_seen,
                                      forget_seen=forget_seen)
        self.uncompleted = inbound.Uncompleted(config.name)
        self.tree: app_commands.CommandTree[SocialopsBot] = _Tree(self)
        self.guild = discord.Object(int(config.guild_id)) if config.guild_id else None
        self.tree.add_command(commands.build(run=self.serve, complete=self.complete,
                                             channel=self.channel_of), guild=self.guild)
        self.tree.error(self._on_tree_error)
        # reactions given, each with the session (READYs seen) that got it: a resumed one
        # replays what it missed, a new one sends nothing given before it
        self._seen: OrderedDict[tuple[int, int, str], int] = OrderedDict()
        # reactions taken once in the deployment (``reactions_once``); and how many times
        # each was taken away or left unhandled, part of its key
        self.reactions_once = ReactionsOnce(claim_value=claim_value, forget_seen=forget_seen,
                                            next_number=next_number, get_value=get_value) \
            if claim_value is not None else None
        self.clock: Clock = clock or wall_clock
        self._session_since = self.clock()  # this session's READY (a key taken before: older)
        self._session_order: int | None = None  # and the store's number then (ReactionsOnce)
        self._given_again: OrderedDict[tuple[int, int, str], int] = OrderedDict()
        # the kinds (normal, super) of each reaction this session knows given
        self._kinds = Kinds(SEEN_REACTIONS)
        # the cards whose reactions a new session reads back (``read_gap``), and the
        # reactions acted on, which it leaves
        self._pending_cards = pending_cards
        self.acted = Acted(mark_seen, forget_seen, is_seen, apply)
        self.gap_reads = 0  # reads of them finished (or stopped)
        # a reaction read back while another process may be acting on it, looked at again
        # once that act's lease is up (``_look_again``): waited so, and how many were
        self._sleep = sleep or asyncio.sleep
        self._looking: set[asyncio.Task[None]] = set()
        self.looked_again = 0
        # the reactions being taken and acted on here, which a removal heard waits for
        self._acting: dict[tuple[int, int, str], list[asyncio.Event]] = {}
        # the removals being decided here (a super 👍 taken away beside a normal one), which
        # an add of the same reaction heard after them waits for
        self._removing: dict[tuple[int, int, str], list[asyncio.Event]] = {}
        self.reactions_handled = 0  # taken and acted on, or left to another process
        self.skipped = 0  # malformed or foreign gateway events and interactions, logged once
        self.answers_broke = 0  # first answers our own code failed to build (``first_answer``)
        self._answering: set[asyncio.Task[None]] = set()  # answers given aside (_answer_aside)
        self._webhooks: aiohttp.ClientSession | None = None  # follow-ups (``_follow_up``)
        # each screened interaction's channel as Discord named it, by interaction id: discord.py
        # reads none from a channel of a type it does not know (``channel_of``)
        self._channels: OrderedDict[str, str] = OrderedDict()
        self._guard_parsers()

    def _guard_parsers(self) -> None:
        """discord.py parses each gateway event inside its read loop, so an event its parser
        cannot read (a component interaction without ``data``: TypeError) ended the whole
        connection, and with it every interaction and reaction until a restart. Each parser
        is wrapped: such an event is skipped, counted and logged once, and the connection
        reads on. discord.py has no public hook for this, hence the attribute."""
        # discord.py reads each gateway frame with json.loads before any parser: a frame
        # nested past Python's recursion limit, or holding an integer of more than 4,300
        # digits, raised out of its read loop and ended the client (and the bot's gateway
        # task) for good. Read as a polled page is (bot.core.jsonbody): too deep a part cut,
        # such an integer kept as its digits, for the guarded parsers to read or skip.
        # A release without the name would take the assignment as a new attribute nothing
        # reads, the client silently unguarded: the start stops in one line instead.
        if not callable(getattr(discord.utils, "_from_json", None)):
            raise SocialopsError(
                f"discord.py {discord.__version__} has no discord.utils._from_json, which "
                "socialops replaces to read gateway frames safely; install the discord.py "
                "version pyproject.toml names (2.7.x)")
        discord.utils._from_json = loads
        parsers = getattr(self._connection, "parsers", None)
        if not isinstance(parsers, dict) or "INTERACTION_CREATE" not in parsers:
            raise RuntimeError("discord.py changed: ConnectionState has no parsers")
        parsers["INTERACTION_CREATE"] = self._screened(parsers["INTERACTION_CREATE"])
        parsers["MESSAGE_REACTION_ADD"] = self._unless_by_a_bot(parsers["MESSAGE_REACTION_ADD"])
        for event, parse in list(parsers.items()):
            if event not in UNGUARDED:
                parsers[event] = self._guarded(event, parse)

    def _screened(self, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        """With ``guild_id`` set, an interaction from another server or a direct message is
        answered with one ephemeral line (an autocomplete with no choices), counted, one INFO
        line, and never reaches the tree, the buttons or the forms. Screened before
        discord.py dispatches it: commands, components and modals arrive by three routes."""
        def screened(data: Any) -> None:
            readable = isinstance(data, dict)
            guild = data.get("guild_id") if readable else None
            channel = inbound.channel_of(data) if readable else None
            if inbound.foreign(guild, self.config.guild_id):
                reply = inbound.ELSEWHERE
                log.info("%s", inbound.foreign_line(self.config.name,
                                                    f"a type {data.get('type')} interaction",
                                                    guild, self.config.guild_id))
            elif readable and channel is None and data.get("type") != inbound.PING:
                # run, it acted in channel "" (the HTTP endpoint refuses it too)
                reply = inbound.NO_CHANNEL
                log.info("discord %s: a type %s interaction naming no channel answered, not "
                         "run", self.config.name, data.get("type"))
            else:
                if channel is not None:
                    self._channels[str(data.get("id"))] = str(channel)
                    while len(self._channels) > CHANNELS_KEPT:
                        self._channels.popitem(last=False)
                parse(data)
                return
            # built before it is counted: one discord.py cannot read (a guild id that is no
            # snowflake) raises to ``_guarded``, which counts it, once
            interaction = discord.Interaction(data=data, state=self._connection)
            self.skipped += 1
            self._answer_aside(interaction, reply)
        return screened

    def _unless_by_a_bot(self, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        """A reaction another app's bot gave (a bridge relaying its side's reactions, a bot
        that reacts ✅ to what it read) is no person's decision: skipped before discord.py
        dispatches it, so it costs no store write and no read of the card, and acts on
        nothing, linked or not (a bot's id under a person's ``identities``, copied from the
        wrong account, approved drafts). Read off the event's own ``member.user.bot``, which
        discord.py drops when the server is not in its cache yet. On a card, with a shortcut
        emoji, it is counted and one INFO line; elsewhere nothing, as a person's there. The
        read-back after a gap leaves bots out too (``gap.reacted``)."""
        def unless_by_a_bot(data: Any) -> None:
            me = str(self.user.id) if self.user else None
            if not by_a_bot(data) or str(data.get("user_id")) == me:
                parse(data)  # the bot's own reactions: dropped by the listener, as before
                return
            if (action := self._shortcut_on_a_card(data, me)) is not None:
                self.skipped += 1
                log.info("discord %s: reaction %s by another app's bot %s on card %s "
                         "ignored: a bot's reaction is no person's decision", self.config.name,
                         action, str(data.get("user_id"))[:24], str(data.get("message_id"))[:24])
        return unless_by_a_bot

    def _shortcut_on_a_card(self, data: dict[str, Any], me: str | None) -> str | None:
        """The action of a MESSAGE_REACTION_ADD's emoji when it is a shortcut given on a
        message of the bot's (``message_author_id``; absent, it may be one); else None."""
        author = data.get("message_author_id")
        emoji = data.get("emoji")
        if (author is not None and str(author) != me) or not isinstance(emoji, dict):
            return None
        name, ident = emoji.get("name"), emoji.get("id")
        return action_for(name if isinstance(name, str) else None, self.config.reactions,
                          emoji_id=ident if isinstance(ident, (int, str)) else None)

    def _answer_aside(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """``_answer`` in a task of its own: a gateway event's parser is no coroutine."""
        task = asyncio.create_task(self._answer(interaction, reply))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    def _guarded(self, event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        def guarded(data: Any) -> None:
            try:
                parse(data)
            except READING_ERRORS as exc:
                self.skipped += 1
                log.warning("discord %s: skipped a malformed %s gateway event (discord.py "
                            "could not read it: %s)", self.config.name, event,
                            type(exc).__name__)
                if event == "INTERACTION_CREATE":
                    self._answer_unparsed(data)
        return guarded

    def _answer_unparsed(self, data: Any) -> None:
        """A command, autocomplete, button click or modal submit discord.py could not parse
        is still answered when its id and token are readable: Discord showed "The application
        did not respond" ("This interaction failed" for a button or form). Only those parts
        are read, into an interaction of nothing else."""
        if not isinstance(data, dict) or data.get("type") not in inbound.ANSWERED_UNREAD:
            return
        ident, token = data.get("id"), data.get("token")
        if not (isinstance(ident, str) and inbound.SNOWFLAKE.fullmatch(ident)
                and isinstance(token, str) and inbound.TOKEN.fullmatch(token)):
            return
        bare = {"id": ident, "token": token, "type": data["type"], "version": 1,
                "application_id": self.application_id or 0, "attachment_size_limit": 0}
        interaction: discord.Interaction[Any] = discord.Interaction(
            data=bare, state=self._connection)  # type: ignore[arg-type]
        self._answer_aside(interaction, inbound.unreadable(data["type"]))

    async def run_gateway(self) -> None:
        """Log in and hold the gateway until closed or cancelled. A login that cannot reach
        Discord is retried with backoff, one WARNING line each; discord.py reconnects a lost
        gateway with its own backoff, and a gateway not reached since the start (where
        discord.py's retries end) is retried here the same way. A refused token raises
        PermanentDeliveryError."""
        wait = FIRST_WAIT
        while True:
            try:
                await log_in(self, self.config.token)
                break
            except PermanentDeliveryError:
                raise
            except DeliveryError as exc:
                log.warning("discord %s: cannot log in (%s); retrying in %.0f s",
                            self.config.name, exc, wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, MOST_WAIT)
        wait = FIRST_WAIT
        while True:
            try:
                await self.connect(reconnect=True)
                return
            except discord.ConnectionClosed as exc:
                if exc.code == AUTHENTICATION_FAILED:
                    raise PermanentDeliveryError(
                        "discord: gateway: token refused (4004)") from exc
                raise DeliveryError(f"discord: gateway closed ({exc.code})") from exc
            except AttributeError as exc:
                # discord.py 2.7's connect() resumes after a failed attempt with
                # self.ws.sequence: when no handshake ever completed (the gateway not reached
                # since the start: a network down, a firewall or proxy in the way, a wrong
                # gateway_url) ws is None, and that AttributeError ended its retries for good
                # (Rapptz/discord.py#10520): no reaction or click was ever read again
                if self.ws is not None or self.is_closed():
                    raise
                cause = exc.__context__
                why = f"{type(cause).__name__}: {cause}" if cause is not None else "no answer"
                log.warning("discord %s: cannot reach the gateway at %s (%s); check this "
                            "machine's network (or proxy), or gateway_url; retrying in %.0f s",
                            self.config.name, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
                            one_line(why, 300), wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, MOST_WAIT)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CardButton)
        if self._sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Register the command tree (per guild when ``guild_id`` is set: visible at once;
        globally otherwise, which Discord may take up to an hour to show)."""
        if self.application_id is None:
            log.warning("discord: no application id; /socialops not registered")
            return
        try:
            await self.tree.sync(guild=self.guild)
        except discord.HTTPException as exc:
            log.error("discord %s: %s", self.config.name, commands.refused_line(
                exc, self.guild.id if self.guild is not None else None))

    async def on_ready(self) -> None:
        """Each session after the first registers the tree again: the bot removed from its
        server and invited back while the gateway was away sees neither event, only its server
        in the new READY, and Discord dropped its guild commands with the removal. The same
        commands overwritten in place create none (Discord's 200 creates a day are not
        spent). A resumed session has no READY, so nothing is asked then."""
        self._sessions += 1
        self._session_since = self.clock()
        if self.reactions_once is not None:
            self._session_order = await self.reactions_once.order()
        if self._sessions > 1 and self.guild is not None and self._sync_commands:
            log.info("discord %s: a new gateway session; /socialops registered again",
                     self.config.name)
            await self.sync_commands()
        await self.read_gap()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        if self.guild is not None and guild.id != self.guild.id:
            return
        log.warning("discord %s: the bot was removed from server %s (%s); cards there fail "
                    "and /socialops is gone until it is invited again (socialops discord "
                    "invite)", self.config.name, guild.id, one_line(guild.name or "", 100))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Discord drops an app's guild commands when the bot leaves the server: invited back
        to the server it serves, the bot registers /socialops there again (global commands
        stay, so without ``guild_id`` there is nothing to do)."""
        if self.guild is None or guild.id != self.guild.id or not self._sync_commands:
            return
        await self.sync_commands()
        log.info("discord %s: back in server %s; /socialops registered there again",
                 self.config.name, guild.id)

    # -- interactions ----------------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        # Components go through CardButton, commands and autocomplete through the tree; here
        # modal submits (restart-safe: nothing about an open modal lives in memory).
        if interaction.type is discord.InteractionType.modal_submit:
            await self.serve(interaction)
        elif interaction.type is discord.InteractionType.component:
            data = dict(interaction.data or {})  # discord.py read its custom_id: a mapping
            custom_id = str(data.get("custom_id", ""))
            if custom_id.startswith(inbound.CONFIRM_PREFIX):
                await self.serve(interaction)
            elif re.fullmatch(CUSTOM_ID_TEMPLATE, custom_id) is None:
                # no CardButton takes it (an older release's spelling): acknowledged, as
                # over HTTP, not left to "This interaction failed"
                await self._ignore(interaction, data)

    async def _ignore(self, interaction: discord.Interaction[Any], data: dict[str, Any]) -> None:
        """A button or modal none of ours carries (an action no card button has, a custom_id
        past Discord's 100 characters): acknowledged without a change, counted, one INFO
        line. Unanswered, Discord showed the person "This interaction failed"."""
        self.skipped += 1
        log.info("discord %s: a %s interaction acknowledged, not handled (custom_id %r)",
                 self.config.name, interaction.type.name, str(data.get("custom_id"))[:100])
        try:
            await first_answer(interaction, interaction.response.defer())
        except (discord.HTTPException, *LOST) as exc:
            not_acknowledged(interaction, exc)

    async def offer_nothing(self, interaction: discord.Interaction[Any], verb: str,
                            option: str) -> None:
        """An autocomplete about an option that completes nothing here: no choices, counted,
        one INFO line for the option, DEBUG at the keystrokes after (discord.py raised
        CommandSignatureMismatch, logged with a traceback, and left it unanswered)."""
        self.skipped += 1
        self.uncompleted.log(verb, option)
        try:
            await first_answer(interaction, interaction.response.autocomplete([]))
        except (discord.HTTPException, *LOST) as exc:
            not_acknowledged(interaction, exc)

    async def _on_tree_error(self, interaction: discord.Interaction[Any],
                             error: app_commands.AppCommandError) -> None:
        """What the tree could not match or read: a command Discord still shows but the tree
        no longer has (renamed, removed, or registered globally before ``guild_id`` was set),
        another app's, a group sent without its verb, an option discord.py cannot convert.
        discord.py logged each with a traceback and left it unanswered ("The application did
        not respond"). Now: answered (no choices for autocomplete, else one ephemeral line),
        counted, one INFO line. Our own callback failing stays an error with its trace."""
        if isinstance(error, app_commands.CommandInvokeError):
            log.error("discord %s: /socialops failed", self.config.name, exc_info=error)
            return
        self.skipped += 1
        name = dict(interaction.data or {}).get("name")
        log.info("discord %s: a /%s %s not handled: %s", self.config.name, str(name)[:32],
                 interaction.type.name, type(error).__name__)
        await self.unreadable(interaction)

    async def unreadable(self, interaction: discord.Interaction[Any]) -> None:
        """Answer a command or autocomplete that could not be read, unless already answered:
        no choices, or one ephemeral line."""
        await self._answer(interaction, inbound.UNREADABLE)

    async def _answer(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """``reply`` as one ephemeral line (no choices for an autocomplete), unless
        ``interaction`` is answered already."""
        try:
            if interaction.response.is_done():
                return
            if interaction.type is discord.InteractionType.autocomplete:
                await first_answer(interaction, interaction.response.autocomplete([]))
            else:
                await first_answer(interaction, interaction.response.send_message(
                    reply.text, ephemeral=True,
                    allowed_mentions=discord.AllowedMentions.none()))
        except (discord.HTTPException, *LOST) as exc:
            not_acknowledged(interaction, exc)

    async def offer(self, interaction: discord.Interaction[Any], kind: commands.Kind,
                    typed: str) -> None:
        """An autocomplete's choices (``complete``), sent; a failure to send them is one
        line: INFO when another process answered first (40060, at every keystroke with
        several ``web`` processes: it was a WARNING), else a WARNING."""
        found = await self.complete(kind, typed, str(interaction.user.id),
                                    self.channel_of(interaction))
        try:
            await first_answer(interaction, interaction.response.autocomplete(
                [app_commands.Choice(name=c["name"], value=c["value"])
                 for c in commands.choices_payload(found)]))
        except (discord.HTTPException, *LOST) as exc:
            if isinstance(exc, AnswerBroke) or (isinstance(exc, discord.HTTPException)
                                                and exc.code == ACKNOWLEDGED_ELSEWHERE):
                not_acknowledged(interaction, exc)
            else:
                log.warning("discord: could not answer autocomplete %s: %s", interaction.id,
                            exc)

    async def complete(self, kind: commands.Kind, typed: str, user: str, channel: str
                       ) -> list[tuple[str, str]]:
        """Autocomplete for ticket and approval ids, schedule names and the channel's
        subscriptions; nothing for people not linked."""
        if self.completions is None or (
                self.identity is not None and self.identity(self.config.name, user) is None):
            return []
        try:
            return await asyncio.wait_for(self.completions.complete(
                kind, typed, limit=commands.CHOICES_LIMIT, workspace=self.config.name,
                channel=channel), commands.AUTOCOMPLETE_WITHIN)
        except TimeoutError:  # Discord gives up at 3 s: "Loading options failed"
            log.info("%s", commands.late_line(self.config.name, kind))
            return []
        except Exception:  # an empty list beats Discord's "loading options failed"
            log.exception("discord: autocomplete for %s failed", kind)
            return []

    def channel_of(self, interaction: discord.Interaction[Any]) -> str:
        """The channel ``interaction`` was sent from, as Discord named it (the screen kept it),
        else as discord.py read it: a channel of a type discord.py 2.7 does not know reads
        as none, and the handler ran in channel ""."""
        return self._channels.get(str(interaction.id)) or commands.channel_of(interaction)

    async def serve(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        try:
            # in the guard: a frame naming no one (no member, no user: Discord always sends
            # one) leaves discord.py's MISSING here, and the AttributeError was "/socialops
            # failed", an ERROR with a traceback, or a click or form never answered
            user = str(interaction.user.id)
            parsed = inbound.parse(
                workspace=self.config.name,
                kind=interaction.type.value,
                data=data,
                user=user,
                channel=self.channel_of(interaction),
                message_id=str(interaction.message.id) if interaction.message else None,
            )
        except READING_ERRORS as exc:  # data discord.py read but we cannot (rows a number)
            self.skipped += 1
            log.info("discord %s: a %s interaction answered, not run (socialops could not "
                     "read its data: %s)", self.config.name, interaction.type.name,
                     type(exc).__name__)
            await self._answer(interaction, inbound.unreadable(interaction.type.value))
            return
        if parsed.kind == "ignore":
            await self._ignore(interaction, data)
            return
        refused = inbound.gate(parsed, self.identity) if parsed.kind in (
            "form", "preview", "confirm", "modal") else None
        try:
            if parsed.kind == "modal" and parsed.target and refused is None:
                await first_answer(interaction, interaction.response.send_modal(_modal(
                    inbound.modal_payload(parsed.target))))
                return
            if parsed.kind == "form" and parsed.target and refused is None:
                await first_answer(interaction, interaction.response.send_modal(_modal(
                    inbound.form_payload(parsed.target, parsed.values))))
                return
            await first_answer(interaction,
                               interaction.response.defer(ephemeral=True, thinking=True))
        except discord.HTTPException as exc:  # token expired or already answered elsewhere
            not_acknowledged(interaction, exc)
            return
        except AnswerBroke:  # said already, with its traceback: nothing runs
            return
        except LOST as exc:  # whether Discord has it is unknown: nothing runs
            log.warning("discord: could not answer interaction %s, not run (%s: %s)",
                        interaction.id, type(exc).__name__, exc)
            return
        confirm: str | None = None  # a preview's: its Subscribe button saves it
        if refused is not None:
            reply = refused
        elif parsed.kind == "preview" and parsed.interaction is not None and parsed.line:
            reply, token = await inbound.previewed(parsed, handler=self.handler,
                                                   identity=self.identity,
                                                   previews=self.previews)
            confirm = token
        elif parsed.kind == "confirm" and parsed.target:
            reply = await inbound.confirm(parsed.target, user=user, workspace=self.config.name,
                                          channel=self.channel_of(interaction),
                                          handler=self.handler, identity=self.identity,
                                          previews=self.previews)
        else:
            reply = await inbound.run_once(parsed, self.forms_sent, handler=self.handler,
                                           identity=self.identity)
        body = inbound.reply_payload(reply)
        body["flags"] = EPHEMERAL  # answers are always the person's alone
        if confirm is not None:
            body["components"] = inbound.confirm_components(confirm)
        await self._follow_up(interaction, body)

    async def _follow_up(self, interaction: discord.Interaction[Any], body: dict[str, Any]
                         ) -> None:
        """The answer on the interaction's webhook, as the HTTP endpoint sends it
        (``integrations.discord.follow_up``): discord.py's webhook adapter slept out any 429,
        however long, and raised a request lost on the way with a traceback."""
        if self._webhooks is None:
            self._webhooks = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        # quoted as discord.py quoted it: the gateway's token is not checked as HTTP's is
        url = (f"{self.config.api_url.rstrip('/')}/webhooks/{interaction.application_id}/"
               f"{quote(interaction.token, safe='')}")
        await follow_up(self._webhooks, url, body, sleep=self._sleep,
                        what=f"follow-up for interaction {interaction.id}")

    # -- reactions -------------------------------------------------------------------------

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        me = self.user.id if self.user else None
        if payload.user_id == me or payload.guild_id is None:
            return
        if inbound.foreign(payload.guild_id, self.config.guild_id):
            self.skipped += 1  # a reaction has no token to answer with
            log.info("%s", inbound.foreign_line(self.config.name, "a reaction",
                                                payload.guild_id, self.config.guild_id,
                                                done="ignored"))
            return
        if payload.message_author_id is not None and payload.message_author_id != me:
            return  # reactions on other people's messages are none of our business
        action = action_for(payload.emoji.name, self.config.reactions,
                            emoji_id=payload.emoji.id)
        if action is None:
            return
        seen = (payload.message_id, payload.user_id, action)
        for removal in list(self._removing.get(seen, ())):  # heard before this: it decides
            await removal.wait()  # whether this is a repeat (``on_raw_reaction_remove``)
        known = self._kinds.known(seen)  # whether its other kind is given, as heard
        self._kinds.given(seen, bool(payload.burst))
        if self._seen.get(seen) == self._sessions:
            return  # a repeat in this session: a resumed session replays what it missed
        self._seen[seen] = self._sessions
        self._seen.move_to_end(seen)
        while len(self._seen) > SEEN_REACTIONS:
            self._seen.popitem(last=False)
        with self._in_hand(seen):
            if not await self._first_anywhere(seen):
                log.info("discord: reaction %s by %s on %s taken by another process", action,
                         payload.user_id, payload.message_id)
                return
            # taken here, the only process to ask: one given beside a reaction acted on
            if not known and await self._second_of_two(seen, payload):
                log.info("discord: reaction %s by %s on %s is their second (a %s one beside "
                         "the %s one acted on): nothing done again", action, payload.user_id,
                         payload.message_id, "super" if payload.burst else "normal",
                         "normal" if payload.burst else "super")
                return
            await self._act(payload, seen, action)

    @contextmanager
    def _in_hand(self, seen: tuple[int, int, str]) -> Iterator[None]:
        """The reaction ``seen`` being taken and acted on here: a removal of it heard
        meanwhile waits for that (``_taken_away``), or its delete of the acted-on mark came
        before the act wrote it, and the reaction, taken away, stayed marked: given again
        while no session was connected, the read-back left it."""
        try:
            with self._held(self._acting, seen):
                yield
        finally:
            self.reactions_handled += 1

    async def _act(self, payload: discord.RawReactionActionEvent, seen: tuple[int, int, str],
                   action: str, *, tell: bool = True) -> None:
        """Run the reaction ``seen``, taken once; forgotten when its card cannot be read.
        ``tell``: whether a refusal is told to the person (a reaction read back after a gap
        is logged only: it may be one an earlier session answered, read at every new one)."""
        try:
            with self.acted.riding(_base(seen)) as rode:
                reply = await self.react(payload, action)
        except CardUnreadable as exc:
            await self._not_acted(seen)
            log.warning("discord: reaction %s by %s on %s not handled: cannot read the card "
                        "(%s)", action, payload.user_id, payload.message_id, exc)
            return
        if reply is inbound.BROKE and not (rode is not None and rode.written):
            # the handler raised before it wrote anything (the store failing under it): marked
            # acted on after it, as before, no session read it back again and the reaction
            # did nothing for 90 days; forgotten, the next session's read-back acts on it
            await self._not_acted(seen)
            log.warning("discord: reaction %s by %s on %s broke before it did anything: "
                        "read back again at the next session, or give it again", action,
                        payload.user_id, payload.message_id)
            if tell:
                await self.tell(payload.user_id, reply)
            return
        # marked with the act (in its write, or after an act that wrote nothing), so a
        # read-back after the key's hour leaves it
        await self.acted.done(_base(seen), rode)
        if reply is not None and not reply.ok:
            log.info("discord: reaction %s by %s on %s refused: %s", action, payload.user_id,
                     payload.message_id, reply.text)
            if tell:
                await self.tell(payload.user_id, reply)

    async def read_gap(self) -> None:
        """Act on the reactions given on the cards of pending drafts and open tickets while
        no session of the bot was connected (``integrations.discord.gap``): the newest
        ``GAP_CARDS`` of each kind, as they are now, so a reaction taken away since is none.
        A read refused (a 429 longer than discord.py waits, an error) stops: the next session
        reads again."""
        if self._pending_cards is None:
            return
        try:
            refs = await self._pending_cards(self.config.name, GAP_CARDS)
            for ref in refs:
                try:
                    message: Any = await self.http.get_message(int(ref.channel),
                                                               int(ref.message_id))
                except discord.HTTPException as exc:
                    if (line := unreadable_card(ref, exc)) is None:
                        raise
                    log.warning("discord %s: %s", self.config.name, line)
                    continue  # the cards after it are read
                for user_id, action in await reacted(
                        ref, message, self.user.id if self.user else None,
                        self.config.reactions, self.http.get_reaction_users):
                    await self._gap_reaction(ref, user_id, action)
        except (SocialopsError, discord.HTTPException, discord.RateLimited, aiohttp.ClientError,
                OSError, TimeoutError) as exc:
            log.warning("discord: reactions given while no session was connected not all "
                        "read (%s: %s); the next session reads them, or give the reaction "
                        "again", type(exc).__name__, exc)
        finally:
            self.gap_reads += 1

    async def _gap_reaction(self, ref: MessageRef, user_id: int, action: str, *,
                            lease_over: bool = False) -> None:
        """Act on a reaction read back, unless acted on before (a session before, another
        process): once in the deployment under the gateway's key. With the acted-on marks,
        a key taken before this session is an earlier reaction's, as for the gateway's;
        without them, no key taken before is moved past (it may be this very reaction).
        One taken within ``ACT_LEASE`` may be this reaction's act still running in another
        process: looked at again once the lease is up (``lease_over``), and acted on then
        only if still not marked. Moved past at once, both acted (two resolves of one ✅)."""
        seen = (int(ref.message_id), user_id, action)
        if not lease_over and self._seen.get(seen) == self._sessions:
            return  # the gateway delivered it to this session already
        self._seen[seen] = self._sessions
        self._seen.move_to_end(seen)
        while len(self._seen) > SEEN_REACTIONS:
            self._seen.popitem(last=False)
        with self._in_hand(seen):
            await self._gap_act(ref, seen, lease_over=lease_over)

    async def _gap_act(self, ref: MessageRef, seen: tuple[int, int, str], *,
                       lease_over: bool) -> None:
        """``_gap_reaction``'s take and act, the reaction ``seen`` in hand."""
        _, user_id, action = seen
        base = _base(seen)
        acted = await self.acted.before(base)
        if acted:
            return  # acted on already
        first = acted is False  # known not acted on (None: no marks to ask)
        if self.reactions_once is not None:
            n = self._given_again.get(seen, 0)
            if first and not lease_over and (wait := await self.reactions_once.acting(
                    base, n, now=self.clock(), since=self._session_since,
                    since_order=self._session_order)) is not None:
                log.info("discord: reaction %s by %s on %s is being acted on by another "
                         "process; looked at again in %.0f s", action, user_id,
                         ref.message_id, wait)
                self._look_again(ref, user_id, action, wait)
                return
            taken, _ = await self.reactions_once.take(
                base, n, now=self.clock(),
                since=self._session_since if first else EARLIEST,
                since_order=self._session_order if first else None)
            if taken is False:
                return  # another process's session got it from the gateway
        data: Any = {"message_id": ref.message_id, "channel_id": ref.channel,
                     "user_id": str(user_id), "type": 0}
        payload = discord.RawReactionActionEvent(data, discord.PartialEmoji(name=action),
                                                 "REACTION_ADD")
        log.info("discord: reaction %s by %s on %s given while no session was connected",
                 action, user_id, ref.message_id)
        await self._act(payload, seen, action, tell=False)

    def _look_again(self, ref: MessageRef, user_id: int, action: str, wait: float) -> None:
        """``_gap_reaction`` again in ``wait`` seconds, in this session (a new one reads the
        card back itself), in a task of its own: the read goes on to the other cards."""
        session = self._sessions

        async def again() -> None:
            try:
                await self._sleep(wait)
                if self._sessions == session and not self.is_closed():
                    await self._gap_reaction(ref, user_id, action, lease_over=True)
            except (SocialopsError, discord.HTTPException, discord.RateLimited,
                    aiohttp.ClientError, OSError, TimeoutError) as exc:
                log.warning("discord: reaction %s by %s on %s not read again (%s: %s); the "
                            "next session reads it, or give the reaction again", action,
                            user_id, ref.message_id, type(exc).__name__, exc)
            finally:
                self.looked_again += 1

        task = asyncio.create_task(again())
        self._looking.add(task)
        task.add_done_callback(self._looking.discard)

    async def close(self) -> None:
        for task in list(self._looking):  # a look again waiting: the next session reads
            task.cancel()
        if self._webhooks is not None:
            await self._webhooks.close()
        await super().close()

    async def tell(self, user_id: int, reply: Reply) -> None:
        """``reply`` to a linked person in a direct message (Create DM: no permission of the
        bot's in the server): a reaction carries no interaction token, so no ephemeral answer,
        and their ❌ or 👍 stays on the card for everyone to read as a decision. Someone not
        linked is not written to (their reaction is logged); one who takes no direct messages
        (403 code 50007) is one log line."""
        if self.identity is not None and self.identity(self.config.name, str(user_id)) is None:
            return
        content = inbound.reply_payload(reply.model_copy(update={"ephemeral": False}))["content"]
        try:
            dm: Any = await self.http.start_private_message(user_id)
            await self.get_partial_messageable(int(dm["id"]), type=discord.ChannelType.private
                                               ).send(content,
                                                      allowed_mentions=discord.AllowedMentions.none())
        except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError, KeyError,
                TypeError, ValueError) as exc:
            log.info("discord: could not tell %s why their reaction did nothing: %s", user_id,
                     exc)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction taken away is no longer a repeat when given again: the person reacting
        anew (the draft edited since, the ticket unclaimed) acts again, as on Slack, where
        each reaction is its own event."""
        action = action_for(payload.emoji.name, self.config.reactions,
                            emoji_id=payload.emoji.id)
        if action is not None:
            seen = (payload.message_id, payload.user_id, action)
            # in the order the events came, before anything is awaited
            had = self._kinds.taken_away(seen, bool(payload.burst))
            with self._held(self._removing, seen):  # an add after it waits for it
                for act in list(self._acting.get(seen, ())):  # an add still looked at
                    await act.wait()
                if (why := await self._nothing_taken(seen, payload, had=had)) is not None:
                    log.info("discord: reaction %s by %s on %s taken away: %s", action,
                             payload.user_id, payload.message_id, why)
                    return
                self._seen.pop(seen, None)
                self._again(seen)
            await self._taken_away(seen)  # given again in a gap, it is read back

    @staticmethod
    @contextmanager
    def _held(table: dict[tuple[int, int, str], list[asyncio.Event]],
              seen: tuple[int, int, str]) -> Iterator[None]:
        """``seen`` in ``table`` while the block runs, for others to wait on."""
        done = asyncio.Event()
        table.setdefault(seen, []).append(done)
        try:
            yield
        finally:
            done.set()
            if left := [e for e in table.pop(seen, []) if e is not done]:
                table[seen] = left

    async def _second_of_two(self, seen: tuple[int, int, str],
                             payload: discord.RawReactionActionEvent) -> bool:
        """Whether ``payload`` gives the second kind of the person's reaction ``seen``, the
        first given before this session and acted on (a normal 👀 before a deploy, the super
        one after it): asked of Discord only where it was acted on (a mark), the store read
        first. The two are one reaction of the person's, acted on once."""
        if not await self.acted.before(_base(seen)):
            return False
        if not await self._given_too(payload, burst=not payload.burst):
            return False
        self._kinds.given(seen, not payload.burst)
        return True

    async def _nothing_taken(self, seen: tuple[int, int, str],
                             payload: discord.RawReactionActionEvent, *, had: bool | None
                             ) -> str | None:
        """Why the removal ``payload`` of ``seen`` takes nothing away, or None when it takes
        the person's reaction away: their reaction of the other kind stays on the card (a
        normal 👍 when the super one is taken away), or this kind was taken into account as
        gone already. ``had``: whether this kind was known given (``Kinds.taken_away``;
        None: nothing known, the reaction given before this session). When none is known
        left, Discord is asked (Get Reactions), only where the reaction was acted on (a
        mark to lose): another process may have heard the other kind given where this one
        heard only that it was taken (``_second_of_two``)."""
        other = f"their {'normal' if payload.burst else 'super'} one stays, still given"
        if self._kinds.left(seen):
            return other
        if had is False:
            return "taken into account already"
        if not await self.acted.before(_base(seen)):
            self._kinds.forget(seen)  # nothing to lose, and nothing known of the other
            return None
        if await self._given_too(payload, burst=not payload.burst):
            self._kinds.given(seen, not payload.burst)
            return other
        self._kinds.gone(seen)
        return None

    async def _given_too(self, payload: discord.RawReactionActionEvent, *, burst: bool
                         ) -> bool:
        """Whether the person's reaction of ``burst``'s kind with ``payload``'s emoji is on
        the message (Get Reactions from just before their id, that ``type``); False when
        Discord does not say."""
        emoji = payload.emoji
        name = f"{emoji.name}:{emoji.id}" if emoji.id else str(emoji.name)
        try:
            users: Any = await self.http.get_reaction_users(
                payload.channel_id, payload.message_id, name, 1, after=payload.user_id - 1,
                type=BURST if burst else 0)  # type: ignore[arg-type]
        except (discord.HTTPException, discord.RateLimited, *LOST) as exc:
            log.info("discord: whether %s's other %s reaction stays on %s unread (%s); taken "
                     "as gone", payload.user_id, emoji.name, payload.message_id,
                     type(exc).__name__)
            return False
        return any(str(u.get("id")) == str(payload.user_id) for u in users or ()
                   if isinstance(u, dict))

    async def on_raw_reaction_clear(self, payload: discord.RawReactionClearEvent) -> None:
        """A moderator took every reaction off a message (MESSAGE_REACTION_REMOVE_ALL, no
        removal per person): each given again acts again, as after the person's own removal.
        Unheard, the reaction given again was dropped as a repeat."""
        await self._cleared(payload.message_id, None)

    async def on_raw_reaction_clear_emoji(self, payload: discord.RawReactionClearEmojiEvent
                                          ) -> None:
        """A moderator took one emoji's reactions off a message
        (MESSAGE_REACTION_REMOVE_EMOJI)."""
        action = action_for(payload.emoji.name, self.config.reactions,
                            emoji_id=payload.emoji.id)
        if action is not None:
            await self._cleared(payload.message_id, action)

    async def _cleared(self, message_id: int, action: str | None) -> None:
        """Every reaction given on ``message_id`` that this process saw (for ``action``, or
        any) taken away, as ``on_raw_reaction_remove`` takes one."""
        for seen in [s for s in self._seen if s[0] == message_id and action in (None, s[2])]:
            self._seen.pop(seen)
            self._kinds.gone(seen)  # both kinds went
            self._again(seen)
            await self._taken_away(seen)

    async def _taken_away(self, seen: tuple[int, int, str]) -> None:
        """The acted-on mark of the reaction ``seen``, just taken away (and counted so), is
        deleted, so the reaction given again while no session is connected is read back;
        unless the reaction given again after this removal was taken already: this session
        heard the removal late (another session was faster and its process acted on the
        reaction given again; a RESUMED replays what it missed), and the mark is that newer
        reaction's. Deleted, the next session read the reaction back and acted on it again.
        Both read and decided in the store's write, so a reaction taken meanwhile keeps it."""
        for act in list(self._acting.get(seen, ())):  # begun before this removal was heard
            await act.wait()
        base = _base(seen)
        if not await self.acted.taken_away(base):
            return
        unless = None
        if self.reactions_once is not None:
            unless = await self.reactions_once.untaken(
                base, self._given_again.get(seen, 0), since=self._session_since,
                since_order=self._session_order)
            if unless is None:
                log.info("discord: reaction %s taken away, heard after the reaction given "
                         "again was taken: its acted-on mark stays", base)
                return
        await self.acted.drop(base, unless=unless)

    async def _not_acted(self, seen: tuple[int, int, str]) -> None:
        """Forget the reaction ``seen``, not acted on, so the same reaction again (a gateway
        replay, the person reacting anew, a read-back) is handled instead of dropped as a
        repeat. Forgotten in the store, where every process's key of it stays the same;
        counted as given again here only where the store cannot forget (this process's count
        then differs from the others', and a later reaction may be taken by two of them)."""
        self._seen.pop(seen, None)
        if not await self._forget_anywhere(seen):
            self._again(seen)
        await self.acted.forget(_base(seen))

    def _again(self, seen: tuple[int, int, str]) -> None:
        """The reaction ``seen`` may be given again and act again: its store key moves on."""
        self._given_again[seen] = self._given_again.pop(seen, 0) + 1
        while len(self._given_again) > SEEN_REACTIONS:
            self._given_again.popitem(last=False)

    async def _forget_anywhere(self, seen: tuple[int, int, str]) -> bool:
        """Undo ``_first_anywhere`` for a reaction not acted on: True when the store forgot
        it (every process may take it again under the same key)."""
        message_id, user_id, action = seen
        return self.reactions_once is not None and await self.reactions_once.forget(
            f"{message_id}:{user_id}:{action}", self._given_again.get(seen, 0))

    async def _first_anywhere(self, seen: tuple[int, int, str]) -> bool:
        """Whether no other process of the deployment took this reaction (its session got the
        same event); True when there is no store to ask, or it cannot tell (as Slack's events:
        a reaction is never dropped for an outage of the memory)."""
        if self.reactions_once is None:
            return True
        message_id, user_id, action = seen
        n = self._given_again.get(seen, 0)
        taken, at = await self.reactions_once.take(f"{message_id}:{user_id}:{action}", n,
                                                   now=self.clock(), since=self._session_since,
                                                   since_order=self._session_order)
        if at != n:  # given again after removals this session did not see (a restart)
            self._given_again[seen] = at
        return taken is not False

    async def react(self, payload: discord.RawReactionActionEvent, action: str) -> Reply | None:
        """Run a reaction shortcut: a shortcut for the card's button for that action, as the
        card shows it now. None when there is nothing to run: not one of our cards, or a card
        without that button (👍 or ❌ on a ticket, anything on a decided draft). Raises
        CardUnreadable when the card cannot be read."""
        try:
            message: dict[str, Any] = await self.http.get_message(  # type: ignore[assignment]
                payload.channel_id, payload.message_id)
        except (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError,
                TimeoutError) as exc:
            # a 429 longer than discord.py waits out (RateLimited, no HTTPException) or the
            # network failing escaped the handler with a traceback, and the reaction stayed
            # remembered: its replay after a resume was dropped as a repeat, never acted on.
            # A refusal for good (the card deleted, its channel hidden) says what to do.
            ref = MessageRef(workspace=self.config.name, channel=str(payload.channel_id),
                             message_id=str(payload.message_id))
            raise CardUnreadable(
                (isinstance(exc, discord.HTTPException) and unreadable_card(ref, exc))
                or f"{type(exc).__name__}: {exc}") from exc
        if (me := self.user) and str((message.get("author") or {}).get("id")) != str(me.id):
            return None
        value = None
        for candidate in (action, *REACTION_ALIASES.get(action, ())):
            if (value := target_for(message, candidate)) is not None:
                action = candidate
                break
        if value is None:
            log.info("discord: reaction %s on %s ignored: the card has no %s button", action,
                     payload.message_id, action)
            return None
        if (several := several_on(message, action)) is not None:  # a notice of several
            return Reply(text=several, ok=False)
        # The button's value names the version the message shows now (Approve): the reaction
        # approves that text or nothing.
        target, version = split_button_value(value)
        if action == "reject":  # a pending draft: the reason cannot ride on an emoji (Slack's)
            return Reply(text=f"Rejecting needs a comment: press Reject on the card, or type "
                              f"/socialops approvals reject {target} <comment>.", ok=False)
        i = Interaction(
            workspace=self.config.name, channel=str(payload.channel_id),
            user=str(payload.user_id), via="reaction", action=action, target=target,
            options={"sha256": version} if version else {},
            message=MessageRef(workspace=self.config.name, channel=str(payload.channel_id),
                               message_id=str(payload.message_id)),
        )
        return await inbound.run(inbound.Inbound("run", i), handler=self.handler,
                                 identity=self.identity)


def _base(seen: tuple[int, int, str]) -> str:
    """The store's name of the reaction ``seen``: ``<message>:<person>:<action>``."""
    return f"{seen[0]}:{seen[1]}:{seen[2]}"


class CardUnreadable(DeliveryError):
    """The card a reaction was on could not be read (REST ``get_message`` failed)."""


def _modal(spec: dict[str, Any]) -> discord.ui.Modal:
    """A discord.py modal for a payload built by ``inbound`` (the same one the HTTP endpoint
    sends), so both transports show the same form."""
    modal = discord.ui.Modal(title=spec["title"], custom_id=spec["custom_id"], timeout=None)
    for row in spec["components"]:
        field = row["components"][0]
        modal.add_item(discord.ui.TextInput(
            label=field["label"], custom_id=field["custom_id"],
            style=discord.TextStyle.paragraph if field["style"] == 2 else
            discord.TextStyle.short,
            min_length=field.get("min_length"), max_length=field.get("max_length"),
            required=field.get("required", True), default=field.get("value"),
            placeholder=field.get("placeholder")))
    # Submits are handled in on_interaction (restart-safe); keeping the modal in discord.py's
    # view store would only leak memory.
    modal.stop()
    return modal
