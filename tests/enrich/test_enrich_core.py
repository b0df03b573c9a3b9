"""Enrichment: language on short posts in many scripts, intent and sentiment in every corpus
language from the embedded model, laziness, and author context on a real store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.models import Author, Mention, Sentiment, Signal
from bot.core.ports import Store
from bot.enrich import Enricher
from bot.enrich.author import AuthorContextBuilder
from bot.store import open_store
from tests.conftest import FakeClock
from tests.support.stores import put_signal


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def mention(text: str, *, lang: str | None = None, handle: str = "kasia", author_id: str = "a1",
            native: str = "1", followers: int | None = None) -> Mention:
    from datetime import UTC, datetime

    return Mention(id=f"mastodon:{native}", network="mastodon", source="t", text=text,
                   language=lang, created_at=datetime(2026, 11, 20, 12, tzinfo=UTC),
                   author=Author(id=author_id, handle=handle, followers=followers))


LANGUAGE_CASES = [
    ("en", "The app keeps logging me out every five minutes, so annoying"),
    ("en", "Does AcmeCloud support single sign-on with Okta?"),
    ("ru", "Опять не работает вход в приложение, что случилось?"),
    ("ru", "Спасибо за быстрый ответ, всё заработало"),
    ("pl", "Znowu nie mogę się zalogować do aplikacji, co się dzieje?"),
    ("pl", "Dzięki za szybką pomoc, wszystko działa jak należy"),
    ("ko", "앱이 또 로그인이 안 돼요 언제 고쳐지나요"),
    ("ko", "업데이트 이후로 정말 빨라졌어요 감사합니다"),
    ("th", "แอปเข้าไม่ได้อีกแล้ว เป็นอะไรครับ"),
    ("th", "ขอบคุณทีมงานมากครับ ใช้งานได้ดีมาก"),
    ("uk", "Знову не працює вхід у застосунок, що сталося?"),
    ("de", "Die App stürzt nach dem letzten Update ständig ab"),
    ("fr", "L'application plante depuis la dernière mise à jour"),
    ("es", "La aplicación no funciona desde la última actualización"),
    ("pt", "O aplicativo não funciona desde a última atualização"),
    ("it", "L'applicazione non funziona dall'ultimo aggiornamento"),
    ("ja", "アプリにログインできません。どうすればいいですか"),
    ("zh", "应用程序无法登录，请尽快修复"),
    ("tr", "Uygulama son güncellemeden beri çalışmıyor"),
    ("nl", "De app werkt niet meer sinds de laatste update"),
    # short English posts about food, which lingua alone calls German
    ("en", "the ramen was cold and the fries soggy"),
    ("en", "brewhaus oat latte cold again"),
    ("en", "Cartwise app dark mode?"),
    # a name's letters say nothing of the post's language ...
    ("en", "São Paulo is great today"),
    ("en", "my order from Ikea Göteborg never arrived"),
    # ... but the same letters in a word not written as a name still do
    ("pt", "São muitos problemas com o app"),
    ("pt", "Não consigo fazer login no app"),
    # support's own words count as common English; other languages borrow them, and stay
    ("en", "Müller GmbH support is slow"),
    ("de", "Problem mit dem Login seit dem Update"),
    ("nl", "Het account is geblokkeerd, support reageert niet"),
    # link-farm spam: the links go, the hashtag words stay
    ("de", "Mehr lesen: bit.ly/3xR1a bit.ly/3xR1b #angebote #gratis #rabatt"),
    ("ru", "#Ozon #Wildberries #скидки #промокоды ➡️ promokod-day.ru"),
    # translit, and letters only one language uses
    ("ru", "podskazhite, na Aliexpress mozhno vernut' tovar esli uzhe otkryl upakovku?"),
    ("uk", "pidkazhit, chy mozhna v Rozetka povernuty telefon yakshcho vzhe aktyvuvav?"),
    # the soft sign typed as an apostrophe; Polish typed without its letters stays Polish
    ("ru", "skol'ko stoit arenda mashiny na nedelyu? nas troe"),
    ("uk", "skil'ky koshtuie dostavka, kazhut' shcho bezkoshtovno"),
    ("pl", "kurier nie przyjechal, bylo zimno i prosto nikt nie dzwonil"),
    ("pl", "@Biedronka_pl bon 500 zł tutaj 👉 bit.ly/3bdrnk"),
    # lingua sure of a language no word of the post backs (Portuguese, 0.96): the letter wins
    ("tr", "İnternet yavaş"),
    ("ja", "Figma Organizationプランの見積もりほしい"),
    # an unbacked answer whose language never writes a letter of the post's words gives way to
    # lingua's next that does (before: Spanish, Italian, Spanish)
    ("tr", "Vodafone 20 GB paket kaç TL?"),
    ("de", "DB Navigator hängt komplett"),
    ("fr", "Combien coûte le permis moto complet chez Feu Vert ?"),
    # fullwidth and "fancy text" letters read as the letters they imitate (before: no language)
    ("en", "ＴＨＥ ＡＰＰ ＩＳ ＤＯＷＮ ＡＧＡＩＮ"),
    ("en", "𝐭𝐡𝐞 𝐚𝐩𝐩 𝐢𝐬 𝐝𝐨𝐰𝐧 𝐚𝐠𝐚𝐢𝐧"),
    # travel and chat words are common English too (before: German, French)
    ("en", "worst airport lounge ever"),
    ("en", "bruh wont lemme pay smh"),
    # more of translit's usual words (before: Dutch)
    ("ru", "parol ne prinimaet, prilozhenie visnet s utra"),
    # Greek typed in Latin letters (before: Portuguese, Spanish, Welsh)
    ("el", "to wifi den leitourgei apo xthes, kaneis den apantaei"),
    ("el", "pote tha erthei to paketo? perimenw 10 meres"),
    ("el", "eyxaristw poly, teleia eksypiretisi"),
    # and Russian's words of a blocked account, a wait in hours (before: Malay, Spanish)
    ("ru", "bank zablokiroval akkaunt bez prichiny"),
    ("ru", "tri chasov v aeroportu, i nikakogo otveta"),
    # greeklish's words that are another language's or a name, and a word said twice, are no
    # Greek (before: el): Hinglish "tha" (was), English "poly", "Kyrie", "kalimera" in a travel
    # post, Spanish "reuma", Portuguese "pesei" (I weighed), Italian "pali" (poles)
    ("hi", "Package kal deliver hona tha par aaj bhi nahi aaya, rider ka phone bhi band tha"),
    ("en", "Kalimera! Poly kalo breakfast at the hotel, then the ferry to Naxos"),
    ("en", "Kyrie scored 40 again, nobody guards Kyrie like that"),
    ("es", "Mi abuela tiene reuma, el reuma no la deja dormir, Assurio lo cubre?"),
    ("pt", "Pesei a mala em casa e pesei de novo no aeroporto, deu 23 kg"),
    ("it", "I pali della luce sono ancora a terra, Wattora promette nuovi pali entro venerdi"),
]


@pytest.mark.parametrize(("expected", "text"), LANGUAGE_CASES)
def test_language_of_short_posts(enricher: Enricher, expected: str, text: str) -> None:
    assert enricher.facts(mention(text)).language() == expected


# Languages outside the 15 the detector knows best are named, not forced into those 15 (before
# this, every Greek, Hebrew, Arabic and Hindi post was "zh" and a Swedish one "de" or "nl").
OTHER_LANGUAGE_CASES = [
    # a script none of the 15 writes names its language
    ("el", "Γιατί δεν λειτουργεί η εφαρμογή στο κινητό μου;"),
    ("he", "למה האפליקציה לא עובדת אצלי בטלפון?"),
    ("ka", "აპლიკაცია ისევ არ მუშაობს"),
    ("ta", "ஆப் வேலை செய்யவில்லை"),
    # ... or a few languages, and lingua restricted to them decides
    ("ar", "لماذا لا يعمل التطبيق على هاتفي؟"),
    ("fa", "چرا برنامه روی گوشی من کار نمی‌کند؟"),
    ("hi", "ऐप मेरे फोन पर क्यों नहीं चल रहा है?"),
    # Cyrillic letters Russian and Ukrainian never write
    ("sr", "Зашто апликација не ради? Већ два дана чекам одговор"),
    ("mk", "Зошто апликацијата не работи? Ѓубре од услуга"),
    ("be", "Чаму праграма не працуе ўжо тры дні?"),
    ("kk", "Қосымша неге жұмыс істемейді?"),
    ("bg", "Защо приложението не работи? Поръчката ми още не е пристигнала"),
    # Latin letters or common words of a language outside the 15
    ("sv", "Varför kan jag inte logga in i appen längre?"),
    ("nb", "Hvorfor får jeg ikke logget inn i appen?"),
    ("cs", "Proč mi nejde přihlásit do aplikace? Zkoušel jsem to třikrát"),
    ("ro", "De ce nu funcționează aplicația pe telefonul meu?"),
    ("hu", "Miért nem tudok bejelentkezni az alkalmazásba?"),
    ("vi", "Tại sao ứng dụng không mở được trên điện thoại của tôi?"),
    ("id", "Kenapa aplikasinya tidak bisa dibuka di hp saya?"),
    # everyday Indonesian: more of its words, and Malay only with a word only Malay uses
    # (before: Turkish, Malay); Vietnamese without its dotted letters (before: Portuguese)
    ("id", "Terima kasih, pelayanannya cepat banget"),
    ("id", "Kenapa ongkirnya mahal banget sih?"),
    ("vi", "Không có wifi trên máy bay à?"),
    # two common words of one such language and no function word of the 15 decide it without
    # lingua (before: Dutch, Turkish, Italian, German, Turkish); Polish "tak" is not Malay's
    ("fi", "Sovellus ei toimi taas"),
    ("ms", "Macam mana nak batalkan langganan"),
    ("sw", "Huduma yenu ni mbovu kabisa, hakuna anayejibu"),
    # a customer's everyday Swahili: why, yes, a phone (before: Spanish, English)
    ("sw", "Mbona simu inazima kila mara?"),
    ("sw", "Ndiyo, nimepokea"),
    ("sv", "Vad kostar det för ett företag?"),
    ("ms", "Sudah seminggu tak sampai, macam mana ni"),
    ("pl", "Tak, tak, działa"),
    # lingua over all its Latin-script languages, sure of another language on the post's words
    # in lower case, overrules its unbacked answer among the 15 (before: Italian, Turkish,
    # Dutch, Dutch, German, Italian); not for a post of names, nor a language nobody writes
    # to a company in (Nynorsk, for the English one)
    ("cy", "mae'r wefan wedi torri eto heddiw"),
    ("eu", "zergatik ez dabil aplikazioa gaur?"),
    ("sq", "nuk po më funksionon interneti që nga mëngjesi"),
    ("af", "julle diens is regtig swak vandag"),
    ("et", "miks rakendus jälle ei tööta?"),
    ("ca", "quan arribarà la meva comanda?"),
    ("de", "Funkwerk SIM-only Angebote?"),
    ("en", "Do Brightmart gift cards expire?"),
    # common words of more languages (before: Spanish, Portuguese, Polish), and neighbours told
    # apart by their letters and words (before: Bosnian, Danish; lingua's Serbian is Cyrillic)
    ("ca", "encara no tinc la comanda, quina vergonya"),
    ("gl", "xa non sei que facer, ninguén me axuda"),
    ("sl", "zakaj spet ne deluje internet"),
    ("sr", "zašto uvek kasni dostava, niko ne zna gde je paket"),
    ("bs", "zašto dostava uvijek kasni, niko ništa ne zna"),
    ("hr", "tko mi može reći zašto opet ne radi"),
    ("nb", "hva koster det, og hvorfor virker ikke appen"),
    ("da", "hvad koster det, og hvorfor virker appen ikke"),
    # short Swedish, Danish and Norwegian (2026-12-05; before: Esperanto, German, Dutch, Dutch,
    # Esperanto): more everyday words, a word and a letter of one language, and the language
    # words of several groups share
    ("sv", "Bra service från Acme"),
    ("sv", "Acme höjer priserna igen"),
    ("da", "Min pakke fra Acme er ikke kommet"),
    ("nb", "Pakken fra Acme har ikke kommet"),
    ("sv", "Acme appen krånglar igen"),
    ("cs", "proč mi to pořád nejde, už jsem to zkoušel"),
    ("sk", "prečo mi to stále nejde, už som to skúšal"),
    # Bulgarian and Macedonian without the letters that tell them from Russian, by their words
    # (before: Russian); a letter only one language writes, in a word in lower case (before:
    # Maori, Portuguese, German)
    ("bg", "защо пак не работи интернета, това е ужасно"),
    ("mk", "зошто пак не работи интернетот, многу е лошо"),
    ("ru", "почему опять не работает интернет, это ужасно"),
    ("ro", "factura mea e greșită"),
    ("ro", "aplicația nu se deschide"),
    ("hu", "nem működik"),
    # a Catalan (or Hungarian) noun in -ció (before: Spanish); "guys" and "cheers" are common
    # English (before: Dutch)
    ("ca", "no funciona la facturació"),
    ("ca", "error en la facturació"),
    ("hu", "hol van az akció?"),
    ("es", "la configuración no se guarda"),
    ("en", "cheers folks 🙌"),
    # Devanagari: Hindi's function words and none of Marathi's (before: Marathi)
    ("hi", "दिल्ली से मुंबई की नई उड़ान शुरू"),
    # ... Nepali's and none of Hindi's or Marathi's (before: Hindi)
    ("ne", "Acme ले फेरि मूल्य बढायो, म अर्को कम्पनीमा जान्छु"),
    ("ne", "धन्यवाद Acme, सेवा निकै राम्रो भयो"),
    # ... and with its brand and its app's words in Latin letters, the vowel signs counted with
    # the letters (before: English, Turkish, no language)
    ("hi", "Acme Bank का UPI payment fail हो गया, refund कब आएगा?"),
    ("hi", "Acme Mobile का network आज पूरे दिन down रहा"),
    ("hi", "Acme का app फिर से crash हो रहा है, login भी नहीं होता"),
    # Hindi typed in Latin letters, Hausa, Zulu and Yoruba by their common words, and more
    # Welsh and Estonian ones (before: Turkish, Tagalog, German, French, Polish, Portuguese)
    ("hi", "bhai Acme ka order abhi tak nahi aaya, kya chal raha hai"),
    ("hi", "Acme ka network phir se gayab hai, teen din se call nahi lag raha"),
    ("ha", "Na gode sosai Acme, yanzu komai yana aiki"),
    ("zu", "Ngiyabonga kakhulu Acme, namuhla konke kuyasebenza"),
    ("yo", "Ẹ ṣé Acme, app tuntun yín dára"),
    ("cy", "Rhowch y cod cyn talu, bawb"),
    # Egyptian Arabic typed in Latin letters and digits (before: English, Polish)
    ("ar", "el delivery bta3 Acme zbala awy, lesa mostany"),
    ("ar", "Acme el net 3ndkom 5ales, kol yom keda"),
    ("et", "Kui Acme veel korra hinda tõstab, lähen üle"),
    # Azerbaijani by its ə, which no other language writes; Uzbek in Latin letters by its
    # common words; Malay by words Indonesian does not use (before: Turkish, Turkish,
    # Italian, Indonesian)
    ("az", "Acme tətbiqi yenə işləmir"),
    ("az", "Acme xidməti əladır, çox sağ olun"),
    ("uz", "Acme ilovasi juda sekin, nega bunday"),
    ("ms", "Bilik hotel Acme bersih dan staf sangat peramah"),
    # ... but not by "ni", which Indonesian chat writes for "ini" too (a reviewer's probe:
    # Malay after f267fd8)
    ("id", "Kurir sudah tiga kali telat, paket ni belum sampai juga"),
    # Mongolian without ө ү by its words before its э is taken for Russian's, Serbian in
    # Cyrillic without its own letters by its words (before: Russian, Russian)
    ("mn", "Энэ апп маш удаан байна"),
    ("sr", "Зашто Acme не ради данас? Имамо проблем"),
    # ... not by "маш" and "уу" alone, Russian chat's too ("Маш," calling Masha; a sigh): a
    # reviewer's probes, Mongolian after 71640d9
    ("ru", "Маш, уу, ты видела новую рекламу Acme?"),
    ("ru", "уу маш смотри какой курьер Acme"),
    # ... not by "молим" (Russian "we beg", Bulgarian "we ask") nor "али" (Russian slang for
    # AliExpress), nor Uzbek by "mumkin" (Hindi and Urdu typed in Latin letters write it):
    # a reviewer's probes, Serbian and Tagalog after 71640d9 and f267fd8
    ("ru", "Заказал на Али, молим о помощи, не пришло"),
    ("hi", "bhai ye mumkin nahi hai, app phir se crash"),
    ("hi", "yaar refund mumkin hai kya, order abhi tak nahi aaya"),
    # Slovak's "dve" and the "máme" it shares with Czech, Hungarian's "tudom", "számlát",
    # "alkalmazás" (before: Polish, Spanish)
    ("sk", "Ponúka Acme dve tarify? Máme firmu"),
    ("hu", "Az alkalmazás folyamatosan kiléptet, sem a számlát nem tudom kifizetni"),
    # ... but foreign letters in a post in one of the 15 leave it there
    ("en", "Just landed in Ålesund from Tromsø and the app lost my booking again"),
    ("de", "Wir waren in Brno und Košice, aber die App zeigt keine Tickets mehr an"),
]


@pytest.mark.parametrize(("expected", "text"), OTHER_LANGUAGE_CASES)
def test_language_outside_the_configured_set(enricher: Enricher, expected: str,
                                             text: str) -> None:
    assert enricher.facts(mention(text)).language() == expected


def test_a_script_no_language_it_knows_writes_falls_back_to_the_declared_one(
        enricher: Enricher) -> None:
    # Cherokee: lingua gives every language zero; that is "unsure", not Chinese
    text = "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏍᎦᏯ ᎤᏬᏚᎯ"
    assert enricher.detector.detect(text, "chr") == ("chr", None)
    assert enricher.detector.detect(text) == (None, None)


def test_too_short_text_falls_back_to_declared_language(enricher: Enricher) -> None:
    assert enricher.facts(mention("👍 ok", lang="pl")).language() == "pl"
    assert enricher.facts(mention("👍")).language() is None
    links = "https://promo.example/xyz bit.ly/abc"
    assert enricher.facts(mention(links, lang="pt")).language() == "pt"
    assert enricher.facts(mention(links)).language() is None


def test_sentiment_in_every_language_and_vader_blended_for_english(enricher: Enricher) -> None:
    en = enricher.facts(mention("This is the worst update ever, I hate it")).sentiment()
    assert en.method == "model+vader" and en.label == "negative" and en.compound is not None
    assert en.compound < -0.5
    for text in ("Это худшее обновление, ненавижу его", "최악의 업데이트, 정말 실망했어요",
                 "Najgorsza aktualizacja w historii, beznadzieja"):
        s = enricher.facts(mention(text)).sentiment()
        assert s.method == "model" and s.label == "negative", (text, s)
        assert s.compound is not None and s.compound < -0.3
    praise = enricher.facts(mention("Merci beaucoup, service impeccable et rapide !")).sentiment()
    assert praise.label == "positive" and praise.compound is not None and praise.compound > 0.3


def test_sentiment_is_unknown_only_when_the_model_is_unsure() -> None:
    from bot.enrich.model import Prediction
    from bot.enrich.sentiment import sentiment_of

    unsure = Prediction("other", 0.4, (0.2,) * 5 + (0.4,), "neutral", 0.38, (0.31, 0.38, 0.31))
    assert sentiment_of(unsure, vader=None) == Sentiment(label="unknown", method="model")
    sure = Prediction("praise", 0.9, (0.02,) * 5 + (0.9,), "positive", 0.8, (0.05, 0.15, 0.8))
    assert sentiment_of(sure, vader=None).compound == pytest.approx(0.75)
    assert sentiment_of(sure, vader=0.25).compound == pytest.approx(0.5)


def test_vader_reads_what_the_model_reads_of_a_long_post() -> None:
    from bot.enrich.features import MAX_CHARS
    from bot.enrich.sentiment import vader_compound

    head = "I love this app, the team is great and support is fantastic. " * 16
    assert len(head) <= MAX_CHARS
    long_post = head.ljust(MAX_CHARS) + "terrible awful horrible disgusting " * 500
    assert vader_compound(long_post) == vader_compound(head.ljust(MAX_CHARS)) > 0.9


def test_vader_never_turns_the_side_the_label_says() -> None:
    from bot.enrich.model import Prediction
    from bot.enrich.sentiment import sentiment_of

    # sarcasm VADER took at its word: "Really appreciate the exciting new fees"
    sarcastic = Prediction("complaint", 0.8, (0.8,) + (0.04,) * 5, "negative", 0.7,
                           (0.7, 0.2, 0.1))
    s = sentiment_of(sarcastic, vader=0.9)  # the average, +0.15, would say "negative +0.15"
    assert (s.label, s.compound, s.method) == ("negative", pytest.approx(-0.6), "model+vader")
    assert sentiment_of(sarcastic, vader=-0.4).compound == pytest.approx(-0.5)  # same side
    neutral = Prediction("other", 0.8, (0.04,) * 5 + (0.8,), "neutral", 0.6, (0.3, 0.6, 0.1))
    assert sentiment_of(neutral, vader=0.9).compound == pytest.approx(0.35)  # no side to keep


@pytest.mark.parametrize(("expected", "text"), [
    ("complaint", "AcmeCloud znowu nie działa"),
    ("complaint", "로그인이 안 돼요"),
    ("complaint", "แอปล่มอีกแล้ว"),
    ("complaint", "Опять не работает вход"),
    ("complaint", "charged twice this month?? I want a refund"),
    ("question", "How do I export my data to CSV?"),
    ("question", "Czy da się podpiąć SSO?"),
    ("question", "Как перенести данные на новый аккаунт?"),
    ("question", "다른 기기에서도 동기화 되나요"),
    ("lead", "pricing for 50 seats? looking for an alternative to Dropbox"),
    ("lead", "Ile kosztuje licencja dla zespołu 200 osób?"),
    ("lead", "ราคาแพ็กเกจสำหรับทีมเท่าไหร่ครับ"),
    ("praise", "I love the new sync, great work!"),
    ("praise", "Спасибо, отличное обновление"),
    ("praise", "업데이트 최고예요"),
    ("spam", "FREE FOLLOWERS click here 🚀"),
    ("spam", "https://promo.example/xyz"),
    ("other", "Acme to acquire a startup in an undisclosed deal, shares up 4%"),
    ("lead", "Wie viel kostet der Business-Tarif für 30 Mitarbeiter?"),
    ("spam", "Zarabiaj 500 zł dziennie z domu, link w bio 💸"),
    ("complaint", "快递又丢了，客服也不回复，太差了"),
    ("question", "このアプリでデータをCSVに書き出す方法はありますか？"),
])
def test_intent(enricher: Enricher, expected: str, text: str) -> None:
    assert enricher.facts(mention(text)).intent() == expected


def test_facts_are_lazy_and_cached(enricher: Enricher) -> None:
    facts = enricher.facts(mention("I love it"))
    assert facts.computed == []
    facts.intent()
    facts.intent()
    assert facts.computed == ["language", "intent"]  # VADER is a feature of English posts
    signal = facts.signal(routes=(), keywords=())
    assert "sentiment" not in facts.computed and signal.sentiment.label == "unknown"
    scored = facts.signal(routes=(), keywords=("love",), score_sentiment=True)
    assert scored.sentiment.label == "positive" and facts.computed.count("sentiment") == 1


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(StoreConfig(path=str(tmp_path / "e.db")), redis_url=None, clock=clock)
    yield s
    await s.close()


async def test_author_context_history_trend_influence(store: Store, clock: FakeClock) -> None:
    builder = AuthorContextBuilder(store)
    for i, compound in enumerate([-0.6, -0.2]):
        m = mention(f"earlier post number {i}", native=str(i))
        m = m.model_copy(update={"created_at": m.created_at + timedelta(minutes=i)})
        await put_signal(store, Signal(mention=m, sentiment=Sentiment(compound=compound,
                                                                     label="negative")), 3600)
    ctx = await builder.context(mention("new one", native="9", followers=25_000))
    assert ctx.previous_mentions == 2
    assert ctx.recent_sentiment == (-0.6, -0.2)
    assert ctx.influential and not ctx.likely_bot


async def test_bot_heuristics(store: Store) -> None:
    builder = AuthorContextBuilder(store)
    assert (await builder.context(mention("hello there", handle="promo83921"))).likely_bot
    assert (await builder.context(mention("https://x.example/a https://x.example/b"))).likely_bot
    assert not (await builder.context(mention("normal words here", handle="kasia"))).likely_bot


@pytest.mark.parametrize("declared", ["en\n\n✅ SocialOps: all clear", "x" * 300, "e", "en gb"])
def test_a_declared_language_that_is_no_language_code_is_not_taken(
        enricher: Enricher, declared: str) -> None:
    """A Mastodon status's language is any string its server sends: for a post too short to
    detect, it was taken as the post's language whatever it held (line breaks shown on the
    card's badges, 300 characters in a badge)."""
    import json

    from integrations.social.mastodon.parse import normalize_status

    real = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
    status = json.loads((real / "status_edited_cw_mention_customemoji_gifv.json").read_text())
    status.update(content="<p>👍 ok</p>", spoiler_text="", language=declared)
    assert enricher.facts(normalize_status(status, source="m")).language() is None
    status["language"] = "pl-PL"  # a code, with its region: taken as before
    assert enricher.facts(normalize_status(status, source="m")).language() == "pl"


@pytest.mark.parametrize(("declared", "expected"), [
    ("zh-Hant", "zh"), ("sr-Latn", "sr"), ("zh_TW", "zh"), ("pt_BR", "pt"), (" en-us\n", "en"),
    ("eng", "en"), ("deu", "de"), ("yue", "zh"), ("fil", "tl"), ("in", "id"), ("iw", "he"),
    ("haw", "haw"), ("und", None), ("mul", None), ("zxx", None)])
def test_a_declared_language_tag_is_read_as_its_language(
        enricher: Enricher, declared: str, expected: str | None) -> None:
    """A declared language is a language tag (BCP 47: a script or region after the code) or a
    locale (zh_TW, as RSS feeds written by Java or gettext tools have it): a locale's code was
    dropped as no language code, "und" (undetermined) was a language shown on the card, and a
    three-letter code lingua knows by two letters ("eng") was another language than the
    detector's "en"; so were Filipino's "fil" (detected: tl), Cantonese's "yue" (zh) and the
    withdrawn "in" and "iw" (id, he), none of which a rule's match.language takes. Through the
    RSS parser (a channel's language) and the enricher, for a post too short to detect."""
    from datetime import UTC, datetime

    from integrations.social.rss.parse import parse_feed

    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            f"<link>https://blog.example/</link><language>{declared}</language>"
            "<item><title>👍 ok</title><link>https://blog.example/1</link>"
            "<guid>https://blog.example/1</guid></item></channel></rss>")
    [post] = parse_feed(feed.encode(), feed_url="https://blog.example/feed", headers={},
                        source="r", first_seen=datetime(2026, 12, 1, tzinfo=UTC)).mentions
    assert enricher.facts(post).language() == expected
    # a post long enough is detected as before, whatever was declared
    post = post.model_copy(update={"text": "Warum kann ich mich nicht mehr in der App anmelden?"})
    assert enricher.facts(post).language() == "de"
