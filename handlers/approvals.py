"""Approvals of outgoing posts: draft → pending → approved → publishing → published (or
rejected, expired, failed).

- Who may approve is configured as ordered steps; each step needs ``any`` or ``all`` of its
  approvers (person ids, ``group:<name>``, ``role:<name>``). Nobody approves a post they wrote:
  whoever drafted it or edited any version of it is one of its authors, and ``all`` means all
  of the step's approvers but its authors. Nobody passes two steps of one text: whoever
  approved it at a step is no approver of a later one. Until a step is complete the answer
  says who it still needs.
- An approval repeated by the same person for the same text (a double click, an event
  redelivered to another process) is answered as done, with where the draft stands; nothing is
  written and nothing is refused.
- An approval is bound to text: every Approve (button, reaction, command) names the sha256 of
  the version the person saw (``shown_hash``, the full hash or a prefix of at least
  ``MIN_HASH_PREFIX`` hex digits). A different current version is refused, and no hash at all
  approves nothing: either answer is what an approver needs to approve in a second step, the
  current text's hash, where its card shows the whole draft, and a one-line excerpt of at most
  ``EXCERPT`` characters to recognise it by (never the whole draft: a 3,000-character quote
  buries the command, and the hash, not the excerpt, names what gets approved).
- Expiry is checked when someone decides, not only when the expiry timer runs: a decision after
  ``expires_at`` marks the draft expired and is refused.
- A rejection needs a comment. An edit sends the draft back to pending at step 1, and every
  decision records the sha256 of the exact text it applied to. A draft or edit that shows
  nothing (only spaces, invisible or format characters) is refused.
- Scheduled publishing: a draft may carry ``publish_at`` (``draft ... at=<when>``,
  ``schedule A-3 <when>``, ``schedule A-3 off``; its author or a lead, as ``edit``). Approved
  before that time, it waits under a durable ``publish_at:<id>`` timer, which publishes it
  through the same claim as below (once, whichever process takes it, after a restart too; a
  post going out more than ``handlers.cards.LATE`` after its time says by how much). Approved
  after its time, it publishes at once. An edit sends it back to approval and keeps its
  time; a rejected or expired draft has no timer. A scheduled draft waits for approval until
  its time or ``expire_hours`` after drafting, whichever is later.
- Publishing happens once. The last approval schedules a ``publish`` timer in the same
  transaction, and the approver's process publishes at once. Publishing is claimed first:
  ``approved → publishing`` under a lease (a compare-and-set), so two processes, a double click
  or a restart never publish twice. A process that dies mid-publish leaves the approval
  ``publishing``; its timer fires again after the lease (``approvals.publish_lease_seconds``),
  and the next claim tells the publisher that an earlier attempt may have posted (networks
  without idempotency keys then look for their own post first). The publisher also gets an
  idempotency key derived from the approval and its text hash.
- Two answers to one customer (Sprout Social's collision detection, shown to whoever works the
  message): approving a reply while another reply to the same post (``reply_to``) is pending,
  approved, being published, or was published in the last ``ANSWERED_SECONDS``, says so in
  the approve's answer, on its line, without refusing (a second answer may be meant). The
  live ones are read through the status index (``list_approvals(status=...)``: the drafts
  not published yet); the published ones through a mark per post (``keys.answered``),
  written with the "published" transition and expiring after ``ANSWERED_SECONDS`` (its list
  read in the store's write, ``Effects.mark_first``, so two replies published at once are
  both in it), never the published index, which grows for ever. A reply published before
  this release wrote no mark and is not named.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import keys as K
from bot.core import networks, replies
from bot.core.cards import OutboxItem, Reply, split_step
from bot.core.config import ApprovalsConfig, ChannelConfig
from bot.core.effects import Effects
from bot.core.errors import (
    ClaimEnded,
    PublishError,
    PublishNotSent,
    PublishUncertain,
    RateLimited,
    Refusal,
    SocialopsError,
    StoreError,
    UnreadableRecord,
)
from bot.core.jsonbody import loads
from bot.core.models import (
    Approval,
    ApprovalStep,
    ChannelRef,
    Decision,
    HistoryEntry,
    MessageRef,
    Network,
    Signal,
    Trace,
)
from bot.core.ports import (
    PUBLISH_CLAIM,
    PUBLISH_CLAIMS_LOSSY,
    PUBLISH_DRAFTED,
    PUBLISH_NOT_BEFORE,
    PUBLISH_POSTED_AS,
    Clock,
    DueTimer,
    HomedPublisher,
    LimitedPublisher,
    Publisher,
    PublishResult,
    SignedPublisher,
    Transactions,
)
from bot.core.redact import Redaction
from bot.core.text import (
    MAX_BLANK_RUN,
    SHOWN_MARKS,
    as_shown,
    at_handle,
    blanks_cut,
    hidden,
    is_blank,
    marks_cut,
    one_line,
    shown_id,
    truncate,
)
from bot.core.when import publish_time, shown_at
from handlers.audit import Audit
from handlers.cards import (
    CLAIMED,
    EDITED,
    POSTING_AS,
    POSTPONED,
    UNCERTAIN_TRIES,
    UNCONFIRMED,
    UNSENT,
    WITHDRAWN,
    CardLink,
    approval_card,
    ends_with_next_try,
    error_before_edit,
    error_said,
    last_try_unconfirmed,
    late_by,
    possible_posters,
    possible_posts,
    published_links,
    put_off_until,
    unconfirmed_tries,
    where_is,
    where_published,
    withdrawal,
    withdrawn_by,
)
from handlers.identity import Directory

log = logging.getLogger(__name__)

MIN_HASH_PREFIX = 12  # hex digits a typed approve must give (48 bits): cards show 16
SHOWN_HASH = 16
EXCERPT = 200  # characters of the draft quoted, on one line, in an answer; the card has it whole
MAX_REASON = 500  # characters of a withdrawal's reason kept, on one line
SCHEDULABLE = ("pending", "approved")
WITHDRAWABLE = ("pending", "approved")  # approved: waiting for its time or its publish timer
ANSWERED_SECONDS = 24 * 3600  # a reply published this long ago is named to the next one's approver
ANSWERED_KEPT = 5  # ids a post's mark keeps, newest first
LIVE = ("pending", "approved", "publishing")
# a post a try's call made after its claim was taken over (a withdraw, then an edit; the next
# claim): recorded in the history of the draft, whatever it became (``_record_late``)
LATE_POST = "posted after its claim ended"
# the history actions (CLAIMED, POSTPONED, UNCONFIRMED, UNSENT, EDITED) and UNCERTAIN_TRIES are
# handlers.cards', which says a next try from them
UNCERTAIN_WAIT = 60.0  # seconds before the second try, doubling
LONGEST_WAIT = 24 * 3600.0  # seconds a 429 may put a publish off at once
LONGEST_RETRY_FLOOR = 3600.0  # the longest wait postponements in a row impose of their own
Change = Callable[[Approval], Approval]  # Refusal: why not
# (workspace, channel, user id) -> why that account is gone there (``their Slack account is
# deactivated``), or None: it is not, or the chat did not say (handlers.tickets' ``Left``)
Left = Callable[[str, str, str], Awaitable[str | None]]

# a draft with nowhere to show it: said, with what to set, when it is written (the CLI too)
# a draft still waiting: to be decided, for its time, or being published
WAITING = ("pending", "approved", "publishing")
NO_CARD = ("no card is posted, as no approvals channel is configured: set approvals.channel in "
           "socialops.yaml")


class ApprovalReads(Protocol):
    async def get_approval(self, approval_id: str) -> Approval | None: ...
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...
    async def get_value(self, key: str) -> str | None: ...
    async def get_raw(self, kind: str, record_id: str) -> str | None: ...
    async def next_number(self, counter: str) -> int: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def get_trace(self, mention_id: str) -> Trace | None: ...


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def authors_of(approval: Approval) -> set[str]:
    """Everyone who put words into the draft: its drafter and every editor of any version.
    None of them may approve it (an editor's words persist into later versions)."""
    return {approval.author, *(d.person for d in approval.decisions if d.verdict == "edit")}


class _Already(Refusal):
    """This person's approval of this text is recorded already: answered as done."""


def since_edit(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """The decisions made since the last edit: an edit sends the draft back to step 1 and
    voids every approval before it, even of the same text (one edited and edited back, or
    saved unchanged), as Hootsuite and Sprout Social void an approval when a post is edited."""
    for at in range(len(decisions) - 1, -1, -1):
        if decisions[at].verdict == "edit":
            return decisions[at + 1:]
    return decisions


def _approved_by(a: Approval, person: str, decisions: tuple[Decision, ...] | None = None, *,
                 step: int | None = None) -> bool:
    """Whether ``person`` approved the current text (at ``step``, when given) since its last
    edit."""
    return any(d.person == person and d.verdict == "approve"
               and d.content_hash == a.content_hash and (step is None or d.step == step)
               for d in since_edit(a.decisions if decisions is None else decisions))


def _approvals_before(a: Approval, step: int) -> Iterator[Decision]:
    """The approvals of the current text at steps before ``step``, since its last edit."""
    return (d for d in since_edit(a.decisions) if d.verdict == "approve"
            and d.content_hash == a.content_hash and d.step < step)


def passed_earlier_step(a: Approval, person: str) -> int | None:
    """The earlier step (0-based) at which ``person`` approved the current text, if any. A
    later step is a second pair of eyes: one person able to approve at two steps (an admin
    matches every ``role:``) must not pass both."""
    return next((d.step for d in _approvals_before(a, a.current_step) if d.person == person),
                None)


def _expired(approval: Approval, now: datetime) -> bool:
    return (approval.status == "pending" and approval.expires_at is not None
            and approval.expires_at <= now)


def _current(approval: Approval, card: str) -> str:
    """How to approve the current text: its hash, a bounded excerpt to recognise it by, and
    ``card``, the sentence saying where it is whole. The excerpt is one line of at most
    ``EXCERPT`` characters, and is said to be the text only when it is, character for
    character."""
    short = approval.content_hash[:SHOWN_HASH]
    excerpt = one_line(approval.text, EXCERPT)
    if excerpt == approval.text:
        quoted = f"It reads “{excerpt}” (content sha256 {short})."
    else:
        quoted = (f"It begins “{excerpt}” ({len(approval.text):,} characters, content sha256 "
                  f"{short}).")
    return (f"{quoted} {card} To approve exactly that text, press Approve on its card or "
            f"type `approve {approval.id} {short}`.")


def hash_matches(approval: Approval, shown_hash: str) -> bool:
    """Whether the hash an approver typed, 12 hex digits or more, names the current text and
    no earlier version. A draft's author can find two texts whose hashes begin alike (a birthday
    search: 2^24 tries for 12 digits, seconds), draft one and edit to the other just before an
    approver types the first's: a prefix of both approved the second."""
    shown = shown_hash.strip().lower()
    return (len(shown) >= MIN_HASH_PREFIX and approval.content_hash.startswith(shown)
            and not any(h.startswith(shown) and h != approval.content_hash
                        for h in approval.earlier_hashes))


def in_reply_to(handle: str, text: str) -> str:
    """An approval's ``reply_context``: the post it answers, as its approvers see it."""
    return f"{at_handle(handle)}: {truncate(text, 300)}"


def _planrow(raw: str | None) -> tuple[str, int] | None:
    """The draft and version a ``planrow`` record holds (``ApprovalService.draft_once``), or
    None when there is none or it cannot be read (hand-edited)."""
    try:
        data = loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    held, version = data.get("approval"), data.get("version")
    if not isinstance(held, str) or type(version) is not int or version < 0:
        return None
    return held, version


@dataclass(frozen=True)
class LeftOut:
    """What ``as_shown`` left out of a draft as typed: invisible characters, combining
    marks past ``SHOWN_MARKS`` on one letter, and blanks past ``MAX_BLANK_RUN`` in a row."""

    invisible: int = 0
    marks: int = 0
    blanks: int = 0

    def __bool__(self) -> bool:
        return bool(self.invisible or self.marks or self.blanks)


# characters of a draft as typed: more than any network takes in a post (Reddit's comment
# 10,000, a Mastodon server's raised limit), so only a hostile or mistaken text is refused.
# ``as_shown`` reads a draft whole (it is published whole), and reading a 10 MB text took
# seconds of the event loop's CPU before the network's limit could refuse it
MAX_DRAFT_READ = 100_000


def draft_text(text: str) -> tuple[str, LeftOut]:
    """A draft as its card shows it and as it is published (``as_shown``: a flag platforms do
    not draw is a black flag without its tag characters; a letter keeps ``SHOWN_MARKS``
    combining marks), and what was left out (``left_out``). A text longer than
    ``MAX_DRAFT_READ`` is refused (``Refusal``) before any of it is read."""
    if len(text) > MAX_DRAFT_READ:
        raise Refusal(f"the text is {len(text):,} characters, more than a draft may be "
                      f"({MAX_DRAFT_READ:,}, longer than any network's post): shorten it",
                      field="text")
    return as_shown(text), LeftOut(hidden(text), marks_cut(text), blanks_cut(text))


def left_out(left: LeftOut) -> str:
    """What the author of a draft is told of what it was typed with and the card cannot show
    (``as_shown``), so that it is neither approved nor published: invisible characters, and
    the marks past the ``SHOWN_MARKS`` a card stacks on one letter (the approver approves what
    is posted, as in Hootsuite or Sprout; the author is told it differs from what they
    wrote)."""
    said = []
    if n := left.invisible:
        said.append(f"{n} invisible character{'s' if n != 1 else ''} left out: zero-width, "
                    "bidi, tag or control characters, which the card cannot show")
    if n := left.marks:
        said.append(f"{n} combining mark{'s' if n != 1 else ''} left out: a card shows at most "
                    f"{SHOWN_MARKS} on one letter")
    if n := left.blanks:
        said.append(f"{n} blank character{'s' if n != 1 else ''} left out: a card shows at most "
                    f"{MAX_BLANK_RUN} in a row (braille blanks, em or ideographic spaces)")
    return f" ({'; '.join(said)})" if said else ""


def too_long(problem: str, kept: str) -> str:
    """A draft the network would refuse, said when it is written rather than after approval."""
    return f"{problem}; shorten it ({kept})"


def publish_timer(approval_id: str) -> str:
    return K.timer(K.PUBLISH, approval_id)


def expiry_timer(approval_id: str) -> str:
    return K.timer(K.EXPIRY, approval_id)


def scheduled_timer(approval_id: str) -> str:
    """``publish_at:<id>``: an approved draft's scheduled time."""
    return K.timer(K.PUBLISH_AT, approval_id)


def waits(approval: Approval, now: datetime) -> bool:
    """Whether the draft is scheduled for a time still to come."""
    return approval.publish_at is not None and approval.publish_at > now


def timer_due(approval: Approval, now: datetime) -> bool:
    """Whether an approved draft's time has come and its timer has not run yet: nothing has
    claimed it (the bot was down at its time, or the timer loop has not reached it), so it is
    scheduled, not being published. A draft a try has met (a 429's wait, a 502's next try)
    says that try instead."""
    return (approval.status == "approved" and approval.publish_at is not None
            and approval.publish_at <= now and next_try(approval) is None
            and put_off_until(approval) is None
            and (approval.error is None or error_before_edit(approval)))


class ApprovalService:
    def __init__(
        self,
        reads: ApprovalReads,
        applier: Transactions,
        *,
        clock: Clock,
        audit: Audit,
        directory: Directory,
        config: ApprovalsConfig,
        channels: Mapping[str, ChannelConfig],
        publishers: Mapping[str, Publisher],
        owner: str = "main",
        link: CardLink | None = None,
        zones: Mapping[str, str] | None = None,
        redact: Callable[[str], str] | None = None,
        left: Left | None = None,
        claims_lossy: bool | None = None,
    ) -> None:
        self.link = link
        # why an approver's account in a workspace is gone (deactivated, left the server),
        # asked when an approval is recorded and the step still waits for them; None: ask nobody
        self.left = left
        # a failed publish's error as it is kept (its cards, answers, `why`): the network's
        # answer may echo the token it was sent or name a URL holding one
        self.redact = redact or Redaction()
        # each workspace's ``timezone:``, where one is configured: times typed there are read
        # on its clock, and its cards and answers show them on it beside UTC
        self.zones = dict(zones or {})
        self.reads = reads
        # whether the store can lose a claim it acknowledged (a Redis), a first try then looking
        # for a post too (PUBLISH_CLAIMS_LOSSY); None: as the store says (one without the mark,
        # a test's reads, cannot)
        self.claims_lossy = (bool(getattr(reads, "may_lose_writes", False))
                             if claims_lossy is None else claims_lossy)
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.directory = directory
        self.config = config
        self.channels = channels
        self.publishers = publishers  # by source/account id
        self.owner = owner

    # -- drafting ----------------------------------------------------------------------------

    async def draft(self, *, text: str, network: Network, account: str, author: str,
                    reply_to: str | None = None, reply_context: str = "",
                    ticket_id: str | None = None, publish_at: datetime | None = None,
                    workspace: str | None = None) -> tuple[Approval | None, Reply]:
        """``publish_at``: not before this time, once approved (``when`` reads it);
        ``workspace``: where the author typed it, whose zone the answer shows."""
        try:
            text, left = draft_text(text)
        except Refusal as exc:
            return None, Reply.refused(exc.message, field=exc.field)
        if reply_to is None and (problem := self.new_post_problem(account)):
            return None, Reply.refused(f"{problem}; nothing was drafted")
        if reply_to is not None and (problem := await self.read_elsewhere(reply_to, account)):
            return None, Reply.refused(problem)
        if (found := await self._draft_problem_at(text, network=network, account=account)):
            return None, Reply.refused(found[1], field=found[0])
        reply_url = (await self.reply_address(reply_to, account) if reply_to is not None
                     else None)
        approval, fx = await self._drafting(
            text, network=network, account=account, author=author, reply_to=reply_to,
            reply_url=reply_url, reply_context=reply_context, ticket_id=ticket_id,
            publish_at=publish_at)
        await self.applier.apply(fx)
        return approval, self._drafted(approval, publish_at, workspace, left)

    async def draft_once(self, key: str, *, text: str, network: Network, account: str,
                         author: str, publish_at: datetime | None = None
                         ) -> tuple[Approval | None, Reply, bool]:
        """``draft``, made once under ``key`` (a plan's row: ``bot.app.bulk``) while the draft
        it names waits: True and the new draft, or False and the one still waiting (drafted
        meanwhile by another process: two runs of one plan at once each read no waiting draft
        of the row; the second to write conflicts on the key, decides again and finds the
        first's). A key whose draft was decided since (published, rejected, expired) is
        replaced: that row is drafted again."""
        try:
            text, left = draft_text(text)
        except Refusal as exc:
            return None, Reply.refused(exc.message), False
        if (problem := self.new_post_problem(account)):  # a plan's row replies to nothing
            return None, Reply.refused(f"{problem}; nothing was drafted"), False
        if (problem := await self.draft_problem(text, network=network, account=account)):
            return None, Reply.refused(problem), False

        async def decide() -> tuple[Effects, tuple[Approval, bool]]:
            raw = await self.reads.get_raw(K.DRAFTED_ONCE, key)
            held = _planrow(raw)
            if held is not None:
                waiting = await self.reads.get_approval(held[0])
                if waiting is not None and waiting.status in WAITING:
                    return Effects(), (waiting, False)
            approval, fx = await self._drafting(text, network=network, account=account,
                                                author=author, publish_at=publish_at)
            version = 0 if held is None else held[1] + 1
            data = json.dumps({"approval": approval.id, "version": version})
            if raw is not None and held is None:
                # damaged (hand-edited): it names no draft and has no version to swap from,
                # so it is replaced whole (a traceback here stopped every run at this row);
                # two runs meeting such a record at the same moment may both draft the row
                log.warning("planrow %s cannot be read (%s); replaced, naming %s", key,
                            one_line(raw, 80), approval.id)
                fx.put(K.DRAFTED_ONCE, key, data)
            else:
                fx.swap(K.DRAFTED_ONCE, key, data, version=version,
                        expected=None if held is None else version - 1)
            return fx, (approval, True)

        approval, made = await self.applier.run(decide, what="draft")
        if not made:
            return approval, Reply.done(f"already drafted as {approval.id} ({approval.status}): "
                                        "not again"), False
        return approval, self._drafted(approval, publish_at, None, left), True

    async def _drafting(self, text: str, *, network: Network, account: str, author: str,
                        reply_to: str | None = None, reply_url: str | None = None,
                        reply_context: str = "", ticket_id: str | None = None,
                        publish_at: datetime | None = None) -> tuple[Approval, Effects]:
        """A new draft of ``text`` (checked) and the effects that write it and its card."""
        number = await self.reads.next_number(K.counter_for(K.APPROVAL))
        now = self.clock()
        channels: tuple[ChannelRef, ...] = ()
        if self.config.channel and self.config.channel in self.channels:
            ch = self.channels[self.config.channel]
            channels = (ChannelRef(workspace=ch.workspace, channel=ch.id),)
        approval = Approval(
            id=f"A-{number}", text=text, network=network, account=account, reply_to=reply_to,
            reply_url=reply_url, reply_context=reply_context, ticket_id=ticket_id, author=author,
            steps=tuple(ApprovalStep(approvers=s.approvers, mode=s.mode)
                        for s in self.config.steps),
            content_hash=content_hash(text), created_at=now, publish_at=publish_at,
            expires_at=self._expires(now, publish_at), channels=channels,
            history=(HistoryEntry(at=now, actor=author, action="drafted",
                                  detail=self._publishes(publish_at)),),
        )
        fx = Effects()
        fx.create(approval)
        fx.audit.append(self.audit.event(actor=author, action="approval.draft", obj=approval,
                                         object_type="approval", object_id=approval.id,
                                         detail=f"sha256 {approval.content_hash}"))
        if publish_at is not None:
            fx.audit.append(self.audit.event(
                actor=author, action="approval.scheduled", obj=approval,
                object_type="approval", object_id=approval.id,
                detail=f"{self._publishes(publish_at)} sha256 {approval.content_hash}"))
        for ref in channels:
            fx.send(OutboxItem.new(key=f"{approval.id}@{ref.channel}", workspace=ref.workspace,
                                   channel=ref.channel, now=now,
                                   card=approval_card(approval, zone=self.zones.get(
                                       ref.workspace))))
        if approval.expires_at is not None:
            fx.schedule(expiry_timer(approval.id), approval.expires_at,
                        json.dumps({"approval": approval.id}))
        return approval, fx

    def _drafted(self, approval: Approval, publish_at: datetime | None,
                 workspace: str | None, left: LeftOut) -> Reply:
        when = (f"; it publishes at {self.shown(publish_at, workspace)} once approved"
                if publish_at is not None else "")
        return Reply.done(f"{approval.id} drafted and waiting for approval{when}"
                          + ("" if approval.channels else f"; {NO_CARD}") + left_out(left))

    async def draft_problem(self, text: str, *, network: Network, account: str) -> str | None:
        """Why ``text`` (as ``draft_text`` keeps it) cannot be drafted for ``account`` on
        ``network``, in one line, or None (``draft``; ``socialops draft --from`` checks every
        row of its file with it before drafting any)."""
        found = await self._draft_problem_at(text, network=network, account=account)
        return found[1] if found is not None else None

    async def _draft_problem_at(self, text: str, *, network: Network,
                                account: str) -> tuple[str, str] | None:
        """``draft_problem`` and the one argument it is about (``text``, ``account``: a
        form's field, ``Reply.field``)."""
        if is_blank(text):
            return "text", "the draft is empty (or only invisible characters)"
        if (problem := networks.post_problem(network, text)) is not None:
            return "text", too_long(problem, "nothing was drafted")
        if account not in self.publishers:
            known = ", ".join(sorted(self.publishers)) or "none configured"
            return "account", f"no account {account!r} can publish (known: {known})"
        if (problem := await self._account_problem(account, text)) is not None:
            return "text", too_long(problem, "nothing was drafted")
        return None

    def new_post_problem(self, account: str) -> str | None:
        """Why ``account`` cannot make a new post (a draft replying to nothing): its publisher
        posts replies only (``NetworkSpec.replies_only``: Reddit's), or None (a sandbox
        account publishes anything)."""
        publisher = self.publishers.get(account)
        if publisher is None or publisher.network == "*":
            return None
        return networks.new_post_problem(publisher.network)

    async def read_elsewhere(self, reply_to: str, account: str) -> str | None:
        """Why ``account`` cannot answer ``reply_to``, read by a source on another server of a
        network whose post ids are each server's own (Mastodon's: a ``HomedPublisher``), in
        one line, or None: the post's address is not known (its trace has none), and its id
        would name another post there, or none. With the address, the account's server
        resolves it when the reply publishes (``reply_address``). None too when the post's
        trace is gone or its reader publishes nothing."""
        elsewhere = await self._elsewhere(reply_to, account)
        if elsewhere is None or elsewhere[0].url:
            return None
        return f"{elsewhere[1]} (nothing was drafted)"

    async def reply_address(self, reply_to: str, account: str) -> str | None:
        """The address of ``reply_to``'s post, kept with a reply from ``account`` when a source
        on another server read it (``Approval.reply_url``), or None (the same server, or no
        address known: ``read_elsewhere`` refuses that)."""
        elsewhere = await self._elsewhere(reply_to, account)
        return elsewhere[0].url or None if elsewhere is not None else None

    async def _elsewhere(self, reply_to: str, account: str) -> tuple[Trace, str] | None:
        """``reply_to``'s trace and the line saying why its id is not ``account``'s to answer,
        when a source on another server than ``account``'s read it; else None."""
        publisher = self.publishers.get(account)
        if not isinstance(publisher, HomedPublisher):
            return None
        trace = await self.reads.get_trace(reply_to)
        reader = self.publishers.get(trace.source) if trace is not None else None
        if trace is None or not isinstance(reader, HomedPublisher) or \
                reader.server == publisher.server:
            return None
        name = networks.display_name(publisher.network)
        return trace, (
            f"{one_line(reply_to, 80)} was read by {trace.source} on {reader.server}, and "
            f"{account} posts on {publisher.server}: a {name} status "
            "id is its server's own, so the reply would answer another post there, or "
            f"none; draft it from {trace.source}, or from another account on "
            f"{reader.server}")

    async def _answered(self, claimed: Approval, publisher: Publisher,
                        native: str | None) -> str | None:
        """The id ``claimed``'s reply answers on ``publisher``'s server: resolved there from
        the post's address when a source on another server read it (``resolve``: each try
        asks again, and gets the same id, so a try after a crash looks for the same reply);
        else ``native``. A draft stored before addresses were kept, of a post read on another
        server, is refused as its draft would be now, posting nothing."""
        if claimed.reply_url is not None and isinstance(publisher, HomedPublisher):
            try:
                return await publisher.resolve(claimed.reply_url)
            except PublishUncertain as exc:
                if not earlier_may_have_posted(claimed):
                    raise
                # this try posted nothing, but "nothing was posted yet" of a draft an earlier
                # try may have posted, then given up saying any try may have, contradicts itself
                said = str(exc).split("; nothing was posted", 1)[0]
                raise PublishNotSent(f"{said}; this try posted nothing (an earlier one may "
                                     "have)") from exc
            except PublishError as exc:
                if not earlier_may_have_posted(claimed):
                    raise
                # an earlier try may have posted the reply (a process killed after the post,
                # before recording it) before the post went, or the token was changed: said
                # "nothing was posted", and drafted again, it answered twice. Unconfirmed, as
                # any try that may have posted: tried again, then given up saying so
                said = str(exc).split("; nothing was posted", 1)[0]
                raise PublishUncertain(f"{said}; an earlier try of {claimed.id} may have "
                                       "posted the reply already") from exc
        if claimed.reply_to is not None and (
                elsewhere := await self._elsewhere(claimed.reply_to, claimed.account)):
            raise PublishError(f"{elsewhere[1]} (nothing was posted)")
        return native

    async def reply_opening(self, account: str, network: Network, author: str,
                            mentioned: Sequence[str], text: str) -> str | None:
        """The addresses a reply from ``account`` to ``author``'s post (which mentions
        ``mentioned``) starts with, space-separated, or None (``replies.thread_mentions``):
        on Mastodon, which notifies only the accounts a reply mentions, the author's, then
        those the post mentions but ours, as its composer starts a reply to a thread. One
        piece of code for every path a reply is drafted on (a ticket's reply, ``socialops
        draft --reply-to``), so one post's reply is addressed alike whichever was used. Who
        the account is (``own_handle``) is asked only of a post naming others (one request,
        kept)."""
        publisher = self.publishers.get(account)
        if not isinstance(publisher, HomedPublisher):
            return replies.thread_mentions(network, author, mentioned, text)
        own = await publisher.own_handle() if mentioned else None
        return replies.thread_mentions(network, author, mentioned, text, home=publisher.home,
                                       own=own)

    def network_problem(self, account: str, network: Network) -> str | None:
        """Why ``account``, typed beside ``network`` (draft, ``socialops draft``, a plan's
        row), cannot post there: it publishes on another network, where its post would go out
        after being checked against this one's limits. None for an unknown account
        (``draft_problem`` says that)."""
        publisher = self.publishers.get(account)
        if publisher is None or publisher.network in (network, "*"):
            return None
        return f"account {account!r} publishes on {publisher.network}, not {network}"

    # -- scheduling --------------------------------------------------------------------------

    def zone(self, workspace: str | None) -> str | None:
        """The workspace's configured zone (None: UTC, though another workspace has one); with
        no workspace (the command line's), that of the approvals channel's, if configured."""
        if workspace is not None:
            return self.zones.get(workspace)
        home = self.channels.get(self.config.channel or "")
        return self.zones.get(home.workspace) if home is not None else None

    def when(self, text: str, workspace: str | None = None) -> datetime:
        """The time ``text`` names (``bot.core.when``), read on the workspace's clock.
        Refusal, in one line, otherwise."""
        return publish_time(text, self.clock(), zone=self.zone(workspace))

    def shown(self, at: datetime, workspace: str | None = None) -> str:
        return shown_at(at, self.zone(workspace))

    def _publishes(self, publish_at: datetime | None) -> str:
        """A history entry's and an audit row's detail: the time, in UTC."""
        return f"publishes at {shown_at(publish_at)}" if publish_at is not None else ""

    def _expires(self, created: datetime, publish_at: datetime | None) -> datetime:
        """A draft waits for approval ``expire_hours``, or until its scheduled time when that
        is later: a post scheduled next week may be approved any day before it goes out."""
        end = created + timedelta(hours=self.config.expire_hours)
        return max(end, publish_at) if publish_at is not None else end

    async def schedule(self, approval_id: str, person: str, at: datetime | None, *,
                       workspace: str | None = None) -> Reply:
        """When the draft goes out once approved: at ``at``, or (None, ``off``) as soon as it is
        approved, which for an approved draft is now. Its author or a lead, as ``edit``."""
        expired = await self._expire_if_due(approval_id, workspace,
                                            refusing=(person, "schedule"))
        if expired is not None:
            return expired
        now = self.clock()
        current = await self.reads.get_approval(approval_id)
        if (at is None and current is not None and current.status == "approved"
                and current.publish_at is not None and current.publish_at <= now
                and (person == current.author or self.directory.is_lead(person))):
            # due, its timer not run yet: now, once
            return await self.publish(approval_id, workspace=workspace)

        def change(a: Approval) -> Approval:
            if a.status not in SCHEDULABLE:
                raise Refusal(_unschedulable(a))
            if person != a.author and not self.directory.is_lead(person):
                raise Refusal(f"only {a.author} (who drafted it) or a lead may schedule {a.id}")
            if at is None and a.publish_at is not None and a.publish_at <= now:
                raise _Already(f"{a.id}'s time, {self.shown(a.publish_at, workspace)}, has "
                               "passed: it publishes as soon as it is approved")
            if at == a.publish_at:
                raise _Already(f"{a.id} is not scheduled: it publishes as soon as it is approved"
                               if a.publish_at is None else
                               f"{a.id} publishes at {self.shown(a.publish_at, workspace)} "
                               "already")
            expires = self._expires(a.created_at, at)
            if at is None and a.expires_at is not None:  # off: the wait it had, which may be
                expires = max(expires, a.expires_at)  # past expire_hours (never over at once)
            return a.model_copy(update={"publish_at": at, "expires_at": expires,
                                        "next_try_at": None})  # its timers move

        def then(fx: Effects, new: Approval) -> None:
            fx.cancel(scheduled_timer(new.id))
            if new.status == "pending" and new.expires_at is not None:
                fx.schedule(expiry_timer(new.id), new.expires_at,
                            json.dumps({"approval": new.id}))
            elif waits(new, now):
                fx.cancel(publish_timer(new.id))
                fx.schedule(scheduled_timer(new.id), new.publish_at,  # type: ignore[arg-type]
                            json.dumps({"approval": new.id}))
            else:  # approved, and no longer scheduled: now
                fx.schedule(publish_timer(new.id), now, json.dumps({"approval": new.id}))

        action = ("unscheduled (publishes as soon as approved)" if at is None
                  else f"scheduled for {shown_at(at)}")
        reply, new = await self._transition(approval_id, person, action, change, then=then)
        if new is None:
            return reply
        if new.status == "approved" and new.publish_at is None:
            return await self.publish(approval_id, workspace=workspace)
        if new.publish_at is None:
            return Reply.done(f"{approval_id} unscheduled: it publishes as soon as it is "
                              "approved")
        shown = self.shown(new.publish_at, workspace)
        return Reply.done(f"{approval_id} approved; publishes at {shown}"
                          if new.status == "approved" else
                          f"{approval_id} scheduled: publishes at {shown} once approved")

    async def _account_problem(self, account: str, text: str) -> str | None:
        """Why the account's publisher cannot post ``text`` (its own limit: X's per account,
        the Mastodon instance's), or None, also for a publisher that declares none."""
        publisher = self.publishers.get(account)
        if not isinstance(publisher, LimitedPublisher):
            return None
        return await publisher.post_problem(text)

    # -- deciding ----------------------------------------------------------------------------

    def _eligible(self, approval: Approval, person: str) -> bool:
        step = approval.steps[approval.current_step]
        return any(self.directory.matches(person, entry) for entry in step.approvers)

    def may_decide(self, approval: Approval, person: str) -> bool:
        """Whether ``person`` may approve or reject the draft now: pending, an approver of its
        current step, and not one of its authors."""
        return (approval.status == "pending" and person not in authors_of(approval)
                and passed_earlier_step(approval, person) is None
                and self._eligible(approval, person))

    def _needed(self, a: Approval, step: int) -> list[str]:
        """Who an ``all`` step needs: every approver it names but the draft's authors (an
        author never approves their own post, so waiting for them would wait forever) and
        whoever approved this text at an earlier step (who may not approve this one)."""
        authors = authors_of(a)
        earlier = {d.person for d in _approvals_before(a, step)}
        return [p for p in self.directory.people if p not in authors and p not in earlier
                and any(self.directory.matches(p, e) for e in a.steps[step].approvers)]

    def _passes(self, a: Approval, decisions: tuple[Decision, ...]) -> bool:
        """Whether ``decisions`` pass the draft's current step: one approval of an ``any``
        step, or every approver an ``all`` step needs now (``_needed``)."""
        return a.steps[a.current_step].mode == "any" or all(
            _approved_by(a, p, decisions, step=a.current_step)
            for p in self._needed(a, a.current_step))

    async def _gone_approvers(self, a: Approval) -> str:
        """``; erin cannot approve it (their Slack account is deactivated): ...`` for each
        approver the current step still waits for whose every chat account is gone, as the
        chat says (``left``); "" when none is, or the chat cannot say. Such a step never
        passes until they are taken out of it (then it passes on the approvals given)."""
        if self.left is None:
            return ""
        step = a.current_step
        said = []
        for person in self._needed(a, step):
            config = self.directory.get(person)
            if config is None or _approved_by(a, person, step=step):
                continue
            whys: list[str] = []
            for workspace, user in config.identities.items():
                channel = next((c.id for c in self.channels.values()
                                if c.workspace == workspace), None)
                why = (await self.left(workspace, channel, user)
                       if channel is not None and workspace not in self.directory.consoles
                       else None)
                if why is None:  # an account that may still approve
                    whys = []
                    break
                whys.append(why)
            if whys:
                said.append(f"; {person} cannot approve it ({'; '.join(whys)}): take {person} "
                            "out of the step's approvers and out of people: in socialops.yaml, "
                            "then press Approve again")
        return "".join(said)

    @staticmethod
    def _passed(a: Approval, decisions: tuple[Decision, ...]) -> Approval:
        """The draft with its current step passed on ``decisions``: the next step, or
        approved after the last."""
        if a.current_step + 1 < len(a.steps):
            return a.model_copy(update={"decisions": decisions,
                                        "current_step": a.current_step + 1})
        return a.model_copy(update={"decisions": decisions, "status": "approved"})

    def _still_needs(self, a: Approval) -> str:
        """``step 2 still needs carol, erin``: who the current step waits for."""
        step = a.current_step
        waiting = [p for p in self._needed(a, step) if not _approved_by(a, p, step=step)]
        return (f"step {step + 1} still needs {', '.join(waiting)}" if waiting
                else f"step {step + 1} waits for its approvers")

    async def _card(self, a: Approval) -> str:
        """Where the whole draft is, as a sentence: its card's link, else its channel; else
        (no approvals channel configured) the audit export, which keeps every version."""
        for ch in a.channels:
            found = await where_is(await self.reads.message_ref(a.id, ch.workspace, ch.channel),
                                   self.link)
            if found is not None:
                return f"The whole draft is on its card: {found}."
        for name, cfg in self.channels.items():
            if any((ch.workspace, ch.channel) == (cfg.workspace, cfg.id) for ch in a.channels):
                return f"The whole draft will be on its card in #{name} (not posted yet)."
        return ("No card shows it (no approvals channel is set): `socialops audit --format "
                "json` has the whole draft.")

    def _decided(self, a: Approval, person: str, workspace: str | None) -> str:
        """Why a reject of ``a``, no longer pending, rejects nothing: ``_not_pending``, and for
        one approved already whose author or approver asks, how to stop it."""
        if a.status == "approved" and (person in authors_of(a) or self._eligible(a, person)):
            # approved already: only a withdraw stops it now, which they may make
            return f"{self._not_pending(a, workspace)}; to stop it, type: withdraw {a.id}"
        return self._not_pending(a, workspace)

    def _not_pending(self, a: Approval, workspace: str | None) -> str:
        """Why ``a`` can no longer be approved or rejected, as it stands now, in one line: an
        approver or rejecter whose decision came after another's (a slow click, another
        process) is told who moved it on, and when (on the asker's clock) or what next."""
        if (took := withdrawal(a)) is not None:  # its status, rejected, would name a
            # decision no approver made
            return f"{a.id} was withdrawn by {took.actor}, not pending"
        by = approved_by(a)
        by_whom = f", approved by {by}" if by else ""
        if a.status == "published":
            at = published_at(a)
            return (f"{a.id} was already published"
                    + (f" at {self.shown(at, workspace)}" if at is not None else "")
                    + by_whom + (f": {link}" if (link := where_published(a)) else ""))
        if a.status == "publishing":
            return f"{a.id} is being published now{by_whom}"
        if a.status == "approved":
            return f"{a.id} was already approved" + (f" by {by}" if by else "") + "; " + (
                f"the network asked to wait: {error_said(a, self.zone(workspace))}"
                if put_off_until(a) is not None
                else f"not published yet: {error_said(a, self.zone(workspace))}"
                if next_try(a) is not None else self._where(a, workspace))
        if a.status == "failed":
            return (f"{a.id} was approved" + (f" by {by}" if by else "")
                    + f", but publishing it failed: {a.error}; draft it again to post it")
        if a.status == "rejected" and a.decisions and a.decisions[-1].verdict == "reject":
            return f"{a.id} was rejected by {a.decisions[-1].person} already, not pending"
        return f"{a.id} is {a.status}, not pending"

    def _other_step(self, a: Approval, person: str, card_step: int,
                    workspace: str | None, *, named: bool = False) -> str:
        """Why a click on a card showing step ``card_step`` (1-based) of pending ``a``, now at
        another step, approved nothing: a click acts on the step its card showed (a late
        click for step 1 is no approval of step 2, which may publish the post)."""
        now = f"it waits for step {a.current_step + 1} of {len(a.steps)} now"
        passed = [d for d in _approvals_before(a, a.current_step) if d.step == card_step - 1]
        which = "which you named" if named else "which your card showed"
        said = (f"{a.id} was not approved: step {card_step}, {which}, was "
                f"approved already by {', '.join(dict.fromkeys(d.person for d in passed))} at "
                f"{self.shown(passed[-1].at, workspace)}; {now}" if passed
                else f"{a.id} was not approved: "
                + (f"you named step {card_step}" if named else f"your card showed step {card_step}")
                + f"; {now}")
        if self._eligible(a, person):
            return (f"{said}; to approve step {a.current_step + 1}, type: approve {a.id} "
                    f"{a.content_hash[:SHOWN_HASH]} step={a.current_step + 1}")
        return f"{said} ({self._still_needs(a)})"

    def _passed_before(self, a: Approval, person: str, workspace: str | None) -> str:
        """``step 1 of A-1 was approved already by carol at 09:00 UTC; `` when ``person``, no
        approver of pending ``a``'s current step, is one of an earlier step it passed (a late
        click or rejection meant for that step); "" otherwise."""
        for step in range(a.current_step - 1, -1, -1):
            if any(self.directory.matches(person, e) for e in a.steps[step].approvers):
                passed = [d for d in _approvals_before(a, a.current_step) if d.step == step]
                if passed:
                    return (f"step {step + 1} of {a.id} was approved already by "
                            f"{', '.join(dict.fromkeys(d.person for d in passed))} at "
                            f"{self.shown(passed[-1].at, workspace)}; ")
        return ""

    def _where(self, a: Approval, workspace: str | None = None) -> str:
        """Where an approved draft stands, for an approver who presses Approve again."""
        if a.status == "pending":
            return self._still_needs(a)
        if a.status == "approved" and a.publish_at is not None and waits(a, self.clock()):
            return f"it publishes at {self.shown(a.publish_at, workspace)}"
        if a.publish_at is not None and timer_due(a, self.clock()):
            return (f"it is scheduled for {self.shown(a.publish_at, workspace)}: not published "
                    "yet, it goes out when its timer runs")
        if a.status == "published":
            return f"it is published: {where_published(a)}"
        if a.status == "failed":
            return f"publishing it failed: {a.error}"
        return "it is being published"

    async def approve(self, approval_id: str, person: str, *,
                      shown_hash: str | None = None, workspace: str | None = None,
                      step: int | None = None) -> Reply:
        """Approve the version whose sha256 starts with ``shown_hash`` (what the person saw).
        ``None`` approves nothing and answers with the current text's hash and where its card
        is (``_current``). ``step`` (1-based): the step a typed approve names (``step=2``),
        which acts as the step a click's card showed."""
        expired = await self._expire_if_due(approval_id, workspace,
                                            refusing=(person, "approve"))
        if expired is not None:
            return expired
        # a click on a card of a draft of several steps carries the step the card showed
        shown_hash, card_step = (split_step(shown_hash) if shown_hash is not None
                                 else (None, None))
        named = step is not None
        if step is not None:
            card_step = step
        confirm: list[Approval] = []  # the version to confirm, when nothing was approved

        def change(a: Approval) -> Approval:
            confirm.clear()  # decided again after a conflict: only the last decision counts
            if (shown_hash is not None and hash_matches(a, shown_hash)
                    and a.status in ("pending", "approved", "publishing", "published", "failed")
                    and _approved_by(a, person, step=a.current_step
                                     if a.status == "pending" else None)):
                if self.may_decide(a, person) and self._passes(a, a.decisions):
                    # an ``all`` step whose last missing approver left (taken out of
                    # ``people:``) since: the approvals given pass it now, nobody else being
                    # needed; before, it waited ("waits for its approvers") until it expired
                    return self._passed(a, a.decisions)
                raise _Already(f"you approved {a.id} already; {self._where(a, workspace)}")
            if a.status != "pending":
                raise Refusal(self._not_pending(a, workspace))
            if person in authors_of(a):
                raise Refusal("you drafted this post; someone else must approve it"
                              if person == a.author
                              else "you edited this post; someone else must approve it")
            if (earlier := passed_earlier_step(a, person)) is not None:
                raise Refusal(f"you approved step {earlier + 1} of {a.id} already; step "
                              f"{a.current_step + 1} needs someone else "
                              f"({self._still_needs(a)})")
            if (card_step is not None and card_step != a.current_step + 1
                    and shown_hash is not None and hash_matches(a, shown_hash)):
                # the text the card showed, at another step (a card of an earlier text is
                # told of the edit below, with the text to read)
                raise Refusal(self._other_step(a, person, card_step, workspace, named=named))
            if not self._eligible(a, person):
                step = a.steps[a.current_step]
                raise Refusal(f"{self._passed_before(a, person, workspace)}you are not an "
                              f"approver for step {a.current_step + 1} of {a.id} (approvers: "
                              f"{', '.join(step.approvers)})")
            if shown_hash is None:
                confirm[:] = [a]
                raise Refusal(f"Nothing approved yet: confirm the text of {a.id}.")
            if not hash_matches(a, shown_hash):
                confirm[:] = [a]
                raise Refusal(f"{a.id} was not approved: the version you named (sha256 "
                              f"{shown_hash.strip()[:SHOWN_HASH]}) is not its current text; "
                              "it may have been edited since you read it.")
            decisions = (*a.decisions, Decision(at=self.clock(), person=person,
                                                verdict="approve", step=a.current_step,
                                                content_hash=a.content_hash))
            if not self._passes(a, decisions):
                return a.model_copy(update={"decisions": decisions})
            return self._passed(a, decisions)

        def then(fx: Effects, new: Approval) -> None:
            if new.status == "approved" and waits(new, self.clock()):
                fx.schedule(scheduled_timer(new.id), new.publish_at,  # type: ignore[arg-type]
                            json.dumps({"approval": new.id}))
            elif new.status == "approved":
                fx.schedule(publish_timer(new.id), self.clock(), json.dumps({"approval": new.id}))

        reply, new = await self._transition(approval_id, person, "approved", change, then=then)
        if confirm and not reply.ok:  # the card's link is looked up outside the decision
            card = await self._card(confirm[0])
            return Reply.refused(f"{reply.text} {_current(confirm[0], card)}")
        if new is None or not reply.ok:
            return reply
        if new.status == "pending" and new.decisions[-1].step == new.current_step:
            # an ``all`` step with approvals still to come: say whose, not "approved"
            reply = Reply.done(f"{approval_id}: your approval is recorded; "
                               f"{self._still_needs(new)}{await self._gone_approvers(new)}")
        elif new.status == "approved" and waits(new, self.clock()):
            assert new.publish_at is not None
            reply = Reply.done(f"{approval_id} approved; publishes at "
                               f"{self.shown(new.publish_at, workspace)}")
        elif new.status == "approved":
            reply = await self.publish(approval_id, workspace=workspace, approving=True)
        if new.status != "pending" and card_step is None and len(new.steps) > 1:
            # no step named (a typed hash, a card posted before steps were carried): it acted
            # on the step the draft was at, which the approver may not have meant
            reply = reply.model_copy(update={"text": (
                f"{reply.text} (your approval passed step {len(new.steps)} of "
                f"{len(new.steps)}, the last)")})
        return await self._with_others(reply, new)

    async def _with_others(self, reply: Reply, approved: Approval) -> Reply:
        """``reply``, the approve's answer, saying which other replies to the same post are
        waiting or were published lately (``others``), on its line."""
        if approved.reply_to is None:
            return reply
        others = await self.others(approved)
        if not others:
            return reply
        post = _post_of(approved)
        now = self.clock()
        if len(others) == 1:
            said = (f"{others[0].id}, another reply to {post}, "
                    f"{stands(others[0], now, too=True)}")
        else:
            listed = ", ".join(f"{a.id} {stands(a, now)}" for a in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            said = f"other replies to {post}: {listed}{more}"
        return reply.model_copy(update={"text": f"{reply.text}; {said}"})

    async def others(self, approval: Approval) -> list[Approval]:
        """The other replies to ``approval``'s post, or drafted on its ticket: pending,
        approved or being published (the status index of the drafts not published yet), or
        published in the last ``ANSWERED_SECONDS`` (the post's mark, then each one it
        names), oldest first. The approver's note (``approve``) and the drafter's
        (``handlers.dispatch``) both read them here."""
        post = approval.reply_to
        if post is None:
            return []
        found = {a.id: a for s in LIVE for a in await self.reads.list_approvals(status=s)
                 if (a.reply_to == post or (approval.ticket_id is not None
                                            and a.ticket_id == approval.ticket_id))
                 and a.id != approval.id}
        since = self.clock() - timedelta(seconds=ANSWERED_SECONDS)
        for other in (await self.reads.get_value(K.answered(post)) or "").split():
            if other == approval.id or other in found:
                continue
            a = await self.reads.get_approval(other)
            at = published_at(a) if a is not None else None
            if a is not None and a.reply_to == post and at is not None and at >= since:
                found[a.id] = a
        return sorted(found.values(), key=lambda a: (a.created_at, a.id))

    async def reject(self, approval_id: str, person: str, comment: str | None, *,
                     workspace: str | None = None, shown_hash: str | None = None) -> Reply:
        """``shown_hash``: the text the pressed Reject button's card showed (its form carries
        it): a form submitted after an edit rejects nothing, though it was opened on the text
        before it (the comment is about that text)."""
        if not comment or is_blank(comment):  # a braille blank or a filler says nothing
            # a draft decided already is said so first (a ❌ on its card, a late `reject A-1`):
            # who decided and where it stands, not a comment it could not take anyway
            found = await self.reads.get_approval(approval_id)
            if found is not None and found.status != "pending":
                return Reply.refused(self._decided(found, person, workspace))
            return Reply.refused("a rejection needs a comment saying why")
        expired = await self._expire_if_due(approval_id, workspace,
                                            refusing=(person, "reject"))
        if expired is not None:
            return expired
        asked = await self.reads.get_approval(approval_id)  # the draft as it was rejected

        def change(a: Approval) -> Approval:
            if a.status != "pending":
                raise Refusal(self._decided(a, person, workspace))
            if not self._eligible(a, person):
                raise Refusal(f"{self._passed_before(a, person, workspace)}you are not an "
                              f"approver for step {a.current_step + 1} of {a.id}")
            # a text the rejecter has not seen, waiting for approval of its own: an edit wrote
            # first, or it was edited while the form was open (the comment is about the text
            # the card showed)
            first = asked is not None and a.content_hash != asked.content_hash
            if first or (shown_hash is not None and not hash_matches(a, shown_hash)):
                raise _edited_first(a, "rejected", "approval of that text",
                                    f"reject {a.id} <comment>",
                                    since="just now" if first else "since its card showed it")
            decision = Decision(at=self.clock(), person=person, verdict="reject",
                                step=a.current_step, comment=comment.strip(),
                                content_hash=a.content_hash)
            return a.model_copy(update={"decisions": (*a.decisions, decision),
                                        "status": "rejected"})

        # its authors are told, as Hootsuite and Sprout Social notify the author of a
        # rejected post with its comment: the thread line pings them (not the rejecter)
        reply, _ = await self._transition(
            approval_id, person, "rejected", change, detail=comment.strip(),
            pings=lambda a: tuple(sorted(authors_of(a) - {person})))
        return reply

    async def withdraw(self, approval_id: str, person: str, reason: str | None = None, *,
                       workspace: str | None = None, shown_hash: str | None = None) -> Reply:
        """Take a draft back before it is published, as Hootsuite's and Sprout Social's
        authors withdraw a post from approval and cancel a scheduled one: its authors or an
        approver of its current step, while it is pending or approved and not yet being
        published (waiting for its time or its publish timer). It becomes ``rejected`` (a
        status every release reads, so a rolling upgrade's older processes read it too) with
        a ``withdrawn`` history entry and decision comment; its timers are cancelled in the
        same write. A publish that claimed it first wins (the withdraw then says it is being
        published); a withdraw that wins leaves the publish claim nothing to publish (the
        claim's compare-and-set reads it rejected). ``shown_hash``: the text the pressed
        Withdraw button's card showed (an approved one); a click on a card showing another
        version, or a draft no longer approved (edited back to pending), withdraws nothing."""
        expired = await self._expire_if_due(approval_id, workspace,
                                            refusing=(person, "withdraw"))
        if expired is not None:
            return expired
        # a reason that draws nothing (a braille blank) is none: "Withdrawn by alice: " it read
        reason = one_line(reason, MAX_REASON) if reason and not is_blank(reason) else ""
        tried: list[Approval] = []
        asked = await self.reads.get_approval(approval_id)  # the draft as it was withdrawn

        def change(a: Approval) -> Approval:
            tried.clear()
            if (took := withdrawal(a)) is not None and took.actor == person:
                raise _Already(f"you withdrew {a.id} already; {not_again(a)}")
            # a draft left publishing by a process that died mid-publish (its claim's lease
            # ended) is taken over, as a publish claim takes it; under a live lease, whoever
            # holds it may be posting it now
            abandoned = (a.status == "publishing" and a.publishing_until is not None
                         and a.publishing_until <= self.clock())
            if a.status not in WITHDRAWABLE and not abandoned:
                raise Refusal(_unwithdrawable(a, lease_end=self.shown(a.publishing_until,
                                                                      workspace)
                                              if a.publishing_until is not None else None))
            if person not in authors_of(a) and not self._eligible(a, person):
                raise Refusal(f"only {a.id}'s authors ({', '.join(sorted(authors_of(a)))}) "
                              f"or an approver of its step {a.current_step + 1} may withdraw "
                              "it")
            if (shown_hash is None and asked is not None and a.status in WITHDRAWABLE
                    and a.content_hash != asked.content_hash):  # an edit wrote first: its
                # text is one the withdrawer has not seen, and it waits for approval again
                raise _edited_first(a, "withdrawn", "approval again", f"withdraw {a.id}")
            if shown_hash is not None and (a.status != "approved"
                                           or not hash_matches(a, shown_hash)):
                raise Refusal(f"{a.id} was not withdrawn: the card you pressed showed another "
                              f"version (sha256 {shown_hash.strip()[:SHOWN_HASH]}), edited "
                              f"since; it is {a.status} now; to withdraw it as it is, "
                              f"type: withdraw {a.id}")
            if first_attempt(a) is not None:
                tried[:] = [a]
            decision = Decision(at=self.clock(), person=person, verdict="reject",
                                step=a.current_step, content_hash=a.content_hash,
                                comment=f"{WITHDRAWN}: {reason}" if reason else WITHDRAWN)
            error = a.error  # when it is tried again (a 502's or a 429's): no longer
            if error and not error_before_edit(a):  # the earlier text's, kept as it is
                words, unsure = (stored_before_next_try(error) if ends_with_next_try(a)
                                 else (error, last_try_unconfirmed(a)))
                error = f"{words}; withdrawn before it was tried again"
                if tried:  # a try since its last edit said nothing of the post
                    error += (f", but {'that' if unsure else 'an earlier'} try may "
                              f"have posted it: look on {networks.display_name(a.network)} as "
                              f"{a.account}")
            return a.model_copy(update={"decisions": (*a.decisions, decision),
                                        "status": "rejected", "publishing_until": None,
                                        "error": error, "next_try_at": None})

        def then(fx: Effects, new: Approval) -> None:
            fx.cancel(publish_timer(new.id))
            fx.cancel(scheduled_timer(new.id))
            fx.cancel(expiry_timer(new.id))

        note = withdrawn_by(HistoryEntry(at=self.clock(), actor=person, action=WITHDRAWN,
                                         detail=reason))
        # an approver's withdraw is told to its authors, as a rejection is (one of them
        # withdrawing it pings the others, who put words in it)
        reply, new = await self._transition(approval_id, person, WITHDRAWN, change,
                                            detail=reason, then=then, note=note,
                                            pings=lambda a: tuple(sorted(authors_of(a)
                                                                         - {person})))
        if new is not None and tried:  # a try whose outcome is unknown may have posted it
            reply = reply.model_copy(update={"text": f"{reply.text}; {not_again(tried[0])}"})
        return reply

    async def edit(self, approval_id: str, person: str, text: str, *,
                   workspace: str | None = None) -> Reply:
        try:
            text, left = draft_text(text)
        except Refusal as exc:
            return Reply.refused(exc.message, field=exc.field)
        if is_blank(text):
            return Reply.refused("the new text is empty (or only invisible characters)")
        expired = await self._expire_if_due(approval_id, workspace,
                                            refusing=(person, "edit"))
        if expired is not None:
            return expired
        # the account's own limit may need its network asked (a Mastodon instance's), which
        # the transition cannot wait for; an approval's account never changes. Who may edit
        # is asked first: a refusal asks the network nothing
        current = await self.reads.get_approval(approval_id)
        if current is None:
            return Reply.refused(f"no approval {approval_id}")
        try:
            self._may_edit(current, person, workspace)
        except Refusal as exc:
            return Reply.refused(exc.message)
        account_problem = await self._account_problem(current.account, text)

        def change(a: Approval) -> Approval:
            if a.status == "rejected" != current.status:  # withdrawn or rejected since the
                # edit was asked (another process wrote first): an edit would send back to
                # approval a draft someone just took back, both answered done
                took = withdrawal(a)
                who = (f"withdrawn by {took.actor}" if took is not None else
                       f"rejected by {a.decisions[-1].person}" if a.decisions else "rejected")
                raise Refusal(f"{a.id} was {who} just now, so your edit was not made; to send "
                              "it back to approval with your text, edit it again: "
                              f"edit {a.id} <text>")
            self._may_edit(a, person, workspace)  # again, as it is now
            if text == a.text and a.status in ("pending", "approved"):
                # typed again unchanged (a form sent twice, the text pasted back): an edit
                # would void its approvals for no change (a rejected one is sent back so)
                raise _Already(f"{a.id} reads so already: nothing changed ({a.status}; "
                               f"{self._where(a, workspace)})")
            if (problem := networks.post_problem(a.network, text) or account_problem) \
                    is not None:
                raise Refusal(too_long(problem, f"{a.id} is unchanged"))
            new_hash = content_hash(text)
            decision = Decision(at=self.clock(), person=person, verdict="edit",
                                step=a.current_step, content_hash=new_hash)
            earlier = (*a.earlier_hashes, a.content_hash)
            expires = a.expires_at
            if expires is not None:  # sent back to approval, it waits expire_hours from the
                # edit at least: a rejected draft mended a day later is no draft expired on
                # arrival, and a scheduled one edited near its time and approved again after
                # it publishes at once (docs/workflows.md)
                expires = max(expires, self.clock() + timedelta(hours=self.config.expire_hours))
            return a.model_copy(update={"text": text, "content_hash": new_hash,
                                        "earlier_hashes": earlier, "expires_at": expires,
                                        "status": "pending", "current_step": 0,
                                        "next_try_at": None,
                                        "decisions": (*a.decisions, decision)})

        def then(fx: Effects, new: Approval) -> None:
            fx.cancel(publish_timer(approval_id))
            fx.cancel(scheduled_timer(approval_id))  # set again when approved again
            if new.expires_at is not None:
                fx.schedule(expiry_timer(new.id), new.expires_at,
                            json.dumps({"approval": new.id}))

        reply, new = await self._transition(approval_id, person, EDITED, change, then=then)
        if new is not None and new.publish_at is not None:  # the schedule is kept
            reply = reply.model_copy(update={"text": reply.text + (
                f"; it still publishes at {self.shown(new.publish_at, workspace)} once approved"
                if waits(new, self.clock()) else
                "; its time has passed, so it publishes as soon as it is approved")})
        return reply.model_copy(update={"text": reply.text + left_out(left)}) \
            if reply.ok and left else reply

    def _may_edit(self, a: Approval, person: str, workspace: str | None = None) -> None:
        """``workspace``: the asker's, whose clock a refusal says a time on too."""
        if a.status == "published":
            raise Refusal(f"{a.id} is published already: {where_published(a)}; it can no "
                          "longer be edited")
        if a.status == "publishing":
            raise Refusal(f"{a.id} is being published now; it can no longer be edited")
        if a.status == "failed":
            raise Refusal(f"publishing {a.id} failed ({a.error}); it can no longer be edited: "
                          "draft it again")
        if a.status not in ("pending", "approved", "rejected"):
            raise Refusal(f"{a.id} is {a.status}; it can no longer be edited")
        if person != a.author and not self.directory.is_lead(person):
            raise Refusal(f"only {a.author} or a lead may edit {a.id}")
        if a.status == "approved" and (tried := first_attempt(a)) is not None:
            # that try may have posted this text: an edit would publish a second answer, and
            # the look before the next try would search for the new text only
            raise Refusal(f"{a.id} may already be published: its try at "
                          f"{self.shown(tried, workspace)} "
                          "ended without saying whether the post went out, and the next try "
                          "looks for it first, so it can no longer be edited; withdraw it, "
                          f"or see where it stands with `status {a.id}`")

    async def expire(self, timer: DueTimer) -> None:
        approval_id = str(json.loads(timer.payload)["approval"])
        await self._transition(approval_id, "socialops", "expired", self._expiry,
                               always=lambda fx: fx.complete(timer.id, timer.token))

    def _expiry(self, a: Approval) -> Approval:
        if not _expired(a, self.clock()):
            raise Refusal("not due")
        return a.model_copy(update={"status": "expired"})

    async def _expire_if_due(self, approval_id: str, workspace: str | None = None, *,
                             refusing: tuple[str, str]) -> Reply | None:
        """A decision after ``expires_at`` (the timer may not have run yet, or the process was
        down): mark the draft expired now and refuse the decision, saying when it expired on
        ``workspace``'s clock too (``zone``). ``refusing``: the person and the verb refused.

        One click, one audit row: the expiry this decision finds is written as the refusal
        (``refused.<verb>`` by the person, with the draft before and after), in the write that
        marks it expired. It was ``approval.expired`` by socialops and then, from the
        dispatcher, the person's ``refused.<verb>``: two rows for one act, the first naming
        nobody who acted. The timer's expiry, which nobody asked for, is still
        ``approval.expired``."""
        current = await self.reads.get_approval(approval_id)
        if current is None or not _expired(current, self.clock()):
            return None
        when = (f" at {self.shown(current.expires_at, workspace)}" if current.expires_at
                else "")
        text = f"{approval_id} expired{when}; it can no longer be decided. Draft it again."
        person, verb = refusing
        _, expired = await self._transition(
            approval_id, "socialops", "expired", self._expiry,
            then=lambda fx, _: fx.cancel(expiry_timer(approval_id)),
            audited_as=(person, f"refused.{verb}", text))
        # expired by another process meanwhile (its timer): that wrote its own row, and this
        # refusal is the dispatcher's to write, as any other
        return (Reply.refused(text) if expired is None
                else Reply.refused(text).model_copy(update={"audited": True}))

    # -- publishing --------------------------------------------------------------------------

    async def publish_due(self, timer: DueTimer) -> None:
        """The publish timer fired (right after approval, or again after a crash), or the
        ``publish_at`` timer of an approved scheduled draft (at its time, or again after a
        crash mid-publish: the claim below moves it past its lease as it does the other)."""
        await self.publish(str(json.loads(timer.payload)["approval"]), timer=timer)

    async def publish(self, approval_id: str, *, timer: DueTimer | None = None,
                      workspace: str | None = None, approving: bool = False) -> Reply:
        """Claim the approval for publishing, publish, record the outcome. ``workspace``: the
        one the answer is read in (the approver's), whose clock it says a time on too;
        ``approving``: asked by the approval just written, whose approver is told it was
        written whatever another process's publish timer did first."""
        claimed = await self._claim(approval_id, timer, approving=approving)
        if isinstance(claimed, Reply):
            return claimed
        if claimed.publishing_until is not None and claimed.publishing_until <= self.clock():
            # this process stopped between its claim and its call (a long pause) past the
            # claim's lease: a withdraw or the next claim may have taken the draft over, and
            # a post now would be one nobody holds
            return await self._claim_ended(claimed, workspace)
        publisher = self.publishers.get(claimed.account)
        key = f"socialops-{claimed.id}-{claimed.content_hash[:16]}"
        retry_at = None
        uncertain = sent = False  # sent: this try got as far as its post's request
        claim = PUBLISH_CLAIM.set(lambda: self._still_claimed(claimed))
        drafted = PUBLISH_DRAFTED.set(claimed.created_at)
        lossy = PUBLISH_CLAIMS_LOSSY.set(self.claims_lossy)
        not_before = PUBLISH_NOT_BEFORE.set(earliest_post(claimed))
        posted_as = PUBLISH_POSTED_AS.set(possible_posters(claimed))
        try:
            if publisher is None:  # the config changed since it was drafted
                known = ", ".join(sorted(self.publishers)) or "none configured"
                raise PublishError(
                    f"no account {claimed.account!r} publishes now (known: {known}): it was "
                    f"taken out of socialops.yaml or renamed after {claimed.id} was drafted; "
                    "nothing was posted: draft it again for an account that publishes")
            reply_native = await self._answered(
                claimed, publisher, await self._reply_target(claimed.reply_to))
            # as its card showed it when approved: a draft stored by an earlier release keeps
            # what ``as_shown`` now leaves out (a run of 100 blanks its card cuts to 40), and
            # publishing the stored text would post what no approver saw (same for a draft
            # written now: ``as_shown`` changes nothing it already made)
            sent = True
            result: PublishResult | str = await publisher.publish(
                as_shown(claimed.text), reply_to=reply_native, idempotency_key=key,
                maybe_published=earlier_may_have_posted(claimed),
                attempted_since=first_attempt(claimed))
        except RateLimited as exc:  # nothing was posted: try again when the network allows
            # each postponement in a row waits at least twice the last: a server asking no
            # wait (Retry-After 0, a reset behind our clock) again and again is not claimed,
            # recorded and shown on its cards every second for as long as it answers so
            wait = max(asked_wait(exc.retry_after),
                       min(2.0 ** min(postponed_in_a_row(claimed), 12), LONGEST_RETRY_FLOOR))
            retry_at = self.clock() + timedelta(seconds=wait)
            # when is the approval's next_try_at, said on each reader's clock (the answer,
            # the card, status); the cap is not the network's word
            result = (f"{exc}" + (" (it asked for longer than a day: a day at most, then "
                                  "it is asked again)" if exc.retry_after > LONGEST_WAIT else ""))
        except PublishUncertain as exc:  # a 5xx, a timeout: the same key again, looking first
            # (unless no try got as far as its post's request: the publisher's own steps
            # before it failed, PublishNotSent, as resolving the post's address does above)
            sent = sent and not isinstance(exc, PublishNotSent)
            tries = unconfirmed_tries(claimed) + 1  # this one; a 429's or a crash's claim
            # is no such try
            if tries < UNCERTAIN_TRIES:
                uncertain = True
                retry_at = self.clock() + timedelta(seconds=UNCERTAIN_WAIT * 2 ** (tries - 1))
                result = str(exc)  # when, and which try: the approval's fields
            else:
                log.error("publishing %s failed: %s", claimed.id, exc)
                result = f"{exc}; {given_up(claimed, tries, sent=sent)}"
        except ClaimEnded:  # nothing posted: whoever holds the claim now publishes it
            log.warning("publishing %s: this process's claim ended before it could post "
                        "(another process or a withdraw took it over while it looked for an "
                        "earlier attempt's post); it posts nothing", claimed.id)
            return await self._claim_ended(claimed, workspace)
        except SocialopsError as exc:
            log.error("publishing %s failed: %s", claimed.id, exc)
            result = str(exc)
        finally:
            PUBLISH_CLAIM.reset(claim)
            PUBLISH_DRAFTED.reset(drafted)
            PUBLISH_CLAIMS_LOSSY.reset(lossy)
            PUBLISH_NOT_BEFORE.reset(not_before)
            PUBLISH_POSTED_AS.reset(posted_as)
        return await self._record(claimed, result, timer, retry_at=retry_at,
                                  uncertain=uncertain, unsent=uncertain and not sent,
                                  workspace=workspace)

    async def _claim(self, approval_id: str, timer: DueTimer | None, *,
                     approving: bool = False) -> Approval | Reply:
        async def decide() -> tuple[Effects, Approval | Reply]:
            fx = Effects()
            a = await self.reads.get_approval(approval_id)
            now = self.clock()
            if a is None:
                if timer is not None:
                    fx.complete(timer.id, timer.token)
                return fx, Reply.refused(f"no approval {approval_id}")
            live = (a.status == "publishing" and a.publishing_until is not None
                    and a.publishing_until > now)
            if a.status == "approved" and waits(a, now):  # rescheduled since the timer was
                # taken: its timer was moved (completing this one fails: nothing is written)
                if timer is not None:
                    fx.complete(timer.id, timer.token)
                assert a.publish_at is not None
                return fx, Reply.done(f"{a.id} publishes at {self.shown(a.publish_at)}")
            if a.status not in ("approved", "publishing") or live:
                if live and timer is not None and a.publishing_until is not None:
                    fx.schedule(timer.id, a.publishing_until, timer.payload)  # look again then
                elif timer is not None:
                    fx.complete(timer.id, timer.token)
                took = withdrawal(a)  # its approver is told who took it back, not "rejected"
                if approving and took is None and a.status in ("publishing", "published",
                                                               "failed"):
                    # the publish timer written with the approval, taken by another process
                    # first: the approval stands, and that process's publish is its own
                    if a.status == "failed":
                        return fx, Reply.failed_after(
                            f"{a.id} approved, but publishing failed: {a.error}")
                    return fx, Reply.done(
                        f"{a.id} approved; it is being published now" if a.status ==
                        "publishing" else f"{a.id} approved and published: "
                        f"{where_published(a)}", links=published_links(a))
                text = (f"{a.id} is being published" if live else
                        f"{a.id} was withdrawn by {took.actor}; it will not publish"
                        if took is not None else f"{a.id} is {a.status}")
                return fx, Reply.done(text + (f": {where_published(a)}"
                                              if a.status == "published" else ""),
                                      links=published_links(a))
            until = now + timedelta(seconds=self.config.publish_lease_seconds)
            detail = f"attempt {a.publish_attempts + 1}"
            if (poster := await self._posted_as(a.account)) is not None:
                detail += POSTING_AS + poster
            new = a.model_copy(update={
                "status": "publishing", "publishing_until": until, "publishing_by": self.owner,
                "next_try_at": None,
                "publish_attempts": a.publish_attempts + 1, "version": a.version + 1,
                "history": (*a.history, HistoryEntry(at=now, actor="socialops",
                                                     action=CLAIMED, detail=detail))})
            fx.update(new, expected=a.version)
            if timer is not None:  # leave a timer that outlives the lease, whoever holds it
                fx.schedule(timer.id, until, timer.payload)
            else:
                fx.schedule(publish_timer(a.id), until, json.dumps({"approval": a.id}))
            return fx, new

        return await self.applier.run(decide, what=f"publishing {approval_id}")

    async def _posted_as(self, account: str) -> str | None:
        """Who ``account``'s publisher posts as now (``SignedPublisher.posted_as``: the account
        X, Reddit or Bluesky posts as, Mastodon's token's application and account), recorded
        with the claim before its post: a later try (another process, perhaps after the
        operator swapped the token for another application's or account's) then knows that
        claim's post for its own, or that it is another account's to look at. One line under 300
        characters, else None (nothing recorded, the look compares with the token in use, as
        before)."""
        publisher = self.publishers.get(account)
        if not isinstance(publisher, SignedPublisher):
            return None
        said = await publisher.posted_as()
        if said is None or len(said) >= 300 or not said.isprintable():
            return None
        return said

    async def _still_claimed(self, claimed: Approval) -> bool:
        """Is ``claimed`` (this process's publishing claim) still the approval's, nobody having
        claimed or withdrawn it since? If so its lease is renewed in the same write, so the
        post that follows is made under a claim nobody else can take meanwhile. A store that
        cannot answer says no: nothing is posted, and the next try (after the lease) looks
        first again."""
        async def decide() -> tuple[Effects, bool]:
            fx = Effects()
            a = await self.reads.get_approval(claimed.id)
            if (a is None or a.status != "publishing"
                    or a.publish_attempts != claimed.publish_attempts
                    or a.publishing_by != claimed.publishing_by):
                return fx, False
            until = self.clock() + timedelta(seconds=self.config.publish_lease_seconds)
            if a.publishing_until is not None and a.publishing_until > until:
                until = a.publishing_until
            fx.update(a.model_copy(update={"publishing_until": until,
                                           "version": a.version + 1}), expected=a.version)
            return fx, True

        try:
            return await self.applier.run(decide, what=f"renewing the claim on {claimed.id}")
        except StoreError as exc:
            log.warning("publishing %s: cannot renew this process's claim (%s); it posts "
                        "nothing now", claimed.id, exc)
            return False

    async def _reply_target(self, reply_to: str | None) -> str | None:
        """The native id a reply to post ``reply_to`` answers: the post's own, or the version
        its network says a reply goes to (X: the newest version read of an edited post, as
        the ticket and its cards show it; ``networks.reply_target``), read when it publishes,
        so a draft written before its post's edit answers the post as it is now."""
        if not reply_to:
            return None
        native = reply_to.split(":", 1)[1]
        try:
            signal = await self.reads.get_signal(reply_to)
        except UnreadableRecord:
            # its record damaged (the store's warning names it): the post as first read, as
            # one no longer kept; the draft names the post, a read that helps it cannot fail it
            signal = None
        if signal is None:  # no longer kept: the post as first read
            return native
        return networks.reply_target(signal.mention.network, signal.mention) or native

    async def _claim_ended(self, claimed: Approval, workspace: str | None) -> Reply:
        """The answer of a process whose claim's lease ended before it called the network:
        it posts nothing (the publish timer, at the lease's end, tries again, looking first)."""
        assert claimed.publishing_until is not None
        now = await self.reads.get_approval(claimed.id) or claimed
        took = withdrawal(now)
        return Reply.done(
            f"{claimed.id} was not published: this process's claim on it ended (at "
            f"{self.shown(claimed.publishing_until, workspace)}) before it could post it; "
            + (f"it was withdrawn by {took.actor} meanwhile" if took is not None else
               f"it is {now.status} now" + (f": {where_published(now)}"
                                            if now.status == "published" else
                                            "; its next try takes it over, looking first for "
                                            "the post" if now.status == "publishing" else "")),
            links=published_links(now))

    async def _record(self, claimed: Approval, result: PublishResult | str,
                      timer: DueTimer | None, *, retry_at: datetime | None = None,
                      uncertain: bool = False, unsent: bool = False,
                      workspace: str | None = None) -> Reply:
        """``uncertain``: this try failed on a 5xx or a timeout, tried again at ``retry_at``;
        ``unsent``: before its post was sent (it posted nothing)."""
        if isinstance(result, str):  # a failure's text, kept and shown: see ``redact``
            result = self.redact(result)
        late: list[HistoryEntry] = []  # the withdraw this try's post came after
        taken: list[Approval] = []  # the draft as another decision left it, this claim ended

        def change(a: Approval) -> Approval:
            late.clear()
            taken.clear()
            if a.status != "publishing" or a.publish_attempts != claimed.publish_attempts:
                if (isinstance(result, PublishResult)
                        and a.publish_attempts == claimed.publish_attempts
                        and a.content_hash == claimed.content_hash
                        and (took := withdrawal(a)) is not None):
                    # the claim's lease ended mid-call and a withdraw took the draft over,
                    # but the call posted: the post is live, and this is the only record of it
                    late.append(took)
                    return a.model_copy(update={
                        "status": "published", "published_url": result.url,
                        "published_id": result.id, "publishing_until": None, "error": None,
                        "next_try_at": None})
                if (isinstance(result, PublishResult) and a.status == "approved"
                        and a.publish_attempts < claimed.publish_attempts
                        and a.content_hash == claimed.content_hash
                        and claimed.history[:len(a.history)] == a.history):
                    # the claim itself is gone, nothing written since: a store that lost its
                    # last writes (a redis-server killed while its appendfsync everysec
                    # lagged). The approved text was posted: that is its publication, once
                    # (recorded as late only, the draft stayed approved, and its next publish
                    # timer posted it again)
                    return a.model_copy(update={
                        "status": "published", "published_url": result.url,
                        "published_id": result.id, "publishing_until": None, "error": None,
                        "next_try_at": None, "publish_attempts": claimed.publish_attempts})
                taken[:] = [a]
                raise Refusal(f"{a.id} is {a.status}")  # another attempt took over meanwhile
            if isinstance(result, PublishResult):
                return a.model_copy(update={"status": "published", "published_url": result.url,
                                            "published_id": result.id, "publishing_until": None,
                                            "error": None, "next_try_at": None})
            if retry_at is not None:
                return a.model_copy(update={"status": "approved", "publishing_until": None,
                                            "error": result, "next_try_at": retry_at})
            return a.model_copy(update={"status": "failed", "error": result,
                                        "publishing_until": None, "next_try_at": None})

        def then(fx: Effects, new: Approval) -> None:
            fx.cancel(publish_timer(new.id))
            fx.cancel(scheduled_timer(new.id))
            if new.status == "approved" and retry_at is not None:
                fx.schedule(publish_timer(new.id), retry_at, json.dumps({"approval": new.id}))
            if new.status == "published" and new.reply_to is not None:
                # the post's mark of replies published to it lately, this one first: the list
                # read in the store's write, so two replies to one post published at once are
                # both kept (read before the transition, the later write dropped the other)
                fx.mark_first(K.answered(new.reply_to), new.id, ANSWERED_SECONDS,
                              keep=ANSWERED_KEPT)

        action = ("published" if isinstance(result, PublishResult)
                  else UNSENT if unsent else UNCONFIRMED if uncertain
                  else POSTPONED if retry_at is not None else "publish failed")
        detail = ((result.url or shown_id(result.id)) if isinstance(result, PublishResult)
                  else result)
        if isinstance(result, PublishResult):
            detail = f"{detail}{late_by(claimed, self.clock())}"
        elif retry_at is not None:  # the history says when in UTC; the thread on its clock
            looks = (", looking first for the post"
                     if not unsent or earlier_may_have_posted(claimed) else "")
            detail += (f"; trying again at {shown_at(retry_at)}{looks} "
                       f"(try {unconfirmed_tries(claimed) + 1} of {UNCERTAIN_TRIES})"
                       if uncertain else f"; tried again at {shown_at(retry_at)}")
        # a network down at a post's time, or asking to wait again and again, is said in its
        # thread at the first such try; the card's Error says each later one and its time,
        # and the line giving up pings its authors, who may not watch the channel (nor its
        # approver, a scheduled post's, who approved it days before): nobody else waits
        said_once = (unconfirmed_tries(claimed) == 0 if uncertain
                     else postponed_in_a_row(claimed) == 0)
        reply, new = await self._transition(
            claimed.id, "socialops", action, change, detail=detail or "", then=then,
            said_in=(lambda new, zone: f"socialops {action}: {error_said(new, zone)}"
                     if said_once else "")
            if retry_at is not None else None,
            pings=lambda new: tuple(sorted(authors_of(new))) if new.status == "failed" else (),
            more=lambda: (f"; after {late[0].actor} withdrew it: this try's claim had ended "
                          "before it posted" if late else ""))
        if new is None and taken and isinstance(result, PublishResult):
            return await self._record_late(claimed, result, workspace)
        if new is None:
            return reply
        if new.status == "published" and late:
            return Reply.done(f"{new.id} approved and published: {where_published(new)}, "
                              f"though {late[0].actor} withdrew it meanwhile: this try's claim "
                              "had ended before it posted; delete the post if it should not "
                              "stand", links=published_links(new))
        if new.status == "published":
            return Reply.done(f"{new.id} approved and published: "
                              f"{where_published(new)}"
                              f"{late_by(claimed, self.clock(), self.zone(workspace))}",
                              links=published_links(new))
        if new.status == "approved" and uncertain:
            return Reply.done(f"{new.id} approved; not published yet: "
                              f"{error_said(new, self.zone(workspace))}")
        if new.status == "approved":
            return Reply.done(f"{new.id} approved; the network asked to wait: "
                              f"{error_said(new, self.zone(workspace))}")
        return Reply.failed_after(f"{new.id} approved, but publishing failed: {new.error}")

    async def _record_late(self, claimed: Approval, result: PublishResult,
                           workspace: str | None) -> Reply:
        """A post this try's call made after its claim was taken over and the draft changed
        beyond what ``_record`` settles (withdrawn, then edited, perhaps approved and published
        again; or claimed again): the post is live, so its address goes into the draft's
        history and card thread, whatever the draft is now, and the approver is told to delete
        it if it should not stand. Nothing else of the draft changes (its timers neither)."""
        said = result.url or shown_id(result.id)
        meanwhile: list[str] = []

        def change(a: Approval) -> Approval:
            if a.published_id == result.id or any(
                    e.action == LATE_POST and e.detail.startswith(f"{said}: ")
                    for e in a.history):
                raise Refusal(f"{a.id} is {a.status}")  # the post is recorded already
            after = (a.history[len(claimed.history):]
                     if a.history[:len(claimed.history)] == claimed.history else ())
            meanwhile[:] = list(dict.fromkeys(
                word for e in after for action, word in ((WITHDRAWN, "withdrawn"),
                                                         (EDITED, "edited"),
                                                         ("rejected", "rejected"))
                if e.action == action))
            return a

        reply, new = await self._transition(
            claimed.id, "socialops", LATE_POST, change,
            detail=f"{said}: the text of sha256 {claimed.content_hash[:SHOWN_HASH]}, posted "
                   "by a try whose claim had ended")
        if new is None:
            return reply
        return Reply.done(
            f"{new.id}'s text of sha256 {claimed.content_hash[:SHOWN_HASH]} was posted after "
            f"this try's claim had ended: {said}; it is {new.status} now"
            + (f": {where_published(new)}" if new.status == "published" else "")
            + (f" ({' and '.join(meanwhile)} meanwhile)" if meanwhile else "")
            + "; delete the post if it should not stand",
            links=(*published_links(new), *((result.url,) if result.url else ())))

    # -- shared --------------------------------------------------------------------------------

    async def _transition(self, approval_id: str, actor: str, action: str, change: Change, *,
                          detail: str = "",
                          then: Callable[[Effects, Approval], None] | None = None,
                          always: Callable[[Effects], None] | None = None,
                          note: str | None = None,
                          said_in: Callable[[Approval, str | None], str] | None = None,
                          more: Callable[[], str] | None = None,
                          pings: Callable[[Approval], tuple[str, ...]] | None = None,
                          audited_as: tuple[str, str, str] | None = None,
                          ) -> tuple[Reply, Approval | None]:
        """``note``: the card's thread line, when ``<actor> <action>: <detail>`` reads badly;
        ``said_in``: the line made from the new approval on a workspace's clock (its zone);
        ``more``: words ``change`` found to add to ``detail``, asked after it; ``pings``: the
        people (person ids) the thread line notifies; ``audited_as``: the audit row's actor,
        action and detail in place of ``actor``'s ``approval.<action>`` (a refusal this change
        is the cause of: ``_expire_if_due``)."""
        told = detail

        async def decide() -> tuple[Effects, tuple[Reply, Approval | None]]:
            fx = Effects()
            if always is not None:
                always(fx)
            current = await self.reads.get_approval(approval_id)
            if current is None:
                return fx, (Reply.refused(f"no approval {approval_id}"), None)
            try:
                changed = change(current)
            except _Already as exc:  # done as asked already, by this person: nothing to write
                return fx, (Reply.done(exc.message), None)
            except Refusal as exc:
                return fx, (Reply.refused(exc.message), None)
            detail = told + (more() if more is not None else "")
            now = self.clock()
            label = action
            if action == "approved" and changed.status == "pending":
                label = (f"approved step {current.current_step + 1}"
                         if changed.current_step > current.current_step else
                         f"approved; {self._still_needs(changed)}")
            new = changed.model_copy(update={
                "version": current.version + 1,
                "history": (*current.history, HistoryEntry(at=now, actor=actor, action=label,
                                                           detail=detail))})
            fx.update(new, expected=current.version)
            verb = action.split(maxsplit=1)[0]
            # a time set after drafting is in its row as one set when drafting is (the
            # history's and the thread's action says it; an audit row's action is one word)
            audited = detail or (self._publishes(new.publish_at) if verb == "scheduled"
                                 else "")
            who, what, why = audited_as or (actor, f"approval.{verb}", audited)
            fx.audit.append(self.audit.event(
                actor=who, action=what, obj=new, before=current,
                object_type="approval", object_id=approval_id,
                detail=f"{why} sha256 {new.content_hash}".strip()))
            said = note or f"{actor} {label}" + (f": {detail}" if detail else "")
            for ref in new.channels:
                zone = self.zones.get(ref.workspace)
                card = approval_card(new, zone=zone).model_copy(update={
                    "thread_note": said_in(new, zone) if said_in is not None else said,
                    "thread_mention_users": pings(new) if pings is not None else ()})
                fx.send(OutboxItem.new(key=f"{new.id}@{ref.channel}#{new.version}",
                                       workspace=ref.workspace, channel=ref.channel, card=card,
                                       now=now, update=True))
            if then is not None:
                then(fx, new)
            return fx, (Reply.done(f"{approval_id} {label}"), new)

        return await self.applier.run(decide, what=f"approval {approval_id}")


def first_attempt(a: Approval) -> datetime | None:
    """When publishing ``a``'s text was first attempted: its first publishing claim in its
    history since its last edit (an edit makes another text, published under another key), by
    the claiming process's clock. The look before a retry takes no older post with the same
    text for this one (``integrations.social.common.publish``). None before any claim.

    A claim whose network asked to wait (``POSTPONED``: a 429, which posts nothing) is not an
    attempt that may have posted: an approved draft turned back, then scheduled for next week,
    would otherwise take an identical post made in between for its own. A claim whose
    failure said nothing of the post (``UNCONFIRMED``: a 502, a timeout) may have posted: it
    stays, so a retry minutes later still takes the post that claim made for its own. One
    that failed before its post was sent (``UNSENT``) posted nothing, as a 429's
    (``possible_posts``)."""
    claims = possible_posts(a)
    return claims[0] if claims else None


def earliest_post(a: Approval) -> datetime:
    """The earliest ``a``'s post can have been made, by what its record holds whatever claim a
    store lost: the latest of when it was drafted, last approved and is scheduled for. A claim
    comes after each (a draft is claimed once approved, and not before its time), and a store
    that loses a write loses every one after it (a Redis snapshot, a replica: a prefix of the
    writes), so a record holding these as they are held them when the lost claim was made.
    Later than the draft's time alone: a draft turned back by a 429 and scheduled for next
    week does not take the same reply made in the thread meanwhile for its own."""
    since = a.created_at
    for entry in a.history:
        if entry.action == "approved":
            since = max(since, entry.at)
    return max(since, a.publish_at) if a.publish_at is not None else since


def earlier_may_have_posted(claimed: Approval) -> bool:
    """Whether a claim of ``claimed``'s text before this one (its latest) may have posted it:
    its process died, or its failure said nothing of the post. A try after tries that each
    failed before their post was sent (``UNSENT``) or were put off (a 429) looks for no post
    of theirs: they made none."""
    return len(possible_posts(claimed)) > 1


def given_up(claimed: Approval, tries: int, *, sent: bool) -> str:
    """What the last of ``UNCERTAIN_TRIES`` tries failing on a 5xx or a timeout says: any of
    them may have posted it, unless none got as far as its post's request (``sent``: this
    one did), which is then known: a line that says "may have posted" of tries that never
    posted sends someone searching for a post that is not there."""
    if sent or earlier_may_have_posted(claimed):
        return (f"given up after {tries} tries; any of them may have posted it: look at "
                f"{claimed.account}'s posts on {networks.display_name(claimed.network)} "
                "before drafting it again")
    return (f"given up after {tries} tries, none of which got as far as posting it: nothing "
            f"was posted; draft it again once {claimed.account}'s server answers")


def stored_before_next_try(error: str) -> tuple[str, bool]:
    """The error of an approval stored before ``next_try_at`` (schema 13), whose own ending
    said its next try: its words before that ending, and whether the ending was a 502's
    (``trying again at``: that try may have posted it) rather than a 429's."""
    unsure = error.rfind("; trying again at ")
    cut = max(unsure, error.rfind("; tried again at "))
    return (error[:cut] if cut >= 0 else error), 0 <= unsure == cut


def asked_wait(seconds: float) -> float:
    """A network's wait (its 429's Retry-After or reset), from 1 s to ``LONGEST_WAIT``: a
    server or proxy may ask for ever ('inf', '1e20', a reset past the calendar's end) or
    nothing that reads; the draft is tried again then, and waits again if asked."""
    if seconds > LONGEST_WAIT:
        return LONGEST_WAIT
    return seconds if seconds >= 1.0 else 1.0  # NaN too


def postponed_in_a_row(a: Approval) -> int:
    """How many of ``a``'s latest publishing claims, one after another, a network asked to
    wait (``POSTPONED``), back to the last other entry (an edit, an approval, a 502's): each
    such postponement at least doubles the next wait (``publish``)."""
    n = 0
    for entry in reversed(a.history):
        if entry.action == POSTPONED:
            n += 1
        elif entry.action != CLAIMED:
            break
    return n


def next_try(a: Approval) -> datetime | None:
    """When an approved draft whose last try failed on a 5xx or a timeout (``UNCONFIRMED``,
    or ``UNSENT`` before its post was sent) is tried again, as ``publish`` set its timer; None
    for any other."""
    if a.status != "approved":
        return None
    last = next((e for e in reversed(a.history)  # an edit's text has no such try yet
                 if e.action in (CLAIMED, UNCONFIRMED, UNSENT, EDITED)), None)
    if last is None or last.action not in (UNCONFIRMED, UNSENT):
        return None
    return a.next_try_at or last.at + timedelta(  # stored before next_try_at: as publish set it
        seconds=UNCERTAIN_WAIT * 2 ** (unconfirmed_tries(a) - 1))


def published_at(a: Approval) -> datetime | None:
    """When ``a`` was published: its history's "published" entry (None: not published)."""
    if a.status != "published":
        return None
    return next((e.at for e in reversed(a.history) if e.action == "published"), None)


def _post_of(a: Approval) -> str:
    """The post a reply answers, as its approver knows it: ``@kasia's post`` (its
    ``reply_context`` names the author), else the post's id (a reply drafted from the
    command line with ``--reply-to`` has no context)."""
    handle = a.reply_context.split(": ", 1)[0] if a.reply_context.startswith("@") else ""
    if handle and "\n" not in handle:
        return f"{handle}'s post"
    return f"the same post ({one_line(a.reply_to or '', 100)})"


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute ago"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    return f"{minutes // 60} hours ago"


def stands(a: Approval, now: datetime, *, too: bool = False) -> str:
    """Where another reply stands, as the approve's and the reply's answers say it."""
    if a.status == "published":
        at = published_at(a)
        return "was published" + (f" {_ago((now - at).total_seconds())}" if at else "")
    if a.status == "approved":
        return "is approved too" if too else "approved"
    if a.status == "publishing":
        return "is being published" if too else "being published"
    return "is pending" if too else "pending"


def _edited_first(a: Approval, done: str, waits: str, retype: str, *,
                  since: str = "just now") -> Refusal:
    """A reject or withdraw that lost to an edit written first: the text the person has not
    seen is named by its hash and its editor, with what to type to act on it as it is now."""
    editor = next((d.person for d in reversed(a.decisions) if d.verdict == "edit"), a.author)
    verb = retype.split(" ", 1)[0]
    return Refusal(f"{a.id} was not {done}: {editor} edited it {since} (sha256 "
                   f"{a.content_hash[:SHOWN_HASH]}), so it waits for {waits}; to {verb} it as "
                   f"it is now, type: {retype}")


def approved_by(a: Approval) -> str:
    """Who approved ``a``'s text at its last step (the approval that sent it to publish),
    named once each: ``dave``, ``dave, erin``; "" when no one did (drafted without
    approval)."""
    last = len(a.steps) - 1
    names = dict.fromkeys(d.person for d in since_edit(a.decisions)
                          if d.verdict == "approve" and d.step == last
                          and d.content_hash == a.content_hash)
    return ", ".join(names)


def not_again(a: Approval) -> str:
    """What a withdraw leaves known of ``a``'s post: nothing posts it from now on; and when a
    try since its last edit did not say whether it posted it (a 502, a timeout, a
    process that died mid-publish: ``first_attempt``), only that, as the post may or may not
    be out."""
    if first_attempt(a) is None:
        return "it will not publish"
    # did not say: a try may still be under way (its process stalled past its lease), and a
    # proxy's 502 may have reached a server that posts it yet
    return ("it is not tried again, but an earlier try did not say whether it posted it, so "
            f"it may be on {networks.display_name(a.network)} or appear there yet: look "
            f"there as {a.account}")


def _unwithdrawable(a: Approval, *, lease_end: str | None = None) -> str:
    """Why ``a`` cannot be withdrawn, in one line. ``lease_end``: when the claim of a draft
    being published ends (its ``publishing_until``, on the asker's clock)."""
    if a.status == "published":
        return f"{a.id} is published already: {where_published(a)}; it can no longer be withdrawn"
    if a.status == "publishing":
        return (f"{a.id} is being published; it can no longer be withdrawn" + (
            ", unless that publish stopped unfinished (its process died): then from "
            f"{lease_end}, when its claim ends" if lease_end is not None else ""))
    if a.status == "failed":  # given up after tries that said nothing of the post, any of
        # them may have posted it (its error says so): only that it is not tried again is known
        return (f"publishing {a.id} failed ({a.error}); "
                + ("it is not tried again" if unconfirmed_tries(a) else "it will not publish")
                + ": nothing to withdraw")
    if (took := withdrawal(a)) is not None:
        return f"{a.id} was withdrawn by {took.actor} already; {not_again(a)}"
    return f"{a.id} is {a.status}; it will never publish: nothing to withdraw"


def _unschedulable(a: Approval) -> str:
    """Why ``a`` takes no new time, and what to do instead."""
    if a.status == "published":
        return f"{a.id} is published already: {where_published(a)}"
    if a.status == "publishing":
        return f"{a.id} is being published now; it can no longer be rescheduled"
    if a.status == "failed":
        return f"publishing {a.id} failed ({a.error}); draft it again to schedule it"
    return f"{a.id} is {a.status}; it will never publish: draft it again to schedule it"
