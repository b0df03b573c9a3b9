"""Cards to Discord messages: one embed, a row of buttons, and the ``allowed_mentions`` that
lets exactly the users and roles the card names be pinged and nobody else.

The embed never exceeds Discord's limits (title 256, description 4,096, ≤25 fields of
256/1,024, footer 2,048, author 256, 6,000 in total): long social text is cut with "…" and a link
to the full post. The card key is written into the footer (``… · socialops key: T-12``) so
``DiscordWorkspace.find`` can recognise our message in channel history after a crash; spaces,
``%`` and anything outside printable ASCII in a key are percent-encoded there, so any key reads
back whole from the footer's last word.

Buttons carry ``custom_id = "socialops:<action>:<target>"`` (≤100 characters); the bot matches
them with ``CUSTOM_ID_TEMPLATE`` after any restart, so no view state has to survive. An Approve
button's target is ``<approval id>#<content sha256>`` of the version the card shows (its hash
cut to fit, ``@<step>`` kept after it on a draft of several steps). A link
button whose URL is over 512 characters is left out; the embed's url (up to 2,048) still links
the post.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

import discord

from bot.core.cards import (
    STEP_MARK,
    VERSION_MARK,
    Card,
    CardField,
    button_value,
    split_step,
    verified_names,
)
from bot.core.confcheck import is_snowflake
from bot.core.text import (
    clean_whole,
    is_blank,
    isolated,
    isolates,
    marked,
    marked_names,
    names_another_site,
)
from integrations.discord.escape import (
    ELLIPSIS,
    escape,
    escape_cut,
    escape_head,
    escape_line,
    link_target,
    plain,
    safe_url,
)

log = logging.getLogger(__name__)

CONTENT_LIMIT = 2_000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4_096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1_024
FOOTER_LIMIT = 2_048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6_000
CUSTOM_ID_LIMIT = 100
THREAD_NAME_LIMIT = 100  # a thread's name: "1-100 character channel name"
# A link button's url: "max 512 characters" (discord-api-docs components/reference, Button),
# a quarter of what an embed's url may hold; a longer one gets the whole message refused (50035)
BUTTON_URL_LIMIT = 512
FOOTER_BUDGET = 512  # the footer is metadata; keep the 6,000 total for what people read
FOOTER_TEXT_MIN = 80
DESCRIPTION_RESERVE = 1_500  # fields may not crowd the social text out of the total
# the last field when not all fit (at most 25, and the 6,000 in all): how many did not
MORE_FIELDS = "{n} more field{s} did not fit (Discord's limits)"
MORE_FIELDS_ROOM = len("More") + len(MORE_FIELDS) + 10
LABEL_LIMIT = 80
OPEN_LABEL = "Open link"  # a link button whose own label would misname where it goes
MAX_BUTTONS = 25  # 5 action rows of 5
# allowed_mentions.users and .roles: "Max size of 100" each (discord-api-docs resources/message,
# Allowed Mentions Structure); Discord refuses a longer list with 50035 Invalid Form Body
MENTION_LIST_LIMIT = 100

CUSTOM_ID_PREFIX = "socialops"
# Targets are our own ids (T-12, A-3, mastodon:123...), never social text.
CUSTOM_ID_TEMPLATE = r"socialops:(?P<action>[a-z]+):(?P<target>\S+)"
_CUSTOM_ID = re.compile(CUSTOM_ID_TEMPLATE)
KEY_MARK = "socialops key: "
_FOOTER_KEY = re.compile(re.escape(KEY_MARK) + r"(\S+)\Z")
# Printable ASCII but "%" stays as typed in a footer key (T-12, mastodon:1|support)
_KEY_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "%")
_SEPARATOR = " · "

_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}
_COLOURS = {
    "alert": 0x3498DB,
    "ticket": 0xF1C40F,
    "approval": 0x9B59B6,
    "digest": 0x1ABC9C,
    "spike": 0xE74C3C,
    "notice": 0x95A5A6,
}
_DONE_STATUSES = {"resolved", "merged", "approved", "published", "closed"}


@dataclass(frozen=True)
class Rendered:
    """Everything one send/edit needs. ``content`` holds only our own pings (never social
    text), so the text that can notify people is fully under our control."""

    content: str | None
    embed: discord.Embed
    view: discord.ui.View | None
    allowed_mentions: discord.AllowedMentions


def custom_id(action: str, target: str) -> str | None:
    """The button id for ``action`` on ``target``; None when it would exceed 100 characters."""
    cid = f"{CUSTOM_ID_PREFIX}:{action}:{target}"
    if len(cid) > CUSTOM_ID_LIMIT or not _CUSTOM_ID.fullmatch(cid):
        return None
    return cid


def _value(action: str, target: str, version: str | None) -> str:
    """The target and, for an Approve or Withdraw button, the content hash of the version
    shown, cut to what fits in a custom_id (never below the 12 hex digits an approval needs)."""
    if version is None:
        return target
    sha, step = split_step(version)  # the step a multi-step draft's card shows is kept whole
    end = f"{STEP_MARK}{step}" if step is not None else ""
    room = CUSTOM_ID_LIMIT - len(f"{CUSTOM_ID_PREFIX}:{action}:{target}{VERSION_MARK}{end}")
    return button_value(target, sha[: max(12, room)] + end)


def parse_custom_id(cid: str) -> tuple[str, str] | None:
    m = _CUSTOM_ID.fullmatch(cid)
    return (m.group("action"), m.group("target")) if m else None


def key_from_footer(text: str | None) -> str | None:
    m = _FOOTER_KEY.search(text or "")
    return unquote(m.group(1), errors="surrogatepass") if m else None


def _key_mark(key: str) -> str:
    """``socialops key: <key>``, the key percent-encoded so it is one word of printable
    ASCII; "" when even that would not fit in a footer (nothing can be found by it then)."""
    mark = KEY_MARK + quote(key, safe=_KEY_SAFE, errors="surrogatepass")
    return mark if len(mark) <= FOOTER_LIMIT else ""


def mention_ids(ids: tuple[str, ...]) -> list[int]:
    """Only well-formed snowflakes; anything else in config is ignored rather than sent."""
    return [int(i) for i in dict.fromkeys(ids) if is_snowflake(i)]


@dataclass(frozen=True)
class Pings:
    """Who a card pings: at most 100 users and 100 roles, and only as many as fit the content
    with the note on the rest; ``more`` counts those named but not pinged."""

    users: tuple[int, ...]
    roles: tuple[int, ...]
    more: int


def pings(card: Card) -> Pings:
    users = mention_ids(card.mention_users)
    roles = mention_ids(card.mention_groups)
    named = [("u", u) for u in users[:MENTION_LIST_LIMIT]]
    named += [("r", g) for g in roles[:MENTION_LIST_LIMIT]]
    total = len(users) + len(roles)
    kept: list[tuple[str, int]] = []
    size = 0
    for kind, snowflake in named:
        ping = _ping(kind, snowflake)
        # room for this ping and for the "+N more" note on whatever is left after it
        note = len(_more(total - len(kept) - 1)) if total - len(kept) - 1 else 0
        if size + len(ping) + 1 + note > CONTENT_LIMIT:
            break
        kept.append((kind, snowflake))
        size += len(ping) + 1
    return Pings(users=tuple(i for k, i in kept if k == "u"),
                 roles=tuple(i for k, i in kept if k == "r"), more=total - len(kept))


def _ping(kind: str, snowflake: int) -> str:
    return f"<@{snowflake}>" if kind == "u" else f"<@&{snowflake}>"


def _more(n: int) -> str:
    return f" +{n} more"


def allowed_mentions(card: Card) -> discord.AllowedMentions:
    """None but the users and roles the card pings: a post saying ``@everyone`` or ``<@&id>``
    pings no one, whatever the renderer or Discord's parser make of the text."""
    who = pings(card)
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(id=u) for u in who.users],
        roles=[discord.Object(id=g) for g in who.roles],
        replied_user=False,
    )


def content(card: Card) -> str | None:
    who = pings(card)
    parts = [_ping("u", u) for u in who.users] + [_ping("r", g) for g in who.roles]
    if not parts:
        return None
    if who.more:
        log.warning("card %s: %d mention(s) beyond Discord's limits not pinged", card.key,
                    who.more)
    return " ".join(parts) + (_more(who.more) if who.more else "")


def footer(card: Card) -> str:
    """The card's own footer text, then the key mark; at most 2,048 characters whatever the
    key (the model lets a key grow to a few hundred characters). The footer text keeps at
    least ``FOOTER_TEXT_MIN`` characters (an approval's content hash) while the total fits."""
    mark = _key_mark(card.key)
    if not mark:
        log.warning("card %s: key too long for the footer; find cannot recognise it",
                    card.key[:80])
    text = ""
    if card.footer:
        joint = len(mark) + len(_SEPARATOR) if mark else 0
        room = min(FOOTER_LIMIT - joint, max(FOOTER_BUDGET - joint, FOOTER_TEXT_MIN))
        text = plain(card.footer, room) if room > len(ELLIPSIS) else ""
    return _SEPARATOR.join(x for x in (text, mark) if x)


def colour(card: Card) -> int:
    if card.status in _DONE_STATUSES:
        return 0x2ECC71
    return _COLOURS.get(card.kind, 0x95A5A6)


def _timestamp(card: Card) -> datetime | None:
    """``created_at`` in UTC, as discord.py sends it; None when it has no UTC form (year 1
    at +01:00, year 9999 at -01:00), which would make ``Embed.to_dict`` raise OverflowError."""
    if card.created_at is None:
        return None
    try:
        return card.created_at.astimezone(UTC)
    except (OverflowError, ValueError):
        log.info("card %s: timestamp %s left out (no UTC form)", card.key, card.created_at)
        return None


def _title(card: Card) -> str:
    """The title, escaped, with the author's name in it (after its "@") isolated
    (``bot.core.text.marked``): one character kept for the end of the isolate, should the
    cut leave it out (``isolates``)."""
    named = marked(card.title, (card.author or "").removeprefix("@"))
    return isolates(escape_line(named, TITLE_LIMIT - 1))


def thread_name(card: Card) -> str:
    """The name of the card's history thread: its title on one line, cleaned (a thread name
    renders no markdown), the author's name in it isolated as in the embed's title (``_title``;
    a right-to-left name took the words after it into its run), within Discord's 1-100
    characters (resources/channel, Start Thread from Message). A title that shows nothing
    names it by the card's key, cut there too: Discord refused a longer one (50035), and the
    card's update with it. Soft hyphens and blank letters (U+2800, Hangul fillers), which
    ``clean`` keeps, show nothing too."""
    named = marked(card.title, (card.author or "").removeprefix("@"))
    return next((name for name in (isolates(plain(named, THREAD_NAME_LIMIT - 1)),
                                   plain(card.key, THREAD_NAME_LIMIT)) if not is_blank(name)),
                card.kind)


def _author_line(card: Card) -> str:
    """"name · network" for the embed's author, the name isolated (``isolated``): a
    right-to-left name turned the line round ("Mastodon · محمد") and took what followed it
    into its own run. The isolates count against the 256 characters (``AUTHOR_LIMIT``)."""
    network = plain(card.network_name or card.network or "", 64)
    if not card.author or is_blank(card.author.removeprefix("@")):  # draws nothing: none
        return network
    room = AUTHOR_LIMIT - 2 - (len(network) + len(" · ") if network else 0)
    name = isolated(plain(card.author, room))
    return f"{name} · {network}" if name and network else name or network


def embed(card: Card) -> discord.Embed:
    url = safe_url(card.url)
    # The title is the post link's text: a title naming another site (an author called
    # "https://acme.com/login") is shown unlinked, and the post is linked below the text.
    title_url = None if names_another_site(card.title, url, verified=verified_names(card)) else url
    e = discord.Embed(
        title=_title(card) or "(untitled)",
        url=title_url,
        colour=colour(card),
        timestamp=_timestamp(card),
    )
    author = " · ".join(x for x in (card.author, card.network_name or card.network) if x)
    if author and (line := _author_line(card)):
        author_url = safe_url(card.author_url)
        e.set_author(name=line,
                     url=None if names_another_site(author, author_url,
                                                    verified=verified_names(card))
                     else author_url)
    if shown := footer(card):
        e.set_footer(text=shown)
    fields: list[tuple[str, str | Linked]] = []
    if card.badges:
        fields.append(("Signals", " · ".join(card.badges)))
    # A handler's own Status field ("claimed by alice", "snoozed until …") says more than the
    # bare status and takes its place: the card said its status twice
    own_status = any(f.name == "Status" for f in card.fields)
    if card.status and not own_status:
        fields.append(("Status", card.status))
    if card.route:
        fields.append(("Route", card.route))
    fields += [(f.name, _field_value(f, url)) for f in card.fields]
    # the text an Approve button approves: fields make room for as much of it as fits
    exact = any(b.version for b in card.buttons)
    reserve = max(DESCRIPTION_RESERVE, min(DESCRIPTION_LIMIT, len(escape(card.text)))) \
        if exact else DESCRIPTION_RESERVE
    room = EMBED_TOTAL_LIMIT - reserve - len(e)
    added = _add_fields(e, fields, room, FIELD_COUNT_LIMIT)
    if added < len(fields):  # said on the card, in a field kept for it
        e.clear_fields()
        added = _add_fields(e, fields, room - MORE_FIELDS_ROOM, FIELD_COUNT_LIMIT - 1)
        left = len(fields) - added
        e.add_field(name="More", value=escape(MORE_FIELDS.format(
            n=left, s="s" if left != 1 else "")), inline=False)
        log.info("card %s: %d fields left out (Discord's limits)", card.key, left)
    # Whatever the other parts leave of the 6,000 total goes to the social text.
    budget = min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - len(e) - 1)
    more = f"\n[Read the full post]({link_target(url)})" if url else ""
    if card.text and budget > 0:
        # the names in the text isolated, one character kept for the end of an isolate the
        # cut may leave out (``isolates``)
        e.description = (_exact_text(card.text, budget) if exact
                         else isolates(escape_cut(marked_names(card.text, card.text_names),
                                                  budget - (1 if card.text_names else 0),
                                                  suffix=more)))
    if url and title_url is None and not (more and (e.description or "").endswith(more)):
        _link_below(e, f"[Open the post]({link_target(url)})")
    return e


@dataclass(frozen=True)
class Linked:
    """A field value that is the card's own link (``_field_value``): ``markdown`` is sent as
    it is, ``text`` (escaped) when it does not fit."""

    markdown: str
    text: str


def _field_value(f: CardField, url: str | None) -> str | Linked:
    """A field's value to show: escaped, or, when the value is the card's own link, exactly
    (``url``, what the title links: a published draft's address in its Published field), that
    link. Discord renders links in field values, not in titles; an escaped ``https\\:\\/\\/…``
    is text to copy by hand (docs/discord.md, Escaping). No address the card does not link
    already is made a link: a post's text still links nothing."""
    if url is None or f.value != url:
        # always: a network's text holding the markers has them made U+FFFD, so only the
        # names marked here become isolates (``_add_fields``)
        return marked_names(f.value, f.names)
    # the text shown when the link is longer than the field: cut and given to ``isolates``
    # too, its markers made U+FFFD first (a network's address held them: an isolate)
    return Linked(markdown=f"<{link_target(url)}>", text=marked_names(f.value, ()))


def _add_fields(e: discord.Embed, fields: list[tuple[str, str | Linked]], room: int,
                most: int) -> int:
    """As many of ``fields`` as fit ``room`` characters and ``most`` fields, each cut to a
    field's limits; how many were added."""
    added = 0
    for name, value in fields[:most]:
        shown_name = escape_line(name, FIELD_NAME_LIMIT) or "-"
        value_room = min(FIELD_VALUE_LIMIT, room - len(shown_name))
        if value_room < 20:
            break
        text = value.text if isinstance(value, Linked) else value
        if isinstance(value, Linked) and len(value.markdown) <= value_room:
            shown_value = value.markdown
        else:
            shown_value = isolates(escape_cut(text, value_room))
            if len(shown_value) > value_room:  # the end of an isolate the cut left out
                shown_value = isolates(escape_cut(text, value_room - 1))
            shown_value = shown_value or "-"
        e.add_field(name=shown_name, value=shown_value, inline=len(text) <= 40)
        room -= len(shown_name) + len(shown_value)
        added += 1
    return added


def _exact_text(text: str, budget: int) -> str:
    """A draft as an approver must read it: whole, or as much as fits ``budget`` and a note
    saying how much that is, that Approve approves all of it and where it is whole (Slack's
    card says the same). Never cut at a word nor with an ellipsis of its own: what is shown
    is the draft's exact beginning."""
    whole = escape(text)
    if len(whole) <= budget:
        return whole
    size = len(clean_whole(text))  # whole: it is published
    note = ("\n\n(This draft is {size:,} characters, more than a Discord card holds: shown "
            "above are its first {shown:,}. Approve approves all of it. Read it whole before "
            "approving: `socialops audit --format json` has it, the draft's approval.draft or "
            "approval.edit event.)")
    room = budget - len(note.format(size=size, shown=size))
    head, shown = escape_head(text, max(0, room))
    return head + note.format(size=size, shown=shown)


def _link_below(e: discord.Embed, line: str) -> None:
    """``line`` after the description, when it still fits the embed's limits."""
    text = e.description or ""
    joined = f"{text}\n{line}" if text else line
    if len(joined) <= DESCRIPTION_LIMIT and len(e) - len(text) + len(joined) <= EMBED_TOTAL_LIMIT:
        e.description = joined


def view(card: Card) -> discord.ui.View | None:
    """Plain buttons with our custom_ids; clicks are matched by the bot's dynamic item, so the
    view is stopped here and never kept in discord.py's view store (it would grow forever)."""
    v = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for b in card.buttons:
        if len(v.children) >= MAX_BUTTONS:
            log.info("card %s: buttons beyond 25 dropped", card.key)
            break
        label = plain(b.label, LABEL_LIMIT) or b.action
        if b.action == "open" or b.url:
            url = safe_url(b.url)
            if url is not None and len(url) > BUTTON_URL_LIMIT:
                log.info("card %s: link button dropped, URL over %d characters", card.key,
                         BUTTON_URL_LIMIT)
                continue
            if url is None or url in seen:
                continue
            seen.add(url)
            if names_another_site(b.label, url):  # a label naming another site: ours instead
                label = OPEN_LABEL
            v.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label=label, url=url))
            continue
        cid = custom_id(b.action, _value(b.action, b.target, b.version))
        if cid is None or cid in seen:  # a duplicate custom_id makes Discord refuse the message
            if cid is None:
                log.warning("card %s: button %s/%s has no valid custom_id", card.key,
                            b.action, b.target)
            continue
        seen.add(cid)
        v.add_item(discord.ui.Button(style=_STYLES[b.style], label=label, custom_id=cid))
    if not v.children:
        return None
    v.stop()
    return v


def render(card: Card) -> Rendered:
    return Rendered(
        content=content(card),
        embed=embed(card),
        view=view(card),
        allowed_mentions=allowed_mentions(card),
    )
