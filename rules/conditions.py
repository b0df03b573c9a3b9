"""Compiled conditions of one ``match:`` block, and the per-post context they read.

A condition is a named test returning ``(passed, detail)``; the detail says why, for hit
reasons and for ``explain``. Conditions run cheapest first and stop at the first failure, so a
costly fact (language detection, sentiment, intent) is asked for only when every cheaper
condition of that route already passed. ``Context`` caches each fact for the post, so it is
computed at most once however many routes ask.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

import re2

from bot.core.languages import UNKNOWN
from bot.core.lookalikes import Lookalike, lookalike_fold
from bot.core.models import Mention, Sentiment
from bot.core.ports import Facts
from bot.core.text import at_handle, fold, match_form, quoted_cut
from rules.keywords import KeywordIndex, key_of
from rules.query import And, Node, Not, Or, Term, anchors, parse_query, positive_terms, terms
from rules.schema import AuthorMatch, Match

MAX_REGEX = 1000
REGEX_MAX_MEM = 8 << 20  # bytes of DFA state per regex; RE2 falls back to NFA beyond it
# RE2's time is linear in the text, but its constant grows with the compiled program: a counted
# repetition is copied out ("(?:\w+\s*){1,1000}z" is 10,004 instructions, runs out of DFA
# memory and took 0.7 s on a 20,000-character post). At 1,000 instructions a post costs a few
# ms at worst; a real rule's pattern is well under 100.
REGEX_MAX_PROGRAM = 1_000
# A Unicode class (\p{L}, a letter of any script) is one position of the pattern, but RE2
# spells it as a tree of UTF-8 byte ranges: \p{L} alone is 1,200 instructions, and runs in
# 0.1 ms on the longest post. The limit above counts the pattern with each such class as one
# character; the whole program, classes spelt out, is held to this (measured on 20,000-character
# posts of several scripts: under 1 ms up to it, 100-350 ms from 60,000 on)
REGEX_MAX_PROGRAM_CLASSES = 20_000
_PROPERTY = re.compile(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^}]*\}|[A-Za-z])")
# backreferences (\1, \k<name>, (?P=name)) and lookaround ((?=, (?!, (?<=, (?<!)
_BACKTRACKING = re.compile(r"\\[1-9]|\\k[<{']|\(\?P=|\(\?<?[=!]")
# RE2's words for the slips people make, in theirs
_RE2_WORDS = {
    "missing )": "a '(' is never closed with ')'",
    "unexpected )": "a ')' closes no '('",
    "missing ]": "a '[' is never closed with ']'",
    "no argument for repetition operator": "*, + or ? with nothing before it to repeat",
    "bad repetition operator": "two repetitions in a row (such as ** or +*)",
    "trailing \\": "a '\\' at the end escapes nothing",
}
_HASHTAG = re.compile(r"#(\w[\w-]*)")
_HANDLE = re.compile(r"(?<![\w@])@([\w.-]+(?:@[\w.-]+)?)")
# a web address written out in the text: a link, as a hashtag or an account in it is one, also
# where the network's list of links (or `rules explain --text`, which has none) leaves it out
_LINK = re.compile(r"(?<![\w/])(?i:https?)://\w")


@dataclass(slots=True)
class Context:
    """What the conditions of every route read about one post; costly parts computed once."""

    facts: Facts
    mention: Mention
    folded: str
    found: frozenset[str]
    index: KeywordIndex
    brand_ids: dict[str, frozenset[str]]
    _language: str | None = None
    _language_done: bool = False
    _sentiment: Sentiment | None = None
    _intent: str | None = None
    _hashtags: frozenset[str] | None = None
    # the hashtags found only in the lookalike reading, and that reading: how one was written
    # is worked out (``written``) for a route it fires and for explain, never while routing
    # (every tag against every word of a post of thousands was seconds of the event loop)
    _hashtag_looks: tuple[Lookalike, frozenset[str]] | None = None
    _hashtag_forms: frozenset[str] | None = None
    _handle_looks: tuple[Lookalike, frozenset[str]] | None = None  # the same, for @accounts
    _handles: frozenset[str] | None = None
    _brands: tuple[str, ...] | None = None
    _nfkc: str | None = None
    regex_budget: list[int] = field(default_factory=lambda: [0])
    # keys found only where the post is read with its Latin lookalikes as Latin letters
    # (``bot.core.lookalikes``), for explain to show the words as written
    lookalikes: tuple[str, ...] = ()
    # that reading (``lookalike``), set by the router for a post not folded to ASCII
    look: Lookalike | None = None
    look_read: bool = False

    def language(self) -> str | None:
        if not self._language_done:
            lang = self.facts.language()
            self._language = lang.lower().split("-")[0].split("_")[0] if lang else None
            self._language_done = True
        return self._language

    def sentiment(self) -> Sentiment:
        if self._sentiment is None:
            self._sentiment = self.facts.sentiment()
        return self._sentiment

    def intent(self) -> str:
        if self._intent is None:
            self._intent = self.facts.intent()
        return self._intent

    def lookalike(self) -> Lookalike | None:
        """The post read with its Latin lookalikes as Latin letters (``lookalike_fold``; None
        when no word is read so, always for a post folded to ASCII): the router's reading,
        or read here for a Context built without it (a stage's unit test)."""
        if not self.look_read:
            self.look = None if self.folded.isascii() else lookalike_fold(self.mention.text)
            self.look_read = True
        return self.look

    def hashtags(self) -> frozenset[str]:
        if self._hashtags is None:
            tags = {fold(t).lstrip("#") for t in self.mention.hashtags}
            in_text = {m.group(1) for m in _HASHTAG.finditer(self.folded)}
            tags.update(in_text)
            # read with its lookalikes as Latin letters as keywords are ("#Асme" is #acme),
            # the platform's list of them in the post's context ("#сор" in Russian is no #cop);
            # only those the text does not hold: Mastodon's list repeats "#АСМЕ" as "асме",
            # which would be a second all-Cyrillic word, as in a Russian post
            spoofable = [t for t in self.mention.hashtags
                         if not t.isascii() and fold(t).lstrip("#") not in in_text]
            look = (lookalike_fold(self.mention.text + "\n"
                                   + " ".join("#" + t.lstrip("#") for t in spoofable))
                    if spoofable else self.lookalike())
            if look is not None:
                more = {m.group(1) for m in _HASHTAG.finditer(look.folded)} - tags
                self._hashtag_looks = look, frozenset(more)
                tags.update(more)
            self._hashtags = frozenset(tags)
        return self._hashtags

    def hashtag_forms(self) -> frozenset[str]:
        """``hashtags`` as keywords are matched (``match_form``): "#價格" is #价格, and
        "#خدمه" #خدمة; what a ``hashtags`` condition compares with its own, so read."""
        if self._hashtag_forms is None:
            self._hashtag_forms = frozenset(map(match_form, self.hashtags()))
        return self._hashtag_forms

    def handles(self) -> frozenset[str]:
        if self._handles is None:
            found = {fold(h).lstrip("@") for h in self.mention.handles}
            found.update(m.group(1) for m in _HANDLE.finditer(self.folded))
            # an account named in lookalikes ("DM @Асme") read as hashtags are, and marked so
            look = self.lookalike()
            if look is not None:
                more = {m.group(1) for m in _HANDLE.finditer(look.folded)} - found
                self._handle_looks = look, frozenset(more)
                found.update(more)
            self._handles = frozenset(found)
        return self._handles

    @staticmethod
    def written(looks: tuple[Lookalike, frozenset[str]] | None,
                names: Iterable[str]) -> dict[str, str]:
        """How the post wrote those of ``names`` (hashtags or handles found) that only
        ``looks``, the lookalike reading they were found in, holds; the others are not in it."""
        if looks is None:
            return {}
        look, only = looks
        wanted = [n for n in names if n in only]
        return look.written(wanted) if wanted else {}

    def brands(self) -> tuple[str, ...]:
        if self._brands is None:
            self._brands = tuple(
                sorted(name for name, ids in self.brand_ids.items() if ids & self.found)
            )
        return self._brands

    def nfkc(self) -> str:
        if self._nfkc is None:
            import unicodedata

            self._nfkc = unicodedata.normalize("NFKC", self.mention.text)
        return self._nfkc

    def names(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids)


Test = Callable[[Context], tuple[bool, str]]


Check = Callable[[Context], bool]


@dataclass(frozen=True, slots=True)
class Condition:
    """``check`` is the hot path (a bool, no strings built); ``test`` also says why, and runs
    only for routes that fired and for ``explain``."""

    field: str  # the match field, as written in the rules file ("any", "sentiment", ...)
    cost: int  # lower runs first
    test: Test
    check: Check


# --- compiled boolean queries over keyword ids -----------------------------------------------

# A folded keyword, ("not", (child,)), ("and"|"or", children), or ("anyof"|"allof", ids): a flat
# OR / AND of plain keywords becomes one set operation.
CNode = str | tuple[str, tuple["CNode", ...]] | tuple[str, frozenset[str]]


def compile_node(node: Node, key: Callable[[str], str] = key_of) -> CNode:
    if isinstance(node, Term):
        return key(node.text)
    if isinstance(node, Not):
        return ("not", (compile_node(node.child, key),))
    op = "and" if isinstance(node, And) else "or"
    assert isinstance(node, And | Or)
    children = tuple(compile_node(c, key) for c in node.children)
    if all(isinstance(c, str) for c in children):
        flat = "allof" if op == "and" else "anyof"
        return (flat, frozenset(c for c in children if isinstance(c, str)))
    return (op, children)


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    node: CNode
    keys: tuple[str, ...]  # every term's key
    positive: frozenset[str]  # keys whose presence can make it true (for reasons)
    anchors: frozenset[str] | None  # one of these must be present (see rules.query.anchors)


@functools.lru_cache(maxsize=262_144)
def compile_query(query: str) -> CompiledQuery:
    """Parse and compile a query; cached by text, so recompiling 100,000 subscriptions after
    one changed costs a dictionary lookup for each of the others. Raises ValueError."""
    _key = key_of.__wrapped__  # uncached too: 100k subscription terms would double up
    node = parse_query.__wrapped__(query)  # uncached: this cache holds the compiled form
    anchor = anchors(node)
    positive = frozenset(_key(t) for t in positive_terms(node))
    anchor_keys = None if anchor is None else frozenset(_key(t) for t in anchor)
    if anchor_keys == positive:
        anchor_keys = positive  # one set, not two equal ones: 100k of them add up
    return CompiledQuery(
        compile_node(node, _key), tuple({_key(t) for t in terms(node)}), positive, anchor_keys
    )


def eval_node(node: CNode, found: frozenset[str]) -> bool:
    if isinstance(node, str):
        return node in found
    op, arg = node
    if op == "anyof":
        return not cast(frozenset[str], arg).isdisjoint(found)
    if op == "allof":
        return cast(frozenset[str], arg) <= found
    children = cast(tuple[CNode, ...], arg)
    if op == "not":
        return not eval_node(children[0], found)
    if op == "and":
        return all(eval_node(c, found) for c in children)
    return any(eval_node(c, found) for c in children)


def match_keywords(match: Match) -> Iterable[str]:
    """Every keyword a match block puts into the automaton."""
    yield from match.any
    yield from match.all
    yield from match.none
    yield from match.emoji
    if match.query:
        yield from terms(parse_query(match.query))
    for tag in match.hashtags:
        yield "#" + tag.lstrip("#")


def compile_regex(pattern: str) -> re2._Regexp:
    """RE2 runs in linear time: no catastrophic backtracking whatever the pattern or text."""
    if len(pattern) > MAX_REGEX:
        raise ValueError(f"longer than {MAX_REGEX} characters")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = REGEX_MAX_MEM
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        # the RE2 hint only where the pattern reaches for what RE2 lacks
        hint = ("; RE2 syntax has no backreferences or lookaround"
                if _BACKTRACKING.search(pattern) else "")
        what, _, where = str(detail).partition(": ")
        if what in _RE2_WORDS:
            at = f" (at {where[:40]!r})" if where else ""
            raise ValueError(f"invalid regex: {_RE2_WORDS[what]}{at}{hint}") from exc
        raise ValueError(f"invalid or unsupported regex ({detail}){hint}") from exc
    size = _program_size(compiled)
    if size > REGEX_MAX_PROGRAM:
        skeleton = _program_size(re2.compile(_PROPERTY.sub(r"\1a", pattern), options))
        if skeleton > REGEX_MAX_PROGRAM:
            raise ValueError(
                f"regex too complex ({skeleton} RE2 instructions, at most {REGEX_MAX_PROGRAM}): "
                "use smaller counted repetitions ({1,1000} copies its group a thousand times)")
        if size > REGEX_MAX_PROGRAM_CLASSES:
            raise ValueError(
                f"regex too complex ({size} RE2 instructions with its Unicode classes spelt out, "
                f"at most {REGEX_MAX_PROGRAM_CLASSES:,}): repeat a class such as \\p{{L}} fewer "
                "times ({1,60} copies it sixty times)")
    return compiled


def _program_size(compiled: re2._Regexp) -> int:
    return int(max(compiled.programsize, compiled.reverseprogramsize))


def compile_match(
    match: Match, index: KeywordIndex, brands: dict[str, frozenset[str]]
) -> list[Condition]:
    out: list[Condition] = []

    def add(name: str, cost: int, test: Test, check: Check | None = None) -> None:
        out.append(Condition(name, cost, test, check or (lambda c: test(c)[0])))

    if match.network:
        nets = frozenset(match.network)
        add(
            "network",
            0,
            lambda c: _member("network", c.mention.network, nets),
            lambda c: c.mention.network in nets,
        )
    if match.source:
        srcs = tuple(match.source)
        add("source", 0, lambda c: _glob("source", c.mention.source, srcs))
    if match.author is not None:
        add("author", 1, _author_test(match.author))
    if match.has_link is not None:
        want_link = match.has_link
        add(
            "has_link",
            1,
            lambda c: _flag("link", _has_link(c), want_link),
            lambda c: _has_link(c) is want_link,
        )
    if match.has_media is not None:
        want_media = match.has_media
        add(
            "has_media",
            1,
            lambda c: _flag("media", bool(c.mention.media), want_media),
            lambda c: bool(c.mention.media) is want_media,
        )
    if match.any:
        any_ids = frozenset(key_of(k) for k in match.any)
        add("any", 2, lambda c: _any(c, any_ids), lambda c: not any_ids.isdisjoint(c.found))
    if match.all:
        all_ids = frozenset(key_of(k) for k in match.all)
        add("all", 2, lambda c: _all(c, all_ids), lambda c: all_ids <= c.found)
    if match.none:
        none_ids = frozenset(key_of(k) for k in match.none)
        add("none", 2, lambda c: _none(c, none_ids), lambda c: none_ids.isdisjoint(c.found))
    if match.emoji:
        emoji_ids = frozenset(key_of(k) for k in match.emoji)
        add(
            "emoji",
            2,
            lambda c: _any(c, emoji_ids, what="emoji"),
            lambda c: not emoji_ids.isdisjoint(c.found),
        )
    if match.brand:
        want_brands = frozenset(match.brand)
        brand_words = frozenset().union(*(brands[b] for b in match.brand))
        add(
            "brand",
            2,
            lambda c: _brand(c, want_brands),
            lambda c: not brand_words.isdisjoint(c.found),
        )
    if match.hashtags:
        tags = tuple(fold(t).lstrip("#") for t in match.hashtags)
        forms = tuple(map(match_form, tags))
        add("hashtags", 3, lambda c: _hashtags(c, tags, forms),
            lambda c: not c.hashtag_forms().isdisjoint(forms))
    if match.handles:
        handles = tuple(fold(h).lstrip("@") for h in match.handles)
        add("handles", 3, lambda c: _handles(c, handles),
            lambda c: _mentioned(c, handles) is not None)
    if match.query:
        node = parse_query(match.query)
        cnode = compile_node(node)
        pos = frozenset(key_of(t) for t in positive_terms(node))
        add("query", 3, lambda c: _query(c, cnode, pos), lambda c: eval_node(cnode, c.found))
    if match.regex is not None:
        rx = compile_regex(match.regex)
        add("regex", 5, lambda c: _regex(c, rx), lambda c: rx.search(c.nfkc()) is not None)
    if match.language:
        # as check reads them: a space pasted inside the quotes ("en ") matched no post
        langs = frozenset(lang.strip().lower() for lang in match.language)
        add(
            "language",
            6,
            lambda c: _language(c.language(), langs),
            lambda c: (c.language() or UNKNOWN) in langs,
        )
    if match.intent:
        intents = frozenset(match.intent)
        add(
            "intent",
            7,
            lambda c: _member("intent", c.intent(), intents),
            lambda c: c.intent() in intents,
        )
    if match.sentiment is not None:
        lo, hi = match.sentiment.min, match.sentiment.max
        add("sentiment", 8, lambda c: _sentiment(c, lo, hi))
    out.sort(key=lambda cond: cond.cost)
    return out


def _member(what: str, value: str | None, allowed: frozenset[str]) -> tuple[bool, str]:
    if value in allowed:
        return True, f"{what} {value}"
    return False, f"{what} is {value or 'unknown'}, not one of {', '.join(sorted(allowed))}"


def _language(value: str | None, allowed: frozenset[str]) -> tuple[bool, str]:
    """``language:``: a post of no language matches only a list that names ``und``."""
    if value is None and UNKNOWN not in allowed:
        return False, (f"language is unknown, not one of {', '.join(sorted(allowed))} (add "
                       f"{UNKNOWN} to take posts of no language)")
    return _member("language", value or UNKNOWN, allowed)


def _glob(what: str, value: str, patterns: tuple[str, ...]) -> tuple[bool, str]:
    for p in patterns:
        if fnmatch.fnmatchcase(value, p):
            return True, f"{what} {value}"
    return False, f"{what} {value} is not one of {', '.join(patterns)}"


def _has_link(c: Context) -> bool:
    return bool(c.mention.links) or _LINK.search(c.mention.text) is not None


def _flag(what: str, has: bool, want: bool) -> tuple[bool, str]:
    if has == want:
        return True, f"{'has' if has else 'no'} {what}"
    return False, f"{'has' if has else 'no'} {what}"


def _any(c: Context, ids: frozenset[str], what: str = "keyword") -> tuple[bool, str]:
    hit = ids & c.found
    if hit:
        return True, f"{what} {', '.join(c.names(hit))}"
    return False, f"no {what} of {_some(c.names(ids))}"


def _all(c: Context, ids: frozenset[str]) -> tuple[bool, str]:
    missing = ids - c.found
    if missing:
        return False, f"missing {', '.join(c.names(missing))}"
    return True, f"all of {', '.join(c.names(ids))}"


def _none(c: Context, ids: frozenset[str]) -> tuple[bool, str]:
    hit = ids & c.found
    if hit:
        return False, f"excluded word {', '.join(c.names(hit))}"
    return True, "no excluded word"


def _brand(c: Context, want: frozenset[str]) -> tuple[bool, str]:
    have = [b for b in c.brands() if b in want]
    if have:
        return True, f"brand {', '.join(have)}"
    return False, f"no brand of {', '.join(sorted(want))}"


def _hashtags(c: Context, tags: tuple[str, ...], forms: tuple[str, ...]) -> tuple[bool, str]:
    have = c.hashtag_forms()
    hit = [t for t, form in zip(tags, forms, strict=True) if form in have]
    if hit:
        # marked as a lookalike keyword is ('#acme (lookalike '#Асme')'): the platform's list
        # of hashtags is on no keyword line
        looks = c.written(c._hashtag_looks, hit)
        return True, "hashtag " + ", ".join(
            f"#{t} (lookalike {quoted_cut('#' + looks[t])})" if t in looks else "#" + t
            for t in hit)
    return False, "no hashtag " + _some(["#" + t for t in tags])


def _mentioned(c: Context, handles: tuple[str, ...]) -> str | None:
    """The first account of ``handles`` the post mentions, as found (``acme@mastodon.social``
    for ``acme``), or None."""
    have = c.handles()
    for h in handles:
        for x in have:
            if x == h or x.startswith((h + "@", h + ".")):
                return x
    return None


def _handles(c: Context, handles: tuple[str, ...]) -> tuple[bool, str]:
    x = _mentioned(c, handles)
    if x is None:
        return False, "does not mention " + _some(["@" + h for h in handles])
    looks = c.written(c._handle_looks, (x,))
    return True, f"mentions @{x}" + (
        f" (lookalike {quoted_cut('@' + looks[x])})" if x in looks else "")


def _query(c: Context, node: CNode, positive: frozenset[str]) -> tuple[bool, str]:
    if eval_node(node, c.found):
        hit = positive & c.found
        return True, f"query matched ({', '.join(c.names(hit))})" if hit else "query matched"
    hit = positive & c.found
    return False, f"query false (found: {', '.join(c.names(hit)) or 'none of its terms'})"


def _regex(c: Context, rx: re2._Regexp) -> tuple[bool, str]:
    m = rx.search(c.nfkc())
    if m is not None:
        return True, f"regex matched {m.group(0)[:40]!r}"
    return False, "regex did not match"


def _sentiment(c: Context, lo: float | None, hi: float | None) -> tuple[bool, str]:
    value = c.sentiment().compound
    if value is None:
        return False, "sentiment unknown"
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return False, f"sentiment {value:+.2f} outside [{_num(lo)}, {_num(hi)}]"
    return True, f"sentiment {value:+.2f}"


def _author_test(spec: AuthorMatch) -> Test:
    handles = tuple(fold(h).lstrip("@") for h in spec.handles)
    deny = tuple(fold(h).lstrip("@") for h in spec.deny)
    allow = tuple(fold(h).lstrip("@") for h in spec.allow)

    def test(c: Context) -> tuple[bool, str]:
        a = c.mention.author
        names = (fold(a.handle).lstrip("@"), fold(a.id))
        # a reason is a line of explain's answer; a network sends any string as a handle
        who = at_handle(a.handle)
        if deny and (_any_glob(names, deny) or _any_glob(_accounts(names[0]), deny)):
            return False, f"author {who} is denied"
        if handles and not _any_glob(names, handles):
            local = _accounts(names[0])
            hint = next((f" (write {h}@* for the account on any server)" for h in handles
                         if "@" not in h and h in local), "")
            return False, f"author {who} is not one of {_some(list(spec.handles))}{hint}"
        if allow and _any_glob(names, allow):
            return True, f"author {who} is allowed"
        if spec.min_followers is not None and (a.followers or 0) < spec.min_followers:
            have = "unknown" if a.followers is None else str(a.followers)
            return False, f"author has {have} followers, fewer than {spec.min_followers}"
        if spec.verified is not None and a.verified != spec.verified:
            return False, f"author is {'' if a.verified else 'not '}verified"
        return True, f"author {who}"

    return test


def _accounts(handle: str) -> tuple[str, ...]:
    """The account's name without its server, as ``handles:`` of mentions reads one
    (``troll`` of ``troll@evil.social`` and of ``troll.bsky.social``): a deny of ``troll``
    denies it wherever it posts from. A wanted handle stays exact (someone else may hold
    ``acme`` on another server)."""
    names = []
    if "@" in handle.strip("@"):
        names.append(handle.strip("@").partition("@")[0])
    if "." in handle:
        names.append(handle.partition(".")[0])
    return tuple(n for n in names if n)


def _any_glob(names: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(n, p) for n in names for p in patterns)


def _some(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def _num(x: float | None) -> str:
    return "…" if x is None else f"{x:+.2f}"


def passes(conditions: Iterable[Condition], ctx: Context) -> bool:
    """The hot path: do all conditions hold? No strings built."""
    for cond in conditions:  # noqa: SIM110 - a plain loop is measurably faster here
        if not cond.check(ctx):
            return False
    return True


def run(conditions: Iterable[Condition], ctx: Context) -> tuple[bool, list[str], str | None]:
    """Run conditions in order: (all passed, pass details, the first failure as "field: why")."""
    reasons: list[str] = []
    for cond in conditions:
        ok, detail = cond.test(ctx)
        if not ok:
            return False, reasons, f"{cond.field}: {detail}"
        reasons.append(detail)
    return True, reasons, None
