"""Complaints the dev half of ``tests/fixtures/enrich_review6_labelled.jsonl`` (2026-12-07)
read as questions or praise, and faults it did not name (features v88), each class with
sentences written for it, not taken from the file: a question that asks how a thing can be
("how is it possible that ...", in the languages of the file and their neighbours), other
customers asked whether the fault is theirs too ("anyone else ...?", "is it just me or"), a
fault closed deadpan on two words of praise ("Просто супер.", "Fantastisk timing."), a
machine "out of order" and a Norwegian crash ("krasjer")."""

from __future__ import annotations

import pytest

from tests.enrich.reading import count, predict


@pytest.mark.parametrize("text", [
    "how is it possible that the gym charges me for a month it was closed?",
    "How come my parcel is in Madrid when I live in Leeds?",
    "Wie kann es sein, dass die Rechnung dreimal so hoch ist wie letzten Monat?",
    "Jak to możliwe, że paczka jedzie z Warszawy do Krakowa tydzień?",
    "Jakim cudem abonament kosztuje więcej niż w zeszłym roku?",
    "Hoe kan het dat mijn abonnement twee keer is afgeschreven?",
    "Comment c'est possible qu'on attende encore le technicien depuis lundi ?",
    "Как так получается, что тариф вырос, а скорость упала?",
    "¿Cómo es posible que la factura llegue al doble este mes?",
])
def test_asking_how_a_thing_can_be_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "anyone else's banking app crashing on login since this morning?",
    "is it just me or is the Brightwell website not loading?",
    "Alguém mais com o aplicativo do banco travando?",
    "Ist die App noch jemand anderem abgestürzt?",
])
def test_asking_others_whether_the_fault_is_theirs_too_is_a_complaint(text: str) -> None:
    assert predict(text)[0] == "complaint"


@pytest.mark.parametrize("text", [
    "how is it possible to change the date of my appointment?",
    "anyone else going to the Brightwell meetup in Leeds?",
    "¿Cómo es posible pagar con tarjeta en la tienda?",
])
def test_asking_how_to_or_who_comes_stays_a_question(text: str) -> None:
    assert predict(text)[0] == "question"


@pytest.mark.parametrize("text", [
    "Thanks, my parcel got lost again. Really great.",
    "Tak, pakken er forsinket igen. Fantastisk service.",
    "Tack, tåget är försenat igen. Riktigt bra.",
    "Danke, Paket wieder verloren. Echt super.",
])
def test_a_fault_closed_deadpan_on_two_words_of_praise_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Paket kam heute pünktlich an. Einfach super.",
    "The app crashed but support fixed it within the hour. Great service.",
    "Ordered again from Brightwell today. Really great.",
    "Abrí la cuenta para cobrar en dólares y cero drama. Recomendadísimo.",
])
def test_praise_closed_on_two_words_stays_praise(text: str) -> None:
    assert predict(text)[0] == "praise"


@pytest.mark.parametrize("text", [
    "the lift in our building has been out of order for a week",
    "Appen krasjer hver gang jeg prøver å betale",
    "Nettsiden krasjet igjen i går kveld",
])
def test_out_of_order_and_a_norwegian_crash_are_faults(text: str) -> None:
    assert count(text, "fault") > 0
