"""Build platform-neutral Cards from signals, tickets and approvals. What to show lives here;
how it looks on Slack, Discord or the console lives in each workspace's renderer."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.core.cards import Button, Card, CardField, step_version
from bot.core.durations import span
from bot.core.models import Approval, HistoryEntry, MessageRef, RouteHit, Signal, Ticket
from bot.core.networks import display_name, gone_how
from bot.core.text import at_handle, one_line, right_to_left_names, shown_id, truncate
from bot.core.when import on_clock, shown_at
from handlers.follow_up import followed

# A link to a posted message: its permalink, asked of the workspace when the reference has none
# (Slack's chat.getPermalink); None where the platform has no links (the console).
CardLink = Callable[[MessageRef], Awaitable[str | None]]


async def where_is(ref: MessageRef | None, link: CardLink | None) -> str | None:
    """How a person finds a posted card: its link, else the message id and channel."""
    if ref is None:
        return None
    url = ref.permalink or (await link(ref) if link is not None else None)
    return url or f"message {ref.message_id} in #{ref.channel}"


# an approval card's fields naming the post it answers: its quote, and its address when
# another server resolves it (``handlers.erasure`` takes both away for an erased author)
IN_REPLY_TO = "In reply to"
ANSWERS = "Answers"


def sla_text(ticket: Ticket, zone: str | None = None) -> str | None:
    """The SLA line of a ticket: due when (on ``zone``'s clock too), and OVERDUE once its
    timer marked it."""
    if ticket.sla_due is None:
        return None
    due = shown_at(ticket.sla_due, zone)
    return f"{due} · OVERDUE" if ticket.overdue and not ticket.closed else due


MERGED_SHOWN = 10  # tickets a card or a status line names of those merged into one


def merged_list(ticket: Ticket) -> tuple[str, str]:
    """The tickets merged into this one, the last ``MERGED_SHOWN`` of them, and past that how
    many in all (``(the last 10 of 12)``; else ""): an outage's hundreds would fill a card's
    field or a chat answer."""
    n = len(ticket.merged)
    return (", ".join(ticket.merged[-MERGED_SHOWN:]),
            f" (the last {MERGED_SHOWN} of {n})" if n > MERGED_SHOWN else "")


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    """Past its SLA and not resolved or merged (whether or not its timer has marked it yet)."""
    return (not ticket.closed and ticket.sla_due is not None
            and (ticket.overdue or ticket.sla_due <= now))


def post_edited(signal: Signal) -> str:
    """A ticket thread's line for an edit of one of its posts: how many times, not the words,
    which the card shows (and a delete blanks; a line kept would keep them for ever)."""
    n = signal.mention.edits
    return (f"{signal.id} edited by its author" + (f" ({n} times)" if n > 1 else "")
            + "; its card shows its new words")


def revised(signal: Signal) -> str | None:
    """What its author did to the post since it was read, as its cards say it: "deleted by its
    author", "edited" (or "edited 3 times"); None for a post as first read."""
    m = signal.mention
    if m.revision == "delete":
        return gone_how(m.network, m.removed_by)
    if m.edits:
        return "edited" if m.edits == 1 else f"edited {m.edits} times"
    return None


def post_text(signal: Signal) -> str:
    """The post's words on a card: a deleted post's are gone from it (as the network took them
    down: the author withdrew them), said in their place."""
    m = signal.mention
    if m.revision == "delete":
        when = f" at {shown_at(m.revised_at)}" if m.revised_at is not None else ""
        return f"({gone_how(m.network, m.removed_by)}{when}; its text is no longer shown)"
    return m.text


def badges(signal: Signal) -> tuple[str, ...]:
    out = []
    if (said := revised(signal)) is not None:  # first: the text above is not what was read
        out.append(said)
    if signal.sentiment.label != "unknown" and signal.sentiment.compound is not None:
        out.append(f"{signal.sentiment.label} {signal.sentiment.compound:+.2f}")
    elif signal.sentiment.label == "unknown" and signal.sentiment.method != "none":
        out.append("sentiment unknown")
    if signal.intent != "other":
        out.append(signal.intent)
    if signal.language:
        out.append(signal.language)
    if signal.author_context.influential:
        out.append("influential")
    if signal.author_context.likely_bot:
        out.append("likely bot")
    return tuple(out)


def _author(signal: Signal) -> str:
    """Who wrote the post, on one line (``Author.shown``): a card's title and author are one
    line wherever they are shown, the ops channel's notice of a failed delivery included."""
    return signal.mention.author.shown()


def _base_fields(signal: Signal) -> list[CardField]:
    fields = []
    if signal.mention.author.followers is not None:
        fields.append(CardField(name="Followers", value=f"{signal.mention.author.followers:,}"))
    if signal.keywords:
        fields.append(CardField(name="Matched", value=", ".join(signal.keywords[:10])))
    if signal.translation:
        fields.append(CardField(name=f"Translation ({signal.language or '?'})",
                                value=truncate(signal.translation, 1000)))
    return fields


def post_url(signal: Signal) -> str | None:
    """The post's address on its network, for a card's link and its "Open on ..." button;
    None once its author deleted it: the network answers 404 there (the card says it was
    deleted, and its author's profile link stays)."""
    m = signal.mention
    return None if m.revision == "delete" else (m.url or None)


def _open_button(signal: Signal) -> tuple[Button, ...]:
    url = post_url(signal)
    if not url:
        return ()
    return (
        Button(
            action="open",
            label=f"Open on {display_name(signal.mention.network)}",
            target=signal.id,
            url=url,
        ),
    )


def alert_card(signal: Signal, hit: RouteHit, *, key: str) -> Card:
    m = signal.mention
    return Card(
        kind="alert",
        key=key,
        title=f"{display_name(m.network)} mention by {at_handle(_author(signal))}",
        text=post_text(signal),
        url=post_url(signal),
        network=m.network,
        network_name=display_name(m.network),
        author=_author(signal),
        author_url=m.author.profile_url,
        badges=badges(signal),
        fields=tuple(_base_fields(signal)),
        route=hit.route,
        buttons=_open_button(signal),
        mention_users=hit.mention_users,
        mention_groups=hit.mention_groups,
        created_at=m.created_at,
    )


def group_card(signals: Sequence[Signal], hit: RouteHit, *, key: str) -> Card:
    """Several alerts that arrived within a route's group_wait, as one card."""
    first = signals[0]
    # one line per post, whatever it holds: a post's own "\n• @ceo (X): ..." drew a line
    # that read like another post of the group
    names = [at_handle(_author(s)) for s in signals[:10]]
    lines = [f"• {name} ({display_name(s.mention.network)}): {one_line(s.mention.text, 200)}"
             for name, s in zip(names, signals, strict=False)]
    more = len(signals) - 10
    if more > 0:
        lines.append(f"… and {more} more")
    return Card(
        kind="alert",
        key=key,
        title=f"{len(signals)} mentions for {hit.route}"
        + (f" ({hit.group_key})" if hit.group_key else ""),
        text="\n".join(lines),
        # a right-to-left name first on its line turned the line right to left
        text_names=right_to_left_names(names),
        route=hit.route,
        network=first.mention.network,
        network_name=display_name(first.mention.network),
        badges=badges(first),
        mention_users=hit.mention_users,
        mention_groups=hit.mention_groups,
        created_at=first.mention.created_at,
    )


def ticket_card(ticket: Ticket, signal: Signal | None, *, history: Sequence[Signal] = (),
                zone: str | None = None) -> Card:
    """``zone``: the clock of the workspace the card goes to, where a snooze's end is said
    beside UTC, as the reply and the `tickets` line say it."""
    buttons: list[Button] = []
    if ticket.status == "open":
        buttons.append(Button(action="claim", label="Claim", target=ticket.id, style="primary"))
    if ticket.status == "claimed":
        buttons.append(Button(action="unclaim", label="Unclaim", target=ticket.id))
    if not ticket.closed:
        buttons += [
            Button(action="resolve", label="Resolve", target=ticket.id),
            Button(action="snooze", label="Snooze 1h", target=ticket.id),
            # opens the reply form where a platform has forms; elsewhere `reply T-3 <text>`
            Button(action="reply", label="Reply…", target=ticket.id),
        ]
    elif ticket.status == "resolved":  # a merged one is worked on in the one it went into
        buttons.append(Button(action="reopen", label="Reopen", target=ticket.id))
    fields = [CardField(name="Status", value=_status_line(ticket, zone))]
    if ticket.priority is not None:
        fields.append(CardField(name="Priority", value=ticket.priority))
    if ticket.tags:
        fields.append(CardField(name="Tags", value=", ".join(ticket.tags)))
    sla = sla_text(ticket, zone)
    if sla is not None and not ticket.closed:
        fields.append(CardField(name="SLA due", value=sla))
    if len(ticket.mention_ids) > 1:
        fields.append(CardField(name="Mentions", value=str(len(ticket.mention_ids))))
    if ticket.merged:
        fields.append(CardField(name="Merged", value="".join(merged_list(ticket))))
    after = followed(ticket)
    if after is not None:  # the customer's last ticket, resolved (Zendesk's follow-up)
        fields.append(CardField(name="Follow-up", value=f"follows {after[0]}, {after[1]}"))
    if signal is not None:
        fields += _base_fields(signal)
        ctx = signal.author_context
        if ctx.previous_mentions:
            trend = ""
            if ctx.recent_sentiment:
                avg = sum(ctx.recent_sentiment) / len(ctx.recent_sentiment)
                trend = f", mean sentiment {avg:+.2f}"
            fields.append(
                CardField(
                    name="Customer",
                    value=(
                        f"{ctx.previous_mentions} earlier mention(s){trend}"
                        + (
                            f"; open tickets {', '.join(ctx.open_tickets)}"
                            if ctx.open_tickets
                            else ""
                        )
                    ),
                )
            )
        buttons += list(_open_button(signal))
    m = signal.mention if signal else None
    late = "OVERDUE · " if ticket.overdue and not ticket.closed else ""
    if ticket.priority is not None:  # first thing read, as PagerDuty shows it
        late += f"{ticket.priority} · "
    return Card(
        kind="ticket",
        key=ticket.id,
        title=f"{late}{ticket.id}: "
        + (
            f"{at_handle(_author(signal))} on {display_name(m.network)}"
            if signal and m
            else "ticket"
        ),
        text=post_text(signal) if signal else "",
        url=post_url(signal) if signal else None,
        network=m.network if m else None,
        network_name=display_name(m.network) if m else None,
        author=_author(signal) if signal else None,
        author_url=m.author.profile_url if m else None,
        badges=badges(signal) if signal else (),
        fields=tuple(fields),
        route=ticket.route,
        status=ticket.status,
        buttons=tuple(buttons),
        created_at=ticket.created_at,
    )


def _status_line(ticket: Ticket, zone: str | None) -> str:
    if ticket.status == "merged":
        return f"merged into {ticket.merged_into}"
    snoozed = ""
    if ticket.snoozed_until is not None and ticket.status in ("open", "claimed"):
        # the date too unless the snooze ends the day the card is drawn (its last change,
        # the snooze itself): `snooze T-3 until monday 9am` is not today's 08:00. A claimed
        # ticket's too: it holds the chain back once unclaimed, and its end is said
        drawn = ticket.history[-1].at if ticket.history else ticket.created_at
        snoozed = (f"snoozed until {on_the_day(ticket.snoozed_until, drawn)}"
                   f"{on_clock(ticket.snoozed_until, zone)}")
    if ticket.status == "claimed":
        return f"claimed by {ticket.claimer}" + (f", {snoozed}" if snoozed else "")
    return snoozed or ticket.status


def on_the_day(at: datetime, now: datetime) -> str:
    """``09:00 UTC``, or ``2026-11-30 09:00 UTC`` when ``at`` is another day (UTC) than
    ``now``: a time read later, or days ahead, is not taken for today's."""
    at = at.astimezone(UTC)
    return at.strftime("%H:%M UTC" if at.date() == now.astimezone(UTC).date()
                       else "%Y-%m-%d %H:%M UTC")


LATE = timedelta(minutes=2)  # a scheduled post going out later than this says by how much


def _late(approval: Approval, at: datetime) -> str:
    """``3 h 5 min``: how much later than its time a scheduled post went out at ``at``, when
    more than ``LATE`` (the bot was down, or its timers were); else ``""``."""
    if approval.publish_at is None or at - approval.publish_at <= LATE:
        return ""
    return span(int((at - approval.publish_at).total_seconds() // 60))


def late_by(approval: Approval, at: datetime, zone: str | None = None) -> str:
    """``, 3 h 5 min late (due 2026-12-07 09:00 UTC)``, or ``""`` (``_late``); the time on
    ``zone``'s clock too (a reply; a history entry's detail stays UTC)."""
    late = _late(approval, at)
    return f", {late} late (due {shown_at(approval.publish_at, zone)})" \
        if late and approval.publish_at is not None else ""


# the history action of a draft taken back by its author or an approver (``withdraw``): its
# status is ``rejected``, which every release reads, and this entry says it was withdrawn
WITHDRAWN = "withdrawn"


def withdrawal(approval: Approval) -> HistoryEntry | None:
    """The entry saying who withdrew the draft and why (its ``detail``), when it is rejected
    because it was withdrawn: its last withdrawal or rejection is a withdrawal (an edit may
    have sent a withdrawn draft back to approval, and an approver rejected it since)."""
    if approval.status != "rejected":
        return None
    last = next((e for e in reversed(approval.history)
                 if e.action in (WITHDRAWN, "rejected")), None)
    return last if last is not None and last.action == WITHDRAWN else None


def withdrawn_by(entry: HistoryEntry) -> str:
    """``withdrawn by alice: no longer true``: the line in the card's thread."""
    return f"withdrawn by {entry.actor}" + (f": {entry.detail}" if entry.detail else "")


# history actions stored with every approval (their words are kept: first_attempt reads them)
CLAIMED = "publishing"  # a publishing claim, one per attempt
# in a claim's detail (``attempt 2; posting as ...``), before who its publisher said it was
# posting as (``SignedPublisher.posted_as``): kept with the claim, before the post, so a later
# try's look knows its post whatever token is in use then (``possible_posters``)
POSTING_AS = "; posting as "
POSTPONED = "publish postponed"  # that attempt's network asked to wait: nothing was posted
UNCONFIRMED = "publish unconfirmed"  # that attempt's failure said nothing of the post: it may
# have posted, so it stays an attempt (first_attempt) and the next one looks first
UNSENT = "publish not sent"  # that attempt failed (a timeout, a 5xx) before its post was sent
# (resolving the address of the post a reply answers): it posted nothing, so it is no attempt
# (first_attempt) and nobody looks for its post, but it counts towards UNCERTAIN_TRIES
EDITED = "edited (back to pending)"
# a publish whose failure said nothing of the post (PublishUncertain) is tried again, looking
# first, after 1, 2, 4 and 8 minutes; the fifth such failure fails it
UNCERTAIN_TRIES = 5


def unconfirmed_tries(a: Approval) -> int:
    """How many of ``a``'s publishing claims since its last edit failed on a 5xx or a timeout,
    whether it may have posted (``UNCONFIRMED``) or failed before its post was sent
    (``UNSENT``): the tries counted towards ``UNCERTAIN_TRIES``. A claim a 429 turned back or
    whose process died is none."""
    tries = 0
    for entry in a.history:
        if entry.action == EDITED:
            tries = 0
        elif entry.action in (UNCONFIRMED, UNSENT):
            tries += 1
    return tries


def possible_posts(a: Approval) -> list[datetime]:
    """When each of ``a``'s publishing claims since its last edit that may have posted its
    text was made, oldest first: every claim but those known to have posted nothing (a 429's,
    ``POSTPONED``; one failing before its post was sent, ``UNSENT``: each recorded by the
    latest claim). A claim still under way, or whose process died, may have posted."""
    return [entry.at for entry in _possible_claims(a)]


def possible_posters(a: Approval) -> tuple[str, ...]:
    """Who each of ``a``'s claims that may have posted (``possible_posts``) recorded it was
    posting as (``SignedPublisher.posted_as``, after ``POSTING_AS`` in the claim's detail),
    oldest first, each once. A claim recorded by a release before 2026-12-07 (``attempt 2``
    alone), or whose publisher did not say, gives none."""
    said: list[str] = []
    for entry in _possible_claims(a):
        poster = entry.detail.partition(POSTING_AS)[2]
        if poster and poster not in said:
            said.append(poster)
    return tuple(said)


def _possible_claims(a: Approval) -> list[HistoryEntry]:
    claims: list[HistoryEntry] = []
    for entry in a.history:
        if entry.action == EDITED:
            claims = []
        elif entry.action == CLAIMED:
            claims.append(entry)
        elif entry.action in (POSTPONED, UNSENT) and claims:
            claims.pop()
    return claims


def _last_failed_try(a: Approval) -> str | None:
    return next((e.action for e in reversed(a.history)
                 if e.action in (POSTPONED, UNCONFIRMED, UNSENT)), None)


def last_try_unconfirmed(a: Approval) -> bool:
    """Whether ``a``'s last try that failed ended without saying whether it posted (a 5xx, a
    timeout: ``UNCONFIRMED``), not turned back by its network (a 429: ``POSTPONED``) nor
    failing before its post was sent (``UNSENT``)."""
    return _last_failed_try(a) == UNCONFIRMED


def last_try_uncertain(a: Approval) -> bool:
    """Whether ``a``'s last try that failed did on a 5xx or a timeout (``UNCONFIRMED`` or
    ``UNSENT``), tried again after ``UNCERTAIN_WAIT``, not put off by a 429."""
    return _last_failed_try(a) in (UNCONFIRMED, UNSENT)


def next_try_ending(approval: Approval, zone: str | None = None) -> str:
    """When an approved draft waiting for its next try (``next_try_at``, stored in UTC) is
    tried again, on ``zone``'s clock beside UTC: ``; tried again at ...`` after a 429,
    ``; trying again at ..., looking first for the post (try 1 of 5)`` after a try that said
    nothing of the post. "" for any other draft. Made from the stored fields, never read back
    out of words, so a network's message (or ours, reworded) cannot move it."""
    at = approval.next_try_at
    if at is None or approval.status != "approved":
        return ""
    if last_try_uncertain(approval):  # looking first only if a try may have posted it
        looks = ", looking first for the post" if possible_posts(approval) else ""
        return (f"; trying again at {shown_at(at, zone)}{looks} "
                f"(try {unconfirmed_tries(approval)} of {UNCERTAIN_TRIES})")
    return f"; tried again at {shown_at(at, zone)}"


# what a try that failed made, kept: an edit makes the draft another text, which no try has
# failed yet (publish puts its own error in its place; a withdraw leaves this one as it is)
FAILED_TRY = (POSTPONED, UNCONFIRMED, UNSENT, "publish failed")
BEFORE_EDIT = "before the last edit: "


def error_before_edit(approval: Approval) -> bool:
    """Whether ``approval``'s error is a try's of the text it held before its last edit (a
    429's, a 502's: the draft edited since, pending again or approved again and not tried
    yet): said as such (``error_said``), its next try's time no longer its own."""
    if approval.error is None:
        return False
    last = next((e.action for e in reversed(approval.history)
                 if e.action in (EDITED, *FAILED_TRY)), None)
    return last == EDITED


def error_said(approval: Approval, zone: str | None = None) -> str | None:
    """An approval's error as a reader is told it (the card's Error field, status, the
    approver's answer): its words and, while it waits for its next try, when that is, on
    ``zone``'s clock beside UTC; an error of the text before its last edit says so (a 502's
    try of that text may have posted it). None: no error."""
    if approval.error is None:
        return None
    if error_before_edit(approval):  # stored before next_try_at (schema 13): its ending
        # said a try the edit called off
        m = _NEXT_TRY.search(approval.error)
        return BEFORE_EDIT + (approval.error[:m.start()] if m is not None else approval.error)
    if approval.status == "approved" and ends_with_next_try(approval):  # stored before
        return error_on_clock(approval.error, zone)  # next_try_at (schema 13): its own ending
    return approval.error + next_try_ending(approval, zone)


def ends_with_next_try(approval: Approval) -> bool:
    """Whether ``approval``'s error was stored before ``next_try_at`` (schema 13), its own
    ending saying the next try: that release kept the whole error as its last try's history
    entry, where this one keeps the network's words as the error and the entry says the time
    after them. A draft of this release no longer waiting for that try (scheduled since) has
    none either, and its error is the network's words, read as they came."""
    if (approval.next_try_at is not None or approval.error is None
            or error_before_edit(approval)):
        return False
    last = next((e for e in reversed(approval.history)
                 if e.action in (POSTPONED, UNCONFIRMED, UNSENT)), None)
    return last is not None and last.detail == approval.error


def put_off_until(approval: Approval) -> datetime | None:
    """When an approved draft a network put off (a 429) is tried again: its ``next_try_at``,
    or, stored before it (schema 13), the time its error's own ending says. None for any
    other draft (a try that said nothing of the post: ``handlers.approvals.next_try``; an
    error of the text before its last edit; a draft scheduled since)."""
    if (approval.status != "approved" or approval.error is None
            or last_try_uncertain(approval) or error_before_edit(approval)):
        return None
    if approval.next_try_at is not None:
        return approval.next_try_at
    m = _NEXT_TRY.search(approval.error) if ends_with_next_try(approval) else None
    return (datetime.strptime(m.group(2), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
            if m is not None else None)


# the end of an error stored before ``next_try_at`` (schema 13): after a try that said nothing
# of the post, its time in UTC as publish stored it then (an error stored before that said a
# clock too); after a 429, its time in UTC and on the approvals channel's clock, and a cap's
# note: read for those records only
_NEXT_TRY = re.compile(r"; (trying|tried) again at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC"
                       r"(?: \([^()]*\))?"
                       r"(, looking first for the post \(try \d+ of \d+\)"
                       r"| \(it asked for longer: a day at most, then it is asked again\))?$")


def error_on_clock(error: str, zone: str | None) -> str:
    """The error of an approval stored before ``next_try_at`` (schema 13) with its next try's
    time on ``zone``'s clock beside UTC (``shown_at``), for the reader's workspace: stored, it
    says UTC alone. Only its own ending is read: the server's words before it are left as they
    are. A record stored since says the time in ``next_try_at`` (``error_said``)."""
    m = _NEXT_TRY.search(error)
    if m is None:
        return error
    at = datetime.strptime(m.group(2), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return f"{error[:m.start()]}; {m.group(1)} again at {shown_at(at, zone)}{m.group(3) or ''}"


def _answered(approval: Approval) -> str:
    """The "@name" an approval's ``reply_context`` starts with (``in_reply_to``), or ""."""
    context = approval.reply_context
    return context.split(": ", 1)[0] if context.startswith("@") else ""


def looked_up(approval: Approval) -> str | None:
    """Which post a reply from an account on another server than the one that read it answers,
    while it has yet to publish: the post at its address, as that account's server finds it
    then (``HomedPublisher.resolve``), not the id its reader gave it; None for any other
    draft. Approvers approve an answer to that post, found from that server."""
    if approval.reply_url is None or approval.status not in ("pending", "approved",
                                                             "publishing"):
        return None
    return (f"the post at {one_line(approval.reply_url, 300)}, looked up on "
            f"{approval.account}'s server when it publishes")


def approval_card(approval: Approval, *, zone: str | None = None) -> Card:
    """``zone``: the workspace's configured zone, in which a scheduled time is shown too."""
    buttons: tuple[Button, ...] = ()
    if approval.status == "pending":
        buttons = (
            Button(action="approve", label="Approve", target=approval.id, style="primary",
                   version=(step_version(approval.content_hash, approval.current_step + 1)
                            if len(approval.steps) > 1 else approval.content_hash)),
            # the text it rejects, carried to its comment form (a form submitted after an
            # edit rejects nothing)
            Button(action="reject", label="Reject", target=approval.id, style="danger",
                   version=approval.content_hash),
        )
    elif approval.status == "approved":  # waiting for its time (or its publish timer): its
        # authors and approvers may still call it off. Not on a pending card: there an
        # approver rejects, with the comment a rejection needs
        # The click carries the text this card shows, as Approve's does: a click on a card
        # still showing it after an edit (a stale client, a replay) withdraws nothing
        buttons = (Button(action="withdraw", label="Withdraw", target=approval.id,
                          style="danger", version=approval.content_hash),)
    fields = [
        CardField(
            name="Network",
            value=f"{display_name(approval.network)} as {approval.account}",
        ),
        CardField(name="Drafted by", value=approval.author),
        CardField(
            name="Step",
            value=f"{min(approval.current_step + 1, len(approval.steps))}/{len(approval.steps)}",
        ),
    ]
    if approval.reply_context:
        # the author it answers first (``in_reply_to``): a right-to-left name there turned
        # the field right to left, the post's words before whose they are
        fields.append(CardField(name=IN_REPLY_TO, value=truncate(approval.reply_context, 1000),
                                names=right_to_left_names((_answered(approval),))))
    if (answers := looked_up(approval)) is not None:  # before the decisions a full card cuts
        fields.append(CardField(name=ANSWERS, value=answers))
    if approval.ticket_id:
        fields.append(CardField(name="Ticket", value=approval.ticket_id))
    took_back = withdrawal(approval)
    for d in approval.decisions[-3:]:
        said = ("withdrawn" if took_back is not None and d is approval.decisions[-1]
                else d.verdict)
        fields.append(
            CardField(
                name=f"{said} by {d.person}",
                value=d.comment or shown_at(d.at, zone),
            )
        )
    if approval.publish_at is not None:
        went = next((h.at for h in reversed(approval.history) if h.action == "published"), None)
        fields.append(CardField(
            name="Publishes at" if went is None else "Scheduled for",
            value=shown_at(approval.publish_at, zone)
            + (f"; went out {late} late" if went is not None and (late := _late(approval, went))
               else "")))
    if approval.published_url:
        fields.append(CardField(name="Published", value=approval.published_url))
    if approval.error:  # the next try's time kept whole after a network's long words
        ending = next_try_ending(approval, zone)
        fields.append(CardField(name="Error", value=(
            truncate(approval.error, 500 - len(ending)) + ending if ending
            else truncate(error_said(approval, zone) or approval.error, 500))))
    return Card(
        kind="approval",
        key=approval.id,
        title=f"{approval.id}: {approval_headline(approval, zone=zone)}",
        text=approval.text,
        status=approval.status,
        fields=tuple(fields),
        network=approval.network,
        network_name=display_name(approval.network),
        buttons=buttons,
        url=approval.published_url,
        footer=f"content sha256 {approval.content_hash[:16]}",
        created_at=approval.created_at,
    )


def published_links(a: Approval) -> tuple[str, ...]:
    """The address ``where_published`` writes, as a reply's own link (``Reply.links``)."""
    return (a.published_url,) if a.published_url else ()


def where_published(a: Approval) -> str:
    """Where a published draft is, in one line: its address (one http(s) URL: PublishResult),
    else the id the network gave it, which is any string its server sends (``shown_id``)."""
    return a.published_url or (shown_id(a.published_id) if a.published_id else "")


def approval_headline(approval: Approval, *, zone: str | None = None) -> str:
    """What the card says the draft is now: a question only while it waits for approvers."""
    where = f"{display_name(approval.network)} as {approval.account}"
    if approval.publish_at is not None and approval.status in ("pending", "approved"):
        at = shown_at(approval.publish_at, zone)
        return (f"approve this post? It publishes at {at}" if approval.status == "pending"
                else f"approved; publishes at {at} to {where}")
    last = approval.decisions[-1] if approval.decisions else None
    if approval.status == "published":
        link = where_published(approval)
        return f"Published to {where}" + (f": {link}" if link else "")
    if (took_back := withdrawal(approval)) is not None:
        return f"Withdrawn by {took_back.actor}" + (
            f": {truncate(took_back.detail, 100)}" if took_back.detail else "")
    if approval.status == "rejected" and last is not None and last.verdict == "reject":
        return f"Rejected by {last.person}: {truncate(last.comment, 100)}"
    return {
        "pending": "approve this post?",
        "approved": f"Approved; publishing to {where}",
        "publishing": f"Publishing to {where}",
        "rejected": "Rejected",
        "expired": "Expired before anyone approved it; draft it again to post",
        "failed": f"Publishing to {where} failed",
    }[approval.status]


def notice_card(
    key: str,
    title: str,
    text: str,
    *,
    mention_users: tuple[str, ...] = (),
    mention_groups: tuple[str, ...] = (),
    claims: tuple[str, ...] = (),
) -> Card:
    """``claims``: the tickets an escalation notice pings about, each given a Claim button
    (the first ``NOTICE_CLAIMS``), as a PagerDuty or Grafana OnCall notification carries its
    Acknowledge: the person pinged claims it there, without opening the card."""
    return Card(
        kind="notice",
        key=key,
        title=title,
        text=text,
        mention_users=mention_users,
        mention_groups=mention_groups,
        buttons=tuple(Button(action="claim", label=f"Claim {t}", target=t, style="primary")
                      for t in claims[:NOTICE_CLAIMS]),
    )


NOTICE_CLAIMS = 5  # one row of Discord's buttons; the others are claimed on their cards
