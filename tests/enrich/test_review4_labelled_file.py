"""A fourth review's labelled file (2026-12-07): 262 social posts about companies in new
domains (a hotel chain, a food delivery app, a video game studio, a clinic, a streaming
service, a water utility, a fintech app, a furniture store, a ferry line, a ticketing site),
written and labelled before ``bot/enrich``, its lexicons and the project's corpora were read
(only the label names of an earlier labelled file): 88 in English, 11 in each of es pt fr de,
10 Japanese, 9 in each of it ru zh ko ar hi, 8 in each of nl pl tr id, 7 in each of uk vi th sv,
6 Hebrew; complaints (sarcasm with and without a mark, rhetorical questions, calm complaints
with an order or a booking number), questions to the company, praise in slang, leads (group
fares, corporate rates, a restaurant joining the app), spam, news (openings, results, fines,
job cuts), job ads, chatter; some code-switched (Hinglish, Spanglish), very short posts, links,
hashtags. Calm complaints are labelled negative, a request to the company a question.
``tests/fixtures/enrich_review4_labelled.jsonl``, in the format `socialops enrich` reads, with
an ``id``; ``split`` is fixed by the text's SHA-256 (even: dev), chosen before anything was
run: the dev half's errors (130 posts) chose the fixes below, the held half (132) was measured
before and after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of the tests below were
written for the classes, not taken from the file):

- a company's new premises told as news (new offices, a studio, hotels, a factory: "Corvin
  Hotels to open 12 new properties", "abrirá oficinas en Madrid", "apre uno studio a Milano")
  read as praise, a lead or spam: ``lexicon_arrival.PREMISES``, a company's move
  (``lexicon.company_move``), ``other``/``neutral``;
- the company called out, asked where it is after a fault ("انقطاع المياه ... وين <company>؟",
  "where are you??", "где вы, Nexa?") read as a question: ``lexicon_disbelief.CALLED_OUT``,
  a complaint as disbelief after a fault is (``model.disbelief_at_fault``).

The dev half's gains were 2 intent and 4 polarity; the held half's none, and none lost
(language 0.939, intent 0.886, polarity 0.864 before and after).

Left (the dev half): "late checkout" and "is the 4K plan still available?" read as complaints
(the ``fault`` word "late" and the ``again`` word "still" inside a service's name or an
availability asked of); praise in slang or told as a fact ("X >>> every other app", "so
underrated", "transfers are actually instant"); a double charge praised and thanked ("great,
... charged me twice ... thanks I guess") praise; "es lo mejor ... en segundos" ``other`` (the
news word "según" is a word start of "segundos"); an Indonesian promotion ("Dapatkan ...
GRATIS!!! klik link di bio") and an Italian headline with an English company's name
("... Games apre uno studio a Milano") read as English and Spanish; Vietnamese "TP.HCM" read
as a link, which made a headline spam; a prospect's "quiero comprar" beside a question a lead
where the file says question; Spanish hiring ("contratará a 200 personas") read as a purchase.
"""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import company_move
from bot.enrich.lexicon_disbelief import disbelief
from tests.enrich.reading import predict
from tests.support.labelled import (
    Row,
    assert_at_least,
    assert_every_language,
    assert_split_by_text,
    enrich_file,
    half,
)


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    return enrich_file("enrich_review4_labelled.jsonl", 262)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 132)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (132 posts, its misses
    # never read): language 0.939, intent 0.886, polarity 0.864 before the fixes and after
    assert_at_least(half(enriched, "held"), language=0.93, intent=0.88, polarity=0.86)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (130 posts): 0.977, 0.869, 0.892 before the fixes; 0.977, 0.885, 0.923
    # after
    assert_at_least(half(enriched, "dev"), language=0.97, intent=0.88, polarity=0.92)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (6 to 11 posts a language, English 88): Indonesian
    # language 0.62, Spanish intent 0.64, Indonesian polarity 0.75
    assert_every_language(enriched, 21, language=0.6, intent=0.6, polarity=0.7)


@pytest.mark.parametrize("text", [
    "Velmora Bank to open two new offices in Dublin",
    "Harlow Games opens a new studio in Montreal",
    "Nexa abrirá nuevas oficinas en Bogotá",
    "Nexa abre novo escritório em Recife",
    "Nexa ouvre de nouveaux bureaux à Lille",
    "Nexa eröffnet ein neues Büro in Hamburg",
    "Nexa apre un nuovo ufficio a Torino",
    "Nexa opent een nieuw kantoor in Gent",
    "Nexa otwiera nowe biuro we Wrocławiu",
    "Nexa İzmir'de yeni ofis açtı",
    "Nexa открывает новый офис в Казани",
    "Nexa відкриває новий офіс у Києві",
    "Nexa、大阪に新オフィスを開設",
    "Nexa在成都设立新办公室",
    "Nexa, 판교에 새 사무실 개설",
    "Nexa تفتتح مكتباً جديداً في الرياض",
    "Nexa ने पुणे में नया ऑफिस खोला",
    "Nexa membuka kantor baru di Surabaya",
    "Nexa mở văn phòng mới tại Hà Nội",
    "Nexa เปิดสำนักงานใหม่ที่เชียงใหม่",
    "Nexa öppnar nytt kontor i Malmö",
    "Nexa פותחת משרד חדש בירושלים",
])
def test_new_premises_are_news(text: str) -> None:
    assert company_move(features.prepare(text).text)
    assert predict(text) == ("other", "neutral")


@pytest.mark.parametrize("text", [
    "our new office has no heating and the wifi keeps dropping",
    "the new studio album is amazing 😍",
    "Harlow Games opened a new studio and the game still crashes every hour",
    "love that Velmora finally opened new offices in Cork",
    "is the new office in Dublin open on Saturdays?",
])
def test_new_premises_told_with_a_feeling_or_of_ones_own_are_no_plain_move(text: str) -> None:
    assert not company_move(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Otra caída del servicio de Nexa, ¿dónde están?",
    "Интернет опять упал, где вы, Nexa?",
    "الانترنت مقطوع مرة ثانية، وين Nexa؟",
    "Le réseau Nexa encore en panne, vous êtes où ?",
    "Strom schon wieder ausgefallen, wo seid ihr @Nexa?",
    "Nexa app crashed again and support is silent, where are you??",
    "Sito di Nexa di nuovo bloccato, dove siete?",
    "Інтернет знову впав, де ви, Nexa?",
])
def test_where_are_you_after_a_fault_is_a_complaint(text: str) -> None:
    assert disbelief(features.prepare(text).text)
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Nexa where are you located in Lisbon?",
    "where are you based? I want to visit the Nexa store",
    "¿Dónde están las oficinas de Nexa en Madrid?",
    "Где вы находитесь? Хочу подключить Nexa",
])
def test_where_asked_of_a_place_stays_a_question(text: str) -> None:
    assert predict(text)[0] in ("question", "lead")
