"""Faults and sarcasm the dev half of ``tests/fixtures/enrich_review5_labelled.jsonl``
(2026-12-07) missed (features v87), each class with sentences written for it, not taken from
the file: losing in Bulgarian and in Gulf and Levantine Arabic, an Italian train "soppresso",
a German outage split round a word of repeat ("fällt mal wieder aus"), and Italian "bravi
davvero" closing a post of a failure."""

from __future__ import annotations

import pytest

from tests.enrich.reading import count, predict


@pytest.mark.parametrize("text", [
    "Изгубиха ми багажа на летището",
    "Пак изгубиха пратката",
    "الشركة ضيعوا الطلب حقي",
    "ضيعتوا الشنطة مرة ثانية",
    "Il treno delle 8 è stato soppresso di nuovo",
    "Ultima corsa soppressa stasera",
    "Das WLAN fällt ständig aus",
    "Der Zug fällt schon wieder aus",
    "Die Heizung fällt immer wieder aus",
])
def test_losing_a_train_cancelled_and_an_outage_are_faults(text: str) -> None:
    assert count(text, "fault") > 0


def test_a_village_is_no_loss() -> None:
    assert count("ضيعتنا حلوة كتير بالصيف", "fault") == 0  # our village is lovely in summer


@pytest.mark.parametrize("text", [
    "Danke Kuvio, das Netz fällt mal wieder aus. Super gemacht.",
    "Grazie Kuvio, il volo è stato cancellato. Bravi davvero.",
    "Rimborso mai arrivato. Bravi davvero.",
    "La app si blocca ogni sera. Complimenti davvero.",
])
def test_a_failure_closed_with_praise_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Bravi davvero, consegna in un giorno!",
    "Complimenti davvero al team, app perfetta",
])
def test_that_praise_alone_stays_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")
