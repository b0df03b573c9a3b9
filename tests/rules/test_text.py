"""Folding, whole words in every script, overlaps, and real sentences in languages written
without spaces."""

from __future__ import annotations

import pytest

from bot.core.text import boundary_ok, clean, fold
from integrations.social.bluesky.source import KeywordFilter
from rules.keywords import KeywordIndex, key_of


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Mañana", "manana"),
        ("Straße", "strasse"),
        ("İstanbul'da", "istanbul'da"),
        ("ıstanbul", "istanbul"),
        ("ＡＣＭＥ　Cloud", "acme cloud"),  # full-width letters and space (NFKC)
        ("Crème  Brûlée\n", "creme brulee"),
        ("ЁЛКА", "елка"),
        ("СБОЙ", "сбой"),
        ("❤️", "❤"),
        ("ha\u200dcked", "hacked"),
        ("ล่ม", "ล่ม"),  # Thai tone marks are part of the word: kept
        ("해킹", "해킹"),  # Hangul survives NFKD/NFC
        ("don’t", "don't"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def found(keywords: list[str], text: str) -> set[str]:
    index = KeywordIndex(key_of(k) for k in keywords).finish()
    return set(index.find(fold(text)))


CASES = [
    # (keywords, text, expected found (folded))
    (["mañana"], "Nos vemos MANANA en Acme", {"manana"}),
    (["strasse"], "Acme-Büro in der Hauptstraße? Nein, Straße 5", {"strasse"}),
    (["istanbul"], "İstanbul'da Acme ofisi açıldı", {"istanbul"}),
    (["new york", "york", "new"], "Acme opens in New York", {"new york", "york", "new"}),
    (["york"], "Yorkshire pudding", set()),
    (["acme"], "acmecloud is not acme-the-word... or is it: acme!", {"acme"}),
    (["acme"], "AcmeCloud only", set()),
    (["c++", "c"], "c++ and c", {"c++", "c"}),
    (["at&t"], "at&t outage", {"at&t"}),
    (["#acme", "acme"], "#acme", {"#acme", "acme"}),
    (["🔥"], "on fire🔥🔥", {"🔥"}),
    (["сбой"], "У Acme снова сбой, ничего не работает", {"сбой"}),
    (["сбой"], "сбойный", set()),
    (["сбой"], "мы сбои не любим", set()),
    (["awaria"], "Awaria AcmeCloud — nic nie działa", {"awaria"}),
    # Thai: no spaces between words; the keyword is found inside the run of Thai.
    (["ล่ม"], "เว็บของAcmeล่มอีกแล้ววันนี้", {"ล่ม"}),
    (["ข้อมูลรั่วไหล"], "ลูกค้ากังวลเรื่องข้อมูลรั่วไหลจากAcmeCloud", {"ข้อมูลรั่วไหล"}),
    # Japanese: mixed scripts with no spaces; Latin brand next to kana is still a word.
    (["acme", "障害"], "Acmeのサーバーで障害が発生しています", {"acme", "障害"}),
    (["ログイン"], "AcmeCloudにログインできません", {"ログイン"}),
    # Chinese
    (["宕机", "acmecloud"], "AcmeCloud又宕机了，客服也联系不上", {"宕机", "acmecloud"}),
    (["数据泄露"], "听说Acme发生了数据泄露", {"数据泄露"}),
    # Korean: particles attach to the end of the word; the start needs a boundary.
    (["해킹"], "아크미 계정이 해킹당했어요", {"해킹"}),
    (["먹통"], "Acme 앱이 또 먹통이네요", {"먹통"}),
    (["장애"], "Acme 서버 장애 발생", {"장애"}),
    (["장애"], "무장애 설계", set()),  # preceded by a Hangul syllable: not the word
    (["acme"], "Acme가 또 다운됐어요", {"acme"}),
]


@pytest.mark.parametrize(("keywords", "text", "expected"), CASES)
def test_whole_words_in_every_script(keywords: list[str], text: str, expected: set[str]) -> None:
    assert found(keywords, text) == expected


def test_spellings_share_one_key() -> None:
    index = KeywordIndex(key_of(k) for k in ["Acme", "ACME", "acmé"]).finish()
    assert len(index) == 1
    assert index.find("acme") == {key_of("AcMe")}


def test_empty_keyword_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        key_of("\u200d")


# --- issue 14: matching defects found on an independent set ----------------------------------


def test_thai_keyword_does_not_end_inside_a_grapheme_cluster() -> None:
    # "กล้อง" (camera) is ก + ล้ + อ + ง: the tone mark belongs to ล, so "กล" is not in it
    assert found(["กล"], "ซื้อกล้องAcmeมาใหม่") == set()
    assert found(["กล้อง"], "ซื้อกล้องAcmeมาใหม่") == {"กล้อง"}
    assert found(["กล"], "กลางเมือง") == {"กล"}  # no mark follows: still a substring match


def test_no_match_starts_inside_a_grapheme_cluster() -> None:
    folded = fold("กล้อง")
    assert not boundary_ok(folded, 2, 5)  # "้อง" starts on the tone mark of ล
    assert boundary_ok(folded, 0, 5)


def test_arabic_tatweel_is_ignored() -> None:
    assert fold("مـــرحـبـا") == fold("مرحبا")
    assert found(["مرحبا"], "مـــرحـبـا Acme") == {"مرحبا"}


@pytest.mark.parametrize(
    ("keywords", "text", "expected"),
    [
        (["acme cloud"], "Acme/Cloud is down", {"acme cloud"}),
        (["acme cloud"], "the Acme-Cloud-API fails", {"acme cloud"}),
        (["acme cloud"], "acme\u2010cloud", {"acme cloud"}),  # U+2010 hyphen
        (["acme"], "acmecloud-api", set()),  # still whole words
        (["cloud api"], "Acme-Cloud-API", {"cloud api"}),
        (["e-mail"], "my E-mail bounced", {"e-mail"}),
        (["e-mail"], "my e mail bounced", {"e-mail"}),
        (["e-mail"], "email", set()),
        (["wi-fi"], "Wi-Fi is down", {"wi-fi"}),
        (["2fa"], "2FA codes never arrive", {"2fa"}),
        (["covid-19"], "COVID\u201119 rules", {"covid-19"}),  # non-breaking hyphen
        (["acme"], "@acme_support", set()),  # "_" joins an identifier, it is not a space
        (["a - b"], "a - b", {"a - b"}),  # a dash between spaces is kept
    ],
)
def test_phrases_match_across_hyphens_and_slashes(keywords: list[str], text: str,
                                                  expected: set[str]) -> None:
    index = KeywordIndex(key_of(k) for k in keywords).finish()
    assert {k for k in index.find(fold(text))} == {key_of(k) for k in expected}


@pytest.mark.parametrize(
    ("keywords", "text", "expected"),
    [
        (["은행"], "신한은행 앱이 안 돼요", set()),  # default: a Korean word starts at a boundary
        (["은행"], "은행 앱이 안 돼요", {"은행"}),
        (["*은행"], "신한은행 앱이 안 돼요", {"*은행"}),  # opted in: may start inside a word
        (["*은행"], "은행 앱", {"*은행"}),
        (["acme*"], "AcmeCloud is down", {"acme*"}),  # may end inside a word
        (["acme*"], "megaacme", set()),
        (["*cloud"], "AcmeCloud is down", {"*cloud"}),
        (["*cme*"], "AcmeCloud", {"*cme*"}),
        (["*กล*"], "กล้อง", set()),  # never inside a grapheme cluster, even when opted in
        (["*"], "5 * 3", {"*"}),  # a lone star is a literal keyword
    ],
)
def test_keyword_opts_into_matching_inside_words(keywords: list[str], text: str,
                                                 expected: set[str]) -> None:
    assert found(keywords, text) == expected


@pytest.mark.parametrize(
    "raw", ["acme\ufeffcloud", "acme\u200fcloud", "acme\u200ecloud", "acme\u2060cloud",
            "acme\u202acloud\u202c", "acme\u2066cloud\u2069", "acme\u200ccloud"])
def test_fold_drops_the_invisible_characters_clean_drops(raw: str) -> None:
    assert fold(raw) == fold(clean(raw)) == "acmecloud"


def test_a_persian_keyword_finds_a_post_spelt_with_its_zero_width_non_joiner() -> None:
    """``clean`` now keeps the ZWNJ Persian spells "می‌خواهم" (I want) with; routing reads the
    cleaned post, and the matching form drops it as before, so a keyword typed with or
    without one finds the word either way, and not inside another."""
    post = clean("\u0645\u0646 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0644\u063a\u0648 "
                 "\u06a9\u0646\u0645")  # "I want to cancel"
    assert "\u200c" in post  # shown as written
    bare = "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645"
    joined = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert found([bare], post) == found([joined], post) == {fold(bare)}
    assert found([joined], post.replace("\u200c", "")) == {fold(bare)}
    assert found(["\u062e\u0648\u0627\u0647"], post) == set()  # a part of the word is no word


@pytest.mark.parametrize(("keywords", "text"), [c[:2] for c in CASES] + [
    (["new york"], "I love New\nYork"),
    (["acme cloud"], "Acme/Cloud"),
    (["*은행"], "신한은행"),
    (["กล"], "กล้อง"),
    # the forms a keyword is read in besides its own (tests/rules/test_keyword_forms.py): the
    # prefilter dropped what routing then matched
    (["kelp\u043e"], "kelpo is down"),  # a Cyrillic о typed in the keyword
    (["\u30a2\u30d7\u30ea \u843d\u3061\u308b"], "\u30a2\u30d7\u30ea\u843d\u3061\u308b"),
    (["\U0001F9D1\u200d\U0001F373"], "\U0001F9D1\U0001F3FF\u200d\U0001F373 tonight"),
    (["\U0001F64F"], "thanks \U0001F64F\U0001F3FE"),
    (["\u95ee\u9898"], "\u6709\u554f\u984c"),  # Simplified finds Traditional
])
def test_the_stream_prefilter_agrees_with_the_rules(keywords: list[str], text: str) -> None:
    """One text policy: Bluesky's Jetstream prefilter keeps a post exactly when the rules'
    matcher would find one of the keywords in it."""
    assert KeywordFilter(keywords)(text) == bool(found(keywords, text))
