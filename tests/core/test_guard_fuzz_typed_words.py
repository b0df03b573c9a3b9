"""Guards, fuzzed with hypothesis (derandomized: the same draws on every run), of today's
parsing of what people type and what networks send:

- every verb's line, its first word an id typed amiss (``T1``, ``T 1``, ``t_1``, ``Ｔ１``,
  ``ſ1``, ``T-٣``) among hostile pieces (NUL, a lone surrogate, an RTL override, marks, line
  separators): refused only by ``CommandError``, its reason one line; ``mute``, ``unmute`` and
  an ``unsubscribe`` of several words never take their first word for an id missing its hyphen
  (a route named l2, a query "s3 outage": found the two refusals of
  test_review_fuzz_route_named_l2.py and test_review_fuzz_unsubscribe_query_like_an_id.py);
- ``reply_mention``: one line, and idempotent (a reply that starts with it gets no second);
- ``is_blank``: what ``clean`` leaves nothing of is blank (seen failing with e2f62c29 taken
  out: U+FFF0); ``Author.shown`` is one line that draws something;
- ``is_snowflake``: 17 to 20 ASCII digits, no leading 0, at most 2^63-1.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core import replies
from bot.core.commands import USAGE, CommandError, parse_command
from bot.core.confcheck import SNOWFLAKE_MOST, is_snowflake
from bot.core.models import Author
from bot.core.text import clean, is_blank

FUZZ = settings(derandomize=True, max_examples=400, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
HOSTILE = ["\x00", "\ud800", "\u202e", "\u0301", "\u2028", "\n", "\u200b", "\u00a0", "٣", "²",
           "１", "Ｔ", "ſ", "\u212a", "#", '"', "-", "_", ".", " ", "x" * 300]
LETTERS = ["T", "t", "A", "s", "S", "C", "o", "L", "l", "Ｔ", "ſ", "x", "sub"]
SEPARATORS = ["", " ", "_", ".", "-", "\u00a0", "\u2028"]
NUMBERS = ["1", "2", "01", "42", "9" * 13, "٣", "²", "１", "𝟏"]
WORD = st.tuples(st.sampled_from(LETTERS), st.sampled_from(SEPARATORS),
                 st.sampled_from(NUMBERS)).map("".join)
TAIL = st.lists(st.one_of(st.sampled_from([*HOSTILE, "2h", "into", "T-1", "outage", "on it"]),
                          st.text(max_size=4)), max_size=6).map(" ".join)
A_NAME_HINT = "its letter and number are joined by a hyphen"


@FUZZ
@given(verb=st.sampled_from(sorted(USAGE)), word=WORD, tail=TAIL)
def test_guard_a_line_is_parsed_or_refused_in_one_line(verb: str, word: str, tail: str) -> None:
    line = f"{verb} {word} {tail}"
    try:
        parse_command(line)
    except CommandError as exc:
        assert "\n" not in exc.reason and len(exc.reason) <= 300, exc.reason
        several = len(f"{word} {tail}".split()) > 1
        if verb in ("mute", "unmute") or (verb == "unsubscribe" and several):
            assert A_NAME_HINT not in exc.reason, (line, exc.reason)


@FUZZ
@given(word=st.sampled_from(LETTERS).flatmap(
    lambda letter: st.sampled_from(["1", "2", "42"]).map(lambda n: letter + n)),
    tail=st.sampled_from(["", " 2h", " 2h launch"]))
def test_guard_a_route_named_like_an_id_is_never_told_its_hyphen(word: str, tail: str) -> None:
    for verb in ("mute", "unmute"):
        try:
            parse_command(f"{verb} {word}{tail}")
        except CommandError as exc:
            assert A_NAME_HINT not in exc.reason, exc.reason


HANDLE = st.lists(st.sampled_from(["kasia", "K", "a.b", "x-y", "_", "é", "ſ", "\u212a", "@",
                                   "\u202e", "\x00", " ", "1"]), min_size=1, max_size=5).map(
    "".join)
SERVER = st.sampled_from(["mastodon.social", "m.s", "Example.ORG", "x", "a-b.c", "é.fr"])
TEXT = st.lists(st.one_of(st.sampled_from(["@kasia@mastodon.social", "@KASIA@MASTODON.SOCIAL",
                                           "@kasia", "/", "=", "@", ".", "-", "\n", "hi ",
                                           "mastodon.social"]), st.text(max_size=4)),
                max_size=8).map("".join)


@FUZZ
@given(user=HANDLE, server=SERVER, text=TEXT,
       network=st.sampled_from(["mastodon", "bluesky", "x", "reddit", "rss", "gone"]))
def test_guard_a_reply_mention_is_one_line_and_added_once(user: str, server: str, text: str,
                                                         network: str) -> None:
    handle = f"{user}@{server}"
    said = replies.reply_mention(network, handle, text)
    if said is None:
        return
    assert network == "mastodon" and said.startswith("@") and "\n" not in said
    assert replies.reply_mention(network, handle, f"{said} {text}") is None


ANY = st.text(alphabet=st.characters(exclude_categories=()), max_size=16)
# what draws nothing, or may: controls, format and tag characters, unassigned ignorables,
# variation selectors, marks, fillers, spaces, a lone surrogate; and a letter now and then
NEARLY_BLANK = st.text(alphabet=st.sampled_from(
    "\x00\x85\u00ad\u034f\u115f\u17b4\u180e\u200b\u200d\u2028\u202e\u2065\u2800\u3164"
    "\ufe0f\ufeff\uffa0\ufff0\ufff8\U000e0041\U000e0080\U000e01f0\U000e0fff \n\t\u0301\ud800a"),
    max_size=6)


@FUZZ
@given(text=st.one_of(ANY, NEARLY_BLANK))
def test_guard_what_clean_leaves_nothing_of_is_blank(text: str) -> None:
    if not clean(text).strip():
        assert is_blank(text), ascii(text)
    # the other way but for a lone surrogate, which clean shows as U+FFFD: counted as blank
    if is_blank(text) and not any("\ud800" <= ch <= "\udfff" for ch in text):
        assert is_blank(clean(text)), ascii(text)


@FUZZ
@given(handle=ANY, display=ANY, ident=ANY)
def test_guard_an_author_is_shown_in_one_line_that_draws(handle: str, display: str,
                                                        ident: str) -> None:
    try:
        author = Author(id=ident or "x", handle=handle, display_name=display)
    except ValidationError:
        return
    shown = author.shown()
    assert "\n" not in shown and len(shown) <= 100 and not is_blank(shown), ascii(shown)


@FUZZ
@given(value=st.one_of(st.integers(min_value=0, max_value=2**66).map(str),
                       st.text(alphabet="0123456789٣１𝟏 \n-+_", max_size=24)))
def test_guard_a_snowflake_is_what_discord_writes(value: str) -> None:
    written = (value.isascii() and value.isdigit() and 17 <= len(value) <= 20
               and not value.startswith("0") and int(value) <= SNOWFLAKE_MOST)
    assert is_snowflake(value) == written
