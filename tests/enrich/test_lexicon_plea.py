"""A cry for help to a brand is a complaint, negative (``bot.enrich.lexicon_plea``): the model
read "help" and its kin as the thanks its corpus writes them in, praise and positive, in every
language. The posts were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher
from bot.enrich.features import prepare
from bot.enrich.lexicon_plea import plea
from bot.enrich.sentiment import sentiment_of


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def read(enricher: Enricher, text: str) -> tuple[str, str]:
    language, _ = enricher.detect(text, None)
    prediction, vader = enricher.predict(text, language)
    return prediction.intent, sentiment_of(prediction, vader=vader).label


CRIES = [
    "@Qubo please help us 😭",
    "somebody help!!!",
    "heeelp",
    "Ayúdenme por favor",
    "me ajudem pessoal!!",
    "Hilf mir bitte",
    "aiutatemi!!",
    "ratunku!!",
    "Спасите!!!",
    "Люди добрые, спасите!",
    "допоможіть!!",
    "imdat!",
    "救救我",
    "誰か助けて！",
    "살려주세요ㅠㅠ",
    "ช่วยด้วยค่ะ",
    "au secours !!",
    "النجدة!!",
    "tolong dong min",
]


@pytest.mark.parametrize("text", CRIES)
def test_a_cry_for_help_is_a_negative_complaint(enricher: Enricher, text: str) -> None:
    assert read(enricher, text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "please help, the app deleted all my notes",
    "Помогите, списали деньги два раза",
    "HELP. Qubo locked me out of my own account",
])
def test_a_plea_with_its_trouble_is_no_praise(enricher: Enricher, text: str) -> None:
    intent, polarity = read(enricher, text)
    assert intent == "complaint" and polarity != "positive"


@pytest.mark.parametrize(("text", "labels"), [
    ("thanks for all the help, the agent was lovely", ("praise", "positive")),
    ("Spasibo, очень помогли!", ("praise", "positive")),
    ("Can you help me change my delivery address?", ("question", "neutral")),
])
def test_help_that_is_no_plea_is_read_as_before(enricher: Enricher, text: str,
                                               labels: tuple[str, str]) -> None:
    assert plea(prepare(text).text) is None
    assert read(enricher, text) == labels


@pytest.mark.parametrize("text", [
    "Need help? Our team answers 24/7",  # an offer of help asks
    "help wanted: weekend barista",
    "the help centre article was useful",
    "great help from the chat agent",
])
def test_no_plea_is_found_in_help_offered_or_named(text: str) -> None:
    assert plea(prepare(text).text) is None
