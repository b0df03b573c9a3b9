"""A third review's labelled file (2026-12-07): 275 social posts about companies outside
software (an airline, a bank, a telco, a grocer, an insurer, a power company, a gym, a car
dealer, a metro, a university, a pharmacy, a courier), written and labelled before
``bot/enrich``, its lexicons and the project's corpora were read (only the intent names of
docs/intelligence.md): 89 in English, 13 in each of es de, 12 in each of pt fr it, 11 in each of
nl pl tr, 10 in each of ru ja zh ar hi id, 8 in each of uk ko, 6 Swedish, 5 Vietnamese, 4 Thai;
complaints (sarcasm with and without a mark, calm complaints with an account or an order
number), questions and requests for a DM, praise, leads, spam, news (new routes, results,
fines, job cuts), job ads, chatter; some code-switched (Hinglish, Spanglish), slang and typos.
Calm complaints are labelled negative, a request to the company a question, a prospect's
question a lead.
``tests/fixtures/enrich_review3_labelled.jsonl``, in the format `socialops enrich` reads, with
an ``id``; ``split`` is fixed by the text's SHA-256 (even: dev), chosen before anything was
run: the dev half's errors (132 posts) chose the fixes below, the held half (143) was measured
before and after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of the tests below were
written for the classes, not taken from the file):

- a network that grows told as news (new routes, a new dealership: "SkyLark Air to add three
  new routes", "Moreno Motors abrirá un nuevo concesionario") read negative or positive by the
  sector's words around it: ``lexicon_arrival.NETWORK``, a company's move
  (``lexicon.company_move``), ``other``/``neutral``;
- a calm complaint that says how long the fault has lasted ("lleva 2 semanas en reparto",
  "ferma da due mesi", "inget internet sedan i går") read neutral: ``lexicon_since``, read as
  "again" is by ``model.as_weary_complaint``;
- a test drive asked for ("Can I book a test drive of the new hybrid", "시승 예약하고 싶어요")
  read as a question or praise: ``lexicon_trial``, a ``lead`` (``model.asks_a_test_drive``).

The dev half's gains were 2 intent and 5 polarity; the held half's none, and none lost.

Left (the dev half): sarcasm whose failure is no word of fault ("another 'scheduled
maintenance' ... Love that for me", "anche oggi treno soppresso. Ma che bravi", "又晚点半小时
...辛苦了🙂"); a prospect's plan told in a question ("thinking of switching to", "planning to
open an account", Hindi "नई कार लेनी है") a question; praise in slang ("spot on", "the real
MVPs") or of a claim paid ("paid my storm damage claim in 5 days") read as a complaint or
``other``; a customer asking for a DM read as spam; news of hiring in Italian ``unknown``; a
calm complaint the model reads as praise ("Il mio pacco è fermo in deposito da tre mesi"):
the rule reads complaints only.
"""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import company_move
from bot.enrich.lexicon_since import goes_on
from bot.enrich.model import asks_a_test_drive
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
    return enrich_file("enrich_review3_labelled.jsonl", 275)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 143)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (143 posts, its misses
    # never read): language 0.965, intent 0.909, polarity 0.944 before the fixes and after
    assert_at_least(half(enriched, "held"), language=0.95, intent=0.90, polarity=0.94)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (132 posts): 0.992, 0.886, 0.864 before the fixes; 0.992, 0.902, 0.902
    # after
    assert_at_least(half(enriched, "dev"), language=0.98, intent=0.90, polarity=0.90)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (4 to 13 posts a language, English 89): English intent
    # 0.81, Hindi and Indonesian language 0.80, Italian polarity 0.83
    assert_every_language(enriched, 20, language=0.8, intent=0.8, polarity=0.8)


@pytest.mark.parametrize("text", [
    "Arvel Air adds four new routes from Porto this summer",
    "Arvel Bank opens new branches in Kent and Essex",
    "Arvel Air startet neue Strecken nach Skandinavien",
    "Arvel Air yeni hatlar açıyor",
    "Arvel Motors abrirá un nuevo concesionario en Sevilla",
    "Arvel Air annuncia nuove rotte per la Grecia",
    "Arvel Air membuka rute baru ke Lombok",
    "Arvel Air 신규 노선 취항",
])
def test_a_network_that_grows_is_news(text: str) -> None:
    assert company_move(features.prepare(text).text)
    assert predict(text) == ("other", "neutral")


@pytest.mark.parametrize("text", [
    "my new route to work takes two hours because the bus is late",
    "Arvel finally opens new routes from Cork",
    "love that Arvel Air has new routes to Greece 🎉",
    "Arvel Air cancels new routes after record losses",
])
def test_a_new_route_told_with_a_feeling_is_no_plain_move(text: str) -> None:
    assert not company_move(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "my claim has been pending for 6 weeks",
    "Нет света со вчерашнего дня",
    "Il modem è guasto da ieri, contratto 8812",
    "Paket saya di gudang sudah 9 hari, nomor resi JP1234",
])
def test_a_complaint_that_has_lasted_is_negative(text: str) -> None:
    assert goes_on(features.prepare(text).text)
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "I've been a member for 6 weeks and love it",
    "Using the new app since yesterday, works great",
    "Llevo 3 semanas en el gimnasio y encantada",
])
def test_a_time_that_has_lasted_is_no_complaint_by_itself(text: str) -> None:
    assert predict(text)[0] != "complaint" or predict(text)[1] != "negative"


@pytest.mark.parametrize("text", [
    "I'd like to book a test drive at Arvel Motors",
    "Quiero probar el coche nuevo de Arvel, ¿puedo reservar una prueba de conducción?",
    "Je voudrais réserver un essai de la nouvelle Arvel, c'est possible samedi ?",
    "Ich möchte eine Probefahrt mit dem neuen Arvel machen, geht das am Samstag?",
    "Vorrei prenotare un test drive della nuova Arvel",
    "Chcę umówić jazdę próbną nowym Arvelem, jest wolny termin?",
    "Yeni Arvel için test sürüşü randevusu almak istiyorum",
    "Хочу записаться на тест-драйв новой Arvel",
    "Arvelの試乗を予約したいです",
    "想预约Arvel新车试驾",
    "मैं Arvel की नई कार की टेस्ट ड्राइव बुक करना चाहता हूँ",
    "Mau test drive mobil baru Arvel, bisa hari Sabtu?",
])
def test_a_test_drive_asked_for_is_a_lead(text: str) -> None:
    assert asks_a_test_drive(features.prepare(text).text)
    assert predict(text)[0] == "lead"


@pytest.mark.parametrize("text", [
    "The test drive was a disaster, the salesman ignored us",
    "booked a test drive and nobody showed up, terrible service",
    "Watched a test drive video of the Arvel EV",
])
def test_a_test_drive_told_or_complained_of_is_no_lead(text: str) -> None:
    assert predict(text)[0] != "lead"


@pytest.mark.parametrize("text", [
    "Bug: the export button fails since yesterday's release. Repro: click export. Ticket #4411",
    "Any update on my claim? I've been waiting since Monday",
    "Alguma novidade sobre o meu pedido? Estou esperando desde ontem",
])
def test_a_days_event_or_a_follow_up_is_not_a_time_that_goes_on(text: str) -> None:
    # the project's labelled sets keep a bug report neutral and a follow-up a question
    assert not goes_on(features.prepare(text).text)


def test_a_count_of_any_digits_is_a_count() -> None:
    assert goes_on(features.prepare("my claim has been pending for 12 weeks").text)
    assert goes_on(features.prepare("Il rimborso è fermo da 10 mesi").text)
    assert goes_on(features.prepare("荷物が12日間届かない").text)
