"""A card or a payment refused at a till, which the lexicon's words of fault had no entry for
(``lexicon_declined``): the dev half of ``tests/fixtures/enrich_review9_labelled.jsonl``
(2026-12-07) read such posts in English, Danish, Finnish, Malay and Taglish as ``other`` or
praise. The sentences were written for the class, not taken from the file; beside them, a
refusal that is no card's ("declined to comment", "declined the invitation"), a refusal
negated and a question stay what the model reads."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_declined import card_declined
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "my Veltro card got declined at the pharmacy with money in the account",
    "Kortet mitt ble avvist i kassa i dag, Veltro",
    "Kortet nekades i kassan igen, Veltro",
    "Veltro-kortti hylättiin taas ruokakaupassa",
    "Kad Veltro saya ditolak masa bayar di kedai runcit",
    "na-decline ulit yung Veltro card ko sa grocery",
    "Η κάρτα της Veltro απορρίφθηκε στο σούπερ μάρκετ",
    "Moje karta Veltro byla zamítnuta v obchodě",
])
def test_a_card_refused_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "card declined at the petrol station",
    "Mit kort blev afvist i butikken",
    "Korttini hylättiin kaupassa",
    "הכרטיס שלי נדחה בקופה",
    "Thẻ của tôi bị từ chối ở siêu thị",
    "Karte wurde schon wieder abgelehnt",
    "ma carte a été refusée au péage",
    "Minha compra no cartão foi recusada",
    "Картку відхилено в магазині",
    "信用卡在国外被拒了",
    "カードが通らない",
    "บัตรถูกปฏิเสธ",
    "카드 결제가 거절됐어요",
])
def test_the_refusal_is_found(text: str) -> None:
    assert card_declined(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Veltro declined to comment on the card fraud report",
    "my Veltro card has never been declined abroad",
    "the card wasn't declined, the till was just slow",
    "Kortet blev ikke afvist, det var terminalen",
    "she declined the invitation to the Veltro launch",
    "I declined. The new card arrived today",
    "my grandad pays every bill at the post office counter and refuses apps",
    "the insurance claim was rejected",
])
def test_no_refused_card(text: str) -> None:
    assert not card_declined(features.prepare(text).text)


def test_a_question_stays_one() -> None:
    assert predict("what happens if my Veltro card gets declined at the hotel?")[0] == "question"
