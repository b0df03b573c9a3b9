"""Loading and checking a rules file: ``load_rules`` parses the YAML, validates it against
``rules.schema`` and checks every cross-reference (channels, escalation chains, time intervals,
brands, route names), regex and query, so ``socialops check`` reports each problem as
``file:line: field: message`` before the bot starts.
"""

from __future__ import annotations

import difflib
import fnmatch
import logging
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.config import ChannelConfig
from bot.core.durations import written
from bot.core.errors import ConfigError, ConfigErrors
from bot.core.languages import language_problem
from bot.core.models import MAX_TAGS, NO_PRIORITY, TAG_RULE, Priority, tag_of
from bot.core.text import fold, quoted
from bot.core.validation import suggest, validate_all, without_follow_ons, written_at
from bot.core.yamlfile import YamlDoc, load_yaml, parse_yaml
from rules.conditions import compile_regex, match_keywords
from rules.query import ONLY_STARS, QueryError, parse_query, proximity_problem, terms
from rules.query import one_character as _one_character
from rules.query import only_stars as _only_stars
from rules.schema import Action, Match, Route, RouteSpikes, RulesFile
from rules.timeintervals import interval_problems, zone

log = logging.getLogger(__name__)

YamlPath = tuple[str | int, ...]
# sections only a config has: a config file given where the rules file was meant
CONFIG_SECTIONS = frozenset({"sources", "workspaces", "channels", "people", "escalations",
                              "approvals", "store", "outbox", "http", "ops_channel"})
# a cases file (`socialops rules test RULES CASES`, the arguments swapped) given as the rules
CASES_NOT_RULES = ("this is a cases file (cases:, what `socialops rules test RULES CASES` reads "
                   "second), not a rules file; give the rules file instead: the one with "
                   "routes:")
GROUP_FIELDS = ("brand", "author", "network", "source", "conversation", "language")
LABELS = (*GROUP_FIELDS, "route")


@dataclass(frozen=True, slots=True)
class Settings:
    """A route's effective settings: its own, else its parent's (children inherit)."""

    action: Action = "alert"
    channel: str | None = None
    mention_users: tuple[str, ...] = ()
    mention_groups: tuple[str, ...] = ()
    sla: float | None = None
    escalation: str | None = None
    priority: Priority | None = None
    tags: tuple[str, ...] = ()  # its own and its parents' (a child adds to them)
    interval: float | None = None
    group_by: tuple[str, ...] = ()
    group_wait: float | None = None
    cooldown: float | None = None
    quiet_hours: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    spikes: RouteSpikes | None = None  # each threshold it sets, its own else its parent's

    def child(self, route: Route) -> Settings:
        s = self
        if route.action is not None:
            s = replace(s, action=route.action)
        if route.channel is not None:
            s = replace(s, channel=route.channel)
        if route.mention is not None:
            s = replace(s, mention_users=route.mention.users, mention_groups=route.mention.groups)
        for name in ("sla", "escalation", "interval", "group_wait", "cooldown"):
            value = getattr(route, name)
            if value is not None:
                s = replace(s, **{name: value})
        if route.priority is not None:  # `none` drops the parent's; left out, it is inherited
            s = replace(s, priority=None if route.priority == NO_PRIORITY else route.priority)
        if route.tags is not None:
            own = (tag_of(t) for t in route.tags)  # one that is no tag is the check's to say
            s = replace(s, tags=tuple(sorted({*s.tags, *(t for t in own if t)})))
        if route.group_by is not None:
            s = replace(s, group_by=route.group_by)
        if route.quiet_hours is not None:
            s = replace(s, quiet_hours=route.quiet_hours)
        if route.labels is not None:
            s = replace(s, labels=tuple(sorted({**dict(s.labels), **route.labels}.items())))
        if route.spikes is not None:
            set_here = route.spikes.model_dump(exclude_none=True)
            s = replace(s, spikes=s.spikes.model_copy(update=set_here) if s.spikes
                        else route.spikes)
        return s


@dataclass(frozen=True)
class RuleSet:
    """A validated rules file, with the channel map it was checked against."""

    rules: RulesFile
    channels: Mapping[str, ChannelConfig] = field(default_factory=dict)
    escalations: frozenset[str] = frozenset()
    source: str = "<empty>"

    def walk(self) -> Iterator[tuple[Route, Settings, YamlPath, int]]:
        """Every route depth-first with its effective settings, YAML path and depth."""
        yield from _walk(self.rules.routes, Settings(), ("routes",), 0)

    def spike_limits(self) -> dict[str, tuple[int | None, float | None, float | None]]:
        """Each route with spike thresholds of its own (or its parent's): its ``min_count``,
        ``threshold`` and ``max_p``, None where it leaves the bot's."""
        return {route.name: (s.spikes.min_count, s.spikes.threshold, s.spikes.max_p)
                for route, s, _, _ in self.walk() if s.spikes is not None}

    def route_chains(self) -> dict[str, str]:
        """Each route's escalation chain as the rules name it now (its own, else its
        parent's): the chain in force for its tickets, whatever name they opened under."""
        return {route.name: s.escalation for route, s, _, _ in self.walk()
                if s.escalation is not None}


def _walk(
    routes: tuple[Route, ...], parent: Settings, base: YamlPath, depth: int
) -> Iterator[tuple[Route, Settings, YamlPath, int]]:
    for i, route in enumerate(routes):
        settings = parent.child(route)
        path = (*base, i)
        yield route, settings, path, depth
        yield from _walk(route.routes, settings, (*path, "routes"), depth + 1)


def empty_ruleset() -> RuleSet:
    return RuleSet(RulesFile())


def load_rules(
    path: Path,
    *,
    channels: Mapping[str, ChannelConfig],
    escalations: Collection[str],
    env: Mapping[str, str] | None = None,
    people: Collection[str] | None = None,
    groups: Collection[str] | None = None,
    now: datetime | None = None,
) -> RuleSet:
    """Parse and check a rules file. Every problem is a ConfigError naming file:line:field;
    all of them are raised together (ConfigErrors). ``people`` and ``groups`` (from the
    config) are what ``mention:`` may name; None leaves mentions unchecked (no config).
    ``now`` (``socialops run``, and each reload): a silence that ended before it is one
    warning naming file, line and silence, and is left out of the rules, so it never applies;
    the bot keeps running on yesterday's file (``socialops check`` refuses it). A keyword of
    one letter or digit, which releases before 2026-12-02 took, is one warning too, and kept."""
    ended: list[ConfigError] = []
    ruleset, problems = _inspect(load_yaml(path, env=env), channels=channels,
                                 escalations=escalations, people=people, groups=groups, now=now,
                                 ended=ended)
    if problems:
        raise ConfigErrors(problems)
    assert ruleset is not None
    for warning in ended:
        log.warning("%s", warning)
    return ruleset


def inspect_rules(
    path: Path,
    *,
    channels: Mapping[str, ChannelConfig],
    escalations: Collection[str],
    env: Mapping[str, str] | None = None,
    people: Collection[str] | None = None,
    groups: Collection[str] | None = None,
    now: datetime | None = None,
    sources: Collection[str] | None = None,
) -> tuple[RuleSet | None, list[ConfigError]]:
    """Every problem of a rules file in one pass, and the rules when there were none. A file
    that cannot be read or parsed raises its one ConfigError. ``now`` (``socialops check``):
    a silence that ended before it is a problem too. ``sources``: the config's source ids,
    which a route's ``source:`` names (None: not checked)."""
    return _inspect(load_yaml(path, env=env), channels=channels, escalations=escalations,
                    people=people, groups=groups, now=now, sources=sources)


def parse_rules(
    text: str,
    *,
    file: str = "<rules>",
    channels: Mapping[str, ChannelConfig],
    escalations: Collection[str],
    env: Mapping[str, str] | None = None,
    people: Collection[str] | None = None,
    groups: Collection[str] | None = None,
) -> RuleSet:
    ruleset, problems = _inspect(parse_yaml(text, file, env=env), channels=channels,
                                 escalations=escalations, people=people, groups=groups)
    if problems:
        raise ConfigErrors(problems)
    assert ruleset is not None
    return ruleset


def _inspect(
    doc: YamlDoc, *, channels: Mapping[str, ChannelConfig], escalations: Collection[str],
    people: Collection[str] | None = None, groups: Collection[str] | None = None,
    now: datetime | None = None, ended: list[ConfigError] | None = None,
    sources: Collection[str] | None = None,
) -> tuple[RuleSet | None, list[ConfigError]]:
    """``now``: a silence that ended before it is a problem, or, when ``ended`` is given, is
    said there and left out of the rules."""
    problems = list(doc.problems)
    if doc.data is None:
        # an empty file routes nothing; it is also what an editor's save can leave for a
        # moment, which a reload must not take for the new rules
        return None, [*problems, ConfigError(
            "the rules file is empty: no routes, so nothing would reach a channel; write "
            "routes: (see docs/rules.md), or `routes: []` to route nothing on "
            "purpose", file=doc.file)]
    if isinstance(doc.data, dict) and "routes" not in doc.data:
        keys = {str(k) for k in doc.data}
        if keys & CONFIG_SECTIONS and not keys & set(RulesFile.model_fields):
            return None, [*problems, doc.error((), (
                "this is a socialops config (workspaces:, channels:, ...), not a rules file; "
                "give the rules file instead: the one with routes:, which the config names "
                "in its rules:"))]
        if "cases" in keys and not keys & set(RulesFile.model_fields):
            return None, [*problems, doc.error((), CASES_NOT_RULES)]
        if not any(suggest(k, ["routes"]) == "routes" for k in keys):
            return None, [*problems, doc.error((), (
                "no routes: in the rules file, so nothing would reach a channel; add routes:, "
                "or write `routes: []` to route nothing on purpose"))]
        # else a misspelt routes: (``rotues:``), said once by the schema with the right name
    if not isinstance(doc.data, dict):
        return None, [*problems, doc.error(
            (), "the rules file must be a mapping (brands, routes, silences, ...)")]
    rules, schema_problems = validate_all(RulesFile, doc)
    problems += schema_problems
    if rules is None:
        return None, problems
    checker = _Checker(doc, rules, channels, frozenset(escalations))
    checker.people = None if people is None else frozenset(people)
    checker.groups = None if groups is None else frozenset(groups)
    checker.sources = None if sources is None else frozenset(sources)
    checker.now = now
    checker.ended = ended
    checker.run()
    problems += without_follow_ons(checker.problems, schema_problems)
    if problems:
        return None, problems
    if checker.ended_at:
        rules = rules.model_copy(update={"silences": tuple(
            s for i, s in enumerate(rules.silences) if i not in checker.ended_at)})
    return RuleSet(rules, channels, frozenset(escalations), doc.file), []


# Texts a regex found in every post is found in: the empty one, and others unlike each other
# (a word, a digit, a space, a line break, an emoji, a post longer than any counted repetition
# RE2 takes, {1000}). One that matches the empty text only as the whole post (`^\s*$`, a post
# of no words; `(?s)^.{0,12}$`, a short one) says what a post must be, and is taken.
_ANY_TEXTS = ("", "a", "0", " ", "\n", "!", "\U0001f600", "acme is down",
              " ".join(["acme is down again, 3rd time today!\n\U0001f600"] * 60))


class _Checker:
    def __init__(
        self,
        doc: YamlDoc,
        rules: RulesFile,
        channels: Mapping[str, ChannelConfig],
        escalations: frozenset[str],
    ) -> None:
        self.doc = doc
        self.rules = rules
        self.channels = channels
        self.escalations = escalations
        # names the file declares, valid or not: a reference to one whose definition the
        # schema refused (and reported) is not also "unknown"
        self.intervals = {t.name for t in rules.time_intervals} | {
            n for v in _sections(doc, "time_intervals") for n in _names(v)}
        self.brands = set(rules.brands) | {
            str(k) for v in _sections(doc, "brands") if isinstance(v, dict) for k in v}
        self.written_routes = {n for v in _sections(doc, "routes") for n in _route_names(v)}
        self.names: dict[str, YamlPath] = {}  # each route's name, and where it is written
        self.people: frozenset[str] | None = None  # None: no config to check mentions against
        self.sources: frozenset[str] | None = None  # the config's source ids (None: unchecked)
        # when given, a silence that has already ended is a mistake (socialops check), or,
        # with ``ended``, a warning and left out (socialops run): the bot keeps loading a file
        # whose silences have run out
        self.now: datetime | None = None
        self.ended: list[ConfigError] | None = None
        self.ended_at: set[int] = set()  # the indexes of the silences left out
        self.groups: frozenset[str] | None = None
        self.problems: list[ConfigError] = []

    def err(self, path: YamlPath, message: str) -> None:
        if not self.doc.follows_unset(path):  # else said once, as the unset variable
            self.problems.append(self.doc.error(path, message))

    def accepted_before(self, path: YamlPath, message: str) -> None:
        """A mistake that releases before 2026-12-02 took (a keyword of one letter or
        digit): ``socialops check`` refuses it; ``run`` and each reload (with ``ended``) say
        it in one warning and route with it as before, since a refused file at start would
        leave the whole bot down after an upgrade, every alert lost."""
        if self.ended is None:
            self.err(path, message)
        elif not self.doc.follows_unset(path):
            self.ended.append(self.doc.error(path, (
                f"{message} (kept, as earlier releases read it; socialops check refuses it)")))

    def sla_unit(self, sla: float, path: YamlPath) -> None:
        """An SLA written as a bare number (``sla: 90``) is that many seconds, where people who
        count SLAs in minutes (PagerDuty, Zendesk) read 90 minutes: ``socialops check`` asks
        for the unit; ``run`` keeps it as written, with one warning."""
        value = written_at(self.doc.data, self.doc.written_path(path))
        if isinstance(value, bool) or not (isinstance(value, int | float) or (
                isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value))):
            return
        shown = str(value).strip()
        self.accepted_before(path, (
            f"{shown} has no unit, so it is read as seconds ({written(sla)}); write "
            f"{written(sla)} if that is meant, or {shown}m for {shown} minutes"))

    def comma_line(self, path: YamlPath) -> None:
        """A list written as one line of comma-separated words, as a social inbox takes
        keywords (``any: acme, acmecloud``): one keyword, the phrase with its commas."""
        line = written_at(self.doc.data, self.doc.written_path(path))
        if isinstance(line, str) and "," in line and len(parts := [
                p.strip() for p in _COMMA.split(line) if p.strip()]) > 1:
            self.accepted_before(path, (
                f"{line[:60]!r} is one keyword, the phrase with its commas, not "
                f"{len(parts)}; write a list: [{', '.join(parts[:5])}"
                + (", ...]" if len(parts) > 5 else "]")))

    def run(self) -> None:
        for name, words in self.rules.brands.items():
            if not words:
                self.err(("brands", name), (
                    f"brand {name!r} has no keywords, so no post is ever about it; list the "
                    f"words that name it, e.g. {name}: [{name}, \"@{name}\"]"))
            self.comma_line(("brands", name))
            for j, word in enumerate(words):
                if not fold(word):
                    self.err(("brands", name, j), "empty keyword")
                elif _only_stars(word):
                    self.err(("brands", name, j), _STARS)
                elif (short := _one_character(word)) is not None:
                    self.accepted_before(("brands", name, j), short)
        seen_intervals: set[str] = set()
        for i, ti in enumerate(self.rules.time_intervals):
            if ti.name in seen_intervals:
                self.err(("time_intervals", i, "name"), f"duplicate name {ti.name!r}")
            seen_intervals.add(ti.name)
            try:
                zone(ti.time_zone)
            except ValueError as exc:  # its intervals are checked all the same
                self.err(("time_intervals", i, "time_zone"), str(exc))
            for j, interval in enumerate(ti.intervals):
                for where, message in interval_problems(interval):
                    self.err(("time_intervals", i, "intervals", j, *where), message)
        for route, settings, path, _ in RuleSet(self.rules).walk():
            self.route(route, settings, path)
        silence_ids: dict[str, int] = {}
        for i, silence in enumerate(self.rules.silences):
            if silence.id in silence_ids:
                first = self.doc.line_of(("silences", silence_ids[silence.id]))
                self.err(("silences", i, "id"), (
                    f"duplicate silence id {silence.id!r} (first at line {first}); cards and "
                    "`why` name a silence by its id: give each its own"))
            silence_ids.setdefault(silence.id, i)
            if self.now is not None and silence.until <= self.now:
                ended = (f"silence {silence.id!r} ended at "
                         f"{silence.until.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
                fix = "delete it, or move until: into the future"
                if self.ended is None:
                    self.err(("silences", i, "until"), f"{ended} and mutes nothing; {fix}")
                else:
                    self.ended.append(self.doc.error(("silences", i, "until"),
                                                     f"{ended}: it is ignored; {fix}"))
                    self.ended_at.add(i)
            self.match(silence.match, ("silences", i, "match"))
            for j, pattern in enumerate(silence.routes):
                # sub:<id> names a chat subscription, which the rules file cannot see
                if pattern != "*" and not pattern.startswith("sub:") and not any(
                        fnmatch.fnmatchcase(n, pattern)
                        for n in set(self.names) | self.written_routes):
                    self.err(("silences", i, "routes", j),
                             f"matches no route: {pattern!r}{self.route_meant(pattern)}")
            if silence.starts is not None and silence.until <= silence.starts:
                self.err(("silences", i, "until"), "ends before it starts")
        for i, rule in enumerate(self.rules.inhibit_rules):
            matched: dict[str, set[str]] = {}
            for key, patterns in (("source", rule.source), ("target", rule.target)):
                for j, pattern in enumerate(patterns):
                    hits = {n for n in set(self.names) | self.written_routes
                            if fnmatch.fnmatchcase(n, pattern)}
                    if not hits:
                        self.err(("inhibit_rules", i, key, j),
                                 f"matches no route: {pattern!r}{self.route_meant(pattern)}")
                    matched.setdefault(key, set()).update(hits)
            both = sorted(matched.get("source", set()) & matched.get("target", set()))
            if both:
                # a route that mutes itself: its first hit would hold back every later one
                self.err(("inhibit_rules", i, "target"), (
                    f"route {both[0]!r} is both a source and a target, so it would inhibit "
                    "itself; take it out of one of them"))
            for j, label in enumerate(rule.equal):
                if label not in LABELS and not label.startswith("label:"):
                    self.err(
                        ("inhibit_rules", i, "equal", j),
                        f"unknown label {label!r} (known: {', '.join(LABELS)}, label:<name>)",
                    )
                elif (problem := self.label_unknown(label)) is not None:
                    self.accepted_before(("inhibit_rules", i, "equal", j), problem)

    def channel_meant(self, written: str) -> str:
        """The config's channel a name not declared most likely means, said after the
        problem: one written as Slack shows it (#marketing), in other capitals, misspelt, or
        as the chat channel's id."""
        by_id = [name for name, c in self.channels.items() if c.id == written]
        if len(by_id) == 1:
            return (f"; {quoted(written)} is the id of the config's channel {by_id[0]}: write "
                    f"its name, {by_id[0]}")
        bare = written.strip().lstrip("#").strip()
        same = [name for name in self.channels if name.lower() == bare.lower()]
        near = same[0] if len(same) == 1 else suggest(bare, self.channels)
        return f"; did you mean {near}?" if near else ""

    def route_meant(self, pattern: str) -> str:
        """The route a pattern that matches none most likely means, said after the problem:
        one in other capitals (`Support` for `support`: names match as written), misspelt."""
        names = sorted(set(self.names) | self.written_routes)
        same = [n for n in names if n.lower() == pattern.lower()]
        if len(same) == 1:
            return f"; did you mean {same[0]}? (a route's name is matched in its own capitals)"
        near = suggest(pattern, names)
        return f"; did you mean {near}?" if near else ""

    def route(self, route: Route, s: Settings, path: YamlPath) -> None:
        if route.name in self.names:
            first = self.doc.line_of(self.names[route.name])
            self.err((*path, "name"), f"duplicate route name {route.name!r}" + (
                f" (first at line {first})" if first is not None else ""))
            return
        if (twin := next((n for n in self.names if n.casefold() == route.name.casefold()),
                         None)) is not None:
            # chat reads a route's name in any capitals (`mute route SUPPORT`), and of two
            # read as one it finds neither
            first = self.doc.line_of(self.names[twin])
            self.accepted_before((*path, "name"), (
                f"route name {route.name!r} differs from {twin!r}"
                + (f" (line {first})" if first is not None else "")
                + " only in its capitals: chat reads a route's name in any capitals "
                "(`mute route SUPPORT`) and finds neither of two such; rename one"))
        if route.name[:4].casefold() == "sub:":
            # a chat subscription fires as the route sub:<id>: a route of the file so named
            # was said as the subscription (`why`, the card's "route: sub:S-1"), matched by a
            # silence of "sub:*", stood in for by the channel's subscriptions, and kept on
            # posting after `unsubscribe S-1` or `mute S-1`
            self.accepted_before((*path, "name"), (
                f"route name {route.name!r} begins with sub:, which names chat subscriptions "
                "(sub:S-2 is the subscription S-2); rename the route"))
        self.names[route.name] = (*path, "name")
        if route.sla is not None:
            self.sla_unit(route.sla, (*path, "sla"))
        if not _opens_ticket(route, s.action):
            # `action: ticket` forgotten: the route posts alerts, and its SLA, chain,
            # priority and tags did nothing, with check OK (a newcomer's review, 2026-12-06)
            for key in TICKET_ONLY:
                if getattr(route, key) is not None and not self.doc.follows_unset((*path, key)):
                    self.accepted_before((*path, key), (
                        f"route {route.name!r} opens no ticket (action {s.action}), and {key} "
                        "is a ticket's: it does nothing here; set action: ticket, or remove "
                        f"{key}"))
        self.match(route.match, (*path, "match"))
        if s.action != "drop":
            if s.channel is None:
                self.err((*path, "channel"), f"action {s.action} needs a channel")
            elif s.channel not in self.channels:
                known = ", ".join(sorted(self.channels))
                self.err(
                    (*path, "channel") if route.channel is not None else path,
                    f"unknown channel {quoted(s.channel)} " + (
                        f"(config channels: {known})" if known
                        else "(the config declares no channels: declare it under channels:)")
                    + self.channel_meant(s.channel),
                )
        elif route.channel is not None and not self.doc.follows_unset((*path, "channel")):
            self.err((*path, "channel"), (
                "a drop route posts nothing, so it has no channel; remove channel: (or set "
                "another action)"))
        self.mention(route, path)
        if route.escalation is not None and route.escalation not in self.escalations:
            known = ", ".join(sorted(self.escalations))
            self.err(
                (*path, "escalation"),
                f"unknown escalation chain {route.escalation!r} " + (
                    f"(config escalations: {known})" if known
                    else "(the config declares no escalations: declare it under escalations:)"),
            )
        for j, word in enumerate(route.tags or ()):
            if tag_of(word) is None:
                self.err((*path, "tags", j), f"{word[:40]!r} is not a tag: {TAG_RULE}")
        # said at a route whose own tags: take its tickets past the most: a child without any
        # holds its parent's count, said there already (not again at a routes[N].tags the file
        # does not have, one line a child)
        if route.tags is not None and len(s.tags) > MAX_TAGS:
            self.err((*path, "tags"), (
                f"its tickets would open with {len(s.tags)} tags (its parents' included); a "
                f"ticket keeps at most {MAX_TAGS}"))
        if s.action == "digest" and s.interval is None:
            self.err((*path, "interval"), "a digest route needs an interval (e.g. 1h)")
        for j, name in enumerate(route.quiet_hours or ()):
            if name not in self.intervals:
                self.err((*path, "quiet_hours", j), f"unknown time interval {name!r}")
        for j, name in enumerate(route.group_by or ()):
            if name not in LABELS and not name.startswith("label:"):
                self.err(
                    (*path, "group_by", j),
                    f"unknown group_by field {name!r} (known: {', '.join(LABELS)}, label:<name>)",
                )
            elif (problem := self.label_unknown(name)) is not None:
                self.accepted_before((*path, "group_by", j), problem)

    def label_unknown(self, name: str) -> str | None:
        """Why ``label:<name>`` is no label: no route of the file has it under ``labels:``,
        so its value is empty on every post (one group for all; equal everywhere)."""
        if not name.startswith("label:"):
            return None
        declared = {k for r, *_ in RuleSet(self.rules).walk() for k in (r.labels or {})}
        label = name.removeprefix("label:")
        if label in declared:
            return None
        meant = difflib.get_close_matches(label, sorted(declared), n=1)
        return (f"no route has the label {label!r}, so it is empty on every post (one group "
                "for all of them, equal everywhere)"
                + (f"; did you mean label:{meant[0]}?" if meant else
                   (f" (labels: {', '.join(sorted(declared))})" if declared else
                    "; give the routes it groups labels: {" + label + ": ...}")))

    def mention(self, route: Route, path: YamlPath) -> None:
        if route.mention is None:
            return
        base = (*path, "mention")
        if self.people is not None:
            for j, user in enumerate(route.mention.users):
                if user not in self.people:
                    self.err((*base, "users", j), f"unknown person {user!r}; name a person id "
                             f"from the config's people: ({_known(self.people)})")
        if self.groups is not None:
            for j, group in enumerate(route.mention.groups):
                if group not in self.groups:
                    self.err((*base, "groups", j), f"unknown group {group!r}; use a group "
                             f"named in the config's people: groups or under groups: "
                             f"({_known(self.groups)})")

    def match(self, match: Match, path: YamlPath) -> None:
        # a value that fails is told once, or not at all when it follows an unset
        # ``${VAR}`` (said once, as the variable): ``broken`` keeps it from being read on
        before = len(self.problems)
        broken = False
        query = None
        if match.query is not None:
            try:
                query = parse_query(match.query)
            except QueryError as exc:
                broken = True
                self.err((*path, "query"), f"bad query: {exc}")
            else:
                if (near := proximity_problem(match.query)) is not None:
                    # earlier releases routed it (on posts holding "near 5"): refused by check
                    self.accepted_before((*path, "query"), f"bad query: {near}")
        if match.regex is not None:
            try:
                _regex_as_written(match.regex)
                compiled = compile_regex(match.regex)
            except ValueError as exc:
                broken = True
                self.err((*path, "regex"), str(exc))
            else:
                if all(compiled.search(text) is not None for text in _ANY_TEXTS):
                    # `regex: ''` (a placeholder left empty), `acme|`: found in any text, so the
                    # route fired for every post, where an empty keyword or query is refused
                    said = ("an empty regex is found in any text" if not match.regex else
                            f"{match.regex[:60]!r} matches the empty text, found in any")
                    # beside other conditions it holds none back: not "every post"
                    others = any(getattr(match, key) not in (None, ())
                                 for key in match.model_fields_set - {"regex"})
                    self.accepted_before((*path, "regex"), (
                        f"{said}, so it holds back no post: the route fires for every post "
                        "its other conditions take; write what a post must hold, or leave "
                        "regex out" if others else
                        f"{said}, so the route fires for every post; write what a post must "
                        "hold, or leave regex out (match: {} is every post on purpose)"))
        for key in ("any", "all", "none", "emoji", "hashtags", "handles"):
            self.comma_line((*path, key))
            for j, word in enumerate(getattr(match, key)):
                if key == "handles":
                    continue
                if not fold(word).lstrip("#"):
                    self.err((*path, key, j), "empty keyword")
                elif key == "hashtags" and len(word.split()) > 1:
                    # a hashtag ends at a space: "#acme #acmecloud" is two, and as one never
                    # matches
                    self.accepted_before((*path, key, j), (
                        f"{word[:60]!r} holds a space, which no hashtag does; write each "
                        "hashtag as an item of its own: "
                        f"[{', '.join(repr(w) for w in word.split()[:5])}]"))
                elif _only_stars(word):
                    self.err((*path, key, j), _STARS)
                elif key in ("any", "all", "none") and (short := _one_character(word)):
                    self.accepted_before((*path, key, j), short)
                elif key == "emoji" and not _is_emoji(word):
                    self.err((*path, key, j), (
                        f"{word[:40]!r} is not an emoji, so it can never match; write the "
                        "emoji itself (❤, 🔥, 👀), or put words under any:"))
        for key in ("handles", "deny", "allow") if match.author is not None else ():
            for j, handle in enumerate(getattr(match.author, key)):
                if (problem := _handle_problem(handle, key)) is not None:
                    # taken before 2026-12-06 (matching no author): run keeps it, one warning
                    self.accepted_before((*path, "author", key, j), problem)
        if query is not None and len(self.problems) == before:
            words = tuple(terms(query))
            if any(_only_stars(t) for t in words):
                self.err((*path, "query"), _STARS)
            elif (short := next(filter(None, map(_one_character, words)), None)) is not None:
                self.accepted_before((*path, "query"), short)
        sources = self.sources
        for j, pattern in enumerate(match.source if sources is not None else ()):
            # a glob (feed-*) may name sources to come; a name no source has never matches
            if sources is not None and not any(c in pattern for c in "*?[") and (
                    pattern not in sources):
                self.err((*path, "source", j), (
                    f"unknown source {pattern!r}, so the route never matches; name a source "
                    f"by its id in the config's sources: ({_known(sources)}), or a glob such "
                    "as feed-*"))
        for j, brand in enumerate(match.brand):
            if brand not in self.brands:
                # a brand is named in its own capitals: `Acme:` under brands: is not acme
                meant = next((b for b in self.brands if b.casefold() == brand.casefold()),
                             None) or suggest(brand, self.brands)
                self.err((*path, "brand", j), f"unknown brand {brand!r}; " + (
                    f"did you mean {meant}?" + (" (a brand is named in its own capitals)"
                                                if meant.casefold() == brand.casefold() else "")
                    if meant
                    else "declare it under brands:"))
        for j, lang in enumerate(match.language):
            problem = language_problem(lang, und=True)
            if problem:
                self.err((*path, "language", j), problem)
        s = match.sentiment
        if s is not None and s.min is not None and s.max is not None and s.max < s.min:
            self.err((*path, "sentiment"), "max is below min")
        if len(self.problems) == before and not broken:
            list(match_keywords(match))


_STARS = ONLY_STARS + ", or leave the condition out to match every post"


def _handle_problem(handle: str, key: str) -> str | None:
    """Why an ``author:`` entry can match no author (None when it can): an empty one (``""``,
    ``"@"``) or one cut at its ``@`` (``troll@``), which were taken and never matched: a
    ``deny:`` so written denied nobody, a ``handles:`` let no post through."""
    name = handle.strip().lstrip("@")
    if not name:
        return "empty handle: it matches no author; write the handle, or remove the item"
    if name.endswith("@"):
        account = name.rstrip("@")
        every = account if key == "deny" else f"{account}@*"
        return (f"{handle.strip()[:60]!r} ends at its @, so it matches no author; write "
                f"{every} for the account on every server, or {account}@SERVER for one")
    return None


def _is_emoji(text: str) -> bool:
    """Whether ``text`` holds an emoji (a pictograph, a flag, a keycap): a word under
    ``emoji:`` is never found, since only emoji are looked for there."""
    import unicodedata

    return any(unicodedata.category(c) in ("So", "Me") or ord(c) >= 0x1F000 for c in text)


_JS_REGEX = re.compile(r"/(.+)/([dgimsuvy]+)")


def _regex_as_written(pattern: str) -> None:
    """``/acme/i``: a regex written as in JavaScript, slashes and flags included, which RE2
    would take literally (a slash, acme, a slash and an i)."""
    m = _JS_REGEX.fullmatch(pattern.strip())
    if m is None:
        return
    body, flags = m.group(1), m.group(2)
    case = f" and use (?i) for case: (?i){body}" if "i" in flags else ""
    raise ValueError(f"{pattern[:60]!r} is written as in JavaScript (between slashes, with "
                     f"flags); write {body}{case}")


TICKET_ONLY = ("sla", "escalation", "priority", "tags")  # what only a ticket reads


def _opens_ticket(route: Route, action: str) -> bool:
    """Whether ``route`` (whose own action, inherited, is ``action``) or a route below it
    opens tickets: a parent may hold what its ticket children inherit."""
    return action == "ticket" or any(_opens_ticket(child, child.action or action)
                                     for child in route.routes)


def _known(names: Collection[str]) -> str:
    shown = sorted(names)
    return ("known: " + ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")
            if shown else "the config declares none")


def _sections(doc: YamlDoc, section: str) -> list[Any]:
    """What the file writes as ``section``: the section, a misspelling of its name
    (``brand:``), and an earlier occurrence a second one replaced; a name declared in any of
    them is not also reported unknown where it is used (one mistake, one line)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    known = list(RulesFile.model_fields)
    out = [data[section]] if section in data else []
    out += [v for k, v in data.items() if str(k) not in known and suggest(str(k), known) == section]
    return out + doc.shadowed.get((section,), [])


def _names(items: Any) -> set[str]:
    return {str(i["name"]) for i in items if isinstance(i, dict) and "name" in i} if isinstance(
        items, list) else set()


# a comma between words, not in a number ("1,000 followers" is one keyword)
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")


def _route_names(routes: Any) -> set[str]:
    found = _names(routes)
    for route in routes if isinstance(routes, list) else ():
        if isinstance(route, dict):
            found |= _route_names(route.get("routes"))
    return found
