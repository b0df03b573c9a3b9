"""`socialops run`: wires the long-running process: runtime loops, signals (SIGTERM/SIGINT stop
gracefully, SIGHUP reloads the rules), the HTTP server, chat connections, and, for the console
workspace, commands typed on stdin (`claim T-3`, `approve A-1`, ...), the way Hubot's shell
adapter and Errbot's text backend serve development.

Roles (``--role``): ``web`` answers Slack and Discord (HTTP endpoints, Socket Mode, the Discord
gateway) and serves /healthz, /readyz and /metrics; ``worker`` polls sources, fires timers and
drains the outbox (and serves /healthz, /readyz and /metrics when a port is configured);
``all`` (the default) is both in one process. On SQLite one process holds the database
(``bot.app.lock``); a second refuses to start.

Chat tokens are checked once before anything opens, the way ``check --online`` does it
(``bot.app.online.check_tokens``: Slack's ``auth.test`` for the bot token, and for a process
that connects, ``apps.connections.open`` for a Socket Mode app token; Discord's
``GET /users/@me``). A token the platform refuses ends the run at once: exit 1, one ``error:``
line per token, naming the config line and what to fix. A platform that cannot be reached (no
network, a 5xx) does not: like an alerting service whose receiver is down, the bot starts
everything else (polling, tickets, the outbox, which retries deliveries), logs one WARNING,
and its chat connections keep retrying with backoff, one WARNING line per attempt. If the
token is refused once the platform answers, the process stops with exit 1 and the same kind
of line. Each chat connection runs as a task cancelled on stop, so SIGINT and SIGTERM stop the
process promptly while a connection is being (re)established.

A Redis down at start is waited for, not ready, and a mistake in reaching it stops the start
in one line (``bot.app.store_wait``).
"""

from __future__ import annotations

import asyncio
import codecs
import gc
import logging
import os
import signal
import stat
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.chat import Chat
from bot.app.compose import App, config_rules, open_app, utc_now
from bot.app.entry import STOPPED_STARTING, TAKEN
from bot.app.gcpolicy import freeze_startup
from bot.app.lock import one_process
from bot.app.runtime import Runtime
from bot.core.confcheck import advice_by_source, unserved
from bot.core.config import LoadedConfig, SlackWorkspaceConfig, http_port, port_overridden
from bot.core.errors import (
    ConfigErrors,
    PermanentDeliveryError,
    Refusal,
    StoreError,
    UsageError,
)
from bot.core.lines import TooLong, bounded_lines
from bot.core.ports import Clock
from bot.core.text import decode_file, one_line, quoted_cut
from integrations.console.workspace import ConsoleWorkspace
from rules import RuleSet
from rules.reload import RulesReloader, file_digest

if TYPE_CHECKING:  # aiohttp is imported where the HTTP server starts, not by every process
    from aiohttp import web

    from bot.app.http import Handler
    from bot.app.online import TokenProblem

log = logging.getLogger(__name__)


async def serve(loaded: LoadedConfig, *, as_person: str | None = None, stdin: bool = True,
                record: Path | None = None, role: str = "all", clock: Clock = utc_now) -> int:
    # ``clock``: the process's time (the rules' as read, the store's, the sources' backfill,
    # every lease and timer); a test's real process starts on a clock of its own
    # A SIGTERM while starting (the tokens' check, opening the store) cancels the start where
    # it waits, so what it opened closes, and the process exits 0, as a stop once running
    # does; ``_run`` takes the signal over once running. (Before the event loop runs, the
    # command line's own handler does the same: ``bot.app.cli``.)
    starting = asyncio.current_task()
    stopped: list[bool] = []

    def stop_starting() -> None:
        stopped.append(True)
        if starting is not None:
            starting.cancel()

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop_starting)
    if TAKEN:  # a SIGTERM whose exception was dropped before the loop took the signal over
        log.info(STOPPED_STARTING)
        return 0
    try:
        return await _start(loaded, as_person=as_person, stdin=stdin, record=record, role=role,
                            clock=clock)
    except asyncio.CancelledError:
        if not stopped:
            raise
        log.info(STOPPED_STARTING)
        return 0


async def _start(loaded: LoadedConfig, *, as_person: str | None, stdin: bool,
                 record: Path | None, role: str, clock: Clock) -> int:
    for unheard in unserved(loaded) if role in ("all", "web") else []:
        # cards still go out; buttons, reactions and commands cannot come in (check refuses it)
        log.warning("%s; cards are posted, but nothing sent back that way reaches the bot",
                    unheard)
    # the rules file first: a mistake in it is this machine's to fix, and is said before
    # anything asks Slack or Discord (which may be unreachable, or refuse a token)
    # the file's digest before it is read: an edit saved from here until the rules are
    # watched (Slack asked, the store opened, the router built) is reloaded before polling
    path = loaded.rules_path()
    read_from = file_digest(path) if path else None
    rules = config_rules(loaded, now=clock())
    await check_chat_tokens(loaded, connects=role in ("all", "web"))
    with one_process(loaded):
        return await _serve(loaded, as_person=as_person, stdin=stdin, record=record, role=role,
                            rules=rules, read_from=read_from, clock=clock)


async def _serve(loaded: LoadedConfig, *, as_person: str | None, stdin: bool,
                 record: Path | None, role: str, rules: RuleSet, read_from: str | None,
                 clock: Clock) -> int:
    # the web role answers chat; the composition builds the inbound connections and closes
    # them, with everything else, on leaving. A Redis down is waited for, not ready
    # (``bot.app.store_wait``), where the process stopped and was restarted in a loop
    from bot.app.store_wait import store_answering

    port = http_port(loaded.config)
    host_at, port_at = _http_where(loaded, port)
    store = await store_answering(loaded, clock=clock, host=loaded.config.http.host, port=port,
                                  host_at=host_at, port_at=port_at)
    async with open_app(loaded, clock=clock, record_path=record, chat=role in ("all", "web"),
                        rules=rules, store=store) as app:
        return await _run(app, as_person=as_person, stdin=stdin, role=role,
                          read_from=read_from)


async def check_chat_tokens(loaded: LoadedConfig, *, connects: bool) -> None:
    """Raise the ConfigError(s) ``check --online`` prints for each token Slack or Discord
    refuses; log a WARNING for each that could not be checked. ``connects``: this process
    opens chat connections (Socket Mode's app token is checked too)."""
    from bot.app.online import check_tokens

    problems = await check_tokens(loaded, app_tokens=connects)
    refused = [error for error, problem in problems if problem.refused]
    if len(refused) == 1:
        raise refused[0]
    if refused:
        raise ConfigErrors(refused)
    for error, problem in problems:
        if problem.warning:  # the token works, lacking something (Slack scopes)
            log.warning("%s; starting anyway", error)
        else:
            follows = _what_follows(loaded, problem, connects=connects)
            log.warning("%s; starting anyway%s %s", error,
                        ":" if not connects else ",", follows)


def _what_follows(loaded: LoadedConfig, problem: TokenProblem, *, connects: bool) -> str:
    """What a start goes on to do about a platform it could not ask. An HTTP-mode Slack
    workspace has no connection to retry: the first request asks ``auth.test`` again (the
    warm-up's own failure, moments later, is a DEBUG line: this one says it). A worker
    (``connects`` False) holds no connection at all: its line said one was retried."""
    from integrations.slack.app import AUTH_WAIT

    index = problem.path[1] if len(problem.path) > 1 else None
    workspaces = loaded.config.workspaces
    ws = workspaces[index] if isinstance(index, int) and index < len(workspaces) else None
    if not connects:  # a worker: cards alone, through the outbox; no connection to retry
        return ("the outbox keeps each card and retries it with backoff (given up after "
                "outbox.give_up_after_minutes); this process (--role worker) opens no chat "
                "connection, the web process answers chat")
    if isinstance(ws, SlackWorkspaceConfig) and ws.mode == "http":
        return (f"and the first request Slack sends asks auth.test again, waiting up to "
                f"{AUTH_WAIT:g} s before its ack")
    return "the connection is retried in the background"


async def _run(app: App, *, as_person: str | None, stdin: bool, role: str,
               read_from: str | None = None) -> int:
    loaded = app.loaded
    # a source's advice is said by the process that polls it, when it first takes its lease
    # (``Runtime``): said at start, every worker of a deployment said it, and the web role
    # before them (a Reddit User-Agent naming no account, the same line once a process)
    advice = ({sid: [str(said) for said in each]
               for sid, each in advice_by_source(loaded).items()}
              if role in ("all", "worker") else {})
    runtime = app.runtime(advice=advice)
    loop = asyncio.get_running_loop()
    port = http_port(loaded.config)
    drain = _Drain(loaded.config.http.drain_seconds if port is not None else 0.0, runtime.stop)
    loop.add_signal_handler(signal.SIGTERM, drain.sigterm)
    loop.add_signal_handler(signal.SIGINT, runtime.stop.set)
    watch = _rules_watch(app, read_from)
    if watch is not None:
        loop.add_signal_handler(signal.SIGHUP, watch.hup)
    else:  # its default effect would end the process
        def no_rules() -> None:
            log.info("SIGHUP: no rules file in the config; nothing to reload")
            _keep(asyncio.ensure_future(_say_config_changed(app.loaded)))

        loop.add_signal_handler(signal.SIGHUP, no_rules)
    extra: list[Awaitable[None]] = []
    # What start-up built so far, collected and frozen before anything is served (that
    # collection's pause is start-up's); from here on every router build freezes what it
    # built inside its own pause (``bot.core.collector``), the first one included, so no
    # collection walks 100,000 subscriptions while chat and /healthz are answered.
    freeze_startup()
    await app.prepare()  # who is whom, before chat is answered
    refused: list[str] = []
    routes = await _connect_chat(app.chats, extra, stop=runtime.stop, refused=refused,
                                 redact=runtime.redact)
    # the chat connections open now, not once the router is built: answered meanwhile
    connections = [asyncio.ensure_future(connection) for connection in extra]
    extra = list(connections)
    runner: web.AppRunner | None = None
    if (overridden := port_overridden(loaded.config)) is not None:
        log.warning("%s", loaded.error(("http", "port"), overridden))

    def unhealthy() -> dict[str, str]:
        starting = {} if app.ready else {"start-up": "building the router, warming the models"}
        return {**starting, **runtime.paused, **drain.problems()}

    try:
        if port is not None:
            from bot.app.http import build_http_app, start_http

            web_app = build_http_app(app, routes=routes, paused=unhealthy,
                                     public_details=loaded.config.http.public_details,
                                     metrics_token=loaded.config.http.metrics_token)
            http = loaded.config.http
            host_at, port_at = _http_where(loaded, port)
            runner = await start_http(web_app, host=http.host, port=port, host_at=host_at,
                                      port_at=port_at,
                                      max_connections=http.max_connections
                                      if "max_connections" in http.model_fields_set else None)
        # The router (seconds at 100,000 subscriptions, on a worker thread) and the models,
        # with the event loop free: /healthz, /readyz (not ready until then) and chat are
        # answered. Nothing routes before it is complete: the polling loops start after.
        await app.start(timers=role != "web")
        gc.freeze()  # what start built (the models) lives as long as the process too
    except BaseException:
        for task in connections:
            task.cancel()
        await asyncio.gather(*connections, return_exceptions=True)
        if runner is not None:
            await runner.cleanup()
        raise
    if watch is not None:
        await watch.tick()  # an edit saved while starting: in force before the first poll
        extra.append(_every(runtime, 1.0, watch.tick, what="rules file watch"))
    if role == "web":
        extra += web_loops(app, runtime)
    console = next((w for w in app.workspaces.values() if isinstance(w, ConsoleWorkspace)), None)
    if stdin and console is not None and _stdin_is_readable():
        extra.append(_stdin_commands(app, runtime, console, as_person))
    what = {"all": "interactions, polling and delivery", "web": "interactions only",
            "worker": "polling and delivery only"}[role]
    log.info("role %s: %s", role, what, extra={"role": role})
    try:
        # the web role, or a stop asked for during start-up: the loops are not started only
        # to be stopped at once (their timers would be cancelled mid-start)
        if role == "web" or runtime.stop.is_set():
            await _web_only(runtime, extra, drain)
        else:
            await runtime.run(extra=extra)
    finally:
        if runner is not None:
            await drain.served()  # what is left of it once the loops have stopped
            await runner.cleanup()
    if refused:
        raise UsageError("; ".join(refused))
    return 0


def _http_where(loaded: LoadedConfig, port: int | None) -> tuple[str | None, str | None]:
    """Where ``http.host`` is written (``socialops.yaml:12``) and where the port came from
    (``socialops.yaml:13: http.port``, ``PORT=8080 (the environment)``), for the one line
    that says the server cannot be started."""
    lines = loaded.doc.lines if loaded.doc is not None else {}
    line, port_line = lines.get(("http", "host")), lines.get(("http", "port"))
    port_at = (f"{loaded.path}:{port_line}: http.port" if port_line else
               None if loaded.config.http.port is not None else f"PORT={port} (the environment)")
    return (f"{loaded.path}:{line}" if line else None), port_at


def _stdin_is_readable() -> bool:
    """A terminal, pipe or socket (what the event loop can watch), or a regular file
    (`socialops run < commands.txt`, read on a thread). Not /dev/null, a service's or a test's
    stdin: asyncio would log a traceback for it."""
    mode = _stdin_mode()
    return mode is not None and (os.isatty(sys.stdin.fileno()) or stat.S_ISFIFO(mode)
                                 or stat.S_ISSOCK(mode) or stat.S_ISREG(mode))


def _stdin_is_a_file() -> bool:
    mode = _stdin_mode()
    return mode is not None and stat.S_ISREG(mode)


def _stdin_mode() -> int | None:
    """What stdin is (``st_mode``), or None when there is none to read (closed, detached)."""
    if sys.stdin is None or sys.stdin.closed:
        return None
    try:
        return os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError):
        return None


class _Drain:
    """After a SIGTERM the HTTP server keeps answering for ``seconds`` (``http.drain_seconds``;
    ``/readyz`` 503, ``stopping: ...``) before it closes: Kubernetes takes the pod out of its
    Service as it sends the signal, not before, and Heroku's router may have requests on their
    way, so closing at once refused the Slack and Discord requests routed meanwhile. Ctrl-C
    (SIGINT), a person at a terminal, stops at once."""

    def __init__(self, seconds: float, stop: asyncio.Event) -> None:
        self.seconds = seconds
        self.stop = stop
        self.until: float | None = None  # the event loop's time the drain ends at

    def sigterm(self) -> None:
        if self.until is None and not self.stop.is_set() and self.seconds > 0:
            self.until = asyncio.get_running_loop().time() + self.seconds
            log.info("stopping: HTTP is answered %g s more (http.drain_seconds), /readyz not "
                     "ready, for the requests routed here before the platform stopped routing",
                     self.seconds)
        self.stop.set()

    def problems(self) -> dict[str, str]:
        """``/readyz``'s reason while draining (a load balancer checking it stops routing)."""
        if self.until is None:
            return {}
        return {"stopping": f"SIGTERM received; HTTP closes {self.seconds:g} s after it"}

    async def served(self) -> None:
        """Returns once the drain is over (at once when there is none)."""
        if self.until is not None:
            await asyncio.sleep(max(0.0, self.until - asyncio.get_running_loop().time()))


async def _web_only(runtime: Runtime, extra: list[Awaitable[None]], drain: _Drain) -> None:
    """The web role: chat connections and the HTTP server, no polling, timers or delivery
    (the worker does those; state is shared through the store)."""
    tasks = [asyncio.ensure_future(coro) for coro in extra]
    await runtime.stop.wait()
    log.info("stopping: finishing work in hand")  # as the other roles say it (Runtime.run)
    await drain.served()  # the chat connections and HTTP answer meanwhile
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    log.info("stopped")


def web_loops(app: App, runtime: Runtime, *, every: float = 2.0) -> list[Awaitable[None]]:
    """The web role's periodic tasks, each ``every`` seconds: the router's catch-up with the
    routing log (no batches here to do it; chat links ride it), and the digests' schedule this
    process recorded at its start held while it runs (``RouteActions.hold_schedule``, at most
    once a minute on the app's clock), as a worker's timer beat holds it. Unheld, a rolling
    deploy that restarted the web processes first had the old workers take their old
    ``digests.at`` back 5 minutes later (``handlers.digest_schedule.OWNER_GONE``). No
    ``_alive`` beat: a web process fires no timer."""
    return [_every(runtime, every, app.router.refresh, what="router refresh"),
            _every(runtime, every, app.actions.hold_schedule, what="digests' schedule")]


async def _every(runtime: Runtime, seconds: float,
                 fn: Callable[[], Awaitable[object]], *, what: str) -> None:
    """``fn`` every ``seconds`` until the stop. A store it cannot reach is one WARNING line
    when that starts and one INFO line when it works again (the supervised loops say the
    outage too), not a traceback each time; any other failure is a bug, with its traceback."""
    failing = False
    while not runtime.stop.is_set():
        try:
            await fn()
        except StoreError as exc:
            if not failing:
                log.warning("%s: %s; trying again every %g s", what, exc, seconds)
            failing = True
        except Exception:
            log.exception("%s failed", what)
        else:
            if failing:
                log.info("%s resumed", what)
            failing = False
        try:
            await asyncio.wait_for(runtime.stop.wait(), timeout=seconds)
        except TimeoutError:
            pass


class _RulesWatch:
    """Checks the rules file every second and on SIGHUP; applies a valid new file."""

    def __init__(self, app: App, path: Path, read_from: str | None = None) -> None:
        from bot.app.escalations import escalation_policies

        self.app = app
        self.pending: RuleSet | None = None
        self.forced = False
        self.reloader = RulesReloader(path, self._on_new, channels=app.config.channels,
                                      escalations=set(escalation_policies(app.loaded)),
                                      people=app.loaded.people_ids(),
                                      groups=app.loaded.group_names(), clock=app.clock,
                                      in_force=read_from)

    def _on_new(self, ruleset: RuleSet) -> None:
        self.pending = ruleset

    def hup(self) -> None:
        self.forced = True

    async def tick(self) -> None:
        forced, self.forced = self.forced, False
        if forced:
            await _say_config_changed(self.app.loaded)
        failures, recoveries = self.reloader.failures, self.reloader.recoveries
        # read, hashed and parsed on a worker thread: a rules file of 2,000 routes held the
        # event loop 1.3 s at each SIGHUP or save (chat, /healthz and deliveries waited)
        await asyncio.to_thread(self.reloader.check, force=forced)
        if self.reloader.failures > failures:
            self.app.metrics.inc("rules_reloads_total", outcome="failure")
            self.app.metrics.set("rules_last_reload_success", 0)
        if self.reloader.recoveries > recoveries:  # the file loads again: the alert clears
            self.app.metrics.set("rules_last_reload_success", 1)
        if self.pending is not None:
            ruleset, self.pending = self.pending, None
            await self.app.router.set_rules(ruleset)
            self.app.metrics.inc("rules_reloads_total", outcome="success")
            self.app.metrics.set("rules_last_reload_success", 1)
            self.app.metrics.set("rules_last_reload_success_timestamp_seconds",
                                 self.app.clock().timestamp())
            log.info("rules reloaded from %s", self.reloader.path,
                     extra={"rules": str(self.reloader.path)})


_NOTES: set[asyncio.Future[None]] = set()  # the SIGHUP notes under way (kept from the GC)


def _keep(task: asyncio.Future[None]) -> None:
    _NOTES.add(task)
    task.add_done_callback(_NOTES.discard)


def config_changed(loaded: LoadedConfig) -> bool:
    """Whether the config file now holds other text than the one this process read at start
    (a config from stdin, or one no longer readable, is not said to have changed)."""
    if loaded.doc is None or loaded.path is None or loaded.from_stdin:
        return False
    try:
        raw = loaded.path.read_bytes()
    except OSError:
        return False
    # read as the config was (``decode_file``): UTF-8 with or without a Windows editor's byte
    # order mark, or UTF-16 by its mark; as plain UTF-8 such a file always differed
    return decode_file(raw, errors="replace").splitlines() != loaded.doc.written


async def _say_config_changed(loaded: LoadedConfig) -> None:
    """At a SIGHUP: a config file edited since start is not applied by it (the rules file is
    the one reloaded), so say so in one line rather than leave the edit silently unapplied."""
    if await asyncio.to_thread(config_changed, loaded):
        log.warning("SIGHUP: %s changed since this process started, and a SIGHUP reloads the "
                    "rules file only; restart the process to apply it (one process at a time: "
                    "docs/scaling.md)", loaded.path, extra={"config": str(loaded.path)})


def _rules_watch(app: App, read_from: str | None = None) -> _RulesWatch | None:
    """``read_from``: the digest of the file the rules in force were read from (None: as it
    is now)."""
    path = app.loaded.rules_path()
    if path is None:
        return None
    # the rules open_app loaded count as the first successful load
    app.metrics.set("rules_last_reload_success", 1)
    app.metrics.set("rules_last_reload_success_timestamp_seconds", app.clock().timestamp())
    return _RulesWatch(app, path, read_from)


async def _connect_chat(chats: list[Chat], extra: list[Awaitable[None]], *,
                        stop: asyncio.Event, refused: list[str],
                        redact: Callable[[str], str]) -> dict[str, Handler]:
    """The Slack and Discord workspaces' HTTP routes; their connections (Socket Mode, the
    Discord gateway) become ``extra`` tasks that connect in the background until ``stop``,
    and their warm-ups (Slack's ``auth.test``) tasks that end once answered."""
    routes: dict[str, Handler] = {}
    for chat in chats:
        routes.update(chat.routes)
        if chat.warm is not None:  # before the first request, which would wait for it
            extra.append(chat.warm())
    for chat in chats:
        for path, handler in chat.fallback.items():
            routes.setdefault(path, handler)
        if chat.run is not None:
            extra.append(_hold_chat(chat, stop=stop, refused=refused, redact=redact))
    return routes


# characters of a platform's refusal kept in the stop message (a proxy's whole page: no)
REFUSAL_LENGTH = 300


async def _hold_chat(chat: Chat, *, stop: asyncio.Event, refused: list[str],
                     redact: Callable[[str], str]) -> None:
    """Run one chat connection until ``stop`` (cancelled then, wherever it is: connecting,
    waiting to retry, connected). A refused token sets ``stop`` and is kept in ``refused``,
    one line, ``redact``ed (the platform's answer may echo the token it was sent; the
    command prints the stop message as it is) and cut at ``REFUSAL_LENGTH``."""
    assert chat.run is not None
    connection = asyncio.ensure_future(chat.run())
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connection, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not connection.done():
            connection.cancel()
            await asyncio.gather(connection, return_exceptions=True)
    if connection.cancelled() or connection.exception() is None:
        return
    exc = connection.exception()
    if isinstance(exc, PermanentDeliveryError):
        said = one_line(redact(str(exc)), REFUSAL_LENGTH) or type(exc).__name__
        why = f"workspace {chat.name}: {said}; fix the token (socialops check --online)"
        log.error("%s; stopping", why)
        refused.append(why)
        stop.set()
    else:  # not expected: the connections retry what can be retried
        log.error("the chat connection of %s ended: %s", chat.name,
                  one_line(redact(repr(exc)), REFUSAL_LENGTH))


class ConsoleChannels:
    """The channels a console person types in: those declared under ``channels:`` for this
    console workspace, by name. Commands run in the current one (the workspace's
    ``channel:``, else its first declared channel); ``in #support`` moves there, and a line
    starting ``#support`` runs in that channel once."""

    def __init__(self, loaded: LoadedConfig, workspace: str) -> None:
        cfg = loaded.config
        self.workspace = workspace
        self.ids = {name: ch.id for name, ch in cfg.channels.items()
                    if ch.workspace == workspace}
        wc = cfg.workspace(workspace)
        preferred = getattr(wc, "channel", None)
        self.current: str | None = (preferred if preferred in self.ids
                                    else next(iter(self.ids), None))

    def pick(self, name: str) -> str:
        """The declared channel ``name`` (with or without ``#``); Refusal naming the known
        ones otherwise."""
        bare = name.strip().lstrip("#")
        if bare in self.ids:
            return bare
        known = ", ".join(f"#{n}" for n in self.ids) or "none: declare one under channels:"
        raise Refusal(f"no channel #{bare[:40]} in the {self.workspace} workspace "
                      f"(its channels: {known})")

    def split(self, line: str) -> tuple[str | None, str]:
        """(channel name, command) for a line; the channel is the current one unless the line
        starts with ``#name``."""
        if line.startswith("#"):
            name, _, rest = line.partition(" ")
            return self.pick(name), rest.strip()
        return self.current, line

    def id_of(self, name: str | None) -> str:
        # no channel declared for the console: commands still run (claim, tickets, ...), and
        # `subscribe` refuses, naming what to declare
        return self.ids.get(name or "", name or "console")


def _as_typed(app: App, workspace: str, typed: str) -> tuple[str, str | None]:
    """The answer to `as ...` and the person switched to, or None (kept as before): `as`
    alone said "unknown command 'as'", and `as me reviewer` switched to "me reviewer", whom
    no id names (a person id has no space: a review, 2026-12-05)."""
    if not typed:
        return "usage: as <person id>", None
    if len(typed.split()) > 1:
        return (f"{quoted_cut(typed, 40)} is no person id (an id has no space); type as and "
                "one person id"), None
    return _acting_as(app, workspace, typed), typed


def _acting_as(app: App, workspace: str, person: str) -> str:
    """The answer to `as PERSON`: someone nobody links (a typo of a person id) is still
    switched to, since an unlinked console user is how `link <your email>` is tried, but said
    to be nobody, with the people there are, or every command after it is refused as not
    linked without the typo named."""
    if app.directory.person_for(workspace, person) is not None:
        return f"now acting as {person}"
    ids = ", ".join(sorted(p.id for p in app.loaded.config.people)) or "none declared"
    return (f"now acting as {person}, who is no person here (people: {ids}): commands are "
            f"refused as not linked until `link <your email>` links {person}; a typo? type as "
            "and a person id")


async def _stdin_commands(app: App, runtime: Runtime, console: ConsoleWorkspace,
                          as_person: str | None) -> None:
    from bot.core.commands import MAX_LINE, TOO_LONG, CommandError, parse_command

    person = as_person or next(iter(app.directory.people), "console")
    channels = ConsoleChannels(app.loaded, console.name)
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    if _stdin_is_a_file():  # `run < commands.txt`: the loop cannot watch a file, a thread reads it
        while chunk := await asyncio.to_thread(sys.stdin.buffer.read, 65_536):
            reader.feed_data(chunk)
        reader.feed_eof()
    else:
        try:
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        except (ValueError, OSError) as exc:
            log.info("stdin commands unavailable: %s", exc)
            return
    where = f" in #{channels.current}" if channels.current else ""
    await console.notify("console", f"type commands as {person}{where} (help for the list; "
                                    "`in #channel` to move, `as <person>` to switch)")
    lines = typed_lines(reader, MAX_LINE)
    while not runtime.stop.is_set():
        line_task = asyncio.ensure_future(anext(lines, None))
        stop_task = asyncio.ensure_future(runtime.stop.wait())
        await asyncio.wait({line_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
        stop_task.cancel()
        if not line_task.done():
            line_task.cancel()
            return
        raw = line_task.result()
        if raw is None:
            return  # EOF: keep running without stdin
        if isinstance(raw, TooLong):
            await console.notify("console", TOO_LONG)
            continue
        line = raw.strip()
        if not line:
            continue
        if line == "as" or line.startswith("as "):
            said, switched = _as_typed(app, console.name, line[3:].strip())
            person = switched or person
            await console.notify("console", said)
            continue
        try:
            if line.startswith("in ") or line == "in":
                channels.current = channels.pick(line[3:])
                await console.notify("console", f"now in #{channels.current}")
                continue
            channel, command = channels.split(line)
            parsed = parse_command(command)
        except (CommandError, Refusal) as exc:
            await console.notify("console", str(exc))
            continue
        try:
            reply = await app.dispatcher.handle(parsed.interaction(
                workspace=console.name, channel=channels.id_of(channel), user=person))
        except Exception as exc:  # a bug: this command fails, the next ones are still read
            log.exception("console command %r failed", command[:80])
            await console.notify("console", f"✗ that failed ({type(exc).__name__}); see the log")
            continue
        await console.notify(channel or "console", ("✓ " if reply.ok else "✗ ") + reply.whole())


def typed_lines(reader: asyncio.StreamReader, limit: int) -> AsyncIterator[str | TooLong]:
    """The lines typed on ``reader``: UTF-8 (broken bytes replaced), each at most ``limit``
    characters (``bot.core.lines``)."""

    async def texts() -> AsyncIterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        while chunk := await reader.read(65_536):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    return bounded_lines(texts(), limit)
