"""Answering one person privately, so that the answer is never lost: ``Answers.say``.

An answer goes through the interaction's ``response_url`` when there is one (a slash command,
a button), else as ``chat.postEphemeral`` in the channel. Slack refuses an ephemeral message
where the bot cannot post (``not_in_channel``: a form submitted in a channel the bot was never
invited to; an archived or deleted channel). The answer then goes through the ``response_url``
the form was opened with (``integrations.slack.forms`` keeps it), which works in any channel
for 30 minutes, else as a direct message from the bot (``chat.postMessage`` to the user id,
which opens that conversation with the ``chat:write`` scope the bot has). Either way one
warning line says where the answer went, without a traceback.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_bolt.async_app import AsyncRespond

from bot.core.errors import DeliveryError
from integrations.slack.render import render_text
from integrations.slack.workspace import SlackWorkspace

log = logging.getLogger(__name__)

# added to an answer sent as a direct message because the channel refused it
ELSEWHERE = ("(Sent here because socialops cannot post in the channel you used. Invite it "
             "there with /invite @socialops to get answers in place.)")


class Answers:
    """Private answers for one workspace (``name``, for the log)."""

    def __init__(self, name: str, workspace: SlackWorkspace) -> None:
        self.name = name
        self.workspace = workspace

    async def say(self, respond: AsyncRespond | None, channel: str, user: str, text: str, *,
                  response_url: str | None = None, unlisted: int = 0) -> None:
        """``text`` to ``user`` only: through ``respond``'s ``response_url`` when there is
        one, else ``chat.postEphemeral`` in ``channel``; where Slack refuses that, through
        ``response_url`` (the one a form was opened with), else a direct message."""
        try:
            if respond is not None and respond.response_url:
                try:
                    await respond_ephemeral(respond, text, unlisted=unlisted)
                    return
                except DeliveryError as exc:  # expired or used up: post it instead
                    log.info("slack %s: response_url failed (%s); posting", self.name, exc)
            try:
                await self.workspace.post_ephemeral(channel, user, text, unlisted=unlisted)
                return
            except DeliveryError as exc:
                refused = exc
            how = await self._elsewhere(user, text, response_url=response_url,
                                        unlisted=unlisted)
            log.warning("slack %s: cannot answer %s in %s (%s); %s", self.name, user, channel,
                        refused, how or "a direct message failed too: the answer is lost")
        except Exception:  # a bug, not Slack refusing: keep the trace
            log.exception("slack %s: could not send an ephemeral reply", self.name)

    async def _elsewhere(self, user: str, text: str, *, response_url: str | None,
                         unlisted: int = 0) -> str | None:
        """Where the answer went when ``chat.postEphemeral`` could not take it; None when
        nowhere."""
        if response_url:
            try:
                await respond_ephemeral(AsyncRespond(response_url=response_url), text,
                                        unlisted=unlisted)
                return "answered through the form's response_url"
            except DeliveryError as exc:  # expired (30 minutes) or used up (5 answers)
                log.info("slack %s: response_url failed: %s", self.name, exc)
        try:
            await self.workspace.post_text(user, f"{text}\n\n{ELSEWHERE}", unlisted=unlisted)
        except DeliveryError as exc:
            log.info("slack %s: direct message to %s failed: %s", self.name, user, exc)
            return None
        return "answered in a direct message"


async def respond_ephemeral(respond: AsyncRespond, text: str, *, unlisted: int = 0) -> None:
    """An ephemeral answer through a ``response_url``; raises DeliveryError when it fails
    (slack_sdk's webhook client returns Slack's refusal as a status instead of raising)."""
    msg = render_text(text, unlisted=unlisted)
    try:
        response = await respond(text=msg.text, blocks=msg.blocks, response_type="ephemeral",
                                 replace_original=False)
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
        raise DeliveryError(f"slack response_url: {type(exc).__name__}: {exc}") from exc
    if response.status_code >= 400:
        raise DeliveryError(f"slack response_url: HTTP {response.status_code}")
