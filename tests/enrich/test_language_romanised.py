"""Languages typed in Latin letters on a phone (bot.enrich.language): Arabizi by the digits it
writes for letters, Bengali, Persian and Urdu by their common words, Japanese romaji, Chinese
pinyin without tones and Thai by theirs. The posts are not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


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


@pytest.mark.parametrize("text, language", [
    # product codes and gamer text-speak: two digit-words of the Arabizi shape, no Arabic word,
    # English around them (review of ecb6903)
    ("the a7 chip in the Ferrox tab is a beast, even beats my old i7 laptop", "en"),
    ("halo3 and diablo3 both crash on Kuvio cloud since the update", "en"),
    ("7eleven ran out of 7up so Kuvio delivery it is, 40 min later still waiting", "en"),
    ("see u at 5ish, 7up on me, Kuvio finals night!", "en"),
    ("deploy be7c failed on Kuvio CI again, had to roll back to a3f5", "en"),
    # Indonesian and Malay write a word twice as the word and 2, before a suffix too
    ("barang2nya rusak semua, teman2ku juga kena, Kuvio gimana sih", "id"),
    ("cara balikin barang2nya gimana min? bingung sama syarat2nya", "id"),
    ("barang2nya rosak, kotak2nya pun koyak, Kuvio ni teruk", "ms"),
])
def test_digits_beside_letters_in_english_and_malay_are_no_arabizi(detector: LanguageDetector,
                                                                   text: str,
                                                                   language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text", [
    # Arabizi with English words in it keeps its Arabic words: still Arabic
    "the delivery guy 2al el order et2a5ar, 3ashan el traffic",
    "el order bta3i et2a5ar 3 ayam, mafeesh 7ad byrod ya Kuvio",
    "7abibi 3ala tool",
])
def test_arabizi_among_english_words_stays_arabic(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] == "ar"


@pytest.mark.parametrize("text", [
    # names: a Chinese or Thai surname, a Thai restaurant or province in an English post
    # (review of ecb6903: 'hao', 'zhou', 'xie', 'qian', 'sabai', 'aroi', 'khun', 'loei')
    "Kuvio CEO Hao Zhou says the layoffs are a reset. 300 people gone.",
    "Dr. Xie and Dr. Qian from Ferrox Labs present at the Boston meetup tonight",
    "dinner at Sabai Sabai then dessert at Aroi, both booked through Kuvio in seconds",
    "Khun Anan from Loei won the Ferrox photo contest, well deserved",
])
def test_names_are_no_romaji_pinyin_or_thai(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] == "en"


@pytest.mark.parametrize("text, language", [
    # the words themselves, capitalised as a post begins or typed in capitals, still count
    ("Xiexie, kefu hen kuai", "zh"),
    ("ARIGATOU, ZENZEN MONDAI NAI", "ja"),
    ("Khob khun krub, aroi maak", "th"),
])
def test_romanised_words_capitalised_still_count(detector: LanguageDetector, text: str,
                                                 language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text", [
    # romaji with its long vowels marked (Hepburn's macrons, or a circumflex): "hontō" is the
    # "hontou" a phone types (review of ecb6903: these went to Dutch and Finnish)
    "Kuvio no sapōto, hontō ni saikō desu! arigatō",
    "dōshite zenzen todokanai no? Kuvio",
    "arigatô gozaimasu, hontô ni tasukarimashita",
])
def test_romaji_with_long_vowels_marked_is_japanese(detector: LanguageDetector,
                                                    text: str) -> None:
    assert detector.detect(text)[0] == "ja"


@pytest.mark.parametrize("text", [
    # macrons of other languages: Maori, Latvian (with its other letters)
    "Ka pai te mahi a Kuvio, mō ngā tamariki",
    "Kuvio lietotne atkal nestrādā, ļoti slikti",
])
def test_other_macrons_are_no_romaji(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] != "ja"


@pytest.mark.parametrize("text", [
    # Arabizi without a digit: its "el", "ya" and "w" are no Spanish when Egyptian's own
    # words are there (review of ecb6903: these were Spanish)
    "ya Kuvio el app mesh shaghal men embareh, eh el kalam da",
    "shokran ya Kuvio, el delivery kan sarie gedan",
    "el mandoob mesh byrod w el order lesa mawsalsh",
])
def test_arabizi_without_digits_is_arabic(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] == "ar"


@pytest.mark.parametrize("text", [
    # Spanish with the same article and "ya" stays Spanish
    "ya llegó el pedido, el repartidor muy amable",
    "el envío ya está en camino, gracias",
])
def test_spanish_el_ya_stays_spanish(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] == "es"
