"""Urdu and Telugu have words in the lexicon, and the languages of lexicon_world ask for a
recommendation (bot/enrich/lexicon_gaps.py). The sentences were written for these tests, not
taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.sentiment import sentiment_of


def counts(text: str) -> dict[str, int]:
    return {name: n for name, n in zip(CONCEPT_NAMES, concept_counts(features.prepare(text).text),
                                       strict=True) if n}


@pytest.mark.parametrize(("text", "expected"), [
    # the internet is down again since morning, terrible service
    ("Zoomtel کا انٹرنیٹ صبح سے پھر بند ہے، بہت بری سروس، بکواس", {"fault", "again", "negative"}),
    ("میرا آرڈر ابھی تک نہیں آیا، ریفنڈ کب ملے گا؟", {"fault", "question"}),  # refund when?
    ("بہت شکریہ، ڈیلیوری زبردست تھی", {"thanks", "positive"}),  # thanks, the delivery was great
    ("Zoomtel کا نیا پیکج کتنے کا ہے؟", {"price"}),  # how much is the new package?
    ("گھر بیٹھے روزانہ 5000 کمائیں، ابھی لنک پر کلک کریں", {"spam_money", "spam_action"}),
    # the parcel didn't arrive, the app doesn't work
    ("పార్సెల్ ఇంకా రాలేదు, యాప్ పని చేయడం లేదు", {"fault"}),
    ("డెలివరీ చాలా వేగంగా వచ్చింది, సూపర్, ధన్యవాదాలు", {"positive", "thanks"}),
    ("ఈ ప్లాన్ ధర ఎంత?", {"price", "question"}),  # how much does this plan cost?
])
def test_urdu_and_telugu_name_their_concepts(text: str, expected: set[str]) -> None:
    # before: no entry in either language, so every one of these had no concept at all
    assert expected <= set(counts(text)), (text, counts(text))


@pytest.mark.parametrize("text", [
    "این برا من خیلی مهمه",  # Persian: this is very important for me ("برا": for, Urdu bad)
    "اسامی برندگان اعلام شد",  # Persian: the names of the winners ("اسامی", Urdu vacancies)
])
def test_persian_words_spelt_like_urdu_ones_are_not_read_as_them(text: str) -> None:
    found = counts(text)
    assert "negative" not in found and "hiring" not in found, found


@pytest.mark.parametrize("text", [
    "Vi byter bank, några tips?",
    "Anbefalinger til en ny bank til et lille firma?",
    "Mitä suosittelette pienelle yritykselle?",
    "Co doporučujete pro malou firmu?",
    "Mit ajánlotok egy kis cégnek?",
    "Ce recomandați pentru o firmă mică?",
    "Τι προτείνετε για μια μικρή εταιρεία;",
    "יש המלצות על בנק לעסק קטן?",
    "یک بانک برای کسب‌وکار کوچک، پیشنهاد دارید؟",
    "ছোট ব্যবসার জন্য কোন ব্যাংক, সাজেস্ট করুন",
    "சிறிய நிறுவனத்துக்கு எது நல்லது?",
    "Benki gani kwa biashara ndogo, mnapendekeza ipi?",
    "Ano mas okay na bank for small business?",
    "Ada cadangan bank untuk syarikat kecil?",
])
def test_asking_for_a_recommendation_is_buying(text: str) -> None:
    # before: these languages had only "looking for" and "need" among their words of buying
    assert "buy" in counts(text), text


@pytest.mark.parametrize("text", [
    "Jag rekommenderar Zoomtel till alla",  # I recommend: praise, not asking
    "پیشنهاد می‌کنم حتما امتحان کنید",
])
def test_recommending_is_not_asking(text: str) -> None:
    found = counts(text)
    assert "buy" not in found and found.get("positive"), found


def test_a_swahili_giveaway_is_spam() -> None:
    # win a new phone, send your PIN now: before, no word of spam and read as ``other``
    text = "Shinda simu mpya kutoka Zoomtel! Tuma namba yako ya siri sasa"
    assert counts(text).get("spam_action") == 2
    enricher = Enricher()
    assert enricher.predict(text, "sw")[0].intent == "spam"


@pytest.mark.parametrize(("text", "intent", "polarity"), [
    ("Zoomtel کا انٹرنیٹ صبح سے پھر بند ہے، بہت بری سروس، بکواس", "complaint", "negative"),
    ("Zoomtel డెలివరీ చాలా వేగంగా వచ్చింది, సూపర్, ధన్యవాదాలు", "praise", "positive"),
])
def test_urdu_and_telugu_posts_are_read(text: str, intent: str, polarity: str) -> None:
    # before: ``other`` and neutral, or no polarity at all
    enricher = Enricher()
    language, _ = enricher.detector.detect(text)
    prediction, vader = enricher.predict(text, language)
    assert (prediction.intent, sentiment_of(prediction, vader=vader).label) == (intent, polarity)
