"""A keyword is read as a post is read (``bot.core.lookalikes.keyword_patterns``,
``bot.core.text.match_form``): typed with a lookalike letter it finds the Latin word too; a
phrase of a script written without spaces finds its words written together; Traditional and
Simplified Chinese find each other, and Arabic's spelling variants; an emoji written without a
skin tone finds it with one.
Each through ``rules test`` (the rules loader and the router) and through a subscription (the
postings and their index)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.core.models import Subscription
from rules import compile_router
from rules.cli import permissive_channels, rules_test
from tests.rules.support import T0, CountingFacts, facts, rules


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON is YAML; escaped as ``\\u`` pairs, an
    emoji past U+FFFF would read as two lone surrogates)."""
    return json.dumps(text, ensure_ascii=False)


def rules_test_fires(tmp_path: Path, keyword: str, text: str) -> bool:
    """Whether ``rules test`` finds a route ``any: [keyword]`` fire for a post ``text``
    (the case expects it to; a failing case is one that did not)."""
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(
        f"routes:\n  - name: r\n    match: {{any: [{quote(keyword)}]}}\n"
        "    channel: support\n", encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"cases:\n  - name: c\n    mention: {{text: {quote(text)}}}\n"
                     "    expect: [r]\n", encoding="utf-8")
    out = io.StringIO()
    code = rules_test(rules_file, cases, channels=permissive_channels(), escalations=set(),
                      facts_factory=CountingFacts, out=out)
    assert out.getvalue().strip().endswith(
        "1 case(s): 1 passed, 0 failed" if code == 0 else "1 case(s): 0 passed, 1 failed"), \
        out.getvalue()
    return code == 0


def subscription_fires(query: str, text: str) -> bool:
    sub = Subscription(id="S-1", workspace="slack", channel="C1", query=query,
                       created_by="alice", created_at=T0)
    router = compile_router(rules("routes: []"), [sub])
    return [h.route for h in router.route(facts(text), T0).hits] == ["sub:S-1"]


def both(tmp_path: Path, keyword: str, text: str) -> tuple[bool, bool]:
    query = quote(keyword) if " " in keyword else keyword
    return rules_test_fires(tmp_path, keyword, text), subscription_fires(query, text)


# --- 1. a keyword typed with a lookalike letter is read as a post is: as Latin


@pytest.mark.parametrize(("keyword", "text"), [
    ("kelpо", "kelpo is down again"),  # Cyrillic о among Latin letters: plain Latin post
    ("kelpо", "KELPO outage"),
    ("kelpо", "kelpо outage"),  # its own spelling, still
    ("kelpо", "kеlpo outage"),  # another spoof (Cyrillic е) of the same word
    ("nοvatel", "Novatel support?"),  # Greek ο
    ("ɡrimbly", "grimbly app"),  # a Latin script g (ɡ)
    ("*bаnkly", "megabankly rocks"),  # starred: the Latin reading keeps the star's meaning
    ("kelpо cloud", "the Kelpo-Cloud console"),  # a phrase, hyphen read as a space
])
def test_a_keyword_with_a_lookalike_letter_finds_the_latin_word(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (True, True)


@pytest.mark.parametrize(("keyword", "text"), [
    ("сор", "cop car"),  # Russian "rubbish": no lookalike reading of a Russian word
    ("кот", "kot"),  # all Cyrillic, no Latin letter: read as written
    ("kelpо", "kelpos"),  # the Latin reading is still a whole word
])
def test_a_keyword_read_as_written_is_not_read_as_latin(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (False, False)


# --- 2. a phrase of a script written without spaces finds its words written together


@pytest.mark.parametrize(("keyword", "text"), [
    ("アプリ 落ちる", "また アプリ落ちるんだけど"),  # Japanese (katakana, kanji, hiragana)
    ("アプリ 落ちる", "アプリ 落ちる"),  # and as the phrase spells it
    ("账户 冻结", "我的账户冻结了"),  # Chinese
    ("โอนเงิน ไม่ได้", "วันนี้โอนเงินไม่ได้เลย"),  # Thai
    ("ផ្ញើ សារ", "ខ្ញុំផ្ញើសារមិនបាន"),  # Khmer
    ("ငွေ လွှဲ", "ငွေလွှဲမရဘူး"),  # Myanmar
    ("kelpo アプリ", "kelpo アプリ 最高"),  # Latin beside Japanese: the space stays a space
])
def test_a_phrase_of_an_unspaced_script_finds_it_written_together(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (True, True)


@pytest.mark.parametrize(("keyword", "text"), [
    ("배송 지연", "배송지연 너무 심해요"),  # Korean is written with spaces: kept as it is
    ("kelpo アプリ", "kelpoアプリ"),  # a Latin word is a word: its space is not taken out
])
def test_a_space_beside_a_spaced_script_is_still_needed(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (False, False)


# --- 3. Traditional and Simplified Chinese find each other; Japanese still finds Japanese


@pytest.mark.parametrize(("keyword", "text"), [
    ("价格", "這個價格太貴了"),  # Simplified keyword, Traditional post
    ("头发", "頭髮一直掉"),
    ("發貨", "还没发货吗"),  # Traditional keyword, Simplified post
    ("退貨 運費", "退货运费谁出"),  # a phrase, Traditional, written together in Simplified
    ("問題発生", "サーバーで問題発生しました"),  # Japanese keyword (問題 converts), Japanese post
    ("後で連絡", "後で連絡します"),
    ("図書館", "図書館が閉まってる"),  # shinjitai, untouched
])
def test_traditional_and_simplified_chinese_match_and_japanese_still_does(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (True, True)


@pytest.mark.parametrize(("keyword", "text"), [
    ("شيء", "ما في شيئ يشتغل"),  # a hamza after ya, and the ya it is written on
    ("خدمة العملاء", "خدمه العملاء ما ترد"),  # ta marbuta and ha
    ("مستشفى", "مستشفي المدينة مغلق"),  # alef maqsura and ya
    ("على طول", "الشبكة طايحة على طول"),  # as written: still found
    ("أسوأ", "اسوا تطبيق"),  # hamza on alef: fold's already
])
def test_arabic_spelling_variants_find_each_other(tmp_path: Path, keyword: str,
                                                  text: str) -> None:
    assert both(tmp_path, keyword, text) == (True, True)


def test_arabic_variants_are_not_other_words(tmp_path: Path) -> None:
    # the ya a hamza sits on is read so only after a ya: "جزء" (part) is not "جزي"
    assert both(tmp_path, "جزي", "جزء من الطلب ناقص") == (False, False)


# --- 4. a skin tone does not stop an emoji keyword written without one


@pytest.mark.parametrize(("keyword", "text"), [
    ("🧑‍🍳", "new menu 🧑🏿‍🍳"),  # a modifier inside a ZWJ sequence
    ("🤷‍♀️", "no idea 🤷🏻‍♀️"),  # and one with a variation selector after its joiner
    ("👨‍👩‍👧", "family 👨🏽‍👩🏽‍👧🏽"),  # several
    ("🙏", "please 🙏🏾🙏🏾"),  # a lone emoji, as before
    ("🧑‍🍳 kelpo", "🧑🏼‍🍳 kelpo"),  # in a phrase
])
def test_a_skin_tone_does_not_stop_an_emoji_keyword_written_without_one(
        tmp_path: Path, keyword: str, text: str) -> None:
    assert both(tmp_path, keyword, text) == (True, True)


def test_an_emoji_keyword_with_a_skin_tone_asks_for_that_tone(tmp_path: Path) -> None:
    assert both(tmp_path, "🧑🏿‍🍳", "🧑🏿‍🍳 tonight") == (True, True)
    assert both(tmp_path, "🧑🏿‍🍳", "🧑🏻‍🍳 tonight") == (False, False)
    assert both(tmp_path, "🧑🏿‍🍳", "🧑‍🍳 tonight") == (False, False)


def test_a_subscription_added_in_place_is_read_the_same_way() -> None:
    """``subscribe`` on a running router: the new keywords go to the side automaton."""
    router = compile_router(rules("routes: []"))
    router.add_subscriptions([
        Subscription(id=f"S-{i}", workspace="slack", channel=f"C{i}", query=query,
                     created_by="alice", created_at=T0)
        for i, query in enumerate(["kelpо", '"アプリ 落ちる"', "發貨", "🧑‍🍳"])])
    assert router.pending_keys == 4  # in the side automaton, not yet the main one
    hits = router.route(facts("Kelpo: アプリ落ちる, 还没发货 🧑🏿‍🍳"), T0).hits
    assert sorted(h.route for h in hits) == ["sub:S-0", "sub:S-1", "sub:S-2", "sub:S-3"]


def test_dismantle_takes_every_form_of_a_keyword_out() -> None:
    from rules.keywords import KeywordIndex, key_of

    index = KeywordIndex([key_of("kelpо"), key_of("アプリ 落ちる")]).finish()
    assert index.find("kelpo アプリ落ちる") == {key_of("kelpо"), key_of("アプリ 落ちる")}
    index.dismantle()
    assert len(index._automaton) == 0
