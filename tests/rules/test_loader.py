"""Rules file errors name file:line:field; the sample rules load against the demo config."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import ConfigError
from rules import load_rules
from tests.rules.support import CHANNELS, ESCALATIONS

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
    ("routes:\n  - name: r\n    action: ticket\n    channel: support\n    escalation: nope\n", 5,
     "routes[0].escalation", "unknown escalation chain 'nope'"),
    ("time_intervals:\n  - name: n\n    intervals:\n      - times:\n"
     "          - {start: '22:00', end: '07:00'}\n" + GOOD_ROUTE, 5,
     "time_intervals[0].intervals[0].times[0]", "ends before it starts"),
    ("time_intervals:\n  - name: n\n    time_zone: Mars/Olympus\n    intervals: [{}]\n"
     + GOOD_ROUTE, 3, "time_intervals[0].time_zone", "unknown time zone"),
    ("time_intervals:\n  - name: n\n    intervals:\n      - weekdays: [friday:monday]\n"
     + GOOD_ROUTE, 4, "time_intervals[0].intervals[0].weekdays[0]", "ends before it starts"),
    ("routes:\n  - name: r\n    channel: support\n    quiet_hours: [night]\n", 4,
     "routes[0].quiet_hours[0]", "unknown time interval"),
    ("routes:\n  - name: r\n    match: {query: 'a AND (b'}\n    channel: support\n", 3,
     "routes[0].match.query", "unclosed parenthesis"),
    ("routes:\n  - name: r\n    channel: support\n  - name: r\n    channel: sales\n", 4,
     "routes[1].name", "duplicate route name"),
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
    ("routes:\n  - name: r\n    group_wait: soon\n    channel: support\n", 3,
     "routes[0].group_wait", "duration"),
    (GOOD_ROUTE + "inhibit_rules:\n  - source: [crisis]\n    target: [r]\n", 6,
     "inhibit_rules[0].source[0]", "matches no route"),
    (GOOD_ROUTE + "silences:\n  - id: S\n    who: a\n    why: b\n", 6, "silences[0].until",
     "missing: this field is required"),
    ("- just\n- a list\n", 1, None, "must be a mapping"),
    ("routes: [\n", 2, None, "invalid YAML"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), ERRORS)
def test_errors_name_file_line_and_field(tmp_path: Path, text: str, line: int, field: str | None,
                                         message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field), str(err)
    assert message in str(err)
    assert str(err).startswith(f"{path}:{line}: ")


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
