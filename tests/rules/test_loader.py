"""Rules file errors name file:line:field; the sample rules load against the demo config."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import ConfigError, flatten
from rules import compile_router, load_rules
from rules.loader import inspect_rules
from tests.rules.support import CHANNELS, ESCALATIONS, T0, facts

GOOD_ROUTE = """routes:
  - name: r
    match: {any: [acme]}
    channel: support
"""

ERRORS = [
    # (rules text, line, field, message fragment)
    ("routes:\n  - name: r\n    channel: support\n    colour: red\n", 4, "routes[0].colour",
     "unknown field"),
    ("routes:\n  - name: r\n    match:\n      regex: '(a)\\1'\n    channel: support\n", 4,
     "routes[0].match.regex", "backreferences"),
    ("routes:\n  - name: r\n    match:\n      regex: '(?<=a)b'\n    channel: support\n", 4,
     "routes[0].match.regex", "invalid or unsupported regex"),
    ("routes:\n  - name: r\n    match:\n      regex: '(?:\\w+\\s*){1,1000}z'\n"
     "    channel: support\n", 4, "routes[0].match.regex", "regex too complex"),
    ("routes:\n  - name: r\n    channel: nowhere\n", 3, "routes[0].channel",
     "unknown channel 'nowhere'"),
    # Slack's spelling, another case, the chat channel's id: the name meant is said
    ("routes:\n  - name: r\n    channel: '#marketing'\n", 3, "routes[0].channel",
     "unknown channel '#marketing' (config channels: approvals, crisis, dev, digest, "
     "marketing, ops, sales, support, support-escalations); did you mean marketing?"),
    ("routes:\n  - name: r\n    channel: Marketing\n", 3, "routes[0].channel",
     "); did you mean marketing?"),
    ("routes:\n  - name: r\n    channel: suport\n", 3, "routes[0].channel",
     "); did you mean support?"),
    ("routes:\n  - name: r\n    channel: C-sales\n", 3, "routes[0].channel",
     "); 'C-sales' is the id of the config's channel sales: write its name, sales"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    escalation: nope\n", 5,
     "routes[0].escalation", "unknown escalation chain 'nope'"),
    ("time_intervals:\n  - name: n\n    intervals:\n      - times:\n"
     "          - {start: '22:00', end: '07:00'}\n" + GOOD_ROUTE, 5,
     "time_intervals[0].intervals[0].times[0]", "ends before it starts"),
    ("time_intervals:\n  - name: n\n    time_zone: Mars/Olympus\n"
     "    intervals: [{weekdays: [monday]}]\n" + GOOD_ROUTE, 3, "time_intervals[0].time_zone",
     "unknown time zone"),
    ("time_intervals:\n  - name: n\n    time_zone: europe/warsaw\n"
     "    intervals: [{weekdays: [monday]}]\n" + GOOD_ROUTE, 3, "time_intervals[0].time_zone",
     "unknown time zone 'europe/warsaw'; did you mean 'Europe/Warsaw'?"),
    # the host's zone: quiet hours that moved with the machine (UTC in a container, the
    # laptop's zone on a laptop); the config's zones refuse it too
    ("time_intervals:\n  - name: n\n    time_zone: localtime\n"
     "    intervals: [{weekdays: [monday]}]\n" + GOOD_ROUTE, 3, "time_intervals[0].time_zone",
     "unknown time zone 'localtime'; use a name such as UTC or Europe/Berlin"),
    ("time_intervals:\n  - name: n\n    time_zone: right/Europe/Warsaw\n"
     "    intervals: [{weekdays: [monday]}]\n" + GOOD_ROUTE, 3, "time_intervals[0].time_zone",
     "unknown time zone 'right/Europe/Warsaw'; did you mean 'Europe/Warsaw'?"),
    ("time_intervals:\n  - name: n\n    intervals:\n      - weekdays: [friday:monday]\n"
     + GOOD_ROUTE, 4, "time_intervals[0].intervals[0].weekdays[0]", "ends before it starts"),
    ("routes:\n  - name: r\n    channel: support\n    quiet_hours: [night]\n", 4,
     "routes[0].quiet_hours[0]", "unknown time interval"),
    ("routes:\n  - name: r\n    match: {query: 'a AND (b'}\n    channel: support\n", 3,
     "routes[0].match.query", "unclosed parenthesis"),
    ("routes:\n  - name: r\n    channel: support\n  - name: r\n    channel: sales\n", 4,
     "routes[1].name", "duplicate route name 'r' (first at line 2)"),

    ("routes:\n  - name: r\n    channel: support\n    routes:\n      - name: c\n"
     "        channel: nope\n", 6, "routes[0].routes[0].channel", "unknown channel"),
    ("routes:\n  - name: r\n    action: digest\n    channel: digest\n", 2, "routes[0].interval",
     "needs an interval"),
    ("routes:\n  - name: r\n    action: alert\n", 2, "routes[0].channel", "needs a channel"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    sla: 29\n", 5,
     "routes[0].sla", "29 is too short: at least 1m"),
    ("routes:\n  - name: r\n    action: digest\n    channel: digest\n    interval: 0\n", 5,
     "routes[0].interval", "0 is too short: at least 1m"),
    ("routes:\n  - name: r\n    match: {brand: [nobody]}\n    channel: support\n", 3,
     "routes[0].match.brand[0]", "unknown brand"),
    ("routes:\n  - name: r\n    match: {sentiment: {min: 0.5, max: -0.5}}\n    channel: support\n",
     3, "routes[0].match.sentiment", "max is below min"),
    ("routes:\n  - name: r\n    match: {network: [myspace]}\n    channel: support\n", 3,
     "routes[0].match.network[0]",
     "unknown network 'myspace' (known: bluesky, hackernews, mastodon, reddit, rss, x)"),
    # X's old name, other capitals, a short name: the one meant is said
    ("routes:\n  - name: r\n    match: {network: [twitter]}\n    channel: support\n", 3,
     "routes[0].match.network[0]", "unknown network 'twitter' (known: bluesky, hackernews, "
     "mastodon, reddit, rss, x); did you mean x?"),
    ("routes:\n  - name: r\n    match: {network: Mastodon}\n    channel: support\n", 3,
     "routes[0].match.network[0]", "x); did you mean mastodon?"),
    ("routes:\n  - name: r\n    match: {network: [hn]}\n    channel: support\n", 3,
     "routes[0].match.network[0]", "x); did you mean hackernews?"),
    ("routes:\n  - name: r\n    match: {network: [blueksy]}\n    channel: support\n", 3,
     "routes[0].match.network[0]", "x); did you mean bluesky?"),
    ("routes:\n  - name: r\n    group_wait: soon\n    channel: support\n", 3,
     "routes[0].group_wait", "duration"),
    ("routes:\n  - name: r\n    action: digest\n    channel: digest\n    interval: 1h30\n", 5,
     "routes[0].interval", "'1h30': 30 has no unit; write 1h30m"),
    (GOOD_ROUTE + "inhibit_rules:\n  - source: [crisis]\n    target: [r]\n", 6,
     "inhibit_rules[0].source[0]", "matches no route"),
    (GOOD_ROUTE + "silences:\n  - id: S\n    who: a\n    why: b\n", 6, "silences[0].until",
     "missing: this field is required"),
    ("- just\n- a list\n", 1, None, "must be a mapping"),
    ("routes: [\n", 1, None, "a [ ] list opened here is never closed; end it with ']'"),
    # wrong explanations, put right
    ("time_intervals:\n  - name: n\n    intervals:\n      - times:\n"
     "          - {start: '10:00', end: '10:00'}\n" + GOOD_ROUTE, 5,
     "time_intervals[0].intervals[0].times[0]",
     "time range 10:00-10:00 is empty: it ends where it starts; write the end after the start"),
    ("routes:\n  - name: r\n    match:\n      regex: '(a'\n    channel: support\n", 4,
     "routes[0].match.regex", "invalid regex: a '(' is never closed with ')' (at '(a')"),
    # conditions that never match, or always mute
    ("routes:\n  - name: r\n    match: {any: ['*']}\n    channel: support\n", 3,
     "routes[0].match.any[0]", "a keyword of only '*' matches nothing"),
    ("routes:\n  - name: r\n    match: {none: ['**']}\n    channel: support\n", 3,
     "routes[0].match.none[0]", "a keyword of only '*' matches nothing"),
    ("routes:\n  - name: r\n    match: {query: 'acme OR *'}\n    channel: support\n", 3,
     "routes[0].match.query", "a keyword of only '*' matches nothing"),
    ("brands:\n  acme: ['*']\n" + GOOD_ROUTE, 2, "brands.acme[0]",
     "a keyword of only '*' matches nothing"),
    ("time_intervals:\n  - name: n\n    intervals: [{}]\n" + GOOD_ROUTE, 3,
     "time_intervals[0].intervals[0]", "empty interval: it holds at every moment, so its route "
     "would never be posted; say when"),
    ("routes:\n  - name: r\n    match: {emoji: [abc]}\n    channel: support\n", 3,
     "routes[0].match.emoji[0]", "'abc' is not an emoji, so it can never match; write the "
     "emoji itself"),
    ("routes:\n  - name: r\n    match: {regex: '/acme/i'}\n    channel: support\n", 3,
     "routes[0].match.regex", "'/acme/i' is written as in JavaScript (between slashes, with "
     "flags); write acme and use (?i) for case: (?i)acme"),
    # a ticket's priority: PagerDuty's P1 to P5
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    priority: p6\n", 5,
     "routes[0].priority", "'p6' is not a priority: use one of p1, p2, p3, p4, p5 (p1 the most "
     "urgent)"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    priority: 1\n", 5,
     "routes[0].priority", "1 is not a priority: use one of p1, p2, p3, p4, p5"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    priority: high\n",
     5, "routes[0].priority", "'high' is not a priority"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    priority: p1\n"
     "    routes:\n      - name: c\n        match: {any: [xy]}\n        priority: nothing\n", 9,
     "routes[0].routes[0].priority", "'nothing' is not a priority: use one of p1, p2, p3, p4, "
     "p5 (p1 the most urgent), or none for no priority"),
    # a ticket's tags, as a social inbox's: one that is no tag, and more than a ticket keeps
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n"
     "    tags: [billing, 'follow up']\n", 5, "routes[0].tags[1]",
     "'follow up' is not a tag: a tag is 1 to 32 letters, digits or hyphens, e.g. billing, "
     "vip, follow-up"),
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    tags: [a, b, c, d, e]\n"
     "    routes:\n      - name: c\n        match: {any: [xy]}\n        tags: [f, g, h, i, j, k]\n",
     9, "routes[0].routes[0].tags", "its tickets would open with 11 tags (its parents' "
     "included); a ticket keeps at most 10"),
    # ... said once, where a tags: list is: not again at each child (and grandchild) without
    # one, at a routes[N].routes[M].tags the file does not have
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n"
     "    tags: [a, b, c, d, e, f, g, h, i, j, k]\n    routes:\n      - name: c\n"
     "        match: {any: [xy]}\n        routes:\n          - {name: g, match: {any: [yz]}}\n"
     "      - {name: d, match: {any: [zx]}}\n",
     5, "routes[0].tags", "its tickets would open with 11 tags"),
    # values that cannot be meant
    ("brands:\n  acme: []\n" + GOOD_ROUTE, 2, "brands.acme",
     "brand 'acme' has no keywords, so no post is ever about it"),
    (GOOD_ROUTE + "inhibit_rules:\n  - {source: [r], target: [r]}\n", 6, "inhibit_rules[0].target",
     "route 'r' is both a source and a target, so it would inhibit itself"),
    ("routes:\n  - {name: r, action: drop, channel: support}\n", 2, "routes[0].channel",
     "a drop route posts nothing, so it has no channel; remove channel:"),
    (GOOD_ROUTE + "silences:\n  - {id: S, who: a, why: b, until: 2099-01-01T00:00:00Z}\n"
     "  - {id: S, who: a, why: b, until: 2099-01-02T00:00:00Z}\n", 7, "silences[1].id",
     "duplicate silence id 'S' (first at line 6)"),
    # a misspelt section: the misspelling only, not every brand used as unknown
    ("brand:\n  acme: [acme]\nroutes:\n  - {name: r, match: {brand: [acme]}, channel: support}\n",
     1, "brand", "unknown field; did you mean brands?"),
    ("rotues:\n  - {name: r, channel: support}\n", 1, "rotues",
     "unknown field; did you mean routes?"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), ERRORS)
def test_errors_name_file_line_and_field(tmp_path: Path, text: str, line: int, field: str | None,
                                         message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    err = info.value
    assert len(flatten(err)) == 1, str(err)  # one mistake, one line
    assert (err.file, err.line, err.field) == (str(path), line, field), str(err)
    assert message in str(err)
    assert str(err).startswith(f"{path}:{line}: ")


# a keyword of one letter or digit: nearly every post (a newcomer's `x` for the network)
ONE_LETTER = [
    ("routes:\n  - name: r\n    match: {any: [acme, x]}\n    channel: support\n", 3,
     "routes[0].match.any[1]", "a keyword of one letter or digit ('x') matches nearly every "
     "post (wherever it stands alone as a word, and anywhere in Japanese or Thai text); write "
     "a word of two characters or more"),
    ("routes:\n  - name: r\n    match:\n      all: [acme]\n      none: [job, '7']\n"
     "    channel: support\n", 5, "routes[0].match.none[1]",
     "a keyword of one letter or digit ('7')"),
    ("routes:\n  - name: r\n    match: {all: ['Ä*']}\n    channel: support\n", 3,
     "routes[0].match.all[0]", "a keyword of one letter or digit ('Ä*')"),
    ("routes:\n  - name: r\n    match: {query: 'acme OR \"の\"'}\n    channel: support\n", 3,
     "routes[0].match.query", "a keyword of one letter or digit ('の')"),
    ("brands:\n  acme: [acme, ア]\n" + GOOD_ROUTE, 2, "brands.acme[1]",
     "a keyword of one letter or digit ('ア')"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), ONE_LETTER)
def test_a_one_letter_keyword_is_refused_by_check_and_a_warning_at_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str, line: int, field: str,
        message: str) -> None:
    """Releases before 2026-12-02 took such a keyword: `check` refuses it, while `run` and a
    reload (load_rules) say it in one warning and route with it, so that a team's file does
    not take the whole bot down after the upgrade (tests/app/test_rules_upgrade)."""
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    _, [problem] = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert (problem.file, problem.line, problem.field) == (str(path), line, field)
    assert str(problem).startswith(f"{path}:{line}: {field}: {message}"), str(problem)
    assert "write a word of two characters or more" in str(problem)
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [r.getMessage() for r in caplog.records] == [
        f"{problem} (kept, as earlier releases read it; socialops check refuses it)"]


@pytest.mark.parametrize(("sla", "line", "message"), [
    ("90", 5, "90 has no unit, so it is read as seconds (90s); write 90s if that is meant, or "
     "90m for 90 minutes"),
    ("'3600'", 5, "3600 has no unit, so it is read as seconds (1h); write 1h if that is meant, "
     "or 3600m for 3600 minutes"),
    ("90.5", 5, "90.5 has no unit, so it is read as seconds (90.5s)")])
def test_an_sla_without_its_unit_is_refused_by_check_and_a_warning_at_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, sla: str, line: int,
        message: str) -> None:
    """`sla: 90` was an SLA of a minute and a half with nothing said: the docs read a bare
    duration as seconds, where PagerDuty's and Zendesk's users count an SLA in minutes (and the
    config's after_minutes: and chat's snooze 90 are minutes). `check` asks for the unit; `run`
    keeps the file as earlier releases read it, with one warning. A nested route's own sla is
    said at its line; a child inheriting it is not said again."""
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: r\n    action: ticket\n    channel: support\n"
                    f"    sla: {sla}\n    routes:\n      - name: child\n", encoding="utf-8")
    _, [problem] = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert str(problem).startswith(f"{path}:{line}: routes[0].sla: {message}"), str(problem)
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        rules = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [r.getMessage() for r in caplog.records] == [
        f"{problem} (kept, as earlier releases read it; socialops check refuses it)"]
    assert next(rules.walk())[1].sla == float(sla.strip("'"))


@pytest.mark.parametrize(("regex", "said"), [
    ("''", "an empty regex"),
    ("'acme|'", "'acme|' matches the empty text"),
    ("'(?i)(outage)?'", "'(?i)(outage)?' matches the empty text"),
    ("'.*'", "'.*' matches the empty text"),
])
def test_a_regex_found_in_every_post_is_refused_by_check_and_a_warning_at_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, regex: str, said: str) -> None:
    """A newcomer's review (2026-12-06, holding the rules wrong): `regex: ''` (a template's
    placeholder left empty) passed check, where an empty keyword and an empty query are refused,
    and the route fired for every post, every route after it left unreached; so did a pattern
    found in any text (`acme|`, a trailing bar). `check` refuses it; `run` keeps it with one
    warning, as earlier releases read it."""
    path = tmp_path / "rules.yaml"
    path.write_text(f"routes:\n  - name: r\n    match: {{regex: {regex}}}\n"
                    "    channel: support\n", encoding="utf-8")
    _, [problem] = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert str(problem).startswith(f"{path}:3: routes[0].match.regex: {said}"), str(problem)
    assert str(problem).endswith("so the route fires for every post; write what a post must "
                                 "hold, or leave regex out (match: {} is every post on "
                                 "purpose)"), str(problem)
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [r.getMessage() for r in caplog.records] == [
        f"{problem} (kept, as earlier releases read it; socialops check refuses it)"]


def test_a_regex_found_in_every_post_beside_other_conditions_is_said_to_hold_none_back(
        tmp_path: Path) -> None:
    """`regex: 'acme|'` beside `network: [mastodon]` was said to make the route fire "for
    every post", which it does not: the route fires for every post its other conditions take,
    the regex holding none back (a reviewer's run of check, 2026-12-06)."""
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: r\n    match: {network: [mastodon], regex: 'acme|'}\n"
                    "    channel: support\n", encoding="utf-8")
    _, [problem] = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert str(problem) == (
        f"{path}:3: routes[0].match.regex: 'acme|' matches the empty text, found in any, so it "
        "holds back no post: the route fires for every post its other conditions take; write "
        "what a post must hold, or leave regex out")


@pytest.mark.parametrize("regex", [
    r"'^\s*$'",          # a post with no words (an image, a video alone)
    r"'(?s)^.{0,12}$'",   # a post of a few characters at most
    r"'^\W*$'",          # a post of only emoji and punctuation
    r"'^(?:\p{So}|\s)*$'",
    # and a fuzzing review's: the end, the start, an empty line, links alone
    "'^$'", r"'\A\z'", r"'(?m)^$'", r"'^(?:\s|https?://\S+)*$'",
])
def test_a_regex_matching_the_empty_text_but_not_every_post_is_taken(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, regex: str) -> None:
    """A regex that matches the empty text is not found in every post when it says what the
    whole post is (``^\\s*$``: a post of no words, an image's alone): check refused it as
    "found in any text, so the route fires for every post", which it does not, and run
    warned of it on every start and reload (a reviewer's run, 2026-12-06)."""
    path = tmp_path / "rules.yaml"
    path.write_text(f"routes:\n  - name: r\n    match: {{regex: {regex}}}\n"
                    "    channel: support\n", encoding="utf-8")
    _, problems = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert problems == []
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        router = compile_router(load_rules(path, channels=CHANNELS, escalations=ESCALATIONS))
    assert caplog.records == []
    assert router.route(facts("acme is down again, for the third time today"), T0).hits == ()
    assert [h.route for h in router.route(facts(""), T0).hits] == ["r"]


def test_two_route_names_differing_only_in_capitals_are_refused_by_check_a_warning_at_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`support` and `Support` were both taken, and chat, which reads a route's name in any
    capitals (`mute route SUPPORT`), then found neither. `check` refuses the second at its
    line naming the first's; `run` keeps the file, with one warning."""
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - {name: support, channel: support}\n"
                    "  - name: r\n    channel: support\n    routes:\n"
                    "      - {name: SUPPORT, channel: support}\n", encoding="utf-8")
    _, [problem] = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert str(problem) == (
        f"{path}:6: routes[1].routes[0].name: route name 'SUPPORT' differs from 'support' "
        "(line 2) only in its capitals: chat reads a route's name in any capitals (`mute route "
        "SUPPORT`) and finds neither of two such; rename one")
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        rules = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [r.getMessage() for r in caplog.records] == [
        f"{problem} (kept, as earlier releases read it; socialops check refuses it)"]
    assert [r.name for r, *_ in rules.walk()] == ["support", "r", "SUPPORT"]


@pytest.mark.parametrize("sla", ["90m", "1h", "1h30m", "5400s", "'2 h'"])
def test_an_sla_with_its_unit_is_taken(tmp_path: Path, sla: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: r\n    action: ticket\n    channel: support\n"
                    f"    sla: {sla}\n", encoding="utf-8")
    _, problems = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert problems == []


def test_a_bad_time_zone_hides_none_of_its_intervals_problems(tmp_path: Path) -> None:
    """The README's example shows the three in one run; the time zone used to hide the
    others."""
    path = tmp_path / "rules.yaml"
    path.write_text("time_intervals:\n  - name: n\n    time_zone: Europe/Warsow\n"
                    "    intervals:\n      - times: [{start: '22:00', end: '07:00'}]\n"
                    "        months: [13]\n" + GOOD_ROUTE, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert sorted((e.line, e.field) for e in flatten(info.value)) == [
        (3, "time_intervals[0].time_zone"), (5, "time_intervals[0].intervals[0].times[0]"),
        (6, "time_intervals[0].intervals[0].months[0]")]


def test_env_substitution(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: r\n    channel: ${CH}\n", encoding="utf-8")
    rs = load_rules(path, channels=CHANNELS, escalations=(), env={"CH": "sales"})
    assert next(rs.walk())[1].channel == "sales"


SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "app" / "sample"


def test_sample_rules_load_against_the_demo_config() -> None:
    cfg = load_config(SAMPLE / "demo.yaml").config
    rs = load_rules(SAMPLE / "rules.yaml", channels=cfg.channels,
                    escalations={e.name for e in cfg.escalations})
    assert {r.name for r, *_ in rs.walk()} >= {"crisis", "support", "sales-leads", "praise"}


def test_a_compound_duration_is_read_as_chat_reads_it(tmp_path: Path) -> None:
    """`interval: 1h30m` was refused ('not a duration') though `snooze T-1 1h30m` was not."""
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: r\n    action: digest\n    channel: digest\n"
                    "    interval: 1h30m\n    group_wait: 1 min 30 s\n", encoding="utf-8")
    route = next(load_rules(path, channels=CHANNELS, escalations=ESCALATIONS).walk())[1]
    assert (route.interval, route.group_wait) == (5400.0, 90.0)


def test_a_time_of_day_without_its_leading_zero_is_read_as_written(tmp_path: Path) -> None:
    """`9:00` as `health.receipt_at` reads it: 09:00 (it was refused in the rules)."""
    path = tmp_path / "rules.yaml"
    path.write_text("time_intervals:\n  - name: day\n    intervals:\n"
                    "      - times: [{start: '9:00', end: '17:30'}]\n" + GOOD_ROUTE,
                    encoding="utf-8")
    rs = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    times = rs.rules.time_intervals[0].intervals[0].times
    assert [(t.start, t.end) for t in times] == [("09:00", "17:30")]


def test_the_re2_hint_only_for_what_re2_lacks(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    for pattern, hint in (("(a", False), ("(a)\\1", True), ("(?<=a)b", True)):
        path.write_text(f"routes:\n  - {{name: r, match: {{regex: '{pattern}'}}, "
                        "channel: support}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
        assert ("no backreferences or lookaround" in str(info.value)) is hint, str(info.value)


ENDED = GOOD_ROUTE + """silences:
  - id: deploy
    routes: [r]
    who: ann
    why: deploy window
    until: 2026-11-22T18:00:00+01:00
"""


def test_an_ended_silence_is_one_warning_at_run_and_never_applies(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # `socialops run` took yesterday's file silently; `check` refuses it (test_check_mistakes)
    path = tmp_path / "rules.yaml"
    path.write_text(ENDED, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        ruleset = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS, now=T0)
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:10: silences[0].until: silence 'deploy' ended at 2026-11-22 17:00 UTC: it is "
        "ignored; delete it, or move until: into the future"]
    assert ruleset.rules.silences == ()
    # left out, so it mutes nothing even where a clock would put it inside its window
    inside = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    decision = compile_router(ruleset).route(facts("acme is down"), inside)
    assert [h.route for h in decision.hits] == ["r"] and decision.suppressed == ()
    # `rules test` loads without a clock: a case may still route at a time inside it
    kept = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [s.id for s in kept.rules.silences] == ["deploy"]
    assert compile_router(kept).route(facts("acme is down"), inside).hits == ()


def test_a_routes_tags_are_its_tickets_and_a_child_adds_to_its_parents(
        tmp_path: Path) -> None:
    """``tags:`` on a route (one word or a list, ``#Billing`` read as billing): the tags its
    tickets open with; a child's are added to its parent's, and a child without any keeps
    the parent's."""
    path = tmp_path / "rules.yaml"
    path.write_text("""
routes:
  - name: support
    match: {any: [acme]}
    action: ticket
    channel: support
    tags: "#Billing"
    routes:
      - {name: refund, match: {any: [refund]}, tags: [refund, billing]}
      - {name: other, match: {any: [other]}}
""", encoding="utf-8")
    router = compile_router(load_rules(path, channels=CHANNELS, escalations=ESCALATIONS))
    for text, route, tags in (("acme refund", "refund", ("billing", "refund")),
                              ("acme other", "other", ("billing",)),
                              ("acme", "support", ("billing",))):
        hits = router.route(facts(text), T0).hits
        assert [(h.route, h.tags) for h in hits] == [(route, tags)], text


def test_a_child_route_drops_its_parents_priority_with_none(tmp_path: Path) -> None:
    """``priority: none`` (either case) in a child route: its tickets have no priority, and
    its own children inherit that; a child that leaves it out keeps the parent's P2."""
    path = tmp_path / "rules.yaml"
    path.write_text("""
routes:
  - name: support
    match: {any: [acme]}
    action: ticket
    channel: support
    priority: p2
    routes:
      - name: chatter
        match: {any: [thanks]}
        priority: None
        routes:
          - {name: chatter-urgent, match: {any: [asap]}}
      - {name: refund, match: {any: [refund]}}
""", encoding="utf-8")
    ruleset = load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert {route.name: settings.priority for route, settings, _, _ in ruleset.walk()} == {
        "support": "P2", "chatter": None, "chatter-urgent": None, "refund": "P2"}
    router = compile_router(ruleset)
    for text, route, priority in (("acme thanks", "chatter", None),
                                  ("acme thanks asap", "chatter-urgent", None),
                                  ("acme refund", "refund", "P2"), ("acme", "support", "P2")):
        hits = router.route(facts(text), T0).hits
        assert [(h.route, h.priority) for h in hits] == [(route, priority)], text
