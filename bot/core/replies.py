"""Saved replies: named reply templates from ``replies:`` in socialops.yaml (Hootsuite's and
Sprout Social's canned responses), their placeholders, and filling them for one ticket.

A template's text may name a few placeholders, ``{author}``, ``{ticket}``, ``{network}`` and
``{agent}``; ``{{`` and ``}}`` are a brace. Anything else in braces is refused when the config
is read (``template_problem``), so a typo is a config error at its line, never a draft with
``{autor}`` in it. Filling is one pass over the template: what a value holds (an author's
handle is social content, hostile input) is inserted as text and never read for placeholders,
so a handle spelt ``{ticket}`` stays those eight characters. Each value is one line (no line
break can be injected) and cut short; the markup a value may hold (``<!channel>``, ``*bold*``,
``@everyone``) is the renderers' to neutralise where the draft is shown, as any draft's is.
``{author}`` is the author as their network addresses them (``address``: ``@user@instance``,
``u/name``), bringing its own ``@``, so the ``@{author}`` templates wrote before is not
``@@``; a handle in no form of its network (markup, a ping, a line break: hostile input) is
its letters only, addressing nobody.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.core import networks
from bot.core.text import clean, one_line

PLACEHOLDERS: tuple[str, ...] = ("author", "ticket", "network", "agent")
SPELLED = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
NAME_RULE = "1 to 32 lower-case letters, digits, - or _, starting with a letter or digit"
MAX_TEXT = 3_000  # what the reply form's text field holds
VALUE_LIMIT = 100  # of one placeholder's value
# ``reply T-3 :refund``: the whole text is a colon and a saved reply's name, in any case when
# it is two characters or more (a phone's keyboard types ``:Refund``), so a one-letter smiley
# in capitals (``:D``, ``:P``) stays a reply of its own
TYPED = re.compile(r"^:([a-z0-9][a-z0-9_-]{0,31}|[A-Za-z0-9][A-Za-z0-9_-]{1,31})$")
_PART = re.compile(r"\{\{|\}\}|@?\{([^{}]*)\}|[{}]")
# what is left of a handle in no form of its network: letters, digits, marks and a few
# harmless signs; no @ (a mention), markup or link
_NOT_PLAIN = re.compile(r"[^\w\s.':-]|_(?=_)")


def template_problem(text: str) -> str | None:
    """Why ``text`` cannot be a saved reply, in one line, or None."""
    if not text.strip():
        return "the text is empty"
    if len(text) > MAX_TEXT:
        return f"is too long: at most {MAX_TEXT:,} characters (the reply form's field)"
    for m in _PART.finditer(text):
        part = m.group(0)
        if part in ("{{", "}}"):
            continue
        if part == "{":
            return f"a {{ without its }} at character {m.start() + 1}; write {{{{ for a brace"
        if part == "}":
            return f"a }} without its {{ at character {m.start() + 1}; write }}}} for a brace"
        name = m.group(1)
        if not name.strip():
            return (f"an empty {{}} at character {m.start() + 1}; the placeholders are "
                    f"{SPELLED} (write {{{{ and }}}} for a brace)")
        if name.strip() in PLACEHOLDERS and name != name.strip():
            return f"write {{{name.strip()}}} without spaces inside the braces"
        if name not in PLACEHOLDERS:
            shown = one_line(name, 40)
            return (f"unknown placeholder {{{shown}}}; the placeholders are {SPELLED} "
                    "(write {{ and }} for a brace)")
    return None


def fill(text: str, values: Mapping[str, str]) -> str:
    """The template with each placeholder replaced by its value, in one pass."""

    def one(m: re.Match[str]) -> str:
        part = m.group(0)
        if part in ("{{", "}}"):
            return part[0]
        if m.group(1) is None:  # a lone brace (or an @ before one): refused when read
            return part
        at = "@" if part[0] == "@" and m.group(1) != "author" else ""  # {author} has its own
        return at + one_line(values.get(m.group(1), ""), VALUE_LIMIT)

    return _PART.sub(one, text)


def address(network: str, handle: str) -> str:
    """``handle`` as a post on ``network`` addresses its owner (the network's ``address``:
    ``@kasia@mastodon.social``, ``@kasia.bsky.social``, ``u/kasia``, ``@kasia``), or, for a
    network without mentions or a handle in no form of it (hostile input), the handle's
    letters only: one line, no control character, no @, markup or link."""
    plain = " ".join(clean(handle, limit=VALUE_LIMIT * 4).split())
    try:
        form = networks.spec(network).address
    except ValueError:  # a network no entry gives any more
        form = None
    if form is not None and re.fullmatch(form[0], plain, re.IGNORECASE | re.ASCII):
        # Bluesky's handles are domain names, which are read in any case and shown in lower
        return form[1].format(plain.lower() if networks.spec(network).verified_handles
                              else plain)
    return " ".join(_NOT_PLAIN.sub("", plain).split())[:VALUE_LIMIT]


def reply_mention(network: str, handle: str, text: str, *,
                  home: str | None = None) -> str | None:
    """The address (``address``) a reply to ``handle``'s post starts with, or None: on a
    network that notifies only the accounts a post mentions (its ``reply_mentions``:
    Mastodon), when ``text`` does not mention them already, as Mastodon reads a mention
    (any case, not inside a word or a longer address). Only a handle that names its server
    (``@user@server``): ``@user`` alone is an account of the server the reply is posted on
    (``home``, its host), which is them only when that is their server."""
    try:
        spec = networks.spec(network)
    except ValueError:  # a network no entry gives any more
        return None
    said = address(network, handle)
    if not spec.reply_mentions or not said.startswith("@") or "@" not in said[1:]:
        return None
    user, _, server = said[1:].partition("@")
    # on the server the reply is posted on (``home``: its host), ``@user`` alone is them too,
    # as Mastodon's composer names an account of its own server
    named = {said, f"@{user}"} if home and server.lower() == home.lower() else {said}
    if any(re.search(rf"(?<![=/\w]){re.escape(n)}(?![\w@]|[.-]\w)", text, re.IGNORECASE)
           for n in named):
        return None
    return said


# of the accounts a post mentions, the first ones a reply names besides its author: a post
# naming more is a mass mention (spam, a pile-on) that the team's answer should not notify
MAX_PARTICIPANTS = 10


def thread_mentions(network: str, handle: str, others: Sequence[str], text: str, *,
                    home: str | None = None, own: str | None = None) -> str | None:
    """The addresses a reply to ``handle``'s post starts with, space-separated, or None: the
    author's (``reply_mention``), then those of the accounts the post mentions (``others``),
    as Mastodon's composer starts a reply to a thread (statusToTextMentions), so everyone in
    the conversation is notified. Not ``own`` (the replying account's ``user@server``, which
    the customer mentioned to reach it), nor one named already (in ``text``, or twice); with
    ``own`` unknown, the author's alone: ours may be among the others."""
    first = reply_mention(network, handle, text, home=home)
    added: list[str] = []
    if own is not None:
        seen = {own.lower(), handle.lower()}
        for other in others:
            if len(added) == MAX_PARTICIPANTS:
                break
            if other.lower() in seen:
                continue
            seen.add(other.lower())
            if (address_ := reply_mention(network, other, text, home=home)) is not None:
                added.append(address_)
    return " ".join(([first] if first is not None else []) + added) or None


def mention_refused(refusal: str, mention: str, network: str) -> str:
    """A draft's refusal (too long) when the text as typed fits and the ``reply_mention``
    added before it does not: it names the mention, counted with the text."""
    return (f"{refusal}: counting the {mention} it starts with ({networks.display_name(network)} "
            "notifies only the accounts a reply mentions)")


def named(text: str, placeholder: str) -> bool:
    """Whether the template ``text`` fills ``placeholder`` (``{{author}}`` is a brace's)."""
    return any(m.group(1) == placeholder for m in _PART.finditer(text))


def nameless(handle: str, *, author_id: str) -> bool:
    """Whether ``handle`` names no one a reply could address: a parser's stand-in for an
    author the network did not name (``[deleted]``, ``[unknown]``), a Bluesky DID (its
    handle unknown or failing verification: text cannot mention a DID), or the author's
    numeric id put where the network gave no username (X's: written @12345 it would address
    whoever holds the username 12345)."""
    plain = handle.strip()
    return (not plain or (plain.startswith("[") and plain.endswith("]"))
            or plain.lower().startswith("did:") or (plain == author_id and plain.isdigit()))


def typed_name(text: str) -> str | None:
    """The saved reply a reply's text names (``:refund``), or None for a text of its own."""
    m = TYPED.match(text.strip())
    return m.group(1).lower() if m else None


def opening_name(text: str) -> str | None:
    """The saved reply's name a text of more words opens with (``:refund so sorry!``), as
    ``typed_name`` reads one; None when its first word is none."""
    first, _, rest = text.strip().partition(" ")
    return typed_name(first) if rest.strip() else None


def with_more(name: str, ticket_id: str) -> str:
    """Why ``reply`` refuses a saved reply's name followed by more words: drafted as typed,
    the name and the words meant to go with its text were what an approver passed at a
    glance and the customer got."""
    return (f":{name} is a saved reply, drafted alone: reply {ticket_id} :{name}, then edit "
            "the draft it makes to add to its text; nothing was drafted")


def only_by_reply(name: str, kept: str) -> str:
    """Why ``draft`` or ``edit`` refuses a text that is ``:name`` alone: it reads as a saved
    reply, which only ``reply`` fills in, and drafted as typed it would be those characters,
    posted once someone approved them at a glance."""
    return (f":{name} alone is a saved reply's name, which only reply fills in, for a ticket "
            f"(e.g. reply T-3 :{name}); write the text itself ({kept})")


# where saved replies are written, for the answers that find none
WHERE = "add them under replies: in socialops.yaml (docs/workflows.md, Saved replies)"


def listing(replies: Mapping[str, str]) -> str:
    """The answer to ``replies``: each name and its text's beginning, on one line each."""
    if not replies:
        return f"no saved replies: {WHERE}"
    lines = [f"{len(replies)} saved repl{'y' if len(replies) == 1 else 'ies'} "
             "(reply T-3 :name drafts one for approval):"]
    lines += [f":{name} — {one_line(text, 80)}" for name, text in sorted(replies.items())]
    return "\n".join(lines)
