"""Languages typed in Latin letters on a phone (bot.enrich.language): Arabizi by the digits it
writes for letters, Bengali, Persian and Urdu by their common words, Japanese romaji, Chinese
pinyin without tones and Thai by theirs. The posts are not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("text, language", [
    # Arabizi: its article "el" made these Spanish, its digits split its words
    ("el 3arabeya et2a5aret tany w el mandoob mesh byrod", "ar"),
    ("ana 3ayez a3raf el se3r kam law sama7t", "ar"),
    ("el net we2e3 men el sob7, 7ad fahem feh eh?", "ar"),
    # Banglish, Finglish
    ("order ta ekhon o ashe ni, keno eto deri hoye gelo bujhchi na", "bn"),
    ("amar account ta bondho hoye geche, kichu korte parchi na", "bn"),
    ("chera hanooz sefareshamo nafrestadin? kheili vaghte montazeram", "fa"),
    ("poshtibani kheili khoobe, mamnoon az hamatoon", "fa"),
    # Roman Urdu: its own words with the words Hindi typed so shares
    ("bohat shukriya, aap ka parcel time pe mil gaya", "ur"),
    # romaji, pinyin without tones, Thai
    ("chuumon shita no ni zenzen todokanai, doushite desuka", "ja"),
    ("kefu weishenme bu hui xinxi, tuikuan hai meiyou dao", "zh"),
    ("khob khun maak na krub, sabai dee", "th"),
])
def test_a_language_typed_in_latin_letters_is_read_as_itself(detector: LanguageDetector,
                                                             text: str,
                                                             language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    # English text-speak writes 2, 4 and 8 for sounds, and counts and units carry digits
    ("gr8 service 2day, c u l8r", "en"),
    ("3rd time this week the 7am train is late", "en"),
    ("my mp3 player and the h264 export both broke, 5min fix pls", "en"),
    ("the 3x zoom on the s23 is great", "en"),
    # order codes and one Arabizi-looking word are no language
    ("orders 3ya2 and 3ya3 never arrived, where are they", "en"),
    ("parts 3XR1A 3XR7B still missing from my order", "en"),
    ("el pedido B2B llegó tarde otra vez", "es"),
    # Hinglish keeps its words; a Japanese word in English stays English
    ("yaar delivery abhi tak nahi aayi, kya scene hai", "hi"),
    ("the ramen place was sugoi honestly, going back", "en"),
])
def test_its_neighbours_keep_their_language(detector: LanguageDetector, text: str,
                                            language: str) -> None:
    assert detector.detect(text)[0] == language
