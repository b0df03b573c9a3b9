"""A company's move told as news (bot/enrich/lexicon_arrival.py, lexicon.company_move: it arrives
in a city, opens a store, names a chief) is other and neutral; with a word of how the author
feels, bad news beside it, an amount, a question or an emoji it is more, and the model reads
it. The sentences were written for these tests, not taken from a labelled set (the rule came
from the dev halves of tests/data/blind_mixed15.tsv and blind_mixed16.tsv)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.enrich import Correction, Enricher, features
from bot.enrich.lexicon import company_move


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


# each read as a complaint, as praise or with a feeling before the rule (2026-12-05)
@pytest.mark.parametrize(("language", "text"), [
    ("pl", "Velora wchodzi do Wrocławia od marca"),
    ("vi", "Velora chính thức hoạt động tại Hải Phòng từ tháng 3"),
    ("vi", "Velora chính thức có mặt tại Cần Thơ"),
    ("en", "Velora opens its first store in Galway on Saturday"),
    ("en", "Velora names Priya Raman as its new CEO"),
    ("it", "Velora apre un nuovo punto vendita a Verona, previste 40 assunzioni"),
    ("nl", "Velora komt naar Eindhoven"),
    ("ko", "Velora, 다음 달 대전 진출"),
    ("tr", "Velora, Antalya'da hizmet vermeye başlıyor"),
    ("es", "Velora abre su primera tienda en Sevilla"),
    # a product or a plan launched (lexicon_arrival.LAUNCHES): each read as a complaint or
    # with a feeling before those phrases (2026-12-05); a price or a product's parts beside
    ("en", "Kasko unveils the K7 phone with a 5,000 mAh battery, priced from $349"),
    ("it", "Kasko presenta il nuovo aspirapolvere con batteria da 60 minuti, da 199 euro"),
    ("it", "Kasko lancia la nuova macchina del caffè con display, a 249 euro"),
    ("pl", "Kasko prezentuje nowy czajnik z wyświetlaczem, cena od 299 zł"),
    ("ja", "Kasko、新型ロボット掃除機を5月1日に発売。価格は49,800円"),
    ("tr", "Kasko yeni kahve makinesini tanıttı, fiyatı 4.499 TL'den başlıyor"),
    ("nl", "Kasko lanceert een nieuwe stofzuiger met een accu van 60 minuten"),
    ("vi", "Kasko giới thiệu máy hút bụi mới với giá từ 4 triệu đồng"),
    # the phrases of Czech, Romanian, Hungarian, Greek and Hebrew, and more of Polish, Hindi
    # and Spanish (2026-12-05, from the dev half of a fifth natural set: openings read as
    # polar or unknown); the Greek and Hindi ones read as complaints or positive before
    ("cs", "Kasko otevírá novou pobočku v Brně, první v Jihomoravském kraji"),
    ("cs", "Velora otevře první prodejnu v Ostravě v září"),
    ("ro", "Velora deschide primul magazin din Timișoara în luna mai"),
    ("ro", "Kasko deschide un nou sediu în Iași și angajează 80 de oameni"),
    ("hu", "A Velora megnyitotta első üzletét Budapesten, a Váci utcában"),
    ("hu", "A Kasko új üzletet nyit Debrecenben júniusban"),
    ("el", "Η Velora ανοίγει το πρώτο κατάστημα στη Θεσσαλονίκη τον Μάρτιο"),
    ("el", "Η Kasko ανοίγει νέο κατάστημα στη Λάρισα τον Μάιο"),
    ("pl", "Velora otwiera salon w Poznaniu przy Półwiejskiej"),
    ("hi", "Velora ने पुणे में अपना पहला स्टोर खोला"),
    ("es", "Velora abrirá su primera tienda en Bilbao en octubre"),
    ("he", "Velora פותחת סניף ראשון בחיפה בחודש הבא"),
])
def test_a_companys_move_told_as_news_is_other_and_neutral(
        enricher: Enricher, language: str, text: str) -> None:
    assert company_move(features.prepare(text).text)
    prediction, _ = enricher.predict(text, language)
    assert (prediction.intent, prediction.polarity) == ("other", "neutral"), text


@pytest.mark.parametrize("text", [
    "Kasko unveils another subscription tier, again",  # tired of it
    "Kasko announces 300 layoffs in Leeds",  # bad news
    "Kasko announces it is shutting down the app in March",
    "Kasko unveils the K7 while my K6 still won't charge",  # the author's own
    "Kasko presenta su nueva freidora, qué maravilla",  # praise
    "the app launches and then freezes on the splash screen",  # a fault
    "la app lanza un error cada vez que intento pagar",
    "출시 일주일 만에 20만 대 판매 돌파",  # a feat: the label may make it positive
    "Did Kasko really unveil a new phone?",  # asked
    # a reviewer's probes (2026-12-05), each read other/neutral by the first phrases: a fee
    # or a price rise launched, bad news, the verbs in another sense
    "Kasko lanza su nueva tarifa y sube el precio a todos los clientes antiguos",
    "Velora dévoile son nouveau forfait, 5 euros plus cher pour exactement la même chose",
    "Velora presenta il nuovo orologio, identico al vecchio ma costa 80 euro in più",
    "Kasko представила нові тарифи, тепер платимо на 30% більше за те саме",
    "Kasko stellt neue Regeln auf und jetzt kostet jede Überweisung 2 Euro",
    "Velora presenta un ERE que afecta a 300 trabajadores de la planta de Zaragoza",
    "Kasko announces it will close all 40 branches in Scotland by June",
    "Velora X1 now on sale for half price, three weeks after I paid full price for it",
    "Kasko präsentiert mir jeden Monat eine neue Gebühr auf der Abrechnung",
    "Новое приложение Kasko представляет угрозу для ваших персональных данных",
    "Kasko发布声明承认系统遭黑客入侵",
    "Kasko, 해킹 피해 속 신규 요금제 출시 연기",
    "التطبيق يطلق إشعارات كل خمس دقائق حتى في الليل",
    "Kasko חושפת את פרטי הלקוחות שלה לכל מי שמבקש",
])
def test_a_launch_that_says_more_is_no_plain_news(text: str) -> None:
    assert not company_move(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Velora is coming to Leeds, about time",  # awaited
    "Velora chega a Curitiba, já era hora",
    "Velora komt naar Eindhoven, eindelijk",
    "Velora names a new CEO after the data breach",  # bad news beside it
    "Velora opens a new store but still can't fix my refund",  # a fault
    "Velora llega a Valencia pero sin coches disponibles",  # a contrast, a negation
    "love that Velora is coming to Leeds",  # praise
    "Velora wchodzi do Gdańska, super wiadomość",
    "Velora opens its first store in Galway, can't wait!",  # exclaimed
    "Velora opens a new store in Galway 🎉",  # an emoji
    "Is Velora coming to Cork?",  # asked
    "la factura de Velora llega a 300 € este mes",  # an amount, no place
    "Velora expands to Cardiff while my order is still missing",
    # a reviewer's probes (2026-12-05): the verbs of a move said of a parcel, a bus, a wait,
    # a login page or a fee, each read other/neutral by the rule's first version
    "Meu pedido da Velora chega a Curitiba só semana que vem, comprei dia 2",
    "Il bus 64 di Trenta arriva a Termini ogni 40 minuti",
    "Mon colis Velora s'installe à Roissy depuis 6 jours",
    "Курьер назначил доставку на 8 утра, приехал в 15:00",
    "Jetzt auch in Graz: 45 Minuten in der Warteschleife der Ridaro Hotline",
    "The classes start in ten minutes and the Nimbly login page just spins",
    "Velora enters the chat with another 40 pound delivery fee",
    "Kasko app opens new tabs on its own since the update",
    "Приложение Payvyn запускается в два раза дольше после обновления",
    "Is de nieuwe Kasko ketel nu beschikbaar in zwart",
    # a reviewer's probes of the phrases of 2026-12-05 in more languages, each a move by their
    # first version (the bare verb with "first" or "new"): a tab, a queue, a child's first
    # step, a match, a shop's opening hour, an investigation opened
    "Po aktualizaci se aplikace banky otevře novou záložkou a hned spadne",
    "Η ουρά στο κατάστημα της ΔΕΗ επεκτείνεται μέχρι έξω στο πεζοδρόμιο",
    "बेटे ने आज अपना पहला कदम रखा",
    "El Real Madrid abrirá su primer partido de Champions en casa",
    "Żabka otwiera sklep o 6, a kasjerka przychodzi o 6:30. Standard",
    "החברה הודיעה על פתיחת חקירה פנימית אחרי שדלפו פרטי הלקוחות",
    "Pana de curent de la Enel se extinde în tot cartierul",
])
def test_a_move_that_says_more_is_no_plain_news(text: str) -> None:
    assert not company_move(features.prepare(text).text)


def test_an_english_move_that_says_how_it_went_is_left_to_the_model(
        enricher: Enricher) -> None:
    """No concept's word in "worse": VADER's compound (-0.48) says the author minds."""
    text = "Velora acquires Drawly and the app is already worse"
    assert company_move(features.prepare(text).text)
    prediction, vader = enricher.predict(text, "en")
    assert vader is not None and vader < -0.3
    assert prediction.polarity == "negative"


def test_a_teams_correction_wins_over_the_rule() -> None:
    """A team that calls a store's opening good news is heard (bot/enrich/corrections.py
    ``Exemption``); a correction that agrees leaves the rule."""
    text = "Velora abre su primera tienda en Sevilla"
    at = datetime(2026, 12, 5, 18, tzinfo=UTC)
    enricher = Enricher()
    assert enricher.predict(text, "es")[0].polarity == "neutral"
    enricher.apply_corrections([Correction(text=text, language="es", field="polarity",
                                           old="neutral", new="positive", who="U-pr", at=at)])
    assert enricher.predict(text, "es")[0].polarity == "positive"
    agreeing = Enricher(corrections=[Correction(text=text, language="es", field="intent",
                                                old="praise", new="other", who="U-pr", at=at)])
    prediction, _ = agreeing.predict(text, "es")
    assert (prediction.intent, prediction.polarity) == ("other", "neutral")
