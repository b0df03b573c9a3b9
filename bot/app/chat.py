"""The inbound side of the Slack and Discord workspaces (commands, buttons, reactions): built by
the composition root (``bot.app.compose``) beside the outbound workspaces it shares a client
with, closed by it, and connected by ``socialops run`` (``bot.app.serve``): HTTP routes,
Socket Mode, the Discord gateway. Vendor packages are imported only for the workspaces a config
has.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig, WorkspaceConfig
from bot.core.models import Approval, MessageRef, Ticket
from bot.core.ports import Clock, InteractionHandler, Store, Workspace
from bot.core.text import clean, utf16_len
from handlers.report_verb import Fit

if TYPE_CHECKING:  # aiohttp is imported where a server or a client is made, not by every command
    from aiohttp import web

    from integrations.discord.bot import SocialopsBot

Route = Callable[["web.Request"], Awaitable["web.StreamResponse"]]
Identity = Callable[[str, str], str | None]
MarkSeen = Callable[[str, int], Awaitable[bool]]  # Store.mark_seen
ForgetSeen = Callable[[str], Awaitable[None]]  # Store.forget_seen
IsSeen = Callable[[str], Awaitable[bool]]  # Store.is_seen


@dataclass(frozen=True)
class Chat:
    """One workspace's inbound connection. ``routes`` are its own HTTP paths; ``fallback``
    paths are served by the first workspace that claims them (``/slack/events`` for a
    config with one Slack workspace). ``run`` connects and stays connected, retrying with
    backoff, until cancelled (Socket Mode, the Discord gateway); it raises
    ``PermanentDeliveryError`` when the platform refuses the token. ``warm``: asked once as
    the connections open, in the background (Slack's ``auth.test``, which every request
    otherwise waits for before its ack); it raises nothing. ``skipped``: how many
    malformed or foreign payloads it has skipped so far (``chat_skipped_total``); ``refused``:
    the requests it refused before trusting them, by reason (``chat_refused_total``);
    ``broke``: the first answers its own code failed to build (``chat_answer_errors_total``)."""

    name: str
    close: Callable[[], Awaitable[None]]
    routes: Mapping[str, Route] = field(default_factory=dict)
    fallback: Mapping[str, Route] = field(default_factory=dict)
    run: Callable[[], Awaitable[None]] | None = None
    warm: Callable[[], Awaitable[None]] | None = None
    skipped: Callable[[], int] = lambda: 0
    refused: Callable[[], Mapping[str, int]] = lambda: {}
    broke: Callable[[], int] = lambda: 0


def pending_cards(store: Store) -> Callable[[str, int], Awaitable[list[MessageRef]]]:
    """The messages of the cards in a workspace a reaction still acts on: at most ``most``
    of pending drafts' and ``most`` of open (or claimed) tickets', newest first, what a
    Discord session reads back the reactions of after a gap (``SocialopsBot``,
    ``pending_cards``). A ticket's 👀 or ✅ was not read: only drafts' cards were."""

    async def cards(workspace: str, most: int) -> list[MessageRef]:
        drafts = await store.list_approvals(status="pending")
        tickets = [t for status in ("open", "claimed")
                   for t in await store.list_tickets(status=status)]
        return (await _newest_cards(store, drafts, workspace, most)
                + await _newest_cards(store, tickets, workspace, most))

    return cards


async def _newest_cards(store: Store, records: Sequence[Approval | Ticket], workspace: str,
                        most: int) -> list[MessageRef]:
    """The posted cards of ``records`` in ``workspace``, newest record first, at most
    ``most``."""
    refs: list[MessageRef] = []
    for r in sorted(records, key=lambda r: r.created_at, reverse=True):
        for ch in r.channels:
            if ch.workspace == workspace and len(refs) < most and (
                    ref := await store.message_ref(r.id, ch.workspace, ch.channel)):
                refs.append(ref)
    return refs


class LateHandler:
    """The dispatcher, for a chat client built before it: Discord's one client posts the cards
    (for the outbox, built first) and receives the commands (for the dispatcher, built last)."""

    def __init__(self, handler: Callable[[], InteractionHandler]) -> None:
        self._handler = handler

    async def handle(self, interaction: Interaction) -> Reply:
        return await self._handler().handle(interaction)


def discord_workspace(config: DiscordWorkspaceConfig, *, handler: InteractionHandler | None,
                      identity: Identity | None, completions: Any = None,
                      marks: Store | None = None, clock: Clock | None = None) -> Workspace:
    """The Discord workspace; with a ``handler`` its client is the bot that also receives
    (``discord_bot``: one HTTP session, one set of rate buckets), which ``build_chat``
    connects."""
    from integrations.discord.workspace import DiscordWorkspace

    if handler is None:
        return DiscordWorkspace(config)
    return DiscordWorkspace(config, client=discord_bot(
        config, handler=handler, identity=identity, completions=completions, marks=marks,
        clock=clock))


def discord_bot(config: DiscordWorkspaceConfig, *, handler: InteractionHandler,
                identity: Identity | None, completions: Any = None,
                marks: Store | None = None, clock: Clock | None = None,
                **client: Any) -> SocialopsBot:
    """The gateway bot as ``socialops run`` wires it to the store (``marks``): where a
    subscription's preview waits for its button (any process answers it), the reactions
    taken once in the deployment, and what a new session reads back after its gap and
    leaves. The tests' processes are built here too, so they run what ``run`` passes (they
    built their own, without the read-back). ``clock``: the app's; ``client``: discord.py's
    options (``guild_ready_timeout``)."""
    from integrations.discord.bot import SocialopsBot
    from integrations.discord.inbound import StoredPreviews

    if marks is None:
        return SocialopsBot(config, handler=handler, identity=identity,
                            completions=completions, clock=clock, **client)
    return SocialopsBot(
        config, handler=handler, identity=identity, completions=completions, clock=clock,
        previews=StoredPreviews(marks), mark_seen=marks.mark_seen,
        forget_seen=marks.forget_seen, claim_value=marks.claim_value,
        next_number=marks.next_number, pending_cards=pending_cards(marks),
        is_seen=marks.is_seen, get_value=marks.get_value, apply=marks.apply, **client)


def build_chat(config: Any, workspace: Workspace, *, handler: InteractionHandler,
               identity: Identity, mark_seen: MarkSeen, clock: Clock, home: Any = None,
               completions: Any = None, forget_seen: ForgetSeen | None = None,
               is_seen: IsSeen | None = None) -> Chat | None:
    """The inbound connection of a Slack or Discord workspace (None for others). ``home``:
    the App Home service (Slack); ``completions``: ids offered as a person types (Discord)."""
    if isinstance(config, SlackWorkspaceConfig):
        return _slack(config, workspace, handler=handler, identity=identity,
                      mark_seen=mark_seen, clock=clock, home=home, forget_seen=forget_seen,
                      is_seen=is_seen)
    if isinstance(config, DiscordWorkspaceConfig):
        return _discord(config, workspace, handler=handler, identity=identity,
                        mark_seen=mark_seen, forget_seen=forget_seen, clock=clock,
                        completions=completions)
    return None


def _slack(config: SlackWorkspaceConfig, workspace: Workspace, *, handler: InteractionHandler,
           identity: Identity, mark_seen: MarkSeen, clock: Clock, home: Any,
           forget_seen: ForgetSeen | None = None, is_seen: IsSeen | None = None) -> Chat:
    from integrations.slack.app import build_slack_app
    from integrations.slack.workspace import SlackWorkspace

    slack = build_slack_app(config, handler=handler, identity=identity,
                            client=getattr(workspace, "client", None), mark_seen=mark_seen,
                            clock=clock, home=home, forget_seen=forget_seen, is_seen=is_seen,
                            workspace=workspace if isinstance(workspace, SlackWorkspace)
                            else None)
    if slack.homes is not None and isinstance(workspace, SlackWorkspace):
        # a card posted or changed from anywhere (Discord, the console, a timer) refreshes
        # the homes of the people who look at it
        workspace.on_change = slack.homes.changed
    if config.mode != "http":
        return Chat(config.name, close=slack.stop, run=slack.run_socket_mode, warm=slack.warm,
                    skipped=lambda: slack.skipped, refused=slack.refused.counts)
    name = config.name
    return Chat(name, close=slack.stop, warm=slack.warm, skipped=lambda: slack.skipped,
                refused=slack.refused.counts,
                routes={f"/slack/{name}/events": slack.handle_http,
                        f"/slack/{name}/commands": slack.handle_http},
                fallback={"/slack/events": slack.handle_http,
                          "/slack/commands": slack.handle_http})


def _discord(config: DiscordWorkspaceConfig, workspace: Workspace, *,
             handler: InteractionHandler, identity: Identity, mark_seen: MarkSeen,
             clock: Clock, completions: Any, forget_seen: ForgetSeen | None = None) -> Chat:
    bot = workspace.client  # type: ignore[attr-defined]  # built by discord_workspace
    closers: list[Callable[[], Awaitable[None]]] = [bot.close]
    routes: dict[str, Route] = {}
    fallback: dict[str, Route] = {}
    counters: list[Any] = [bot]  # each has ``skipped``
    # the gateway has no signatures to refuse; the HTTP endpoint counts its refusals
    refused: Callable[[], Mapping[str, int]] = dict
    if config.public_key and config.application_id:
        from integrations.discord.http_interactions import HttpInteractions

        http = HttpInteractions(config, handler=handler, identity=identity,
                                mark_seen=mark_seen, forget_seen=forget_seen, clock=clock,
                                completions=completions,
                                previews=bot.previews)  # the gateway's: one for both
        routes[f"/discord/{config.name}/interactions"] = http.handle_http
        fallback["/discord/interactions"] = http.handle_http
        closers.insert(0, http.close)
        counters.append(http)
        refused = http.refused.counts

    async def close() -> None:
        for closer in closers:
            await closer()

    return Chat(config.name, close=close, routes=routes, fallback=fallback, run=bot.run_gateway,
                skipped=lambda: sum(int(getattr(c, "skipped", 0)) for c in counters),
                refused=refused, broke=lambda: int(getattr(bot, "answers_broke", 0)))


def answer_fit(workspaces: Sequence[WorkspaceConfig]) -> Callable[[str], Fit | None]:
    """What one answer holds in each workspace, by name, for an answer that cuts itself (the
    team report): a Slack section (3,000 UTF-16 code units of plain text), a Discord message (2,000
    characters as escaped, markdown and all); the console takes any length."""
    fits: dict[str, Fit] = {}
    for w in workspaces:
        if isinstance(w, SlackWorkspaceConfig):
            from integrations.slack.render import SECTION_TEXT

            # in UTF-16 code units, as every Slack limit is measured here (integrations.slack)
            fits[w.name] = Fit(SECTION_TEXT, lambda text: utf16_len(clean(text)))
        elif isinstance(w, DiscordWorkspaceConfig):
            from integrations.discord.escape import escape
            from integrations.discord.render import CONTENT_LIMIT

            fits[w.name] = Fit(CONTENT_LIMIT, lambda text: len(escape(text)))
    return fits.get
