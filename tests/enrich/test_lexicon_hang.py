"""A device or an app that "hangs" (froze), told with the borrowed English verb in Hindi,
Hinglish, Nigerian Pidgin, Indonesian and Taglish and in English itself (``lexicon_hang``),
which the dev half of ``tests/fixtures/enrich_review8_labelled.jsonl`` (2026-12-07) read
without a fault. The sentences were written for the class, not taken from the file; beside
them, "hang out", "hang on", "hang in there", "the hang of it" and a TV hung on a wall stay
what the model reads."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_hang import tells_a_freeze
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Zentro app hangs every time I open the camera",
    "फोन बहुत हैंग हो रहा है, Zentro का नया अपडेट",
    "Zentro ka phone bahut hang ho raha hai yaar",
    "Zentro don spoil my phone o, e dey hang",
])
def test_a_device_that_hangs_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "my Zentro phone keeps hanging since the update",
    "Zentro app hangs on the splash screen",
    "the Zentro laptop hung at 99% during the update",
    "hp Zentro ngehang terus sejak update",
    "laging nagha-hang yung Zentro app",
    "Zentro ka app hang kar deta hai",
])
def test_the_freeze_is_found(text: str) -> None:
    assert tells_a_freeze(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "hanging out at the Zentro store with friends today",
    "hang on, is Zentro open on Sunday?",
    "just got the Zentro TV, will hang it on the wall tomorrow",
    "still getting the hang of the Zentro app but loving it",
    "we dey hang out for Zentro shop today",
    "hang in there Zentro team, the new phone is great",
    "Zentro support hung up on me twice",
    "the Zentro phone case has a loop to hang your keys",
])
def test_hang_as_another_verb_is_no_freeze(text: str) -> None:
    assert not tells_a_freeze(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "hanging out at the Zentro store with friends today",
    "hang on, is Zentro open on Sunday?",
])
def test_hang_as_another_verb_keeps_the_model_reading(text: str) -> None:
    assert predict(text)[0] != "complaint"


@pytest.mark.parametrize("text", [
    "Report: Zentro X9 phones hang after the latest update, company says fix coming",
    "Zentro shares fall as users report phones hanging after update",
])
def test_news_of_a_freeze_stays_news(text: str) -> None:
    # bad news, not the author's blame: ``other``, negative, as the label definitions make it
    assert predict(text) == ("other", "negative")
