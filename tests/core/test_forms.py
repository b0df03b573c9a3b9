"""bot.core.forms: a submission's fields never spill into each other. One-word fields are one
word, the free text is taken whole and never read for options, and the query holds no options
(they have their own fields)."""

from __future__ import annotations

import pytest

from bot.core.commands import ParsedCommand
from bot.core.forms import parse


def one(word: str) -> str:
    return f"Only one {word} here, without spaces or line breaks."


@pytest.mark.parametrize(("verb", "values", "errors"), [
    ("reply", {"ticket": "T-1 T-2", "text": "hi"}, {"ticket": one("ticket id")}),
    ("reply", {"ticket": "T-1\nT-2", "text": "hi"}, {"ticket": one("ticket id")}),
    ("reply", {"ticket": "order 1", "text": "hi"}, {"ticket": "'order' is not an id like T-3"}),
    ("draft", {"network": "mastodon", "account": "masto masto", "text": "hi"},
     {"account": one("account")}),
    ("subscribe", {"query": "acme", "lang": "en\nxx"},
     {"lang": one("list of language codes (en,pl)")}),
    ("subscribe", {"query": "acme", "lang": "en digest=daily"},
     {"lang": one("list of language codes (en,pl)")}),
    ("subscribe", {"query": "acme lang=xx"},
     {"query": "lang=xx is not part of a query: write only the query here (the form has its "
               "own fields for the options)"}),
])
def test_a_field_with_more_than_its_word_is_refused_by_name(
        verb: str, values: dict[str, str | None], errors: dict[str, str]) -> None:
    assert parse(verb, values) == errors


def test_free_text_is_taken_whole_and_the_rest_as_typed_commands_read_it() -> None:
    text = "T-2 lang=en digest=daily «merci»\n  sentiment<-1"
    assert parse("reply", {"ticket": " t-1 ", "text": f"  {text}  "}) == ParsedCommand(
        action="reply", args=("T-1", text))
    assert parse("draft", {"network": "mastodon", "account": "masto", "text": text}) == \
        ParsedCommand(action="draft", args=("mastodon", "masto", text))
    assert parse("subscribe", {"query": "“dark mode” OR 2fa", "digest": "daily",
                               "lang": "EN,pl"}) == ParsedCommand(
        action="subscribe", args=('"dark mode" OR 2fa',),
        options={"digest": "daily", "lang": "en,pl"})
