"""What a route names must exist: the people and groups it mentions (from the config), the
languages it matches (ISO 639-1 codes) and the routes a silence mutes."""

from __future__ import annotations

import pytest

from bot.core.errors import ConfigErrors
from rules import parse_rules
from tests.rules.support import CHANNELS, ESCALATIONS

RULES = """\
routes:
  - name: x
    match: {any: [acme], language: [english, EN, pl]}
    channel: support
    mention: {users: [nobody, ana], groups: [nogroup, support]}
silences:
  - {id: S1, routes: [nosuchroute, "x*", "sub:*", "*"], who: me, why: test,
     until: 2027-01-01T00:00:00Z}
"""


def problems(text: str, **config: set[str]) -> list[str]:
    with pytest.raises(ConfigErrors) as info:
        parse_rules(text, file="r.yaml", channels=CHANNELS, escalations=ESCALATIONS, **config)
    return [str(e) for e in info.value.errors]


def test_unknown_people_groups_languages_and_silenced_routes() -> None:
    assert problems(RULES, people={"ana"}, groups={"support"}) == [
        "r.yaml:3: routes[0].match.language[0]: 'english' is not an ISO 639-1 language code; "
        "use en",
        "r.yaml:5: routes[0].mention.users[0]: unknown person 'nobody'; name a person id from "
        "the config's people: (known: ana)",
        "r.yaml:5: routes[0].mention.groups[0]: unknown group 'nogroup'; use a group named in "
        "the config's people: groups or under groups: (known: support)",
        "r.yaml:7: silences[0].routes[0]: matches no route: 'nosuchroute'",
    ]


def test_without_a_config_mentions_are_not_checked() -> None:
    """`rules test` without a config file has no people to check against."""
    assert [p.split(": ", 1)[0] for p in problems(RULES)] == [
        "r.yaml:3", "r.yaml:7"]


def test_a_mute_of_every_route_or_of_subscriptions_needs_no_route() -> None:
    text = ("routes: []\nsilences:\n  - {id: S, routes: ['*', 'sub:*'], who: a, why: b,"
            " until: 2027-01-01T00:00:00Z}\n")
    ruleset = parse_rules(text, channels=CHANNELS, escalations=ESCALATIONS, people=set(),
                          groups=set())
    assert [s.id for s in ruleset.rules.silences] == ["S"]


def test_a_route_pattern_matching_none_says_the_route_it_most_likely_means() -> None:
    """Route names match as written: `Support` for the route `support` matched none and was
    said as no more than that; the route meant is named, for a capital or a misspelling."""
    text = ("routes:\n"
            "  - {name: support, match: {any: [acme]}, channel: support}\n"
            "  - {name: outage, match: {any: [down]}, channel: support}\n"
            "silences:\n"
            "  - {id: S, routes: [Support, qqq], who: a, why: b, until: 2027-01-01T00:00:00Z}\n"
            "inhibit_rules:\n"
            "  - {source: [outgae], target: [support]}\n")
    assert problems(text) == [
        "r.yaml:5: silences[0].routes[0]: matches no route: 'Support'; did you mean support? "
        "(a route's name is matched in its own capitals)",
        "r.yaml:5: silences[0].routes[1]: matches no route: 'qqq'",
        "r.yaml:7: inhibit_rules[0].source[0]: matches no route: 'outgae'; did you mean "
        "outage?",
    ]
