"""Cards as Slack Block Kit messages: pure functions from ``bot.core.cards.Card`` to Slack's JSON.

Nothing a post says is interpreted. The post itself, field values, the footer, thread notes and
replies are ``plain_text`` objects with ``emoji: false``: Slack shows them character for
character (no bold, quotes, code, lists, links, pings or ``:shortcodes:``), which is also what
an approver must see of a draft. The few places our own layout uses mrkdwn (the author link,
bold field names and status, badge code spans) get untrusted text only through
``integrations.slack.escape.inline``: ``&<>`` escaped and every formatting character swapped
for its fullwidth lookalike, inside ``verbatim`` objects (no auto-linked URLs or ``@channel``).
So a post cannot draw a bold "SocialOps:" line, a quote, or anything else of the bot's layout.
Links come only from structured fields (post URL, profile URL), pings only from
``card.mention_users`` / ``card.mention_groups``. Everything is cut to the Block Kit limits, with
a link to the full post when the text was cut; a text that is empty once invisible characters
are gone gets no section at all (Slack refuses an empty one with ``invalid_blocks``).

Buttons carry ``action_id = "socialops:<action>"`` and ``value = <target id>`` (an Approve button:
``<approval id>#<content sha256>`` of the version the card shows, ``@<step>`` after it on a
draft of several steps); the message carries
``metadata`` naming the card key, which is how ``SlackWorkspace.find`` recognises its own messages.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from bot.core.cards import Button, Card, button_value, verified_names
from bot.core.text import (
    clean,
    clean_whole,
    is_blank,
    isolated,
    isolates,
    marked,
    marked_names,
    names_another_site,
    utf16_len,
    utf16_prefix,
    whole_lines,
)
from integrations.slack.escape import (
    button_url,
    cut,
    group_mention,
    inline,
    link,
    neutral,
    plain,
    plain_cut,
    safe_url,
    user_mention,
)

log = logging.getLogger(__name__)

# Block Kit limits (docs.slack.dev/reference/block-kit/blocks), text limits in UTF-16 code units
# (``utf16_len``): Slack never says which unit its "characters" are, and this one, the larger,
# fits either (docs/slack.md, Safety and limits).
MAX_BLOCKS = 50
SECTION_TEXT = 3_000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2_000
ACTION_ID = 255
FIELD_TEXT = 2_000
FIELDS_PER_SECTION = 10
ELEMENTS_PER_ACTIONS = 25
CONTEXT_TEXT = 3_000
CONTEXT_ELEMENTS = 10
FALLBACK_TEXT = 3_000  # the notification text; Slack truncates past 40,000 anyway
# All the text of a message's blocks together: Slack refuses more with ``msg_blocks_too_long``,
# a limit it does not document. slackapi/bolt-js#2509: refused at about 13,200 characters, and
# Slack's answer there: 12,000 text characters with a buffer for block containers; #2867:
# refused at 11,341 characters of summed ``text``. So 10,000, well below both.
MAX_CARD_TEXT = 10_000
FIELD_FLOOR = 100  # a field value is cut no shorter than this before the post text is cut
FOOTER_FLOOR = 300  # nor the footer

MAX_PINGS = 20  # users one plain message pings (a handoff pings one; a section holds 3,000)
OPEN_LABEL = "Open link"  # a link button whose own label would misname where it goes
ACTION_PREFIX = "socialops:"
EVENT_TYPE = "socialops_card"
LINE_EVENT_TYPE = "socialops_line"  # a card's thread note, by its delivery key
MODAL_REJECT = "socialops:reject_modal"

_KIND_ICON = {
    "alert": "🔔",
    "ticket": "🎫",
    "approval": "📝",
    "digest": "🗞️",
    "spike": "📈",
    "notice": "ℹ️",
}


@dataclass(frozen=True)
class SlackMessage:
    """Arguments for ``chat.postMessage`` / ``chat.update`` (minus channel and ts)."""

    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)


def _mrkdwn(text: str, *, verbatim: bool = True) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": verbatim}


def _plain(text: str) -> dict[str, Any]:
    # Slack refuses an empty text object; "-" stands for a value that was all invisible.
    return {"type": "plain_text", "text": text or "-", "emoji": False}


def render_card(card: Card) -> SlackMessage:
    top: list[dict[str, Any]] = []
    icon = _KIND_ICON.get(card.kind, "")
    # one character kept for the end of the isolate around a right-to-left author's name,
    # should the cut leave it out (``isolates``)
    title = isolates(plain(_named(card), HEADER_TEXT - utf16_len(icon) - 2)) or card.kind
    top.append({"type": "header", "text": _plain(f"{icon} {title}".strip())})
    context = _context(card)
    if context:
        top.append({"type": "context", "elements": context})
    pings = [m for m in (user_mention(u) for u in card.mention_users) if m]
    pings += [m for m in (group_mention(g) for g in card.mention_groups) if m]
    if len(pings) != len(card.mention_users) + len(card.mention_groups):
        log.warning("card %s: dropped mention ids that are not Slack ids", card.key)
    if pings:
        # Not verbatim: these are the only mentions meant to notify anyone.
        top.append({"type": "section",
                    "text": _mrkdwn(_ping_text(card, pings), verbatim=False)})
    actions = _actions(card)
    labels = [f"*{inline(f.name, 100) or '-'}*" for f in card.fields]
    # people's names isolated (``marked_names``), one character kept for the end of an
    # isolate a cut may leave out (``isolates``); a network's markers are made U+FFFD
    values = [plain_cut(marked_names(f.value, f.names),
                        FIELD_TEXT - 1 if f.names else FIELD_TEXT)[0] or "-"
              for f in card.fields]
    footer = plain(card.footer or "", CONTEXT_TEXT)
    # The total text bound (MAX_CARD_TEXT): the header, pings, buttons and field names stay;
    # the longest field values are cut first, then the footer, then the post text.
    room = MAX_CARD_TEXT - text_size(top + actions) - sum(map(utf16_len, labels))
    exact = any(b.version for b in card.buttons)  # the text an Approve button approves
    want = _body_size(card, exact)
    values = _fit(values, room - want - utf16_len(footer), FIELD_FLOOR)
    room -= sum(map(utf16_len, values))
    if utf16_len(footer) > FOOTER_FLOOR and want + utf16_len(footer) > room:
        footer = plain(footer, max(FOOTER_FLOOR, room - want))
    blocks = top + (_exact_body(card, room - utf16_len(footer)) if exact
                    else _body(card, room - utf16_len(footer)))
    fields: list[dict[str, Any]] = []
    for f, label, value in zip(card.fields, labels, values, strict=True):
        fields += [_mrkdwn(label), _field_value(card, f.value, isolates(value) or "-")]
    blocks += [{"type": "section", "fields": fields[i : i + FIELDS_PER_SECTION]}
               for i in range(0, len(fields), FIELDS_PER_SECTION)]
    if footer:
        blocks.append({"type": "context", "elements": [_plain(footer)]})
    room = MAX_BLOCKS - len(actions)
    if len(blocks) > room:
        log.warning("card %s: %d blocks cut to fit %d", card.key, len(blocks), MAX_BLOCKS)
        blocks = blocks[:room]
    while text_size(blocks + actions) > MAX_CARD_TEXT and len(blocks) > 1:
        log.warning("card %s: a block left out to fit %d characters", card.key, MAX_CARD_TEXT)
        blocks.pop()  # only where names, pings and buttons alone nearly fill a card
    blocks.extend(actions)
    fallback = isolates(neutral(cut(" ".join(f"{card.kind}: {clean(_named(card))}".split()),
                                    FALLBACK_TEXT - 1)))
    return SlackMessage(
        text=fallback,
        blocks=blocks,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": card.key}},
    )


def _field_value(card: Card, whole: str, shown: str) -> dict[str, Any]:
    """A field's value (``shown``: cut to fit) as plain text, or, when the whole value is the
    card's own link (``card.url``, a published draft's address in its Published field), that
    link: plain_text is never linked, and the address was text to copy by hand. No address the
    card does not link already is made a link: a post's text still links nothing."""
    target = safe_url(card.url) if card.url is not None and whole == card.url else None
    if target is None or shown != whole or utf16_len(target) + 2 > FIELD_TEXT:
        return _plain(shown)
    return _mrkdwn(f"<{target}>")


def text_size(value: Any) -> int:
    """Characters of text in blocks (UTF-16 code units), as Slack's total limit counts them
    (every ``text``)."""
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    if not isinstance(value, dict):
        return 0
    return sum(utf16_len(v) if k == "text" and isinstance(v, str) else text_size(v)
               for k, v in value.items())


def _fit(values: list[str], room: int, floor: int) -> list[str]:
    """``values`` cut to one common length, the longest first, so they fit ``room`` together;
    none is cut shorter than ``floor``."""
    if sum(map(utf16_len, values)) <= room:
        return values
    lengths = sorted(utf16_len(v) for v in values)
    cap, left = floor, max(0, room)
    for n, size in enumerate(lengths):
        if size * (len(lengths) - n) > left:
            cap = max(floor, left // (len(lengths) - n))
            break
        left -= size
    return [v if utf16_len(v) <= cap else plain_cut(v, cap)[0] for v in values]


def render_text(text: str, *, mentions: tuple[str, ...] = (), unlisted: int = 0,
                links: tuple[str, ...] = ()) -> SlackMessage:
    """A plain message (thread note, reply) as plain-text sections: top-level ``text`` alone
    would be mrkdwn, formatting and auto-linking whatever a post or a draft contains. A text
    longer than a section takes several, up to the card total (``MAX_CARD_TEXT``); past that,
    its first whole lines and how many lines were left out (an answer listing rows loses its
    last rows, not half of one without a word). ``mentions`` (Slack user ids, a handoff's new
    owner) are pinged in a section of their own after the text, as a card's pings are: the
    only part that is not plain text. ``unlisted``: lines of a listing after ``text``,
    counted, not built (``bot.core.text.listing``), counted with the lines left out.
    ``links``: the addresses the handler wrote itself (``Reply.links``, a published post's),
    each shown as a link after the text where it stands there as a word (``own_links``)."""
    pings = [m for m in (user_mention(u) for u in dict.fromkeys(mentions)) if m][:MAX_PINGS]
    if len(pings) != len(set(mentions)):
        log.warning("a message's mention ids that are not Slack ids (or too many) dropped")
    room = MAX_CARD_TEXT - sum(len(p) + 1 for p in pings)
    text = clean_whole(text)  # whole: every line left out counted
    own = own_links(text, links)
    room -= sum(map(utf16_len, own))
    fitted = whole_lines(text, room, more=_more_lines, size_of=utf16_len, unlisted=unlisted)
    body = plain_cut(text, room)[0] if fitted is None else fitted
    own = own_links(body, links)  # of what is shown: a line left out links nothing
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": _plain(_isolated_part(part))}
        for part in _line_sections(body)
    ] or [{"type": "section", "text": _plain("")}]
    if own:
        # mrkdwn, verbatim: only the link markup built here from the handler's own address
        blocks.append({"type": "context", "elements": [_mrkdwn(o) for o in own]})
    if pings:
        blocks.append({"type": "section", "text": _mrkdwn(" ".join(pings), verbatim=False)})
    return SlackMessage(
        # the notification text must not be empty either (a note of invisible characters)
        text=isolates(neutral(cut(" ".join(text.split()), FALLBACK_TEXT))) or "-",
        blocks=blocks,
    )


def _isolated_part(part: str) -> str:
    """A section of a reply whose names were marked (``Reply.marked``), each isolated
    (``isolates``); one cut at the section's end is closed there, one character less of it
    kept when the closing PDI would not fit."""
    out = isolates(part)
    return out if utf16_len(out) <= SECTION_TEXT else isolates(part[:-1])


def own_links(text: str, links: tuple[str, ...]) -> list[str]:
    """``<url>`` for each of a handler's own addresses (``Reply.links``) that stands in
    ``text`` as a word of its own, at most a context block's elements. The text itself stays
    plain_text, which Slack shows as written and never links
    (docs.slack.dev/reference/block-kit/composition-objects/text-object: markup is read in
    mrkdwn only): an address the approver would otherwise copy by hand. One glued to other
    words (``urlevil.example``), one ``safe_url`` refuses, or one too long for an element
    with its ``<>`` links nothing."""
    out: list[str] = []
    for url in dict.fromkeys(links):
        target = safe_url(url)
        if target is None or utf16_len(target) + 2 > CONTEXT_TEXT \
                or len(out) == CONTEXT_ELEMENTS:
            continue  # the longest address Slack takes (MAX_URL) fills an element without <>
        if re.search(rf"(?<!\S){re.escape(url)}(?=$|\s|[,;!?)]|[.:](?:$|\s))", text, re.M):
            out.append(f"<{target}>")
    return out


def _line_sections(text: str) -> list[str]:
    """``text`` in pieces of at most a section each, broken after the last whole line that
    fits when there is one (a row of a list stays in one block), else at a space near the end
    of the piece, else anywhere."""
    parts = []
    while utf16_len(text) > SECTION_TEXT:
        window = utf16_prefix(text, SECTION_TEXT)
        at = window.rfind("\n")
        if at > 0:
            parts.append(text[:at])
            text = text[at + 1:]
            continue
        space = window.rfind(" ", max(0, len(window) - 300))
        end = space + 1 if space > 0 else len(window)
        parts.append(text[:end])
        text = text[end:]
    return [p for p in [*parts, text] if p.strip()]


def _more_lines(n: int) -> str:
    return (f"… and {n:,} more line{'s' if n != 1 else ''}: the answer is longer than one Slack "
            "message holds")


def _ping_text(card: Card, pings: list[str]) -> str:
    """As many pings as a section holds (3,000 characters), then "+N more" for the rest."""
    text = ""
    for n, ping in enumerate(pings):
        rest = len(pings) - n - 1
        note = f" +{rest} more" if rest else ""
        candidate = f"{text} {ping}" if text else ping
        if len(candidate) + len(note) > SECTION_TEXT:
            left = len(pings) - n
            log.warning("card %s: %d mention(s) past the section limit not pinged", card.key,
                        left)
            return f"{text} +{left} more"
        text = candidate
    return text


def _named(card: Card) -> str:
    """The card's title with the author's name in it (after its "@") marked to be isolated
    (``bot.core.text.marked``), so a right-to-left name cannot reorder the words after it."""
    return marked(card.title, (card.author or "").removeprefix("@"))


def _context(card: Card) -> list[dict[str, Any]]:
    # Our layout in mrkdwn; every untrusted piece goes through ``inline`` (nothing formats),
    # and a piece that is empty once cleaned is left out (an empty `` or ** shows as is).
    who: list[str] = []
    network = inline(card.network_name or card.network or "", 40)
    if network:
        who.append(f"*{network}*")
    # an author that draws nothing but its "@" (soft hyphens, the braille blank) is none
    if card.author and not is_blank(card.author.removeprefix("@")):
        name = card.author if card.author.startswith("@") else f"@{card.author}"
        # the link takes what the network name leaves of the element (and the isolates
        # around a right-to-left name); past that, no link
        room = CONTEXT_TEXT - sum(utf16_len(w) + len(" · ") for w in who) - 2
        who.append(isolated(link(card.author_url, name, limit=120, room=room,
                                 verified=verified_names(card))))
    elements = []
    if who:
        elements.append(_mrkdwn(" · ".join(who)))
    badges = [b for b in (inline(b, 60) for b in card.badges[:20]) if b]
    if badges:
        elements.append(_mrkdwn(" · ".join(f"`{b}`" for b in badges)))
    state = []
    # A handler's own Status field ("claimed by alice", "snoozed until …") says more than the
    # bare status and takes its place: the card said its status twice (as Discord's did)
    own_status = any(f.name == "Status" for f in card.fields)
    route = inline(card.route or "", 120)
    status = "" if own_status else inline(card.status or "", 80)
    if route:
        state.append(f"route: {route}")
    if status:
        state.append(f"status: *{status}*")
    if state:
        elements.append(_mrkdwn(" · ".join(state)))
    return elements


def _body_size(card: Card, exact: bool) -> int:
    """What the post text asks of the total: all of it for a draft, one section otherwise."""
    size = utf16_len(clean_whole(card.text))
    return size if exact else min(size, SECTION_TEXT)


def _body(card: Card, room: int) -> list[dict[str, Any]]:
    """The post as plain text, cut to a section and to ``room``; a link to the rest when cut.
    The names in it (``Card.text_names``) isolated, one character kept for the end of an
    isolate the cut may leave out (``isolates``)."""
    text = marked_names(card.text, card.text_names)
    kept = 1 if card.text_names else 0
    body, was_cut = plain_cut(text, max(0, min(SECTION_TEXT, room) - kept))
    more = link(card.url, "Read the full post", room=CONTEXT_TEXT) if was_cut else ""
    if more and not more.startswith("<"):
        more = ""  # no usable link: the label alone would point nowhere
    if more and utf16_len(body) + kept + utf16_len(more) > room:
        body = plain_cut(text, max(0, room - utf16_len(more) - kept))[0]
    body = isolates(body)
    out = [{"type": "section", "text": _plain(body)}] if body else []
    return out + ([{"type": "context", "elements": [_mrkdwn(more)]}] if more else [])


def _exact_body(card: Card, room: int) -> list[dict[str, Any]]:
    """A draft as an approver must read it: whole, over as many sections as it takes. One that
    does not fit the card is not cut silently: the card says how much it shows, and where the
    whole text is (the Approve button approves all of it)."""
    text = clean_whole(card.text)  # whole: it is published
    note = ""
    if utf16_len(text) > room:
        note = (f"This draft is {len(text):,} characters, more than a Slack card holds: shown "
                f"above are its first {{shown:,}}. Approve approves all of it. Read it whole "
                f"before approving: `socialops audit --format json` has it (the draft's "
                f"approval.draft or approval.edit event).")
        text = utf16_prefix(text, max(0, room - utf16_len(note) - 10))
        note = note.format(shown=len(text))
    out = [{"type": "section", "text": _plain(part)} for part in _sections(text)]
    return out + ([{"type": "context", "elements": [_plain(note)]}] if note else [])


def _sections(text: str) -> list[str]:
    """``text`` in pieces of at most a section each, broken at a line end or a space near the
    end of each piece when there is one."""
    parts = []
    while utf16_len(text) > SECTION_TEXT:
        window = utf16_prefix(text, SECTION_TEXT)
        near = max(0, len(window) - 300)
        at = max(window.rfind("\n", near), window.rfind(" ", near))
        at = at + 1 if at > 0 else len(window)
        parts.append(text[:at])
        text = text[at:]
    return [p for p in [*parts, text] if p.strip()]


def _actions(card: Card) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for button in card.buttons:
        element = _button(card, button, seen)
        if element is not None:
            elements.append(element)
    return [
        {
            "type": "actions",
            "block_id": f"socialops:actions:{i // ELEMENTS_PER_ACTIONS}",
            "elements": elements[i : i + ELEMENTS_PER_ACTIONS],
        }
        for i in range(0, len(elements), ELEMENTS_PER_ACTIONS)
    ]


def _button(card: Card, button: Button, seen: dict[str, int]) -> dict[str, Any] | None:
    n = seen.get(button.action, 0)
    seen[button.action] = n + 1
    # action_id must be unique within a message; bolt matches the "socialops:" prefix.
    action_id = f"{ACTION_PREFIX}{button.action}" + (f":{n}" if n else "")
    element: dict[str, Any] = {
        "type": "button",
        "text": _plain(plain(button.label, BUTTON_TEXT) or button.action),
        "action_id": action_id[:ACTION_ID],
    }
    if button.action == "open" or button.url:
        url = button_url(button.url or card.url)
        if url is None:
            log.warning("card %s: dropped %s button with an unusable URL", card.key, button.action)
            return None
        element["url"] = url
        if names_another_site(button.label, url):  # a label naming another site: ours instead
            element["text"] = _plain(OPEN_LABEL)
    if button.action != "open":
        if not button.target or len(button_value(button.target, button.version)) > BUTTON_VALUE:
            log.warning("card %s: dropped %s button: no usable target", card.key, button.action)
            return None
        element["value"] = button_value(button.target, button.version)
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    return element


def action_of(action_id: str) -> str | None:
    """``socialops:claim`` or ``socialops:claim:1`` -> ``claim``; None for foreign actions."""
    if not action_id.startswith(ACTION_PREFIX):
        return None
    return action_id[len(ACTION_PREFIX) :].split(":", 1)[0] or None


def reject_modal(*, target: str, channel: str, message_ts: str | None,
                 version: str | None = None) -> dict[str, Any]:
    """The modal asking for a rejection comment; ``private_metadata`` says what it rejects
    (``version``: the text the card showed, its sha256)."""
    meta = {"target": target, "channel": channel, "ts": message_ts}
    if version:
        meta["version"] = version
    return {
        "type": "modal",
        "callback_id": MODAL_REJECT,
        "private_metadata": json.dumps(meta, separators=(",", ":")),
        "title": {"type": "plain_text", "text": "Reject draft"},
        "submit": {"type": "plain_text", "text": "Reject"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "comment",
                "label": {"type": "plain_text", "text": f"Why is {plain(target, 40)} rejected?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "comment",
                    "multiline": True,
                    "min_length": 1,
                    "max_length": 2_000,
                },
                "optional": False,
            }
        ],
    }
