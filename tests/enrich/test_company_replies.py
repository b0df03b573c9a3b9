"""A company's own reply to a customer is `other` (bot/enrich/lexicon.py `company_reply`,
bot/enrich/lexicon_frames.py `COMPANY_VOICE`, bot/enrich/model.py `as_company_reply`). The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features, lexicon
from bot.enrich.corpus import load_corpus
from bot.enrich.model import encode, shipped_model

REPLIES = [
    "Hi Jo, we're sorry to hear that. Please DM us your booking reference and we'll look into it.",
    "Thanks so much for the kind words, we'll pass them on to the team!",
    "Hey Sam, our team is investigating the outage now. DM us if you still can't log in.",
    "Es tut uns leid! Schreib uns bitte per DM deine Kundennummer, wir kümmern uns.",
    "Nous sommes désolés pour l'attente. Envoyez-nous votre numéro de dossier en message privé.",
    "Lamentamos las molestias, Pablo. Escríbenos por privado y lo revisamos hoy mismo.",
    "Sentimos muito, Carla! Nos chame no privado com o CPF do titular que vamos verificar.",
    "Ci dispiace molto, Luca. Scrivici in privato con il codice della pratica.",
    "Vervelend om te horen! Stuur ons een DM met je klantnummer, dan kijken we ernaar.",
    "Przykro nam, Kasiu. Prosimy o wiadomość prywatną z numerem klienta, sprawdzimy to.",
    "Приносим извинения! Напишите, пожалуйста, номер договора в личные сообщения.",
    "Üzgünüz Mehmet Bey, müşteri numaranızı özel mesaj ile iletir misiniz?",
    "ご迷惑をおかけし申し訳ございません。DMにてお名前とご住所をお知らせください。",
    "불편을 끼쳐 죄송합니다. DM으로 예약번호 보내주시면 확인해 드리겠습니다.",
    "Tråkigt att höra! Skicka ett DM med ditt kundnummer så tittar vi på det.",
    "Mohon maaf atas ketidaknyamanannya, Kak. Silakan DM nomor rekening tujuan, tim kami bantu.",
]

CUSTOMERS = [
    # a customer's own words, though they share a word or two with a reply
    "Sorry to hear that, same thing happened to me with Acme last week",
    "DM me if you find a way to reach Acme support, I've tried everything",
    "Our team of 40 is looking for a CRM. Send us a quote for the business plan?",
    "Acme lost my parcel and nobody answers. Sent them a DM three days ago.",
    "Ich habe Acme per DM geschrieben, seit einer Woche keine Antwort",
    "Przykro mi, ale Acme to najgorszy operator w Polsce",
    # fake support: a reply's voice asking for a secret is phishing, the model's to read
    "Hi, Acme Support here 👋 Sorry for the trouble! Send us your PIN and card number by DM",
    "Mooie foto's! Meer bereik? Stuur ons een DM voor samenwerking 💸",
]


def reads_as_reply(text: str) -> bool:
    return lexicon.company_reply(features.prepare(text).text)


@pytest.mark.parametrize("text", REPLIES)
def test_a_company_reply_is_other(text: str) -> None:
    # before: its apology read as the author's complaint, its thanks as praise, and a request
    # for a DM as spam or a question
    assert reads_as_reply(text), text
    p = shipped_model().predict(text)
    assert p.intent == "other", (text, p)
    assert p.polarity != "negative", (text, p)


@pytest.mark.parametrize("text", CUSTOMERS)
def test_a_customer_post_is_not_a_company_reply(text: str) -> None:
    assert not reads_as_reply(text), text


def test_phishing_in_a_support_voice_keeps_the_models_answer() -> None:
    text = "Acme Support: sorry for the inconvenience, DM us your password to restore access"
    model = shipped_model()
    assert not reads_as_reply(text)
    assert model.predict(text) == model.predict_encoded(encode(text))


def test_no_corpus_post_reads_as_a_company_reply() -> None:
    """The corpus has no company replies: a post the rule took would change the held-out
    figures the weights were measured with."""
    taken = [p.text for p in load_corpus() if reads_as_reply(p.text)]
    assert taken == []
