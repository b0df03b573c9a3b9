"""Posts without words are read by their emoji, through the Enricher a pipeline uses: before
this, "👎" came out as praise, positive (the model's corpus ties "has emoji" to praise)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.enrich import Enricher, LazyFacts
from bot.enrich.emoji import POLARITY, emoji_prediction


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def facts(enricher: Enricher, text: str) -> LazyFacts:
    m = Mention(id="mastodon:1", network="mastodon", source="s", text=text,
                created_at=datetime(2026, 11, 20, tzinfo=UTC), author=Author(id="1", handle="h"))
    return enricher.facts(m)


@pytest.mark.parametrize(("text", "intent", "label"), [
    ("👎", "complaint", "negative"),
    ("😡😡😡", "complaint", "negative"),
    ("🤦‍♂️🤦‍♂️", "complaint", "negative"),  # a zero-width join and a sign: the facepalm counts
    ("ok 👎", "complaint", "negative"),  # two letters are not words
    ("❤️❤️", "praise", "positive"),  # the variation selector is dropped
    ("👍🏽", "praise", "positive"),  # so is the skin tone
    ("🙌🙌🎉 !!", "praise", "positive"),
])
def test_a_post_of_emoji_is_read_by_its_emoji(enricher: Enricher, text: str, intent: str,
                                              label: str) -> None:
    f = facts(enricher, text)
    assert (f.intent(), f.sentiment().label, f.sentiment().method) == (intent, label, "emoji")
    assert (f.sentiment().compound or 0) * (1 if label == "positive" else -1) > 0


@pytest.mark.parametrize("text", ["👍👎", "👀", "🙃", "...", ""])
def test_emoji_that_do_not_agree_or_are_not_known_say_unknown(enricher: Enricher,
                                                              text: str) -> None:
    f = facts(enricher, text)
    assert (f.intent(), f.sentiment().label, f.sentiment().compound) == ("other", "unknown", None)


def test_posts_with_words_or_a_question_are_the_models() -> None:
    assert emoji_prediction("love it 👎") is None
    assert emoji_prediction("the app is down again 😡") is None
    assert emoji_prediction("👀?") is None
    assert emoji_prediction("ok 👎") is not None
    assert emoji_prediction("😡" * 300 + " actually I love it") is None  # words after many emoji
    # one or two Han, kana or Hangul characters are words ("best", "bad", "garbage")
    for word in ("最高", "최고", "差", "垃圾", "好👍"):
        assert emoji_prediction(word) is None, word


@pytest.mark.parametrize(("text", "intent", "label"), [
    ("Telvo 👎👎👎", "complaint", "negative"),  # the model: praise, positive
    ("Orbis Bank 🤮", "complaint", "negative"),  # the model: praise, neutral
    ("#Telvo 👎", "complaint", "negative"),  # the model: praise, positive
    ("Netflix 😍", "praise", "positive"),
])
def test_a_name_and_emoji_is_read_by_its_emoji(enricher: Enricher, text: str, intent: str,
                                              label: str) -> None:
    f = facts(enricher, text)
    assert (f.intent(), f.sentiment().label, f.sentiment().method) == (intent, label, "emoji")


def test_words_the_lexicon_knows_or_unknown_emoji_leave_a_name_to_the_model() -> None:
    for text in ("Scam 🚀🚀", "Love 😍", "Telvo again 😡", "telvo 👎 lol", "Acme 🔥🔥",
                 "Telvo 👎?", "Orbis Bank Group 👎", "ヤマト 😡"):
        assert emoji_prediction(text) is None, text


def test_three_quarters_must_agree() -> None:
    mostly = emoji_prediction("👍👍👍👎")
    split = emoji_prediction("👍👍👎")
    assert mostly is not None and mostly.polarity == "positive"
    assert split is not None and split.polarity_confidence < 0.45


def test_every_emoji_in_the_table_is_one_code_point_on_one_side() -> None:
    assert all(len(e) == 1 and ord(e) > 0x2000 for e in POLARITY)
    assert {POLARITY[e] for e in POLARITY} == {1, -1}


@pytest.mark.parametrize("text", ["🔥🔥🔥", "🔥", "🔥🔥👏"])
def test_fire_alone_is_praise(text: str) -> None:
    # a reaction (review 2026-12-07): the model read "🔥🔥🔥" other, unknown
    got = emoji_prediction(text)
    assert got is not None and (got.intent, got.polarity) == ("praise", "positive")


@pytest.mark.parametrize("text", ["Acme 🔥🔥", "@Acme 🔥", "server room 🔥🔥"])
def test_fire_beside_a_name_or_a_word_is_the_models(text: str) -> None:
    assert emoji_prediction(text) is None
