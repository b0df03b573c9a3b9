"""Intensifiers (bot/enrich/intensifiers.py) and the plain words of trouble and feeling the
lexicon lacked (bot/enrich/lexicon_plain.py): "very bad" is a complaint in every language. The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.intensifiers import intensified
from bot.enrich.lexicon import CONCEPT_NAMES, accented_twins, concept_hits, concept_tally
from tests.enrich.reading import count, predict

NEGATIVE, POSITIVE, FAULT = (CONCEPT_NAMES.index(n) for n in ("negative", "positive", "fault"))


def counted(text: str) -> dict[str, int]:
    folded = features.prepare(text).text
    hits = intensified(folded, concept_hits(folded, accented_twins(text, folded), text),
                       (NEGATIVE, POSITIVE, FAULT))
    counts = concept_tally(hits)
    return {CONCEPT_NAMES[c]: n for c, n in enumerate(counts) if n}


@pytest.mark.parametrize(("text", "concept"), [
    ("the app is really slow", "fault"),
    ("hizmet çok kötü", "negative"),  # before the word
    ("der Service ist sehr schlecht", "negative"),
    ("服务非常烂", "negative"),  # glued, no space
    ("서비스가 너무 별로예요", "negative"),
    ("الخدمة سيئة جدا", "negative"),  # after the word, past its ending
    ("บริการแย่มาก", "negative"),  # after, glued
    ("o app está lento demais", "fault"),
    ("the staff were extremely helpful", "positive"),
])
def test_an_intensifier_counts_its_word_once_more(text: str, concept: str) -> None:
    assert counted(text)[concept] == 2, counted(text)


@pytest.mark.parametrize("text", [
    "hizmet kötü",  # no intensifier
    "very much a bad idea",  # not next to the word
    "so, bad news first",  # a comma between
    "tooth pain is bad",  # "too" is no word of its own here
])
def test_a_word_without_an_intensifier_beside_it_counts_once(text: str) -> None:
    assert counted(text).get("negative") == 1, counted(text)


def test_an_intensifier_that_is_itself_praise_strengthens_and_does_not_praise() -> None:
    # "super" is a word of praise in French, German, Polish and Turkish
    assert counted("support is super unhelpful") == {"negative": 2}
    # before a word of no concept it is the praise it was ("danke" is praise and thanks)
    assert counted("Super Service, danke") == {"positive": 2, "thanks": 1}


@pytest.mark.parametrize("text", [
    # before: praise or positive, neutral or other (one read right, the control)
    "hizmet çok kötü",
    "uygulama çok yavaş",
    "kargo çok geç geldi",
    "dostawa bardzo opóźniona",
    "服务非常差",
    "这个app非常慢",
    "快递太慢了",
    "서비스가 너무 별로예요",
    "배송이 너무 늦어요",
    "الخدمة سيئة جدا",
    "التطبيق بطيء جدا",
    "die App ist extrem langsam",
    "l'appli est super lente",
    "o app está muito lento",
    "приложение очень медленное",
    "сервіс дуже поганий",
    "додаток дуже повільний",
    "the app is really slow",
    "support is super unhelpful",
    "le service est très mauvais",
])
def test_a_very_bad_service_is_a_negative_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "hizmet çok iyi",
    "der Service ist sehr freundlich",
    "el servicio es muy bueno",  # before: a negative complaint ("muy" of the corpus's sarcasm)
    "o atendimento é muito bom",
    "сервис очень удобный",
    "obsługa jest bardzo miła",
    "服务非常好",
    "서비스가 너무 좋아요",
    "บริการดีมาก",
    "الخدمة ممتازة جدا",
    "support was super helpful",
])
def test_a_very_good_service_is_still_positive_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize(("text", "concept"), [
    ("the checkout is slow again", "fault"),
    ("die Seite lädt so langsam", "fault"),
    ("la web va lenta", "fault"),
    ("приложение медленно грузится", "fault"),
    ("uygulama yavaş", "fault"),
    ("快递很慢", "fault"),
    ("support was unhelpful", "negative"),
    ("el servicio es malo", "negative"),
])
def test_plain_words_of_trouble_are_found(text: str, concept: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize("text", [
    "I lent him my charger",  # English "lent", not French "lent"
    "nie wolno tu parkować",  # Polish: not allowed
    "慢走，欢迎再来",  # goodbye
    "bueno, te cuento mañana",  # Spanish discourse "well"
    "mam mało czasu",  # Polish "little", folded "malo"
])
def test_their_other_words_are_not(text: str) -> None:
    assert count(text, "fault") == count(text, "negative") == count(text, "positive") == 0, text


def test_a_turkish_bad_is_no_polish_cat() -> None:
    # Polish "kot" (of "my cat") began Turkish "kötü" (bad), folded "kotu"
    assert count("hizmet kötü", "family") == 0
    assert count("mój kot jest chory", "family") == 1


@pytest.mark.parametrize("text", [
    "I have been waiting on hold for an hour",
    "still on hold with Acme, 50 minutes now",
    "hänge seit 40 Minuten in der Hotline von Acme",
    "mis en attente depuis 30 minutes",
    "вишу на линии уже полчаса",
    "排队等了一个小时还没人接",
])
def test_a_call_centre_queue_is_a_negative_complaint(text: str) -> None:
    # before lexicon_plain.HOLD the first read as praise, and five of six named no fault
    assert count(text, "fault") >= 1
    assert predict(text) == ("complaint", "negative")


def test_a_project_on_hold_is_no_fault() -> None:
    assert count("the project is on hold until spring", "fault") == 0


@pytest.mark.parametrize("text", [
    "le service est pas terrible",  # before: praise, "terrible" turned by the negation
    "franchement pas terrible ce nouveau menu",
    "nicht gut, Acme",
    "the app is not good",
    "hizmet iyi değil",
    "hizmet çok iyi değil",
    "сервис не очень хороший",
    "Acme não é bom, o app trava toda hora",
    # Chinese writes the negation as a word of its own, so "很好" and "太好" inside these
    # counted as praise (features v76): the first three read positive praise
    "客服不是很好，等了很久",
    "这个服务不太好",
    "服务不是太好",
    "고객센터가 안 좋아요",  # read neutral
])
def test_good_negated_is_a_negative_complaint(text: str) -> None:
    assert count(text, "positive") == 0, text
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", ["真的不推荐", "这家公司不靠谱", "这个服务不太好"])
def test_a_chinese_word_of_complaint_that_holds_its_negation_holds_no_praise(text: str) -> None:
    # "不推荐" (do not recommend) counted the praise of its "推荐" (recommend) too, as
    # "不靠谱" (unreliable) its "靠谱" (features v76)
    assert count(text, "negative") == 1, text
    assert count(text, "positive") == 0, text


@pytest.mark.parametrize("text", ["not bad at all, Acme", "nicht schlecht, Acme"])
def test_bad_negated_is_still_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize(("text", "want"), [
    # Czech "špatný" (bad) and Swedish "jättedålig" (very bad, one word) were no entries:
    # both read as other or praise (features v74)
    ("služba je velmi špatná", ("complaint", "negative")),
    ("kundtjänsten är jättedålig", ("complaint", "negative")),
    # Dutch thanks to a group, "dank jullie", were no thanks
    ("super snelle levering, dank jullie", ("praise", "positive")),
    # how long one has waited, in days or weeks by name (lexicon_tickets.WAITING, features
    # v75): read neutral, and other
    ("aspetto il rimborso da due settimane", ("complaint", "negative")),
    ("de app werkt al twee dagen niet", ("complaint", "negative")),
])
def test_plain_words_of_languages_without_corpus_posts(text: str, want: tuple[str, str]) -> None:
    assert predict(text) == want


@pytest.mark.parametrize(("text", "concept"), [
    # features v77: read as positive praise, and as other
    ("Love waiting 3 hours on hold with Acme. Said no one ever", "sarcasm"),
    ("what a mess, Acme", "negative"),
])
def test_english_sarcasm_and_a_mess_are_complaints(text: str, concept: str) -> None:
    assert count(text, concept) >= 1
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    # hours of waiting count as a wait told in days does (lexicon_tickets.WAITING, features
    # v78): read neutral, positive and neutral
    "3 hours waiting at the Acme store, unbelievable",
    "Dos horas esperando en la tienda de Acme",
    "Trois heures d'attente au service client Acme",
])
def test_hours_of_waiting_are_negative(text: str) -> None:
    assert count(text, "again") >= 1
    assert predict(text)[1] == "negative"


@pytest.mark.parametrize("text", [
    # features v79: "wouldn't", "haven't", "couldn't", "aren't", "weren't" and "shouldn't"
    # negate what follows as "don't" does; "I wouldn't recommend" read as praise
    "I wouldn't recommend Acme to my worst enemy",
    "Honestly wouldn't recommend Acme, the app is a mess",
    # a fix that has not come is a fault, and its "fixed" no word of a fix: read as praise
    "Can't believe Acme still hasn't fixed the sync bug",
    "Two weeks and the Acme login issue has not been resolved",
    # a complaint's idiom
    "Acme, you had one job",
])
def test_a_fix_or_a_recommendation_negated_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    # "can't fault", "nichts zu meckern": praise said with a negation (read as complaints)
    "Can't fault Zuvo, everything arrived on time",
    "Nichts zu meckern, Acme läuft einwandfrei",
])
def test_nothing_to_fault_is_praise(text: str) -> None:
    assert count(text, "positive") >= 1
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Can't recommend Acme enough, best purchase this year",
    "Acme fixed it within the hour, thank you",
    "The Acme team sorted it out the same day",
])
def test_praise_beside_the_new_negations_stays_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    # features v83: questions without their mark; read `other`, `praise`/`positive` (Italian
    # "come" read as nothing, its "password" a word of phishing) and `other`
    "any way to get a refund for an unused acme gift card",
    "come cambio la password di Acme",
    "Acme buka jam berapa hari minggu",
])
def test_questions_without_their_mark(text: str) -> None:
    assert count(text, "question") >= 1
    assert predict(text) == ("question", "neutral")


@pytest.mark.parametrize("text", [
    # features v84: a wait told in months (or "des semaines", "都一个月"); each read as a
    # question asking for news of one's case
    "Acme où est mon remboursement ??? ça fait un mois",
    "Acme dónde está mi reembolso??? ya pasó un mes",
    "Acme我的退款呢？？？都一个月了",
])
def test_a_wait_of_a_month_is_a_complaint(text: str) -> None:
    assert count(text, "again") >= 1
    assert predict(text)[0] == "complaint"
