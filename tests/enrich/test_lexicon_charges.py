"""A complaint of a double charge, or one asking its money back, is negative in every language
(``bot.enrich.lexicon_charges``): the model read such complaints neutral or positive outside
the corpus's English, Spanish and German. The posts were written for these tests, not taken
from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher
from bot.enrich.features import prepare
from bot.enrich.lexicon_charges import charge_complaint
from tests.enrich.test_lexicon_plea import read


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


COMPLAINTS = [
    "On m'a facturé deux fois la livraison, je veux être remboursé",
    "Mi avete addebitato due volte l'abbonamento, rivoglio i miei soldi",
    "Qubo m'a prélevé deux fois l'abonnement ce mois-ci",
    "Remboursez-moi, la commande n'est jamais arrivée",
    "今月の料金が2回引き落とされた",
    "お金を返してください。商品が届きません",
    "Fui cobrado duas vezes pela mesma corrida",
    "Qubo pobrał mi opłatę dwa razy za to samo zamówienie",
    "С меня дважды списали оплату за подписку",
    "Qubo ödememi iki kez çekti",
    "이번 달 요금이 두 번 결제됐어요",
    "我的卡被扣款两次了",
    "Ik ben twee keer afgeschreven voor dezelfde rit",
    "Tagihan saya dipotong dua kali",
]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_a_double_charge_or_money_asked_back_is_a_negative_complaint(
        enricher: Enricher, text: str) -> None:
    assert charge_complaint(prepare(text).text)
    assert read(enricher, text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Qubo refunded the double charge within minutes, thanks!",  # put right
    "Qubo m'a remboursé le double prélèvement en une heure, merci",
    "Bank Nordva charged 40,000 customers twice, the regulator says",  # news, no "me"
    "with Qubo we got paid twice as fast as before",  # a comparison
    # "返金してもらえました" (I got refunded) held the demand "返金して" (refund me)
    "最初は不安でしたが、すぐに返金してもらえました。助かりました！",
    "ich habe zweimal auf den Knopf gedrückt",  # twice, no charge
    "Qubo charged me 3 times more than Velko for the same plan",  # a comparison
])
def test_no_charge_complaint_where_the_money_came_back_or_none_was_charged(text: str) -> None:
    assert not charge_complaint(prepare(text).text)


@pytest.mark.parametrize("text", [
    # read as positive praise: "money back", "Geld zurück", "remboursé" are the corpus's words
    # of a refund made, and the rule for charges changed only a complaint's polarity
    "I want my money back, Acme",
    "Ich will mein Geld zurück, Acme",
    "Je veux être remboursé, Acme",
    "Ho pagato due volte lo stesso biglietto, rimborsatemi",
])
def test_money_asked_back_is_no_praise(enricher: Enricher, text: str) -> None:
    assert read(enricher, text) == ("complaint", "negative")
