"""How online services fail and what search-engine spam sells (bot/enrich/lexicon_software.py),
and the numbers that are words (bot/enrich/features.py, fold_digits). The sentences were
written for these tests, not taken from a labelled set."""

from __future__ import annotations

import re

import pytest

from bot.enrich import features
from tests.enrich.reading import count, predict


def test_a_number_is_not_laughter() -> None:
    # before features v11 every number of three digits or more folded to the "000" of Thai
    # "555" (hahaha) and counted as humour: prices, order numbers, years
    for text in ("paid 450 euros for order 88123 in 2026", "заказ на 1200 рублей",
                 "账单 300 元", "รอมา 120 นาที"):
        assert count(text, "humour") == 0, text
    for text in ("5555 ตลกมาก", "笑死我了 2333", "555+ มุกนี้"):
        assert count(text, "humour") > 0, text
    # digits are still one gram whatever they say
    assert features.prepare("order 4821").text == features.prepare("order 1377").text


@pytest.mark.parametrize("text", [
    "the admin panel keeps timing out since the update",
    "checkout page returns 503 for everyone",
    "our whole region is unreachable right now",
    "Das Kundenportal ist seit heute früh nicht verfügbar",
    "le portail client est indisponible depuis ce matin",
    "la web del banco está fuera de servicio",
    "o portal do cliente está instável hoje",
    "il portale non è raggiungibile da stamattina",
    "личный кабинет недоступен с утра",
    "особистий кабінет недоступний з ранку",
    "panel klienta jest niedostępny od rana",
    "müşteri paneline erişilemiyor",
    "后台又崩了",
    "APIがタイムアウトする",
    "관리자 페이지 접속 불가",
    "لوحة التحكم خارج الخدمة",
    "पोर्टल सुबह से ठप है",
    "aplikasinya tidak merespon sejak pagi",
    "kundportalen är otillgänglig sedan i morse",
])
def test_an_outage_is_a_fault(text: str) -> None:
    # before lexicon_software none of these named a fault the lexicon knew
    assert count(text, "fault") > 0


def test_a_gateway_error_is_a_fault_and_other_numbers_are_not() -> None:
    for text in ("502 again on the api", "got a 504 from the gateway", "HTTP 503"):
        assert count(text, "fault") > 0, text
    for text in ("5020 users", "version 5.03", "1,502 signups", "room 250"):
        assert count(text, "fault") == 0, text


@pytest.mark.parametrize("text", [
    "call 555-1234 for a free quote", "+1 502-555-1234", "(555) 123 4567",
    "+1 (503) 555 0199", "tel. 555 1234", "invoice INV-2026-555", "order 503.221.7788",
    "version 5.0.3", "meet at 5:55", "only $555 today", "ราคา 555 บาท", "月费 502元",
])
def test_a_number_inside_a_longer_one_or_a_price_is_not_a_word(text: str) -> None:
    # before: the "555" and "502" of a phone number, a hyphenated code or a price kept their
    # digits and counted as laughter and an outage (the dotted code, the version and the
    # time were already folded)
    assert set(re.findall(r"\d", features.prepare(text).text)) == {"0"}, text
    assert count(text, "humour") == count(text, "fault") == 0, text


def test_a_number_that_stands_alone_is_still_a_word() -> None:
    for text in ("555555", "hahaha 555", "ขำ555", "555 555 มุกนี้"):
        assert count(text, "humour") > 0, text
        assert "555" in features.prepare(text).text, text
    for text in ("502 Bad Gateway", "getting 503s", "502/503 on every request",
                 "HTTP/1.1 504 since noon", "502, 503 and 504 all morning"):
        assert count(text, "fault") > 0, text
        assert re.search("50[234]", features.prepare(text).text), text


def test_words_that_are_other_words_are_not_outages() -> None:
    # "offline mode" is a feature, "download" is not "down", Russian "простой" is "simple"
    for text in ("love the offline mode", "डाउनलोड हो गया", "очень простой интерфейс",
                 "ダウンロードできました"):
        assert count(text, "fault") == 0, text


def test_search_engine_spam_sells_growth() -> None:
    for text in ("cheap backlinks and guest posts, page 1 of Google in a week",
                 "tanie pozycjonowanie stron", "外链代发 快速排名"):
        assert count(text, "spam_growth") > 0, text


def test_an_outage_report_is_a_complaint() -> None:
    # before: a complaint felt neutrally, twice, and praise
    for text in ("checkout returning 502 since this morning", "payments page returns 502",
                 "Das Kundenportal ist seit heute früh nicht verfügbar"):
        intent, polarity = predict(text)
        assert intent == "complaint" and polarity == "negative", (text, intent, polarity)
