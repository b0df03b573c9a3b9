"""Answering one person privately, so that the answer is never lost: ``Answers.say``.

An answer goes through the interaction's ``response_url`` when there is one (a slash command,
a button), else as ``chat.postEphemeral`` in the channel. Slack refuses an ephemeral message
where the bot cannot post (``not_in_channel``: a form submitted in a channel the bot was never
invited to; an archived or deleted channel). The answer then goes through the ``response_url``
the form was opened with (``integrations.slack.forms`` keeps it), which works in any channel
for 30 minutes, else as a direct message from the bot (``chat.postMessage`` to the user id,
which opens that conversation with the ``chat:write`` scope the bot has). Either way one
warning line says where the answer went, without a traceback.

A public answer (``say_public``: a slash command's result the channel should read) goes through
the command's ``response_url`` as ``in_channel``. That URL takes 5 answers within 30 minutes;
past either Slack answers 404 and shows nothing, so the answer is then posted in the channel
(``chat.postMessage``), and where the channel refuses that too it reaches the person privately
as above; one warning line says so. Only Slack's refusal (an HTTP status) means the answer was
not shown: one sent whose reply never came (a timeout, a reset connection) is ``Unconfirmed``,
most likely shown, so a public one is not posted again. A private one is (the promise: never
lost, as one Slack did not take would be a refusal nobody hears of), as ``chat.postEphemeral``
with a line saying it may be a repeat (``AGAIN``): seen by one person, twice at worst, and
said why. Slack offers no way to ask whether a ``response_url`` answer was shown. A
``response_url`` is sent to once, never retried by slack_sdk (bolt's ``respond`` keeps its
default retry of a reset connection).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_bolt.async_app import AsyncRespond
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited
from integrations.slack.api import DEFAULT_TIMEOUT
from integrations.slack.render import render_text
from integrations.slack.workspace import SlackWorkspace

log = logging.getLogger(__name__)


class Unconfirmed(DeliveryError):
    """A ``response_url`` answer sent whose reply never came (a timeout, a reset connection):
    Slack may have shown it."""

# added to an answer sent as a direct message because the channel refused it
ELSEWHERE = ("(Sent here because socialops cannot post in the channel you used. Invite it "
             "there with /invite @socialops to get answers in place.)")
# added to a private answer sent again because its response_url never confirmed the first
AGAIN = ("(Sent again: Slack did not confirm the answer sent a moment ago, so you may see "
         "it twice.)")
# chat.postEphemeral answered 429 (its Retry-After, up to MAX_WAIT s) or a 5xx/timeout (a short
# backoff): Slack's own trouble for a moment, not the channel refusing the bot, so it is
# tried again (ATTEMPTS in all) before the answer goes elsewhere
ATTEMPTS = 3
BACKOFF = 0.5
MAX_WAIT = 10.0


class Answers:
    """Private answers for one workspace (``name``, for the log)."""

    def __init__(self, name: str, workspace: SlackWorkspace, *,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.name = name
        self.workspace = workspace
        self._sleep = sleep

    async def _ephemeral(self, channel: str, user: str, text: str, unlisted: int,
                         links: tuple[str, ...] = ()) -> None:
        """chat.postEphemeral, tried again over a 429 or a transient failure; raises the
        last error."""
        for attempt in range(ATTEMPTS):
            try:
                await self.workspace.post_ephemeral(channel, user, text, unlisted=unlisted,
                                                    links=links)
                return
            except PermanentDeliveryError:
                raise
            except RateLimited as exc:
                if attempt + 1 == ATTEMPTS or exc.retry_after > MAX_WAIT:
                    raise
                await self._sleep(exc.retry_after)
            except DeliveryError:
                if attempt + 1 == ATTEMPTS:
                    raise
                await self._sleep(BACKOFF * 2 ** attempt)

    async def say(self, respond: AsyncRespond | None, channel: str, user: str, text: str, *,
                  response_url: str | None = None, unlisted: int = 0,
                  links: tuple[str, ...] = ()) -> None:
        """``text`` to ``user`` only: through ``respond``'s ``response_url`` when there is
        one, else ``chat.postEphemeral`` in ``channel``; where Slack refuses that, through
        ``response_url`` (the one a form was opened with), else a direct message."""
        try:
            shown = text  # what chat.postEphemeral shows
            if respond is not None and respond.response_url:
                try:
                    await respond_ephemeral(respond, text, unlisted=unlisted, links=links)
                    return
                except Unconfirmed as exc:
                    # most likely shown, but a private answer is never lost (one Slack did not
                    # take would be a refusal nobody hears of): sent again, said to be a repeat
                    log.info("slack %s: response_url unconfirmed (%s); posting it again, "
                             "marked as a repeat", self.name, exc)
                    shown = f"{text}\n\n{AGAIN}"
                except DeliveryError as exc:  # expired or used up: post it instead
                    log.info("slack %s: response_url failed (%s); posting", self.name, exc)
            try:
                await self._ephemeral(channel, user, shown, unlisted, links)
                return
            except DeliveryError as exc:
                refused = exc
            how = await self._elsewhere(user, text, response_url=response_url,
                                        unlisted=unlisted, links=links,
                                        refused=isinstance(refused, PermanentDeliveryError))
            log.warning("slack %s: cannot answer %s in %s (%s); %s", self.name, user, channel,
                        refused, how or "a direct message failed too: the answer is lost")
        except Exception:  # a bug, not Slack refusing: keep the trace
            log.exception("slack %s: could not send an ephemeral reply", self.name)

    async def say_public(self, respond: AsyncRespond, channel: str, user: str, text: str, *,
                         unlisted: int = 0, links: tuple[str, ...] = ()) -> None:
        """``text`` for everyone in ``channel``: through ``respond``'s ``response_url``, else
        posted there, else to ``user`` alone (``say``)."""
        try:
            await respond_text(respond, text, response_type="in_channel", unlisted=unlisted,
                               links=links)
            return
        except Unconfirmed as exc:  # most likely shown: posted again, the channel read it twice
            log.warning("slack %s: a public answer to %s was sent through its response_url, "
                        "and Slack did not say whether it took it (%s); not posted again, so "
                        "the channel does not read it twice", self.name, user, exc)
            return
        except DeliveryError as exc:  # used up (5 answers) or expired (30 minutes)
            refused = exc
        try:
            await self.workspace.post_text(channel, text, unlisted=unlisted, links=links)
        except DeliveryError as exc:
            log.warning("slack %s: a public answer to %s: %s, and %s refused a post (%s); "
                        "answering privately", self.name, user, refused, channel, exc)
        else:
            log.warning("slack %s: a public answer to %s: %s; posted in %s instead",
                        self.name, user, refused, channel)
            return
        await self.say(None, channel, user, text, unlisted=unlisted, links=links)

    async def _elsewhere(self, user: str, text: str, *, response_url: str | None,
                         unlisted: int = 0, links: tuple[str, ...] = (),
                         refused: bool = True) -> str | None:
        """Where the answer went when ``chat.postEphemeral`` could not take it; None when
        nowhere."""
        if response_url:
            try:
                await respond_ephemeral(AsyncRespond(response_url=response_url), text,
                                        unlisted=unlisted, links=links)
                return "answered through the form's response_url"
            except DeliveryError as exc:  # expired (30 minutes) or used up (5 answers)
                log.info("slack %s: response_url failed: %s", self.name, exc)
        try:
            # the note about inviting the bot only where the channel refused it (not a 429)
            await self.workspace.post_text(user, f"{text}\n\n{ELSEWHERE}" if refused else text,
                                           unlisted=unlisted, links=links)
        except DeliveryError as exc:
            log.info("slack %s: direct message to %s failed: %s", self.name, user, exc)
            return None
        return "answered in a direct message"


async def respond_ephemeral(respond: AsyncRespond, text: str, *, unlisted: int = 0,
                            links: tuple[str, ...] = ()) -> None:
    """An ephemeral answer through a ``response_url``; raises DeliveryError when it fails."""
    await respond_text(respond, text, response_type="ephemeral", unlisted=unlisted, links=links)


async def respond_text(respond: AsyncRespond, text: str, *, response_type: str,
                       unlisted: int = 0, links: tuple[str, ...] = ()) -> None:
    """An answer through a ``response_url``, sent once; raises DeliveryError when Slack
    refused it or was never reached, Unconfirmed when it was sent and no answer came back
    (slack_sdk's webhook client returns Slack's refusal as a status instead of raising)."""
    if not respond.response_url:
        raise DeliveryError("slack response_url: none")
    msg = render_text(text, unlisted=unlisted, links=links)
    # unfurling off, as for every post (``SlackWorkspace.post_text``): an answer quotes
    # posts' addresses, and Slack unfurls an app message's media links by default
    body = {"text": msg.text, "response_type": response_type, "replace_original": False,
            "unfurl_links": False, "unfurl_media": False,
            **({"blocks": msg.blocks} if msg.blocks else {})}
    # bolt's respond() sends with slack_sdk's default retry handlers, which send the answer
    # again after a reset connection: shown twice when Slack had taken the first
    client = AsyncWebhookClient(url=respond.response_url, proxy=respond.proxy, ssl=respond.ssl,
                                timeout=DEFAULT_TIMEOUT, retry_handlers=[])
    try:
        response = await client.send_dict(body)
    except aiohttp.ClientConnectorError as exc:  # never reached Slack: nothing was shown
        raise DeliveryError(f"slack response_url: {type(exc).__name__}: {exc}") from exc
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        raise Unconfirmed(f"slack response_url: {type(exc).__name__}: {exc}") from exc
    if response.status_code >= 400:
        raise DeliveryError(f"slack response_url: HTTP {response.status_code}")
