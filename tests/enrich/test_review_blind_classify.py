"""A review's blind set (2026-12-06, 456 posts in 17 languages, written before the project's
data and lexicons were read) found these classes of error in its dev half; the fixes are
general, and the sentences below were written for these tests, not taken from that set:

- a call centre's queue in the languages ``lexicon_plain.HOLD`` had none for (Dutch, Italian,
  Indonesian, Arabic, Hindi), and an agent hanging up on the caller ("einfach aufgelegt",
  "me colgaron"): no word of fault, so the post was praise or positive;
- praise of a double charge said with sarcasm ("Geweldig hoor ... dubbel laten betalen 🙄"),
  which ``model.sarcastic_fault`` did not see, a charge being no ``fault`` entry: praise;
- disbelief asked after a fault ("lost my parcel again, seriously??", ``lexicon_disbelief``):
  a question or, beside a number, a lead;
- Indonesian chat with few of the words the detector knew ("gimana cara ganti nomor"):
  Spanish or German.
"""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.language import LanguageDetector
from bot.enrich.lexicon_charges import charge_complaint
from bot.enrich.lexicon_disbelief import disbelief
from tests.enrich.reading import count, predict


@pytest.mark.parametrize("text", [
    "Sudah sejam nunggu cs Pelvo, gak ada yang angkat",
    "Da un'ora sono in attesa al telefono con Pelvo, nessuno risponde",
    "Al een uur in de wacht bij Pelvo, niemand neemt op",
    "ساعة كاملة على الانتظار مع خدمة Pelvo",
    "Pelvo customer care ने एक घंटे होल्ड पर रखा",
    "Die Hotline von Pelvo hat einfach aufgelegt",
    "Llamé a Pelvo tres veces y me colgaron",
    "Liguei pra Pelvo e desligaram na minha cara",
    "De medewerker van Pelvo heeft gewoon opgehangen",
    "Ho chiamato Pelvo e mi hanno riattaccato",
])
def test_a_call_centres_queue_and_a_hang_up_are_a_fault(text: str) -> None:
    assert count(text, "fault") >= 1


@pytest.mark.parametrize("text", [
    "Al een uur in de wacht bij Pelvo",  # was a neutral complaint
    "Liguei pra Pelvo e desligaram na minha cara",  # was other, positive
    "Sudah sejam nunggu cs Pelvo, gak ada yang angkat",
])
def test_a_queue_or_a_hang_up_told_plainly_is_a_negative_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


# Left: a queue praised with irony and no mark of sarcasm ("Al een uur in de wacht bij Pelvo,
# lekker bezig", "..., complimenti") still reads as praise: one word of fault is less than the
# grams of "lekker" and "complimenti".


@pytest.mark.parametrize("text", [
    "Project staat in de wacht tot volgend jaar",  # a project on hold is no queue
    "Pelvo heeft de prijzen verhoogd",
])
def test_no_queue_without_one(text: str) -> None:
    assert count(text, "fault") == 0


@pytest.mark.parametrize("text", [
    "Wat fijn, Pelvo heeft me twee keer laten betalen 🙄",
    "Super, Pelvo hat mich schon wieder zweimal zahlen lassen 🙄",
])
def test_a_double_charge_praised_with_sarcasm_is_a_complaint(text: str) -> None:
    assert charge_complaint(features.prepare(text).text)
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Pelvo cancelled my flight again, seriously??",
    "Pelvo опять потеряли мой багаж, вы серьезно??",
    "Pelvo yine siparişimi iptal etti, ciddi misiniz??",
    "Pelvo又把我的包裹弄丢了，认真的吗？",
    "Pelvo udah 2x nge-cancel pesanan gw, serius??",
])
def test_disbelief_after_a_fault_is_a_complaint(text: str) -> None:
    assert disbelief(features.prepare(text).text)
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Seriously, does Pelvo ship to Iceland?",  # asks: no fault, and not at a clause's end
    "Is Pelvo really that good?",
])
def test_a_question_that_asks_stays_a_question(text: str) -> None:
    assert predict(text)[0] in ("question", "lead")


def test_lost_in_chinese_with_its_object_between() -> None:
    assert count("Pelvo把我的行李弄丢了", "fault") >= 1


def test_a_raise_for_the_staff_is_praise() -> None:
    assert count("the agent who sorted my Pelvo refund deserves a raise", "positive") >= 1
    assert predict("whoever runs Pelvo's chat support deserves a raise") == ("praise",
                                                                             "positive")


@pytest.mark.parametrize("text", [
    "gimana cara ganti password di aplikasi Pelvo?",
    "Pelvo buka lowongan kerja buat fresh graduate, kirim CV ke email",
    "langganan Pelvo bisa dipake sekeluarga ga?",
])
def test_everyday_indonesian_chat(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "id"


ZALGO = "".join(ch + "\u0336\u0317\u0353\u0330\u032a" for ch in "Pelvo is down again")


def test_zalgo_reads_as_its_letters() -> None:
    from bot.enrich.reading import read

    assert read(ZALGO) == "Pelvo is down again"
    assert read("Đường cao tốc") == "Đường cao tốc"  # Vietnamese keeps its marks
    decomposed = "Vie\u0323\u0302t Nam"  # two marks, typed decomposed
    assert read(decomposed) == decomposed


HOSTILE = {
    "empty": "",
    "spaces": "  \n\t ",
    "emoji only": "😡😡🔥💀",
    "zwj and flags": "👨‍👩‍👧‍👦🏳️‍🌈🇺🇦" * 20,
    "links only": "https://pelvo.com/a https://bit.ly/x http://t.co/abc",
    "100 KB of text": ("Pelvo support never answers and the app crashes. " * 2100)[:100_000],
    "100 KB of one word": "a" * 100_000,
    "100 KB of mixed scripts": ("Pelvo приложение 又崩溃了 التطبيق लगातार ακόμα 앱이 "
                                * 2500)[:100_000],
    "100 KB of zalgo": (ZALGO * 1000)[:100_000],
    "100 KB of handles": " ".join(f"@pelvo{i}" for i in range(12_000))[:100_000],
    "100 KB alternating scripts in a word": "aб" * 50_000,
    "mixed scripts": "Pelvo приложение 又崩溃了 التطبيق लगातार ακόμα 앱이 שוב",
    "RTL and bidi marks": ("\u202ePelvo is down\u202c \u200f\u200e\u061c التطبيق لا يعمل "
                           "\u2067x\u2069"),
    "bidi marks only": "\u202e\u202d\u200f\u200e\u2066\u2067\u2068\u2069" * 100,
    "zalgo": ZALGO,
    "NUL bytes": "Pelvo\x00 is\x00down\x00\x00",
    "NUL only": "\x00" * 1000,
    "control characters": "".join(chr(i) for i in range(32)) * 10,
    "combining marks only": "\u0301\u0308\u0327" * 500,
    "replacement and noncharacters": "Pelvo \ufffd down \uffff \ufeff",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_read_without_error(name: str) -> None:
    """Every hostile post gets a language (or none), an intent and a sentiment, as the pipeline
    asks for them (``Enricher.facts``). No timing is asserted (a shared machine): the review
    measured the slowest, 100 KB of one word alternating Latin and Cyrillic, at about 40 ms."""
    from datetime import UTC, datetime

    from bot.core.models import INTENTS, Author, Mention
    from bot.enrich import Enricher

    mention = Mention(id="mastodon:1", network="mastodon", source="t", text=HOSTILE[name],
                      created_at=datetime(2026, 12, 6, tzinfo=UTC),
                      author=Author(id="a", handle="h"))
    facts = Enricher().facts(mention)
    language = facts.language()
    assert language is None or isinstance(language, str)
    assert facts.intent() in INTENTS
    assert facts.sentiment().label in ("negative", "neutral", "positive", "unknown")
