"""What makes two posts one cross-post: the same person's same words, posted within the hour
(``fingerprint``, claimed under ``crosspost_keys`` by the first copy a route matched;
``bot.engine.pipeline`` claims and reads them).

The words compared are the author's own: not the lines a normaliser adds after them (a
Mastodon status's poll and alt text, ``own_words``), nor the credit a bridge adds when it
copies the post (``uncredited``), nor a skin tone one client drops. A long post is told by its
words alone, its links left out (a copy's links are often rewritten: t.co, a link back to the
original); a short one by its words and its links, each compared as an address
(``canonical_url``), so "Post-mortem is up <link>" is one post on X and on Bluesky with the
link tagged utm_source=bluesky, and incident 41's update is not incident 42's. A feed entry's
address is its article's: one article in two feeds of its site is one post.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import urlsplit

from bot.core import keys as K
from bot.core.models import Mention
from bot.core.networks import is_x_host
from bot.core.text import fold, own_words

MIN_FINGERPRINT_TEXT = 24  # shorter posts ("down again") are too generic to call cross-posts
# A cross-post is copied within minutes (a bridge's poll, a paste into the other app): the same
# words by the same person further apart are a new post (Monday's and Thursday's "still waiting
# on my refund"). Posts less than this far apart share a claim; twice as far apart, never.
CROSSPOST_WINDOW = 3600  # seconds

_HANDLE_LOCAL = re.compile(r"^@?([^@.]+)")
_URL = re.compile(r"https?://\S+")
# What a bridge adds to the post it copies: "(via @kasia)", "(via X)", "— via @kasia" at its end,
# or the original's link on a last line of its own with at most a short label ("Originally
# posted on X:", moa's "🐦🔗:"); "via" in a sentence ("paid via PayPal") is the author's.
_CREDIT = re.compile(r"\s*(?:\(via [^()\n]{1,60}\)|[-\u2013\u2014]?\s*\bvia @\S+)\s*$",
                     re.IGNORECASE)
_LABEL_WORDS = 5
_SKIN_TONES = dict.fromkeys(range(0x1F3FB, 0x1F400))  # the five Fitzpatrick modifiers
# One page, however a link to it is written: hosts' mobile and AMP names, X and its mirrors
# (``X_POST_HOSTS``; Nitter instances are many: any host named nitter.*), tracking and AMP
# parameters
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_NOT_THE_PAGE = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid",
                           "amp", "outputtype"})


def canonical_url(url: str) -> str:
    """``url`` as the page it names: no scheme, fragment, trailing slash, ``www.``/``m.``/
    ``mobile.``/``amp.`` host prefix, AMP path segment or tracking parameter (``utm_*``, click
    ids); parameters in one order; X's mirrors as x.com, whose post addresses take no query."""
    url = url.strip().rstrip(".,;:!?)]'\"")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    while host.startswith(_HOST_PREFIXES) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["amp"]:
        segments = segments[1:]
    if segments[-1:] == ["amp"]:
        segments = segments[:-1]
    params = sorted(p for p in parts.query.split("&") if p
                    and not p.lower().startswith("utm_")
                    and p.partition("=")[0].lower() not in _NOT_THE_PAGE)
    if is_x_host(host) or host.startswith("nitter."):
        host, params = "x.com", []
    return f"{host}/{'/'.join(segments)}" + (f"?{'&'.join(params)}" if params else "")


def uncredited(text: str) -> str:
    """``text`` without the credit a bridge adds when it copies a post to another network."""
    if "via" not in text.lower() and "http" not in text:
        return text  # most posts: nothing to look at
    lines = text.rstrip().split("\n")
    if len(lines) > 1 and "http" in lines[-1]:
        label = _URL.sub("", lines[-1]).strip()
        if not any(c.isalpha() for c in label) or (
                label.endswith(":") and len(label.split()) <= _LABEL_WORDS):
            lines.pop()
    return _CREDIT.sub("", "\n".join(lines).rstrip())


def crosspost_keys(fp: str, created_at: datetime) -> tuple[str, str]:
    """The two claims a post with fingerprint ``fp`` makes: its cell on two grids of cells
    twice ``CROSSPOST_WINDOW`` long, the second shifted by one window. Two posts less than a
    window apart fall in one cell of one grid or the other (a span that short crosses at most
    one boundary of the two); posts two windows or more apart share no cell."""
    at = int(created_at.timestamp())
    cell = 2 * CROSSPOST_WINDOW
    return (K.fingerprint(f"{fp}@a{at // cell}"),
            K.fingerprint(f"{fp}@b{(at + CROSSPOST_WINDOW) // cell}"))


def _links(mention: Mention, own: str) -> list[str]:
    """The addresses a short post is told by: its links, and a feed entry's own."""
    found = {canonical_url(u) for u in _URL.findall(own)}
    if mention.network == "rss" and mention.url:
        found.add(canonical_url(mention.url))
    return sorted(found)


def fingerprint(mention: Mention, folded: str | None = None) -> str | None:
    """Same person, same words, any network: the key cross-posts share (None: a post too
    short to tell, or no one's). ``folded``: ``fold(mention.text)``, when already made."""
    if mention.author.handle.startswith("["):
        # "[deleted]", "[unknown]": no one's name, so the same words are no one's cross-post
        # (two deleted accounts saying the same thing were one post, the second not alerted)
        return None
    own = uncredited(own_words(mention.text))
    if folded is None or len(own) < len(mention.text):
        folded = fold(own)
    text = folded  # spaces already collapsed
    if not text.isascii():
        # a skin tone one client sends and another leaves out (the default yellow) is the
        # same emoji; the fingerprint is one person's, so two people's stay two
        text = text.translate(_SKIN_TONES)
    if "http" in text:  # most posts carry no link: the regex (and a re-join) only for those
        text = " ".join(_URL.sub("", text).split())
    if len(text) < MIN_FINGERPRINT_TEXT:
        links = _links(mention, own)
        if not links:
            return None
        text = "\x00".join((text, *links))
    m = _HANDLE_LOCAL.match(mention.author.handle.lower())
    who = m.group(1) if m else mention.author.handle.lower()
    return hashlib.sha1(f"{who}\x00{text}".encode("utf-8", "replace")).hexdigest()
