"""How goods fail and how people say nothing did (bot/enrich/lexicon_damage.py), the negation
rules around them and the questions asked without their mark (bot/enrich/lexicon.py). The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import opens_inverted
from bot.enrich.model import encode
from tests.enrich.reading import count, predict


@pytest.mark.parametrize("text", [
    "my new kettle is leaking from the base",
    "the rain jacket is peeling at the seams already",
    "Die Jacke ist nach zwei Wochen am Ärmel gerissen",
    "le store s'est déchiré dès la première semaine",
    "la maleta llegó con una rueda torcida",
    "a tampa da panela veio amassada",
    "il vaso è arrivato crepato",
    "de stoel wiebelt en de poot is verbogen",
    "czajnik przecieka od pierwszego dnia",
    "чайник протекает с первого дня",
    "ручка на дверцятах погнута",
    "tencerenin kapağı çatlak geldi",
    "桌子腿弯了，桌面还有划痕",
    "鍋の取っ手がぐらぐらする",
    "의자 다리에 흠집이 있어요",
    "الطاولة وصلت فيها خدوش",
    "कुर्सी का पाया टूटा हुआ आया",
    "kursinya datang sudah penyok",
    "stolen kom med repor i sitsen",
])
def test_damage_and_malfunction_are_faults(text: str) -> None:
    # before lexicon_damage none of these named a fault the lexicon knew
    assert count(text, "fault") > 0


def test_a_failure_without_a_complaint_word_is_a_complaint() -> None:
    # before: praise, other, other, other (the lexicon had no word for them), and the sofa
    # (the lead's example) praise
    for text in ("the bathroom tap at our Brixel flat is dripping and the grout is mouldy",
                 "Der Kühlschrank von Frostwerk ist undicht, unten steht Wasser",
                 "Il piumone si è strappato al primo lavaggio",
                 "Кроссовки облезли через месяц носки",
                 "the sofa ripped after a week"):
        intent, polarity = predict(text)
        assert intent == "complaint" and polarity != "positive", text


def test_hedged_and_understated_praise_is_praise() -> None:
    # before: other, complaint, complaint, praise, praise, complaint
    for text in ("honestly pretty decent for the money, does the job",
                 "ganz gut eigentlich, tut was es soll",
                 "c'est plutôt bien pour le prix",
                 "całkiem spoko ta apka, daje radę",
                 "還不錯啦，夠用",
                 "このアプリ、悪くないね"):
        assert count(text, "positive") > 0, text
        assert predict(text) == ("praise", "positive"), text


def test_a_phrase_of_praise_is_counted_once_and_not_turned_again() -> None:
    assert (count("kötü değil", "positive"), count("kötü değil", "negative")) == (1, 0)
    assert count("kötü değil", "negation") == 0
    # "hiç" (at all) before "fena değil" (not bad) stresses it: it was turned into a complaint
    assert (count("hiç fena değil", "positive"), count("hiç fena değil", "negative")) == (1, 0)


def test_a_negated_trouble_word_is_praise_and_fixing_one_is_not() -> None:
    for text in ("three months in and never had an issue with deliveries",
                 "zero hiccups since we switched",
                 "Jamais eu de souci avec leur service",
                 "Nunca tuve ningún problema con ellos",
                 "Nigdy nie mieliśmy żadnych problemów z dostawą"):
        assert count(text, "positive") > 0 and count(text, "trouble") == 0, text
        assert count(text, "negation") == 0, text
    for text in ("the update didn't fix the issue", "Nobody solved my problem",
                 "still the same problem after the repair"):
        assert count(text, "trouble") > 0 and count(text, "positive") == 0, text
    # before: a complaint, and praise felt as negative
    for text in ("zero hiccups since we switched", "Jamais eu de souci avec leur service"):
        assert predict(text) == ("praise", "positive"), text


def test_a_verb_before_its_subject_asks_without_the_mark() -> None:
    for text in ("is the pool open on weekends", "does Parcelo deliver on sundays",
                 "@gridline can I pay the water bill in cash", "Ist die Praxis montags offen",
                 "har ni öppet på lördag"):
        assert opens_inverted(features.prepare(text).text), text
        assert encode(text).cues[features.CUES.index("question")] == 1.0, text
    for text in ("is down again", "will never order again", "Do not buy this sofa",
                 "my order did not arrive"):
        assert not opens_inverted(features.prepare(text).text), text
    # before: a complaint and praise
    for text in ("is the pharmacy on Main St open late", "does Parcelo deliver on sundays"):
        assert predict(text)[0] == "question", text


def test_entries_that_were_other_words_are_not_cues() -> None:
    # word starts matched in every post: Turkish "medi" (a negation suffix) was found in
    # "MediPlus", "hiç" in "hiccups", "claim" (claim your prize) in an insurance claim, the
    # business entry "erp" of Chinese and Thai in "Zekerpolis", German "coin" in "coincée",
    # Portuguese "trava" in French "travaux", Polish "osób" in "osobisty", Dutch "vet" (cool)
    # in Swedish "vet någon" (does anyone know) and English "vet"
    for text, concept in (("the MediPlus clinic and the media", "negation"),
                          ("zero hiccups", "negation"),
                          ("my insurance claim is still pending", "spam_action"),
                          ("Al twee jaar bij Zekerpolis", "business"),
                          ("la fermeture est coincée", "spam_money"),
                          ("des travaux sur la ligne", "fault"),
                          ("mój dowód osobisty", "business"),
                          ("took the dog to the vet", "positive")):
        assert count(text, concept) == 0, (text, concept)
    for text, concept in (("gelmedi, hiç gelmedi", "negation"),
                          ("claim your prize now", "spam_action"),
                          ("真的yyds", "positive"), ("ERP 系统", "business"),
                          ("dla 40 osób", "business"), ("echt vet", "positive")):
        assert count(text, concept) > 0, (text, concept)


def test_a_quality_a_lead_asks_for_is_not_praise() -> None:
    # "reliable", "zuverlässig", "надёжный" were understated praise for a day: in the corpus
    # they are as often what a lead asks for
    for text in ("which courier is actually reliable for a small shop",
                 "Welcher Hoster ist zuverlässig und günstig?",
                 "Какая доставка надёжная для магазина?"):
        assert count(text, "positive") == 0, text


@pytest.mark.parametrize("text", [
    "Грузчики поцарапали новый шкаф при разгрузке",  # "поцарапан" only before v41
    "Kurirnya bikin meja makan saya patah jadi dua",
    "Pero yung customer service nila, ang bagal talaga",
])
def test_scratched_broken_and_slow_in_russian_indonesian_and_tagalog_are_faults(
        text: str) -> None:
    assert count(text, "fault") >= 1, text


@pytest.mark.parametrize("text", [
    # Indonesian and Malay idioms of "patah" (broken): heartbroken, discouraged, never give
    # up, turn back; and Russian "поцарапал" (he scratched) of a cat or one's own car
    "Lagi patah hati, dengerin lagu sedih sambil nunggu hujan reda",
    "Kursus Nimbly bikin aku nggak patah semangat belajar",
    "Tim Trenta pantang patah arang, paketnya akhirnya sampai",
    "Lepas simpang kedua, patah balik ke kiri dan kedai ada di sebelah bank",
    "Кот поцарапал ребёнка, пришлось ехать в травмпункт",
    "Сам поцарапал машину на парковке у торгового центра",
    # Tagalog "ang bagal" (so slow: a fault) of time dragging
    "Ang bagal ng oras ngayong Lunes, gusto ko nang umuwi",
])
def test_idioms_of_broken_and_a_scratch_of_ones_own_are_no_fault(text: str) -> None:
    assert count(text, "fault") == 0, text
