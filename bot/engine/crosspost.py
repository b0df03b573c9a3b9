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
address is its article's: one article in two feeds of its site is one post. A reply is told by
the post it answers too: a brand's template reply to two customers is two conversations.

The same person is an account, or two accounts that show one name: the account a bridge or an X
mirror copies is the account itself (``account``); across networks, the name before a handle's
``@`` or ``.`` with the name the network shows for it (``shown_name``). A feed entry's
author is a byline at its site (``_site``): "Reuters" at two papers is two outlets' coverage,
and no account on another network. A post claims its cells
under each (``Fingerprint.keys``), all of them or none (``Store.claim_values``).

The keys are versioned (``FORMAT``). The releases before claimed other keys (``earlier_keys``),
which a post made about when this process started is looked for under, read only (the
pipeline's ``_earlier_owners``), so a cross-post that spans an upgrade is carded once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.core import keys as K
from bot.core.models import Author, Mention, Trace
from bot.core.networks import is_x_host
from bot.core.text import fold, own_words

MIN_FINGERPRINT_TEXT = 24  # shorter posts ("down again") are too generic to call cross-posts
# A cross-post is copied within minutes (a bridge's poll, a paste into the other app): the same
# words by the same person further apart are a new post (Monday's and Thursday's "still waiting
# on my refund"). Posts less than this far apart share a claim; twice as far apart, never.
CROSSPOST_WINDOW = 3600  # seconds

# this release's claims: ``fp:3.<hash>@a<cell>``. Until 2026-12-07 10:50 (ee0297e) a claim was
# ``fp:<hash>`` with no time in it, then ``fp:<hash>@a<cell>``: the same hash, of the handle
# before its first "@" or "." and the words (``earlier_keys``).
FORMAT = "3."
_HANDLE_LOCAL = re.compile(r"^@?([^@.]+)")
# Bridgy Fed's copies: a Bluesky account on the fediverse as <handle>@bsky.brid.gy, a fediverse
# account on Bluesky as <user>.<server>.ap.brid.gy
_BRIDGED_FROM_BLUESKY = "@bsky.brid.gy"
_BRIDGED_FROM_FEDIVERSE = ".ap.brid.gy"
# the networks Bridgy Fed copies a post between: a reply's copy there answers the copy of its
# parent, so a reply of theirs is also claimed without its parent (``Fingerprint.reply_keys``)
_BRIDGED_NETWORKS = frozenset({"bluesky", "mastodon"})
# the value a native reply's parent-less cells hold: its id, marked so that the claim is not one
# of its own post's (all or none), and that no other post's claim is taken for one
REPLY_HOLDER = "reply "
_SHORTCODE = re.compile(r":[A-Za-z0-9_]{2,}:")
# pronouns a profile shows beside the name ("Dana K (she/her)", "Lin [they/them]", "Jo · he/him"),
# which one network's profile carries and the other's not: the person's, not a second name
_PRONOUNS = re.compile(
    r"[(\[]?\b(?:she|he|they|xe|ze|fae|it|any)\s*/\s*(?:her|hers|him|his|they|them|theirs|she|"
    r"he|xem|xir|zir|hir|faer|it|its|all|any)\b(?:\s*/\s*\w+)*[)\]]?", re.IGNORECASE)
_NAME_NOISE = re.compile(r"[^\w ]+|_")
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
    host = _unprefixed(host)
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


@dataclass(frozen=True)
class Fingerprint:
    """What a post's copies share: ``words``, the hash of its words (its links, the post it
    answers), and ``who``, each way of naming its author that a copy keeps (``account``,
    ``person``); two posts with the same words and one of ``who`` in common are one post.
    ``earlier``: the hash the releases before claimed it under (None for a reply: they could
    not tell which conversation it answered). ``reply``: a reply's words without the post it
    answers (None for a post that answers none, or of a network no bridge copies), and
    ``copied``: whether its account is another network's (a bridge's copy of a post there):
    the copy of a reply answers the bridge's copy of its parent, which nothing in it ties to
    the parent, so it is looked for under the reply's ``reply_keys``."""

    words: str
    who: tuple[str, ...]
    earlier: str | None
    reply: str | None = None
    copied: bool = False

    def one_post_with(self, other: Fingerprint | None) -> bool:
        """Whether a post of ``other``, made within the hour, is this one's copy."""
        return other is not None and self.words == other.words and bool(
            set(self.who) & set(other.who))

    def keys(self, created_at: datetime) -> list[str]:
        """Every claim the post makes: its cells under each of ``who``."""
        return [key for who in self.who for key in self._cells(who, created_at)]

    def account_keys(self, created_at: datetime) -> list[str]:
        """The claims under its account alone (``who``'s first), without the name it shows:
        what a post claims when that name is a namesake's on its own network."""
        return list(self._cells(self.who[0], created_at))

    def reply_keys(self, created_at: datetime) -> list[str]:
        """A reply's cells under its account without the post it answers: a native reply
        holds them (beside its own, not all or none with them: a template reply to two
        customers is two posts), its bridged copy looks for them (``copied``)."""
        if self.reply is None:
            return []
        return list(crosspost_keys(FORMAT + "r." + _sha1(f"{self.who[0]}\x00{self.reply}"),
                                   created_at))

    def _cells(self, who: str, created_at: datetime) -> tuple[str, str]:
        return crosspost_keys(FORMAT + _sha1(f"{who}\x00{self.words}"), created_at)

    def earlier_keys(self, created_at: datetime) -> list[str]:
        """The keys the releases before claimed it under: with no time (until ee0297e),
        then in its two cells."""
        if self.earlier is None:
            return []
        return [K.fingerprint(self.earlier), *crosspost_keys(self.earlier, created_at)]


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def account(mention: Mention) -> str:
    """The author's account as its network names it, a copy's as the account it copies: a
    Bridgy Fed account is the Bluesky or fediverse one it bridges, an X mirror's feed entry
    (Nitter, fxtwitter: handle ``@kasia_w``) the X account."""
    handle = mention.author.handle.strip().lower()
    if handle.endswith(_BRIDGED_FROM_BLUESKY):
        return "bluesky:" + handle.removesuffix(_BRIDGED_FROM_BLUESKY)
    if mention.network == "bluesky" and handle.endswith(_BRIDGED_FROM_FEDIVERSE):
        user, _, server = handle.removesuffix(_BRIDGED_FROM_FEDIVERSE).partition(".")
        if server:
            return f"mastodon:{user}@{server}"
    if mention.network == "rss" and handle.startswith("@") and mention.url:
        host = _host(mention.url)
        if is_x_host(host) or host.startswith("nitter."):
            return "x:" + handle[1:]
    if mention.network == "rss":
        # a feed's author is a byline, not an account: "Reuters" at two papers is two outlets'
        # stories (a wire story's coverage is counted per outlet), one paper's two feeds one
        return f"rss:{_site(mention)}:{handle}"
    return f"{mention.network}:{handle.lstrip('@')}"


def _site(mention: Mention) -> str:
    """The site that published a feed entry: its article's host (the feed's may be another's:
    two papers' feeds on feeds.feedburner.com), else the feed's, as the normaliser wrote it
    before the author's name."""
    host = _host(mention.url) if mention.url else ""
    if not host:
        return mention.author.id.partition(":")[0].lower()
    return _unprefixed(host)


def _unprefixed(host: str) -> str:
    """``host`` without its ``www.``/``m.``/``mobile.``/``amp.`` names: one site's."""
    while host.startswith(_HOST_PREFIXES) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host


def _who(mention: Mention) -> tuple[str, ...]:
    """Each way of naming the author that a copy keeps; a byline is no one's account on
    another network (a feed's "Reuters" is not reuters@journa.host)."""
    if mention.network == "rss":
        return (account(mention),)
    return (account(mention), person(mention))


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # a feed's address is the feed's to write: "http://[" is no host
        return ""


def shown_name(mention: Mention) -> str:
    """The name a network shows for the author: the display name's words, else (none given)
    the handle's name; folded (case, accents, NFC or NFD aside), without a Mastodon server's
    custom emoji (``:blobcat:``), an emoji or a mark, which a copy elsewhere cannot show, nor
    the pronouns it shows beside the name (``_PRONOUNS``)."""
    for name in (_PRONOUNS.sub(" ", mention.author.display_name), handle_name(mention)):
        if words := " ".join(_NAME_NOISE.sub(" ", fold(_SHORTCODE.sub(" ", name))).split()):
            return words
    return ""


def handle_name(mention: Mention) -> str:
    """The handle before its first ``@`` or ``.``: ``kasia`` of kasia@mastodon.social, of
    kasia.bsky.social and of X's kasia."""
    handle = mention.author.handle.lower()
    m = _HANDLE_LOCAL.match(handle)
    return m.group(1) if m else handle


def person(mention: Mention) -> str:
    """One person's accounts on two networks, as far as a post tells: the same handle's name
    and the same name shown (alex@mastodon.social "Alex Rivera" is not alex.bsky.social "Alex
    Chen"; two namesakes on two networks who show one name are still one person here). On one
    network two accounts are two people whatever they show (``namesakes``)."""
    return f"{handle_name(mention)}\x00{shown_name(mention)}"


def fingerprint(mention: Mention, folded: str | None = None) -> Fingerprint | None:
    """Same person, same words, any network: what cross-posts share (None: a post too short
    to tell, or no one's). ``folded``: ``fold(mention.text)``, when already made."""
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
    earlier: str | None = _sha1(f"{handle_name(mention)}\x00{text}")
    who = _who(mention)
    network = who[0].partition(":")[0]
    reply = None
    if mention.reply_to is not None:
        # one conversation's: the same words answering two posts are two replies (a brand's
        # template to two customers), and a reply's copy on another network answers a post of
        # that network, which nothing here ties to the first but a bridge's copying it
        reply = _sha1(text) if network in _BRIDGED_NETWORKS else None
        text = f"{text}\x00re:{mention.network}:{mention.reply_to}"
        earlier = None
    return Fingerprint(words=_sha1(text), who=who, earlier=earlier, reply=reply,
                       copied=network != mention.network)


def namesakes(mention: Mention, other_id: str) -> bool:
    """Whether the post ``other_id``, holding only the cells ``mention`` claims under the
    name it shows, is a namesake's: a post of another account on the same network
    (chris@infosec.exchange and chris@mas.to, both "Chris", two Bluesky handles showing "Mia").
    A network that shows two accounts says they are two; only across networks is a shown
    name all that ties one person's accounts (an account read through two servers under one
    handle holds the account's cells too, so it never gets here; under two handles, see
    ``one_account_perhaps``)."""
    return other_id.partition(":")[0] == mention.network


def one_account_perhaps(mention: Mention, handle: str) -> bool:
    """Whether ``handle``, the author of a post of ``mention``'s network holding its shown
    name's cells, may be its account as another server names it: the same user, one of the
    two with no server (a local account as its own server may name it) or two names of one
    server (``example.com`` and ``social.example.com``: Mastodon's account domain beside its
    web domain). Then the post is a copy, as it was before namesakes were told apart."""
    mine, _, my_server = mention.author.handle.lower().lstrip("@").partition("@")
    theirs, _, their_server = handle.lower().lstrip("@").partition("@")
    if mine != theirs:
        return False
    return (not my_server or not their_server or my_server == their_server
            or my_server.endswith("." + their_server) or their_server.endswith("." + my_server))


def earlier_claim_agrees(mention: Mention, holder: Trace) -> bool:
    """Whether the post ``holder`` names, holding a claim of the releases before that
    ``mention``'s words and handle's name make (``Fingerprint.earlier_keys``), is its author's
    by this release's rule, as far as its trace tells (its network, handle and address): its
    account, or an account of another network of that handle's name. A feed's byline is
    only its own site's (that rule claimed "Reuters" at two papers as one author, and a
    byline as an account of its name) and two accounts of one network are two people
    (``namesakes``). The name an account shows is not in a trace: an account of another
    network is taken at its handle's name, as that rule took it."""
    shown = Mention.model_construct(  # what a trace keeps of a post, read as one
        id=holder.id, network=holder.network, source=holder.source, url=holder.url, text="",
        created_at=holder.created_at,
        author=Author.model_construct(id="", handle=holder.author, display_name=""))
    mine, theirs = account(mention), account(shown)
    if mine == theirs:
        return True
    if mine.startswith("rss:") or theirs.startswith("rss:"):
        return False
    return not namesakes(mention, holder.id) or one_account_perhaps(mention, holder.author)
