"""Platform-neutral messages (Cards) going out, and user actions (Interactions) coming in.

A handler decides *what* to show as a Card; a workspace renderer (console, Slack Block Kit,
Discord embeds) decides *how*. Cards carry social text raw: escaping is the renderer's job, since
each platform has its own control characters. Clicks, reactions and slash commands come back as
Interactions, so handlers never see a vendor payload.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import AwareDatetime, Field, field_validator

from bot.core import networks
from bot.core.errors import SocialopsError
from bot.core.models import MessageRef, Record, unset
from bot.core.redact import Redaction
from bot.core.text import marked_answer, one_line

CardKind = Literal["alert", "ticket", "approval", "digest", "spike", "notice"]
ActionName = Literal[
    "claim", "unclaim", "resolve", "reopen", "snooze", "approve", "reject", "edit", "open",
    "retry", "link", "unlink", "reply", "withdraw",
]
# what a click may carry: a button action_id / custom_id naming anything else is none of ours
BUTTON_ACTIONS = frozenset(get_args(ActionName))
# What a reaction shortcut may do (``reactions:`` in a workspace's config): a card button's action.
REACTION_ACTIONS = ("claim", "unclaim", "resolve", "reopen", "snooze", "approve", "reject",
                    "retry")
# The one reaction with two uses, on every platform: the check mark resolves a ticket or, on an
# approval card, presses Approve. One way only: 👍 never resolves.
REACTION_ALIASES: dict[str, tuple[str, ...]] = {"resolve": ("approve",)}
_APPROVAL_KEY = re.compile(r"^A-[1-9][0-9]*$")  # an approval card's key: its draft's id


def late_approve(action: str, key: str) -> str | None:
    """The draft a reaction meant to approve, when the card it was on (``key``) is an approval
    card that no longer shows Approve (the draft was published, withdrawn, approved to go out
    later since the person read it): the approve is run without a version, which approves
    nothing and answers why, as a refused click is answered. None for any other card or
    reaction: 👍 on a ticket card is no approval and is left without a word."""
    presses_approve = action == "approve" or "approve" in REACTION_ALIASES.get(action, ())
    return key if presses_approve and _APPROVAL_KEY.match(key) else None


def late_reject(action: str, key: str) -> str | None:
    """``late_approve`` for ❌: the draft a reaction meant to reject, when the card it was on
    is an approval card that no longer shows Reject. The reject is run without a comment,
    which rejects nothing (a draft still pending is told a rejection needs one) and answers
    who decided it and where it stands. None for any other card or reaction."""
    return key if action == "reject" and _APPROVAL_KEY.match(key) else None


class Button(Record):
    action: ActionName
    label: str
    target: str  # the ticket / approval / signal id the action applies to
    style: Literal["primary", "danger", "default"] = "default"
    url: str | None = None  # for "open": a link button, no interaction comes back
    # The content hash of the version the card shows (Approve buttons): the click carries it
    # back, so it applies to that text and no later edit of it. A draft of two steps or more
    # adds the step the card shows (``<sha256 hex>@2``, ``step_version``): a click acts on it.
    version: str | None = None


VERSION_MARK = "#"
STEP_MARK = "@"
_BY_RULES = Redaction()  # a recorded error read back: see OutboxItem._visible
# the step is read whatever its number (a config may list 100 steps: "@100" was no version,
# so no click on that card approved anything); ASCII digits only, no leading zero
_VERSION = re.compile(r"^[0-9a-f]{12,64}(?:@[1-9][0-9]{0,5})?$")
_STEP = re.compile(r"^(?P<hash>.*)@(?P<step>[1-9][0-9]{0,5})$")


def step_version(content_hash: str, step: int) -> str:
    """An Approve button's version on a card showing ``step`` (1-based) of a draft of several:
    a click on a card that still shows step 1 after step 1 was passed approves nothing, as
    PagerDuty's and Hootsuite's approvers act on the step in front of them."""
    return f"{content_hash}{STEP_MARK}{step}"


def split_step(version: str) -> tuple[str, int | None]:
    """(content hash, the step its card showed, 1-based) from a click's version; ``None``:
    no step (a one-step draft, a typed hash, a card posted before steps were carried)."""
    m = _STEP.match(version.strip())
    return (m.group("hash"), int(m.group("step"))) if m else (version, None)


def button_value(target: str, version: str | None) -> str:
    """What a platform button carries back: ``A-3`` or ``A-3#<sha256 hex>``."""
    return f"{target}{VERSION_MARK}{version}" if version else target


def split_button_value(value: str) -> tuple[str, str | None]:
    """(target, version) from a button value; a value without a well-formed version (a card
    posted before versions existed) gives ``None``, which approves nothing."""
    target, mark, version = value.rpartition(VERSION_MARK)
    if mark and target and _VERSION.match(version):
        return target, version
    return value, None


def several_targets(action: str, values: Sequence[str]) -> str | None:
    """The answer to a reaction on a message carrying a button for ``action`` for each of
    several targets (an escalation notice of several tickets, one Claim button each: a
    reaction does not say which it means, and took the first without a word, the others
    pinging on); None for a message whose buttons for ``action`` name one."""
    targets = list(dict.fromkeys(split_button_value(v)[0] for v in values))
    if len(targets) < 2:
        return None
    return (f"{', '.join(one_line(t, 20) for t in targets)} each have a "
            f"{action.capitalize()} button on this message: a reaction does not say which; "
            "press the button of the one you mean")


class CardField(Record):
    name: str
    value: str
    # people's names (a network's handles) in ``value``: each holding a right-to-left letter is
    # isolated where the value is shown (``bot.core.text.marked_names``), as a title's author is
    # left out when empty, nearly every field (``unset``): the release before reads a queued
    # card (a rollback with cards in the outbox), and would fail on every card
    names: tuple[str, ...] = Field(default=(), exclude_if=unset)


class Card(Record):
    """What to post. ``key`` identifies the thing shown (ticket id, approval id, signal id) so an
    update card replaces the earlier message for the same key in the same channel."""

    kind: CardKind
    key: str
    title: str
    text: str = ""  # social text, raw and untrusted
    # people's names in ``text`` holding a right-to-left letter (a group or digest card's
    # "• @name (Mastodon): …" lines), each isolated where the text is shown
    # (``bot.core.text.marked_names``), as a field's ``names`` are; left out when empty (most
    # cards). Schema 17 / layout 11: the release before reads a queued card naming one as
    # damaged
    text_names: tuple[str, ...] = Field(default=(), exclude_if=unset)
    url: str | None = None
    network: str | None = None
    network_name: str | None = None  # how people read it ("Hacker News"), for renderers
    author: str | None = None
    author_url: str | None = None
    badges: tuple[str, ...] = ()  # sentiment, intent, language, ...
    fields: tuple[CardField, ...] = ()
    route: str | None = None
    status: str | None = None
    buttons: tuple[Button, ...] = ()
    mention_users: tuple[str, ...] = ()  # platform user ids the route explicitly pings
    mention_groups: tuple[str, ...] = ()  # platform group/role ids the route explicitly pings
    footer: str | None = None
    thread_note: str | None = None  # a history line to post in the card's thread on update
    # who the thread note pings (a handoff's new owner): person ids as a handler names them,
    # platform user ids once the outbox resolved them, as ``mention_users``
    thread_mention_users: tuple[str, ...] = ()
    # the thread note's own identity (its delivery's key, set by the outbox), by which a
    # workspace finds the note already added when a retry may repeat it
    thread_key: str | None = None
    created_at: AwareDatetime | None = None


InteractionVia = Literal["button", "reaction", "command", "modal", "text"]


def shown_again_when_deleted(card: Card) -> bool:
    """Whether an update of a card deleted from its channel (a moderator or an admin deleted
    the bot's message; Discord answers 10008 Unknown Message, Slack ``message_not_found``)
    posts it again: a ticket's or a draft's, still worked on, is; an alert's is not. An alert
    is a notice of one post: removed from the channel, it stays removed, whatever later
    happens to the post (its author's edit or delete, a label)."""
    return card.kind != "alert"


def shown_again(card: Card) -> Card:
    """``card`` as it is posted again after a deletion (``shown_again_when_deleted``): without
    its pings, which went out when it was first posted (a new message notifies every mention
    it holds: each person and group the route names was pinged a second time). Its thread
    note's pings, this change's own, stay."""
    return card.model_copy(update={"mention_users": (), "mention_groups": ()})


def verified_names(card: Card) -> tuple[str, ...]:
    """Names in the card a renderer may show as a link's label though they read as another
    site: the author's handle, on a network whose handles are domains their owners proved."""
    if not card.author or not card.network:
        return ()
    try:
        verified = networks.spec(card.network).verified_handles
    except SocialopsError:  # a network no longer installed: nothing is vouched for
        return ()
    return (card.author.removeprefix("@"),) if verified else ()


class Interaction(Record):
    """A person did something in a workspace."""

    workspace: str
    channel: str
    user: str  # platform user id, mapped to a person by the identity config
    via: InteractionVia
    action: str  # claim, resolve, approve, subscribe, ...
    target: str | None = None
    args: tuple[str, ...] = ()
    # e.g. {"to": "bob"} for unclaim, {"sha256": "<hash or prefix>"} for approve
    options: dict[str, str] = Field(default_factory=dict)
    comment: str | None = None
    message: MessageRef | None = None
    raw: dict[str, Any] = Field(default_factory=dict)


# What a chat account id looks like: Slack's U/W ids, Discord's snowflakes; elsewhere (the
# console) a short name. An id of another shape came from a request no platform sends, so no
# reply quotes it back and no link is made for it (``account_id_shaped``).
ACCOUNT_IDS = {"Slack": re.compile(r"[UW][A-Z0-9]{2,20}"), "Discord": re.compile(r"[0-9]{17,20}")}
ACCOUNT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def account_id_shaped(user: str, platform: str = "") -> bool:
    """Whether ``user`` reads as an account id of ``platform`` (any platform when unnamed)."""
    return ACCOUNT_IDS.get(platform, ACCOUNT_ID).fullmatch(user) is not None


def unlinked(platform: str, workspace: str, user: str) -> str:
    """What a person whose chat account is linked to no configured person is told, on every
    platform: how to get linked. The id is quoted only when it reads as one: a request's
    user id is text from outside, and hostile text quoted back could fill the answer or break
    the line an admin copies."""
    entry = (f"`{workspace}: \"{user}\"`" if account_id_shaped(user, platform)
             else f"your {platform} user id (this request's does not look like one)")
    # Discord's /socialops groups its verbs by help section: the email is the `what` option
    command = ("`/socialops people link` and your email" if platform == "Discord"
               else "`/socialops link <your email>`")
    return (f"Your {platform} account is not linked to a socialops person, so I cannot act for "
            f"you. Link it with {command} (in the console: `link <your "
            f"email>`), or ask an admin to add {entry} to your `identities:` under `people:` "
            "in socialops.yaml.")


class Reply(Record):
    """What a handler answers to an interaction (the typed outcome of every verb): done or
    refused, with the text to show. ``ephemeral`` replies go only to the actor."""

    text: str
    ephemeral: bool = True
    ok: bool = True
    # addresses the handler wrote into ``text`` itself (a published post's), never text it
    # quotes: a renderer that escapes links (Discord) keeps each, standing as a word, a link
    links: tuple[str, ...] = ()
    # lines of a listing after ``text`` that no chat would show: counted, not built
    # (bot.core.text.listing); a renderer counts them with the lines it leaves out
    unlisted: int = 0
    # a refusal about one argument alone (the verb's argument name, or an option: ``at``),
    # what a form's field is named (bot.core.forms): a chat that keeps a submitted form open
    # shows it under that field; None: about several, or about nothing the person typed
    field: str | None = None
    # people's names in ``text`` holding a right-to-left letter (a preview's "• @name on
    # Mastodon, …" samples): first on a line, one turned the line right to left, so each
    # renderer isolates them (``marked``, ``bot.core.text.isolates``) as a card's
    # ``text_names``; left out when empty (most answers)
    names: tuple[str, ...] = Field(default=(), exclude_if=unset)
    # not ok, yet the verb was done and written: what failed came after it (an approval
    # whose publish the network refused). Said as a refusal is, and not audited as the
    # verb's refusal: one click was an approval and a refused approve in the audit trail
    acted: bool = Field(default=False, exclude_if=unset)
    # a refusal whose audit row the handler wrote itself, in the write of what it found (a
    # decision refused as its draft had expired: the expiry written as that refusal), so
    # nobody writes a second row for the same click
    audited: bool = Field(default=False, exclude_if=unset)

    @classmethod
    def done(cls, text: str, *, public: bool = False, unlisted: int = 0,
             links: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> Reply:
        return cls(text=text, ok=True, ephemeral=not public, unlisted=unlisted, links=links,
                   names=names)

    def marked(self) -> str:
        """``text`` with its ``names``, and every other "@handle" holding a right-to-left
        letter, between the markers a renderer turns into FSI ... PDI once it has cleaned,
        escaped and cut it (``bot.core.text.marked_answer``, ``isolates``): the text a
        chat's renderer is given."""
        return marked_answer(self.text, self.names)

    def whole(self) -> str:
        """The text and, when lines were left unbuilt, a last line counting them (where the
        answer is printed, not rendered for a chat: the console)."""
        if not self.unlisted:
            return self.text
        return (f"{self.text}\n… and {self.unlisted:,} more line"
                f"{'s' if self.unlisted != 1 else ''}")

    @classmethod
    def refused(cls, text: str, *, field: str | None = None) -> Reply:
        return cls(text=text, ok=False, ephemeral=True, field=field)

    @classmethod
    def failed_after(cls, text: str) -> Reply:
        """The verb done and written, and what came after it failed (``acted``)."""
        return cls(text=text, ok=False, ephemeral=True, acted=True)


OutboxStatus = Literal["pending", "sent", "dead"]


# the outbox's hint for a delivery error it knows no fix of (``dead_hint``): ``why`` says none
GENERIC_HINT = "see the error; retry once fixed"


def delivery_id(key: str) -> str:
    """A delivery's short id (``d-1a2b3c4d``), from its outbox key: short enough for a Discord
    button's custom_id and to type in chat."""
    return "d-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def digest_id(key: str) -> str:
    """A digest card's short id (``digest-1a2b3c4d``), from its outbox key: what its "more not
    shown" line names, for ``why`` to list every post it holds."""
    return "digest-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


class OutboxItem(Record):
    """One message to deliver. ``key`` is the idempotency key (signal x route x channel for
    alerts; ``<card key>:<channel>:<revision>`` for updates). ``seq`` keeps per-channel order."""

    key: str
    seq: int = 0
    workspace: str
    channel: str
    card: Card
    update_of: str | None = None  # key of the earlier item whose message this one edits
    status: OutboxStatus = "pending"
    attempts: int = 0
    next_attempt_at: AwareDatetime
    last_error: str | None = None
    ref: MessageRef | None = None
    created_at: AwareDatetime
    # set by ``Store.claim_due`` for the worker, so a delivery needs no further reads:
    started: int = 0  # claims of this item so far; more than one: an attempt may have posted
    pace: AwareDatetime | None = None  # the channel's pace (theoretical arrival time)
    prior: MessageRef | None = None  # the message already posted for this card in the channel
    lane: str = ""  # "": the channel's posts; keys.EDITS: edits of a card already shown

    @field_validator("last_error", mode="before")
    @classmethod
    def _visible(cls, value: object) -> object:
        """One line of visible text, however it was stored: an error quotes a remote server
        (or an exception not ours, recorded as ``Type: message``), and ``why`` and ``outbox
        list`` print it to a terminal (errors.Quoting cleans ours when they are built; a
        release before 2026-12-01 stored them as sent). What the rules of a log line hide
        (tokens, webhook URLs' secrets, URL passwords) hidden too: the outbox records it so
        (with the config's secrets) since 2026-12-02, a release before kept it as it came."""
        return one_line(_BY_RULES(value), 2000) if isinstance(value, str) else value

    def dead_notice(self) -> str:
        """The card key of the ops channel's notice that this delivery was given up: one for
        each time it dies (``created_at`` is renewed by a retry), so a delivery retried and
        given up again is said again, not dropped as a copy of the first notice."""
        return f"dead:{self.key}:{self.created_at:%Y%m%d%H%M%S%f}"

    def dead_notice_at(self, ops_channel: str) -> str:
        """The outbox key that notice is queued under, to the ops channel ``ops_channel``."""
        return f"{self.dead_notice()}@{ops_channel}"

    def notice_subject(self) -> str | None:
        """The key of the delivery this item is the ops notice of (``dead_notice``: its card
        key, the ops channel after it; also a notice of before 2026-11-30, ``dead:<key>``);
        None for any other item."""
        if self.card.kind != "notice" or not self.card.key.startswith("dead:"):
            return None
        subject = self.card.key.removeprefix("dead:")
        head, _, stamp = subject.rpartition(":")
        return head if head and len(stamp) == 20 and stamp.isdigit() else subject

    def requeued(self, at: datetime) -> OutboxItem:
        """A dead delivery sent again (``socialops outbox retry``): pending from ``at``, with
        a fresh give-up window; its last error stays until a delivery replaces it."""
        return self.model_copy(update={"status": "pending", "next_attempt_at": at,
                                       "attempts": 0, "created_at": at})

    @classmethod
    def new(cls, *, key: str, workspace: str, channel: str, card: Card, now: datetime,
            update: bool = False) -> OutboxItem:
        """An item to deliver now. ``update=True`` edits the message already posted for
        ``card.key`` in that channel."""
        return cls(key=key, workspace=workspace, channel=channel, card=card,
                   update_of=card.key if update else None, next_attempt_at=now, created_at=now)
