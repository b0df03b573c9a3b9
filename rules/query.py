"""The boolean query language of routes (``match.query``) and chat subscriptions.

Grammar (operators are upper case; lower-case "and"/"or"/"not" are ordinary words)::

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*        # juxtaposition means AND, as in search engines
    unary   := ("NOT" | "-") unary | "(" or ")" | term
    term    := "quoted phrase" | word        # a word is anything up to space, quote or paren

``acme AND (outage OR "data leak") NOT test`` reads "acme and (outage or data leak) and not
test". Terms are keywords or phrases matched as whole words (see ``bot.core.text``), so
``c++``, ``at&t``, ``#acme`` and emoji are terms like any other, and a phrase matches across a
hyphen or slash ("acme cloud" finds "Acme-Cloud"). A star at a term's edge waives the word
boundary on that side: ``*은행`` finds "신한은행", ``acme*`` finds "AcmeCloud"; for a phrase the
star goes inside the quotes (``"*acme cloud"``). A dash inside a word is part of it
(``e-mail``); only a dash that starts a term means NOT.

A query compiles to a tree whose leaves are keyword ids in the shared automaton
(``rules.keywords``). ``anchors`` gives a set of keywords at least one of which must be present
for the query to be true; the router only evaluates a query when one of its anchors was found,
which is what keeps 100,000 subscriptions cheap. A query with no anchor ("NOT spam") would have
to run for every post, so chat subscriptions must have one (``validate_query``).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.core.models import subscription_query_problem
from bot.core.text import fold

MAX_QUERY = 2000
MAX_DEPTH = 32
MAX_TERMS = 200


class QueryError(ValueError):
    """A query that cannot be parsed; ``str()`` says why, with the position."""


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written (for reasons and explain)


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or

_OPS = {"AND", "OR", "NOT"}
_CLOSE = {'"': '"', "“": "”", "”": "”", "«": "»", "»": "»"}


def _tokens(query: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, value, position); kinds: word, phrase, op, lparen, rparen, minus."""
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            yield "lparen", ch, i
            i += 1
        elif ch == ")":
            yield "rparen", ch, i
            i += 1
        elif ch in '"“”«»':
            close = query.find(_CLOSE[ch], i + 1)
            if close < 0:
                raise QueryError(f"unclosed quote at position {i + 1}")
            phrase = " ".join(query[i + 1 : close].split())
            if not phrase:
                raise QueryError(f"empty phrase at position {i + 1}")
            yield "phrase", phrase, i
            i = close + 1
        elif (
            ch == "-"
            and i + 1 < n
            and not query[i + 1].isspace()
            and (i == 0 or query[i - 1].isspace() or query[i - 1] == "(")
        ):
            # "-word" is NOT word, after any space (a query written one term a line, `|`, or
            # with a tab); a dash inside a word ("e-mail") or alone is part of a term
            yield "minus", ch, i
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"“”«»':
                j += 1
            word = query[i:j]
            yield ("op" if word in _OPS else "word"), word, i
            i = j


class _Parser:
    def __init__(self, query: str) -> None:
        self.toks = list(_tokens(query))
        self.pos = 0
        self.depth = 0
        self.terms = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("empty query")
        node = self.or_()
        tok = self.peek()
        if tok is not None:
            raise QueryError(f"unexpected {tok[1]!r} at position {tok[2] + 1}")
        return node

    def or_(self) -> Node:
        parts = [self.and_()]
        while (tok := self.peek()) is not None and tok[:2] == ("op", "OR"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self) -> Node:
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok[0] != "rparen" and tok[:2] != ("op", "OR"):
            if tok[:2] == ("op", "AND"):
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends where a term was expected")
        kind, value, at = tok
        if kind == "minus" or (kind, value) == ("op", "NOT"):
            self.take()
            return Not(self.nested(self.unary))
        if kind == "lparen":
            self.take()
            node = self.nested(self.or_)
            closing = self.peek()
            if closing is None or closing[0] != "rparen":
                raise QueryError(f"unclosed parenthesis at position {at + 1}")
            self.take()
            return node
        if kind in ("word", "phrase"):
            self.take()
            self.terms += 1
            if self.terms > MAX_TERMS:
                raise QueryError(f"more than {MAX_TERMS} terms")
            return Term(value)
        raise QueryError(f"unexpected {value!r} at position {at + 1}")

    def nested(self, fn: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"nested deeper than {MAX_DEPTH}")
        try:
            return fn()
        finally:
            self.depth -= 1


@functools.lru_cache(maxsize=262_144)
def parse_query(query: str) -> Node:
    """Parse a query; cached, so recompiling 100,000 unchanged subscriptions does not re-parse."""
    if len(query) > MAX_QUERY:
        raise QueryError(f"longer than {MAX_QUERY} characters")
    return _Parser(query).parse()


def terms(node: Node) -> Iterator[str]:
    if isinstance(node, Term):
        yield node.text
    elif isinstance(node, Not):
        yield from terms(node.child)
    else:
        for child in node.children:
            yield from terms(child)


def positive_terms(node: Node, *, negated: bool = False) -> Iterator[str]:
    """Terms whose presence can make the query true (not under an odd number of NOTs)."""
    if isinstance(node, Term):
        if not negated:
            yield node.text
    elif isinstance(node, Not):
        yield from positive_terms(node.child, negated=not negated)
    else:
        for child in node.children:
            yield from positive_terms(child, negated=negated)


def anchors(node: Node) -> frozenset[str] | None:
    """Terms at least one of which is present whenever ``node`` is true; None if no such set."""
    if isinstance(node, Term):
        return frozenset((node.text,))
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        out: set[str] = set()
        for child in node.children:
            sub = anchors(child)
            if sub is None:
                return None
            out |= sub
        return frozenset(out)
    best: frozenset[str] | None = None
    for child in node.children:
        sub = anchors(child)
        if sub is not None and (best is None or len(sub) < len(best)):
            best = sub
    return best


ONLY_STARS = ("a keyword of only '*' matches nothing: a star only waives the word boundary at "
              "a keyword's edge (acme*, *acme); write a word")


def only_stars(word: str) -> bool:
    """A keyword of stars alone (``*``, ``"* *"``): no post ever holds it as a word."""
    text = word.strip().strip('"')
    return bool(text) and not text.strip("*").strip()


# One character that is a word of its own: an ideograph (车, 障) or a Korean syllable (앱).
_WORD_CHARACTERS = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE")


def one_character(word: str) -> str | None:
    """Why a keyword of one letter or digit once folded (``a``, ``X``, ``7``, ``a*``, ``の``)
    is refused, else None: it holds for nearly every post, where it stands alone as a word or,
    in a script written without spaces, anywhere in a run of it (a particle such as の). An
    ideograph or a Korean syllable is a word, and kept. So is refused a keyword of
    punctuation alone (``#``, ``@``, ``$``, a phrase of nothing, ``'"'``), which matched every
    post with a hashtag, an account named, a price or a quote (a newcomer's review,
    2026-12-06); an emoji is a keyword of its own, and kept."""
    text = fold(word.strip().strip('"')).strip("*").strip()
    if not any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "So"
               for c in text):
        return (f"a keyword of punctuation alone ({word.strip()!r}) matches nearly every post "
                "that holds it (a hashtag, an account named, a price, a quote); write a word, "
                "or a phrase that holds it")
    if (len(text) != 1 or unicodedata.category(text)[0] not in "LN"
            or unicodedata.name(text, "").startswith(_WORD_CHARACTERS)):
        return None
    return (f"a keyword of one letter or digit ({word.strip()!r}) matches nearly every post "
            "(wherever it stands alone as a word, and anywhere in Japanese or Thai text); "
            "write a word of two characters or more, or a phrase that holds it")


# A listening tool's proximity operator (Brandwatch's and Hootsuite's ``acme NEAR/5 outage``,
# Talkwalker's and Lucene's ``"acme outage"~5``), which this language does not have: read as
# words, it asked for "near 5" (or "5") in the post as well, and the query matched no post meant
_PROXIMITY = re.compile(r'(?:(?<![^\s(])NEAR/\d+(?![^\s)])|(?<=["”»])~\d+(?![^\s)]))')


def proximity_problem(query: str) -> str | None:
    """Why ``query`` is not what its author meant when it holds a proximity operator."""
    m = _PROXIMITY.search(query)
    if m is None:
        return None
    return (f"{m.group()!r} at position {m.start() + 1} is a proximity operator, which "
            "socialops queries do not have (it would be read as the words themselves, which "
            "the posts meant do not hold): write the words side by side for AND (acme "
            "outage), or a quoted phrase for words next to each other (\"acme outage\")")


def validate_query(query: str) -> None:
    """Raise ValueError (a QueryError) with the reason when a subscription query is unusable:
    chat's ``subscribe`` and ``rules test``'s subscriptions alike (the cases file took a query
    of 501 characters, or one holding U+FFFD, that chat refuses: a docs review, 2026-12-05)."""
    if (problem := subscription_query_problem(query)) is not None:
        raise QueryError(problem)
    node = parse_query(query)
    if (problem := proximity_problem(query)) is not None:
        raise QueryError(problem)
    if anchors(node) is None:
        raise QueryError("the query needs at least one keyword that must appear (not only NOT)")
    if isinstance(node, And):  # `acme NOT acme` was kept, and matched no post (a review)
        wanted = {fold(c.text): c.text for c in node.children if isinstance(c, Term)}
        for c in node.children:
            if isinstance(c, Not) and isinstance(c.child, Term) and fold(c.child.text) in wanted:
                raise QueryError(f"the query asks for {wanted[fold(c.child.text)]!r} and NOT "
                                 f"{c.child.text!r}: no post can match it")
    for t in terms(node):
        if not fold(t):
            raise QueryError(f"the term {t!r} is empty once normalised")
        if only_stars(t):  # "subscribe *" was kept, and fired for no post
            raise QueryError(ONLY_STARS)
        if (short := one_character(t)) is not None:  # "subscribe a" flooded its channel
            raise QueryError(short)


@functools.lru_cache(maxsize=65_536)
def canonical_query(query: str) -> str:
    """One spelling for queries that differ only in form: each term as the keyword index
    folds it (case, spacing, Unicode forms: ``rules.keywords.key_of``), implicit AND spelled
    out, nested ANDs (ORs) flattened, operands sorted and repeated ones dropped. ``acme
    refund``, ``ACME  Refund`` and ``refund AND acme`` read the same; ``acme OR refund`` does
    not. A query that no longer parses is compared by its folded text."""

    def canon(node: Node) -> str:
        if isinstance(node, Term):
            return json.dumps(fold(node.text), ensure_ascii=False)
        if isinstance(node, Not):
            return f"NOT {canon(node.child)}"
        kind = type(node)
        parts: set[str] = set()
        stack = list(node.children)
        while stack:
            child = stack.pop()
            if isinstance(child, (And, Or)) and type(child) is kind:
                stack.extend(child.children)
            else:
                parts.add(canon(child))
        if len(parts) == 1:
            return parts.pop()
        return "(" + f" {kind.__name__.upper()} ".join(sorted(parts)) + ")"

    try:
        return canon(parse_query(query))
    except QueryError:
        return fold(query)


def evaluate(node: Node, present: Callable[[str], bool]) -> bool:
    if isinstance(node, Term):
        return present(node.text)
    if isinstance(node, Not):
        return not evaluate(node.child, present)
    if isinstance(node, And):
        return all(evaluate(c, present) for c in node.children)
    return any(evaluate(c, present) for c in node.children)


def render(node: Node) -> str:
    if isinstance(node, Term):
        return f'"{node.text}"' if " " in node.text else node.text
    if isinstance(node, Not):
        return f"NOT {render(node.child)}"
    sep = " AND " if isinstance(node, And) else " OR "
    return "(" + sep.join(render(c) for c in node.children) + ")"
