"""Thanks for a failure or a wait are sarcasm in any language (bot.enrich.clauses.
_thanks_for_a_failure, features v66), as thanks for a run of failures are; sincere thanks for a
fix, a refund or fast work stay thanks. The posts are not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.clauses import sarcasm_marks
from bot.enrich.lexicon import concept_hits
from bot.enrich.model import Prediction, as_sarcastic_complaint, as_weary_complaint
from tests.enrich.reading import predict

SARCASM = features.CUES.index("concept:sarcasm")


def sarcastic(text: str) -> bool:
    folded = features.prepare(text).text
    return bool(sarcasm_marks(folded, text, concept_hits(folded, None, text)))


@pytest.mark.parametrize("text", [
    "gracias por la aventura de esperar 3 semanas por mi pedido, Kuvio",
    "obrigado viu, pelo atraso de 2 semanas",
    "cảm ơn vì đã làm mất đơn của tôi",
    "merci Kuvio pour l'attente de trois semaines",
    "obrigado pela espera de um mês, Kuvio",
    "dzięki Kuvio za trzy tygodnie czekania",
    "grazie per l'attesa di tre settimane, Kuvio",
    "thanks for the 3 week wait Kuvio",
    "@kuvio danke für das lange Warten auf meine Bestellung",
])
def test_thanks_for_a_failure_or_a_wait_is_sarcasm(text: str) -> None:
    assert sarcastic(text), text
    # the mark reaches the model's sarcasm cue, not only sarcasm_marks
    assert features.cues(text, features.prepare(text))[SARCASM] > 0, text


@pytest.mark.parametrize("text", [
    "gracias Kuvio por arreglar mi pedido tan rápido",
    "merci Kuvio pour le remboursement rapide",
    "obrigado Kuvio por resolver o problema do atraso",
    "dzięki Kuvio za szybki zwrot pieniędzy",
    "cảm ơn Kuvio vì đã giao hàng nhanh",
    "danke Kuvio, die Erstattung kam heute an",
    "thanks Kuvio for fixing the delay so quickly",
    "obrigado pela ajuda, o atraso foi resolvido",
    "thanks for the wait, totally worth it, the cake was amazing",
    "thanks again, the delay was only a day",
    # not opening the post: a story, then thanks
    "my order was three weeks late. I wrote to them and they said thanks for waiting",
])
def test_sincere_thanks_stay_thanks(text: str) -> None:
    assert not sarcastic(text), text


@pytest.mark.parametrize("text", [
    "gracias por la aventura de esperar 3 semanas por mi pedido, Kuvio",
    "merci Kuvio pour l'attente de trois semaines",
    "dzięki Kuvio za trzy tygodnie czekania",
    "obrigado viu, pelo atraso de 2 semanas",
])
def test_the_model_reads_them_as_complaints(text: str) -> None:
    prediction = Enricher().model.predict(text)
    assert prediction.intent == "complaint", text


def test_an_entry_of_sarcasm_is_not_marked_again() -> None:
    """"merci pour rien", "danke für nix" are entries of ``sarcasm``: no second mark."""
    for text in ("merci pour rien Kuvio", "Danke für nix @Nordflug. Flug gestrichen"):
        folded = features.prepare(text).text
        assert len(sarcasm_marks(folded, text, concept_hits(folded, None, text))) == 0, text


@pytest.mark.parametrize("text", [
    # thanks for the patience of whom they answer: a company's reply (features v67)
    "Thanks for waiting, the new router is on its way to you.",
    "thank you so much for waiting, we have credited your account",
    "Grazie per l'attesa, la pratica è stata aperta.",
    "Dziękujemy za oczekiwanie, zwrot został zlecony.",
    "Danke fürs Warten! Der Techniker kommt morgen.",
    "Спасибо за ваше ожидание, специалист уже подключился.",
    "Gracias por la espera, su pedido sale hoy.",
    # a wait that was none, was looked forward to, or was worth it
    "thanks Kuvio, can't wait for the winter menu",
    "Merci Kuvio, sans attente au guichet aujourd'hui",
    "Dzięki, bez czekania tym razem, kurier był od razu",
    "thanks Kuvio, so worth the wait!",
])
def test_thanks_for_whom_waited_or_for_no_wait_stay_thanks(text: str) -> None:
    assert not sarcastic(text), text


@pytest.mark.parametrize("text", [
    # a wait that is named, measured or qualified stays a complaint's
    "Thanks for the long wait Kuvio, really something",
    "thanks for making me wait 3 hours for a cold pizza",
    "obrigado pela espera de 40 minutos na linha, Kuvio",
    "Grazie Kuvio per l'attesa infinita al telefono",
    "thanks for waiting 2 hours Kuvio",
])
def test_a_qualified_wait_is_still_sarcasm(text: str) -> None:
    assert sarcastic(text), text


@pytest.mark.parametrize("text", [
    "Thanks for waiting, your parcel has been handed to the courier.",
    "Danke fürs Warten! Ihr Paket wurde heute verschickt.",
    "Thanks Kuvio, can't wait for the offline mode!",
])
def test_the_model_reads_no_complaint_in_them(text: str) -> None:
    prediction = Enricher().model.predict(text)
    assert prediction.intent != "complaint", text


@pytest.mark.parametrize("text", [
    # thanks for news of the failure, not for the failure (features v70)
    "thanks for letting us know the outage is fixed",
    "Thanks for the heads-up about the delay, appreciate the honesty",
    "Danke für die Info zur Verspätung, gut zu wissen",
    "Gracias por avisar de la caída del servicio, ya funciona todo",
    "Merci de nous avoir prévenus de la panne",
    "Obrigado por avisar sobre o atraso, Kuvio",
    "Спасибо, что предупредили о сбое заранее",
    "Dzięki za info o awarii, już działa",
    "Grazie per l'avviso sul ritardo del treno",
    "thanks for warning us about delays",
    "Merci pour l'info sur la panne",
    "Obrigado pelo aviso do atraso",
    "Grazie per aver spiegato il ritardo",
])
def test_thanks_for_news_of_a_failure_stay_thanks(text: str) -> None:
    assert not sarcastic(text), text


@pytest.mark.parametrize("text", [
    # the failure itself, news not given, a failure before the news, a repeat beside it
    "Thanks Kuvio for the outage during my demo",
    "Gracias por no avisar del retraso, Kuvio",
    "Obrigado por cancelar meu pedido sem aviso, Kuvio",
    "thanks for the heads-up about yet another outage",
    "thanks for telling me it failed again",
])
def test_thanks_for_the_failure_itself_stay_sarcasm(text: str) -> None:
    assert sarcastic(text), text


@pytest.mark.parametrize("text", [
    "Danke für die Info zur Verspätung, gut zu wissen",
    "Gracias por avisar de la caída del servicio, ya funciona todo",
])
def test_the_model_reads_thanks_for_news_as_praise(text: str) -> None:
    assert Enricher().model.predict(text).intent == "praise", text


@pytest.mark.parametrize("text", [
    # a complaint read positive with a word of sarcasm or of contrast is negative
    # (model.as_sarcastic_complaint, 2026-12-05): read complaint/positive before
    "I love how Acme always finds new ways to charge me more",
    "The new Acme dashboard is beautiful, I'll give them that, but it takes 12 seconds to "
    "load and half the filters don't work anymore.",
    # a complaint read neutral that tells of a repeat or a wait is negative
    # (model.as_weary_complaint): read complaint/neutral before
    "Acme app keeps crashing, see screenshot https://t.co/Xy7pQ2",
    "Acme still hasn't answered, ticket https://help.acme.com/requests/88213",
])
def test_a_sarcastic_mixed_or_weary_complaint_is_negative(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


def test_a_weary_complaint_is_as_sure_as_its_neutral_was() -> None:
    read = Prediction("complaint", 0.7, (0.7, 0.1, 0.1, 0.05, 0.03, 0.02), "neutral", 0.6,
                      (0.3, 0.6, 0.1))
    weary = as_weary_complaint(read)
    assert (weary.polarity, weary.polarity_confidence) == ("negative", 0.6)
    assert weary.polarity_probabilities == (0.6, 0.3, 0.1)


def test_sarcasm_turns_the_feeling_the_model_read() -> None:
    read = Prediction("complaint", 0.7, (0.7, 0.1, 0.1, 0.05, 0.03, 0.02), "positive", 0.8,
                      (0.05, 0.15, 0.8))
    turned = as_sarcastic_complaint(read)
    assert (turned.intent, turned.polarity) == ("complaint", "negative")
    assert turned.polarity_probabilities == (0.8, 0.15, 0.05)
    assert turned.polarity_confidence == 0.8
    assert turned.polarity_score == pytest.approx(-0.75)


@pytest.mark.parametrize(("text", "want"), [
    # a post read other/negative with a word of complaint and none of news is a complaint
    # (model.blame_not_news, 2026-12-05): read other/negative before
    ("Qué vergüenza lo de Acme", ("complaint", "negative")),
    # bad news stays news
    ("Acme fined €2M for misleading ads", ("other", "negative")),
    ("Acme to cut 500 jobs", ("other", "negative")),
])
def test_blame_read_other_is_a_complaint_and_news_stays_news(
        text: str, want: tuple[str, str]) -> None:
    assert predict(text) == want
