"""What a Discord interaction means, independent of how it arrived (gateway or HTTP).

``parse`` turns the parts of an interaction payload into an ``Inbound``: a platform-neutral
``bot.core.cards.Interaction`` to run, a request to open the reject-comment modal, or a usage error
to show. ``run`` asks the injected identity mapping first (unlinked people get a clear answer
without touching the handler) and then the handler. Transports own the 3-second ack.

Payload types: 1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE,
5 MODAL_SUBMIT.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.core.cards import Interaction, Reply, split_button_value, unlinked
from bot.core.models import MessageRef
from bot.core.ports import InteractionHandler
from bot.core.text import clean
from bot.core.verbs import VERBS
from integrations.discord import commands
from integrations.discord.escape import escape_cut
from integrations.discord.render import parse_custom_id

log = logging.getLogger(__name__)

Identity = Callable[[str, str], str | None]  # (workspace name, Discord user id) -> person id

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
MODAL_PREFIX = "socialops-modal:reject:"
COMMENT_INPUT = "comment"
COMMENT_LIMIT = 1_000
_TARGET = re.compile(r"^\S{1,80}$")


@dataclass(frozen=True)
class Inbound:
    kind: Literal["run", "modal", "error", "ignore", "ping"]
    interaction: Interaction | None = None
    target: str | None = None  # for "modal": what is being rejected
    error: str | None = None


def modal_payload(target: str) -> dict[str, Any]:
    """The reject-comment modal (interaction response type 9's ``data``)."""
    return {
        "custom_id": f"{MODAL_PREFIX}{target}",
        "title": f"Reject {target}"[:45],
        "components": [{"type": 1, "components": [{
            "type": 4, "custom_id": COMMENT_INPUT, "style": 2, "label": "Why? The author sees it",
            "min_length": 1, "max_length": COMMENT_LIMIT, "required": True,
        }]}],
    }


def _modal_comment(data: dict[str, Any]) -> str | None:
    for row in data.get("components") or ():
        for comp in (row.get("components") or ()) if isinstance(row, dict) else ():
            if isinstance(comp, dict) and comp.get("custom_id") == COMMENT_INPUT:
                return clean(str(comp.get("value") or ""), limit=COMMENT_LIMIT)
    return None


def parse(
    *,
    workspace: str,
    kind: int,
    data: dict[str, Any],
    user: str,
    channel: str,
    message_id: str | None = None,
) -> Inbound:
    """Never raises on hostile or malformed payloads: unknown shapes come back as "ignore"."""
    message = (
        MessageRef(workspace=workspace, channel=channel, message_id=message_id)
        if message_id else None
    )
    base = {"workspace": workspace, "channel": channel, "user": user}
    if kind == PING:
        return Inbound("ping")
    if kind == MESSAGE_COMPONENT:
        parsed = parse_custom_id(str(data.get("custom_id", "")))
        if parsed is None:
            return Inbound("ignore")
        action, value = parsed
        target, version = split_button_value(value)
        if action == "reject":
            return Inbound("modal", target=target)
        return Inbound("run", Interaction(**base, via="button", action=action, target=target,
                                          options={"sha256": version} if version else {},
                                          message=message))
    if kind == MODAL_SUBMIT:
        cid = str(data.get("custom_id", ""))
        target = cid.removeprefix(MODAL_PREFIX)
        if not cid.startswith(MODAL_PREFIX) or not _TARGET.match(target):
            return Inbound("ignore")
        comment = _modal_comment(data)
        if not comment:
            return Inbound("error", error="A rejection needs a comment.")
        return Inbound("run", Interaction(**base, via="modal", action="reject", target=target,
                                          comment=comment, message=message))
    if kind == APPLICATION_COMMAND:
        try:
            cmd = commands.parse(data)
        except ValueError as exc:  # CommandError carries the verb's usage
            return Inbound("error", error=str(exc))
        return Inbound("run", cmd.interaction(workspace=workspace, channel=channel, user=user))
    return Inbound("ignore")  # autocomplete and future types


async def run(
    inbound: Inbound,
    *,
    handler: InteractionHandler,
    identity: Identity | None,
) -> Reply:
    """The reply for a "run" or "error" inbound."""
    if inbound.kind == "error" or inbound.interaction is None:
        return Reply(text=inbound.error or "I could not understand that.", ok=False)
    i = inbound.interaction
    if (i.action != "help" and not (i.action in VERBS and VERBS[i.action].unlinked)
            and identity is not None and identity(i.workspace, i.user) is None):
        return Reply(text=unlinked("Discord", i.workspace, i.user), ok=False)
    try:
        return await handler.handle(i)
    except Exception:  # the person must get an answer even when a handler breaks
        log.exception("discord: handler failed for %s %s", i.action, i.target)
        return Reply(text="Something went wrong on our side; it has been logged.", ok=False)


def reply_payload(reply: Reply) -> dict[str, Any]:
    """A follow-up message body for ``reply``. Replies are ours but may echo what people typed
    or quote a draft, so nothing in them may ping and their markdown is escaped: a refused
    approval quotes the draft exactly as it reads."""
    text = escape_cut(reply.text, 2_000) or ("Done." if reply.ok else "Failed.")
    body: dict[str, Any] = {"content": text, "allowed_mentions": {"parse": []}}
    if reply.ephemeral:
        body["flags"] = 64
    return body
