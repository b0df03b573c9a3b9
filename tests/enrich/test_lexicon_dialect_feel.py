"""Egyptian and Levantine Arabic words of feeling the lexicon misses (``lexicon_dialect_feel``),
which the dev half of ``tests/fixtures/enrich_review8_labelled.jsonl`` (2026-12-07) read
without their feeling. The sentences were written for the class from general knowledge of the
two dialects, not taken from the file; beside them, the words that read either way ("مش
طبيعي", "بيجنن") take no side alone, and news is left to the model."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_dialect_feel import dialect_feeling
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "خدمة Zentro زي الزفت",
    "Zentro خرا بصراحة",
    "الأكل من Zentro بقى يقرف",
])
def test_blame_in_dialect_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


def test_praise_in_dialect_is_praise() -> None:
    assert predict("الشاي الجديد من Zentro مية مية") == ("praise", "positive")


@pytest.mark.parametrize(("text", "feeling"), [
    ("التأخير ده مش طبيعي والتطبيق بطيء", "negative"),  # with a fault: unacceptable
    ("العرض الجديد من Zentro بيجنن", None),  # alone: amazing or maddening
    ("Zentro تطلق هاتف جديد تحفة", None),  # news: the model's
])
def test_either_way_words_take_their_neighbours_side(text: str, feeling: str | None) -> None:
    assert dialect_feeling(features.prepare(text).text) == feeling
