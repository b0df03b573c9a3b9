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


# a customer speaking for her own team, of the DM she sent and of what she is looking into: the
# phrases a reply has too ("our team is", "in a DM", "we're looking into"), two of them and no
# phrase only a company writes; before, each was read as a company's reply (other, neutral)
TEAMS = [
    "Our team will cancel Acme next month. We're looking into alternatives, the app crashes daily.",
    "Our teams are stuck, nobody can log in since 9am. We are investigating if it's the VPN.",
    "Unser Team arbeitet seit drei Tagen nicht. Wir schauen uns nach Alternativen um.",
    "Nos équipes sont bloquées depuis ce matin, j'ai écrit en DM à Acme et rien.",
    "Nuestro equipo está sin servicio desde ayer y estamos revisando otras opciones. Pésimo.",
    "Nossa equipe está sem acesso há dois dias. Mandei no privado e ninguém respondeu.",
    "Il nostro team è bloccato da stamattina, ho scritto in privato ad Acme e niente.",
    "Ons team is er klaar mee, de app ligt weer plat. We kijken ernaar om over te stappen.",
    "Nasz zespół od rana nie może się zalogować. Jak nie naprawicie, zajmiemy się migracją.",
    "Наша команда третий день без доступа, писали в личку — тишина.",
    "Наша команда не може увійти, писали в приват — жодної відповіді.",
    "فريقنا لا يستطيع تسجيل الدخول منذ يومين، راسلتكم على الخاص ولا رد",
    "Tim kami sudah 3 hari tidak bisa login. Kalau tidak diperbaiki, langganan akan kami batalkan.",
    "הצוות שלנו לא מצליח להתחבר מהבוקר. כתבתי בפרטי ואין תשובה",
    "Vårt team är jättenöjda med Acme, vi tittar på att uppgradera till Business.",
    "DMで問い合わせたのに三日も返事がありません。至急ご連絡ください。",
    "私信了三次，没人回。我们会尽快换掉你们的服务。",
    "हमारी टीम दो दिन से लॉगिन नहीं कर पा रही, मैसेज करें तो कोई जवाब नहीं",
    "Náš tým nemůže pracovat, prověříme jiné dodavatele.",
    "Echipa noastră nu poate lucra de ieri. Verificăm alte variante.",
    "Csapatunk két napja nem tud belépni, privát üzenet ment, semmi válasz.",
    "Η ομάδα μας δεν μπορεί να συνδεθεί. Στείλαμε προσωπικό μήνυμα, τίποτα.",
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


# replies asking for a complaint's number: Polish "reklamacja" and German "Reklamation" begin
# like Turkish "reklam" (advert, a word of spam), which concept_hits knows for a lookalike
# (lexicon.LOOKALIKES); company_reply read them with a scan of its own that did not, and took
# the reply for spam in a company's voice (before: the model's complaint)
CLAIMS = [
    "Przykro nam, Kasiu. Prosimy o wiadomość prywatną z numerem reklamacji, sprawdzimy to.",
    "Przepraszamy za kłopot! Napisz do nas numer reklamacji, przekażemy sprawę dalej.",
    "Das tut uns leid! Schick uns bitte per DM deine Reklamationsnummer, wir kümmern uns.",
]


# a customer quoting the canned reply she got is complaining: what stands in quotation marks is
# not counted (before: other/neutral, the model's complaint overruled)
QUOTES = [
    "All Acme ever says is 'DM us'. I did, by DM, three times. Nothing.",
    'Acme support: "sorry to hear that, DM us". Every single time. Useless.',
    'Their answer to everything: "we\'re looking into it, DM us your order number". 3 weeks now.',
    'Die Antwort von Acme ist immer: "Schreib uns per DM". Seit Wochen keine Lösung.',
    "Acme: „Tut uns leid, schick uns eine DM“ – seit 5 Tagen keine Antwort.",
    "Ответ поддержки всегда один: «напишите нам в личные сообщения». Третий месяц без интернета.",
    "サポートの返事はいつも「DMにてお知らせください」だけ。もう一週間。",
]


@pytest.mark.parametrize("text", QUOTES)
def test_a_customer_quoting_the_reply_she_got_is_not_a_reply(text: str) -> None:
    model = shipped_model()
    assert not reads_as_reply(text), text
    # the model's intent stands (the rule reads a reply as `other`); its polarity may be
    # a weary or sarcastic complaint's (model.as_weary_complaint)
    assert model.predict(text).intent == model.predict_encoded(encode(text)).intent


def test_a_formula_and_phrases_a_customer_writes_too_are_a_reply() -> None:
    # SHARED_VOICE's phrases need a phrase only a company writes when they stand alone, not
    # beside a formula of a reply
    assert reads_as_reply("We apologise for the inconvenience. Our team is investigating, we "
                          "will look into your account today.")


@pytest.mark.parametrize("text", CLAIMS)
def test_a_reply_asking_for_a_complaints_number_is_a_reply(text: str) -> None:
    assert reads_as_reply(text), text
    assert shipped_model().predict(text).intent == "other"


@pytest.mark.parametrize("text", TEAMS)
def test_a_customer_speaking_for_her_team_is_not_a_company_reply(text: str) -> None:
    model = shipped_model()
    assert not reads_as_reply(text), text
    # the model's intent stands (the rule reads a reply as `other`), or a complaint's: "...
    # ninguém respondeu" says nobody answered (``lexicon_unanswered``); its polarity may be
    # a weary or sarcastic complaint's (model.as_weary_complaint)
    assert model.predict(text).intent in (model.predict_encoded(encode(text)).intent,
                                          "complaint")


def test_phishing_in_a_support_voice_keeps_the_models_answer() -> None:
    text = "Acme Support: sorry for the inconvenience, DM us your password to restore access"
    model = shipped_model()
    assert not reads_as_reply(text)
    # the model's intent stands (the rule reads a reply as `other`); its polarity may be
    # a weary or sarcastic complaint's (model.as_weary_complaint)
    assert model.predict(text).intent == model.predict_encoded(encode(text)).intent


def test_no_corpus_post_reads_as_a_company_reply() -> None:
    """The corpus has no company replies: a post the rule took would change the held-out
    figures the weights were measured with."""
    taken = [p.text for p in load_corpus() if reads_as_reply(p.text)]
    assert taken == []
