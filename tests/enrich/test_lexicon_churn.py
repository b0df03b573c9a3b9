"""A customer leaving names a fault in every language (bot/enrich/lexicon_churn.py), as English
"cancel" did. The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from tests.enrich.reading import predict


def faults(text: str) -> int:
    return concept_counts(features.prepare(text).text)[CONCEPT_NAMES.index("fault")]


@pytest.mark.parametrize("text", [
    "I'm closing my account with Acme after this",
    "Ich habe mein Acme-Abo gekündigt",
    "Je résilie mon forfait Acme demain",
    "Me doy de baja de Acme este mes",
    "Vou cancelar minha conta na Acme",
    "Ho disdetto il contratto con Acme",
    "Ik ga mijn Acme abonnement opzeggen",
    "Jag säger upp Acme i morgon",
    "Jeg opsiger Acme nu",
    "Irtisanoin Acmen sopimuksen",
    "Ruším smlouvu s Acme",
    "Lemondom az Acme csomagot",
    "Reziliez contractul cu Acme",
    "Ακυρώνω το Acme",
    "ביטלתי את Acme",
    "Saya berhenti langganan Acme bulan ini",
    "Nak batalkan langganan Acme",
    "Nimesitisha huduma ya Acme",
    "Отменяю подписку Acme",
    "Rezygnuję z Acme",
    "Acme 退订了",
    "Acme 인터넷 해지했어요",
    "Acme 해지 신청 어떻게 하나요",
    "Wypowiedziałem umowę z Acme",
    "Я отписался от рассылки Acme",
    "Aboneliğimi sonlandırdım, Acme yeter",
])
def test_cancelling_names_a_fault(text: str) -> None:
    # before: in these languages a cancellation named no fault, and such posts came out
    # `other`, or praise when they said it was "not worth it"
    assert faults(text) > 0, text


@pytest.mark.parametrize("text", [
    "Acme kündigt an, 200 Stellen zu schaffen",  # announces
    "Ik zeg mijn mening over Acme",  # I say my opinion
    "Acme opens an office in Peru",
    "We are leaving for Lisbon with Acme tomorrow",
    # features v16: words that begin as a cancel entry did (Korean "-해지다" is "become")
    "Acme 새 요금제가 익숙해지면 괜찮을 것 같아요",  # once I get used to the new plan
    "Acme 앱이 점점 유명해지는 것 같네요",  # the app is getting famous
    "Acme мне быстро отписал в поддержке",  # wrote back to me
    "Jego wypowiedzią o Acme się nie przejmuję",  # his statement
    "Aboneliğimi yeniledim, Acme iyi",  # I renewed my subscription
    "Promiňte, že ruším, má někdo Acme?",  # sorry to disturb
])
def test_words_that_only_look_like_leaving(text: str) -> None:
    assert faults(text) == 0, text


@pytest.mark.parametrize("text", [
    # features v80 (NEVER_AGAIN): leaving said without a subscription to end; each read
    # `other` (the Spanish "acaba de perder" a question) before
    "Nunca mais compro na Zuvo",
    "Mai più con questa compagnia, Acme",
    "Nunca más le compro a Acme",
    "A Acme acabou de perder um cliente",
    "Acme acaba de perder un cliente",
])
def test_never_buying_again_is_a_complaint(text: str) -> None:
    assert faults(text) > 0, text
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Mai più da solo: Acme lancia il piano famiglia",  # never alone again
    "Sexta-feira, vendo passagens para Lisboa que nunca vou comprar haha",
])
def test_never_again_that_is_no_leaving(text: str) -> None:
    assert faults(text) == 0, text
