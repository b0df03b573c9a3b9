"""Lookalike spellings (Unicode TS #39 confusables) of a Latin keyword are found, through the
router as the pipeline and ``rules explain`` run it and the Bluesky stream prefilter; real
Russian and Greek words are not read as Latin ones."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.lookalikes import LATIN_LOOKALIKES, lookalike_fold
from bot.core.models import Author, Mention
from bot.core.text import fold
from integrations.social.bluesky.source import KeywordFilter
from rules.cli import permissive_channels, rules_explain
from tests.rules.support import CountingFacts

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def explain(tmp_path: Path, text: str, keywords: str = "[acme, cop, сор]", *,
            condition: str = "any", hashtags: tuple[str, ...] = ()) -> str:
    """What `rules explain` says of a post ``text`` (with ``hashtags``) on one route matching
    ``{condition: keywords}``."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"routes:\n  - name: r\n    match: {{{condition}: " + keywords + "}\n"
                     "    channel: anything\n", encoding="utf-8")
    mention = Mention(id="x:1", network="x", source="cli", text=text, created_at=NOW,
                      author=Author(id="1", handle="ann"), hashtags=hashtags)
    out = io.StringIO()
    rules_explain(rules, mention, channels=permissive_channels(), escalations=set(),
                  facts_factory=CountingFacts, now=NOW, out=out)
    return out.getvalue()


@pytest.mark.parametrize(("text", "word"), [
    ("Асme support: verify your account", "Асme"),  # Cyrillic А and с among Latin letters
    ("Log in to your АСМЕ wallet now", "АСМЕ"),  # all Cyrillic, in a Latin post
    ("ΑСΜΕ giveaway", "ΑСΜΕ"),  # Greek and Cyrillic capitals: no language mixes them
    ("𝚨𝐜𝐦𝐞 airdrop", "𝚨𝐜𝐦𝐞"),  # a mathematical Greek capital alpha, NFKC's Α
    ("free ɑcme coins", "ɑcme"),  # a Latin alpha
    ("А\u200bс\u200dme refund", "Асme"),  # zero-width characters between the lookalikes
    ("А̸̢̛с̶̡me is down", "Асme"),  # stacked marks on them
])
def test_a_lookalike_spelling_is_found_and_explain_says_so(
        tmp_path: Path, text: str, word: str) -> None:
    out = explain(tmp_path, text)
    assert f"keywords found: acme (lookalike {word!r})\n" in out, out
    assert "alert r -> " in out, out


@pytest.mark.parametrize("text", [
    "ＡＣＭＥ is down", "𝐀𝐜𝐦𝐞 is down", "ⓐⓒⓜⓔ is down", "A̸̢c̶m̷e̵ is down", "Ac\u200bme is down",
])
def test_spellings_the_fold_already_reads_are_no_lookalikes(tmp_path: Path, text: str) -> None:
    assert "keywords found: acme\n" in explain(tmp_path, text)


@pytest.mark.parametrize("text", [
    "Купил сор на рынке",  # Russian: "сор" (rubbish), a word of the sentence
    "сор",  # alone: nothing Latin around it
    "Москва: АСМЕ",  # a Cyrillic post: АСМЕ could be a Russian abbreviation
    "Ο ΚΟΡ ΜΕ",  # Greek capitals, one letter (Ρ) among others
])
def test_real_russian_and_greek_words_are_not_read_as_latin(tmp_path: Path, text: str) -> None:
    out = explain(tmp_path, text, "[acme, cop, kop, me]")
    assert "keywords found: none\n" in out, out


def test_a_russian_keyword_still_finds_its_word_where_a_lookalike_is_read(
        tmp_path: Path) -> None:
    """The lookalike form is matched besides the folded text, never instead of it."""
    out = explain(tmp_path, "cop and сор")
    assert "keywords found: cop, сор\n" in out, out


def test_spaced_letters_are_no_word_but_a_phrase_finds_them(tmp_path: Path) -> None:
    """Decided, not missed: "A c m e" is four one-letter words (docs/rules.md says why); the
    phrase "a c m e" finds them, and their hyphened spelling."""
    assert lookalike_fold("A c m e") is None
    assert "keywords found: none\n" in explain(tmp_path, "A c m e is down")
    for text in ("A c m e is down", "A-c-m-e is down"):
        assert "keywords found: a c m e\n" in explain(tmp_path, text, '[acme, "a c m e"]')


@pytest.mark.parametrize(("text", "kept"), [
    ("Асme is down", True), ("Купил сор", False), ("hello", False), ("Mañana", False),
])
def test_the_bluesky_prefilter_keeps_what_routing_finds(text: str, kept: bool) -> None:
    assert KeywordFilter(["acme", "cop"])(text) is kept


def test_the_table() -> None:
    """Every entry: a non-ASCII letter that NFKC and fold do not already make ASCII, read as
    one ASCII letter or digit; and the well-known impersonation letters are in it."""
    for ch, (latin, script) in LATIN_LOOKALIKES.items():
        assert len(ch) == 1 and not ch.isascii() and unicodedata.category(ch)[0] == "L", ch
        assert not fold(ch).isascii(), ch
        assert len(latin) == 1 and latin.isascii() and latin.isalnum(), ch
        assert script.replace("_", "").isalpha(), script
    for ch, latin in zip("АВЕКМНОРСТХаеорсху", "ABEKMHOPCTXaeopcxy", strict=True):
        assert LATIN_LOOKALIKES[ch] == (latin, "Cyrillic")
    for ch, latin in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοα", "ABEZHIKMNOPTYXoa", strict=True):
        assert LATIN_LOOKALIKES[ch] == (latin, "Greek")
    assert LATIN_LOOKALIKES["ɑ"] == ("a", "Latin")
    assert "н" not in LATIN_LOOKALIKES  # a small en looks like no Latin letter
    for ch, latin in zip("ᴀʙᴅᴇꜰɢʜᴊᴋʟᴍɴᴘʀᴛ", "abdefghjklmnprt", strict=True):
        assert LATIN_LOOKALIKES[ch] == (latin, "Latin")  # small capitals
    # bounded: the letters of confusables.txt and the small capitals
    assert 450 < len(LATIN_LOOKALIKES) < 500


@pytest.mark.parametrize(("text", "keywords"), [
    # a Russian abbreviation or word of its own, the one Cyrillic word of an English post:
    # МТС is the Russian telco, ТНТ a TV channel, ОК and НР what they read in Russian
    ("Thanks МТС for the fast internet", "[mtc, mts]"),
    ("Xiaomi ОК", "[ok]"),
    ("PS5 — ОК", "[ok]"),
    ("New laptop from НР", "[hp]"),
    ("Mi Band сор", "[cop]"),
    ("BMW і Audi", '["bmw i audi"]'),  # Ukrainian 'and'
    ("Ја volim BMW", "[ja]"),  # Serbian 'I'
    # several words of the post's other script, each all lookalikes: a sentence of it
    ("BMW ΚΑΙ ΤΟ ΝΕΟ", "[neo, kai]"),  # Greek capitals: 'and the new'
    ("Great show on ТНТ and РЕН ТВ", "[tht, tb, peh]"),
    ("Sale: СОСО ОРЕХ cookies", "[coco, opex]"),  # 'СОСО' beside another Russian word
])
def test_real_words_of_another_script_in_a_latin_post_are_not_read_as_latin(
        tmp_path: Path, text: str, keywords: str) -> None:
    """A word all of one script's lookalikes is read as Latin only when it is the post's one
    word of that script and is no short word (3 letters or fewer: the abbreviations and short
    words of Russian, Greek, Ukrainian, Serbian that read as short brand keywords)."""
    out = explain(tmp_path, text, keywords)
    assert "keywords found: none\n" in out, out


def test_routing_a_post_of_many_lookalike_keywords_folds_no_word_per_keyword(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile post of the maximum size holding 300 keywords in lookalike letters: routing
    does not fold each word again for each keyword found (it did: two million folds, 50 times
    the same post in Latin letters), and explain folds each distinct word once. Counted, not
    timed."""
    import bot.core.lookalikes as lookalikes
    from bot.core.text import MAX_TEXT
    from rules.router import compile_router
    from tests.rules.support import T0, facts, rules

    cyrillic = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у"}
    words = [f"k{a}{b}{c}{d}{e}" for a in "aceo" for b in "cepx" for c in "aoxy"
             for d in "ceop" for e in "ay"]
    keys = words[:300]
    ruleset = rules("routes:\n" + "".join(
        f"  - name: r{i}\n    match: {{any: [{k}]}}\n    channel: support\n    continue: true\n"
        for i, k in enumerate(keys)))
    router = compile_router(ruleset)
    spoofed = " ".join("k" + "".join(cyrillic[ch] for ch in k[1:]) for k in keys)
    text = (spoofed + " ") * (MAX_TEXT // (len(spoofed) + 1))
    calls = [0]
    real_fold = lookalikes.fold

    def counting(s: str) -> str:
        calls[0] += 1
        return real_fold(s)

    monkeypatch.setattr(lookalikes, "fold", counting)
    assert len(router.route(facts(text), T0).hits) == 300
    assert calls[0] <= 2, calls
    calls[0] = 0
    found = router.explain(facts(text), T0).keywords_found
    assert len(found) == 300 and f"{keys[0]} (lookalike 'k" in found[0], found[0]
    assert calls[0] <= len(keys) + 2, calls


@pytest.mark.parametrize("text", [
    "Acme ɡiveaway now",  # a Latin script g
    "Acme gіveaway now",  # a Ukrainian і among Latin letters
    "Асme gіveaway now",  # both words
])
def test_an_exclusion_sees_lookalikes_too(text: str) -> None:
    """Decided: 'none:' and a subscription's NOT read the lookalike reading as 'any:' does,
    or a spammer dodges an exclusion with one lookalike letter; the same rules keep real
    words of other scripts from being read (and so from excluding a post)."""
    from bot.core.models import Subscription
    from rules.router import compile_router
    from tests.rules.support import T0, facts, rules

    sub = Subscription(id="S-1", workspace="console", channel="C-sales",
                       query="acme -giveaway", created_by="dave", created_at=T0)
    router = compile_router(rules(
        "routes:\n  - name: r\n    match: {any: [acme], none: [giveaway]}\n"
        "    channel: support\n    continue: true\n"), [sub])
    assert router.route(facts(text), T0).hits == ()
    kept = router.route(facts("Асme giveaways, Купил гіveaway"), T0).hits
    assert sorted(h.route for h in kept) == ["r", "sub:S-1"], kept


def test_a_word_of_many_distinct_letters_is_classified_per_word_not_per_letter() -> None:
    """A hostile post of the maximum size: a lookalike word and 19,990 distinct CJK letters,
    as one word or words of 3. Each distinct letter was classified in Python (NFKC, then the
    script of each of 25), its answer cached in 4,096 places: 100-160 ms of CPU a post on the
    event loop. Now a word of many distinct letters, or any word of a post of more than the
    cache holds, is a set and two regex searches in C. Counted (Python-level calls), not
    timed."""
    import sys

    from bot.core.text import MAX_TEXT

    letters = "".join(chr(0x4E00 + i) for i in range(MAX_TEXT))
    one_word = ("ɑcme а" + letters)[:MAX_TEXT]
    words = ("ɑcme а " + " ".join(letters[i:i + 3] for i in range(0, MAX_TEXT, 3)))[:MAX_TEXT]
    calls = [0]

    def count(frame: object, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    for text, most in ((one_word, 1_000), (words, 20 * words.count(" "))):
        assert lookalike_fold(text) is not None  # the word ɑcme is read
        calls[0] = 0
        sys.setprofile(count)
        try:
            lookalike_fold(text)
        finally:
            sys.setprofile(None)
        assert calls[0] < most, (calls, most)


def test_the_latin_letter_test_is_one_regex_search() -> None:
    """A post of 20,000 Latin lookalikes and a Cyrillic one: whether it has a Latin letter
    that is no lookalike was a Python loop over every Latin letter in it (~5 ms). Counted
    (Python-level calls), not timed."""
    import sys

    from bot.core.text import MAX_TEXT

    text = ("а " + "ɑ" * MAX_TEXT)[:MAX_TEXT]
    calls = [0]

    def count(frame: object, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    lookalike_fold(text)
    sys.setprofile(count)
    try:
        lookalike_fold(text)
    finally:
        sys.setprofile(None)
    assert calls[0] < 200, calls


@pytest.mark.parametrize(("text", "keywords"), [
    ("Tutlayt tamaziɣt d tutlayt n yimaziɣen", "[tamaziyt, yimaziyen]"),  # Kabyle: ɣ
    ("I am learning Tamaziɣt this year", "[tamaziyt]"),  # the language's name, in English
    ("Ɛyɛ ɣe, mɔ ɖe le ŋgɔ", "[ye]"),  # Ewe ɣe ('sun')
    ("Kabɩyɛ tɔm", "[kabiye]"),  # Kabiyé: ɩ beside ɛ in the word
    ("Fe'fe': ŋwɑ̀'", "[nwa]"),  # a Cameroonian orthography's ɑ, beside ŋ in the word
    ("Mía ƒe ɖeviwo srɔ̃a Eʋɛgbɛ", "[euegbe]"),  # ʋ beside ɛ
])
def test_a_word_of_a_real_latin_orthography_is_not_read_as_ascii(
        tmp_path: Path, text: str, keywords: str) -> None:
    """ɣ, ʋ, ɩ, ɑ are letters of living Latin orthographies (Kabyle and Tamazight, Ewe,
    Kabiyé, the General Alphabet of Cameroon Languages): a word written properly in them is
    no spoof of an ASCII word."""
    from bot.core.lookalikes import ORTHOGRAPHIC

    assert all(LATIN_LOOKALIKES[ch][1] == "Latin" for ch in ORTHOGRAPHIC)
    out = explain(tmp_path, text, keywords)
    assert "keywords found: none\n" in out, out


@pytest.mark.parametrize(("text", "word"), [
    ("Tamaziɣt асme", "асme"),  # the Cyrillic word is still read
    ("vɩsа card blocked", "vɩsа"),  # ɩ with a Cyrillic а: no orthography mixes them
    ("free ɑcme coins", "ɑcme"),  # ɑ in a post of no such orthography
    ("Bɩnance support: verify now", "Bɩnance"),  # ɩ, a fine spoof of i, in an English post
    # one letter of such an orthography elsewhere in the post is no licence for every word:
    # the word itself must hold it (review of d8c03c0, where these four found nothing)
    ("ɑcme giveaway ŋ", "ɑcme"),  # a stray ŋ
    ("ɣ Bɩnance support: verify now", "Bɩnance"),  # a stray ɣ
    ("Kabɩyɛ tɔm: free ɑcme coins", "ɑcme"),  # a spoof quoted in a Kabiyé post
    ("Bɩnance dəstək xidməti", "Bɩnance"),  # Azerbaijani, whose ə is such a letter
])
def test_an_orthography_letter_mixed_with_another_script_lookalike_is_still_read(
        tmp_path: Path, text: str, word: str) -> None:
    out = explain(tmp_path, text, "[acme, visa, binance]")
    assert "(lookalike " + repr(word) + ")" in out, out


@pytest.mark.parametrize(("text", "keyword", "word"), [
    # small capitals, as the "small caps font" generators of social profiles write them:
    # neither NFKC nor confusables.txt reads ᴀ ʙ ᴅ ᴇ ꜰ ɢ ʜ ᴊ ᴋ ʟ ᴍ ɴ ᴘ ʀ ᴛ as their letters
    ("ᴀᴄᴍᴇ is down again", "acme", "ᴀᴄᴍᴇ"),
    ("ʙɪɴᴀɴᴄᴇ sᴜᴘᴘᴏʀᴛ: verify your wallet", "binance", "ʙɪɴᴀɴᴄᴇ"),
    ("my ʜᴘ printer", "hp", "ʜᴘ"),
    ("ᴘᴀʏᴘᴀʟ refund ꜰᴏʀᴍ", "paypal", "ᴘᴀʏᴘᴀʟ"),
    ("Aᴄᴍᴇ giveaway", "acme", "Aᴄᴍᴇ"),  # mixed with an ASCII capital
    ("ᴅʀᴏᴘʙᴏx ᴊᴏʙs", "dropbox", "ᴅʀᴏᴘʙᴏx"),
    ("ɢᴏᴏɢʟᴇ ᴛᴇᴀᴍ", "google", "ɢᴏᴏɢʟᴇ"),
    ("ɴᴇᴛꜰʟɪx ᴋɪᴅs", "netflix", "ɴᴇᴛꜰʟɪx"),
])
def test_small_capitals_read_as_their_letters(tmp_path: Path, text: str, keyword: str,
                                              word: str) -> None:
    out = explain(tmp_path, text, f"[{keyword}]")
    assert f"keywords found: {keyword} (lookalike {word!r})" in out, out


@pytest.mark.parametrize(("text", "keyword", "word"), [
    # the negative (white on black) circled and squared letters of "fancy text" generators:
    # NFKC reads Ⓐ and 🄰 as A, but these are symbols of no decomposition
    ("🅰🅲🅼🅴 is down again", "acme",
     "🅰🅲🅼🅴"),
    ("🅐🅒🅜🅔 giveaway", "acme",
     "🅐🅒🅜🅔"),
    ("free 🅰cme coins", "acme", "🅰cme"),  # one of them among ASCII letters
    ("🅰️🅲🅼🅴 airdrop", "acme",  # with emoji style
     "🅰🅲🅼🅴"),
    ("🅗🅟 support", "hp", "🅗🅟"),
    ("🆇🅴🆁🅾🆇 login", "xerox",
     "🆇🅴🆁🅾🆇"),
    ("🆀🆄🅸🅲🅺 refund", "quick",
     "🆀🆄🅸🅲🅺"),
])
def test_negative_circled_and_squared_letters_read_as_their_letters(
        tmp_path: Path, text: str, keyword: str, word: str) -> None:
    out = explain(tmp_path, text, f"[{keyword}]")
    assert f"keywords found: {keyword} (lookalike {word!r})" in out, out


@pytest.mark.parametrize(("text", "keyword", "word"), [
    # the syllabics of "fancy text" generators beyond confusables.txt's: ᗩ for A, ᑕ C, ᑎ N,
    # ᑫ q, ᗯ W, ᘔ Z (it has ᗷ ᗪ ᖴ ᕼ ᒍ ᒪ ᗰ ᑭ ᖇ ᑌ ᐯ)
    ("ᗩᑕᗰE is down again", "acme", "ᗩᑕᗰE"),
    ("ᗷIᑎᗩᑎᑕE support: verify", "binance", "ᗷIᑎᗩᑎᑕE"),
    ("ᑎETᖴᒪIX login", "netflix", "ᑎETᖴᒪIX"),
    ("ᗯᗩᒪᒪET drained", "wallet", "ᗯᗩᒪᒪET"),
    ("ᗩᘔᑌᖇE outage", "azure", "ᗩᘔᑌᖇE"),
])
def test_fancy_text_syllabics_read_as_the_letters_they_stand_for(
        tmp_path: Path, text: str, keyword: str, word: str) -> None:
    out = explain(tmp_path, text, f"[{keyword}]")
    assert f"keywords found: {keyword} (lookalike {word!r})" in out, out


@pytest.mark.parametrize(("text", "keywords"), [
    ("ᐃᓄᒃᑎᑐᑦ ᑕᑯᒃᓴᐅᓂᖏᑦ", "[nn, cn]"),  # Inuktitut: "Inuktitut", its words hold ᑎ and ᑕ
    ("ᑕᑎ", "[cn]"),  # a short word all of them is left be
    ("Learning Inuktitut: ᑕᑕᑎᑎ and ᐃᓄᒃᑎᑐᑦ", "[ccnn]"),  # an Inuktitut word beside: its script
])
def test_syllabics_of_real_words_are_not_read_as_latin(tmp_path: Path, text: str,
                                                      keywords: str) -> None:
    out = explain(tmp_path, text, keywords)
    assert "keywords found: none" in out, out


def test_a_word_of_a_living_orthography_with_a_small_capital_is_still_left_be(
        tmp_path: Path) -> None:
    """ɣ says the word is Tamazight; a small capital beside it does not make it a spoof."""
    out = explain(tmp_path, "Tutlayt tamaziɣt", "[tamaziyt]")
    assert "alert r" not in out, out


@pytest.mark.parametrize(("text", "keywords", "found"), [
    # leetspeak and "rn" for "m" are not read: as in listening tools, a route finds such a
    # spelling when it lists it, and never reads "4" or "rn" in every post
    ("Free 4cme coins, log in at @cme", "[acme]", None),
    ("Free 4cme coins", "[acme, 4cme]", "4cme"),
    ("free coins at @cme", "[acme, '@cme']", "@cme"),
    ("acm3 giveaway", "[acme, acm3]", "acm3"),
    ("Log in to your acrne wallet", "[acme]", None),
    ("Log in to your acrne wallet", "[acme, acrne]", "acrne"),
    # a short brand all in Cyrillic is left be (a Russian word far more often); a route that
    # wants it lists it in Cyrillic, and so finds the Russian word too
    ("Buy cheap НР ink here", "[hp]", None),
    ("Buy cheap НР ink here", "[hp, нр]", "нр"),
])
def test_spellings_not_read_are_found_when_a_route_lists_them(
        tmp_path: Path, text: str, keywords: str, found: str | None) -> None:
    out = explain(tmp_path, text, keywords)
    assert f"keywords found: {found or 'none'}\n" in out, out


def explain_hashtags(tmp_path: Path, text: str, tags: str, hashtags: tuple[str, ...] = ()) -> str:
    return explain(tmp_path, text, tags, condition="hashtags", hashtags=hashtags)


@pytest.mark.parametrize(("text", "hashtags"), [
    ("Free coins from #Асme today", ()),  # Cyrillic А and с among Latin letters
    ("Log in to your #АСМЕ wallet now", ()),  # all Cyrillic, in a Latin post
    ("#ΑСΜΕ giveaway", ()),  # Greek and Cyrillic capitals
    ("free coins today", ("#Асme",)),  # the platform's list of the post's hashtags
    # the text's own hashtag in the platform's list too, lowercased as Mastodon's parse
    # lists it: one word, not a second all-Cyrillic one that would say the post is Russian
    ("Log in to your #АСМЕ wallet now", ("асме",)),
    ("Log in to your #АСМЕ wallet now", ("АСМЕ",)),
])
def test_a_hashtag_condition_reads_lookalikes_as_keywords_do(
        tmp_path: Path, text: str, hashtags: tuple[str, ...]) -> None:
    """'#Асme' is the hashtag acme spelled in lookalikes: 'hashtags: [acme]' finds it, by the
    keyword rule (the same words are read and the same are not)."""
    out = explain_hashtags(tmp_path, text, "[acme]", hashtags)
    assert "alert r -> " in out, out


@pytest.mark.parametrize(("text", "hashtags", "written"), [
    ("Free coins from #Асme today", (), "Асme"),
    # the platform's list only: no keyword line shows it, so the route's line must
    ("free coins today", ("#Асme",), "Асme"),
    ("free coins today", ("АСМЕ",), "АСМЕ"),
])
def test_a_lookalike_hashtag_match_is_marked_on_its_route(
        tmp_path: Path, text: str, hashtags: tuple[str, ...], written: str) -> None:
    """As a lookalike keyword is marked ('acme (lookalike ...)'), so is a hashtag found only
    in the lookalike reading: 'fired: hashtag #acme (lookalike '#Асme')'."""
    out = explain_hashtags(tmp_path, text, "[acme]", hashtags)
    assert f"fired: hashtag #acme (lookalike '#{written}')" in out, out


def test_a_hashtag_as_written_is_not_marked_lookalike(tmp_path: Path) -> None:
    out = explain_hashtags(tmp_path, "Free coins from #acme and #Асme today", "[acme]")
    assert "fired: hashtag #acme\n" in out + "\n", out


def explain_handles(tmp_path: Path, text: str, handles: str) -> str:
    return explain(tmp_path, text, handles, condition="handles")


@pytest.mark.parametrize(("text", "written"), [
    ("DM @Асme for your refund", "@Асme"),  # Cyrillic А and с: an impersonator's handle
    ("Contact @ᴀᴄᴍᴇ support now", "@ᴀᴄᴍᴇ"),
    ("Write to @Асme@mastodon.example", "@Асme"),
])
def test_a_handles_condition_reads_lookalikes_as_hashtags_do(
        tmp_path: Path, text: str, written: str) -> None:
    """'handles: [acme]' finds a post addressed to a lookalike of the account, as 'hashtags'
    finds '#Асme', and explain says it was a lookalike."""
    out = explain_handles(tmp_path, text, "[acme]")
    assert "alert r -> " in out, out
    assert f"(lookalike {written!r})" in out, out


def test_a_handles_condition_leaves_a_russian_handle_be(tmp_path: Path) -> None:
    out = explain_handles(tmp_path, "Купил у @сор на рынке", "[cop]")
    assert "alert r -> " not in out, out


@pytest.mark.parametrize(("text", "tags"), [
    ("Купил #сор на рынке", "[cop]"),  # a Russian word of a Russian sentence
    ("Thanks #МТС for the fast internet", "[mtc]"),  # a short word all Cyrillic
])
def test_a_hashtag_condition_leaves_real_words_of_other_scripts_be(
        tmp_path: Path, text: str, tags: str) -> None:
    out = explain_hashtags(tmp_path, text, tags)
    assert "alert r -> " not in out, out


def test_a_mastodon_status_with_a_cyrillic_hashtag_spoof_is_found(tmp_path: Path) -> None:
    """Read as Mastodon's API sends it: the hashtag as written in the content's link and, in
    tags[], its name, which the parse lowercases ('асме'): one hashtag, read as #acme."""
    from integrations.social.mastodon.parse import normalize_status

    toot = normalize_status({
        "id": "1", "created_at": "2026-01-05T11:00:00Z",
        "content": '<p>Log in to your <a href="https://m.example/tags/%D0%B0%D1%81%D0%BC%D0%B5" '
                   'class="mention hashtag" rel="tag">#<span>АСМЕ</span></a> wallet now</p>',
        "tags": [{"name": "АСМЕ", "url": "https://m.example/tags/асме"}],
        "account": {"id": "2", "acct": "a@m.example"}}, source="m")
    assert toot.hashtags == ("асме",)
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - name: r\n    match: {hashtags: [acme]}\n"
                     "    channel: anything\n", encoding="utf-8")
    out = io.StringIO()
    rules_explain(rules, toot, channels=permissive_channels(), escalations=set(),
                  facts_factory=CountingFacts, now=NOW, out=out)
    assert "alert r -> " in out.getvalue(), out.getvalue()


@pytest.mark.parametrize("sign", ["#", "@"])
def test_routing_a_post_of_many_lookalike_tags_marks_none_that_did_not_fire(
        monkeypatch: pytest.MonkeyPatch, sign: str) -> None:
    """A hostile post of the maximum size, thousands of distinct hashtags (or @names) in
    small capitals, routed past 'hashtags:' and 'handles:' routes none of them fires: routing
    does not work out how each was written (e5e0aa5 and 27e43a1 did, every tag against every
    word: 3,000 x 3,000, 1.5 s of the event loop a post); a route that fires says its own.
    Counted, not timed."""
    import bot.core.lookalikes as lookalikes
    from bot.core.text import MAX_TEXT
    from rules.router import compile_router
    from tests.rules.support import T0, facts, rules

    letters = "bdefghjklmnoprt"
    names = [f"ᴀ{a}{b}{c}" for a in letters for b in letters for c in letters]
    text = " ".join(sign + n for n in names)[:MAX_TEXT - 10].rsplit(" ", 1)[0] + f" {sign}Асme"
    router = compile_router(rules(
        "routes:\n  - name: t\n    match: {hashtags: [zzz, acme]}\n    channel: support\n"
        "  - name: h\n    match: {handles: [zzz, acme]}\n    channel: support\n"
        "    continue: true\n"))
    asked: list[int] = []  # the tags each look-up of how they were written is asked about
    real_written = lookalikes.Lookalike.written

    def counting(self: lookalikes.Lookalike, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        asked.append(len(keys))
        return real_written(self, keys)

    monkeypatch.setattr(lookalikes.Lookalike, "written", counting)
    [hit] = router.route(facts(text), T0).hits
    assert hit.route == ("t" if sign == "#" else "h")
    assert asked == [1], asked  # the one that fired its route, not every tag of the post
    assert f"(lookalike '{sign}Асme')" in " ".join(hit.reasons), hit.reasons


@pytest.mark.parametrize(("text", "keyword", "word"), [
    ("Japanese final n is uvular: [hoɴ], a book", "hon", "hoɴ"),  # an IPA transcription
    ("🅱️ruh moment", "bruh", "🅱ruh"),  # an emoji written against a word is a letter of it
])
def test_the_documented_costs_of_small_capitals_and_boxed_letters(
        tmp_path: Path, text: str, keyword: str, word: str) -> None:
    """docs/rules.md names these costs: a phonetic transcription's small capitals are read
    as the generators' are, and a boxed letter against a word is read into it."""
    out = explain(tmp_path, text, f"[{keyword}]")
    assert f"keywords found: {keyword} (lookalike {word!r})\n" in out, out
