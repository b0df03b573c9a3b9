"""Every matcher, table-driven: one route with one match block, one post, fires or not."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.core.models import Author
from rules import compile_router
from tests.rules.support import T0, facts, rules


def route_with(match: dict[str, Any]) -> Any:
    doc = {
        "brands": {"acme": ["acme", "acmecloud", "acme mobile"], "globex": ["globex"]},
        "routes": [{"name": "r", "match": match, "channel": "support"}],
    }
    return compile_router(rules(yaml.safe_dump(doc, allow_unicode=True)))


CASES: list[tuple[str, dict[str, Any], str, dict[str, Any], bool]] = [
    # id, match, text, facts kwargs, fires
    ("any-hit", {"any": ["outage", "down"]}, "AcmeCloud outage again", {}, True),
    ("any-miss", {"any": ["outage", "down"]}, "downtown is lovely", {}, False),
    ("any-phrase", {"any": ["data leak"]}, "Is this a DATA  leak?", {}, True),
    ("any-phrase-partial", {"any": ["data leak"]}, "data leaks happen", {}, False),
    ("all-hit", {"all": ["acme", "billing"]}, "Acme billing is wrong", {}, True),
    ("all-miss", {"all": ["acme", "billing"]}, "Acme is great", {}, False),
    ("none-blocks", {"any": ["acme"], "none": ["job", "hiring"]}, "Acme is hiring", {}, False),
    ("none-passes", {"any": ["acme"], "none": ["job", "hiring"]}, "Acme rocks", {}, True),
    ("query-and-or", {"query": 'acme AND (outage OR "data leak")'}, "acme data leak!", {}, True),
    ("query-not", {"query": "acme NOT test"}, "acme test post", {}, False),
    ("query-minus", {"query": "acme -test"}, "acme for real", {}, True),
    ("query-implicit-and", {"query": "acme pricing"}, "pricing of acme?", {}, True),
    ("query-implicit-and-miss", {"query": "acme pricing"}, "acme is nice", {}, False),
    ("query-lowercase-or-is-word", {"query": "acme or globex"}, "globex", {}, False),
    ("regex-hit", {"regex": r"(?i)ticket\s*#?\d{4,}"}, "see Ticket #12345", {}, True),
    ("regex-miss", {"regex": r"(?i)ticket\s*#?\d{4,}"}, "see ticket 12", {}, False),
    ("regex-evil-pattern-linear", {"regex": r"(a+)+$"}, "a" * 5000 + "b", {}, False),
    ("network-hit", {"network": ["x", "bluesky"]}, "hi", {"network": "x"}, True),
    ("network-miss", {"network": "x"}, "hi", {"network": "reddit"}, False),
    ("source-glob", {"source": ["mastodon-*"]}, "hi", {"source": "mastodon-eu"}, True),
    ("source-miss", {"source": ["rss"]}, "hi", {"source": "x-main"}, False),
    ("language-hit", {"language": ["pl", "en"]}, "hi", {"lang": "pl-PL"}, True),
    ("language-miss", {"language": ["pl"]}, "hi", {"lang": "en"}, False),
    # a post of no language ("logo!": too short to tell, none declared) is taken by a list
    # that names `und` (ISO 639-2's undetermined, as X reports such a post) and no other
    ("language-unknown-miss", {"language": ["en"]}, "logo!", {}, False),
    ("language-unknown-und", {"language": ["en", "und"]}, "logo!", {}, True),
    ("language-und-known-miss", {"language": ["und"]}, "hi", {"lang": "en"}, False),
    ("sentiment-in", {"sentiment": {"max": -0.3}}, "bad", {"compound": -0.8}, True),
    ("sentiment-out", {"sentiment": {"max": -0.3}}, "meh", {"compound": 0.1}, False),
    ("sentiment-range", {"sentiment": {"min": 0.2, "max": 0.6}}, "ok", {"compound": 0.4}, True),
    ("sentiment-unknown", {"sentiment": {"min": 0.2}}, "??", {"compound": None}, False),
    ("intent-hit", {"intent": ["lead", "question"]}, "x", {"intent": "lead"}, True),
    ("intent-miss", {"intent": "lead"}, "x", {"intent": "praise"}, False),
    ("author-handle", {"author": {"handles": ["ceo*"]}}, "x", {"author": "ceo_jane"}, True),
    ("author-handle-miss", {"author": {"handles": ["ceo"]}}, "x", {"author": "bob"}, False),
    ("author-deny", {"author": {"deny": ["troll"]}}, "x", {"author": "troll"}, False),
    ("author-min-followers", {"author": {"min_followers": 1000}}, "x", {"followers": 5000}, True),
    ("author-min-followers-miss", {"author": {"min_followers": 1000}}, "x",
     {"followers": 10}, False),
    ("author-followers-unknown", {"author": {"min_followers": 1}}, "x", {}, False),
    ("author-allow-bypasses", {"author": {"min_followers": 1000, "allow": ["vip"]}}, "x",
     {"author": "vip"}, True),
    ("has-link", {"has_link": True}, "x", {"links": ("https://a.example",)}, True),
    ("has-link-miss", {"has_link": True}, "x", {}, False),
    ("no-link", {"has_link": False}, "x", {}, True),
    ("has-media", {"has_media": True}, "x", {"media": ("https://a.example/i.png",)}, True),
    ("hashtag-text", {"hashtags": ["AcmeCloud"]}, "love #acmecloud", {}, True),
    ("hashtag-field", {"hashtags": ["#acme"]}, "love it", {"hashtags": ("Acme",)}, True),
    ("hashtag-prefix-only", {"hashtags": ["acme"]}, "love #acmecloud", {}, False),
    ("handle-text", {"handles": ["@acme"]}, "hey @Acme help", {}, True),
    ("handle-field-instance", {"handles": ["acme"]}, "hey", {"handles": ("acme@mastodon.social",)},
     True),
    ("handle-miss", {"handles": ["acme"]}, "hey @acmefan", {}, False),
    ("emoji", {"emoji": ["🔥", "❤"]}, "AcmeCloud ❤️❤️", {}, True),
    ("emoji-miss", {"emoji": ["🔥"]}, "AcmeCloud 👍", {}, False),
    ("brand", {"brand": ["acme"]}, "Acme Mobile crashed", {}, True),
    ("brand-other", {"brand": ["acme"]}, "Globex crashed", {}, False),
    ("cpp", {"any": ["c++"]}, "Rewrote it in C++.", {}, True),
    ("cpp-not-c", {"any": ["c++"]}, "Rewrote it in C.", {}, False),
    ("att", {"any": ["at&t"]}, "AT&T outage", {}, True),
    ("hashtag-keyword", {"any": ["#acme"]}, "#Acme rocks", {}, True),
    ("hashtag-keyword-longer", {"any": ["#acme"]}, "#AcmeFan rocks", {}, False),
    ("empty-match-matches-all", {}, "anything", {}, True),
    # issue 14: matching defects found on an independent set
    ("thai-not-inside-a-cluster", {"any": ["กล"]}, "กล้องAcmeพังแล้ว", {}, False),
    ("thai-whole-cluster", {"any": ["กล้อง"]}, "กล้องAcmeพังแล้ว", {}, True),
    ("arabic-tatweel", {"any": ["مرحبا"]}, "مـــرحـبـا يا Acme", {}, True),
    ("phrase-across-slash", {"any": ["acme cloud"]}, "Acme/Cloud is down", {}, True),
    ("phrase-across-hyphens", {"any": ["acme cloud"]}, "the Acme-Cloud-API fails", {}, True),
    ("phrase-across-hyphen-in-query", {"query": '"acme cloud" outage'},
     "Acme-Cloud outage", {}, True),
    ("hyphenated-keyword", {"any": ["e-mail"]}, "E-mail never arrives", {}, True),
    ("hyphenated-keyword-wifi", {"any": ["wi-fi"]}, "no Wi-Fi at the Acme store", {}, True),
    ("digits-and-letters", {"any": ["2fa"]}, "2FA codes never arrive", {}, True),
    ("hyphen-keeps-whole-words", {"any": ["acme"]}, "acmecloud-api", {}, False),
    ("hashtag-with-hyphen", {"hashtags": ["acme-cloud"]}, "love #Acme-Cloud", {}, True),
    # hashtags read as keywords are: Traditional Chinese as Simplified, Arabic's spelling
    # variants one way, in the condition and the post alike
    ("hashtag-traditional", {"hashtags": ["价格"]}, "又漲價了 #價格", {}, True),
    ("hashtag-simplified-field", {"hashtags": ["價格"]}, "又涨价了", {"hashtags": ("价格",)}, True),
    ("hashtag-arabic-ta-marbuta", {"hashtags": ["خدمة_العملاء"]}, "سيئة جدا #خدمه_العملاء", {},
     True),
    ("hashtag-arabic-other-word", {"hashtags": ["خدمة"]}, "#خدمات سيئة", {}, False),
    ("handle-with-underscore", {"handles": ["acme_support"]}, "hey @Acme_Support", {}, True),
    ("author-glob-with-hyphen", {"author": {"handles": ["acme-*"]}}, "x",
     {"author": "acme-care.bsky.social"}, True),
    # a deny of a handle without its server denies the account on every server (as `handles:`
    # of mentions finds acme@mastodon.social), a wanted one stays exact: acme@evil.social is
    # someone else's account (a review: `deny: [troll]` let troll@other.server through)
    ("author-deny-any-server", {"author": {"deny": ["troll"]}}, "x",
     {"author": "troll@evil.social"}, False),
    ("author-deny-bluesky-domain", {"author": {"deny": ["troll"]}}, "x",
     {"author": "troll.bsky.social"}, False),
    ("author-deny-not-a-longer-name", {"author": {"deny": ["troll"]}}, "x",
     {"author": "trolley@mastodon.social"}, True),
    ("author-handle-other-server", {"author": {"handles": ["acme"]}}, "x",
     {"author": "acme@evil.social"}, False),
    ("author-handle-any-server-glob", {"author": {"handles": ["acme@*"]}}, "x",
     {"author": "acme@mastodon.social"}, True),
    ("korean-compound-default", {"any": ["은행"]}, "신한은행 앱이 안 돼요", {}, False),
    ("korean-compound-opt-in", {"any": ["*은행"]}, "신한은행 앱이 안 돼요", {}, True),
    ("korean-compound-opt-in-query", {"query": "*은행 AND 앱"}, "신한은행 앱이 안 돼요", {}, True),
    ("suffix-opt-in", {"any": ["acme*"]}, "AcmeCloud is down", {}, True),
]


@pytest.mark.parametrize(("match", "text", "kw", "fires"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matcher(match: dict[str, Any], text: str, kw: dict[str, Any], fires: bool) -> None:
    router = route_with(match)
    if "author" in kw and isinstance(kw["author"], str):
        kw["author"] = Author(id=kw["author"], handle=kw["author"], followers=kw.pop("followers",
                                                                                   None))
    decision = router.route(facts(text, **kw), T0)
    assert [h.route for h in decision.hits] == (["r"] if fires else [])


def test_an_author_on_another_server_is_named_with_the_pattern_to_write() -> None:
    router = route_with({"author": {"handles": ["acme"]}, "any": ["outage"]})
    explained = router.explain(facts("outage", author=Author(id="1",
                                                             handle="acme@mastodon.social")), T0)
    said = " ".join(t.detail for t in explained.routes)
    assert "author @acme@mastodon.social is not one of acme (write acme@* for the account " \
           "on any server)" in said, said


def test_reasons_name_the_keyword() -> None:
    router = route_with({"any": ["outage", "down"], "network": "x"})
    hit = router.route(facts("big OUTAGE", network="x"), T0).hits[0]
    assert "keyword outage" in hit.reasons
    assert "network x" in hit.reasons


def test_costly_facts_are_asked_only_when_cheaper_conditions_pass() -> None:
    router = route_with({"any": ["acme"], "intent": "complaint", "sentiment": {"max": 0}})
    miss = facts("nothing to see here", intent="complaint", compound=-0.5)
    router.route(miss, T0)
    assert miss.calls == {"language": 0, "sentiment": 0, "intent": 0}
    wrong_intent = facts("acme again", intent="praise", compound=-0.5)
    router.route(wrong_intent, T0)
    assert wrong_intent.calls == {"language": 0, "sentiment": 0, "intent": 1}
    hit = facts("acme again", intent="complaint", compound=-0.5)
    assert router.route(hit, T0).hits
    assert hit.calls == {"language": 0, "sentiment": 1, "intent": 1}


def test_subscription_opts_into_matching_inside_words() -> None:
    from datetime import timedelta

    from bot.core.models import Subscription

    sub = Subscription(id="S-1", workspace="console", channel="C", query="*은행",
                       created_by="a", created_at=T0 - timedelta(days=1))
    router = compile_router(rules("routes: []"), [sub])
    assert [h.route for h in router.route(facts("신한은행 앱이 안 돼요"), T0).hits] == ["sub:S-1"]
    assert router.route(facts("은행나무"), T0).hits  # Korean: the end never needs a boundary


def test_a_hyphenated_keyword_keeps_its_spelling_in_the_decision() -> None:
    router = route_with({"any": ["e-mail", "acme cloud"]})
    d = router.route(facts("Acme/Cloud E-mail bounced"), T0)
    assert d.keywords == ("acme cloud", "e-mail")
    assert "keyword acme cloud, e-mail" in d.hits[0].reasons


def test_nested_keywords_over_one_long_word_stop_at_the_candidate_bound(
        caplog: pytest.LogCaptureFixture) -> None:
    """460 nested keywords ("e" x 31 to 490, as chat subscriptions) over a post of one
    20,000-letter word yield millions of candidate matches: matching stops at the bound,
    logs it, counts it, and keeps what it found before; an ordinary post is never cut."""
    from bot.core.text import fold
    from rules.keywords import MAX_CANDIDATES, KeywordIndex, key_of

    index = KeywordIndex([key_of("acme"), *(key_of("e" * k) for k in range(31, 491))]).finish()
    assert index.find(fold("acme is down, eeee")) == {"acme"}
    assert index.cut_short == 0
    hostile = fold("@acme " + "e" * 20_000 + " x1")
    assert index.find(hostile) == {"acme"}
    assert index.cut_short == 1
    assert f"stopped after {MAX_CANDIDATES} candidate matches" in caplog.text
    # the same keywords still match whole words below the bound
    assert index.find(fold("e" * 40 + " and acme")) == {key_of("e" * 40), "acme"}


def test_an_unknown_language_says_how_to_take_such_posts() -> None:
    """`language: [en]` and a post of no language: `rules explain` said "language is unknown,
    not one of en", and nothing of how to route a post too short to tell ("logo!")."""
    router = route_with({"language": ["en"]})
    explained = router.explain(facts("logo!"), T0)
    assert "language is unknown, not one of en (add und to take posts of no language)" in \
        explained.render(), explained.render()
