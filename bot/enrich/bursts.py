"""What a spike is made of and how it ended: pure, time passed in.

``breakdown`` reads who wrote a burst's posts (one author, a handful, many), in what languages
and on which networks, from the window's posts as the store keeps them (at most its latest few
hundred, and it says so when the burst had more). ``Burst`` follows a spike once it is warned
of: its first and last busy minute, its posts between them and its busiest minute, fed minute
by minute as minutes leave the detector's window, so the totals of a burst longer than the
window are kept with the detector's state in the store (across a restart, whichever process
checks). ``SpikeEnd`` is what is said once the window is back to the usual level.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.core.text import at_handle, one_line

Origin = tuple[int, str, str | None, str]  # bucket, author handle, language, network name
TOP = 3  # authors, languages, networks named on a card
NAME_LIMIT = 60  # characters of a handle, a language or a network name shown
ONE_AUTHOR = 0.5  # one author wrote at least this share: "mostly one author"
FEW_AUTHORS = 0.75  # the fewest authors (up to HANDFUL) who wrote at least this share
HANDFUL = 5
FEW_POSTS_EACH = 3  # a handful who wrote as few posts each as this are a crowd, not a few


def _named(counts: Sequence[tuple[str, int]], total: int, shown: int = TOP) -> str:
    """``pl 9, en 3`` and, past the top ``shown``, ``+N more`` (other names, not posts)."""
    head = ", ".join(f"{name} {n}" for name, n in counts[:shown])
    rest = len(counts) - shown
    return f"{head} +{rest} more" if rest > 0 else head


@dataclass(frozen=True)
class Breakdown:
    posts: int  # the posts read (the window's, or its latest when the store kept fewer)
    count: int  # the posts the window counted
    authors: tuple[tuple[str, int], ...]  # every author's posts, most first ("@kasia", 11)
    languages: tuple[tuple[str, int], ...]
    networks: tuple[tuple[str, int], ...]

    def _few(self) -> int | None:
        """How many authors wrote most of the burst, when that is one or a handful."""
        if not self.posts:
            return None
        if self.authors[0][1] >= ONE_AUTHOR * self.posts and self.authors[0][1] > 1:
            return 1
        written = 0
        for k, (_, n) in enumerate(self.authors[:HANDFUL], start=1):
            written += n
            if written >= FEW_AUTHORS * self.posts:
                return k if k * FEW_POSTS_EACH <= self.posts else None
        return None

    def _by(self, k: int) -> int:
        return sum(n for _, n in self.authors[:k])

    def concentration(self) -> str | None:
        """``11 of 12 posts by one author``, ``18 of 20 posts by 3 authors``; None for a crowd."""
        k = self._few()
        if k is None:
            return None
        who = "one author" if k == 1 else f"{k} authors"
        return f"{self._by(k)} of {self.posts} posts by {who}"

    def few(self) -> str | None:
        """For a title: ``mostly one author``, ``mostly 3 authors``; None for a crowd."""
        k = self._few()
        return None if k is None else "mostly one author" if k == 1 else f"mostly {k} authors"

    def authors_line(self) -> str:
        lead = "" if self.posts == self.count else f"of the latest {self.posts} posts: "
        k = self._few()
        if k is None:
            said = f"{self.posts} posts by {len(self.authors)} authors"
        elif lead:
            said = f"{self._by(k)} by {'one author' if k == 1 else f'{k} authors'}"
        else:
            said = self.concentration() or ""
        # names only when one wrote more than once: a crowd's first three say nothing
        top = self.authors if self.authors and self.authors[0][1] > 1 else ()
        named = f": {_named(top, self.posts)}" if top else ""
        return f"{lead}{said}{named}"

    def languages_line(self) -> str:
        return _named(self.languages, self.posts)

    def networks_line(self) -> str:
        return _named(self.networks, self.posts)


def breakdown(origins: Iterable[Origin], *, oldest: int, count: int) -> Breakdown:
    """Who, in what language and where: the posts of ``origins`` from bucket ``oldest`` on
    (the window's), of ``count`` the window counted. Names are cut to one line of
    ``NAME_LIMIT`` characters: they are the networks' text, shown on a card."""
    window = [o for o in origins if o[0] >= oldest]
    authors = Counter(at_handle(a, NAME_LIMIT) for _, a, _, _ in window)
    languages = Counter(one_line(lang or "unknown", NAME_LIMIT) for _, _, lang, _ in window)
    networks = Counter(one_line(net, NAME_LIMIT) for _, _, _, net in window)
    return Breakdown(posts=len(window), count=max(count, len(window)),
                     authors=tuple(authors.most_common()),
                     languages=tuple(languages.most_common()),
                     networks=tuple(networks.most_common()))


# bucket, what a post answers, shares or says:
# "post:<network>:<id>", "link:<url>", "text:<words>"
Subject = tuple[int, tuple[str, ...]]
ONE_SUBJECT = 0.5  # a post answered, or a link shared, by at least this share of the burst
FEW_SUBJECT = 3  # and by at least this many posts
URL_LIMIT = 300  # characters of the post's or link's address said


@dataclass(frozen=True)
class Driver:
    """The one post most of a burst answers, or the one link most of it shares (a viral
    post: a crowd of authors, each a post of their own, all about one post)."""

    kind: str  # "post", "link" or "text" (the same words, numbers and signs aside)
    target: str  # the post's id, the link, or the words
    n: int  # the burst's posts that answer or share it
    posts: int  # the burst's posts read
    url: str | None = None  # the post's address, once read (a link is its own)
    author: str | None = None  # the post's author, once read

    def few(self) -> str:
        """For a title: ``mostly answers to one post``, ``mostly one link``, ``mostly the
        same words``."""
        return {"post": "mostly answers to one post", "link": "mostly one link"}.get(
            self.kind, "mostly the same words")

    def says(self) -> str:
        """``41 of 60 posts answer one post by @ceo: https://…``, ``32 of 40 posts share one
        link: https://…`` (a post the bot never read is named by its id), ``11 of 16 posts
        say the same words`` (a copy-paste campaign: the samples show them once)."""
        if self.kind == "text":
            return f"{self.n} of {self.posts} posts say the same words"
        where = one_line(self.url or self.target, URL_LIMIT)  # a network's text, as names are
        if self.kind == "link":
            return f"{self.n} of {self.posts} posts share one link: {where}"
        by = f" by {at_handle(self.author, NAME_LIMIT)}" if self.author else ""
        return f"{self.n} of {self.posts} posts answer one post{by}: {where}"


def driver(subjects: Iterable[Subject], *, oldest: int) -> Driver | None:
    """What most of the window's posts (from bucket ``oldest`` on) answer or share, if one
    post or one link is, else the words most of them say, if they are the same: each post
    counts once for each thing it answers, shares or says."""
    window = [about for at, about in subjects if at >= oldest]
    seen = Counter(a for about in window for a in set(about))
    most = [(a, n) for a, n in seen.most_common()
            if n >= FEW_SUBJECT and n >= ONE_SUBJECT * len(window)]
    # the post or link is what to open; the same words, what is left to say
    most.sort(key=lambda an: (an[0].startswith("text:"), -an[1]))
    if not most:
        return None
    top, n = most[0]
    kind, _, target = top.partition(":")
    return Driver(kind=kind, target=target, n=n, posts=len(window),
                  url=target if kind == "link" else None)


def same_words(text: str) -> str:
    """A post's words, for telling copies apart from posts of their own: letters only, in
    any script, case folded (a bot network's copies differ by a number, a sign, an emoji)."""
    return " ".join(re.findall(r"[^\W\d_]+", text.casefold()))[:200]


@dataclass(frozen=True)
class SpikeEnd:
    kind: str
    key: str
    spike_id: str  # the warning's (``Spike.id``)
    start: datetime  # its first busy minute
    end: datetime  # the end of its last busy minute
    posts: int  # from the first busy minute to the last
    peak: int  # posts in its busiest minute

    @property
    def minutes(self) -> int:
        return max(1, round((self.end - self.start).total_seconds() / 60))

    def says(self, when: str) -> str:
        """``10:42 UTC: 85 posts over 23 min, peak 14/min`` (``when``: the end, as shown)."""
        return (f"{when}: {self.posts} post{'s' if self.posts != 1 else ''} over "
                f"{self.minutes} min, peak {self.peak}/min")


@dataclass(frozen=True)
class Burst:
    """A spike warned of and not yet over. A minute is busy when it had more posts than the
    usual minute and at least two (any post, when no minute of the window warned of had
    two: a slow burst); the burst runs from its first busy minute to its last, with the
    minute on either side when it had posts (a burst seldom starts or stops on a minute's
    boundary). The posts of usual minutes after its last are not its own (``tail`` holds
    them until a busy minute comes), nor are those before its first."""

    onset: int  # the first bucket of the window it was warned of (the warning's id)
    start: int  # its first minute
    usual: float  # posts a window held usually, when it was warned of
    above: float  # a busy minute has more posts than this
    posts: int = 0
    tail: int = 0  # posts since the last busy minute, not yet the burst's
    peak: int = 0
    busy: int = 0  # its last busy minute
    last: int = 0  # its last minute (the one after ``busy``, when it had posts)

    @classmethod
    def begin(cls, *, onset: int, usual: float, window_buckets: int,
              counts: Iterable[tuple[int, int]]) -> Burst:
        per_bucket = usual / window_buckets
        seen = dict(counts)
        above = max(1.0, per_bucket)
        busy = [b for b, n in seen.items() if n > above]
        if not busy:
            above = per_bucket
            busy = [b for b, n in seen.items() if n > above]
        start = min(busy, default=onset)
        first = start - 1 if seen.get(start - 1, 0) > 0 else start
        return cls(onset=onset, start=first, usual=usual, above=above, busy=start, last=start)

    def add(self, bucket: int, n: int) -> Burst:
        """The burst with ``bucket``'s ``n`` posts counted (buckets in order, each once)."""
        if bucket < self.start or n <= 0:
            return self
        busy = n > self.above or bucket <= self.busy  # the minute before its first: the edge
        if busy or bucket == self.busy + 1:
            return replace(self, posts=self.posts + self.tail + n, tail=0,
                           peak=max(self.peak, n), busy=max(self.busy, bucket) if busy
                           else self.busy, last=max(self.last, bucket))
        return replace(self, tail=self.tail + n)

    def spike_id(self, kind: str, key: str, bucket_seconds: int) -> str:
        """The id of the warning (``Spike.id``)."""
        return f"{kind}:{key}:{self.onset * bucket_seconds}"

    def ended(self, kind: str, key: str, *, bucket_seconds: int) -> SpikeEnd:
        return SpikeEnd(kind=kind, key=key, spike_id=self.spike_id(kind, key, bucket_seconds),
                        start=datetime.fromtimestamp(self.start * bucket_seconds, UTC),
                        end=datetime.fromtimestamp((self.last + 1) * bucket_seconds, UTC),
                        posts=self.posts, peak=self.peak)

    def to_list(self) -> list[float]:
        return [self.onset, self.start, self.usual, self.above, self.posts, self.tail,
                self.peak, self.busy, self.last]

    @classmethod
    def from_list(cls, raw: Sequence[float]) -> Burst:
        onset, start, usual, above, posts, tail, peak, busy, last = raw
        return cls(onset=int(onset), start=int(start), usual=float(usual), above=float(above),
                   posts=int(posts), tail=int(tail), peak=int(peak), busy=int(busy),
                   last=int(last))
