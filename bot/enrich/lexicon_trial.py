"""A prospect asking to try a car before buying it: a test drive asked for or booked ("Can I
book a test drive of the new hybrid?", "Ich möchte eine Probefahrt machen", "Хочу записаться на
тест-драйв", "Arvelの試乗を予約したいです", "시승 예약하고 싶어요").

The label definitions make a purchase implied by the post a ``lead``; a test drive is the step
before a car is bought, and a dealer's sales team is who answers it. The model, whose corpus
sells software, read it a question (a question mark, "can I"), ``other`` (no question word:
"想预约新车试驾") or praise ("Хочу записаться на тест-драйв новой ..."); of 18 such requests in
15 languages written beside the rule, none read ``lead``. A post is such a request when it names
a test drive (``TEST_DRIVE``) and asks (a question mark) or wants, books or arranges it
(``ASKING``), and holds no word of fault or complaint: "the test drive was a disaster" tells one
that happened and is left to the model, and so is "can't even get a test drive booked".

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese, Thai and Korean). Written on 2026-12-07 from the dev half of a third review's
labelled file (``tests/fixtures/enrich_review3_labelled.jsonl``: a test drive asked for in
English and Korean read as a question and as praise) and from general knowledge; its held
half's misses were not read.
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

TEST_DRIVE: dict[str, str] = {
    "en": "test drive|test-drive|testdrive",
    "es": "prueba de conduccion|prueba de manejo",
    "pt": "test drive|test-drive",
    "fr": "essai routier|essai de la nouvelle|essai du nouveau|essai de conduite",
    "de": "probefahrt",
    "it": "test drive|prova su strada",
    "nl": "proefrit",
    "pl": "jazda probna|jazde probna|jazdy probnej|jazde testowa|jazda testowa",
    "tr": "test surusu",
    "ru": "тест-драйв|тест драйв",
    "uk": "тест-драйв|тест драйв",
    "ar": "تجربة قيادة",
    "hi": "टेस्ट ड्राइव",
    "id": "test drive|tes drive|uji kendara",
    "vi": "lai thu$",
    "sv": "provkorning|provkora",
    "ja": "試乗",
    "zh": "试驾|試駕",
    "ko": "시승",
    "th": "ทดลองขับ",
}

# wanting, booking or arranging it (a question mark counts too)
ASKING: dict[str, str] = {
    "en": "book|booking|schedule|arrange|reserve|want to|would like|i'd like|id like|"
          "can i|could i|can we|could we|looking to",
    "es": "reservar|agendar|quiero|quisiera|me gustaria|puedo|podemos",
    "pt": "agendar|marcar|reservar|quero|queria|gostaria|posso|podemos",
    "fr": "reserver|prendre rendez-vous|je voudrais|j'aimerais|je veux|puis-je",
    "de": "buchen|vereinbaren|reservieren|mochte|mochten|will$|wurde gern|kann ich|konnen wir",
    "it": "prenotare|prenotato|vorrei|voglio|posso",
    "nl": "boeken|plannen|inplannen|reserveren|wil graag|zou graag|kan ik",
    "pl": "umowic|zarezerwowac|zapisac|chce|chcialbym|chcialabym|moge",
    "tr": "randevu|istiyorum|rezervasyon",
    "ru": "записаться|запис|хочу|хотел бы|хотела бы|можно",
    "uk": "записатися|хочу|хотів би|хотіла б|можна",
    "ar": "حجز|احجز|اريد|ابغى|ممكن",
    "hi": "बुक|चाहता|चाहती|करना है",
    "id": "mau$|ingin|pengen|booking|daftar|bisa",
    "vi": "dang ky|muon$|dat lich",
    "sv": "boka|vill$",
    "ja": "予約|したい|お願いしたい|できますか",
    "zh": "预约|預約|想|可以",
    "ko": "예약|싶|가능",
    "th": "จอง|อยาก",
}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``TEST_DRIVE`` and ``ASKING`` over folded text: a word start in spaced scripts (the
    whole word with "$"), anywhere in unspaced ones."""
    return entries_pattern(TEST_DRIVE), entries_pattern(ASKING)


def test_drive_asked(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) names a test drive and asks for it,
    wants, books or arranges it (its words of fault are ``model``'s to weigh)."""
    drive, asking = _patterns()
    if drive.search(folded) is None:
        return False  # most posts
    return any(q in folded for q in "?？؟") or asking.search(folded) is not None
