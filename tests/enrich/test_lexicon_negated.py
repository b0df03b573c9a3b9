"""Negated praise, litotes and negated complaints the negation rule cannot reach are counted
as the feeling they say (``bot/enrich/lexicon_negated.py``, features v91): a negation in the
word of an unspaced script ("不满意"), one the table cannot hold (Malay "tak", Turkish
"-madı"), one after the word (Nepali "छैन"). A review of negation (2026-12-07,
``tests/fixtures/enrich_negation_labelled.jsonl``) found them read as their opposite. The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.model import shipped_model

_POSITIVE, _NEGATIVE = CONCEPT_NAMES.index("positive"), CONCEPT_NAMES.index("negative")


def feeling(text: str) -> tuple[int, int]:
    """(words of praise, words of blame) counted in ``text``."""
    counts = concept_counts(features.prepare(text).text)
    return counts[_POSITIVE], counts[_NEGATIVE]


@pytest.mark.parametrize("text", [
    "对Acme的售后很不满意",
    "不太喜欢Acme新出的这个界面",
    "Saya tak puas hati dengan Acme",
    "Aku tak suka app baru Acme",
    "Acme'den hiç memnun kalmadım",
    "Inte alls nöjd med Acme",
    "Acme को नयाँ एप मन परेन",
])
def test_negated_praise_is_blame(text: str) -> None:
    praise, blame = feeling(text)
    assert blame and not praise


@pytest.mark.parametrize("text", [
    "Telefon Acme ni tak teruk, boleh tahan",
    "Acme को नयाँ फोन नराम्रो छैन",
    "Acme सँग अहिलेसम्म कुनै समस्या छैन",
    "Franchement, le nouveau Acme, pas mal du tout",
])
def test_litotes_is_praise(text: str) -> None:
    praise, blame = feeling(text)
    assert praise and not blame


@pytest.mark.parametrize("text", [
    "Dansk tak for hjælpen, Acme",  # Danish thanks, not Malay "not"
    "Il y a pas mal de bugs dans la nouvelle version d'Acme",  # "a lot of"
    "Saya puas hati dengan Acme",
])
def test_lookalikes_are_not(text: str) -> None:
    assert not feeling(text)[1]


@pytest.mark.parametrize(("text", "intent", "polarity"), [
    ("对Acme这次的物流不太满意", "complaint", "negative"),
    ("Tak puas hati dengan servis Acme", "complaint", "negative"),
    ("Telefon Acme ni boleh tahan, tak teruk pun", "praise", "positive"),
    ("Acme कार्डमा अहिलेसम्म कुनै समस्या छैन", "praise", "positive"),
])
def test_read_as_said(text: str, intent: str, polarity: str) -> None:
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == (intent, polarity)
