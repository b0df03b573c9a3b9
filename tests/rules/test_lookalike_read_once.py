"""A post's lookalike reading (``bot.core.lookalikes.lookalike_fold``) is made once a route:
the router makes it to match keywords, and a ``hashtags:`` condition reads the same one off
the Context (``Context.lookalike``) rather than reading the post again. Counted, not timed."""

from __future__ import annotations

import pytest

import rules.conditions
import rules.router
from bot.core.lookalikes import lookalike_fold
from rules.router import compile_router
from tests.rules.support import T0, facts
from tests.rules.support import rules as parse

RULES = ("routes:\n"
         "  - name: tags\n    match: {hashtags: [acme]}\n    channel: support\n"
         "    continue: true\n"
         "  - name: words\n    match: {any: [kettlo]}\n    channel: support\n")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts read for lookalikes, by the router and the conditions alike."""
    read: list[str] = []

    def counting(text: str) -> object:
        read.append(text)
        return lookalike_fold(text)

    monkeypatch.setattr(rules.router, "lookalike_fold", counting)
    monkeypatch.setattr(rules.conditions, "lookalike_fold", counting)
    return read


@pytest.mark.parametrize("text", [
    "Free coins from #Асme today",  # the hashtag in lookalikes: the router reads it
    "Привет всем, the kettlo #acme works",  # a non-ASCII post of no lookalike word
])
def test_a_hashtag_condition_reads_the_routers_lookalike_reading(
        counted: list[str], text: str) -> None:
    router = compile_router(parse(RULES))
    hits = router.route(facts(text), T0).hits
    assert [h.route for h in hits][:1] == ["tags"]
    assert counted == [text]


def test_an_all_ascii_post_is_never_read_for_lookalikes(counted: list[str]) -> None:
    router = compile_router(parse(RULES))
    assert [h.route for h in router.route(facts("the kettlo #acme"), T0).hits] == [
        "tags", "words"]
    assert counted == []


def test_a_platform_hashtag_the_text_lacks_is_read_with_the_post(counted: list[str]) -> None:
    """The platform's list of hashtags holds one the text does not ('#Асme' as Mastodon lists
    it): that reading is the post's with the tag appended, a second one of its own."""
    router = compile_router(parse(RULES))
    hits = router.route(facts("free coins today", hashtags=("#Асme",)), T0).hits
    assert [h.route for h in hits] == ["tags"]
    assert counted == ["free coins today\n#Асme"]
