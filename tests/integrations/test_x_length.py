"""X's weighted count (integrations/social/x/length.py) against the documented examples:
docs.x.com "Counting characters" and twitter-text's conformance suite for config v3
(conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest), and the account's
limit (280, or a Premium account's ``max_characters``)."""

from __future__ import annotations

import httpx
import pytest

from integrations.social.x import length
from integrations.social.x.config import XSourceConfig
from integrations.social.x.length import URL_WEIGHT, limit_problem, weighted_length
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock

POEM = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。"  # 32 CJK characters
ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # a tag sequence

# (text, weighted length) as the conformance suite states them for config v3
CONFORMANCE = [
    ("Hi http://test.co", 26),
    ("285 chars-" + "xxxxxxxxxx-" * 25, 285),
    ("285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24, 299),
    ("https://www.twitter.com/aloha " * 10, 240),
    (POEM * 5, 320),  # 160 CJK characters weigh two each
    ("the" + POEM * 5, 323),
    ("A\u0301B", 2),  # "Á" decomposed: one character once normalised to NFC
    ("A\ufb2c", 4),  # a composition exclusion: NFC makes it three Hebrew code points
    ("H🐱☺👨‍👩‍👧‍👦", 7),  # a ZWJ family of seven code points weighs 2
    ("😷👾😡🔥💩", 10),
    ("🙋🏽👨‍🎤", 4),  # a skin tone and a ZWJ sequence: 2 each
    ("1⃣", 2),  # a keycap
    (f"Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; {ENGLAND}", 34),
    ("Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),
    ("This is a tweet with general punctuation characters: "
     "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d "
     "‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 112),
    # a label over 63 characters makes no domain: the text counts as typed
    ("randomurl" * 7 + "s.com", 68),
    # the older suite's "lengths" and "urls_without_protocol", in v3's weights
    ("Test https://test.com test https://test.com test.com test", 86),
    ("example.com", 23),
    ("foo.co.jp", 23),
    ("t.co", 23),
    ("저찀쯿쿿", 8),
]


@pytest.mark.parametrize(("text", "weight"), CONFORMANCE)
def test_the_documented_examples(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_a_url_counts_23_whatever_its_length() -> None:
    for path in ("", "/a", "/" + "a" * 4000, "/wiki/Foo_(bar)?q=1#top"):
        assert weighted_length(f"see https://example.com{path} now") == 4 + 23 + 4
    assert weighted_length("HTTPS://WWW.EXAMPLE.COM/index.html") == 23
    # the sentence's punctuation is no part of it; an address is no link
    assert weighted_length("(https://example.com/a).") == 1 + 23 + 2
    assert weighted_length("write to kasia@example.com") == len("write to kasia@example.com")
    # a file name, an abbreviation: no top-level domain, no link
    assert weighted_length("e.g. report.txt") == len("e.g. report.txt")


def test_nfc_is_what_is_counted() -> None:
    decomposed = "cafe\u0301 "
    assert weighted_length(decomposed * 70) == weighted_length("café " * 70) == 350
    assert limit_problem("café " * 56) is None  # 280 composed, 336 code points as typed


def test_the_limit_and_the_refusal() -> None:
    assert limit_problem("x" * 280) is None
    assert limit_problem(POEM * 4 + "好" * 12) is None  # 140 CJK characters: 280
    assert limit_problem(POEM * 5) == (
        "X posts are at most 280 characters (as X counts them: a link is 23, an emoji or a CJK "
        "character 2); this one has 320 (40 over)")
    assert limit_problem("😷" * 141) is not None and limit_problem("😷" * 140) is None
    assert limit_problem("x" * 25_001, 25_000) == (
        "X posts are at most 25,000 characters (as X counts them: a link is 23, an emoji or a "
        "CJK character 2); this one has 25,001 (1 over)")


async def test_the_publisher_holds_its_account_to_its_own_limit(clock: FakeClock) -> None:
    """280 by default; a Premium account's source says more (``max_characters``)."""
    async with httpx.AsyncClient() as client:
        basic = XPublisher(XSourceConfig(id="x", type="x", user_token="t"), client=client,
                           clock=clock)
        premium = XPublisher(XSourceConfig(id="xp", type="x", user_token="t",
                                           max_characters=4000), client=client, clock=clock)
        text = "We are sorry. " * 30  # 420
        assert await basic.post_problem(text) == (
            "X posts are at most 280 characters (as X counts them: a link is 23, an emoji or a "
            "CJK character 2); this one has 420 (140 over)")
        assert await premium.post_problem(text) is None
    with pytest.raises(ValueError, match="max_characters"):
        XSourceConfig(id="x", type="x", user_token="t", max_characters=0)


def test_hostile_text_is_counted_whole() -> None:
    """Long runs that look almost like domains or emoji are counted, not refused or skipped."""
    assert weighted_length("a." * 20_000) == 40_000
    assert weighted_length("1.1.1." * 5_000) == 30_000
    assert weighted_length("https://" + "a." * 20_000) == 40_008  # no top-level domain
    assert weighted_length("https://a.com " * 3_000) == 24 * 3_000
    assert weighted_length("\u200d" * 1000 + "👨") == 1000 + 2
    assert weighted_length("🇵" * 3) == 2 + 2  # a flag, then a lone regional indicator


# twitter-text links a domain only when it ends in one of its top-level domains (valid_domain
# over conformance/tld_lib.yml; conformance/tlds.yml extracts each of them) or a punycode one,
# as Mastodon's count does (integrations/social/common/domains.py, shared): any other is no
# link to X, counted character by character. (text, X's weighted length)
X_DOMAINS = [
    ("https://acme.example/track/aaaa", 31),  # .example is no TLD twitter-text knows
    ("http://localhost:3000/", 22),
    ("https://intranet/", 17),
    ("http://127.0.0.1:8080/status", 28),  # valid_domain has no IP address
    ("https://acme.com.example/x", 23 + 10),  # the longest domain ending in a TLD: acme.com
    ("https://acme.comx/", 18),  # a TLD followed by a letter is none
    ("https://acme.com+/", 18),  # ... or by + (valid_domain's lookahead)
    ("https://test.com", 23),  # validate.yml "lengths": "Count a URL starting with https://"
    ("http://test.com", 23),
    ("http://☃.net/", 23),  # validate.yml "Valid unicode url: unicode domain"
    ("https://xn--80ak6aa92e.com/", 23),
    ("https://acme.zip/a", 23),  # .zip is one of twitter-text's generic TLDs
    ("Hi http://test.co", 26),  # validate.yml WeightedTweetsWithDiscountedEmojiCounterTest
    # without a scheme too (validate.yml "urls_without_protocol"), under the same lists
    ("acme.zip", 23),
    ("see app.js", 10),  # .js is no country's
    ("www.example.com", 23),
    ("shop.example/track", 18),
]


@pytest.mark.parametrize(("text", "weight"), X_DOMAINS)
def test_a_link_counts_23_only_where_its_domain_ends_in_a_known_tld(text: str,
                                                                    weight: int) -> None:
    assert weighted_length(text) == weight


def test_a_link_over_4096_characters_is_no_link() -> None:
    """twitter-text's MAX_URL_LENGTH (is_valid_domain): a longer one counts as typed."""
    fits = "https://acme.com/" + "a" * (4096 - 17)
    assert weighted_length(fits) == 23
    assert weighted_length(fits + "a") == 4097


async def test_the_publisher_counts_an_unknown_domain_as_typed(clock: FakeClock) -> None:
    """An X draft with ``https://shop.example/...`` (67 characters) was counted as if the link
    were 23: 281 by X's count held as 237, approved, then refused by X."""
    shop = "https://shop.example/track/" + "a" * 40  # 67 characters, none linked
    async with httpx.AsyncClient() as client:
        publisher = XPublisher(XSourceConfig(id="x", type="x", user_token="t"), client=client,
                               clock=clock)
        assert await publisher.post_problem("返" * 106 + " " + shop) is None  # 212 + 1 + 67
        assert await publisher.post_problem("返" * 106 + "x " + shop) == (
            "X posts are at most 280 characters (as X counts them: a link is 23, an emoji or a "
            "CJK character 2); this one has 281 (1 over)")
        # the same draft with a domain X links: 237
        assert await publisher.post_problem(
            "返" * 106 + "x https://shop.com/track/" + "a" * 40) is None


# twitter-text's path and query characters (js/src/regexp/validUrlPath.js,
# validGeneralUrlPathChars.js, validUrlPathEndingChars.js, validUrlQueryChars.js): ASCII letters
# and digits, Latin accents, Cyrillic and some punctuation, so a path ends before CJK (conformance/
# extract.yml "Extract URLs with and without protocol surrounded by CJK characters":
# "http://twitter.com/これは日本語です。" extracts "http://twitter.com/"); and a domain without a
# scheme of one label under a country's TLD and without a path is no link, .co and .tv excepted
# (extractUrlsWithIndices.js, invalidShortDomain.js, validSpecialShortDomain.js; extract.yml
# "Extract URL before newline": "it.so" is none, "it.so/abcde" one). (text, X's weighted length)
X_PATHS = [
    ("https://acme.com/返品", 23 + 4),
    ("https://acme.com/returns/返品について", 23 + 12),
    ("acme.com/返品", 23 + 4),
    ("https://acme.com/a?q=返品", 23 + 4),  # a query ends before CJK too
    ("https://acme.com/søg/ñ", 23),  # Latin accents are path characters
    ("https://acme.ru/каталог", 23),  # so is Cyrillic
    ("https://acme.com/a»", 23 + 1),
    ("https://acme.com/a<b>", 23 + 3),
    ("https://acme.com/a\"b", 23 + 2),
    ("acme.jp", 7),
    ("see acme.jp now", 15),
    ("it.so", 5),
    ("acme.jp/x", 23),
    ("acme.jp?q=1", 11),  # a query is no path: still one label under a ccTLD
    ("acme.com?q=1", 23 + 4),  # without a scheme or a path the link is the domain alone
    ("acme.com:8080", 23 + 5),
    ("shop.acme.jp", 23),
    ("acme.co", 23),
    ("acme.tv", 23),
    ("https://acme.jp", 23),  # with a scheme it is a link
    ("acme.com", 23),  # a generic TLD: a link
]


@pytest.mark.parametrize(("text", "weight"), X_PATHS)
def test_a_link_ends_where_twitter_text_ends_it(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_hostile_paths_cost_linear_time() -> None:
    for path in ("(a" * 20_000, "a(" * 20_000, "(a)" * 20_000, "a." * 20_000, "@a" * 20_000,
                 "/" * 40_000, "?" + "a!" * 20_000):
        text = "https://acme.com/" + path
        assert URL_WEIGHT <= weighted_length(text) <= len(text) * 2


async def test_the_publisher_counts_cjk_after_a_link_and_a_short_country_domain(
        clock: FakeClock) -> None:
    """A draft was counted with the CJK after a link's path inside its 23, and a bare acme.jp
    as 23 where X counts 7: one refused that X would take, one taken that X refuses."""
    async with httpx.AsyncClient() as client:
        publisher = XPublisher(XSourceConfig(id="x", type="x", user_token="t"), client=client,
                               clock=clock)
        # 2 * 120 + 1 + 23 + 2 * 8 = 280 by X's count (the old count: 264)
        assert await publisher.post_problem(
            "返" * 120 + " https://acme.com/返品について一覧") is None
        assert await publisher.post_problem(
            "返" * 120 + " https://acme.com/返品について一覧表") == (
            "X posts are at most 280 characters (as X counts them: a link is 23, an emoji or a "
            "CJK character 2); this one has 282 (2 over)")
        # 2 * 136 + 1 + 7 = 280 (the old count: 296, refused)
        assert await publisher.post_problem("返" * 136 + " acme.jp") is None


# twitter-text finds a link without a scheme right beside CJK (validUrlPrecedingChars refuses
# only ASCII letters and digits, @, $, #; a TLD is followed by anything but an ASCII letter or
# digit, @, + or -), and of a domain without a scheme keeps the ASCII part (extractUrlsWithIndices
# over validAsciiDomain: "日本.com" is no link, "日本acme.com" links "acme.com"). conformance/
# extract.yml, "Extract URLs without protocol surrounded by CJK characters" and "... with and
# without protocol ...": six links in each. (text, X's weighted length)
X_BESIDE_CJK = [
    ("twitter.comこれは日本語です。example.com中国語t.co/abcde한국twitter.com "
     "example2.comテストtwitter.com/abcde", 6 * 23 + 18 + 6 + 4 + 1 + 6),
    ("http://twitter.com/これは日本語です。example.com中国語http://t.co/abcde한국twitter.com"
     "テストexample2.comテストhttp://twitter.com/abcde", 6 * 23 + 18 + 6 + 4 + 6 + 6),
    ("acme.com返品", 23 + 4),
    ("返品acme.com", 4 + 23),
    ("返品https://acme.com/x", 4 + 23),
    ("日本acme.com", 4 + 23),
    ("日本.com", 8),  # no ASCII label: no link without a scheme
    ("acme.com.example/x", 23 + 10),  # the longest domain ending in a TLD, as with a scheme
    ("acme.com_x", 23 + 2),
    ("acme.com@x", 10),
    ("acme.com+x", 10),
    ("acme.com:123456/x", 23),  # a port is any run of digits
]


@pytest.mark.parametrize(("text", "weight"), X_BESIDE_CJK)
def test_a_link_without_a_scheme_is_found_as_twitter_text_finds_it(text: str,
                                                                   weight: int) -> None:
    assert weighted_length(text) == weight


# twitter-text reads a link without a scheme from the whole domain its extractUrl matched
# (github.com/twitter/twitter-text js/src/extractUrlsWithIndices.js, regexp/extractUrl.js,
# validUrlPrecedingChars.js, validAsciiDomain.js): the match takes one character before the
# link (any but an ASCII letter or digit, @, $ or #; or none at the text's start), its domain
# may hold CJK, "_" or "-" before the ASCII part that is linked, and the next match starts
# where this one ended. Each weight below is twitter-text's parseTweet (3.1.0 from npm, with
# master's invalidShortDomain rule) for the same text. (text, X's weighted length)
X_ASCII_PARTS = [
    ("日本.acme.com", 4 + 1 + 23),  # the match takes 日; its domain 本.acme.com; links acme.com
    ("日本.acme.com/x", 4 + 1 + 23),
    ("返品.acme.com/返品", 4 + 1 + 23 + 4),
    ("x日本.acme.com", 1 + 4 + 1 + 23),
    ("日本.a.co", 4 + 1 + 23),
    ("a_b.acme.com", 2 + 23),  # a_b.acme.com matched, b.acme.com its ASCII part
    ("日本-acme.com", 4 + 23),  # "-acme.com" is the ASCII part
    ("ét.co/abcde", 1 + 23),  # the match takes é, as any first character it may
    ("éacme.com", 1 + 23),
    ("語éacme.com", 2 + 23),
    (".com語x.co", 10),  # the match took . before com語x.co: no link, and x.co is inside it
    ("語t.co/abcde", 2 + 23),
    ("a語t.co/abcde", 1 + 2 + 23),
    ("acme.xn--p1ai-b", 23),  # a punycode TLD holds "-" (validPunycode.js: xn--[-0-9a-z]+)
]


@pytest.mark.parametrize(("text", "weight"), X_ASCII_PARTS)
def test_the_ascii_part_of_a_domain_is_linked_as_twitter_text_links_it(text: str,
                                                                       weight: int) -> None:
    assert weighted_length(text) == weight


def test_hostile_domains_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every start a match may take is tried, as extractUrl does, but each dotted run of
    labels is read once however many starts fall inside it: work bounded by the text's size
    (the characters read), not by its size squared. The counts are twitter-text's."""
    read = [0]
    real = length._Runs._read

    def counted(self: length._Runs, start: int, end: int) -> None:
        read[0] += end - start
        real(self, start, end)

    monkeypatch.setattr(length._Runs, "_read", counted)
    for text, weight in (("a_b.co." * 5_000, 35_000), ("x_y.co.x_y.co." * 2_000, 28_000),
                         ("日本." * 10_000, 50_000), ("-a." * 10_000, 30_000),
                         ("a.co_" * 8_000, 40_019), ("https://a_" * 5_000, 50_000)):
        read[0] = 0
        assert weighted_length(text) == weight
        assert read[0] <= 2 * len(text)


# A t.co link is X's own: its path is one slug of ASCII letters and digits, at most 40 (then
# it is no link), and a query (extractUrlsWithIndices over validTcoUrl, MAX_TCO_SLUG_LENGTH;
# conformance/extract.yml "Extract t.co URLs skipping trailing characters and adjusting
# indices correctly": each of the seven links is http://t.co/ and 8 characters). A draft that
# quotes a post's link says t.co. (text, X's weighted length)
TCO = "http://t.co/pbY2NfTZ's http://t.co/2vYHpAc5; http://t.co/ulYGBYSo: " \
      "http://t.co/8MkmHU0k+c http://t.co/TKLp64dY.x http://t.co/8t7G3ddS#a http://t.co/FNkPfmii-"
X_TCO = [
    (TCO, len(TCO) - 7 * 20 + 7 * 23),
    ("https://t.co/abc#a", 23 + 2),
    ("https://t.co/abc/def", 23 + 4),
    ("https://t.co/abc?x=1", 23),
    ("https://t.co/" + "a" * 40, 23),
    ("https://t.co/" + "a" * 41, 13 + 41),  # no link at all
    ("t.co/abc-", 23),  # without a scheme a path as any link's
]


@pytest.mark.parametrize(("text", "weight"), X_TCO)
def test_a_t_co_link_is_its_slug(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_what_follows_a_t_co_slug_starts_no_link() -> None:
    """twitter-text reads the whole link, then keeps the slug: a domain in the rest is none."""
    assert weighted_length("https://t.co/abc+acme.com") == 23 + 9
    assert weighted_length("https://t.co/abc acme.com") == 23 + 1 + 23


def _typed(text: str) -> int:
    """X's weight of text with no link nor emoji (config v3's ranges: 1, else 2)."""
    light = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
    return sum(1 if any(lo <= ord(c) <= hi for lo, hi in light) else 2 for c in text)


# twitter-text's conformance/extract.yml "urls" cases (as its JavaScript suite states them):
# (text, the links extracted). X counts each link 23 and the rest as typed. Left out: 'Extract a
# hyphenated TLD (usually a typo)' (http://domain.com-that-...), which contradicts the TLD
# lookahead the rest of the suite holds to (tlds followed by none of a-z 0-9 @ + -).
EXTRACT_URLS = [
    ('http://example.com', ['http://example.com']),
    ('text http://foobar.com/#', ['http://foobar.com/#']),
    ('text http://google.com/#search?q=iphone%20-filter%3Alinks',
     ['http://google.com/#search?q=iphone%20-filter%3Alinks']),
    ('text http://somedomain.com/index.php?path=/abc/def/',
     ['http://somedomain.com/index.php?path=/abc/def/']),
    ('text http://somehost.com:3000', ['http://somehost.com:3000']),
    ('text http://xo.com/~matthew+%ff-x', ['http://xo.com/~matthew+%ff-x']),
    ('text http://xo.com/~matthew+%ff-,.;x', ['http://xo.com/~matthew+%ff-,.;x']),
    ('text http://xo.com/,.;x', ['http://xo.com/,.;x']),
    ('text http://en.wikipedia.org/wiki/Primer_(film)',
     ['http://en.wikipedia.org/wiki/Primer_(film)']),
    ('text http://✪df.ws/ejp', ['http://✪df.ws/ejp']),
    ('text http://chilp.it/?77e8fd', ['http://chilp.it/?77e8fd']),
    ('text http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx',
     ['http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx']),
    ('text http://domain-dash_2314352345_dfasd.foo-cow_4352.com', []),
    ('text http://-dash_2314352345_dfasd.foo-cow_4352.com', []),
    ('text http://no-tld', []),
    ('text http://tld-too-short.x', []),
    ('(http://twitter.com', ['http://twitter.com']),
    ('text http://word-and-a-number-8-ftw.domain.com/',
     ['http://word-and-a-number-8-ftw.domain.com/']),
    ('text http://foo.com?#foo text', ['http://foo.com?#foo']),
    ('foo.com foo.net foo.org foo.edu foo.gov',
     ['foo.com', 'foo.net', 'foo.org', 'foo.edu', 'foo.gov']),
    ('foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.go'
     'vedu foo.jp',
     ['foo.co.jp', 'www.foo.co.uk']),
    ('t.co/abcde bit.ly/abcde', ['t.co/abcde', 'bit.ly/abcde']),
    ('http://foo.jp http://fooooo.jp', ['http://foo.jp', 'http://fooooo.jp']),
    ('Go to http://example.com/a+ or http://example.com/a-',
     ['http://example.com/a+', 'http://example.com/a-']),
    ('Go to http://example.com/view/slug-url-?foo=bar',
     ['http://example.com/view/slug-url-?foo=bar']),
    ('@user Try http:// example.com/path', ['example.com/path']),
    ('これは日本語です。example.com/path/index.html中国語example.com/path한국',
     ['example.com/path/index.html', 'example.com/path']),
    ('Go to http://twitter.com/Русские_слова', ['http://twitter.com/Русские_слова']),
    ('twitter.jp日本語it.so中国語foo.jp it.so foo.jp', []),
    ('MLB.tv vine.co twitch.tv t.co', ['MLB.tv', 'vine.co', 'twitch.tv', 't.co']),
    ('@user Try http://\xa0example.com/path', ['example.com/path']),
    ('test http://sub_domain-dash.twitter.com', ['http://sub_domain-dash.twitter.com']),
    ('test http://a.b.cd', ['http://a.b.cd']),
    ('test http://a_b.c-d.com', ['http://a_b.c-d.com']),
    ('test http://a-b.c.com', ['http://a-b.c.com']),
    ('http://www.bestbuy.com/site/Currie+Technologies+-+Ezip+400+Scooter/9885188.p?id=121818901'
     '3070&skuId=9885188',
     ['http://www.bestbuy.com/site/Currie+Technologies+-+Ezip+400+Scooter/9885188.p?id=12181890'
      '13070&skuId=9885188']),
    ('test http://-leadingdash.twitter.com', []),
    ('test http://trailingdash-.twitter.com', []),
    ('test http://_leadingunderscore.twitter.com', []),
    ('test http://trailingunderscore_.twitter.com', []),
    ('test http://-twitter.com', []),
    ('test http://twitter-.com', []),
    ('test http://twitter_underscore.com', []),
    ('test http://twitter.c_o_m', []),
    ('test http://www.foo.com/foo/path-with-period./',
     ['http://www.foo.com/foo/path-with-period./']),
    ('test http://www.foo.org.za/foo/bar/688.1', ['http://www.foo.org.za/foo/bar/688.1']),
    ('test http://www.foo.com/bar-path/some.stm?param1=foo;param2=P1|0||P2|0',
     ['http://www.foo.com/bar-path/some.stm?param1=foo;param2=P1|0||P2|0']),
    ('test http://foo.com/bar/123/foo_&_bar/', ['http://foo.com/bar/123/foo_&_bar/']),
    ('test http://www.cp.sc.edu/events/65 test', ['http://www.cp.sc.edu/events/65']),
    ('http://www.andersondaradio.no.comunidades.net/ test test',
     ['http://www.andersondaradio.no.comunidades.net/']),
    ('test ELPAÍS.com', ['ELPAÍS.com']),
    ('test http://twitter.com/.', ['http://twitter.com/']),
    ('Test a ton of periods http://example.com/path..........................................',
     ['http://example.com/path']),
    ('Test a ton of periods http://example.com/,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,',
     ['http://example.com/']),
    ('Test a ton of periods http://example.com/path/!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
     ['http://example.com/path/']),
    ('#test.com @test.com #http://test.com @http://test.com #t.co/abcde @t.co/abcde', []),
    ("I really like http://t.co/pbY2NfTZ's website", ['http://t.co/pbY2NfTZ']),
    ('http://twitter.com\nhttp://example.com\nhttp://example.com/path\nexample.com/path\nit.so'
     '\nit.so/abcde',
     ['http://twitter.com',
      'http://example.com',
      'http://example.com/path',
      'example.com/path',
      'it.so/abcde']),
    ('$http://twitter.com $twitter.com $http://t.co/abcde $t.co/abcde $t.co $TVI.CA $RBS.CA', []),
    ('long.test.tar.bz2 test.tar.bz2 tar.bz2', []),
    ('john.doe.gov@mail.com', []),
    ('john.doe.jp@mail.com', []),
    ('test http://xn--ls8h.XN--ls8h.la/', ['http://xn--ls8h.XN--ls8h.la/']),
    ('test http://foobar.みんな/ http://foobar.中国/ http://foobar.پاکستان/ ',
     ['http://foobar.みんな/', 'http://foobar.中国/', 'http://foobar.پاکستان/']),
]


@pytest.mark.parametrize(("text", "links"), EXTRACT_URLS)
def test_twitter_texts_extract_conformance_urls(text: str, links: list[str]) -> None:
    rest, at = 0, 0
    for link in links:
        found = text.index(link, at)
        rest += _typed(text[at:found])
        at = found + len(link)
    assert weighted_length(text) == rest + _typed(text[at:]) + URL_WEIGHT * len(links)
