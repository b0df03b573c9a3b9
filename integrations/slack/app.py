"""The inbound Slack side: a slack-bolt ``AsyncApp`` that turns buttons, reactions, the reject
modal, the forms (``integrations.slack.forms``: reply, draft and subscribe, with the subscribe
form's Preview) and the ``/socialops`` slash command into platform-neutral ``Interaction``s for
the ``InteractionHandler``, and sends its ``Reply`` back (ephemeral where it should be). It
also publishes the Home tab (``integrations.slack.home``) when a person opens it and, for
recent viewers, when a change it ran (or a card the outbox posted) may have changed it.

Slack wants an answer within 3 s, so every listener acks first and works afterwards (bolt sends
the HTTP response as soon as ``ack()`` is called and runs the rest in the background), but for
a submitted modal (the reject form, and the reply, draft and subscribe forms): its work runs for
up to ``MODAL_WAIT`` before the ack, so a refusal can be shown in the modal under the field it
is about (``response_action: errors``, taken only in that answer). Requests
come over HTTP (``handle_http``) or over Socket Mode (``run_socket_mode`` with the ``xapp-``
app token: connects, reconnects with backoff, runs until cancelled; ``integrations.slack.socket``).

``handle_http`` checks a request before bolt sees it, because bolt parses the body before its
own signature check (``integrations.webhook`` has the order): the whole body is read (at most
``MAX_BODY``); a missing, non-numeric or stale (over 5 minutes) timestamp or a wrong signature
gets 401; a signature already seen within the window gets 401 too (a replay: the memory is the
Store's, so another process refuses it as well; a replay that says it is Slack's retry gets an
empty 200 and does nothing); a body that is authentic but not what Slack sends gets 400
(``inbound.check_body``, with the shapes of ``integrations.slack.shapes``; counted in
``skipped``, marked not to be retried). Whatever bolt still cannot read in an authentic request,
while building it or in its middleware and matchers, gets the same 400 (``_UnreadableRequest``);
our listeners' own errors keep bolt's handling. Every refusal before the body is trusted is
counted by kind in ``refused`` (``integrations.webhook.Refusals``:
``socialops_chat_refused_total``).

A signed request is Slack's, but not necessarily for this workspace: the signing secret is the
app's, and a distributed app (or one in several workspaces of an Enterprise Grid org) gets
requests from every workspace it is installed in. A global bolt middleware, over HTTP and Socket
Mode, refuses any request not for the workspace (or, with an org-wide token, the org) the bot
token acts in (``integrations.slack.teams``): one line to the person where Slack shows it (the
slash command's answer, the button's ``response_url``, the modal), one log line (WARNING for a
person's request, INFO for an event), counted in ``refused``; no listener sees it.

Whatever no listener takes (an event the app is subscribed to beyond the manifest; a shortcut,
button, modal or options request of another feature of the same Slack app) is acknowledged
with the empty answer Slack expects, by catch-all listeners registered after ours.

Reactions carry only the message reference, so the card is read back with
``conversations.history``. A failed read is retried (``READ_ATTEMPTS``, with backoff, honouring
Retry-After), unless Slack's error is permanent (the channel is gone, or the bot is not in it);
if it still fails the reaction is counted in ``reactions_failed``, logged, and its
event forgotten, so a redelivery of the same event is acted on instead of dropped as a duplicate.
Once the card is read the event is held in the Store under a lease while it is acted on, and
the act's own write marks it done (``inbound.SeenEvents``): Slack's retry of it is dropped by
whichever process finds it done, and waits for the outcome in one that finds it held (acting
once the lease ends, if the holder died); this process's own memory is the fast path. A
reaction presses the card's button for its action, as the message shows it: a card without
that button ignores it (only the resolve reaction, a check mark, also presses Approve),
but a draft's card decided since it was read answers a 👍 or a ❌ with why it decided nothing.

Replies: a refusal or an ephemeral reply goes only to the actor; a successful public reply to a
button or reaction is not repeated, since the card update and its thread note show it to all; a
slash command's public reply is posted in the channel. Where Slack refuses an ephemeral message
(a form submitted in a channel the bot is not in) the answer goes through the form's
``response_url``, else as a direct message, with one warning line.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.logger import get_bolt_logger
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware.async_middleware_error_handler import AsyncMiddlewareErrorHandler
from slack_bolt.middleware.authorization import async_internals as bolt_authorization
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_bolt.version import __version__ as BOLT_VERSION
from slack_sdk.signature import Clock as SdkClock
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.core import forms
from bot.core.acting import ActedElsewhere
from bot.core.cards import (
    Interaction,
    Reply,
    late_approve,
    late_reject,
    several_targets,
    split_button_value,
    unlinked,
)
from bot.core.commands import CommandError, help_text, parse_command
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import (
    REINSTALL_SLACK_APP,
    ConfigError,
    DeliveryError,
    PermanentDeliveryError,
    RateLimited,
    SocialopsError,
)
from bot.core.models import MessageRef
from bot.core.ports import Clock, HomeSource, InteractionHandler
from bot.core.text import ascii_digits, is_blank, isolates, marked_handles
from bot.core.verbs import VERBS
from integrations.slack import inbound, shapes
from integrations.slack.answer import Answers, respond_ephemeral
from integrations.slack.api import call, make_client
from integrations.slack.escape import plain_cut, typed
from integrations.slack.forms import (
    FORM_CALLBACK,
    PREVIEW_ACTION,
    channel_of,
    form_modal,
    response_url_of,
    values_of,
    verb_of,
)
from integrations.slack.home import HomeTabs
from integrations.slack.render import MODAL_REJECT, reject_modal
from integrations.slack.socket import SocketMode
from integrations.slack.teams import REFUSED, REFUSED_OPTION
from integrations.slack.workspace import SlackWorkspace
from integrations.webhook import (
    ForgetSeen,
    MarkSeen,
    Refusals,
    ReplayCache,
    Unreadable,
    read_body,
    refuse,
    wall_clock,
)

log = logging.getLogger(__name__)

Identity = Callable[[str, str], str | None]

RETIRED = ("This button is from a card an older version of socialops posted and does "
           "nothing now (the card gets this version's buttons at its next change): type "
           "/socialops help for what you can do.")
FAILED = "Sorry, that did not work: socialops hit an error. It has been logged; try again."
MAX_BODY = 1024 * 1024
READ_ATTEMPTS = 3  # conversations.history reads for one reaction before giving up
READ_BACKOFF = 1.0  # seconds, doubled per attempt
MAX_READ_WAIT = 30.0  # a longer Retry-After is not waited out inside one event
# Slack's Events API retries a delivery answered with anything but a 2xx unless the answer
# carries this header (https://api.slack.com/apis/events-api#retries, "turning retries off")
NO_RETRY = "X-Slack-No-Retry"
# what bolt's own code raises on a payload of the wrong shape (indexing, matching a regex
# against a non-string, ``in`` on a number); anything else (a network failure in auth.test)
# is not the body's fault and keeps bolt's 500, which Slack retries
READING_ERRORS = (TypeError, KeyError, IndexError, AttributeError, ValueError, RecursionError)
# matches every event type, callback id or action id (the empty one too): the catch-alls' pattern
ANY_ID = re.compile(r"\A")
_TEAM_ID = re.compile(r"[A-Z0-9]{1,40}")  # a workspace id as Slack writes it (T0123ABCD)
WINDOW = 5 * 60  # Slack's own: a timestamp further off than this is refused
REPLAY_TTL = 2 * WINDOW  # a signature stays valid from (ts - 5 min) to (ts + 5 min)
# seconds a request waits for auth.test (which workspace it may come from) before bolt acks
# it: Slack shows the person an error, and redelivers an event, past 3 s from sending it
AUTH_WAIT = 2.0
# seconds a submitted modal's work may take before its ack: a refusal in time is
# shown in the modal, which stays open (``response_action: errors``, which Slack takes only
# in the answer to the submission, within its 3 s); a slower one closes it and is said after
MODAL_WAIT = 2.0
AUTH_WAITED = "socialops_auth_waited"  # the request context's key: seconds auth.test took
# UTF-16 units of a refusal shown under a field. Slack documents no length for an
# ``errors`` message (docs.slack.dev, modals: a block id and a string; bolt-js's
# ViewErrorsResponseAction the same), so this bound is ours, a few lines under the field: a
# longer refusal is shown cut, saying so, and is sent whole as a private message too
MODAL_ERROR = 1_000
CUT_IN_MODAL = " (cut here: the whole of it is in a private message from socialops)"
# the form's run-once mark rides on its run's own write, so a process killed after that write
# and before answering leaves the form done with no answer given: "its answer is the one
# above" was said of an answer the person never got
SENT_ALREADY = ("This form was sent already and it ran; nothing was done twice. Its answer is "
                "above, unless socialops stopped before giving it: what the form did stands.")
# the slack-bolt releases whose private names this module uses (pyproject.toml pins the same)
BOLT_TESTED = "slack-bolt>=1.30,<1.31"
STOP_WAIT = 20.0  # seconds a stop waits for acknowledged work, as the runtime waits for its loops
FORM_ONCE_TTL = 24 * 3600  # a form's view id, remembered once it ran (its modal is long closed)
# verbs whose success changes what a Home tab shows (tickets, approvals, subscriptions)
CHANGES_HOMES = frozenset({"claim", "unclaim", "resolve", "reopen", "snooze", "reply", "draft",
                           "approve", "reject", "withdraw", "edit", "subscribe",
                           "unsubscribe", "mute", "unmute"})


class _EnvironmentToken(logging.Filter):
    """bolt reads ``SLACK_BOT_TOKEN`` from the environment whatever it is given, and warns
    that the token is unused when it is also given a client (ours always is). That variable is
    the one docs/slack.md has the config read (``${SLACK_BOT_TOKEN}``), so every start of a
    bot set up as the page says printed a WARNING about nothing: dropped, only that line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


_ENVIRONMENT_TOKEN = _EnvironmentToken()


class SlackBot:
    """One Slack workspace's inbound app. Build with ``build_slack_app``."""

    def __init__(
        self,
        config: SlackWorkspaceConfig,
        *,
        handler: InteractionHandler,
        identity: Identity | None = None,
        client: AsyncWebClient | None = None,
        command: str = "/socialops",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        mark_seen: MarkSeen | None = None,
        clock: Clock | None = None,
        home: HomeSource | None = None,
        workspace: SlackWorkspace | None = None,
        forget_seen: ForgetSeen | None = None,
        is_seen: inbound.IsSeen | None = None,
    ) -> None:
        if config.mode == "http" and not config.signing_secret:
            raise ConfigError(
                "an HTTP-mode Slack workspace needs signing_secret", field="signing_secret"
            )
        if config.mode == "socket" and not config.app_token:
            raise ConfigError("Socket Mode needs app_token (xapp-...)", field="app_token")
        self.config = config
        self.name = config.name
        self.handler = handler
        self.identity = identity
        # the outbox's own workspace when given (``workspace``): one auth.test, and one hold
        # of conversations.history's Retry-After for its find() and the reactions' reads
        self.client = client or (workspace.client if workspace is not None
                                 else make_client(config))
        self.workspace = workspace or SlackWorkspace(config, client=self.client)
        self.answers = Answers(config.name, self.workspace, sleep=sleep)
        self.seen = inbound.SeenEvents(mark_seen=mark_seen, forget_seen=forget_seen,
                                       is_seen=is_seen)
        self.skipped = 0  # malformed or foreign payloads, logged and counted
        self.reactions_failed = 0  # reactions whose message could not be read, logged
        self.refused = Refusals()  # requests refused before they were trusted, by kind
        self._answering: set[asyncio.Task[None]] = set()  # refusals told via response_url
        # listeners at work after their ack (bolt runs each in a task of its own): a stop
        # waits for them, since Slack was told the click, command or event was taken
        self._working: set[asyncio.Task[Any]] = set()
        self._clock = clock or wall_clock
        self._sleep = sleep
        self._socket: SocketMode | None = None
        self._verifier = SignatureVerifier(config.signing_secret or "unused-in-socket-mode",
                                           clock=_SdkClock(self._clock))
        self.replays = ReplayCache("slack", mark_seen=mark_seen, clock=clock)
        bolt_log = get_bolt_logger(AsyncApp)
        if _ENVIRONMENT_TOKEN not in bolt_log.filters:
            bolt_log.addFilter(_ENVIRONMENT_TOKEN)
        self.app = AsyncApp(
            client=self.client,
            signing_secret=config.signing_secret or "unused-in-socket-mode",
            # handle_http verifies before bolt parses anything; Socket Mode needs no signature
            request_verification_enabled=False,
            process_before_response=False,
            name=f"socialops:{config.name}",
        )
        if self.app.oauth_flow is not None:
            # bolt read SLACK_CLIENT_ID and SLACK_CLIENT_SECRET from the environment and turned
            # to its OAuth installation flow: it would answer every command and button with
            # "your installation with this app is no longer available", never using bot_token
            raise ConfigError(
                f"SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set in the environment, so "
                f"slack_bolt would authorize workspace {config.name}'s requests by its OAuth "
                "installation flow instead of its bot_token, and refuse them all: unset them "
                "for socialops")
        # bolt answers 500 for whatever its middleware or listener matchers raise (inside
        # AsyncApp.async_dispatch); a body that passed check_body should never get there, and
        # if one does it gets 400. bolt offers no public setter for this handler alone
        # (app.error() would also take over the errors of our listeners, which keep bolt's
        # default: logged with the trace), hence the attribute.
        default = getattr(self.app, "_async_middleware_error_handler", None)
        if not isinstance(default, AsyncMiddlewareErrorHandler):
            raise _bolt_changed("AsyncApp has no _async_middleware_error_handler")
        self.app._async_middleware_error_handler = _UnreadableRequest(self, default)
        # bolt's authorization asks auth.test itself, before the ack, for as long as the
        # client's timeout (15 s) and once per request until one is answered: it reads the
        # workspace's one call instead, waited for at most AUTH_WAIT (same private-list
        # caveat as above)
        middleware = getattr(self.app, "_async_middleware_list", None)
        found = [i for i, m in enumerate(middleware or [])
                 if type(m) is AsyncSingleTeamAuthorization]
        if not isinstance(middleware, list) or len(found) != 1:
            raise _bolt_changed("AsyncApp has no _async_middleware_list holding one "
                                "AsyncSingleTeamAuthorization")
        middleware[found[0]] = _SharedAuthorization(self)
        self.auth_wait = AUTH_WAIT
        self.modal_wait = MODAL_WAIT
        # after bolt's own middleware (url_verification and ssl_check answered there), before
        # every listener, for HTTP and Socket Mode alike
        self.app.middleware(self._own_workspace)
        self.app.action(re.compile(rf"^{re.escape(inbound.ACTION_PREFIX)}"))(self._on_button)
        self.app.view(MODAL_REJECT)(self._on_reject)
        self.app.event("reaction_added")(self._on_reaction)
        self.command = command
        self.app.command(command)(self._on_command)
        self.homes = (HomeTabs(config.name, client=self.client, source=home,
                               clock=self._clock) if home is not None else None)
        self.app.event("app_home_opened")(self._on_home_opened)
        # Slack's word, at once, that the bot token is gone (the outbox hears it only at its
        # next card): one line saying what to do
        self.app.event("app_uninstalled")(self._on_uninstalled)
        self.app.event("tokens_revoked")(self._on_tokens_revoked)
        self.app.view(re.compile(rf"^{re.escape(FORM_CALLBACK)}"))(self._on_form)
        self.app.action(PREVIEW_ACTION)(self._on_preview)
        # last, so it takes only the events no listener above does (bolt runs the first
        # listener that matches): bolt answers those 404, Slack retries a delivery that is not
        # answered 200 three times, and disables the event subscriptions of an app that fails
        # 5% of its deliveries in an hour (docs.slack.dev/reference/events/app_rate_limited)
        self.app.event(ANY_ID)(self._on_other_event)
        # The same for interactivity, after every listener above: bolt answers 404 to a
        # shortcut, button, modal or options request no listener takes, and Slack shows the
        # person an error for it. Each kind gets the empty answer Slack expects: an empty 200
        # (which also closes a submitted modal), and no options for an options request.
        self.app.shortcut(ANY_ID)(self._on_other_interaction)  # global and message
        self.app.action(ANY_ID)(self._on_other_interaction)  # block_actions, legacy actions
        self.app.view_submission(ANY_ID)(self._on_other_interaction)
        self.app.view_closed(ANY_ID)(self._on_other_interaction)
        self.app.options(ANY_ID)(self._on_other_options)  # block_suggestion, dialog_suggestion
        # and another slash command of the same Slack app sent to this URL (bolt: 404, and
        # "/other failed with the error http_service_error" for the person)
        self.app.command(ANY_ID)(self._on_other_command)

    # -- transports ----------------------------------------------------------------------------

    async def handle_http(self, request: web.Request) -> web.Response:
        """aiohttp handler for ``/slack/events`` and ``/slack/commands`` (same app, same check)."""
        try:
            body = await read_body(request, limit=MAX_BODY)
        except Unreadable as exc:
            return self.refused.refuse(request, exc.kind, status=exc.status, reason=exc.reason,
                                       size=exc.size)
        headers = request.headers
        signature = headers.get("X-Slack-Signature", "")
        unauthentic = self._unauthentic(
            body, timestamp=headers.get("X-Slack-Request-Timestamp"), signature=signature)
        if unauthentic:
            refusal, reason = unauthentic
            return self.refused.refuse(request, refusal, status=401, reason=reason, size=len(body))
        first = await self.replays.first_time(signature, ttl_seconds=REPLAY_TTL)
        if first is None:
            return self.refused.refuse(request, "replay_check_unavailable", status=503,
                                       reason="replay check unavailable", size=len(body))
        if not first:
            if headers.get("X-Slack-Retry-Num"):
                return web.Response(status=200)  # the first delivery was taken; do it once
            return self.refused.refuse(request, "replayed", status=401, reason="replayed signature",
                                       size=len(body))
        text = body.decode("utf-8")  # decodable: the signature check decoded it
        try:
            payload = inbound.check_body(text, request.headers.get("Content-Type"))
        except shapes.Malformed as exc:
            return self._malformed(request, len(body), str(exc))
        except (ValueError, RecursionError):
            return self._malformed(request, len(body), "not a JSON object")
        if payload.get("type") == "app_rate_limited":  # not an event_callback: no listener
            self._rate_limited(payload)
            return web.Response(status=200)
        if (kind := shapes.unlistened(payload)) is not None:
            self._unknown_type(kind)
            return web.Response(status=200)
        try:
            bolt_request = AsyncBoltRequest(body=text, query=request.query_string,
                                            headers=request.headers)  # type: ignore[arg-type]
        except Exception as exc:
            # The last line of defence behind check_body: building the request reads the body
            # (bolt's context: user, team, channel ids) and does no I/O, so whatever it raises
            # is about the body. What bolt's middleware or matchers raise while dispatching is
            # answered 400 by _UnreadableRequest.
            return self._malformed(request, len(body), f"{shapes.type_of(payload)}: bolt "
                                   f"could not read it ({type(exc).__name__})")
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

    def _rate_limited(self, payload: dict[str, Any]) -> None:
        """Slack's ``app_rate_limited`` (docs.slack.dev/reference/events/app_rate_limited):
        sent when it limits an app's events from a workspace (over 30,000 an hour) or limits
        or turns off its subscriptions (5% of an hour's deliveries not answered 200). What it
        holds back is not delivered later, so that is said, and where to look."""
        team = payload.get("team_id")
        team = team if isinstance(team, str) and _TEAM_ID.fullmatch(team) else "(unnamed)"
        since = payload.get("minute_rate_limited")
        when = (f" since {datetime.fromtimestamp(since, UTC):%Y-%m-%d %H:%M} UTC"
                if isinstance(since, int) and 0 < since < 253_402_300_800 else "")
        log.warning("slack %s: Slack is not delivering this app's events from workspace %s%s "
                    "(app_rate_limited): over 30,000 events in an hour from it, or 5%% of the "
                    "last hour's deliveries not answered 200 (then Slack may turn the "
                    "subscription off); reactions and Home tab opens meanwhile are lost, not "
                    "delayed: if none arrive within the hour, check Event Subscriptions at "
                    "https://api.slack.com/apps and how this bot answers /slack/events "
                    "(socialops_chat_refused_total)", self.name, team, when)

    def _malformed(self, request: web.Request, size: int, why: str) -> web.Response:
        """400 for an authentic body that is not what Slack sends: counted as a skip, logged
        once (path, size, payload type and field; none of the body), and marked so Slack does
        not retry it (the Events API retries any answer but a 2xx unless told not to)."""
        self.skipped += 1
        response = refuse(request, status=400, reason=f"malformed body: {why}", size=size,
                          level=logging.WARNING)
        response.headers[NO_RETRY] = "1"
        return response

    def _unauthentic(self, body: bytes, *, timestamp: str | None,
                     signature: str) -> tuple[str, str] | None:
        """Why the request is not Slack's (its kind, for ``refused``, and the line), or None.
        slack_sdk's verifier is the reference; what it would raise on (a non-numeric
        timestamp, a body that is not UTF-8) is refused here first, and a timestamp outside
        its window is told from a wrong signature (most often this machine's clock). The
        signature is checked first: a forgery counts as ``bad_signature`` whatever its
        timestamp, so someone trying the endpoint does not hide among clock drifts."""
        if not timestamp or not signature:
            return "unsigned", "unsigned"
        if not ascii_digits(timestamp, 12):
            return "bad_timestamp", "bad timestamp"
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return "not_utf8", "body is not UTF-8"
        expected = self._verifier.generate_signature(timestamp=timestamp, body=body) or ""
        if not hmac.compare_digest(expected.encode(),
                                   signature.encode("utf-8", "surrogatepass")):
            return "bad_signature", "bad signature"
        if abs(self._clock().timestamp() - int(timestamp)) > WINDOW:  # as slack_sdk checks
            return "stale_timestamp", "stale timestamp (over 5 minutes off this clock)"
        if not self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
            return "bad_signature", "bad signature"
        return None

    async def _own_workspace(self, context: AsyncBoltContext, body: dict[str, Any],
                             next_: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """A bolt global middleware: a request that is not for the workspace the bot's token
        acts in (``integrations.slack.teams``) is answered here and goes no further."""
        if await self.auth_answer() is None:
            return BoltResponse(status=503, body="")
        own = await self.workspace.own_installation()  # known: auth.test answered
        why = own.refuses(team_id=context.team_id, enterprise_id=context.enterprise_id)
        if why is None:
            await next_()
            return None
        self.refused.count(why)
        # a person's attempt is a WARNING; an event is Slack delivering another installation's
        # (a distributed app gets every workspace's), worth an INFO line
        log.log(logging.INFO if body.get("type") == "event_callback" else logging.WARNING,
                "slack %s: refused a %s from %s (team_id=%r, enterprise_id=%r): socialops acts "
                "only in its bot token's workspace", self.name, _what(body),
                why.replace("_", " "), _shown(context.team_id), _shown(context.enterprise_id))
        if "command" in body:  # a slash command: the answer is shown to the person
            return _json_answer({"response_type": "ephemeral", "text": REFUSED})
        if body.get("type") == "view_submission":  # the modal itself says it
            return _json_answer({"response_action": "update", "view": _refused_view()})
        if body.get("type") == "block_suggestion":  # the menu shows one option saying it
            return _json_answer({"options": [{
                "text": {"type": "plain_text", "text": REFUSED_OPTION},
                "value": "refused"}]})
        if body.get("type") == "dialog_suggestion":  # a legacy dialog: an empty menu
            return _json_answer({"options": []})
        if context.response_url and context.respond is not None:  # a button: after the ack
            task = asyncio.create_task(self._tell_refused(context.respond))
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)
        return BoltResponse(status=200, body="")

    async def auth_answer(self) -> AsyncSlackResponse | None:
        """``auth.test``'s answer (``SlackWorkspace.auth_test``: one call shared by every
        request), waited for at most ``auth_wait`` so the request is still acknowledged within
        Slack's 3 seconds; None, with one WARNING line, when it failed or is not in yet: the
        request is then answered 503 and not acted on (Slack retries an event, a person types
        the command again), never guessed either way."""
        try:
            # a wait cut short leaves the call itself running (auth_test shields it)
            return await asyncio.wait_for(self.workspace.auth_test(), self.auth_wait)
        except DeliveryError as exc:  # not the request's: 503 (Slack retries an event)
            why = f"auth.test: {exc}"
        except TimeoutError:  # still asked: its answer serves the next request
            why = f"auth.test has not answered within {self.auth_wait:g} s"
        log.warning("slack %s: cannot tell which workspace a request may come from (%s); "
                    "answered 503", self.name, why)
        return None

    async def warm(self) -> None:
        """Ask ``auth.test`` as the bot starts (``socialops run``, in the background), so the
        first request finds its answer instead of spending up to ``auth_wait`` of Slack's 3 s
        on it. Slack unreachable then stops nothing, and the first request asks again
        (``auth_answer``): a DEBUG line, as the start's token check, which asked the same
        moments before, has said it in its WARNING line (two lines said one outage)."""
        try:
            await self.workspace.auth_test()
        except DeliveryError as exc:
            log.debug("slack %s: auth.test at start failed (%s); the first request asks it "
                      "again, waiting up to %g s before its ack", self.name, exc,
                      self.auth_wait)

    async def _tell_refused(self, respond: AsyncRespond) -> None:
        try:  # sent once: bolt's respond() sends again after a reset connection
            await respond_ephemeral(respond, REFUSED)
        except Exception as exc:  # Slack unreachable: the refusal stands, logged above
            log.info("slack %s: could not tell the refusal through response_url: %s",
                     self.name, type(exc).__name__)

    def socket_mode(self) -> SocketMode:
        """The Socket Mode connection (built once, not yet connected)."""
        if self._socket is None:
            self._socket = SocketMode(self.app, app_token=self.config.app_token or "",
                                      web_client=self.client, name=self.name,
                                      on_malformed=self._socket_malformed,
                                      on_unknown=self._unknown_type)
        return self._socket

    async def run_socket_mode(self) -> None:
        """Connect over Socket Mode (no public URL needed) and stay connected, retrying with
        backoff, until cancelled. Raises PermanentDeliveryError when Slack refuses the app
        token."""
        await self.socket_mode().run()

    def _track(self) -> None:
        """Count the running listener as work in hand until it ends (``stop`` waits)."""
        task = asyncio.current_task()
        if task is not None and task not in self._working:
            self._working.add(task)
            task.add_done_callback(self._working.discard)

    async def stop(self) -> None:
        current = asyncio.current_task()
        working = [t for t in self._working if t is not current and not t.done()]
        if working:
            _, late = await asyncio.wait(working, timeout=STOP_WAIT)
            if late:
                log.warning("slack %s: stopping: %d acknowledged request(s) still at work "
                            "after %.0f s were cancelled", self.name, len(late), STOP_WAIT)
                for task in late:
                    task.cancel()
        if self._answering:
            await asyncio.gather(*self._answering, return_exceptions=True)
        if self.homes is not None:
            await self.homes.drain()  # a refresh under way finishes its publishes
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    # -- listeners -------------------------------------------------------------------------------

    async def _on_button(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                         respond: AsyncRespond) -> None:
        self._track()
        await ack()
        click = inbound.read_button(body, action)
        if click is None:
            if (retired := inbound.read_retired(body, action)) is not None:
                return await self._on_retired(retired, respond)
            return self._skip("block action", body)
        if click.action == "open":
            return None  # a link button: Slack opened the URL; nothing to do
        if not await self._linked(click.user, click.channel, respond):
            return None
        if click.target is None:
            return self._skip("button without a value", body)
        if click.action == "reply" and click.trigger_id is not None:
            await self._open_form(("reply", {"ticket": click.target}), trigger=click.trigger_id,
                                  channel=click.channel, user=click.user, respond=respond)
            return None
        if click.action == "reject":
            if click.trigger_id is None:
                return self._skip("reject without trigger_id", body)
            view = reject_modal(target=click.target, channel=click.channel,
                                message_ts=click.message_ts, version=click.version)
            try:
                await call(self.client, "views.open", trigger_id=click.trigger_id, view=view)
            except DeliveryError as exc:  # an expired trigger_id (3 s), Slack unreachable
                log.warning("slack %s: could not open the reject modal: %s", self.name, exc)
                await self._say(respond, click.channel, click.user, _not_opened(
                    exc, f"{self.command} reject {click.target} <comment>"))
            return None
        interaction = Interaction(
            workspace=self.name, channel=click.channel, user=click.user, via="button",
            action=click.action, target=click.target, options=click.options(),
            message=self._ref(click.channel, click.message_ts),
            raw={"action_id": action.get("action_id")})
        reply = await self._run(interaction)
        if not reply.ok or reply.ephemeral:
            await self._say(respond, click.channel, click.user, reply.marked(),
                            unlisted=reply.unlisted, links=reply.links)
        return None

    async def _on_retired(self, click: inbound.RetiredClick, respond: AsyncRespond) -> None:
        """A button of a card an older version posted, whose action this one has no more:
        the person is told, in one private line, instead of seeing nothing happen; nothing
        runs (the handler would refuse it and audit the refusal)."""
        self.skipped += 1
        log.info("slack %s: a %s button pressed by %s in %s: a card an older version of "
                 "socialops posted (this version has no such button); told them", self.name,
                 click.action, click.user, click.channel)
        await self._say(respond, click.channel, click.user, RETIRED)

    async def _on_reject(self, ack: AsyncAck, body: dict[str, Any],
                         context: AsyncBoltContext) -> None:
        self._track()
        comment = inbound.comment_of(body)
        if not comment or is_blank(comment):  # a braille blank or a filler says nothing
            await ack(response_action="errors",
                      errors={"comment": "Say why, so the author can fix it."})
            return None
        sub = inbound.read_reject(body)
        if sub is None:
            await ack()
            return self._skip("reject modal", body)
        if not self._is_linked(sub.user):
            await ack()
            await self._linked(sub.user, sub.channel, None)
            return None
        # run once, as any form: the same comment sent twice (a double press, a client
        # sending it again) ran twice, the second refused and audited as a refusal
        view, _ = _view_and_user(body)
        reply = await self._decide_in_modal(ack, self._run_form(view, Interaction(
            workspace=self.name, channel=sub.channel, user=sub.user, via="modal",
            action="reject", target=sub.target, comment=sub.comment,
            options={"sha256": sub.version} if sub.version else {},
            message=self._ref(sub.channel, sub.message_ts))),
            field=lambda _: "comment",  # its one field: whatever refused it, it is said there
            spent=context.get(AUTH_WAITED, 0.0))
        if reply is not None and (not reply.ok or reply.ephemeral):
            await self._say(None, sub.channel, sub.user, reply.marked(), unlisted=reply.unlisted,
                            links=reply.links)
        return None

    async def _on_reaction(self, body: dict[str, Any]) -> None:
        self._track()
        event = inbound.read_reaction(body)
        if event is None:
            if inbound.on_no_message(body):  # a reaction on a file or a file comment: Slack's
                return None  # ordinary event, no card of ours, not a malformed one
            return self._skip("reaction event", body)
        action = self.config.reactions.get(event.reaction)
        if action is None:
            return None  # an ordinary emoji
        if event.item_user is not None:
            # a message someone else posted is no card of ours: Slack says who posted it, so
            # it is not read back (conversations.history is Tier 3, ~50 a minute for the
            # workspace, and a 👍 on ordinary messages would spend it, and the reads of real
            # cards and of the outbox's look for a card after a crash would meet its 429s)
            try:
                author = await self.workspace.own_bot_user()
            except DeliveryError:
                author = None  # not known now: read the message, as before
            if author is not None and event.item_user != author:
                return None
        key = event.event_id or f"{event.user}|{event.reaction}|{event.channel}|{event.ts}"
        # a delivery of an event still being read here waits for that read: dropped once it
        # took the card, read itself if it failed (Slack, answered, would not send it again)
        if not await self.seen.claim(key):
            log.info("slack %s: duplicate reaction event %s ignored", self.name, key)
            return None
        try:
            message = await self._message(event.channel, event.ts)
            ours = await self.workspace.own_bot_id()
        except DeliveryError as exc:
            # not acted on: forget the event, so Slack's redelivery (or the person reacting
            # again) is handled rather than dropped as a duplicate
            self.seen.forget(key)
            self.reactions_failed += 1
            log.warning("slack %s: reaction %s on %s in %s not handled: cannot read the "
                        "message (%s)", self.name, event.reaction, event.ts, event.channel, exc)
            return None
        finally:
            self.seen.settle(key)  # read (a forgotten one is settled already); cancelled too
        if message is None or (card := inbound.card_key(message, ours)) is None:
            return None  # not one of our cards (another app's copy of one is not either)
        if event.event_id is None:
            return await self._answer(event, await self._press(event, action, message, card))
        # Only now, with the card read, is the event held, so a failed read above leaves it
        # to a redelivery. A retry Slack sent to another process (X-Slack-Retry-Num, the same
        # event_id, a new signature) waits there for this act's outcome, and acts if this
        # process dies holding the event; its done mark rides on the act's own write
        taken = await self.seen.take(event.event_id)
        if taken is False:
            log.info("slack %s: reaction event %s already handled by another process",
                     self.name, event.event_id)
            return None
        try:
            with self.seen.acting(event.event_id) as rode:
                answer = await self._press(event, action, message, card)
            # The answer is said once the event is marked done: an act that wrote nothing
            # (a private answer) was marked after it, so a process killed between the two
            # left Slack's retry to answer again. Killed between the mark and the answer, the
            # answer is lost, as a write's own answer is when killed after the write
            if await self.seen.done(event.event_id, rode):
                await self._answer(event, answer)
        except ActedElsewhere:
            log.info("slack %s: reaction event %s acted on by another process meanwhile",
                     self.name, event.event_id)
        finally:
            await self.seen.release(event.event_id)
        return None

    async def _press(self, event: inbound.ReactionEvent, action: str,
                     message: dict[str, Any], card: str) -> Reply | None:
        """The card's button a reaction stands for, pressed (or why it presses nothing): the
        private answer to say once the event is marked done (``_answer``), or None."""
        # A reaction is a shortcut for a button the card shows now: a card without that
        # button (👍 or ❌ on a ticket) ignores it, silently. A 👍 or ❌ on a draft's card
        # that no longer shows Approve or Reject (decided since it was read) is answered why,
        # as a refused click is: without a version or a comment, it decides nothing.
        found = inbound.button_target(message, action)
        late = late_approve(action, card) if found is None else None
        if found is None and late is None and (decided := late_reject(action, card)):
            # ❌ on a draft's card that no longer shows Reject: run without a comment, the
            # reject rejects nothing and says who decided it and where it stands, as 👍 is told
            if not self._is_linked(event.user):
                return Reply.refused(unlinked("Slack", self.name, event.user))
            return await self._run(Interaction(
                workspace=self.name, channel=event.channel, user=event.user, via="reaction",
                action="reject", target=decided, message=self._ref(event.channel, event.ts),
                raw={"reaction": event.reaction}))
        if found is None and late is None:
            log.info("slack %s: reaction %s on %s in %s ignored: the card has no %s button",
                     self.name, event.reaction, event.ts, event.channel, action)
            return None
        # The version the reacted message shows now, read from its own button: a reaction on
        # a card that still shows an older text approves that text or nothing.
        real_action, (target, version) = (
            (found[0], split_button_value(found[1])) if found is not None
            else ("approve", (late or "", None)))
        if not self._is_linked(event.user):
            return Reply.refused(unlinked("Slack", self.name, event.user))
        if (several := several_targets(real_action, inbound.button_values(message).get(
                real_action, []))) is not None:  # a notice of several tickets: which one?
            return Reply.refused(several)
        if real_action == "reject":  # a pending approval: the reason cannot ride on an emoji
            return Reply.refused(f"Rejecting needs a comment: press Reject on the card, or "
                                 f"type `/socialops reject {target} <comment>`.")
        reply = await self._run(Interaction(
            workspace=self.name, channel=event.channel, user=event.user, via="reaction",
            action=real_action, target=target,
            options={"sha256": version} if version else {},
            message=self._ref(event.channel, event.ts), raw={"reaction": event.reaction}))
        # a public success is not repeated: the card's update and its thread line show it
        return reply if not reply.ok or reply.ephemeral else None

    async def _answer(self, event: inbound.ReactionEvent, reply: Reply | None) -> None:
        """Say a reaction's private answer (``_press``), if it has one."""
        if reply is not None:
            await self._say(None, event.channel, event.user, reply.marked(),
                            unlisted=reply.unlisted, links=reply.links)

    async def _on_command(self, ack: AsyncAck, body: dict[str, Any],
                          respond: AsyncRespond) -> None:
        self._track()
        await ack()
        user, channel = body.get("user_id"), body.get("channel_id")
        if not isinstance(user, str) or not isinstance(channel, str):
            return self._skip("slash command", body)
        text = typed(str(body.get("text") or ""))
        form = _form_for(text)
        trigger = body.get("trigger_id")
        if form is not None and isinstance(trigger, str) and trigger:
            await self._open_form(form, trigger=trigger, channel=channel, user=user,
                                  respond=respond)
            return None
        try:
            parsed = parse_command(text)
        except CommandError as exc:
            await self._say(respond, channel, user, str(exc))
            return None
        if parsed.action == "help":  # `help spikes`: its topic, as parse_command read it
            await self._say(respond, channel, user,
                            help_text(parsed.args[0] if parsed.args else None))
            return None
        # `link <email>` is how an unlinked person gets linked: the handler decides
        if not VERBS[parsed.action].unlinked and not await self._linked(user, channel, respond):
            return None
        reply = await self._run(parsed.interaction(
            workspace=self.name, channel=channel, user=user,
            raw={"command": body.get("command")}))
        if reply.ok and not reply.ephemeral:
            await self.answers.say_public(respond, channel, user, reply.marked(),
                                          unlisted=reply.unlisted, links=reply.links)
        else:
            await self._say(respond, channel, user, reply.marked(), unlisted=reply.unlisted,
                            links=reply.links)
        return None

    async def _open_form(self, form: tuple[str, dict[str, str]], *, trigger: str, channel: str,
                         user: str, respond: AsyncRespond) -> None:
        verb, values = form
        if not await self._linked(user, channel, respond):
            return
        try:
            await call(self.client, "views.open", trigger_id=trigger,
                       view=form_modal(verb, channel=channel, values=values,
                                       response_url=respond.response_url))
        except DeliveryError as exc:  # an expired trigger_id (3 s), Slack unreachable
            log.warning("slack %s: could not open the %s form: %s", self.name, verb, exc)
            await self._say(respond, channel, user,
                            _not_opened(exc, f"{self.command} {VERBS[verb].usage}"))

    async def _on_form(self, ack: AsyncAck, body: dict[str, Any],
                       context: AsyncBoltContext) -> None:
        """A form submitted: wrong fields go back to the modal (``response_action: errors``,
        keyed by block id, within the 3 s); a right one runs as the command, and the modal
        closes, unless the dispatcher refuses it in time for one of its fields' sake
        (``Reply.field``): that is shown under the field, the form staying open."""
        self._track()
        view, user = _view_and_user(body)
        verb, channel = verb_of(view), channel_of(view)
        if verb is None or channel is None or user is None:
            await ack()
            return self._skip("form submission", body)
        result = forms.parse(verb, values_of(view))
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return None
        if not self._is_linked(user):
            await ack()
            await self._linked(user, channel, None)
            return None
        interaction = result.interaction(workspace=self.name, channel=channel, user=user,
                                         raw={"form": verb}).model_copy(update={"via": "modal"})
        # a refusal about one of the form's fields is shown under it; one about several, or
        # about nothing in the form (the channel it was opened in), closes it and is said
        fields = frozenset(f.arg for f in forms.FORMS[verb])
        reply = await self._decide_in_modal(
            ack, self._run_form(view, interaction),
            field=lambda r: r.field if r.field in fields else None,
            spent=context.get(AUTH_WAITED, 0.0))
        if reply is not None:
            await self._say(None, channel, user, reply.marked(),
                            response_url=response_url_of(view), unlisted=reply.unlisted,
                            links=reply.links)
        return None

    async def _run_form(self, view: dict[str, Any], interaction: Interaction) -> Reply:
        """A form accepted by its fields (the reject form's comment too), run once in the
        whole deployment: the same form sent twice with the same values (a double press on a
        slow link, a client that sends again) is one intent. One the handler refused did
        nothing, so it is not marked: sent again (corrected, or after what refused it
        changed), it runs. Held under a lease while it runs, its mark riding on the run's
        own write (``inbound.SeenEvents``): the mark was written before the run, so a process
        killed between the two left the form answered "sent already" when sent again,
        nothing done (and, the store's marks kept, a refused one too, since the mark could
        not be taken back)."""
        view_id = view.get("id")
        sent = hashlib.sha256(json.dumps(values_of(view), sort_keys=True, default=str).encode())
        if not isinstance(view_id, str) or not view_id:
            return await self._run(interaction)
        done = f"replay:slack:form:{view_id}:{sent.hexdigest()[:32]}"  # as marked before
        if await self.seen.hold(done, ttl_seconds=FORM_ONCE_TTL) is False:
            return Reply(text=SENT_ALREADY, ephemeral=True)
        try:
            # not on a refusal's audit line: it rode there and was taken back in a second
            # write, so a process killed between the two left the form "sent already"
            with self.seen.riding(done, FORM_ONCE_TTL, refusals=False) as rode:
                reply = await self._run(interaction)
            if not reply.ok:  # did nothing: left unmarked (here, this process's memory)
                self.seen.forget(done)
            elif not await self.seen.mark_done(done, FORM_ONCE_TTL, rode):
                return Reply(text=SENT_ALREADY, ephemeral=True)  # it ran elsewhere meanwhile
            return reply
        except ActedElsewhere:
            return Reply(text=SENT_ALREADY, ephemeral=True)
        finally:
            await self.seen.let_go(done)

    async def _decide_in_modal(self, ack: AsyncAck, work: Awaitable[Reply], *,
                               field: Callable[[Reply], str | None],
                               spent: float = 0.0) -> Reply | None:
        """Run a submitted modal's ``work`` before its ack, for at most ``modal_wait`` less
        what the request ``spent`` already (waiting for the first ``auth.test``): a
        refusal in time about one of the modal's fields (``field``: its block id, or None)
        is shown in the modal under it, and the modal
        stays open (None is returned: nothing more to say, unless the refusal was too long to
        show whole there: then it is returned, to be said whole privately). Otherwise the
        modal closes and the Reply is returned, to be said as before: an answer, or a
        refusal too late for the modal (its work goes on past the ack)."""
        task = asyncio.ensure_future(work)
        try:
            reply = await asyncio.wait_for(asyncio.shield(task),
                                           max(0.0, self.modal_wait - spent))
        except TimeoutError:
            await ack()
            return await task
        if not reply.ok and (block := field(reply)):
            shown, cut = _in_modal(reply)
            await ack(response_action="errors", errors={block: shown})
            return reply if cut else None
        await ack()
        return reply

    async def _on_preview(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """The subscribe form's Preview: what the query would have matched over the stored
        posts of the last 7 days (the ``preview`` verb), shown in the modal."""
        self._track()
        await ack()
        view, user = _view_and_user(body)
        channel = channel_of(view)
        if verb_of(view) != "subscribe" or channel is None or user is None:
            return self._skip("preview action", body)
        values = values_of(view)
        # marked as an answer is (``Reply.marked``): the form isolates its right-to-left names
        problems = {field: marked_handles(problem)
                    for field, problem in forms.errors("subscribe", values).items()}
        if problems:  # each said under its field, as a submission's errors are
            shown = _not_previewed(problems)
        else:
            parsed = parse_command(forms.preview_line(values))
            reply = await self._run(parsed.interaction(workspace=self.name, channel=channel,
                                                       user=user, raw={"form": "subscribe"}))
            shown = reply.marked()
        try:
            await call(self.client, "views.update", view_id=view.get("id"), hash=view.get("hash"),
                       view=form_modal("subscribe", channel=channel, values=values,
                                       preview=shown, response_url=response_url_of(view),
                                       problems=problems))
        except DeliveryError as exc:  # the person closed it, or changed it meanwhile
            log.info("slack %s: preview not shown: %s", self.name, exc)
        return None

    async def _on_other_event(self, body: dict[str, Any]) -> None:
        event = body.get("event")
        log.debug("slack %s: a %r event acknowledged, not handled", self.name,
                  event.get("type") if isinstance(event, dict) else None)

    async def _on_other_interaction(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        self._unhandled(body)  # before the ack, so the line is written by the time it is answered
        await ack()

    async def _on_other_options(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        self._unhandled(body)
        await ack(options=[])

    async def _on_other_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        log.info("slack %s: a slash command %r acknowledged, not handled (socialops answers "
                 "%s)", self.name, str(body.get("command"))[:64], self.command)
        await ack(text=f"socialops does not handle this command; its command is "
                       f"{self.command}.")

    def _unknown_type(self, kind: str) -> None:
        """A payload type no listener takes (one Slack added since): an empty 200, one INFO
        line (bolt answered 404 with a WARNING, and Slack retries an event not answered
        200)."""
        log.info("slack %s: a %r request acknowledged, not handled (no listener for its type)",
                 self.name, kind[:64])

    def _unhandled(self, body: dict[str, Any]) -> None:
        log.info("slack %s: a %s %s acknowledged, not handled (no listener for it)",
                 self.name, _kind(body), _id_of(body))

    async def _on_home_opened(self, body: dict[str, Any]) -> None:
        self._track()
        event = body.get("event") if isinstance(body, dict) else None
        if not isinstance(event, dict) or not isinstance(event.get("user"), str):
            return self._skip("app_home_opened", body)
        user = str(event["user"])
        if event.get("tab", "home") != "home" or self.homes is None:
            return None  # the Messages tab, or no home here
        await self.homes.opened(user)
        return None

    async def _on_uninstalled(self, body: dict[str, Any]) -> None:
        self._say_uninstalled(body, "app_uninstalled")

    async def _on_tokens_revoked(self, body: dict[str, Any]) -> None:
        """Revoked tokens, by the user ids they act as: people's (``oauth``) are none of the
        bot's; a ``bot`` one is its token (an app has one bot token in a workspace)."""
        tokens = _get_dict(_get_dict(body, "event"), "tokens")
        bots = tokens.get("bot")
        if isinstance(bots, list) and bots:
            self._say_uninstalled(body, "tokens_revoked")
        else:
            log.info("slack %s: Slack revoked people's tokens of this app (tokens_revoked), "
                     "none of the bot's: nothing changes here", self.name)

    def _say_uninstalled(self, body: dict[str, Any], why: str) -> None:
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not self.seen.first_time(f"gone:{event_id}"):
            return  # Slack's retry of the same word: said once
        log.error("slack %s: Slack says this app was uninstalled from the workspace or its bot "
                  "token revoked (%s): no card is posted and nothing Slack sends reaches the "
                  "bot until then; %s", self.name, why, REINSTALL_SLACK_APP)

    # -- helpers ---------------------------------------------------------------------------------

    async def _run(self, interaction: Interaction) -> Reply:
        try:
            reply = await self.handler.handle(interaction)
        except ActedElsewhere:
            raise  # another process did this act: nothing to say here
        except Exception:
            # The person must hear back even when a handler breaks; the trace goes to the log.
            log.exception("slack %s: handler failed for %s", self.name, interaction.action)
            return Reply(text=FAILED, ok=False)
        if reply.ok and interaction.action in CHANGES_HOMES and self.homes is not None:
            self.homes.changed()
        return reply

    def _is_linked(self, user: str) -> bool:
        return self.identity is None or self.identity(self.name, user) is not None

    async def _linked(self, user: str, channel: str, respond: AsyncRespond | None) -> bool:
        if self._is_linked(user):
            return True
        await self._say(respond, channel, user,
                        unlinked("Slack", self.name, user))
        return False

    async def _say(self, respond: AsyncRespond | None, channel: str, user: str,
                   text: str, *, response_url: str | None = None, unlisted: int = 0,
                   links: tuple[str, ...] = ()) -> None:
        """An ephemeral message to one person (``integrations.slack.answer``); ``unlisted``:
        a listing's lines counted, not built (``Reply.unlisted``); ``links``: the handler's
        own addresses in ``text`` (``Reply.links``)."""
        await self.answers.say(respond, channel, user, text, response_url=response_url,
                               unlisted=unlisted, links=links)

    async def _message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The message at ``ts`` (None when it is not there); raises DeliveryError when it
        could not be read after ``READ_ATTEMPTS`` tries."""
        for attempt in range(READ_ATTEMPTS):
            await self._history_wait()
            try:
                data = await self.workspace.read_history(channel=channel, latest=ts,
                                                         inclusive=True, limit=1,
                                                         include_all_metadata=True)
                break
            except RateLimited as exc:  # the workspace's hold keeps its Retry-After
                if attempt + 1 == READ_ATTEMPTS or exc.retry_after > MAX_READ_WAIT:
                    raise
                # the loop's _history_wait waits it out, with every other read
            except PermanentDeliveryError:  # channel_not_found, not_in_channel: no retry helps
                raise
            except DeliveryError:
                if attempt + 1 == READ_ATTEMPTS:
                    raise
                await self._sleep(READ_BACKOFF * 2 ** attempt)
        for message in data.get("messages") or []:
            if isinstance(message, dict) and message.get("ts") == ts:
                return message
        return None

    async def _history_wait(self) -> None:
        """Wait out the ``Retry-After`` Slack gave a ``conversations.history`` read (a limit
        per method and workspace, so every read is held by it, not only the one told); one
        longer than ``MAX_READ_WAIT`` is not waited inside an event: RateLimited."""
        left = self.workspace.history.left()
        if left > MAX_READ_WAIT:
            raise RateLimited("slack conversations.history: rate limited", retry_after=left)
        if left > 0:
            await self._sleep(left)

    def _ref(self, channel: str, ts: str | None) -> MessageRef | None:
        return MessageRef(workspace=self.name, channel=channel, message_id=ts) if ts else None

    def _socket_malformed(self, why: str) -> None:
        """A Socket Mode envelope that is not what Slack sends: acknowledged, not dispatched,
        counted and logged once (the payload type and field; none of the text)."""
        self.skipped += 1
        log.warning("slack %s: skipped a malformed Socket Mode envelope: %s", self.name, why)

    def _skip(self, what: str, body: dict[str, Any]) -> None:
        self.skipped += 1
        log.warning("slack %s: skipped a malformed %s (type=%r)", self.name, what,
                    body.get("type") if isinstance(body, dict) else None)


class _UnreadableRequest(AsyncMiddlewareErrorHandler):
    """bolt's handler for what its middleware and listener matchers raise while dispatching a
    request (our listeners' errors go to its listener error handler, untouched). A reading
    error (``READING_ERRORS``) means bolt could not read an authentic body: 400, counted and
    logged once with the payload type, not retried. Anything else goes to bolt's default
    handler (logged with the trace) and stays a 500."""

    def __init__(self, bot: SlackBot, fallback: AsyncMiddlewareErrorHandler) -> None:
        self._bot = bot
        self._fallback = fallback

    async def handle(self, error: Exception, request: AsyncBoltRequest,
                     response: BoltResponse | None) -> None:
        if response is None or not isinstance(error, READING_ERRORS):
            await self._fallback.handle(error=error, request=request, response=response)
            return
        self._bot.skipped += 1
        log.warning("slack %s: refused a malformed %s request: bolt could not read it (%s)",
                    self._bot.name, shapes.type_of(request.body), type(error).__name__)
        response.status = 400
        response.body = "malformed body"
        response.headers[NO_RETRY.lower()] = ["1"]


class _SharedAuthorization(AsyncSingleTeamAuthorization):
    """bolt's single-team authorization, on the bot's one ``auth.test`` (``auth_answer``):
    bolt's own asked it per request, unbounded, before the ack, and answered a failure 500."""

    def __init__(self, bot: SlackBot) -> None:
        super().__init__()
        self._bot = bot
        # which requests need no authorization (url_verification, ssl_check, ...): bolt's
        # own private test, looked up here so a bolt without it stops the start in one line
        no_auth = getattr(bolt_authorization, "_is_no_auth_required", None)
        if not callable(no_auth):
            raise _bolt_changed("slack_bolt.middleware.authorization.async_internals has no "
                                "_is_no_auth_required")
        self._no_auth_required: Callable[[AsyncBoltRequest], bool] = no_auth

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse,
                            next: Callable[[], Awaitable[BoltResponse]]) -> BoltResponse:
        if self.auth_test_result is None and not self._no_auth_required(req):
            started = asyncio.get_running_loop().time()
            answered = await self._bot.auth_answer()
            if answered is None:
                return BoltResponse(status=503, body="")
            self.auth_test_result = answered
            # spent of Slack's 3 s before the ack: a modal's work has that much less
            req.context[AUTH_WAITED] = asyncio.get_running_loop().time() - started
        return await super().async_process(req=req, resp=resp, next=next)


class BoltChanged(SocialopsError, RuntimeError):
    """A slack_bolt release without a private name this module replaces or calls (bolt
    offers no public way to do either): a SocialopsError, so ``socialops run`` says it as one
    ``error:`` line, not a traceback."""


def _bolt_changed(what: str) -> BoltChanged:
    return BoltChanged(f"slack_bolt changed: {what}; slack-bolt {BOLT_VERSION} is installed, "
                        f"socialops is tested with {BOLT_TESTED}: install that "
                        f"(pip install '{BOLT_TESTED}')")


def build_slack_app(
    config: SlackWorkspaceConfig,
    *,
    handler: InteractionHandler,
    identity: Identity | None = None,
    client: AsyncWebClient | None = None,
    command: str = "/socialops",
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    mark_seen: MarkSeen | None = None,
    clock: Clock | None = None,
    home: HomeSource | None = None,
    workspace: SlackWorkspace | None = None,
    forget_seen: ForgetSeen | None = None,
    is_seen: inbound.IsSeen | None = None,
) -> SlackBot:
    """``mark_seen`` is the Store's (the replay memory every process shares); ``clock`` is
    injected so the 5-minute window can be tested without waiting; ``home`` builds the App
    Home tab (none: the tab is left alone); ``workspace``: the outbox's, shared (its
    ``conversations.history`` hold and ``auth.test``); ``forget_seen``, ``is_seen``: the
    Store's, with ``mark_seen`` the lease and done mark of an event acted on once in the
    deployment (``inbound.SeenEvents``)."""
    return SlackBot(config, handler=handler, identity=identity, client=client, command=command,
                    sleep=sleep, mark_seen=mark_seen, clock=clock, home=home,
                    workspace=workspace, forget_seen=forget_seen, is_seen=is_seen)


def _kind(body: dict[str, Any]) -> str:
    """The interaction's kind for a log line: Slack's type, with the shortcuts named."""
    kind = str(body.get("type"))
    return {"shortcut": "global shortcut", "message_action": "message shortcut"}.get(kind, kind)


def _id_of(body: dict[str, Any]) -> str:
    """What the interaction names: the callback id of a shortcut or a view, the action id of
    a button or an options request; quoted, so a newline in it cannot start a log line."""
    view = body.get("view")
    actions = body.get("actions")
    if isinstance(view, dict) and body.get("type") in ("view_submission", "view_closed"):
        return f"callback_id={view.get('callback_id')!r}"
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return f"action_id={actions[0].get('action_id')!r}"
    if "action_id" in body:
        return f"action_id={body.get('action_id')!r}"
    return f"callback_id={body.get('callback_id')!r}"


def _get_dict(value: object, key: str) -> dict[str, Any]:
    """``value[key]`` when both are objects; an empty one otherwise (a payload is untrusted)."""
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def _view_and_user(body: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    view = body.get("view")
    who = body.get("user")
    user = who.get("id") if isinstance(who, dict) else None
    return (view if isinstance(view, dict) else {}), (user if isinstance(user, str) else None)


def _in_modal(reply: Reply) -> tuple[str, bool]:
    """A refusal as the modal shows it under a field, at most ``MODAL_ERROR``, and whether
    it was cut (then it is also said whole, privately). Cleaned and its right-to-left names
    isolated (``Reply.marked``, ``isolates``) as a message's are: it quotes what was typed
    and people's handles, and one first on the refusal turned it right to left. One
    character is kept for the end of an isolate the cut leaves out."""
    marked = reply.marked()
    shown, cut = plain_cut(marked, MODAL_ERROR)
    if not cut:
        return isolates(shown), False
    room = MODAL_ERROR - len(CUT_IN_MODAL) - (1 if marked != reply.text else 0)
    return isolates(plain_cut(marked, room)[0]) + CUT_IN_MODAL, True


def _not_opened(exc: DeliveryError, typed_instead: str) -> str:
    """One line for a form Slack would not open, with the command that does the same."""
    why = ("Slack allows 3 s from the click or command to open it, and socialops was slower"
           if "expired_trigger_id" in str(exc) else "Slack did not open it")
    return f"Could not open the form ({why}); type `{typed_instead}` instead."


def _not_previewed(problems: dict[str, str]) -> str:
    """The preview's block when fields are wrong: what is wrong is said under each of them
    (``form_modal``'s ``problems``); here, which fields to look at."""
    labels = {f.arg: f.label for f in forms.FORMS["subscribe"]}
    named = ", ".join(labels.get(field, field).split(" (")[0] for field in problems)
    return f"Nothing previewed: fix what is said under {named} first."


def _form_for(text: str) -> tuple[str, dict[str, str]] | None:
    """The form a command line asks for: a form verb typed without its arguments
    (``subscribe``, ``draft``, ``reply`` or ``reply T-3``), with what was typed filled in."""
    verb, _, rest = text.strip().partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb not in forms.FORMS:
        return None
    if not rest:
        return verb, {}
    if verb == "reply" and len(rest.split()) == 1:
        return verb, {"ticket": rest.upper()}
    return None


def _what(body: dict[str, Any]) -> str:
    """The request's kind for a log line (never its text)."""
    return "slash command" if "command" in body else shapes.type_of(body)


def _shown(value: object) -> str | None:
    """An id from a request, for a log line: cut (``%r`` quotes the rest)."""
    return value[:40] if isinstance(value, str) else None


def _json_answer(answer: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(answer),
                        headers={"content-type": "application/json;charset=utf-8"})


def _refused_view() -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": "socialops"},
            "blocks": [{"type": "section", "text": {"type": "plain_text", "text": REFUSED}}]}


class _SdkClock(SdkClock):
    """slack_sdk's verifier asks a clock object for epoch seconds; ours is a callable."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock().timestamp()
