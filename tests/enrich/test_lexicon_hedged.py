"""Entries of sarcasm sincere in most posts ("can't wait to", "спасибо за", "дякую за",
"ขอบคุณที่", "valeu") are sarcasm only beside something wrong (bot.enrich.lexicon_hedged,
features v69): eagerness and thank-yous stay what they say. The posts are not from any
measured set; they were written before the change was run."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher
from bot.enrich.features import prepare
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts

SARCASM = CONCEPT_NAMES.index("sarcasm")
FAULT = CONCEPT_NAMES.index("fault")
NEGATION = CONCEPT_NAMES.index("negation")


def counts(text: str) -> list[int]:
    return concept_counts(prepare(text).text)


EAGER = [
    "can't wait to try the new release!",
    "cant wait to see you at the conference",
    "Kuvio's new offline mode drops Friday, I can't wait to use it on my commute",
    "Booked our trip with Railvo for June, can't wait to see Lisbon!",
    "can't wait for the winter menu 😍",
    "Mal posso esperar pra testar o novo app da Kuvio!",
    "a Kuvio lança o modo escuro amanhã, mal posso esperar",
    "Kann's kaum erwarten, die neue Kuvio-App auszuprobieren!",
    "Non vedo l'ora di provare la nuova versione di Kuvio!",
    "Kan niet wachten om de nieuwe Kuvio app te proberen!",
    "No veo la hora de probar la nueva versión de Kuvio",
    "Nie mogę się doczekać nowej wersji aplikacji Kuvio!",
    "Не могу дождаться новой версии Kuvio!",
]


@pytest.mark.parametrize("text", EAGER)
def test_eagerness_is_no_sarcasm_nor_fault(text: str) -> None:
    found = counts(text)
    assert found[SARCASM] == 0, text
    # the "can't" of "can't wait", the "no" of "no veo la hora" go with it
    assert found[FAULT] == 0 and found[NEGATION] == 0, text


@pytest.mark.parametrize("text", [
    "can't wait to spend another hour on hold with Kuvio support",
    "Oh can't wait to pay 20% more for the same broken app next month",
    "Kettlo delayed my order a third time. Can't wait to see what excuse they come up with now",
    "Pedido atrasado de novo. Mal posso esperar pela próxima desculpa da Kuvio",
    "Kann's kaum erwarten, wieder zwei Stunden in der Kuvio-Hotline zu hängen",
    "Non vedo l'ora di passare un'altra ora in attesa con l'assistenza Kuvio",
    "Kan niet wachten om weer een uur in de wacht te staan bij Kuvio",
    "No veo la hora de pasar otra hora en espera con el soporte de Kuvio",
])
def test_eagerness_beside_something_wrong_is_sarcasm(text: str) -> None:
    assert counts(text)[SARCASM] > 0, text


@pytest.mark.parametrize("text", [
    "спасибо за быструю помощь, Kuvio!",
    "Спасибо за отличный сервис и вежливого курьера",
    "Спасибо за новую функцию, очень удобно",
    "Дякую за швидку допомогу, Kuvio, все працює",
    "Kuvio, дякую за новий тариф, дуже вигідно",
    "ขอบคุณที่ช่วยแก้ปัญหาให้เร็วมากค่ะ Kuvio",
    "Sağ olun Kuvio, siparişim erken geldi",
    "Valeu Kuvio, chegou rapidinho",
])
def test_sincere_thanks_are_no_sarcasm(text: str) -> None:
    assert counts(text)[SARCASM] == 0, text


@pytest.mark.parametrize("text", [
    "Kuvio, спасибо за очередной сбой в пятницу вечером",
    "Спасибо за то, что опять списали деньги дважды, Kuvio",
    "Дякую за чергову затримку доставки, Kuvio",
    "ขอบคุณที่ทำพัสดุหายอีกแล้วนะ Kuvio",
    # another entry of sarcasm beside it
    "спасибо за такой сервис 🙄",
])
def test_thanks_beside_something_wrong_stay_sarcasm(text: str) -> None:
    assert counts(text)[SARCASM] > 0, text


@pytest.mark.parametrize("text", [
    "can't wait to try the new release!",
    "Kuvio's new offline mode drops Friday, I can't wait to use it on my commute",
    "Booked our trip with Railvo for June, can't wait to see Lisbon!",
    "Mal posso esperar pra testar o novo app da Kuvio!",
])
def test_the_model_reads_no_complaint_in_eagerness(text: str) -> None:
    assert Enricher().model.predict(text).intent != "complaint", text


@pytest.mark.parametrize("text", [
    "can't wait to spend another hour on hold with Kuvio support",
    "Kettlo delayed my order a third time. Can't wait to see what excuse they come up with now",
])
def test_the_model_reads_sarcastic_eagerness_as_a_complaint(text: str) -> None:
    assert Enricher().model.predict(text).intent == "complaint", text
