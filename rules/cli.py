"""``socialops rules test`` and ``socialops rules explain``.

The cases file (YAML) unit-tests a rules file the way ``promtool test rules`` does::

    defaults:                       # optional; merged into every case's mention
      network: mastodon
    now: 2026-11-23T10:00:00Z       # optional; the instant routing runs at (per case too)
    subscriptions:                  # optional chat subscriptions compiled with the rules
      - {id: S-1, query: 'acme AND pricing', channel: sales}  # a config channel's name or id
    cases:
      - name: an outage in Polish reaches the crisis channel
        mention:                    # partial Mention; id, source, author, created_at filled in
          text: "Awaria AcmeCloud, nic nie działa"
          network: x
          author: {handle: jan, followers: 120}
        facts: {language: pl, sentiment: -0.7, intent: complaint}   # optional overrides
        expect: [crisis]            # route names that fire, in any order; [] = nothing fires
        expect_suppressed: [support]    # optional

A failing case is reported with its name, its line, expected vs got, and the explanation.

Both commands clean a mention's text as the pipeline does (``bot.core.text.normalise``:
control and invisible characters, size) before routing it, so they agree with production.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from bot.core import networks
from bot.core.config import ChannelConfig
from bot.core.errors import ConfigError, ConfigErrors, flatten
from bot.core.languages import language_problem
from bot.core.models import (
    Author,
    Intent,
    Mention,
    Sentiment,
    SpikeLimits,
    Subscription,
    Weekday,
)
from bot.core.ports import Facts
from bot.core.text import normalise, quoted
from bot.core.validation import errors_to_config_error, suggest, validate, validate_all
from bot.core.yamlfile import YamlDoc, load_yaml
from rules.loader import CONFIG_SECTIONS, load_rules
from rules.query import QueryError, validate_query
from rules.router import compile_router
from rules.schema import RulesFile

M = TypeVar("M", bound=BaseModel)
DEFAULT_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a Monday noon: outside most quiet hours


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactOverrides(_Strict):
    language: str | None = None
    sentiment: float | None = Field(default=None, ge=-1, le=1)
    intent: Intent | None = None


class CaseSubscription(_Strict):
    id: str
    query: str
    workspace: str = "console"
    channel: str = "subscriptions"
    mode: Literal["realtime", "digest"] = "realtime"
    digest_interval: Literal["hourly", "daily", "weekly"] | None = None
    digest_day: Weekday | None = None
    languages: tuple[str, ...] = ()
    sentiment_min: float | None = None
    sentiment_max: float | None = None
    spikes: SpikeLimits | None = None  # as chat's spikes.min_count=3 and a route's spikes:


class Case(_Strict):
    name: str
    mention: dict[str, Any]
    facts: FactOverrides = FactOverrides()
    now: AwareDatetime | None = None
    expect: tuple[str, ...]
    expect_suppressed: tuple[str, ...] | None = None


class CasesFile(_Strict):
    defaults: dict[str, Any] = Field(default_factory=dict)
    now: AwareDatetime | None = None
    subscriptions: tuple[CaseSubscription, ...] = ()
    cases: tuple[Case, ...] = Field(min_length=1)


@dataclass
class OverriddenFacts:
    """Facts from the real factory, except where the case pins a value."""

    inner: Facts
    overrides: FactOverrides

    @property
    def mention(self) -> Mention:
        return self.inner.mention

    def folded(self) -> str:
        return self.inner.folded()

    def language(self) -> str | None:
        if self.overrides.language is not None:
            return self.overrides.language
        return self.inner.language()

    def sentiment(self) -> Sentiment:
        c = self.overrides.sentiment
        if c is None:
            return self.inner.sentiment()
        label = "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
        return Sentiment(compound=c, label=label, method="case")

    def intent(self) -> Intent:
        return self.overrides.intent or self.inner.intent()


class _AnyChannel(Mapping[str, ChannelConfig]):
    """Every channel name exists, in workspace "console" with the name as id."""

    def __getitem__(self, key: str) -> ChannelConfig:
        return ChannelConfig.model_construct(workspace="console", id=key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def permissive_channels() -> Mapping[str, ChannelConfig]:
    """For ``rules test`` without a config file: any channel name is accepted."""
    return _AnyChannel()


def escalations_named_in(rules_path: Path) -> set[str]:
    """For ``rules test`` without a config file: every escalation chain the rules name is
    taken to exist (the config is what declares them)."""
    found: set[str] = set()

    def walk(routes: Any) -> None:
        for route in routes if isinstance(routes, list) else []:
            if isinstance(route, dict):
                if isinstance(route.get("escalation"), str):
                    found.add(route["escalation"])
                walk(route.get("routes"))

    try:
        data = load_yaml(rules_path).data
    except ConfigError:
        return found  # load_rules reports it
    if isinstance(data, dict):
        walk(data.get("routes"))
    return found


def build_mention(data: Mapping[str, Any], *, number: int, now: datetime) -> Mention:
    """A Mention from a partial mapping: id, source, author and created_at get defaults."""
    raw = dict(data)
    network = raw.setdefault("network", "mastodon")
    if isinstance(network, str):
        networks.network(network)  # a name people write: one the registry knows
    raw.setdefault("id", f"{network}:case-{number}")
    raw.setdefault("source", "cases")
    raw.setdefault("created_at", now)
    author = raw.get("author")
    if author is None:
        raw["author"] = Author(id="case-author", handle="someone")
    elif isinstance(author, str):
        raw["author"] = Author(id=author, handle=author)
    elif isinstance(author, dict):
        handle = author.get("handle", "someone")
        raw["author"] = Author(**{"id": handle, "handle": handle, **author})
    return Mention.model_validate(raw)


def _not_cases(data: Mapping[Any, Any]) -> str | None:
    """What else a file given as the cases file is, by its sections: every section would be
    an unknown field (and ``cases:`` missing), a line each, for a file that is one mistake."""
    keys = {str(k) for k in data}
    if keys & set(RulesFile.model_fields):
        return "a rules file (routes:, brands:, ...)"
    if keys & CONFIG_SECTIONS:
        return "a socialops config (workspaces:, channels:, ...)"
    return None


def rules_test(
    rules_path: Path,
    cases_path: Path,
    *,
    channels: Mapping[str, ChannelConfig],
    escalations: Collection[str],
    facts_factory: Callable[[Mention], Facts],
    out: TextIO,
) -> int:
    """Run every case; print failures with expected vs got. Exit code 0 when all pass."""
    ruleset = load_rules(rules_path, channels=channels, escalations=escalations)
    doc = load_yaml(cases_path)
    doc.raise_problems()
    if doc.data is None:
        raise ConfigError("the cases file is empty: write cases: (see docs/rules.md, "
                          "socialops rules test)", file=doc.file)
    if not isinstance(doc.data, dict):
        validate(CasesFile, doc)  # one line saying what the file should be
    if "cases" not in doc.data and (what := _not_cases(doc.data)):
        raise doc.error((), f"this is {what}, not a cases file; `socialops rules test RULES "
                            "CASES` takes the rules file first, then the cases (cases:, see "
                            "docs/rules.md)")
    # every mistake of the file before any case runs, one line each: the schema's (of every
    # case and subscription), then what each readable case and subscription names
    spec, mistakes = validate_all(CasesFile, doc)
    created = spec.now if spec is not None and spec.now else DEFAULT_NOW
    defaults = spec.defaults if spec is not None else {}
    file_now = spec.now if spec is not None else None
    subs: list[Subscription] = []
    ids: dict[str, int] = {}  # a subscription's id -> where it was first given
    for j, sub in _valid(CaseSubscription, doc, "subscriptions"):
        mistakes += _subscription_mistakes(doc, sub, j, channels)
        if (first := ids.setdefault(sub.id, j)) != j:
            # both compiled and both fired as sub:S-1, and a case expecting it passed for
            # either (a newcomer's review, 2026-12-06); chat gives each its own
            at = doc.line_of(("subscriptions", first))
            mistakes.append(doc.error(("subscriptions", j, "id"), (
                f"duplicate subscription id {sub.id!r}"
                + (f" (first at line {at})" if at is not None else "")
                + "; give each its own, as chat does (S-1, S-2, ...)")))
            continue
        subs.append(Subscription(created_by="cases", created_at=created, **sub.model_dump()))
    routes = {route.name for route, *_ in ruleset.walk()} | {f"sub:{s.id}" for s in subs}
    cases: list[Case] = []
    mentions: list[Mention] = []
    lines: list[int | None] = []
    for i, case in _valid(Case, doc, "cases"):
        mistakes += _unknown_routes(doc, case, i, routes)
        if case.facts.language is not None and language_problem(case.facts.language):
            mistakes.append(doc.error(("cases", i, "facts", "language"),
                                      str(language_problem(case.facts.language))))
        language = {**defaults, **case.mention}.get("language")
        if isinstance(language, str) and language.strip() and (problem := language_problem(
                language.replace("_", "-").split("-")[0])):  # a post in pl-PL counts as pl
            mistakes.append(doc.error(("cases", i, "mention", "language"), problem))
        try:
            mention = _case_mention(doc, defaults, case, i, case.now or file_now or DEFAULT_NOW)
        except ConfigError as exc:
            mistakes += flatten(exc)
            continue
        cases.append(case)
        mentions.append(mention)
        lines.append(doc.line_of(("cases", i)))
    if mistakes:
        raise ConfigErrors(sorted(mistakes, key=lambda m: m.line or 0))
    assert spec is not None
    router = compile_router(ruleset, subs)
    failed = 0
    for case, mention, line in zip(cases, mentions, lines, strict=True):
        now = case.now or spec.now or DEFAULT_NOW
        facts = OverriddenFacts(facts_factory(mention), case.facts)
        explanation = router.explain(facts, now)
        got = sorted(h.route for h in explanation.decision.hits)
        got_sup = sorted(s.route for s in explanation.decision.suppressed)
        problems = []
        if got != sorted(case.expect):
            problems.append(f"  expected routes: {sorted(case.expect)}\n  got routes:      {got}")
        if case.expect_suppressed is not None and got_sup != sorted(case.expect_suppressed):
            problems.append(
                f"  expected suppressed: {sorted(case.expect_suppressed)}\n"
                f"  got suppressed:      {got_sup}"
            )
        if problems:
            failed += 1
            out.write(f"FAIL {cases_path}:{line}: {case.name}\n" + "\n".join(problems) + "\n")
            out.write("  " + explanation.render().replace("\n", "\n  ") + "\n")
    total = len(spec.cases)
    out.write(f"{total} case(s): {total - failed} passed, {failed} failed\n")
    return 1 if failed else 0


def _valid(model: type[M], doc: YamlDoc, key: str) -> Iterator[tuple[int, M]]:
    """Each item of the list ``key`` with its index as written, less the values the schema
    refused (reported with the schema's problems), so the rest of that item is still checked:
    a case with a bad ``facts:`` still has its mention and its ``expect:`` looked at. Items
    that cannot be read at all (no ``expect:``) are left out."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else ()):
        found, _ = validate_all(model, YamlDoc(file=doc.file, data=item))
        if found is not None:
            yield i, found


def _subscription_mistakes(doc: YamlDoc, sub: CaseSubscription, j: int,
                           channels: Mapping[str, ChannelConfig]) -> list[ConfigError]:
    """What chat would refuse of this subscription: a query without a word that must appear
    (``NOT spam`` alone), and a channel written that the config does not declare (a
    subscription holds the id of the chat channel it was made in, so a channel's id is taken
    as well as its name; without a config file, any channel is)."""
    out = []
    try:
        validate_query(sub.query)
    except QueryError as exc:
        out.append(doc.error(("subscriptions", j, "query"), f"bad query: {exc}"))
    if "channel" in sub.model_fields_set and sub.channel not in channels and sub.channel not in {
            c.id for c in channels.values()}:
        known = sorted(channels)
        near = suggest(sub.channel, known)
        out.append(doc.error(("subscriptions", j, "channel"), (
            f"unknown channel {quoted(sub.channel)} (config channels: {', '.join(known)})" if known
            else f"unknown channel {quoted(sub.channel)} (the config declares no channels: declare "
                 f"it under channels:)") + (f"; did you mean {near}?" if near else "")))
    return out


def _unknown_routes(doc: YamlDoc, case: Case, i: int, routes: set[str]) -> list[ConfigError]:
    out = []
    for key in ("expect", "expect_suppressed"):
        for j, name in enumerate(getattr(case, key) or ()):
            if name not in routes:
                known = ", ".join(sorted(routes)) or "none"
                out.append(doc.error(("cases", i, key, j), f"unknown route {name!r} (the rules' "
                                     f"routes and subscriptions: {known})"))
    return out


def merged(defaults: Mapping[str, Any], mention: Mapping[str, Any]) -> dict[str, Any]:
    """``defaults`` merged into a case's mention, a mapping such as ``author`` key by key: a
    case naming its author's handle keeps the defaults' follower count."""
    out = dict(defaults)
    for key, value in mention.items():
        base = out.get(key)
        out[key] = ({**base, **value} if isinstance(base, Mapping) and isinstance(value, Mapping)
                    else value)
    return out


def _case_mention(doc: YamlDoc, defaults: Mapping[str, Any], case: Case, i: int,
                  now: datetime) -> Mention:
    data = merged(defaults, case.mention)
    try:
        return normalise(build_mention(data, number=i + 1, now=now))
    except ValidationError as exc:
        raise errors_to_config_error(exc, doc, ("cases", i, "mention"), model=Mention) from None
    except ValueError as exc:
        raise doc.error(("cases", i, "mention"), f"not a valid mention: {exc}") from None


def rules_explain(
    rules_path: Path,
    mention: Mention,
    *,
    channels: Mapping[str, ChannelConfig],
    escalations: Collection[str],
    facts_factory: Callable[[Mention], Facts],
    now: datetime,
    out: TextIO,
) -> int:
    problem = language_problem(mention.language) if mention.language else None
    if problem:  # a post's language is a code: 'english' would match no route's language
        raise ConfigError(f"--lang: {problem}")
    ruleset = load_rules(rules_path, channels=channels, escalations=escalations)
    explanation = compile_router(ruleset).explain(facts_factory(normalise(mention)), now)
    out.write(explanation.render() + "\n")
    return 0
