"""The text syntax of socialops chat commands, shared by the Slack slash command, Discord
application commands and the console's stdin: ``parse_command("claim T-3")`` gives a
``ParsedCommand``, which builds the platform-neutral ``Interaction`` the dispatcher runs.

Parsing is pure and strict: a malformed line raises ``CommandError`` carrying the usage of the
verb, so the person sees how to fix it before anything touches the store. Any whitespace (a
space, a tab, a line break) separates the verb, the id and the words after them; free text (a
reply, a draft, an edit, a reject comment, a mute reason, a resolution note, an escalation's
reason) is kept as typed, line breaks and typographic quotes included. Queries keep their
quotes and parentheses (``"new york" AND (outage OR down) NOT test``), with typographic quotes
read as ASCII ones since a query's quotes delimit phrases; only the ``key=value`` and
``sentiment<x`` options outside quotes are taken out of them. Durations (``snooze``, ``mute``)
are the one syntax of ``bot.core.durations`` (``90s``, ``30m``, ``1.5h``, ``2d``, ``1w``, compound
ones, ``1h30m`` or ``1 h 30 min``; a bare number is minutes), above zero (``parse_span``);
``snooze T-3 off`` ends a snooze instead.
Ids and names (a schedule, a person after ``for=`` or ``to=``, a route, a team) are read
without the format characters a paste from right-to-left text carries (``typed_name``); free
text keeps them.
A draft or a reply may name when it publishes right after its account or ticket
(``draft mastodon main at=2h <text>``, ``reply T-3 at="tomorrow 9am" <text>``): one word, or
a quoted phrase; ``schedule A-3 <when>`` takes the rest of the line (``bot.core.when`` reads
it, with the clock and the workspace's zone, so only its presence is checked here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field

from bot.core.cards import Interaction
from bot.core.durations import (
    MAX_SECONDS,
    TooLong,
    Unclear,
    misspelt_unit,
    parse_duration,
    written,
)
from bot.core.errors import Refusal
from bot.core.languages import language_problem
from bot.core.models import MAX_TAGS, Record, spike_limit_problem, tag_words
from bot.core.text import one_line, quoted_cut, scrub
from bot.core.verbs import GROUPS, VERBS
from bot.core.when import a_time

MAX_LINE = 4_000  # a slash command carries at most 4,000 characters; refuse more from anywhere
TOO_LONG = (f"the command is longer than {MAX_LINE:,} characters, the most a chat command "
            "carries; shorten it (a longer reply or draft goes in two)")

USAGE: dict[str, str] = {name: verb.usage for name, verb in VERBS.items()}

_ID_VERBS = frozenset({"claim", "reopen", "suggest"})
_JOINERS = "\u200c\u200d"
# bidi controls: they draw nothing but reorder what is drawn around them (the marks, the
# embeddings and their pop, the overrides, the isolates)
_DIRECTIONAL = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                         "\u2066\u2067\u2068\u2069")
_OVERRIDES = frozenset("\u202d\u202e")  # each draws what follows it in one direction
# a left-to-right mark in a word led by a left-to-right letter, with no right-to-left one
# (T-\u200e3, as text typed among right-to-left words may carry), moves nothing: every
# digit and dash there runs left to right already. Without the letter it may: 1-\u200e2 draws 2-1 in
# right-to-left text
_LRM, _RIGHT_TO_LEFT = "\u200e", frozenset({"R", "AL", "AN"})
_KEY = re.compile(r"[a-z]{1,8}=", re.IGNORECASE)  # for=, to=: the value is the name
# verbs whose every word is a name, an id or a filter (no free text): read by ``_names``
_NAMED = frozenset({"retry", "label", "tickets", "drafts", "link", "unlink", "oncall",
                    "status"})
_HASH = re.compile(r"^[0-9a-fA-F]{12,64}$")
# a person id, or a member picked as a mention: Discord writes one picked in a string option
# as <@id> (<@!id> from older clients), Slack an escaped name as <@U...|name>
_REASSIGN = re.compile(r"^to=(<@!?[A-Za-z0-9]{1,30}(?:\|[^<>|]{0,200})?>|[A-Za-z0-9_.@-]{1,64})$")
# ASCII digits: \d takes any script's (T-٤), which no id is written in (``digits_mistake``)
_ID = re.compile(r"[A-Za-z]{1,8}-[0-9]{1,12}")
SPANS = "use e.g. 30m, 2h or 1d (units s, m, h, d, w; a bare number is minutes)"
SNOOZE_OFF = "off"  # ``snooze T-3 off``: the snooze ends now
SNOOZE_HINT = "; `off` ends a snooze"
SNOOZE_UNTIL = "until"  # ``snooze T-3 until monday 9am``: to a time, on the workspace's clock
SCHEDULE_OFF = "off"  # ``schedule A-3 off``: publish as soon as it is approved
_AT = re.compile(r'^at=(?:"([^"]*)"|(\S*))(?:\s+|$)', re.IGNORECASE)
_DIGESTS = ("hourly", "daily", "weekly")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# every digest= value as stored, and what a picker shows for it (Discord's autocomplete): weekly
# is Mondays' (weekly:monday is read as weekly)
DIGEST_CHOICES = (("hourly", "hourly"), ("daily", "daily"), ("weekly", "weekly (Mondays)"),
                  *((f"weekly:{d}", f"weekly on {d.title()}s") for d in _DAYS[1:]))
_EXAMPLE_IDS = {"approval": "A-3", "subscription": "S-2"}  # by the verb's first argument
# what each id's letter names, and how it is said
_KINDS = {"T": "ticket", "A": "approval", "S": "subscription"}
_KIND_SAID = {"ticket": "a ticket's id", "approval": "a draft's id",
              "subscription": "a subscription's id"}
# an option's value may be empty ("lang="): refused as the option it is, not read as a keyword
_OPTION = re.compile(r"^(?:(digest|lang)=(\S*)|(sentiment)([<>])(\S*)|spikes\.(\w*)=(\S*))$",
                     re.IGNORECASE)
# the two families of double quotes people type: straight, and typographic (any language's)
QUOTE_FAMILIES = ('"', "\u201c\u201d\u201e\u201f\u00ab\u00bb")
QUOTE_MARKS = "".join(QUOTE_FAMILIES)
# Chat clients turn typed quotes into typographic ones; a query means the ASCII ones (and only
# a query: in free text they are the author's words, published as written).
_QUOTES = str.maketrans(dict.fromkeys(QUOTE_FAMILIES[1], '"'))
# a time typed after the text, as its last word or phrase: `reply T-3 :refund at=2h`
# a sentence's full stop (or , ; !) after the time is seen through: `... at="tomorrow 9am".`
# A quoted time is one language's pair first, which may hold another family's quotes
# («demain “9h”», “tomorrow «9am»”: made straight, the inner one ended it), then any quote of
# QUOTE_FAMILIES to any (a client that turned one of two straight quotes). Those the rule
# before 0c64a7f did not take („…“, ‟…”, »…«, a mixed pair) hold no other at= (``x at=» y
# at=2h«`` is the time at its end, as it was).
def _quoted(opening: str, closing: str) -> str:
    return f"[{opening}](?:(?!\\sat=)[^{closing}])*[{closing}]"


_AT_LAST = re.compile(
    r'(?:^|\s)(at=(?:"[^"]*"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb|'
    + "|".join((_quoted("\u201e", "\u201c\u201d"), _quoted("\u201f", "\u201d"),
                _quoted("\u00bb", "\u00ab\u00bb"), _quoted(QUOTE_MARKS, QUOTE_MARKS)))
    + r'|\S+?))[.,;!]*\s*$', re.IGNORECASE)


# what follows a schedule name after `oncall`
_ONCALL_VERBS = ("cover", "overrides", "drop")


_TARGETED = frozenset(name for name, verb in VERBS.items() if verb.targeted)


class CommandError(ValueError):
    """A command line that cannot run. ``str()`` is the reason followed by the usage."""

    def __init__(self, reason: str, *, usage: str | None = None) -> None:
        self.reason = reason
        self.usage = usage
        super().__init__(f"{reason}\nusage: {usage}" if usage else reason)


class ParsedCommand(Record):
    """A parsed line. ``args[0]`` is the id for verbs acting on one (``T-3``, ``A-1``, ``S-2``)."""

    action: str
    args: tuple[str, ...] = ()
    options: dict[str, str] = Field(default_factory=dict)

    def interaction(
        self, *, workspace: str, channel: str, user: str, raw: dict[str, object] | None = None
    ) -> Interaction:
        target: str | None = None
        args = self.args
        if self.action in _TARGETED and args:
            target, args = args[0], args[1:]
        comment = args[0] if self.action == "reject" and args else None
        return Interaction(
            workspace=workspace,
            channel=channel,
            user=user,
            via="command",
            action=self.action,
            target=target,
            args=args,
            options=dict(self.options),
            comment=comment,
            raw=dict(raw or {}),
        )


def parse_span(text: str) -> timedelta:
    """A span typed after ``snooze`` or ``mute``: the one duration syntax of
    ``bot.core.durations``, above zero and at most ten years. ``Refusal`` saying what is
    accepted otherwise (the handlers call it too: a button or a modal hands them the argument
    as it is)."""
    shown = quoted_cut(text.strip(), 20)  # between characters, "…" when cut
    try:
        value = parse_duration(text)
    except TooLong:  # still a TooLong: a snooze says its own limit instead (``_span``)
        raise TooLong(f"{shown} is too long: the longest is {written(MAX_SECONDS)} "
                      "(ten years)") from None
    except Unclear as exc:  # `1h30`: what to write
        raise Refusal(f"bad duration {shown}: {exc.why}; write {exc.fix}") from None
    except Refusal:
        raise Refusal(f"bad duration {shown}: {SPANS}") from None
    if value <= timedelta(0):
        raise Refusal(f"{shown} is no time at all: {SPANS}")
    if value < timedelta(seconds=1):  # `snooze T-2 0.0001s` ended as it began (a review)
        raise Refusal(f"{shown} is less than a second, over before anyone reads it: {SPANS}")
    return value


# 1:30, as a clock and a stopwatch write it (17:30 or 09:00 is a clock's only)
_STOPWATCH = re.compile(r"^(\d):([0-5]\d)$")


def snooze_mistake(ident: str, typed: str) -> str | None:
    """What to write for ``snooze <ident> <typed>`` when ``typed`` is ``until`` without a time,
    or a time without ``until`` (``monday 9am``: the help's ``until`` left out); None
    otherwise. The typed line's and Discord's ``duration`` option's one wording."""
    words = typed.split()
    if [w.lower() for w in words] == [SNOOZE_UNTIL]:
        return (f"snooze until needs a time: snooze {ident} until tomorrow 9am (or a duration: "
                f"snooze {ident} 2h)")
    if (m := _STOPWATCH.match(typed.strip())) is not None:  # 1:30: 01:30, or 1h30m?
        hours, minutes = int(m.group(1)), int(m.group(2))
        span = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
        return (f"{typed.strip()!r} may be a time or a span: write snooze {ident} until "
                f"{typed.strip()} for that time, or snooze {ident} {span or '0m'} for that long")
    if a_time(typed):
        return f"a time goes after until: snooze {ident} until {one_line(typed.strip(), 60)}"
    return None


def _span(text: str, usage: str, hint: str = "", *, capped: bool = False) -> str:
    """``capped``: the verb has a bound of its own below ten years (a snooze's 90 days), so
    a span past ten years is left for it to refuse, naming that bound, not the parser's."""
    try:
        parse_span(text)
    except TooLong as exc:
        if not capped:
            raise CommandError(exc.message + hint, usage=usage) from None
    except Refusal as exc:
        raise CommandError(exc.message + hint, usage=usage) from None
    return text.lower()


def _a_span(text: str, *, near: bool = True) -> bool:
    """``text`` is a duration, or (``near``) one written almost right, ``1 h 30``, which is
    refused saying what to write."""
    try:
        parse_duration(text)
    except TooLong:
        return True
    except Unclear:
        return near
    except Refusal:
        return False
    return True


def _span_and_rest(tail: str) -> tuple[str, str]:
    """``mute``'s duration (``2h``, ``1 h 30 min``: the most words that are one, at most a
    compound's) and the reason after it, as typed (``2h 5 people complained``: a reason may
    begin with a number)."""
    words = tail.split()
    for n in range(min(len(words), 12), 1, -1):
        if _a_span(" ".join(words[:n]), near=False):
            head = " ".join(words[:n])
            rest = tail
            for word in words[:n]:
                rest = rest[rest.index(word) + len(word):]
            return head, rest.strip()
    return _head(tail)


# how many of a unit make the unit before it: a bare number after ``1h`` can be its minutes
# only below 60 (``1h 90 bots`` is 90 bots: nobody writes 1h90m); none after minutes (a bare
# number is minutes in chat, never seconds: ``30m 45 spam`` is the reason "45 spam")
_NEXT_COUNT = {"d": 7, "h": 24, "m": 60}
_FIX_END = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$")


def _unit_left_out(span: str, rest: str) -> tuple[str, Unclear | None]:
    """The first word of ``rest``, and when it is a bare number right after ``span``'s unit
    that could be the next unit's count (``1 h`` then ``30 spam``: under 60 minutes), the
    ``Unclear`` of the two read as one (``1 h 30``: write 1h30m): the duration's last part
    with its unit left out, or the first word of the text after it. Which cannot be told, so
    the caller refuses it, saying how to write either. A number no count of the next unit
    (``2h 500 duplicates``, ``1d 30 reports``, ``90s 3 bots``) is the text's."""
    first = rest.split(None, 1)[0] if rest.strip() else ""
    plain = unicodedata.normalize("NFKC", first)
    if not (span[-1:].isalpha() and plain.replace(".", "", 1).isdigit()):
        return first, None
    try:
        parse_duration(f"{span} {first}")
    except Unclear as exc:
        end = _FIX_END.search(exc.fix)
        if end is None or float(end.group(1)) >= _NEXT_COUNT.get(end.group(2), 0):
            return first, None
        return first, exc
    except Refusal:
        pass
    return first, None


def _unquoted(text: str) -> str:
    """``text`` without one pair of quotes around the whole of it (typographic ones too): how
    a mute reason beginning with a number is told from the duration (``1h "30 spam"``). Only
    a pair holding no other quote of its family: ``"spam" from "bots"`` is quoted twice, not
    once around ``spam" from "bots``, and is kept as typed."""
    for family in QUOTE_FAMILIES:
        if len(text) > 1 and text[0] in family and text[-1] in family and not any(
                q in text[1:-1] for q in family):
            return text[1:-1]
    return text


def _named_first(word: str, ident: str, tail: str) -> bool:
    """``ident`` is ``word`` naming what kind of thing the name after it is (``mute route
    eu-2 2h``, ``mute spikes eu-2 2h``), not a name itself: a name follows, not a duration
    (``mute route 2h`` mutes the route named route)."""
    return ident.lower() == word and bool(tail) and not _a_span(_head(tail)[0], near=False)


def _head(text: str) -> tuple[str, str]:
    """The first word and the rest, split at the first run of any whitespace (a tab or a line
    break separates as a space does); the rest keeps its own spacing and line breaks."""
    parts = text.split(None, 1)
    if not parts:
        return "", ""
    return parts[0], (parts[1].strip() if len(parts) > 1 else "")


def reads_as_time(text: str) -> bool:
    """Whether ``text``, the text of ``reply T-3 <text>`` or ``draft ... <text>``, would be read
    as its ``at=<when>`` (in any capitals, with typographic quotes too): a text someone else
    wrote (a model's suggested reply, steered by the post it answers) must not carry one."""
    return _AT.match(text.lstrip().translate(_QUOTES)) is not None


def _at(text: str, usage: str) -> tuple[str | None, str]:
    """``at=<when> <text>``: the time (a word, or a phrase in quotes, typographic ones too) and
    the text after it; ``(None, text)`` when the text does not start with ``at=``."""
    m = _AT.match(text.translate(_QUOTES))
    if m is None:
        return None, text
    when = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    if not when:
        raise CommandError("at= needs a time: at=2h, at=17:30 or at=\"tomorrow 9am\"",
                           usage=usage)
    if m.group(2) is not None and when.startswith('"'):  # `at="tomorrow 9am hi`: it said
        # "'\"tomorrow' is not a time" (a review, 2026-12-05), as subscribe says it
        raise CommandError("a quote is not closed after at=: at=\"tomorrow 9am\" then the text",
                           usage=usage)
    rest = text[m.end():].strip()
    if m.group(2) is not None and _starts_a_phrase(when):  # at=tomorrow 9am: the quotes
        after = rest.split(None, 1)[0] if rest else ""  # were left out, the text is "9am ..."
        then = after if after[:1].isdigit() else "2h" if when.lower() == "in" else "9am"
        raise CommandError(f"at={when[:20]}: a time of several words goes in quotes: "
                           f"at=\"{when[:20]} {then[:20]}\"", usage=usage)
    if not rest:
        raise CommandError("the text goes after at=<when>", usage=usage)
    if m.group(2) is not None:  # at=1h 30 ...: the time's last part, or the text's first word?
        first, unclear = _unit_left_out(when, rest)
        if unclear is not None:
            raise CommandError(f"at={when[:20]} {first[:20]}: {unclear.why}; write "
                               f"at={unclear.fix}, or at=\"{when[:20]}\" then the text",
                               usage=usage)
        if first[:1].isdigit() and _a_span(f"{when} {first}", near=False) and when[-1:].isalpha():
            raise CommandError(f"at={when[:20]} {first[:20]}: a time of several words goes in "
                               f"quotes: at=\"{when[:20]} {first[:20]}\", or at=\"{when[:20]}\" "
                               "then the text", usage=usage)
    return when, rest


def _starts_a_phrase(word: str) -> bool:
    """``word`` begins a time of several words and is none alone (``tomorrow`` of ``tomorrow
    9am``, ``in`` of ``in 2h``, a weekday): typed after ``at=`` without quotes, the time was
    cut at it."""
    low = word.lower()
    return low in ("in", "today", "tomorrow") or (
        len(low) >= 3 and any(day.startswith(low) for day in _DAYS))


def _when(tail: str) -> str:
    """``schedule``'s time as typed, or as ``draft`` takes it (``at="tomorrow 9am"``, the
    quotes of docs/workflows.md, typographic ones too): the time alone."""
    said = tail.translate(_QUOTES)
    if said[:3].lower() == "at=":
        said = said[3:]
    if len(said) > 1 and said[0] == said[-1] == '"':
        said = said[1:-1]
    return said.strip()


# an input method's full-width forms (Ｔ－３, T-３): the ASCII they are drawn as, wider
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


# what is around an id copied from a card, a listing or a code span: "S-2", `S-2`, #S-2;
# opening and closing quotes of any kind, since a keyboard may curl one and not the other
# ("S-2”) and languages open with other marks („S-2“)
_ID_OPENS = "\"'`\u201c\u2018\u00ab\u201e\u201a"
_ID_CLOSES = "\"'`\u201d\u2019\u00bb\u201c\u2018"
# what ends a sentence or a clause after an id (S-2. S-2, Ｓ－２。): no id holds one
_ID_STOPS = ".,;:!?\u3002\u3001"


def _bare(word: str) -> str:
    """``word`` without one pair of quotes or backticks around it, a leading ``#`` and the
    stop of a sentence after it (inside the quotes or after them)."""
    word = word[:-1] if len(word) > 1 and word[-1] in _ID_STOPS else word
    if len(word) > 2 and word[0] in _ID_OPENS and word[-1] in _ID_CLOSES:
        word = word[1:-1]
        word = word[:-1] if len(word) > 1 and word[-1] in _ID_STOPS else word
    return word[1:] if word.startswith("#") else word


def typed_name(word: str) -> str:
    """``word`` (a schedule, a person, a route, an id; the value of a ``key=value``) without
    the format characters (Unicode Cf: the right-to-left and left-to-right marks, isolates,
    zero-width characters, the soft hyphen) that Slack's and Discord's clients paste from
    right-to-left text: they draw nothing, so ``\u200fprimary`` looked like primary, was
    another name and was refused as unknown. The joiners (U+200C, U+200D) stay: they are how
    an emoji sequence or a Persian word is written. Free text (a reply, a draft, a reason)
    keeps them all.

    Only what moves nothing is dropped: the directional marks, embeddings and isolates around
    the word (a paste's), and the others anywhere, a left-to-right mark inside a word led by a
    left-to-right letter with no right-to-left one too (``T-\u200e3``). A directional one
    inside the word otherwise, or an override anywhere, reorders what is drawn (``T-\u202e12``
    shows T-21, ``T-1\u200f2\u200f3`` T-132), so dropping it would read another id than the
    one on screen: the word is kept as typed, and refused showing it."""
    key = _KEY.match(word)
    if key is not None:
        return key.group() + typed_name(word[key.end():])
    if any(c in _OVERRIDES for c in word):
        return word
    kept = [c for c in word if unicodedata.category(c) != "Cf" or c in _JOINERS]
    if not kept:
        return ""
    first, last = word.index(kept[0]), word.rindex(kept[-1])
    inside = {c for c in word[first:last] if c in _DIRECTIONAL}
    if inside and (inside != {_LRM} or unicodedata.bidirectional(kept[0]) != "L" or any(
            unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in kept)):
        return word
    return "".join(kept)


def _names(text: str) -> list[str]:
    """The words of ``text`` as names (``typed_name``); a word of format characters alone (a
    mark pasted between two words) is none."""
    return [w for w in map(typed_name, text.split()) if w]


def _name_head(text: str) -> tuple[str, str]:
    """``_head`` for a name or id first: marks alone before it skipped, and taken out of it."""
    ident, tail = _head(text)
    while ident and not typed_name(ident):
        ident, tail = _head(tail)
    return typed_name(ident), tail


def typed_id(word: str) -> str | None:
    """``word`` as an id (T-3), read in any width and case and as it is copied: an input
    method's full-width ``Ｔ－３`` or ``T-３``, ``t-3``, ``"T-3"``, `` `T-3` `` and ``#T-3`` are
    T-3; None when it is none (``digits_mistake`` says what to write for ``T-٣`` or
    ``T-²``)."""
    plain = _bare(typed_name(word).translate(_WIDE))
    return plain.upper() if _ID.fullmatch(plain) else None


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")


def _a_query(text: str, head: str) -> bool:
    """Whether ``text`` (its first word ``head``), typed where an id goes, is rather a query a
    subscription follows: it holds a letter, its first word is no id of a kind the bot makes
    (``covid-19`` and ``wi-fi`` are no ids; ``S-2 please`` is one), and a single word is not
    shaped as an id typed amiss (``sub2``, ``"S-2``, ``S-.``, ``S‐2``, ``T-٣``: answered as
    ids). A query of letters alone, with digits or dashes (``iphone 15``), or quoted is read."""
    if not any(ch.isalpha() for ch in text):
        return False
    if (plain := typed_id(head)) is not None:
        return plain.partition("-")[0] not in _KINDS
    # `s3 outage` (AWS S3), `a4 paper`: a query's first word, not an id missing its hyphen
    if digits_mistake(head, hyphen=False) is not None or _drawn_otherwise(head) is not None:
        return False
    if len(text.split()) > 1:
        return True
    bare = head.strip(QUOTE_MARKS + "'`#.,;:!?\u3002")
    # a letter past ASCII is a word's (Москва, 東京, café), not the mark of an id typed amiss
    return _AMISS.fullmatch(bare) is None or any(
        ch.isalpha() and not ch.isascii() for ch in bare)


# a word an id typed amiss reads as: a few letters and a digit or a mark (sub2, S2, S-, S_2)
_AMISS = re.compile(r"[A-Za-z]{0,3}(?:[^\sA-Za-z0-9]+[0-9]*|[0-9]+)", re.ASCII)


def _drawn_otherwise(word: str) -> str | None:
    """The refusal for an id written with a letter of another script that looks Latin
    (``Т-1``, a Cyrillic Т) or a dash that is no hyphen-minus (``T‐1``, U+2010), naming what
    to write: "'Т-1' is not an id like T-3" showed the id it refused (a review, 2026-12-05);
    None when no such reading is an id."""
    from bot.core.lookalikes import LATIN_LOOKALIKES

    said = []
    fixed = []
    for ch in typed_name(word):
        if ch in LATIN_LOOKALIKES:
            latin, script = LATIN_LOOKALIKES[ch]
            said.append(f"its {ch} is {script.replace('_', ' ')}")
            fixed.append(latin)
        elif ord(ch) in _DASHES:
            said.append(f"its dash is U+{ord(ch):04X}, not a hyphen")
            fixed.append("-")
        else:
            fixed.append(ch)
    plain = typed_id("".join(fixed)) if said else None
    if plain is None:
        return None
    return f"{quoted_cut(word)} is not an id: {', '.join(dict.fromkeys(said))}; write {plain}"


# the letters of the ids socialops makes (T-3, A-3, S-2, O-1, L-1, C-1), typed without the
# hyphen: T1, t1, T_1
_NO_HYPHEN = re.compile(r"([TASOLC])[ _.]?([0-9]{1,12})", re.IGNORECASE)


def _hyphen_left_out(word: str) -> str | None:
    """The refusal for an id typed without its hyphen (``T1``, ``#t1``, ``T_1``, ``T 1``, as a
    PagerDuty incident number is typed bare), naming the id: "'T1' is not an id like T-3",
    and `why`'s "takes ... a ticket id (T-3)", said nothing of T-1 (a review, 2026-12-07)."""
    found = _NO_HYPHEN.fullmatch(_bare(typed_name(word).translate(_WIDE)))
    if found is None:
        return None
    return (f"{quoted_cut(word)} is not an id: its letter and number are joined by a hyphen; "
            f"write {found[1].upper()}-{int(found[2])}")


def _parted(text: str) -> str | None:
    """``_hyphen_left_out`` for an id typed as two words, its letter then its number
    (``claim T 1``: "'T' is not an id like T-3"); None when ``text`` starts otherwise."""
    words = text.split(None, 2)
    if len(words) < 2 or len(words[0]) != 1 or not words[1].isdigit():
        return None
    return _hyphen_left_out(f"{words[0]} {words[1]}")


def digits_mistake(word: str, *, hyphen: bool = True) -> str | None:
    """The refusal for an id typed in digits other than ASCII's, naming the id in ASCII: another
    script's (``T-٣``, an Arabic keyboard's 3; ``T-۳``, Persian; ``T-३``, Devanagari) or a
    digit drawn otherwise (``T-²``, ``T-①``), which NFKC would read as another id's (a record
    hand-edited to "T-²", offered by autocomplete, was acted on as T-2), and an id typed
    without its hyphen (``T1``; not with ``hyphen`` False: a route's name may be so spelt);
    None for any other word. Every verb that takes an id says it, ``status``, ``why`` and
    ``drop`` too."""
    if typed_id(word) is not None:
        return None
    if (drawn := _drawn_otherwise(word) or (_hyphen_left_out(word) if hyphen else None)) \
            is not None:
        return drawn
    plain = unicodedata.normalize("NFKC", word)
    if not any(c.isdecimal() for c in plain):
        return None
    ascii_form = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in plain)
    if not _ID.fullmatch(ascii_form) or word.translate(_WIDE).partition("-")[0] != \
            ascii_form.partition("-")[0]:  # 𝐓-3: a letter drawn otherwise, no id at all
        return None
    return (f"{quoted_cut(word)} is not an id: ids are written in ASCII digits; write "
            f"{ascii_form.upper()}")


# what `help <topic>` says: a subject whose options no usage line has room for. Spike
# warnings' were in no line at all (subscribe's `spikes.*` options, `mute spikes`): each usage
# line is a Discord subcommand's description too, of the 4,000 characters that command has
HELP_TOPICS = {
    "spikes": "\n".join((
        "Spike warnings (a burst of posts, said with who and what it is about):",
        "  subscribe <query> spikes.min_count=3 spikes.threshold=2 spikes.max_p=0.1",
        "    the subscription's own thresholds: at least min_count posts in the window, "
        "threshold times the usual, no likelier than max_p at the usual rate (a route's: "
        "spikes: in rules.yaml)",
        "  mute spikes <route | S-2 | keyword word> <duration: 30m, 2h, 1d> [reason...]",
        "    its spike warnings alone, as an alert group silenced: its posts are alerted and "
        "counted as before; a spike still on when it ends is said then",
        '  mute spikes keyword "is down" 2h: a keyword of several words in quotes',
        "  unmute spikes <route | S-2 | keyword word>: ends it early",
        "  preview <query> spikes.min_count=3: its matches' busiest window against them",
        "  status lists the mutes; why <post> says a muted series' post is muted",
    )),
    # a digest card's id was said only on the card: why's line has no room on Discord
    "digests": "\n".join((
        "Digests (a card a window: counts, sentiment, top terms, three posts):",
        "  subscribe <query> digest=daily: at digests.at (09:00) on the team's clock; "
        "digest=hourly, digest=weekly (Mondays), digest=weekly:friday (or another day)",
        "  why digest-1a2b3c4d: every post of a digest card. The id is on the last line of a "
        "card holding more posts than it shows: … 12 more not shown: the command why "
        "digest-1a2b3c4d lists them all",
        "  why <post url | mention id>: the digest a post waits in and when it is due, or the "
        "card it went out in",
        "  preview <query> digest=weekly:friday: the cards it would have posted, and when the "
        "next would come",
        "  list says each subscription's digest",
    )),
}
# under the section of the verbs a topic is about, the line that says where it is
# (one line for both: Discord's answer of `help` holds 2,000 characters, nearly filled)
_TOPIC_AT = {"spikes": ("Subscriptions", "  spikes, digest ids: help spikes|digests")}


def help_text(topic: str | None = None) -> str:
    """Every verb's usage line, by section; or a topic's own (``HELP_TOPICS``)."""
    if topic:
        return HELP_TOPICS[topic]
    lines = ["socialops commands:"]
    for group in GROUPS:
        lines.append(f"{group}:")
        lines.extend(f"  {v.usage}" for v in VERBS.values() if v.group == group)
        lines.extend(said for at, said in _TOPIC_AT.values() if at == group)
    return "\n".join(lines)


def _help(rest: str, usage: str) -> ParsedCommand:
    """``help`` or ``help <topic>``; another word is refused naming the topics."""
    topic = rest.strip().lower()
    if topic and topic not in HELP_TOPICS:
        raise CommandError(f"no help topic {quoted_cut(rest.strip())}: help alone lists every "
                           f"command; help {' | '.join(HELP_TOPICS)} says more", usage=usage)
    return ParsedCommand(action="help", args=(topic,) if topic else ())


def _oncall_mistake(name: str, what: str, given: list[str], said: list[str]) -> str | None:
    """What is missing or extra in ``oncall <name> <what> ...`` (``given``: its ``for=``
    words, ``said``: the others), said as what to type; None when nothing is."""
    head = "oncall " + (name + " " if name and len(name) <= 40 and name.isprintable() else
                        "<schedule> " if name else "")
    if what == "override":  # PagerDuty's and Grafana OnCall's word for it
        return f"an override is made with cover: {head}cover 2h ({head}overrides lists them)"
    if what not in _ONCALL_VERBS:
        return ("oncall takes one schedule name, or none for every schedule; after the name: "
                "cover <when> [for=<person>], overrides, or drop <override id>")
    if len(given) > 1:
        return "one for= at a time: one person covers a span"
    if given and what != "cover":
        return f"for= goes with cover only: {head}cover <when> for=<person>"
    if given and not given[0][4:]:
        return "for= needs a person id from people: (for=bob)"
    if what == "cover" and not said:
        whom = f" {given[0]}" if given and len(given[0]) <= 40 and given[0].isprintable() \
            else " for=<person>" if given else ""
        return (f"say when: {head}cover 2h{whom} (or until "
                "tomorrow 9am, 18:00-22:00, mon 09:00 to 17:00)")
    if what == "drop" and not said:
        return f"say which override: {head}drop O-3 ({head}overrides lists them)"
    if what == "drop" and len(said) > 1:
        first, second = (w if len(w) <= 20 and w.isprintable() else "O-n" for w in said[:2])
        return f"one override at a time: {head}drop {first}, then {head}drop {second}"
    if what == "overrides" and said:
        return f"{head}overrides takes nothing after it"
    return None


def _report(rest: str, usage: str) -> ParsedCommand:
    """``report [7d | since=<time>] [until=<time>] [by=...]``: each option once, in any order;
    a bare word is the window's start. The values are checked by the report (one line)."""
    options: dict[str, str] = {}
    for word in rest.split():
        key, eq, value = word.partition("=")
        key = key.lower() if eq else "since"
        value = value if eq else word
        if key not in ("since", "until", "by"):
            raise CommandError(f"{word[:40]!r}: report takes a start (7d or since=<time>), "
                               "until=<time> and by=route|person|priority|tag", usage=usage)
        if key in options:
            raise CommandError(f"report takes {key} once", usage=usage)
        options[key] = value.lower() if key == "by" else value
    return ParsedCommand(action="report", options=options)


# `step = 2` or `step= 2` in a typed approve: the step= it means, spaces around '=' dropped
_STEP_SPACED = re.compile(r"(?<!\S)step\s*=\s*", re.IGNORECASE)


# a verb in PagerDuty's or Grafana OnCall's words, and socialops's for it
_THEIR_VERBS = {"ack": "claim", "acknowledge": "claim", "unack": "unclaim",
                "unacknowledge": "unclaim", "assign": "unclaim", "reassign": "unclaim",
                "close": "resolve", "silence": "snooze"}


def _unknown(verb: str, rest: str) -> CommandError:
    """An unknown verb, said with the one it seems to be: `clam T-1` (a typo), `claim, T-1` (a
    comma typed after it), `/socialops claim T-1` (pasted from the docs into a console); each
    was "unknown command; try help" alone (a review, 2026-12-05)."""
    import difflib

    meant = verb.rstrip(",.;:!")
    if meant in USAGE:
        return CommandError(f"unknown command {verb[:40]!r}: write {meant} without the "
                            f"{verb[len(meant):][:1]!r}", usage=USAGE[meant])
    if verb.lstrip("/") in ("socialops", "so") and rest:
        inner, _ = _head(rest)
        if inner.lower() in USAGE:
            return CommandError(f"unknown command {verb[:40]!r}: in the console, type the "
                                f"command alone: {one_line(rest, 60)}",
                                usage=USAGE[inner.lower()])
    if (ours := _THEIR_VERBS.get(meant)) is not None:
        # `ack T-1`, as PagerDuty's and Grafana OnCall's users type it, was "try help" alone
        # (a review, 2026-12-07)
        return CommandError(f"unknown command {verb[:40]!r}: socialops calls it {ours}: "
                            f"{one_line(f'{ours} {rest}'.strip(), 60)}", usage=USAGE[ours])
    near = difflib.get_close_matches(meant, USAGE, n=1, cutoff=0.75)
    if near:
        return CommandError(f"unknown command {verb[:40]!r}; did you mean {near[0]}?",
                            usage=USAGE[near[0]])
    return CommandError(f"unknown command {verb[:40]!r}; try help")


def parse_command(line: str) -> ParsedCommand:
    """Parse one command line (without the ``/socialops`` prefix). Empty means ``help``."""
    if len(line) > MAX_LINE:
        raise CommandError(TOO_LONG)
    # Chat payloads are JSON: a lone surrogate escape must not reach the store (bot.core.text).
    text = scrub(line).strip()
    if not text:
        return ParsedCommand(action="help")
    verb, rest = _head(text)
    verb = verb.lower()
    if verb in _ONCALL_VERBS:  # `cover 2h`, `overrides`, `drop O-1` typed without oncall
        typed = one_line(f"{verb} {rest}".strip(), 80)
        raise CommandError(f"unknown command {verb!r}: an on-call override is typed after "
                           f"oncall and its schedule: oncall <schedule> {typed} (the schedule "
                           "may be left out where there is one)")
    if verb not in USAGE:
        raise _unknown(verb, rest)
    usage = USAGE[verb]
    if verb == "help":
        return _help(rest, usage)
    if not VERBS[verb].args:
        if rest:
            raise CommandError(f"{verb} takes no arguments", usage=usage)
        return ParsedCommand(action=verb)
    if verb in _NAMED:  # its words are names and ids: the marks a paste carries go
        rest = " ".join(_names(rest))
    if verb == "retry":
        if not rest or len(rest.split()) != 1:
            raise CommandError("retry takes one delivery id (from `deliveries`) or all",
                               usage=usage)
        return ParsedCommand(action=verb, args=(rest.lower(),))
    if verb == "label":
        parts = rest.split()
        if len(parts) != 2:
            raise CommandError("label takes a ticket or mention id and the right label",
                               usage=usage)
        if mistake := digits_mistake(parts[0]):
            raise CommandError(mistake, usage=usage)
        ident = typed_id(parts[0]) or parts[0]
        return ParsedCommand(action=verb, args=(ident, parts[1].lower()))
    if verb in ("subscribe", "preview"):
        return _subscribe(rest.translate(_QUOTES), usage, verb)
    if verb == "tickets":
        words = tuple(rest.split())
        if len(words) > 11:
            raise CommandError("tickets takes up to three filters, six priorities (p1 to p5 "
                               "and none), a tag and a team", usage=usage)
        return ParsedCommand(action=verb, args=words)
    if verb == "drafts":
        words = tuple(rest.split())
        if len(words) > 6:
            raise CommandError("drafts takes up to five filters and a network", usage=usage)
        return ParsedCommand(action=verb, args=words)
    if verb == "report":
        return _report(rest, usage)
    if verb in ("link", "unlink"):
        if len(rest.split()) != 1:
            what = "email or request id" if verb == "link" else "person, user or request id"
            raise CommandError(f"{verb} takes one {what}", usage=usage)
        return ParsedCommand(action=verb, args=(rest,))
    if verb == "forget":  # an author as the bot names them, no id: each was refused as
        # "'mastodon:@kasia@...' is not an id like T-3", so none could be named from chat
        parts = rest.split()
        if not parts or len(parts) > 2 or parts[1:] not in ([], ["dry-run"]):
            raise CommandError("forget takes one author, as the bot names them "
                               "(mastodon:@name@server, u/name, @handle), and dry-run to "
                               "count first", usage=usage)
        return ParsedCommand(action=verb, args=tuple(parts))
    if verb == "oncall":
        parts = rest.split()
        if parts and parts[0].lower() in _ONCALL_VERBS:
            parts = ["", *parts]  # `oncall cover 2h`: the schedule left out (handlers.oncall)
        if len(parts) <= 1:
            return ParsedCommand(action=verb, args=tuple(parts))
        what = parts[1].lower()
        given = [w for w in parts[2:] if w.lower().startswith("for=")]
        said = [w for w in parts[2:] if not w.lower().startswith("for=")]
        if (reason := _oncall_mistake(parts[0], what, given, said)) is not None:
            raise CommandError(reason, usage=usage)
        return ParsedCommand(action=verb, args=(parts[0], what, " ".join(said)),
                             options={"for": given[0][4:]} if given else {})
    if verb == "status":
        if mistake := _parted(rest):
            raise CommandError(mistake, usage=usage)
        if len(rest.split()) > 1:
            raise CommandError("status takes one id, post URL or mention id", usage=usage)
        return ParsedCommand(action=verb, args=(rest,) if rest else ())
    if verb in ("explain", "why"):
        if not rest:
            raise CommandError(f"say what to {(verb == 'why' and 'trace') or verb}", usage=usage)
        return ParsedCommand(action=verb, args=(rest,))
    if verb == "draft":
        parts = rest.split(None, 2)
        if any(p[:3].lower() == "at=" for p in parts[:2]):  # draft at=2h mastodon main ...
            raise CommandError("at=<when> goes after the network and the account: draft "
                               "mastodon main at=2h <text>", usage=usage)
        if len(parts) < 3:
            raise CommandError("draft needs a network, an account and the text", usage=usage)
        when, text = _at(parts[2], usage)
        if when is None:
            _at_last(f"draft {parts[0]} {parts[1]}", text, usage)
        return ParsedCommand(action=verb, args=(parts[0].lower(), parts[1], text),
                             options={"at": when} if when is not None else {})
    ident, tail = _name_head(rest)
    if not ident:
        raise CommandError(f"{verb} needs an id", usage=usage)
    if verb == "reply" and ident[:3].lower() == "at=":  # reply at=2h T-3 ...
        raise CommandError("at=<when> goes after the ticket id: reply T-3 at=2h <text>",
                           usage=usage)
    # `mute s 1`, `unsubscribe s 3`: a route's name, a query, as typed; `mute l2 2h`, a route
    # named l2 (a support level), and `unsubscribe s3 outage`, a query, are no ids either
    a_name = verb in ("mute", "unmute") or (verb == "unsubscribe" and len(rest.split()) > 1)
    if mistake := digits_mistake(ident, hyphen=not a_name) or (
            None if verb in ("mute", "unmute", "unsubscribe") else _parted(rest)):
        raise CommandError(mistake, usage=usage)
    # `mute spikes checkout 2h`: the spike warnings of what follows, alone (a Grafana alert
    # group silenced); `mute spikes 2h`, a route named spikes muted
    spikes = verb in ("mute", "unmute") and _named_first("spikes", ident, tail)
    if spikes:
        ident, tail = _name_head(tail)
        if ident.lower() == "keyword" and (
                phrase := _spike_keyword(verb, tail, usage)) is not None:
            return phrase
    kind: tuple[str, ...] = ()  # `mute route s-1 2h`: which one an id naming both means
    kinds = ("route", "subscription", "keyword") if spikes else ("route", "subscription")
    if verb in ("mute", "unmute") and ident.lower() in kinds \
            and _named_first(ident.lower(), ident, tail):  # `mute route 2h`: the route named route
        kind, (ident, tail) = (ident.lower(),), _name_head(tail)
    if kind == ("route",):  # a route's name, kept as typed: refused, it is said so
        ident = _bare(ident)
    elif kind == ("keyword",):  # a keyword as typed, in any capitals: no id
        ident = _bare(ident).casefold()
    elif verb == "unsubscribe" and _a_query(rest, ident):
        # `unsubscribe logo`: what the channel follows, as a Hootsuite stream is removed by
        # its name; the handler finds the subscription (or says which ids follow it)
        return ParsedCommand(action=verb, args=(rest.strip(),), options={"by": "query"})
    elif verb not in ("mute", "unmute") or typed_id(ident):
        if not (plain := typed_id(ident)):
            raise CommandError(f"{ident[:40]!r} is not an id like "
                               f"{_EXAMPLE_IDS.get(VERBS[verb].args[0].name, 'T-3')}",
                               usage=usage)
        ident = plain
        wanted = VERBS[verb].args[0].name
        named = _KINDS.get(ident.partition("-")[0])
        if named is not None and wanted in _KIND_SAID and named != wanted:
            # `claim A-1` was "no ticket A-1" though the draft A-1 is there (a review)
            raise CommandError(f"{ident} is {_KIND_SAID[named]}; {verb} takes "
                               f"{_KIND_SAID[wanted]} like {_EXAMPLE_IDS.get(wanted, 'T-3')}",
                               usage=usage)
    if verb in _ID_VERBS:
        if tail:
            raise CommandError(f"{verb} takes only an id", usage=usage)
        return ParsedCommand(action=verb, args=(ident,))
    if verb == "approve":
        # The hash binds the approval to the text the person read; without it the reply shows
        # the current text and its hash to confirm with (handlers.approvals).
        if not tail:
            return ParsedCommand(action=verb, args=(ident,))
        # `step=2`, before or after the hash, names the step it approves, as a click on a
        # card of several steps carries the step the card showed: a step passed already by
        # someone else approves nothing (handlers.approvals), never the next one
        # (`step = 2`, spaces around '=' as people type them, is read as one word)
        parts = _STEP_SPACED.sub("step=", tail).split()
        steps = [w for w in parts if w.lower().startswith("step=")]
        hashes = [w for w in parts if w not in steps]
        if any(w.lower().startswith("step") for w in hashes):  # no hash starts so: not hex
            # `step 2`, `step:2`: the hash was typed, so say how to name the step, not that
            # a hash is missing
            raise CommandError("name the step as step=2, after the hash", usage=usage)
        if len(steps) > 1:
            raise CommandError("name one step: step=2", usage=usage)
        options = {}
        if steps:
            number = steps[0][len("step="):]
            if not (number.isascii() and number.isdigit() and number[0] != "0"
                    and len(number) <= 6):
                raise CommandError(f"step= takes the number of the step, as the card shows it "
                                   f"(step=2), not {number[:20]!r}", usage=usage)
            options["step"] = number
        if len(hashes) != 1 or not _HASH.match(hashes[0]):
            raise CommandError("approve takes an id and the content sha256 shown on the card "
                               "(at least 12 hex digits)", usage=usage)
        options["sha256"] = hashes[0].lower()
        return ParsedCommand(action=verb, args=(ident,), options=options)
    if verb in ("resolve", "escalate", "withdraw"):  # an optional note or reason, as typed
        return ParsedCommand(action=verb, args=(ident, tail) if tail else (ident,))
    if verb == "priority":  # the value is checked by the ticket service, in one line
        if not tail:
            raise CommandError("priority needs a priority: p1 (the most urgent) to p5, or none",
                               usage=usage)
        if len(tail.split()) > 1:
            raise CommandError("priority takes an id and one priority", usage=usage)
        return ParsedCommand(action=verb, args=(ident, tail))
    if verb == "tag":  # each word is checked by the ticket service, in one line
        tags = tag_words(tail)
        if not tags:
            raise CommandError("tag needs a tag to add (billing) or take away (-billing)",
                               usage=usage)
        if len(tags) > MAX_TAGS:
            # what to fix says it all: the usage line would only repeat the verb's shape
            raise CommandError(f"{len(tags)} tags named: a ticket keeps at most {MAX_TAGS}; "
                               f"name {MAX_TAGS} or fewer (-<tag> takes one away)")
        return ParsedCommand(action=verb, args=(ident, *tags))
    if verb == "merge":  # merge T-4 into T-3, or merge T-4 T-3 (Discord's two options)
        said = _names(tail)
        if len(said) == 2 and said[0].lower() == "into":
            said = said[1:]
        if len(said) != 1:
            # the example says it all: the usage line would only repeat it
            raise CommandError("merge takes the ticket to merge and the one it joins: "
                               "merge T-4 into T-3")
        if mistake := digits_mistake(said[0]):
            raise CommandError(mistake, usage=usage)
        if not (into := typed_id(said[0])):
            raise CommandError(f"{said[0][:40]!r} is not an id like T-3", usage=usage)
        return ParsedCommand(action=verb, args=(ident, into))
    if verb == "unclaim":
        if not tail:
            return ParsedCommand(action=verb, args=(ident,))
        m = _REASSIGN.match(" ".join(_names(tail)))
        if m is None:
            raise CommandError("unclaim takes an id and optionally to=<person id>", usage=usage)
        return ParsedCommand(action=verb, args=(ident,), options={"to": m.group(1)})
    of_spikes = {"spikes": "yes"} if spikes else {}
    if verb in ("unsubscribe", "unmute"):
        if tail:
            what = "an id" if verb == "unsubscribe" else "an id or a route"
            raise CommandError(f"{verb} takes only {what}", usage=usage)
        return ParsedCommand(action=verb, args=(*kind, ident), options=of_spikes)
    if verb == "snooze":
        if not tail:
            return ParsedCommand(action=verb, args=(ident,))
        if tail.split()[0].lower() == SNOOZE_UNTIL:  # the time is read by the dispatcher
            if len(tail.split()) == 1:  # (it needs the clock and the workspace's zone)
                raise CommandError(snooze_mistake(ident, tail) or "", usage=usage)
            return ParsedCommand(action=verb, args=(ident, tail))
        if (mistake := snooze_mistake(ident, tail)) is not None:
            raise CommandError(mistake, usage=usage)
        if len(tail.split()) > 1 and not _a_span(tail):  # `1 h 30 min` is one
            raise CommandError(misspelt_unit(tail) or "snooze takes an id and one duration, "
                               "or off", usage=usage)
        if tail.lower() == SNOOZE_OFF:  # the snooze ends now
            return ParsedCommand(action=verb, args=(ident, SNOOZE_OFF))
        return ParsedCommand(action=verb, args=(ident, _span(tail, usage, SNOOZE_HINT,
                                                             capped=True)))
    if verb == "schedule":  # the time is read by the approvals (it needs the clock and zone)
        when = _when(tail)
        if not when:
            raise CommandError("schedule needs a time (in 2h, tomorrow 9am, "
                               "2026-12-07T09:00+01:00) or off", usage=usage)
        return ParsedCommand(action=verb, args=(ident, SCHEDULE_OFF if when.lower() ==
                                                SCHEDULE_OFF else when))
    if verb == "mute":
        if kind == ("keyword",) and (several := _several_words(ident, tail)) is not None:
            raise CommandError(several, usage=usage)
        duration, reason = _mute_span(tail, usage)
        return ParsedCommand(
            action=verb, args=(*kind, ident, duration, reason) if reason
            else (*kind, ident, duration), options=of_spikes)
    # reply, reject, edit: the rest of the line is free text, kept as typed.
    if not tail:
        what = "a comment" if verb == "reject" else "the text"
        raise CommandError(f"{verb} needs {what}", usage=usage)
    if verb == "reply" and (found := _at(tail, usage))[0] is not None:
        return ParsedCommand(action=verb, args=(ident, found[1]), options={"at": found[0]})
    if verb == "reply":
        _at_last(f"reply {ident}", tail, usage)
    return ParsedCommand(action=verb, args=(ident, tail))


def time_after_text(text: str) -> tuple[str, str] | None:
    """``text``'s last word or quoted phrase when it is ``at=<when>`` with text before it (a
    draft's time typed after its text): that ``at=...`` and the text before it; else None."""
    if (m := _AT_LAST.search(text)) is None or not (before := text[:m.start()].strip()):
        return None
    return m.group(1), before


def _at_last(head: str, text: str, usage: str) -> None:
    """A draft's time typed after its text (``reply T-3 :refund at="tomorrow 9am"``): it was
    drafted as part of the text, a saved reply's name then not filled in, and published as
    typed once approved. Refused saying where it goes."""
    if (found := time_after_text(text)) is None:
        return
    # a text cut (or its lines joined) to be shown is not offered as part of the line to
    # type: copied, it drafted the cut text
    shown = one_line(found[1], 40)
    raise CommandError(f"at=<when> goes before the text: {head} {found[0]}"
                       + (f" {shown}" if shown == found[1] else f", then your text ({shown!r})"),
                       usage=usage)


@dataclass(frozen=True)
class _Token:
    text: str
    quoted: bool


def _tokens(text: str, usage: str) -> list[_Token]:
    """Split on whitespace outside double quotes; a quoted phrase stays one token, quotes kept."""
    out: list[_Token] = []
    buf: list[str] = []
    quoted = in_quote = False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
            quoted = True
            buf.append(ch)
        elif ch.isspace() and not in_quote:
            if buf:
                out.append(_Token("".join(buf), quoted))
            buf, quoted = [], False
        else:
            buf.append(ch)
    if in_quote:
        raise CommandError("a quote is not closed", usage=usage)
    if buf:
        out.append(_Token("".join(buf), quoted))
    return out


def options_in(query: str) -> list[str]:
    """The words of ``query`` a typed ``subscribe`` would take out of it as options
    (``digest=daily``, ``lang=en``, ``sentiment<-0.3``): outside quotes, as typed. A form's
    query field holds none (each option has its own field, or none on the form)."""
    try:
        tokens = _tokens(query.translate(_QUOTES), "")
    except CommandError:
        return []  # an open quote: the query's own check says so
    return [t.text for t in tokens if not t.quoted and _OPTION.match(t.text)]


def digest_option(typed: str, *, usage: str | None = None) -> str:
    """A subscription's ``digest=`` value as stored: ``hourly``, ``daily``, ``weekly`` (its
    windows end on Mondays) or ``weekly:<day>`` for another day, typed in any case, the day
    whole or its first three letters or more (``weekly:FRI``); CommandError saying what to
    write, in one line."""
    value = typed.lower()
    every, colon, day = value.partition(":")
    if every not in _DIGESTS:
        raise CommandError(f"digest must be hourly, daily or weekly (weekly:friday for another "
                           f"day than Monday), not {quoted_cut(typed, 30)}", usage=usage)
    if not colon:
        return every
    if every != "weekly":
        raise CommandError(f"a day is for a weekly digest only: write digest=weekly:"
                           f"{_one_day(day) or 'friday'}, or digest={every}", usage=usage)
    if not day:
        raise CommandError("digest=weekly: names no day: write digest=weekly:friday (or "
                           "digest=weekly alone: on Mondays)", usage=usage)
    if (named := _one_day(day)) is None:
        raise CommandError(f"digest={quoted_cut(typed, 30)}: {quoted_cut(day, 20)} is no day "
                           "of the week; write monday to sunday, or their first three letters "
                           "(weekly:fri)", usage=usage)
    return "weekly" if named == _DAYS[0] else f"weekly:{named}"


def _one_day(typed: str) -> str | None:
    """The day of the week ``typed`` names (lower case, whole or its first three letters or
    more: ``fri``, ``thurs``), None when none."""
    found = [d for d in _DAYS if len(typed) >= 3 and d.startswith(typed)]
    return found[0] if len(found) == 1 else None


_OPTIONS_SAID = ("digest=hourly|daily|weekly[:friday], lang=en,pl, sentiment<-0.3, sentiment>0.2, "
                 "spikes.min_count=3, spikes.threshold=2, spikes.max_p=0.1")
# a spike threshold's option written as a route's spikes: names it (`min_count=3`), or with
# `spike.` (`spike.max_p=0.1`); and an option's name alone, before a spaced ' = '
_SPIKE_LIKE = re.compile(r"^(?:spikes?\.)?(min_count|threshold|max_p)\s*[=:]\s*(\S*)$",
                         re.IGNORECASE)
_OPTION_NAMED = re.compile(r"^(digest|lang|spikes?\.(?:min_count|threshold|max_p))$",
                           re.IGNORECASE)
_OPTION_EXAMPLE = {"digest": "daily", "lang": "en,pl", "min_count": "3", "threshold": "2",
                   "max_p": "0.1"}
_OPTION_NAMES = ("digest", "lang", "language", "sentiment", "mode")
# a token typed as an option that is none: `sentiment=0.5`, `mode=digest`, `digest:daily`
_OPTION_LIKE = re.compile(r"^([a-z_]+)\s*[=:](?!//)\s*\S*$", re.IGNORECASE)


def _not_a_keyword(word: str, after: str = "", then: str = "") -> str | None:
    """Why an unquoted word of a subscription is no keyword, or None: an option mistyped
    (`sentiment=0.5`, `digest:daily`, `digest daily`, `sentiment <-0.3`) or a regular
    expression (`/acme|foo/`, `acme.*`); each was a subscription for that text, which matched
    nothing (a review, 2026-12-05). ``after`` and ``then``: the two words after it, as typed."""
    low = word.lower()
    if (m := _SPIKE_LIKE.match(word)) is not None:
        return (f"{quoted_cut(word, 30)} is a spike threshold: write "
                f"spikes.{m.group(1).lower()}={m.group(2)[:20]}")
    if (m := _OPTION_NAMED.match(word)) is not None and after.startswith("="):
        # `spikes.min_count = 3`: the '=' alone was refused as a keyword of punctuation
        name = m.group(1).lower().replace("spike.", "spikes.")
        value = after[1:] or then or _OPTION_EXAMPLE[name.removeprefix("spikes.")]
        return f"write {name}={value[:20]}, without spaces around '='"
    if (m := _OPTION_LIKE.match(word)) is not None and (
            "=" in word or m.group(1).lower() in _OPTION_NAMES):
        return (f"{quoted_cut(word, 30)} is no option of a subscription (they are "
                f"{_OPTIONS_SAID}); put it in quotes to look for it as text")
    if low == "digest" and after.lower() in _DIGESTS:
        return f"write digest={after.lower()}, with '='"
    if low == "sentiment" and after[:1] in "<>" and after:
        return f"write sentiment{after}, without a space"
    if (len(word) > 2 and word.startswith("/") and word.rstrip("gimsux").endswith("/")) \
            or ".*" in word or ".+" in word or "|" in word:
        return (f"{quoted_cut(word, 30)} reads as a regular expression; a subscription takes "
                "keywords: write acme OR foo for either, acme* for words that start with acme")
    return None


# a channel as typed (`#marketing`), or as Slack (`<#C0123|marketing>`) and Discord
# (`<#3456…>`) hand on one picked from their lists
_CHANNEL_WORD = re.compile(r"#[\w-]+|<#([A-Z0-9]+)(?:\|([^>]*))?>")


def _channel_named(tokens: list[_Token], at: int) -> str | None:
    """What to type instead, when the query ends with a channel (options aside) named by
    ``in`` at ``tokens[at]``, else None: a subscription goes to the channel it is typed in, and
    `in #marketing` was taken as two keywords, one a hashtag, that the posts meant never hold.
    A channel picked from Slack's or Discord's list is markup (``<#C0123|marketing>``,
    ``<#3456…>``, ``<#C0123|>``), said as the person saw it and not to be quoted: no post
    holds it."""
    if tokens[at].quoted or tokens[at].text.lower() != "in" or at + 1 >= len(tokens):
        return None
    word = tokens[at + 1]
    m = None if word.quoted else _CHANNEL_WORD.fullmatch(word.text)
    if m is None or any(t.quoted or not _OPTION.match(t.text) for t in tokens[at + 2:]):
        return None
    if m.group(1) is None:  # typed: a hashtag too, which quotes look for
        said = f"{tokens[at].text} {word.text}"
        return (f"type it in {word.text}, without {said!r} (or put \"{said}\" in quotes to "
                "look for it as text)")
    if m.group(2):
        return f"type it in #{m.group(2)}, without 'in #{m.group(2)}' after the query"
    return "type it in that channel, without naming it after the query"


def _mute_span(tail: str, usage: str) -> tuple[str, str]:
    """``mute``'s duration and its reason (unquoted), or a CommandError saying what to write."""
    duration, reason = _span_and_rest(tail)
    if not duration:
        raise CommandError(f"mute needs a duration: {SPANS}", usage=usage)
    if reason and (misspelt := misspelt_unit(f"{duration} {reason.split()[0]}")):
        # `mute S-1 5 minuets` muted 5 minutes "because minuets"; `2 hourz`, 2 minutes
        raise CommandError(misspelt, usage=usage)
    duration = _span(duration, usage)
    first, unclear = _unit_left_out(duration, reason)
    if unclear is not None:  # `mute S-1 1 h 30 spam`: 1h30m, or an hour for "30 spam"?
        raise CommandError(f"{' '.join(f'{duration} {first}'.split())[:40]!r}: "
                           f"{unclear.why}; write {unclear.fix}, or {duration} then the "
                           f"reason in quotes: \"{one_line(reason, 30)}\"", usage=usage)
    return duration, _unquoted(reason)


def _quoted_head(text: str) -> tuple[str, str] | None:
    """``"is down" 2h`` as ``("is down", "2h")``: the words in the pair of quotes ``text``
    starts with (typographic ones too) and what follows them; None when it starts with none."""
    for family in QUOTE_FAMILIES:
        if text[:1] in family:
            end = next((n for n in range(1, len(text)) if text[n] in family), None)
            return None if end is None else (text[1:end], text[end + 1:].strip())
    return None


def _spike_keyword(verb: str, tail: str, usage: str) -> ParsedCommand | None:
    """``mute spikes keyword "is down" 2h [why]`` and ``unmute spikes keyword "is down"``: a
    keyword in quotes, as a rules file writes one of several words (``socialops init`` writes
    "is down" and "not working"); None when ``tail`` starts with no quotes."""
    quoted = _quoted_head(tail)
    if quoted is None:
        return None
    phrase, rest = quoted
    keyword = " ".join(phrase.split()).casefold()  # as the series' key is compared
    if not keyword:  # `""`: a keyword no post holds, muted and said done
        raise CommandError(f"the keyword in quotes is empty; write the keyword whose spike "
                           f"warnings to {verb}: `{verb} spikes keyword outage"
                           f"{' 2h' if verb == 'mute' else ''}`", usage=usage)
    spikes = {"spikes": "yes"}
    if verb == "unmute":
        if rest:
            raise CommandError("unmute takes only an id or a route", usage=usage)
        return ParsedCommand(action=verb, args=("keyword", keyword), options=spikes)
    duration, reason = _mute_span(rest, usage)
    return ParsedCommand(action=verb, args=("keyword", keyword, duration, reason) if reason
                         else ("keyword", keyword, duration), options=spikes)


def _several_words(keyword: str, tail: str) -> str | None:
    """``mute spikes keyword is down 2h``: the words before the duration are one keyword,
    written without its quotes (its second word was refused as a bad duration); None
    otherwise."""
    words = tail.split()
    if not words or _a_span(words[0], near=False):  # `keyword outage 2h [why]`
        return None
    for n in range(1, len(words)):
        if _a_span(words[n], near=False):
            phrase = " ".join((keyword, *words[:n])).strip(QUOTE_MARKS)
            return (f"a keyword of several words goes in quotes: `mute spikes keyword "
                    f"\"{one_line(phrase, 40)}\" {words[n]}`")
    return None


def _spike_option(name: str, typed: str, options: Mapping[str, str], usage: str
                  ) -> dict[str, str]:
    """``spikes.<name>=<typed>`` as an option, or a CommandError saying what to write."""
    if f"spikes.{name}" in options:
        raise CommandError(f"spikes.{name} is given twice; keep one", usage=usage)
    if (problem := spike_limit_problem(name, typed)) is not None:
        raise CommandError(problem, usage=usage)
    return {f"spikes.{name}": typed}


def _subscribe(rest: str, usage: str, verb: str = "subscribe") -> ParsedCommand:
    options: dict[str, str] = {}
    query: list[str] = []
    tokens = list(_tokens(rest, usage))
    for at, tok in enumerate(tokens):
        m = None if tok.quoted else _OPTION.match(tok.text)
        if m is None and (instead := _channel_named(tokens, at)) is not None:
            raise CommandError(f"a subscription goes to the channel where you type it: "
                               f"{instead}", usage=usage)
        if m is None:
            if not tok.quoted and (mistake := _not_a_keyword(
                    tok.text, *(t.text for t in tokens[at + 1:at + 3]))):
                raise CommandError(mistake, usage=usage)
            query.append(tok.text)
            continue
        if m.group(6) is not None:  # `spikes.min_count=3`: a route's `spikes:` names
            options.update(_spike_option(m.group(6).lower(), m.group(7), options, usage))
            continue
        key = (m.group(1) or "").lower()
        name = key or f"sentiment{m.group(4)}"
        if not key and m.group(5).startswith("="):  # `sentiment<=-0.3`
            raise CommandError(f"write sentiment{m.group(4)}{m.group(5)[1:]}: sentiment< and "
                               "sentiment> take no '='", usage=usage)
        if name in options:  # the last one silently won: a subscription other than typed
            also = " (list every language in one: lang=en,pl)" if key == "lang" else ""
            raise CommandError(f"{name} is given twice; keep one{also}", usage=usage)
        if key == "digest":
            options["digest"] = digest_option(m.group(2), usage=usage)
        elif key == "lang":
            after = tokens[at + 1] if at + 1 < len(tokens) else None
            if after is not None and not after.quoted and (
                    m.group(2).endswith(",") or after.text.startswith(",")):
                # `lang=en, pl`: the next code was read as a keyword of the query, and the
                # subscription took English posts holding the word "pl"
                joined = f"{m.group(2).rstrip(',')},{after.text.lstrip(',')}".lower()
                raise CommandError(f"write the languages without spaces: lang={joined}",
                                   usage=usage)
            langs = [x.strip().lower() for x in m.group(2).split(",") if x.strip()]
            if not langs:
                raise CommandError("lang takes language codes like en,pl", usage=usage)
            # the codes routing compares a post's language with: "eng", "xx" or "pt-br" were
            # kept and the subscription never fired
            for lang in langs:
                if (problem := language_problem(lang, und=True)) is not None:
                    raise CommandError(f"lang takes language codes like en,pl: {problem}",
                                       usage=usage)
            options["lang"] = ",".join(langs)
        else:
            try:
                value_f = float(m.group(5))
            except ValueError:
                raise CommandError("sentiment takes a number from -1 to 1", usage=usage) from None
            if not -1.0 <= value_f <= 1.0:
                raise CommandError("sentiment takes a number from -1 to 1", usage=usage)
            options[f"sentiment{m.group(4)}"] = str(value_f)
    below, above = options.get("sentiment<"), options.get("sentiment>")
    if below is not None and above is not None and float(below) < float(above):
        raise CommandError(f"no post is below {below} and above {above}: sentiment< takes the "
                           "upper bound, sentiment> the lower", usage=usage)
    q = " ".join(query)
    if not q:
        raise CommandError(f"{verb} needs a query", usage=usage)
    depth = 0
    in_quote = False
    for ch in q:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
        elif not in_quote and ch == ")":
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        raise CommandError("parentheses in the query do not match", usage=usage)
    return ParsedCommand(action=verb, args=(q,), options=options)
