"""What a Discord interaction means, independent of how it arrived (gateway or HTTP).

``parse`` turns the parts of an interaction payload into an ``Inbound``: a platform-neutral
``bot.core.cards.Interaction`` to run, a request to open the reject-comment modal or a form
(``bot.core.forms``: reply, draft and subscribe typed without their arguments), a subscription
to preview before a confirm button saves it, or a usage error to show. ``run`` asks the injected
identity mapping first (unlinked people get a clear answer without touching the handler) and
then the handler. Transports own the 3-second ack.

A submitted form becomes the line a person would type and goes through ``parse_command``; a
wrong one is answered with one ephemeral line naming the fields (Discord modals cannot show
errors inside them). The subscribe form answers with the preview of the last 7 days and a
**Subscribe** button (``CONFIRM_PREFIX`` + a token the store keeps for 15 minutes, the life of
an interaction token: ``StoredPreviews``, so any process of the deployment saves it, once).

Payload types: 1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE,
5 MODAL_SUBMIT.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot.core import forms
from bot.core import keys as K
from bot.core.cards import BUTTON_ACTIONS, Interaction, Reply, split_button_value, unlinked
from bot.core.commands import CommandError, ParsedCommand, parse_command
from bot.core.jsonbody import loads
from bot.core.models import MessageRef
from bot.core.ports import InteractionHandler
from bot.core.text import clean, grapheme_cut, isolates
from bot.core.verbs import VERBS
from integrations.discord import commands
from integrations.discord.escape import escape, escape_lines, link_target, safe_url
from integrations.discord.render import CONTENT_LIMIT, CUSTOM_ID_LIMIT, parse_custom_id

log = logging.getLogger(__name__)

Identity = Callable[[str, str], str | None]  # (workspace name, Discord user id) -> person id

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# The reject modal's custom_id: the prefix is as long as the reject button's own
# ("socialops:reject:"), so the modal of any target a button carries fits Discord's 100
# characters as the button did ("socialops-modal:reject:" + a target of 78 or more did not,
# and Discord refused the modal: the Reject button did nothing)
MODAL_PREFIX = "socialops-reject:"
OLD_MODAL_PREFIX = "socialops-modal:reject:"  # modals opened before; submitted after an upgrade
MODAL_TARGET_LIMIT = CUSTOM_ID_LIMIT - len(MODAL_PREFIX)
FORM_PREFIX = "socialops-form:"
CONFIRM_PREFIX = "socialops-confirm:"
CONFIRM_TTL = 15 * 60  # seconds: an interaction token's life
# a form submitted again with the same values within this many seconds is the same intent (a
# double press; Submit pressed again after Discord said "Something went wrong" in the modal,
# which stays open): run once, as Slack's forms are. Discord's submit carries nothing of the
# modal it came from (Slack's view id), so the key is who sent what, from where
FORM_ONCE_TTL = CONFIRM_TTL
# how long a form's run holds its lease (``run_once``): a second submit meanwhile is a double
# press; once it ends with no answer given (its process was killed), the form runs when sent
# again. Longer than a run takes, shorter than the 15 minutes a person may wait
FORM_RUN_LEASE = 60
TITLE_LIMIT, LABEL_LIMIT, PLACEHOLDER_LIMIT, INPUT_LIMIT = 45, 45, 100, 4_000
COMMENT_INPUT = "comment"
COMMENT_LIMIT = 1_000
_TARGET = re.compile(rf"\S{{1,{MODAL_TARGET_LIMIT}}}")
# What every interaction but a PING carries (discord-api-docs interactions/receiving-and-
# responding, "Interaction Object"): a snowflake user (member.user in a server, user in a DM),
# the channel's snowflake and the token the follow-up URL is built from
SNOWFLAKE = re.compile(r"[0-9]{1,20}")
TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,1000}")


@dataclass(frozen=True)
class Inbound:
    kind: Literal["run", "modal", "error", "ignore", "ping", "form", "preview", "confirm"]
    interaction: Interaction | None = None  # "run"; "preview": the preview to run
    # "modal": what is being rejected; "form": the verb; "confirm": the pending token
    target: str | None = None
    error: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # "form": what was given already
    line: str | None = None  # "preview": the subscribe line its button confirms
    once: str | None = None  # "run" of a form submitted: the key it runs once under

    @property
    def user(self) -> str | None:
        return self.interaction.user if self.interaction is not None else None


EXPIRED = Reply(text="This preview has expired (or was saved already); submit the form again.",
                ok=False)
SENT_ALREADY = Reply(text="This form was sent already; its answer is the one above. Nothing "
                          "was done twice.", ok=False)
SENDING = Reply(text="This form is being sent already; its answer comes above. If none comes "
                     "within a minute, send it again then.", ok=False)
BROKE = Reply(text="Something went wrong on our side; it has been logged.", ok=False)
ELSEWHERE = Reply(text="This socialops bot serves another Discord server; nothing was done here.",
                  ok=False)
# an interaction that names no channel (Discord sends one with every interaction of ours): run,
# it was a subscription or an audit row for a channel "" (gateway) or "None" (HTTP, once)
NO_CHANNEL = Reply(text="socialops works in a server's channels, and this came from none; "
                        "nothing was done.", ok=False)
# an application command whose data cannot be read (options of a shape Discord never sends),
# or one the tree does not know: answered, never "The application did not respond"
UNREADABLE = Reply(text="This command is not one socialops can run now (out of date, or "
                        "another app's); type /socialops to see the current ones.", ok=False)
# a button click or modal submit whose data cannot be read (a shape Discord never sends):
# answered, never "This interaction failed"
UNREADABLE_PART = Reply(text="This button or form could not be read (out of date, or another "
                             "app's); nothing was done.", ok=False)
# the interaction types answered with a line when their data cannot be read
ANSWERED_UNREAD = (APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT, MODAL_SUBMIT)


def unreadable(kind: object) -> Reply:
    """The line for an interaction of ``kind`` whose data cannot be read."""
    return UNREADABLE_PART if kind in (MESSAGE_COMPONENT, MODAL_SUBMIT) else UNREADABLE


def channel_of(payload: dict[str, Any]) -> object:
    """The channel an interaction was sent from, as Discord names it: ``channel_id``, or the
    id of its ``channel`` object (Discord sends both; discord-api-types marks ``channel_id``
    deprecated in favour of ``channel``, and discord.py 2.7 reads ``channel`` alone, and only
    of a channel type it knows). None when it names none."""
    channel = payload.get("channel_id")
    if channel is None and isinstance(payload.get("channel"), dict):
        channel = payload["channel"].get("id")
    return channel


def foreign(guild: object, served: str | None) -> bool:
    """Whether an interaction from ``guild`` (None: a direct message) is one a workspace
    serving ``served`` (its ``guild_id``) answers without running: a workspace with
    ``guild_id`` acts only in that server. Without ``guild_id`` every server is served."""
    return bool(served) and (guild is None or str(guild) != served)


def foreign_line(workspace: str, what: str, guild: object, served: str | None, *,
                 done: str = "answered, not run") -> str:
    """The one log line of a foreign interaction or reaction: where it came from, never its
    content."""
    where = "a direct message" if guild is None else f"server {str(guild)[:24]!r}"
    return (f"discord {workspace}: {what} from {where} {done} (this workspace serves server "
            f"{served})")


class Uncompleted:
    """What to log of an autocomplete about an option that completes nothing here (the
    command Discord holds is another version's). Discord asks at every keystroke: the first
    about each option is an INFO line, the rest DEBUG; the transport counts each."""

    def __init__(self, workspace: str, *, limit: int = 1_000) -> None:
        self.workspace = workspace
        self.limit = limit
        self._told: set[tuple[str, str]] = set()

    def log(self, verb: str, option: str) -> None:
        first = (verb, option) not in self._told and len(self._told) < self.limit
        if first:
            self._told.add((verb, option))
        log.log(logging.INFO if first else logging.DEBUG,
                "discord %s: an autocomplete for %s's %s, which completes nothing here, "
                "offered nothing (the command Discord holds is another version's)",
                self.workspace, verb, option)


class Previews(Protocol):
    """Subscriptions previewed and waiting for their Subscribe button (``CONFIRM_PREFIX`` + a
    token), each saved once, by who previewed it, within ``CONFIRM_TTL`` seconds: ``take``
    reads it, ``used`` marks it saved once the subscription is (so a failure between, or a
    process that dies there, leaves the button working; two presses at once are one
    subscription all the same: the channel's subscription of a line is one)."""

    async def put(self, user: str, line: str) -> str: ...

    async def take(self, token: str, user: str) -> str | None: ...

    async def used(self, token: str) -> None: ...


class Pending:
    """Previews in this process's memory, bounded: a bot without a store (tests, a
    workspace built alone). ``StoredPreviews`` is what ``socialops run`` keeps them in."""

    def __init__(self, *, limit: int = 1_000, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.limit = limit
        self.clock = clock
        self._items: OrderedDict[str, tuple[str, str, float]] = OrderedDict()

    async def put(self, user: str, line: str) -> str:
        token = secrets.token_hex(8)
        self._items[token] = (user, line, self.clock())
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return token

    async def take(self, token: str, user: str) -> str | None:
        """The line to confirm, only for who previewed it, till it is ``used``."""
        found = self._items.get(token)
        if found is None or found[0] != user or self.clock() - found[2] > CONFIRM_TTL:
            return None
        return found[1]

    async def used(self, token: str) -> None:
        self._items.pop(token, None)


class Marks(Protocol):
    """The store's expiring marks (``bot.core.ports.Store``)."""

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str: ...

    async def get_value(self, key: str) -> str | None: ...

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool: ...

    async def is_seen(self, key: str) -> bool: ...


class StoredPreviews:
    """Previews in the store, for ``CONFIRM_TTL`` seconds: the preview and its button are two
    interactions, each answered by whichever process Discord's event reached first (every
    ``web`` process holds a gateway session of its own; HTTP interactions go where the load
    balancer sends them) or by the process started since (a deploy, a crash). Kept in one
    process's memory, the button answered "expired" everywhere else. Taken once across
    processes: once saved, the token is marked used, and a later press anywhere is told so."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks

    async def put(self, user: str, line: str) -> str:
        token = secrets.token_hex(8)
        await self.marks.claim_value(K.previewed(token), json.dumps([user, line]), CONFIRM_TTL)
        return token

    async def take(self, token: str, user: str) -> str | None:
        raw = await self.marks.get_value(K.previewed(token))
        try:
            who, line = loads(raw) if raw is not None else (None, None)
        except (ValueError, TypeError):  # not a preview this code wrote: none to take
            return None
        if who != user or not isinstance(line, str):
            return None
        if await self.marks.is_seen(K.preview_used(token)):
            return None  # saved already (a second press, here or in another process)
        return line

    async def used(self, token: str) -> None:
        await self.marks.mark_seen(K.preview_used(token), CONFIRM_TTL)


async def previewed(inbound: Inbound, *, handler: InteractionHandler,
                    identity: Identity | None, previews: Previews) -> tuple[Reply, str | None]:
    """The subscribe form's preview, and the token of its Subscribe button (None when the
    subscription could not be saved as previewed, or the preview could not be kept)."""
    assert inbound.interaction is not None and inbound.line is not None
    reply = await run(Inbound("run", inbound.interaction), handler=handler, identity=identity)
    if not reply.ok:
        return reply, None
    try:
        return reply, await previews.put(inbound.interaction.user, inbound.line)
    except Exception:  # the store: the person is told, as a handler's failure is
        log.exception("discord: a subscription preview could not be kept")
        return BROKE, None


async def confirm(token: str, *, user: str, workspace: str, channel: str,
                  handler: InteractionHandler, identity: Identity | None,
                  previews: Previews) -> Reply:
    """The Subscribe button: the previewed line saved, once; ``EXPIRED`` when it is gone or
    saved. Marked used only once saved: a failure before (the store down, the process
    stopped) leaves the button to be pressed again."""
    try:
        line = await previews.take(token, user)
        if line is None:
            return EXPIRED
        reply = await run(confirmed(line, workspace=workspace, channel=channel, user=user),
                          handler=handler, identity=identity)
        if reply.ok:
            await previews.used(token)
        return reply
    except Exception:
        log.exception("discord: a subscription preview could not be read or marked saved")
        return BROKE


def form_payload(verb: str, values: dict[str, str] | None = None) -> dict[str, Any]:
    """A form's modal (interaction response type 9's ``data``): one text input per field."""
    values = values or {}
    rows = []
    for f in forms.FORMS[verb]:
        placeholder = f.placeholder or (", ".join(f.choices) if f.choices else "")
        field_: dict[str, Any] = {
            "type": 4, "custom_id": f.arg, "style": 2 if f.multiline else 1,
            "label": f.label[:LABEL_LIMIT], "required": not f.optional,
            "max_length": min(f.max_length, INPUT_LIMIT)}
        if placeholder:
            field_["placeholder"] = placeholder[:PLACEHOLDER_LIMIT]
        if values.get(f.arg):
            # cut between characters as drawn (half a flag 🇵 was shown), as Slack's form is
            given = str(values[f.arg])
            field_["value"] = given[:grapheme_cut(given, field_["max_length"])]
        rows.append({"type": 1, "components": [field_]})
    return {"custom_id": f"{FORM_PREFIX}{verb}", "title": forms.TITLES[verb][:TITLE_LIMIT],
            "components": rows}


def confirm_components(token: str) -> list[dict[str, Any]]:
    return [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Subscribe",
                                        "custom_id": f"{CONFIRM_PREFIX}{token}"}]}]


def _modal_values(data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in data.get("components") or ():
        for comp in (row.get("components") or ()) if isinstance(row, dict) else ():
            if isinstance(comp, dict) and isinstance(comp.get("custom_id"), str):
                out[comp["custom_id"]] = clean(str(comp.get("value") or ""))
    return out


def _once_key(base: dict[str, Any], cid: str, message: MessageRef | None,
              data: dict[str, Any]) -> str:
    """The key a form submission runs once under: who sent which form with which values,
    from which channel (and card)."""
    sent = json.dumps([base["workspace"], base["channel"], base["user"], cid,
                       message.message_id if message else None, _modal_values(data)],
                      sort_keys=True, default=str)
    return "form:" + hashlib.sha256(sent.encode()).hexdigest()[:32]


class FirstTime(Protocol):
    async def first_time(self, signature: str, *, ttl_seconds: int) -> bool | None: ...


class RunOnce(FirstTime, Protocol):
    async def forget(self, signature: str) -> bool: ...


async def run_once(parsed: Inbound, replays: RunOnce, *, handler: InteractionHandler,
                   identity: Identity | None) -> Reply:
    """``run`` for a "run" inbound: a form submitted again with the same values runs once.

    Two marks in the store every process shares. The run's lease (``FORM_RUN_LEASE``),
    taken first: a second submit while it is held is answered ``SENDING`` and runs nothing
    (a double press). And the mark that it ran (``FORM_ONCE_TTL``), written only once the run
    answered: a submit finding it is answered ``SENT_ALREADY``. A process killed between the
    two (after the lease, before the run's answer) left only the lease: the same form sent
    again once it ended runs, where a mark written before the run made it "sent already ...
    Nothing was done twice" for 15 minutes, with nothing done at all. At least once, not
    exactly once: a process killed after the run's own transaction and before its mark leaves
    a form that runs again when sent again after the lease (docs/discord.md, Limits). A run
    that broke (``BROKE``) leaves neither mark: sent again, it runs."""
    if parsed.kind != "run" or parsed.once is None:
        return await run(parsed, handler=handler, identity=identity)
    lease = f"{parsed.once}/run"
    if await replays.first_time(lease, ttl_seconds=FORM_RUN_LEASE) is False:
        return SENDING
    # Whether it ran already, asked by marking and taking the mark back (a ReplayCache reads
    # a mark only by making it): under the lease, no other process reads it meanwhile
    if await replays.first_time(parsed.once, ttl_seconds=FORM_ONCE_TTL) is False:
        await replays.forget(lease)
        return SENT_ALREADY
    if not await replays.forget(parsed.once):  # kept: the run is at most once, as before
        log.warning("discord: a form's mark could not be put off until its run answered")
    reply = await run(parsed, handler=handler, identity=identity)
    if reply is not BROKE:
        await replays.first_time(parsed.once, ttl_seconds=FORM_ONCE_TTL)
    await replays.forget(lease)
    return reply


def _submitted(verb: str, data: dict[str, Any], base: dict[str, Any],
               message: MessageRef | None) -> Inbound:
    values = _modal_values(data)
    result = forms.parse(verb, values)
    if isinstance(result, dict):
        return Inbound("error", error="; ".join(f"{k}: {v}" for k, v in result.items()))
    if verb == "subscribe":
        preview = parse_command(forms.preview_line(values))
        return Inbound("preview", _command(preview, base, via="modal"),
                       line=forms.line("subscribe", values))
    return Inbound("run", _command(result, base, via="modal", message=message),
                   once=_once_key(base, f"{FORM_PREFIX}{verb}", message, data))


def _command(parsed: ParsedCommand, base: dict[str, Any], *, via: str,
             message: MessageRef | None = None) -> Interaction:
    i = parsed.interaction(**base)
    return i.model_copy(update={"via": via, "message": message})


def confirmed(line: str, *, workspace: str, channel: str, user: str) -> Inbound:
    """The subscription a confirm button saves, as a command."""
    try:
        parsed = parse_command(line)
    except CommandError as exc:
        return Inbound("error", error=str(exc))
    return Inbound("run", _command(parsed, {"workspace": workspace, "channel": channel,
                                            "user": user}, via="button"))


def modal_payload(target: str) -> dict[str, Any]:
    """The reject-comment modal (interaction response type 9's ``data``): its custom_id is
    at most Discord's 100 characters for every target a reject button (100 at most) carries;
    ValueError for any other."""
    if not _TARGET.fullmatch(target):
        raise ValueError(f"no reject modal for a target of {len(target)} characters")
    return {
        "custom_id": f"{MODAL_PREFIX}{target}",
        "title": f"Reject {split_button_value(target)[0]}"[:45],
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
        cid = str(data.get("custom_id", ""))
        if len(cid) > CUSTOM_ID_LIMIT:  # Discord's limit: no button of ours carries it
            return Inbound("ignore")
        if cid.startswith(CONFIRM_PREFIX):
            return Inbound("confirm", Interaction(**base, via="button", action="subscribe"),
                           target=cid.removeprefix(CONFIRM_PREFIX))
        parsed = parse_custom_id(cid)
        if parsed is None or parsed[0] not in BUTTON_ACTIONS:  # socialops:frobnicate:T-1
            return Inbound("ignore")
        action, value = parsed
        target, version = split_button_value(value)
        if action == "reject":  # a value of at most MODAL_TARGET_LIMIT, as cid's length:
            # the modal carries its version too (a form submitted after an edit rejects nothing);
            # the interaction, for ``gate``: someone not linked is told before writing a word
            return Inbound("modal", Interaction(**base, via="button", action="reject",
                                               target=target), target=value)
        if action == "reply":  # the card's Reply button: the reply form, for this ticket
            return Inbound("form", Interaction(**base, via="button", action="reply"),
                           target="reply", values={"ticket": target})
        return Inbound("run", Interaction(**base, via="button", action=action, target=target,
                                          options={"sha256": version} if version else {},
                                          message=message))
    if kind == MODAL_SUBMIT:
        cid = str(data.get("custom_id", ""))
        if len(cid) > CUSTOM_ID_LIMIT:
            return Inbound("ignore")
        if cid.startswith(FORM_PREFIX) and cid.removeprefix(FORM_PREFIX) in forms.FORMS:
            return _submitted(cid.removeprefix(FORM_PREFIX), data, base, message)
        prefix = next((p for p in (MODAL_PREFIX, OLD_MODAL_PREFIX) if cid.startswith(p)), None)
        target = cid.removeprefix(prefix) if prefix else ""
        if not _TARGET.fullmatch(target):
            return Inbound("ignore")
        comment = _modal_comment(data)
        if not comment:
            return Inbound("error", error="A rejection needs a comment.")
        once = _once_key(base, cid, message, data)
        target, version = split_button_value(target)  # the text its card showed
        return Inbound("run", Interaction(**base, via="modal", action="reject", target=target,
                                          comment=comment, message=message,
                                          options={"sha256": version} if version else {}),
                       once=once)
    if kind == APPLICATION_COMMAND:
        try:
            verb, given = commands.given(data)
            if forms.missing(verb, given):  # a form asks for what the command left out
                return Inbound("form", Interaction(**base, via="command", action=verb),
                               target=verb, values={k: str(v) for k, v in given.items()
                                                    if v is not None})
            cmd = commands.parse(data)
        except ValueError as exc:  # CommandError carries the verb's usage
            return Inbound("error", error=str(exc))
        return Inbound("run", cmd.interaction(workspace=workspace, channel=channel, user=user))
    return Inbound("ignore")  # autocomplete and future types


def gate(inbound: Inbound, identity: Identity | None) -> Reply | None:
    """The answer for someone not linked, before a form opens or a preview runs."""
    i = inbound.interaction
    if i is None or identity is None or identity(i.workspace, i.user) is not None:
        return None
    return Reply(text=unlinked("Discord", i.workspace, i.user), ok=False)


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
        return BROKE


def _more(lines: int) -> str:
    return (f"… and {lines:,} more line{'s' if lines != 1 else ''}: the answer is longer than a "
            f"Discord message holds ({CONTENT_LIMIT:,} characters)")


def own_links(escaped: str, links: tuple[str, ...], *, limit: int = CONTENT_LIMIT) -> str:
    """``escaped`` (an escaped answer) with each of the handler's own addresses (``links``)
    made a link where it stands as a word of its own: ``<url>``, which Discord renders as a
    link in a message (an escaped ``https\\:\\/\\/…`` is text to copy by hand). Only whole
    words: glued to a quoted post's text (``\\[url\\]\\(…``, ``urlevil.example``) it stays
    escaped, so a post can forge no link; brackets in the address are percent-encoded
    (``link_target``), so it cannot close early. An address Discord would not take
    (``safe_url``) stays text. An address whose link would take the answer past ``limit``
    stays text too: percent-encoded, each of its characters past ASCII is 6 to 12 (an 'é',
    an emoji), where escaped it was one, and a message past Discord's 2,000 characters is
    refused whole (50035), the answer lost."""
    for url in dict.fromkeys(links):
        if safe_url(url) is None:
            continue
        linked = f"<{link_target(url)}>".replace("\\", "\\\\")
        made = re.sub(rf"(?<!\S){re.escape(escape(url))}(?=$|\s|[,;!?]|\\[.:)])",
                      linked, escaped, flags=re.M)
        if len(made) <= limit:
            escaped = made
    return escaped


def reply_payload(reply: Reply) -> dict[str, Any]:
    """A follow-up message body for ``reply``. Replies are ours but may echo what people typed
    or quote a draft, so nothing in them may ping and their markdown is escaped: a refused
    approval quotes the draft exactly as it reads."""
    # its right-to-left names isolated (``Reply.marked``), one character kept for the end
    # of an isolate the cut may leave out (``isolates``)
    marked = reply.marked()
    room = CONTENT_LIMIT - (1 if marked != reply.text else 0)
    text = isolates(own_links(escape_lines(marked, room, more=_more,
                                           unlisted=reply.unlisted), reply.links)) or (
        "Done." if reply.ok else "Failed.")
    body: dict[str, Any] = {"content": text, "allowed_mentions": {"parse": []}}
    if reply.ephemeral:
        body["flags"] = 64
    return body
