"""Folding, whole words in every script, overlaps, and real sentences in languages written
without spaces."""

from __future__ import annotations

import pytest

from bot.core.text import fold
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
