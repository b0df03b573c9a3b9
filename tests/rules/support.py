"""Test-side helpers for the rules tests: a Facts whose costly methods count their calls (to
prove lazy evaluation), mention builders and a tiny channel map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.core.config import ChannelConfig
from bot.core.models import Author, Intent, Mention, Sentiment
from bot.core.text import fold
from rules import RuleSet, parse_rules
from rules.conditions import Context
from rules.keywords import KeywordIndex, key_of

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday

CHANNELS = {
    name: ChannelConfig(workspace="console", id=f"C-{name}")
    for name in ("support", "support-escalations", "marketing", "sales", "crisis",
                 "approvals", "digest", "ops", "dev")
}
ESCALATIONS = {"support-default"}


@dataclass
class CountingFacts:
    mention: Mention
    lang: str | None = None
    compound: float | None = 0.0
    intent_value: Intent = "other"
    calls: dict[str, int] = field(default_factory=lambda: {"language": 0, "sentiment": 0,
                                                           "intent": 0})

    def folded(self) -> str:
        return fold(self.mention.text)

    def language(self) -> str | None:
        self.calls["language"] += 1
        return self.lang if self.lang is not None else self.mention.language

    def sentiment(self) -> Sentiment:
        self.calls["sentiment"] += 1
        if self.compound is None:
            return Sentiment()
        label = "positive" if self.compound > 0.05 else "negative" if self.compound < -0.05 \
            else "neutral"
        return Sentiment(compound=self.compound, label=label, method="test")

    def intent(self) -> Intent:
        self.calls["intent"] += 1
        return self.intent_value


_seq = [0]


def mention(text: str, **kw: Any) -> Mention:
    _seq[0] += 1
    author = kw.pop("author", None)
    if isinstance(author, str):
        author = Author(id=author, handle=author)
    if author is None:
        author = Author(id="u1", handle="someone", followers=kw.pop("followers", None))
    data: dict[str, Any] = {
        "id": f"{kw.get('network', 'mastodon')}:{_seq[0]}",
        "network": "mastodon",
        "source": "test",
        "author": author,
        "text": text,
        "created_at": T0,
    }
    data.update(kw)
    return Mention(**data)


def facts(text: str, *, lang: str | None = None, compound: float | None = 0.0,
          intent: Intent = "other", **kw: Any) -> CountingFacts:
    return CountingFacts(mention(text, **kw), lang=lang, compound=compound, intent_value=intent)


def rules(yaml_text: str) -> RuleSet:
    return parse_rules(yaml_text, file="test.yaml", channels=CHANNELS, escalations=ESCALATIONS)


def context(text: str, keywords: Sequence[str] = (), *,
            brands: dict[str, list[str]] | None = None, **kw: Any) -> Context:
    """The per-post context a stage reads, for unit tests of one stage: ``keywords`` (and the
    brands' words) in the automaton, found in ``text`` as the router would find them."""
    brand_ids = {name: frozenset(key_of(w) for w in words)
                 for name, words in (brands or {}).items()}
    index = KeywordIndex(key_of(k) for k in [*keywords, *(w for ws in (brands or {}).values()
                                                            for w in ws)]).finish()
    f = facts(text, **kw)
    folded = f.folded()
    return Context(f, f.mention, folded, index.find(folded), index, brand_ids)
