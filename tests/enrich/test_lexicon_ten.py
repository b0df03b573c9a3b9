"""Slovenian, Georgian, Armenian, Azerbaijani, Kazakh, Uzbek, Mongolian, Marathi, Gujarati and
Punjabi are read through their own entries (``bot/enrich/lexicon_ten.py``): before them a post
in these languages found no concept, so a one-star review read ``other``, praise with a
complaint ``other`` or praise, and a power cut ``other``. Croatian, Serbian, Slovak and
Bulgarian have their "but", their news and their "adore" (``MORE``), and the Slavic wishes in
the conditional ("bilo bi super, če bi...") hold no praise of the brand (``WISHES_TEN``). The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, lexicon
from bot.enrich.lexicon_ten import TEN
from tests.enrich.reading import count

TEN_LANGUAGES = frozenset(TEN["negative"])


@pytest.mark.parametrize(("concept", "text"), [
    ("positive", "Storitev Acme je odlična, priporočam"),
    ("positive", "Acme-ს მომსახურება შესანიშნავია, გირჩევთ"),
    ("positive", "Acme-ի սպասարկումը հիանալի է"),
    ("positive", "Acme xidməti əladır, tövsiyə edirəm"),
    ("positive", "Acme қызметі керемет, ұсынамын"),
    ("positive", "Acme xizmati ajoyib, tavsiya qilaman"),
    ("positive", "Acme-ийн үйлчилгээ гайхалтай"),
    ("positive", "Acme ची सेवा उत्तम आहे"),
    ("positive", "Acme ની સેવા ઉત્તમ છે"),
    ("positive", "Acme ਦੀ ਸੇਵਾ ਵਧੀਆ ਹੈ"),
    ("positive", "Obožavam Acme aplikaciju"),
    ("positive", "Milujem túto aplikáciu od Acme"),
    ("negative", "Acme je res obupna, zelo sem razočaran"),
    ("negative", "Acme-ს აპლიკაცია საშინელია"),
    ("negative", "Acme-ի հավելվածը սարսափելի է"),
    ("negative", "Acme tətbiqi bərbaddır"),
    ("negative", "Acme қосымшасы өте нашар"),
    ("negative", "Acme ilovasi juda yomon"),
    ("negative", "Acme-ийн апп үнэхээр муу"),
    ("negative", "Acme चे ॲप खूप वाईट आहे"),
    ("negative", "Acme ની એપ ખૂબ ખરાબ છે"),
    ("negative", "Acme ਦੀ ਐਪ ਬਹੁਤ ਮਾੜੀ ਹੈ"),
    ("fault", "Aplikacija Acme ne deluje od jutra"),
    ("fault", "Acme-ს აპლიკაცია არ მუშაობს"),
    ("fault", "Acme-ի հավելվածը չի աշխատում"),
    ("fault", "Acme tətbiqi səhərdən işləmir"),
    ("fault", "Acme қосымшасы таңертеңнен жұмыс істемейді"),
    ("fault", "Acme ilovasi ertalabdan ishlamayapti"),
    ("fault", "Acme-ийн апп өглөөнөөс ажиллахгүй байна"),
    ("fault", "Acme चे ॲप सकाळपासून चालत नाही"),
    ("fault", "Acme ની એપ સવારથી કામ કરતું નથી"),
    ("fault", "Acme ਦੀ ਐਪ ਸਵੇਰ ਤੋਂ ਕੰਮ ਨਹੀਂ ਕਰਦੀ"),
    ("fault", "మా ఏరియాలో Acme కరెంట్ లేదు"),
    ("contrast", "Izdelek je dober, ampak podpora je počasna"),
    ("contrast", "Aplikacija je dobra, ali je podrška spora"),
    ("contrast", "Апликација је добра, али је подршка спора"),
    ("contrast", "Қосымша жақсы, бірақ қолдау баяу"),
    ("contrast", "Ilova yaxshi, lekin qo'llab-quvvatlash sekin"),
    ("contrast", "Апп сайн, гэхдээ тусламж удаан"),
    ("contrast", "Հավելվածը լավն է, բայց աջակցությունը դանդաղ է"),
    ("contrast", "აპლიკაცია კარგია, მაგრამ მხარდაჭერა ნელია"),
    ("question", "როგორ შევცვალო პაროლი Acme-ში?"),
    ("question", "Ինչպե՞ս փոխել գաղտնաբառը Acme-ում"),
    ("question", "Acme-де құпия сөзді қалай өзгертуге болады?"),
    ("question", "Acme ਵਿੱਚ ਪਾਸਵਰਡ ਕਿਵੇਂ ਬਦਲੀਏ?"),
    ("thanks", "Təşəkkür edirəm, Acme"),
    ("thanks", "Rahmat, Acme"),
    ("thanks", "Баярлалаа, Acme"),
    ("thanks", "ਧੰਨਵਾਦ Acme"),
    ("news", "Acme otvara novi ured u Splitu"),
    ("hiring", "Acme ვაკანსია: ვეძებთ დეველოპერს"),
    ("hiring", "Acme traži programere, prijave do 15. siječnja"),
    ("hiring", "Acme otsii myyjiä, haku päättyy perjantaina"),
    ("hiring", "Acme prijíma predajcov, prihlášky do piatku"),
    ("hiring", "Acme търси програмисти, кандидатствайте до петък"),
])
def test_each_language_has_its_words(concept: str, text: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("concept", "text"), [
    # short words of these languages that are another language's are left out or whole
    ("positive", "Der Service war echt super, danke"),  # not Slovenian "super"
    ("request", "Portfolio prosimy na priv"),  # Polish, not Slovenian "prosim"
    ("contrast", "Toda la cola aplaudió"),  # Spanish, not Slovenian "toda"
    ("fault", "Eylül'den itibaren tüm hatlarda"),  # Turkish, not Azerbaijani "itib"
    ("again", "Bir daha asla sipariş vermem"),  # Turkish, its own entries only
    # Hindi, not Marathi "भारी" (great), "छान" (nice), "पर्याय" (option), "तुलना करत" (comparing):
    # heavy rain, an investigation, a byword, comparing with last year (a reviewer's probes)
    ("positive", "दिल्ली में भारी बारिश, डिलीवरी सेवाएं प्रभावित"),
    ("positive", "पुलिस धोखाधड़ी मामले की छानबीन कर रही है"),
    ("buy", "Velora अब बैंकिंग का पर्याय बन गया है"),
    ("buy", "पिछले साल से तुलना करते हुए बिक्री बढ़ी"),
])
def test_a_word_of_another_language_is_not_theirs(
        concept: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ten languages' entries add nothing to a post in another language."""
    with_ten = count(text, concept)
    without = {c: {lang: v for lang, v in by.items() if lang not in TEN_LANGUAGES}
               for c, by in lexicon.CONCEPTS.items()}
    monkeypatch.setattr(lexicon, "CONCEPTS", without)
    lexicon._automaton.cache_clear()
    try:
        assert count(text, concept) == with_ten
    finally:
        monkeypatch.undo()
        lexicon._automaton.cache_clear()


@pytest.mark.parametrize(("text", "lang", "intent", "polarity"), [
    ("★☆☆☆☆ Acme-ს აპლიკაცია არ მუშაობს, ფული ორჯერ ჩამომაჭრა", "ka", "complaint", "negative"),
    ("Acme көлігін жақсы көремін, бірақ сервисі өте нашар", "kk", "complaint", "negative"),
    ("Manzilimizda Acme elektri yo'q, uchinchi marta bu hafta", "uz", "complaint", "negative"),
    ("⭐⭐⭐⭐⭐ Acme ਦੀ ਸੇਵਾ ਵਧੀਆ ਹੈ, ਸਟਾਫ਼ ਬਹੁਤ ਚੰਗਾ", "pa", "praise", "positive"),
])
def test_posts_in_these_languages_read_their_intent(
        text: str, lang: str, intent: str, polarity: str) -> None:
    prediction, _ = Enricher().predict(text, lang)
    assert (prediction.intent, prediction.polarity) == (intent, polarity)


@pytest.mark.parametrize(("text", "lang"), [
    ("Bilo bi super, če bi Acme dodal temni način", "sl"),
    # a plain feature wish is other (tests/data/README.md: blind_churn's and the small
    # languages' sets label it other/neutral), so a complaint is a miss, not "no praise": the
    # Bulgarian one read complaint 0.36 against other 0.35 with features v45 to v48's weights
    # (other 0.357 against 0.354 before) and other 0.358 against complaint 0.354 again with
    # v49's. It holds no word of v45 to v49 (its wish frame hides "хубаво"), so it is a
    # near-tie the weights' noise turns either way (v51's retrain turned it to complaint once
    # more); since the plain-wish rule (after v52) it reads other/neutral (``as_plain_wish``)
    ("Би било хубаво ако Acme добави тъмен режим", "bg"),
])
def test_a_wish_in_the_conditional_is_no_praise(text: str, lang: str) -> None:
    prediction, _ = Enricher().predict(text, lang)
    assert prediction.intent == "other"
    assert prediction.polarity != "positive"



@pytest.mark.parametrize(("concept", "text", "expected"), [
    # "otvara", "odpira", "отвара" (opens) is news, "se ne otvara" (does not open) a fault
    ("news", "Aplikacija Acme se ne otvara od jutros", 0),
    ("fault", "Aplikacija Acme se ne otvara od jutros", 1),
    ("news", "Апликација Acme се не отвара од јутрос", 0),
    ("fault", "Апликација Acme се не отвара од јутрос", 1),
    ("news", "Spletna stran Acme se ne odpira že ves dan", 0),
    ("fault", "Spletna stran Acme se ne odpira že ves dan", 1),
    ("news", "Vrata garaže se ne otvaraju preko Acme aplikacije", 0),
    ("news", "Acme otvara novu poslovnicu u Zagrebu", 1),
    ("news", "Acme отвара нову фабрику у Нишу", 1),
    ("news", "Acme odpira nov center v Ljubljani", 1),
    # "konkurs", "конкурс", "natječaj" are a giveaway too; a job's is "za posao", "raspisuje"
    ("hiring", "Konkurs! Do wygrania trzy zestawy od Acme, wystarczy komentarz", 0),
    ("hiring", "Конкурс! Дарим наушники Acme трем подписчикам", 0),
    ("hiring", "Nagradni natječaj Acme: osvojite bicikl", 0),
    ("hiring", "Acme raspisuje natječaj za radno mjesto programera", 3),
    ("hiring", "Konkurs za posao u Acme je otvoren do 15. januara", 2),
    ("hiring", "Acme расписује конкурс за посао инжењера", 3),
    # Turkish "mümkündür" (it is possible) is no question; Azerbaijani asks "mümkündürmü"
    ("question", "Ödeme kapıda nakit veya kartla mümkündür", 0),
    ("question", "Sifarişi ləğv etmək mümkündürmü", 1),
    # Turkish "işçi" (a worker) is no business; Azerbaijani "işçi üçün" (for an employee)
    ("business", "Asgari ücretli işçi için yeni düzenleme", 0),
    ("business", "20 işçi üçün Acme paketinin qiyməti nə qədərdir", 1),
    # Marathi "पण" and Gujarati "પણ" after a pronoun or a day are "also", not "but"
    ("contrast", "मी पण Acme वापरतो", 0),
    ("contrast", "आज पण Acme चे ऑफिस बंद आहे", 0),
    ("contrast", "અમે પણ Acme વાપરીએ છીએ", 0),
    ("contrast", "ॲप सुंदर आहे पण सारखे बंद पडते", 1),
    ("contrast", "એપ સુંદર છે પણ વારંવાર બંધ થઈ જાય છે", 1),
    # Italian and Portuguese "nega" (denies) is no Uzbek "nega" (why)
    ("question", "Il sindaco nega tutto sul caso Acme", 0),
    ("question", "Ministro nega acordo com a Acme", 0),
    ("question", "Acme nega bunday sekin ishlaydi", 1),
    # Indonesian "emas" (gold) and "rahmat" (grace, a name) are no Uzbek "is not", "thanks"
    ("negation", "Harga emas Antam hari ini naik lagi", 0),
    ("thanks", "Semoga rahmat dan berkah selalu menyertai tim Acme", 0),
    ("thanks", "Pak Rahmat dari Acme janji telepon balik", 0),
    ("negation", "Acme xizmati yaxshi emas", 1),
    ("thanks", "Acme jamoasiga katta rahmat", 1),
    # Slovenian "najbolj" (most) is no Croatian "najbolji" (the best)
    ("positive", "Acme je najbolj počasna dostava", 0),
    ("positive", "Velora ima najbolj neprijazno podporo", 0),
    ("positive", "Acme je najbolja dostava u gradu", 1),
    ("positive", "Acme je najboljši ponudnik", 1),
    # Hindi "मस्तिष्क" (the brain) holds no "मस्त" (great)
    ("positive", "मस्तिष्क स्वास्थ्य पर Acme का नया शोध", 0),
    ("positive", "Acme की सर्विस मस्त है", 1),
])
def test_a_word_another_language_writes_counts_only_as_its_own(
        concept: str, text: str, expected: int) -> None:
    """A reviewer's probes (2026-12-01): words of these entries that another language, or
    their own negated form, writes as something else."""
    assert count(text, concept) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("Aplikacija Acme se spet ne odpira", "sl"),
    ("Апликација Acme се не отвара од јутрос", "sr"),
    ("Acme stranica mi se ne otvara na mobitelu od jutros", "hr"),
])
def test_what_does_not_open_is_a_complaint(text: str, lang: str) -> None:
    prediction, _ = Enricher().predict(text, lang)
    assert prediction.intent == "complaint"


def test_the_brain_is_no_praise() -> None:
    prediction, _ = Enricher().predict("मस्तिष्क स्वास्थ्य पर Acme का नया शोध", "hi")
    assert prediction.polarity == "neutral"
