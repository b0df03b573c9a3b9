"""Slack's text escaping and length cutting for untrusted social text.

Where untrusted text goes (``integrations.slack.render``):

- **plain_text objects** (``plain``, ``plain_cut``) wherever Block Kit allows them: the post
  itself, field values, badges-free context, button labels, thread notes and replies. Slack
  parses nothing in plain text (with ``emoji: false`` not even ``:shortcodes:``), so the text
  is shown exactly as written: no escaping, nothing interpreted, and an approver reads the very
  characters that will be published.
- **mrkdwn** only where our own layout needs it (the author link, bold field names and status,
  badge code spans). There Slack has three control characters, ``&``, ``<`` and ``>``: escaping
  exactly those makes every ``<!channel>``, ``<@U…>``, ``<!subteam^…>`` and ``<http://x|y>``
  inert. mrkdwn has no escape for its formatting characters, so ``neutral`` also swaps ``*``,
  ``_``, ``~`` and the backtick for their fullwidth lookalikes (and the colons of
  ``:shortcode:``, an address's too but a DID's method's: text objects are ``verbatim``,
  where Slack links no bare address), which no Slack client
  formats: a name cannot close our bold early or open its own. A ``>`` starting a line (a
  blockquote, even escaped as ``&gt;``) becomes the fullwidth ``＞`` too.

Lengths are UTF-16 code units (``utf16_len``: an emoji past U+FFFF counts 2), not code points:
Slack says "characters" and never which, so every cut here measures in the larger unit and
fits either (docs/slack.md, Safety and limits).

Invisible characters (zero-width, bidi overrides) are removed by ``bot.core.text.clean`` first,
so nothing can hide or reorder what a reader sees; a URL holding one is not linked at all. The
only links and pings in a card are the ones built here from structured fields, never from
text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.core.text import (
    clean,
    cut_end,
    flat,
    grapheme_cut,
    has_userinfo,
    names_another_site,
    utf16_len,
    utf16_prefix,
)

ELLIPSIS = "…"
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_UNESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")  # fullmatch: "U123\n" is no id
_GROUP_ID = re.compile(r"S[A-Z0-9]{2,30}")
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")
# A button's ``url`` and any text object, the mrkdwn holding a ``<url|label>`` link included,
# are at most 3,000 characters (docs.slack.dev/reference/block-kit/block-elements/button-element,
# composition-objects/text-object).
MAX_URL = 3_000


def escape(text: str) -> str:
    """Escape Slack's control characters, and only those (Slack decodes nothing else)."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    """What a person typed, from text Slack escaped (slash command text, message text)."""
    for entity, ch in _UNESCAPES:
        text = text.replace(entity, ch)
    return text


# A link Slack found in typed text, as it hands the text on: <https://x> for a URL, <http://x|x>
# for a bare domain, <mailto:a@b|a@b> for an address (docs.slack.dev/messaging/
# formatting-message-text, "Linking URLs"). A < the person typed comes as &lt;, so each of
# these is Slack's markup, never theirs.
_TYPED_LINK = re.compile(r"<((?:https?|mailto):[^|<>]*)(?:\|([^<>]*))?>")


def typed(text: str) -> str:
    """What a person typed in a slash command's text: Slack's links as they were typed (a URL,
    a domain, an address), then its escapes undone. Kept as markup, a reply's URL went to the
    customer as '<https://acme.example/help>', and 'subscribe acme.example' was refused as a
    regular expression ('<http://acme.example|acme.example>'). A label that is not the link's
    own text (a formatted link) keeps its address beside it."""
    def as_typed(m: re.Match[str]) -> str:
        url, label = m.group(1), m.group(2)
        bare = url.removeprefix("mailto:")
        if not label:
            return bare
        own = (url, bare, bare.split("://", 1)[-1].rstrip("/"))  # the link's own text
        return label if label in own else f"{label} ({bare})"

    return unescape(_TYPED_LINK.sub(as_typed, text))


def cut(text: str, limit: int, *, suffix: str = "") -> str:
    """Escape ``text`` and cut it so the result plus ``suffix`` fits in ``limit`` characters
    (UTF-16 code units).

    Cutting happens on the raw text, so an entity such as ``&amp;`` is never split in half; when
    anything is cut an ellipsis marks it, placed at a word boundary when one is near.
    """
    # escaping never shortens: a text longer than the limit is not escaped whole to find that
    # out (an answer of 100,000 lines is 17 MB; its notification text is its first 3,000)
    if len(text) + utf16_len(suffix) <= limit:
        escaped = escape(text)
        if utf16_len(escaped) + utf16_len(suffix) <= limit:
            return escaped + suffix
    budget = max(0, limit - utf16_len(suffix) - len(ELLIPSIS))
    used = 0
    end = 0
    for i, ch in enumerate(text):
        size = len(_ESCAPES[ch]) if ch in _ESCAPES else 2 if ch > "\uffff" else 1
        if used + size > budget:
            break
        used += size
        end = i + 1
    end = grapheme_cut(text, end)
    head = text[:end]
    space = head.rfind(" ", max(0, end - 40))
    if 0 < space < end and end < len(text) and not text[end].isspace():
        head = head[:space]
    return escape(cut_end(head)) + ELLIPSIS + suffix


def inline(text: str, limit: int) -> str:
    """One line of untrusted text (an author name, a badge) for mrkdwn: cleaned, escaped,
    formatting characters neutralised, cut."""
    return neutral(cut(flat(text), limit))


# mrkdwn formatting characters and the fullwidth forms shown instead (same look, never parsed).
_LOOKALIKES = str.maketrans({"*": "\uff0a", "_": "\uff3f", "~": "\uff5e", "`": "\uff40"})
# A line starting with ">" (sent as "&gt;") is a blockquote; leading blanks are taken too, as
# Markdown readers allow them.
_QUOTE = re.compile(r"^([ \t]*)&gt;", re.MULTILINE)


# An address in the text: http(s)://, at:// or did: starting a word, up to the next blank.
# Scanned left to right with the shortcodes, so ":smile:http://x" gives its shortcode first.
_ADDRESS = r"(?<![A-Za-z0-9])(?:https?://|at://|did:)\S+"
_ADDRESS_OR_SHORTCODE = re.compile(
    rf"(?P<address>{_ADDRESS})|:(?P<code>[A-Za-z0-9_+-]+):", re.IGNORECASE)


def _shortcodes_out(match: re.Match[str]) -> str:
    address = match["address"]
    if address is None:
        return f"\uff1a{match['code']}\uff1a"
    return _codes_out(address)


# A word that reads as an address (a client may link it): a scheme address (as above, or
# www.), an e-mail address, or a bare domain with an optional path. Only where formatting
# characters are kept (``_marks_out``); telling one wrongly costs a lookalike in a link, never
# a format, as that rule does not depend on it. Read in linear time: an e-mail address starts
# only where a run of the characters of its local part starts (``_`` included). Starting after
# any ``_`` of a run ("_a_a_a..."), it
# read the rest of the run from each, looking for its ``@``: 3,000 characters (a notification
# text) took 17 ms, a megabyte half an hour. Its leading underscores (``_first_last@``, more
# likely italic marks than part of a name) are read but not kept (``mail``).
_LINKED = re.compile(
    _ADDRESS + r"|(?<![A-Za-z0-9])www\.\S+"
    r"|(?<![A-Za-z0-9._%+~-])_*"
    r"(?P<mail>[A-Za-z0-9][A-Za-z0-9._%+~-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?<![\w.@/-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@-])(?:/\S*)?",
    re.IGNORECASE)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _marks_out(address: str) -> str:
    """An address with its ``*``, ``_`` and ``~`` kept where one is followed by an ASCII letter
    or digit (``snake_case``, ``/~ana/``, ``first_last@``): Slack closes ``*bold*``, ``_it_``
    and ``~strike~`` only before a blank, punctuation or the end, so such a mark closes nothing,
    and every mark that could close (here or anywhere else in the text) is still swapped: no
    pair can form. The backtick is always swapped."""
    kept = [ch if ch in "*_~" and address[i + 1:i + 2] in _ALNUM else ch.translate(_LOOKALIKES)
            for i, ch in enumerate(address)]
    return "".join(kept)


def neutral(escaped: str) -> str:
    """Already-escaped mrkdwn text with nothing left for Slack to format. Addresses keep
    the formatting characters that cannot close a format (``_marks_out``) and a DID's
    method's colons (``_codes_out``), so a copied address still names what it named."""
    text = _ADDRESS_OR_SHORTCODE.sub(_shortcodes_out, escaped)
    text = _QUOTE.sub("\\1\uff1e", text)
    out: list[str] = []
    end = 0
    for match in _LINKED.finditer(text):
        start = match.start() if match["mail"] is None else match.start("mail")
        out.append(text[end:start].translate(_LOOKALIKES))
        out.append(_marks_out(text[start:match.end()]))
        end = match.end()
    out.append(text[end:].translate(_LOOKALIKES))
    return "".join(out)


def plain(text: str, limit: int) -> str:
    """Untrusted text for a one-line ``plain_text`` object: Slack parses nothing there, so no
    escaping, but invisible characters still go and the length is still bounded."""
    one = flat(text)
    if utf16_len(one) <= limit:
        return one
    return cut_end(utf16_prefix(one, max(0, limit - 1))) + ELLIPSIS


def plain_cut(text: str, limit: int) -> tuple[str, bool]:
    """Multi-line untrusted text for ``plain_text`` (a post, a note): cleaned, cut to
    ``limit`` on a word boundary when one is near; and whether anything was cut."""
    body = clean(text)
    if utf16_len(body) <= limit:
        return body, False
    head = utf16_prefix(body, max(0, limit - len(ELLIPSIS)))
    space = head.rfind(" ", max(0, len(head) - 40))
    if space > 0 and not body[len(head)].isspace():
        head = head[:space]
    return cut_end(head) + ELLIPSIS, True


def _checked(url: str | None) -> str | None:
    """``url`` fit to be a link target: http(s) only, no spaces or controls, ``|`` (which would
    end the target in ``<url|label>``) percent-encoded; None when it should not be linked.

    A URL ``clean`` would change (bidi controls, zero-width and tag characters, C1 controls, a
    lone surrogate) is refused, as Discord's ``safe_url`` refuses it: ``clean`` is the one
    definition of what hides or reorders text, and such a link could show ``exe.jpg`` where it
    opens ``gpj.exe``, or fail the whole request as UTF-8. So is one holding a user name or a
    password (``has_userinfo``)."""
    if not url or len(url) > MAX_URL or _URL_UNSAFE.search(url) or clean(url) != url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc \
            or has_userinfo(parts.netloc):
        return None
    encoded = url.replace("|", "%7C")
    return encoded if len(encoded) <= MAX_URL else None


def safe_url(url: str | None) -> str | None:
    """A URL fit to be a link target in mrkdwn: ``_checked``, then ``&<>`` escaped; None when
    it should not be linked at all, or when escaping made it longer than a text object holds
    (``&`` becomes five characters, so a 1,000-character URL can outgrow 3,000)."""
    checked = _checked(url)
    if checked is None:
        return None
    escaped = escape(checked)
    return escaped if len(escaped) <= MAX_URL else None


def button_url(url: str | None) -> str | None:
    """A URL for a button's ``url`` field (JSON, not mrkdwn: no escaping, same checks)."""
    return _checked(url)


def link(url: str | None, label: str, *, limit: int = 200, room: int = MAX_URL,
         verified: tuple[str, ...] = ()) -> str:
    """``<url|label>`` built from a structured URL, or just the escaped label when the URL is
    unsafe, the whole link would exceed ``room`` characters (a text object's limit), or the
    label reads as an address of another site (``names_another_site``: it would disguise
    where the link goes)."""
    target = safe_url(url)
    text = inline(label, limit)
    if (not target or utf16_len(target) + utf16_len(text) + 3 > room
            or names_another_site(label, url, verified=verified)):
        return text
    return f"<{target}|{text}>"


# A ``:name:`` and the colon closing it, read overlapping ("a:b:c:d" is three candidates), and
# a DID's method ("did:plc:", "did:web:"; the method is lower case letters and digits, W3C DID
# Core 3.1), with the start of its method-specific id after it ("did:smile:" alone is no DID)
_CODE_PAIR = re.compile(r":[A-Za-z0-9_+-]+(?=:)")
_DID_METHOD = re.compile(r"(?<![A-Za-z0-9])did:[a-z0-9]+:(?=[A-Za-z0-9._%-])")


def _codes_out(address: str) -> str:
    """An address with the colons of every ``:name:`` in it swapped for the fullwidth ones
    but a DID's method's. Every mrkdwn object untrusted text goes into is ``verbatim``, where
    Slack "won't modify any plain-text content" (docs.slack.dev/reference/block-kit/
    composition-objects/text-object): a bare address is no link there, so colons kept for
    a link to open open nothing, and Slack draws the shortcode (a draft quoting
    ``https://x.example/a:100:b`` drew 💯 on the Home tab, an author named so beside the
    card's own marks). In a link's label too: Slack draws shortcodes in one. A DID's method
    is no shortcode, and a reader copying the name copies the DID."""
    if ":" not in address:
        return address
    swapped = list(address)
    for m in _CODE_PAIR.finditer(address):
        if m.start() >= 3 and _DID_METHOD.match(address, m.start() - 3):
            continue
        swapped[m.start()] = swapped[m.end()] = "\uff1a"
    return "".join(swapped)


def user_mention(user_id: str) -> str | None:
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else None


def group_mention(group_id: str) -> str | None:
    return f"<!subteam^{group_id}>" if _GROUP_ID.fullmatch(group_id) else None
