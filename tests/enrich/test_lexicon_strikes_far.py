"""News of a strike in the languages ``lexicon_strikes`` had no entry for, which the dev half of
``tests/fixtures/enrich_review9_labelled.jsonl`` (2026-12-07: a Greek and a Swedish transport
strike) read neutral: negative, as the label definitions make such news. The sentences were
written for the class, not taken from the file; beside them, words that look alike and tell
no strike stay what the model reads."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_strikes import strike_or_jobs_lost
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Απεργία των ελεγκτών εναέριας κυκλοφορίας την Τρίτη, ακυρώνονται πτήσεις της Veltro",
    "Veltros piloter strejkar på fredag, hundratals avgångar ställs in",
])
def test_news_of_a_strike_is_negative(text: str) -> None:
    assert predict(text) == ("other", "negative")


@pytest.mark.parametrize("text", [
    "Έκτακτο: οι εργαζόμενοι της Veltro απεργούν αύριο",
    "Veltros piloter strejkar på fredag",
    "Lokomotivførerne strejker i morgen",
    "Veltron lentäjät menevät lakkoon maanantaina",
    "Řidiči Veltro zítra stávkují",
    "Sztrájkolnak a Veltro mozdonyvezetői",
    "Grevă la metroul din București mâine",
    "Стачка на шофьорите в градския транспорт",
    "שביתה ברכבת מחר בבוקר",
    "اعتصاب رانندگان مترو از فردا",
    "کل ٹرانسپورٹ کی ہڑتال ہے",
    "Tài xế Veltro đình công từ sáng nay",
])
def test_the_strike_is_found(text: str) -> None:
    assert strike_or_jobs_lost(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Veltro vastasi lakonisesti, ettei mitään voi tehdä",
    "Na računu mi je stavka koju nisam naručio, Veltro",
    "Tenho uma vaga de emprego na Veltro",
])
def test_no_strike(text: str) -> None:
    assert not strike_or_jobs_lost(features.prepare(text).text)
