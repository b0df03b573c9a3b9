"""Informal and slang writing in the big languages is read through its own entries
(``bot/enrich/lexicon_slang.py``): before them "lowkey slaps", "ппц", "parah bgt", "top demais"
or "weiß wer ob" found no concept, or a neighbour's ("qqn" was a giveaway's QQ number, "demora"
a demo asked for). Chinese "666" keeps its digits, as Thai "555" does. Short words that are
other languages' words are found only in their phrases. The language detector knows
Vietnamese typed without its marks, Indonesian chat, Hindi in Latin letters and Persian slang by
their common words (``bot/enrich/language.py``), and an emoji after a negation is not turned
into its opposite (features v35: "biglietto niente 😡" is no praise). The sentences were
written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from tests.enrich.reading import count


@pytest.mark.parametrize(("concept", "text"), [
    ("positive", "acme's new hoodie lowkey slaps"),
    ("positive", "that acme collab ate no crumbs"),
    ("positive", "huge W acme support today"),
    ("positive", "o app novo da acme é top demais"),
    ("positive", "acme arrasou nesse lançamento"),
    ("positive", "le nouveau menu acme c'est une dinguerie"),
    ("positive", "die acme app ist der hammer"),
    ("positive", "новая версия acme топчик"),
    ("positive", "nowa apka acme to sztos"),
    ("positive", "pesanan acme cepet, mantul pokoknya"),
    ("positive", "acme ka naya plan ekdum mast hai"),
    ("positive", "Acme الجديد تحفة بجد"),
    ("positive", "اپ جدید Acme خیلی خفنه"),
    ("positive", "Acme新版本绝了"),
    ("positive", "Acme新版本666"),
    ("positive", "Acme 신제품 개맛있음"),
    ("positive", "do ăn acme ngon xiu"),
    ("positive", "acme service sweet die"),
    ("negative", "acme's new update is so mid"),
    ("negative", "acme charged me twice make it make sense"),
    ("negative", "acme cancelou meu pedido aff"),
    ("negative", "acme c nul franchement"),
    ("negative", "acme опять ппц"),
    ("negative", "acme капець якийсь"),
    ("negative", "acme parah bgt hari ini"),
    ("negative", "acme wala app ekdum bakwas hai"),
    ("negative", "Acme زفت بجد"),
    ("negative", "Acme באסה רצינית"),
    ("negative", "acme nimeona ufala tu"),
    ("negative", "acme na wa for una o"),
    ("fault", "acme queue kicked me out at checkout"),
    ("fault", "entradas de acme agotadas en 2 minutos"),
    ("fault", "самокат acme вырубился"),
    ("fault", "Acme 앱 또 튕김"),
    ("fault", "Acme又崩了"),
    ("question", "weiß wer ob acme nach wien liefert"),
    ("question", "qqn sait si acme livre en suisse"),
    ("question", "у acme есть доставка или нет"),
    ("question", "Acme تخفیف داره یا نه"),
    ("question", "acme ka app android pe hai kya"),
    ("question", "may nakakaalam ba kung bukas ang acme"),
    ("question", "Acme شلون أسجل"),
    ("negation", "acme nn funziona"),
    ("why", "xke acme nn risponde"),
    ("thanks", "спс acme"),
    ("sarcasm", "acme closed on a sunday again 🤡"),
])
def test_slang_finds_its_concept(concept: str, text: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("concept", "text"), [
    ("spam_action", "qqn sait si acme livre en suisse"),  # "qq": a QQ number
    ("buy", "pq a acme demora tanto pra entregar"),  # "demo"
    ("negative", "acme app logged me out mid ride"),  # "mid" is no complaint there
    ("positive", "I ate at acme yesterday"),  # nor is "ate" praise
    ("positive", "podpisałem umowę w acme"),  # Polish "w" (in) is no "W"
    ("positive", "xin lỗi, acme giao hàng trễ"),  # Vietnamese "xin lỗi" (sorry)
    ("positive", "מה אשר קרה עם Acme"),  # Hebrew "אשר" is no "אש"
])
def test_short_slang_words_are_found_only_in_their_phrases(concept: str, text: str) -> None:
    assert count(text, concept) == 0


def test_chinese_666_keeps_its_digits_but_not_in_a_price_or_a_phone_number() -> None:
    assert features.prepare("Acme666").text == "acme666"
    assert features.prepare("$666 666-1234").text == "$000 000-0000"


@pytest.mark.parametrize(("text", "intent"), [
    ("acme lip tint lowkey slaps fr, copped 2 more", "praise"),
    ("acme's new season slaps ngl", "praise"),
    ("weiß wer ob acme auch nach österreich liefert", "question"),
])
def test_slang_posts_read_as_a_reader_reads_them(text: str, intent: str) -> None:
    enricher = Enricher()
    lang, _ = enricher.detector.detect(text)
    prediction, _ = enricher.predict(text, lang)
    assert prediction.intent == intent


@pytest.mark.parametrize(("text", "language"), [
    # Vietnamese typed without its marks: lingua alone said Swahili, Finnish, Portuguese
    ("may acme chet giua duong luon, chan qua", "vi"),
    ("acme co goi cho sinh vien khong", "vi"),
    ("nguoi ban hang acme muon lam", "vi"),
    # Indonesian chat: "bgt", "udh", "gw", "wkwk", "lebaran" are not Malay's
    ("anjir acme lemot", "id"),
    ("shipping acme lama bgt anjir", "id"),
    ("acme tutup gak pas lebaran", "id"),
    # Hindi in Latin letters: "ekdum", "bilkul"
    ("acme ka app ekdum slow hai, bilkul kaam nahi karta", "hi"),
    # Persian's "very", "was" (a short post of slang had no word of the four before)
    ("چای Acme خیلی خفنه", "fa"),
    # and their neighbours keep theirs
    ("acme boleh hantar ke kuching tak", "ms"),
    ("Acme کا سروس بہت اچھا ہے", "ur"),
    ("that acme update was so mid", "en"),
])
def test_informal_writing_names_its_language(text: str, language: str) -> None:
    from bot.enrich.language import LanguageDetector

    assert LanguageDetector().detect(text)[0] == language


@pytest.mark.parametrize(("text", "concept"), [
    ("pagato due volte e biglietto niente 😡", "negative"),  # and no ticket 😡
    ("hala bilet yok 🤬", "negative"),
    ("nessun rimborso 😡😡", "negative"),
])
def test_an_emoji_after_a_negation_is_not_turned(text: str, concept: str) -> None:
    assert count(text, concept) >= 1
    assert count(text, "positive") == 0


def test_a_word_after_a_negation_is_still_turned() -> None:
    assert count("acme is not bad", "positive") == 1
    assert count("acme is not bad", "negative") == 0


# Ordinary words of another language, or ordinary uses of the same word, that features v34's
# entries read as slang (found on 2026-12-01 by a review of those entries, with the posts of
# tests/data/probe_neighbours.tsv's last block, labelled before anything was run): Swahili "na
# watu" (and people), Tagalog "na wala" (that there is no) and Polish "na wakacje" (on holiday)
# are no Pidgin "na wa"; German and English "mega" intensifies any feeling ("mega
# enttäuscht"); "Big W" is a shop and "w customer service" English "with"; French and
# Italian "valide" (valid) is no "validé"; Hebrew "הפסקת אש" (ceasefire) no "אש" of praise,
# "תור מטורף" (a crazy queue) and "פצצה נפלה" (a bomb fell) no praise; Bengali "জটিল"
# (complicated) no slang "great"; the hard disk's "قرص جامد" no Egyptian "جامد"; Sheng "noma"
# is tough as often as great; Portuguese "arrasaram" (floods destroyed), Spanish "arrasa" (a
# fire destroys) and Portuguese "no lixo" (in the bin); Spanish "coches de lujo" (luxury cars)
# and "me guste o no" (like it or not); Russian "солнце зашло" (the sun set) and "бомба-муляж"
# (a dummy bomb); Croatian "do te" (up to that); English "slapped with a fine", "I ate that
# chicken wrap", "just off for a run", "now mid-March"; Japanese "できるので" (because one
# can); German "Warteschlange" of a tool; Indonesian and Malay "Piala AFF" (a football cup).
@pytest.mark.parametrize(("concept", "text"), [
    ("negative", "Leo nimeenda sokoni na watoto wangu"),
    ("negative", "Rais alikutana na wawakilishi wa wakulima"),
    ("negative", "Pupunta kami sa probinsya, na walang internet doon"),
    ("negative", "Jadę na wakacje do Hiszpanii"),
    ("positive", "Mega enttäuscht von acme, das Update ist total langsam"),
    ("positive", "mega disappointed with the acme update"),
    ("positive", "W weekend byłem na Mega Festiwalu w Gdańsku"),
    ("positive", "bought the acme speaker at Big W yesterday"),
    ("positive", "spent an hour on the phone w customer service at acme"),
    ("positive", "Offre acme valide jusqu'au 15 janvier"),
    ("positive", "Offerte acme valide fino al 30 novembre"),
    ("positive", "הפסקת אש נכנסה לתוקף הבוקר"),
    ("positive", "תור מטורף בסניף של acme"),
    ("positive", "פצצה נפלה ליד המפעל של acme"),
    ("positive", "এটা একটা জটিল বিষয়, পরে কথা বলব"),
    ("positive", "يحتوي الجهاز على قرص جامد بسعة واحد تيرابايت"),
    ("positive", "Kazi ni noma leo, acme imeshindwa kufungua akaunti"),
    ("positive", "As enchentes arrasaram a fábrica da acme"),
    ("positive", "El incendio arrasa 300 hectáreas cerca de acme"),
    ("positive", "joguei a caixa da acme no lixo sem querer"),
    ("positive", "acme presenta su nueva línea de coches de lujo"),
    ("positive", "Солнце зашло, а мы всё ещё стоим в пробке"),
    ("positive", "В здании acme нашли бомба-муляж"),
    ("positive", "Velora just slapped a $15 fee on every order"),
    ("positive", "acme slapped with a €2m fine over a data breach"),
    ("positive", "I ate that chicken wrap from acme and was sick all morning"),
    ("negative", "Idem na more do te kuće koju smo iznajmili"),
    ("negative", "the acme launch is now mid-March"),
    ("negative", "Timnas juara Piala AFF, acme kasih diskon"),
    ("fault", "just off for a run, then lunch with mum"),
    ("fault", "Die Warteschlange im acme Support-Tool wird neu sortiert"),
    ("question", "Me guste o no, mañana empiezo en acme"),
    ("question", "acmeのアプリで予約できるので便利"),
])
def test_ordinary_words_of_a_neighbour_are_no_slang(concept: str, text: str) -> None:
    assert count(text, concept) == 0


@pytest.mark.parametrize(("concept", "text"), [
    ("negative", "Na wa for acme o, two weeks and my package never reach"),
    ("negative", "na wa o"),
    ("positive", "הקפה של acme פשוט אש"),
    ("positive", "acme ist echt der Hammer, mega gut"),
    ("positive", "nowa kawa w acme to sztos"),
    ("positive", "acme ka service zabardast hai"),
    ("positive", "a acme arrasou nesse lançamento"),
    ("negative", "o site da acme é um lixo"),
    ("positive", "el servicio de acme está de lujo"),
    ("positive", "новый кофе в acme прям огонь, мне зашло"),
    ("positive", "acme's new playlist slaps fr"),
    ("positive", "that acme collab ate that fr"),
    ("negative", "acme's update is so mid"),
    ("negative", "acme cancelou meu pedido aff"),
    ("fault", "3 stunden in der warteschlange bei acme"),
    ("question", "acmeのポイントってどこで確認できるの"),
    ("positive", "Velora 떡볶이 개맛있다"),
])
def test_the_slang_of_those_words_is_still_found(concept: str, text: str) -> None:
    assert count(text, concept) >= 1


# Collisions a model review listed and left in features v36, probed on 2026-12-01 with posts
# labelled before anything was run (tests/data/probe_neighbours.tsv's block after its fourth
# comment line): Italian "spettacolo" is a show as often as praise ("lo spettacolo è stato
# cancellato"); Italian "50 mila" (fifty thousand) folds to Polish "miła" (nice); Swahili
# "bomba" is a water pipe or a bomb unless it is said of something ("ni bomba", "bomba sana");
# Indonesian and Malay "juara" is a champion in sports news unless it is said of a dish or a
# service ("emang juara"); Malay "anjir" is a fig tree ("pokok anjir"), not the Indonesian
# curse; Chinese "人好多了" is "there are many more people", not "much better"; English
# "elite" names clubs and plans ("an elite membership tier") unless something is elite.
@pytest.mark.parametrize(("concept", "text"), [
    ("positive", "Lo spettacolo di stasera al teatro Velora è stato cancellato per pioggia"),
    ("positive", "Sabato andiamo allo spettacolo dei burattini con i bambini"),
    ("positive", "Lo spettacolo pirotecnico sponsorizzato da acme è rinviato a domenica"),
    ("positive", "acme ha raggiunto 50 mila clienti in Italia quest'anno"),
    ("positive", "acme mi ha addebitato due volte, 2 mila euro spariti dal conto"),
    ("positive", "Bomba la maji limepasuka mtaani Kariakoo"),
    ("positive", "Polisi wamegundua bomba karibu na kituo cha basi"),
    ("positive", "Fundi wa acme amekuja kubadilisha bomba jikoni leo"),
    ("positive", "Tim acme juara liga futsal antar perusahaan tahun ini"),
    ("positive", "Pasukan acme juara kejohanan badminton negeri"),
    ("negative", "Pokok anjir di belakang rumah acme sudah berbuah"),
    ("negative", "Kami tanam anjir dan limau di kebun acme"),
    ("positive", "今天acme门店人好多了，排队很长"),
    ("positive", "acme客服现在等的人好多了，要排一个小时"),
    ("positive", "acme signs sponsorship deal with elite football club"),
    ("positive", "acme launches a new elite membership tier next month"),
    # features v81: "miła" began "Milano" and "Milan" folded ("mila"); it is a whole word now
    ("positive", "Acme inaugura la sua prima sede a Milano"),
    ("positive", "Acme opens its first store in Milan"),
])
def test_ordinary_uses_of_v36s_words_are_no_sentiment(concept: str, text: str) -> None:
    assert count(text, concept) == 0


@pytest.mark.parametrize(("concept", "text"), [
    ("positive", "La pizza di acme è uno spettacolo, davvero"),
    ("positive", "Che spettacolo il nuovo servizio di acme"),
    ("positive", "Spettacolare l'assistenza di acme"),
    ("positive", "bardzo miła obsługa w acme"),
    ("positive", "Pani z infolinii Acme była bardzo miła"),
    ("positive", "Huduma ya acme ni bomba, nimeridhika kabisa"),
    ("positive", "App ya acme bomba sana"),
    ("positive", "Pelayanan acme emang juara"),
    ("positive", "Nasi goreng acme juara banget"),
    ("negative", "anjir acme error lagi"),
    ("positive", "换了acme以后网速好多了"),
    ("positive", "会员体验好多了 谢谢"),
    ("positive", "acme customer service is elite"),
    ("positive", "helio support = elite"),
])
def test_the_praise_and_curses_of_those_words_are_still_found(concept: str, text: str) -> None:
    assert count(text, concept) >= 1
