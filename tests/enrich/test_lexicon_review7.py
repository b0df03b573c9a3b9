"""Complaints and news the dev half of ``tests/fixtures/enrich_review7_labelled.jsonl``
(2026-12-07) read as questions, praise, ``other`` or without feeling (features v89), each class
with sentences written for it, not taken from the file: a customer asking "why" in the
languages whose "why" was a question word or had no entry (Hausa, Amharic, Nepali, Sinhala,
Yoruba, Zulu, Burmese, Khmer, Afrikaans, Haitian Creole); news
of a strike or of jobs lost; applause (👏) at a fault; and faults in Swahili, Malay, Zulu,
Hausa, Marathi, Afrikaans and Haitian Creole that had no entry."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon_strikes import strike_or_jobs_lost
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Me yasa kullum kuke cire kudi ba tare da izini ba?",
    "ለምን ሂሳቤን ያለፈቃዴ ዘጋችሁት?",
    "मेरो खाता किन बन्द गरियो?",
    "ඇයි මගේ ගිණුම අවහිර කළේ?",
    "Kilode ti e fi ge owo lori kaadi mi lemeji?",
    "Kungani ningibhadalisa imali eningaka ngenyanga?",
    "Hoekom is my rekening gesluit sonder enige kennisgewing?",
    "Poukisa nou toujou ap peye frè sa yo chak mwa?",
])
def test_asking_why_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Transit drivers on strike over unpaid overtime, buses off in the city centre",
    "Tramwaje stoją: strajk motorniczych w Krakowie",
    "Warnstreik: Flughafen bleibt am Montag zu",
    "Wafanyakazi wa kiwanda wamegoma kwa sababu ya mishahara",
    "Abasebenzi abangu-400 baphelelwe yimisebenzi embonini yezimoto",
    "কারখানার ২০০ শ্রমিক চাকরি হারালেন",
])
def test_news_of_a_strike_or_of_jobs_lost_is_negative(text: str) -> None:
    assert predict(text) == ("other", "negative")


@pytest.mark.parametrize("text", [
    "Lucky strike at the arcade tonight, three jackpots in a row",
    "CoinHarbor's new staking page is clean",
    "Estou em casa de folga, paro de trabalhar às 5",
])
def test_a_strike_of_luck_or_staking_is_no_strike(text: str) -> None:
    assert not strike_or_jobs_lost(prepare(text).text)


@pytest.mark.parametrize("text", [
    "Checkout crashed twice on the first day of the sale. Great planning 👏👏",
    "Card payments failing all morning, superb job 👏",
])
def test_applause_at_a_fault_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Thank you for fixing the outage so quickly 👏👏",
    "Amazing show tonight, the band was on fire 👏👏",
])
def test_applause_for_a_fix_or_a_show_stays_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Programu ya benki haifunguki tangu jana usiku",
    "Nimepiga huduma kwa wateja mara tano, hakuna anayepokea",
    "Dah sejam aku call customer service, tak ada yang angkat",
    "I-app yebhange ayisebenzi kusukela izolo",
    "Shafin banki ya ki budewa tun jiya",
    "Die bank se app laai nie sedert gisteraand",
    "Aplikasyon bank lan pa mache depi yè swa",
])
def test_a_fault_in_the_words_that_had_no_entry_is_a_complaint(text: str) -> None:
    assert predict(text)[0] == "complaint"
