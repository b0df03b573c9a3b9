"""X normaliser against tweepy's recorded v2 pages and DevRel's entity example
(tests/fixtures/real/x)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.x.parse import (
    MAX_URL_ENTITIES,
    as_posted,
    normalize_tweet,
    parse_page,
    snowflake_time,
)

X = Path(__file__).parents[1] / "fixtures" / "real" / "x"
PAGES = ["search_recent_tweets.json", "user_mentions_timeline_page.json",
         "home_timeline_reverse_chronological_page.json", "tweets_lookup_multiple_ids.json",
         "tweet_lookup_single_emoji_surrogate_escapes.json",
         "tweet_lookup_entities_urls_unwound_postman_example.json"]


def load(name: str) -> Any:
    return json.loads((X / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAGES)
def test_every_recorded_tweet_normalises(name: str) -> None:
    page = parse_page(load(name))
    assert page.tweets
    for tweet in page.tweets:
        m = normalize_tweet(tweet, page.users, source="x1")
        # an edited post's version is read as the post, keyed by its original's id (the
        # recorded home timeline holds one: three ids, the original first)
        assert m.id == f"x:{tweet.get('edit_history_tweet_ids', [tweet['id']])[0]}"
        assert m.url and m.url.endswith(f"/status/{tweet['id']}")
        assert "&amp;" not in m.text and "&lt;" not in m.text
        # the time comes from created_at when asked for, else from the snowflake id
        assert m.created_at.year in range(2020, 2023)


def test_page_cursors() -> None:
    page = parse_page(load("search_recent_tweets.json"))
    assert page.newest_id == "1578516068309794817"
    assert page.next_token == "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"
    assert page.result_count == 10
    empty = parse_page({"meta": {"result_count": 0}})
    assert empty.tweets == () and empty.next_token is None


@pytest.mark.parametrize("newest", ["0x10", "²", "-1", " 1", "", "9" * 20])
def test_a_newest_id_that_is_no_tweet_id_is_no_cursor(newest: str) -> None:
    # it became the stream's cursor, and int() of it failed every later poll
    page = parse_page({"data": [], "meta": {"newest_id": newest, "result_count": 0}})
    assert page.newest_id is None
    assert parse_page({"meta": {"newest_id": "9" * 19}}).newest_id == "9" * 19


def test_snowflake_time_matches_the_tweets_own_text() -> None:
    # the tweepy test tweet's text is its own timestamp, 2022-10-07 22:42:12.637 (UTC)
    when = snowflake_time("1578516068309794817")
    assert when is not None
    assert abs((when - datetime(2022, 10, 7, 22, 42, 12, 637000, tzinfo=UTC)).total_seconds()) < 2
    assert snowflake_time("20") is None


def test_surrogate_pairs_decode_and_hashtags_come_from_text_without_entities() -> None:
    page = parse_page(load("tweet_lookup_single_emoji_surrogate_escapes.json"))
    m = normalize_tweet(page.tweets[0], page.users, source="x1")
    assert "\U0001F941" in m.text  # drum, from \uD83E\uDD41
    assert m.text.startswith("It’s finally here!")
    assert m.hashtags == ("TwitterAPI",)


def test_ampersand_is_unescaped_and_handles_found() -> None:
    page = parse_page(load("home_timeline_reverse_chronological_page.json"))
    tweet = next(t for t in page.tweets if t["id"] == "1578095129495482369")
    m = normalize_tweet(tweet, page.users, source="x1")
    assert m.text.startswith("So @alanbenlee @snowman & I are testing")
    assert m.handles == ("alanbenlee", "snowman")


def test_entities_expand_links_and_keep_lang_and_time() -> None:
    page = parse_page(load("tweet_lookup_entities_urls_unwound_postman_example.json"))
    m = normalize_tweet(page.tweets[0], page.users, source="x1")
    url = ("https://blog.twitter.com/developer/en_us/topics/tips/2020/"
           "how-to-analyze-the-sentiment-of-your-own-tweets.html")
    assert m.links == (url,)
    assert m.text.endswith(url) and "t.co" not in m.text
    assert m.language == "en"
    assert m.created_at == datetime(2020, 6, 24, 16, 28, 14, tzinfo=UTC)
    assert m.author.id == "2244994945"


def test_an_expansion_holding_its_own_short_url_is_not_expanded_again() -> None:
    # replacing url after url doubled the text per entity: 24 of them made 400 MB in 11 s
    tweet = dict(parse_page(load("tweet_lookup_entities_urls_unwound_postman_example.json"))
                 .tweets[0])
    short = tweet["entities"]["urls"][0]["url"]
    entity = {"url": short, "expanded_url": f"{short} {short}"}
    tweet["entities"] = {**tweet["entities"], "urls": [entity] * 24}
    m = normalize_tweet(tweet, {}, source="x1")
    assert short in tweet["text"]
    assert m.text == tweet["text"].replace(short, f"{short} {short}")
    assert as_posted(tweet) == m.text
    assert m.links == (f"{short} {short}",)


def test_each_short_url_is_replaced_once_and_the_longest_wins() -> None:
    tweet = {"id": "1800000000000000000", "text": "a https://t.co/ab b https://t.co/a",
             "entities": {"urls": [
                 {"url": "https://t.co/a", "expanded_url": "https://one.example/x https://t.co/ab"},
                 {"url": "https://t.co/ab", "expanded_url": "https://two.example/"},
                 {"url": "https://t.co/a", "expanded_url": "https://ignored.example/"},
             ]}}
    m = normalize_tweet(tweet, {}, source="x1")
    assert m.text == "a https://two.example/ b https://one.example/x https://t.co/ab"
    assert as_posted(tweet) == m.text


def test_url_entities_past_the_bound_are_left_alone() -> None:
    urls = [{"url": f"https://t.co/{i:04d}", "expanded_url": f"https://site.example/{i}"}
            for i in range(MAX_URL_ENTITIES + 10)]
    text = " ".join(u["url"] for u in urls)
    m = normalize_tweet({"id": "1800000000000000000", "text": text,
                         "entities": {"urls": urls}}, {}, source="x1")
    assert len(m.links) == MAX_URL_ENTITIES
    assert m.text.split()[MAX_URL_ENTITIES - 1] == f"https://site.example/{MAX_URL_ENTITIES - 1}"
    assert m.text.split()[MAX_URL_ENTITIES] == f"https://t.co/{MAX_URL_ENTITIES:04d}"


def test_an_entity_url_that_cannot_be_a_t_co_link_is_left_alone() -> None:
    # a regex was compiled from the urls: a megabyte's took a second on the event loop
    long = "https://t.co/" + "a" * 400_000
    m = normalize_tweet({"id": "1578516068309794817", "text": f"see {long}",
                         "created_at": "2022-10-07T22:42:12.000Z",
                         "entities": {"urls": [{"url": long, "expanded_url": "https://e.test/"}]}},
                        {}, source="x")
    assert m.text.startswith("see https://t.co/aaaa") and "e.test" not in m.text
    tweet = {"id": "1", "text": "http://t.co/Ab9", "entities": {"urls": [
        {"url": "http://t.co/Ab9", "expanded_url": "https://e.test/"}]}}
    assert as_posted(tweet) == "https://e.test/"  # a t.co link of either scheme is expanded


@pytest.mark.parametrize("tweet_id", ["²", "1" + "²" * 18, "9" * 25, "9" * 5_000])
def test_an_id_that_is_no_number_is_malformed(tweet_id: str) -> None:
    # "²".isdigit() is true and int() refuses it; a 25-digit snowflake's time is past 9999
    with pytest.raises(MalformedPayload):
        normalize_tweet({"id": tweet_id, "text": "hi"}, {}, source="x1")
    assert snowflake_time(tweet_id) is None


def test_expansions_fill_the_author_and_refs_fill_the_thread() -> None:
    payload = {
        "data": [{"id": "1578516295611748353", "text": "@acme help &lt;3 #broken",
                  "author_id": "42", "conversation_id": "1578516000000000000", "lang": "und",
                  "created_at": "2022-10-07T22:43:06.000Z",
                  "referenced_tweets": [{"type": "replied_to", "id": "1578516000000000000"}],
                  "public_metrics": {"like_count": 3, "retweet_count": 1},
                  "entities": {"mentions": [{"start": 0, "end": 5, "username": "acme"}],
                               "hashtags": [{"start": 18, "end": 25, "tag": "broken"}]}}],
        "includes": {"users": [{"id": "42", "username": "carol", "name": "Carol",
                                "public_metrics": {"followers_count": 1200}}]},
        "meta": {"result_count": 1, "newest_id": "1578516295611748353"},
    }
    page = parse_page(payload)
    m = normalize_tweet(page.tweets[0], page.users, source="x1")
    assert m.text == "@acme help <3 #broken"
    assert m.author.handle == "carol" and m.author.followers == 1200
    assert m.url == "https://x.com/carol/status/1578516295611748353"
    assert m.reply_to == m.thread_id == "1578516000000000000"
    assert m.language is None  # "und" means X could not tell
    assert m.metrics == {"like": 3, "retweet": 1}
    assert m.handles == ("acme",) and m.hashtags == ("broken",)


@pytest.mark.parametrize("payload", [
    None, [], {"data": "x"},
    {"errors": [{"title": "Unauthorized"}]},
])
def test_malformed_pages_are_rejected(payload: Any) -> None:
    with pytest.raises(MalformedPayload):
        parse_page(payload)


@pytest.mark.parametrize("tweet", [
    {"id": "abc", "text": "x"}, {"id": "1578516295611748353"}, {"text": "no id"},
    {"id": "12", "text": "pre-snowflake and no created_at"},
])
def test_malformed_tweets_are_rejected(tweet: dict[str, Any]) -> None:
    with pytest.raises(MalformedPayload):
        normalize_tweet(tweet, {}, source="x1")


@pytest.mark.parametrize("field", ["hashtags", "mentions"])
@pytest.mark.parametrize("value", [7, True, 1.5])
def test_an_entity_list_that_is_no_list_is_left_out_not_the_tweet(field: str,
                                                                    value: Any) -> None:
    """The v2 schema says each entity kind is an array; a number there raised TypeError out
    of the normaliser and the source skipped the whole tweet as malformed."""
    tweet = {"id": "1578516068309794817", "text": "@acme #down again",
             "entities": {field: value}}
    m = normalize_tweet(tweet, {}, source="x1")
    assert m.text == "@acme #down again"
    assert (m.hashtags if field == "hashtags" else m.handles) == ()


@pytest.mark.parametrize("value", [7, "replied_to", True])
def test_referenced_tweets_that_are_no_list_leave_the_tweet_a_post_of_its_own(
        value: Any) -> None:
    tweet = {"id": "1578516068309794817", "text": "acme is down", "referenced_tweets": value}
    assert normalize_tweet(tweet, {}, source="x1").reply_to is None
