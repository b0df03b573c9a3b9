"""`socialops check` lists every problem in one run, each once, in words a person can act on:
a value the schema refuses is not also reported as an unknown name wherever it is used, an
unset ${NAME} is not also an empty value, and pydantic's own wording never reaches the user."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check
from tests.app.cli_support import Cli, clean_env

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
rules: rules.yaml
"""

INTERVAL_MISTAKES = """\
time_intervals:
  - name: night
    time_zone: Europe/Warsaw
    intervals:
      - weekdays: [mon]
        times: [{start: "22:00", end: "07:00"}]
        months: [13]
routes:
  - {name: x, match: {any: [acme]}, channel: support, quiet_hours: [night]}
"""

RAW_PYDANTIC = ("Input should", "Field required", "String should", "validation error",
                "errors.pydantic.dev", "instance of")


async def check(tmp_path: Path, config: str, rules: str | None = None,
                env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    (tmp_path / "socialops.yaml").write_text(config, encoding="utf-8")
    if rules is not None:
        (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(tmp_path / "socialops.yaml", online=False, out=out, err=err,
                           env=env or {})
    lines = err.getvalue().splitlines()
    for line in lines:
        assert not any(raw in line for raw in RAW_PYDANTIC), line
    return code, [line.replace(f"{tmp_path}/", "") for line in lines]


def test_every_time_interval_mistake_in_one_run_and_no_false_unknown(tmp_path: Path,
                                                                     cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(INTERVAL_MISTAKES, encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.replace(f"{tmp_path}/", "").splitlines()
    assert lines[:-1] == [
        "rules.yaml:5: time_intervals[0].intervals[0].weekdays[0]: 'mon' is not a weekday "
        "(monday..sunday, or a range like monday:friday); did you mean monday?",
        "rules.yaml:6: time_intervals[0].intervals[0].times[0]: time range 22:00-07:00 ends "
        "before it starts; split a range that crosses midnight in two (22:00-24:00 and "
        "00:00-07:00)",
        "rules.yaml:7: time_intervals[0].intervals[0].months[0]: 13 is not a month (1-12 or "
        "january..december, or a range like june:august)",
    ], proc.stderr
    assert lines[-1].startswith("3 problem(s) found")


async def test_a_bad_time_of_day_says_what_a_time_looks_like(tmp_path: Path) -> None:
    rules = INTERVAL_MISTAKES.replace('"22:00"', '"25:00"').replace("[mon]", "[monday]")
    rules = rules.replace("[13]", "[12, january:march]")
    code, lines = await check(tmp_path, CONFIG, rules)
    assert code == 1
    assert lines[:-1] == [
        "rules.yaml:6: time_intervals[0].intervals[0].times[0].start: '25:00' is not a time "
        "(HH:MM, e.g. \"07:30\")"], lines


async def test_a_channel_written_as_a_list_is_one_problem(tmp_path: Path) -> None:
    config = CONFIG.replace("{workspace: console, id: support}", "[console, support]")
    config += "ops_channel: support\napprovals: {channel: support}\n"
    code, lines = await check(tmp_path, config,
                              "routes:\n  - {name: x, channel: support}\n")
    assert code == 1
    assert lines[:-1] == [
        "socialops.yaml:3: channels.support: should be a mapping like {workspace: ..., "
        "id: ...}, not a list"], lines


async def test_an_unset_variable_is_one_problem(tmp_path: Path) -> None:
    config = ("sources:\n  - {id: s, type: replay, path: '${MENTIONS_FILE}'}\n"
              "workspaces:\n  - {name: console, type: console}\n"
              "  - {name: sl, type: slack, mode: http, signing_secret: x,"
              " bot_token: '${SLACK_BOT_TOKEN}'}\nhttp: {port: 8080}\n")
    code, lines = await check(tmp_path, config)
    assert code == 1
    assert lines[:-1] == [
        "socialops.yaml:2: sources[0].path: environment variable MENTIONS_FILE is not set; "
        "export it, or write ${MENTIONS_FILE:-default}",
        "socialops.yaml:5: workspaces[1].bot_token: environment variable SLACK_BOT_TOKEN is not "
        "set; export it, or write ${SLACK_BOT_TOKEN:-default}",
    ], lines


async def test_a_refused_definition_is_not_also_unknown_where_it_is_used(tmp_path: Path) -> None:
    config = CONFIG + ("people:\n  - {id: ana, role: boss}\n"
                       "escalations:\n  - {name: e, steps: [{after_minutes: x}]}\n"
                       "  - {name: f, steps: [{after_minutes: 1, notify_users: [ana]}]}\n")
    rules = ("brands:\n  ours: {a: b}\nroutes:\n"
             "  - {name: x, match: {brand: [ours]}, channel: support, escalation: e,"
             " action: ticket}\n"
             "  - {name: 'bad name', channel: support}\n"
             "inhibit_rules:\n  - {source: ['bad name'], target: [x]}\n")
    code, lines = await check(tmp_path, config, rules)
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "socialops.yaml:6", "socialops.yaml:8", "rules.yaml:2", "rules.yaml:5"], lines
    assert not any("unknown" in line for line in lines), lines
    assert "'bad name' is not a route name" in lines[3]


async def test_a_misspelt_key_suggests_the_right_one(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG.replace("rules: rules.yaml\n", "")
                              + "ops_chanel: support\n")
    assert code == 1
    assert lines[:-1] == ["socialops.yaml:4: ops_chanel: unknown field; did you mean "
                          "ops_channel?"]
    code, lines = await check(tmp_path, CONFIG.replace("rules: rules.yaml\n", "")
                              + "store: {colour: red}\n")
    assert lines[0].startswith("socialops.yaml:4: store.colour: unknown field (known: backend, "
                               "path, redis_url,"), lines



async def test_yes_and_no_are_not_durations(tmp_path: Path) -> None:
    """YAML reads `interval: true` as a bool, and pydantic would have taken it as 1.0: a
    source polled every second. The rules file already refused it."""
    config = CONFIG.replace("rules: rules.yaml\n", "") + "approvals: {expire_hours: false}\n"
    code, lines = await check(tmp_path, config)
    assert code == 1
    assert lines[0] == ("socialops.yaml:4: approvals.expire_hours: false is not a duration: "
                        "expected a duration such as 30s, 5m, 1h or 1d"), lines


async def test_a_workspace_type_typo_names_the_known_types(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG.replace("type: console}", "type: consol}"))
    assert code == 1
    assert lines[0] == ("socialops.yaml:1: workspaces[0].type: unknown type 'consol' (known: "
                        "console, slack, discord); did you mean console?"), lines


async def test_an_unquoted_variable_in_braces_says_to_quote_it(tmp_path: Path) -> None:
    config = ("workspaces: [{name: slack, type: slack, mode: socket, "
              "bot_token: ${SLACK_BOT_TOKEN}, app_token: ${SLACK_APP_TOKEN}}]\n")
    code, lines = await check(tmp_path, config)
    assert code == 1
    assert lines[0].startswith("socialops.yaml:1: a '{' inside a { } mapping or [ ] list: "
                               'write a ${VAR} there in quotes, "${VAR}"'), lines


async def test_a_refused_field_is_not_reported_again_by_the_checks_after_it(
        tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG, "routes:\n  - {name: d, action: digest, "
                              "channel: support, interval: -1h}\n")
    assert code == 1
    assert lines[:-1] == ["rules.yaml:2: routes[0].interval: '-1h' is negative: a duration is "
                          "0 or more, such as 30s, 5m, 1h or 1d"], lines
    config = CONFIG.replace("{name: console, type: console}",
                            "{name: console, type: console}, {name: s, type: slack, "
                            "mode: sockets, bot_token: xoxb-1, app_token: xapp-1}")
    code, lines = await check(tmp_path, config, "routes: []\n")
    assert code == 1
    assert lines[:-1] == ["socialops.yaml:1: workspaces[1].mode: 'sockets' is not one of: "
                          "socket or http"], lines


async def test_a_misspelt_key_does_not_bring_the_checks_its_setting_would_have_passed(
        tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG, "routes:\n  - {name: x, actoin: drop}\n")
    assert code == 1
    assert lines[:-1] == ["rules.yaml:2: routes[0].actoin: unknown field; did you mean "
                          "action?"], lines


async def test_a_refused_action_does_not_bring_the_checks_of_the_default_action(
        tmp_path: Path) -> None:
    """'dropp' was also 'action alert needs a channel': the action nobody wrote."""
    code, lines = await check(tmp_path, CONFIG, "routes:\n  - name: spam\n    match: {any: "
                              "[airdrop]}\n    action: dropp\n")
    assert code == 1
    assert lines[:-1] == ["rules.yaml:4: routes[0].action: 'dropp' is not one of: alert, "
                          "ticket, digest, drop or approval"], lines


async def test_an_id_written_as_a_bare_number_says_to_quote_it(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG.replace("id: support}", "id: 345678901234567892}"))
    assert code == 1
    assert lines[0] == ("socialops.yaml:3: channels.support.id: should be text, not the number "
                        "345678901234567892; quote it: '345678901234567892'"), lines


async def test_a_workspace_without_a_type_names_the_types(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG.replace(", type: console}", "}"))
    assert code == 1
    assert lines[0] == ("socialops.yaml:1: workspaces[0].type: missing; one of console, slack, "
                        "discord"), lines


DURATIONS = [
    # (a source's interval as written, what check says about it)
    ("8d", "8d is too long: at most 7d"),
    ("0s", "0s is too short: more than 0"),
    ("5 minuets", "'5 minuets' is not a duration; write 5m"),
    ("1h30", "'1h30': 30 has no unit; write 1h30m"),
    ("30m1h", "'30m1h': the largest unit goes first; write 1h30m"),
    # ISO 8601's, pasted from another tool's config, and a clock's H:MM (YAML 1.2: a string)
    ("PT30M", "'PT30M' is an ISO 8601 duration; write 30m"),
    ("P1DT2H", "'P1DT2H' is an ISO 8601 duration; write 1d2h"),
    ("1:30", "'1:30' is not a duration: write 1h30m (hours and minutes) or 1m30s (minutes and "
             "seconds)"),
    ("1y", "'1y' is not a duration: write years and months as days, e.g. 365d or 30d"),
    ("-1h", "'-1h' is negative: a duration is 0 or more, such as 30s, 5m, 1h or 1d"),
    ("soon", "'soon' is not a duration: expected a duration such as 30s, 5m, 1h or 1d"),
]


@pytest.mark.parametrize(("written", "said"), DURATIONS)
async def test_a_duration_is_quoted_and_its_limit_said_in_its_units(
        tmp_path: Path, written: str, said: str) -> None:
    config = CONFIG + (f"sources: [{{id: hn, type: hackernews, queries: [a], "
                       f"interval: {written}}}]\n")
    code, lines = await check(tmp_path, config, "routes: []\n")
    assert code == 1
    assert lines[:-1] == [f"socialops.yaml:5: sources[0].interval: {said}"], lines


async def test_a_compound_duration_is_read_in_every_span(tmp_path: Path) -> None:
    """`interval: 1h30m` was refused ('not a duration') though chat's snooze took it."""
    config = CONFIG + ("sources: [{id: hn, type: hackernews, queries: [a], interval: 1h30m}]\n"
                       "approvals: {expire_hours: 1d12h}\nspikes: {window_minutes: 1 h 30 min}\n")
    code, lines = await check(tmp_path, config, "routes:\n  - {name: d, action: digest, "
                              "channel: support, interval: 1h30m, group_wait: 2m30s}\n")
    assert code == 0, lines


async def test_limits_of_spans_counted_in_minutes_hours_and_days(tmp_path: Path) -> None:
    config = CONFIG + ("spikes: {window_minutes: 0m}\napprovals: {expire_hours: 400d}\n"
                       "store: {lease_seconds: 2h}\n")
    code, lines = await check(tmp_path, config, "routes: []\n")
    assert code == 1
    assert lines[:-1] == [
        "socialops.yaml:5: spikes.window_minutes: 0m is too short: at least 1m",
        "socialops.yaml:6: approvals.expire_hours: 400d is too long: at most 366d",
        "socialops.yaml:7: store.lease_seconds: 2h is too long: at most 1h"], lines


async def test_limits_of_a_claim_timeout_said_in_its_units(tmp_path: Path) -> None:
    """An escalation's claim_timeout (new on 2026-12-07), a span that may be null, was said as
    pydantic saw it, the bound in minutes unnamed: `'31d' is out of range: must be less than
    or equal to 43200`."""
    config = CONFIG + ("escalations: [{name: e, steps: [{after_minutes: 5}], "
                       "claim_timeout: 31d},\n"
                       "  {name: f, steps: [{after_minutes: 5}], claim_timeout: 30d1m}]\n")
    code, lines = await check(tmp_path, config, "routes: []\n")
    assert code == 1
    assert [line for line in lines[:-1] if "(a warning" not in line] == [
        "socialops.yaml:5: escalations[0].claim_timeout: 31d is too long: at most 30d",
        "socialops.yaml:6: escalations[1].claim_timeout: 30d1m is too long: at most 30d"], lines


@pytest.mark.parametrize(("route", "said"), [
    ("action: ticket, sla: 0", "sla: 0 is too short: at least 1m (an SLA is counted in minutes)"),
    ("action: ticket, sla: 20s", "sla: 20s is too short: at least 1m (an SLA is counted in "
                                 "minutes)"),
    ("action: ticket, sla: 29", "sla: 29 is too short: at least 1m (an SLA is counted in "
                                "minutes)"),
    ("action: digest, interval: 0", "interval: 0 is too short: at least 1m"),
])
async def test_a_span_too_short_to_work_is_refused_not_dropped(tmp_path: Path, route: str,
                                                               said: str) -> None:
    """`sla: 29` rounded to 0 minutes and set no SLA; `interval: 0` made an hourly digest."""
    code, lines = await check(tmp_path, CONFIG, f"routes:\n  - {{name: r, channel: support, "
                              f"{route}}}\n")
    assert code == 1
    assert lines[:-1] == [f"rules.yaml:2: routes[0].{said}"], lines


# --- one mistake, one line: a misspelt or repeated section, a misspelt key, an unset name ----

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "app" / "sample"


def sample_with(tmp_path: Path, old: str, new: str) -> Path:
    """The demo config (its rules beside it) with one mistake made in it."""
    text = (SAMPLE / "demo.yaml").read_text(encoding="utf-8")
    assert old in text
    for name in ("rules.yaml", "mentions.jsonl"):
        (tmp_path / name).write_text((SAMPLE / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "socialops.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "socialops.yaml"


async def check_file(path: Path, env: dict[str, str] | None = None) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env=env or {})
    assert code == 1, out.getvalue()
    lines = err.getvalue().replace(f"{path.parent}/", "").splitlines()
    for line in lines:
        assert not any(raw in line for raw in RAW_PYDANTIC), line
    return lines[:-1]


@pytest.mark.parametrize(("old", "new", "said"), [
    # a misspelt section: every name it declares was reported unknown where it is used (11
    # lines, "declared: none declared"); the misspelling alone now
    ("\nchannels:", "\nchanels:", "socialops.yaml:15: chanels: unknown field; did you mean "
                                  "channels?"),
    ("\nescalations:", "\nescalation:", "socialops.yaml:39: escalation: unknown field; did you "
                                        "mean escalations?"),
    # a misspelt key of a person: not also "id: missing" and "unknown person 'carol'" twice
    ("{id: carol,", "{di: carol,", "socialops.yaml:29: people[2].di: unknown field; did you "
                                   "mean id?"),
])
async def test_a_misspelt_section_or_key_is_one_line(tmp_path: Path, old: str, new: str,
                                                     said: str) -> None:
    assert await check_file(sample_with(tmp_path, old, new)) == [said]


async def test_a_section_written_twice_is_the_duplicate_only(tmp_path: Path) -> None:
    path = sample_with(tmp_path, "\nops_channel: ops",
                       "\nchannels:\n  extra: {workspace: console, id: extra}\nops_channel: ops")
    assert await check_file(path) == [
        "socialops.yaml:45: channels: duplicate key 'channels' (lines 15 and 45); the second "
        "would silently replace the first: keep one"]


@pytest.mark.parametrize(("host", "said"), [
    # as nginx's `listen [::]` and a URL write it: before, "write e.g. 0.0.0.0 ... or
    # 127.0.0.1", the IPv4 ones, for an IPv6 address already meant
    ("'[::]'", "'[::]' is an IPv6 address in brackets, as a URL writes it; write it without "
               "them: \"::\""),
    ("http://0.0.0.0:8080", "'http://0.0.0.0:8080' is a URL; write its host alone, 0.0.0.0, "
                            "and the port in http.port"),
    ("localhost:8080", "'localhost:8080' holds a port; write localhost, and the port in "
                       "http.port"),
])
async def test_an_http_host_written_as_an_address_says_what_to_write(
        tmp_path: Path, host: str, said: str) -> None:
    code, lines = await check(tmp_path, CONFIG + f"http: {{host: {host!s}}}\n", "routes: []\n")
    assert code == 1
    assert lines[:-1] == [f"socialops.yaml:5: http.host: {said}"], lines


async def test_a_key_written_twice_on_one_line_says_so(tmp_path: Path) -> None:
    """In a { } mapping both are on one line: before, "(lines 5 and 5)"."""
    code, lines = await check(tmp_path, CONFIG + "http: {port: 8080, drain_seconds: 3, "
                              "port: 8081}\n", "routes: []\n")
    assert code == 1
    assert lines[0] == ("socialops.yaml:5: http.port: duplicate key 'port' (twice on line 5); "
                        "the second would silently replace the first: keep one"), lines


@pytest.mark.parametrize(("config", "rules", "said"), [
    (CONFIG, "routes:\n  - {name: a, channel: '${CH}'}\n",
     "rules.yaml:2: routes[0].channel: environment variable CH is not set"),
    (CONFIG.replace("type: console}", "type: '${WT}'}"), "routes: []\n",
     "socialops.yaml:1: workspaces[0].type: environment variable WT is not set"),
    (CONFIG.replace("{name: console,", "{name: '${WS}',"), "routes: []\n",
     "socialops.yaml:1: workspaces[0].name: environment variable WS is not set"),
    (CONFIG + "people: [{id: '${WHO}'}]\nescalations: [{name: e, steps: [{after_minutes: 5, "
     "notify_users: [ana]}]}]\n", "routes:\n  - {name: a, channel: support, mention: "
     "{users: [ana]}}\n", "socialops.yaml:5: people[0].id: environment variable WHO is not set"),
    # a whole query or regex from an unset variable: the empty query was parsed again after
    # the variable's line and ended in a traceback (QueryError: empty query; a review, 2026-12-05)
    (CONFIG, "routes:\n  - {name: a, channel: support, match: {query: '${Q}'}}\n",
     "rules.yaml:2: routes[0].match.query: environment variable Q is not set"),
    (CONFIG, "routes:\n  - {name: a, channel: support, match: {regex: '${R}'}}\n",
     "rules.yaml:2: routes[0].match.regex: environment variable R is not set"),
])
async def test_an_unset_variable_is_only_the_variable_line(tmp_path: Path, config: str,
                                                           rules: str, said: str) -> None:
    """The README promises the variable's line only: not also "unknown channel ''", "unknown
    type ''" or "unknown workspace 'console' (known: )"."""
    code, lines = await check(tmp_path, config, rules)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(said), lines


@pytest.mark.parametrize(("config", "said"), [
    (CONFIG.replace("{name: console, type: console}", "{name: console, type: console}, "
                    "{name: sl, type: slack, token: xoxb-1, signing_secret: s}"),
     "socialops.yaml:1: workspaces[1].token: unknown field; did you mean bot_token?"),
    (CONFIG + "escalations:\n  - name: e\n    steps: [{after: 15}]\n",
     "socialops.yaml:7: escalations[0].steps[0].after: unknown field; did you mean "
     "after_minutes?"),
])
async def test_a_key_written_as_part_of_its_name_is_one_line(tmp_path: Path, config: str,
                                                             said: str) -> None:
    """`token:` for `bot_token:` was `bot_token: missing` plus `token: unknown field`."""
    code, lines = await check(tmp_path, config, "routes: []\n")
    assert code == 1
    assert lines[:-1] == [said], lines


async def test_a_rules_file_given_as_the_config_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text((SAMPLE / "rules.yaml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    lines = await check_file(tmp_path / "rules.yaml")
    assert len(lines) == 1, lines
    assert lines[0].endswith(": this is a rules file (routes:, brands:, ...), not a config; "
                             "pass the config (socialops -c socialops.yaml ...) and name this "
                             "file in it: rules: rules.yaml"), lines


async def test_a_config_named_as_the_rules_file_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(CONFIG, encoding="utf-8")
    code, lines = await check(tmp_path, CONFIG.replace("rules: rules.yaml", "rules: other.yaml"))
    assert code == 1
    assert lines[:-1] == [
        "other.yaml:1: this is a socialops config (workspaces:, channels:, ...), not a rules "
        "file; give the rules file instead: the one with routes:, which the config names in "
        "its rules:"], lines


async def test_no_names_declared_is_said_in_words(tmp_path: Path) -> None:
    """Not `(declared: none declared)`, `(known: )` or `a mapping like of key: value`."""
    config = ("workspaces: [{name: console, type: console}]\nops_channel: ops\n"
              "people: [{id: ana, identities: {slack: U0ANA}}]\ngroups: [support]\n")
    code, lines = await check(tmp_path, config)
    assert code == 1
    assert lines[:-1] == [
        "socialops.yaml:2: ops_channel: unknown channel 'ops'; declare it under channels: (no "
        "channels are declared yet)",
        "socialops.yaml:3: people[0].identities.slack: unknown workspace 'slack' (known: "
        "console)",
        "socialops.yaml:4: groups: should be a mapping (key: value lines, or {key: value}), "
        "not a list"], lines
    code, lines = await check(tmp_path, "workspaces: [{name: console, type: console}]\n"
                              "rules: rules.yaml\n", "routes:\n  - {name: a, channel: support, "
                              "action: ticket, escalation: e}\n")
    assert lines[:-1] == [
        "rules.yaml:2: routes[0].channel: unknown channel 'support' (the config declares no "
        "channels: declare it under channels:)",
        "rules.yaml:2: routes[0].escalation: unknown escalation chain 'e' (the config declares "
        "no escalations: declare it under escalations:)"], lines


@pytest.mark.parametrize(("written", "meant"), [
    ("daily", "1d"), ("hourly", "1h"), ("Weekly", "1w"), ("every day", "1d"),
    ("an hour", "1h")])
async def test_a_digest_interval_written_as_chat_writes_it_says_the_duration(
        tmp_path: Path, written: str, meant: str) -> None:
    """Chat subscribes with digest=hourly|daily; a newcomer writing the rules file's digest
    route as `interval: daily` was told 'expected a duration such as 30s, 5m, 1h or 1d'."""
    code, lines = await check(tmp_path, CONFIG, "routes:\n  - {name: d, action: digest, "
                              f"channel: support, interval: {written}}}\n")
    assert code == 1
    assert lines[:-1] == [f"rules.yaml:2: routes[0].interval: '{written}' is not a duration; "
                          f"write {meant}"], lines


HASHTAG = ("a # after a space, '[' or ',' starts a YAML comment, so {tag} and the rest of the "
           "line were not read: quote a hashtag, '{tag}'")


@pytest.mark.parametrize(("rules", "said"), [
    # a flow list: the comment swallowed its closing brackets
    ("routes:\n  - {name: d, channel: support, match: {hashtags: [#globex]}}\n",
     "rules.yaml:2: a [ ] list opened here is never closed; end it with ']'; "
     + HASHTAG.format(tag="#globex")),
    ("routes:\n  - name: d\n    channel: support\n    match: {any: [acme], none: [job, #jobs]}\n",
     "rules.yaml:4: a [ ] list opened here is never closed; end it with ']'; "
     + HASHTAG.format(tag="#jobs")),
    # a block list's item, a key's value, a brand's keyword: read as nothing
    ("routes:\n  - name: d\n    channel: support\n    match:\n      none:\n        - job\n"
     "        - #jobs\n",
     "rules.yaml:7: routes[0].match.none[1]: should be text, not nothing (null); "
     + HASHTAG.format(tag="#jobs")),
    ("routes:\n  - name: d\n    channel: support\n    match:\n      hashtags: #acme\n",
     "rules.yaml:5: routes[0].match.hashtags: should be a list ([a, b], or one '- ' item per "
     "line), not nothing (null); " + HASHTAG.format(tag="#acme")),
    ("brands:\n  rival:\n    - globex\n    - #globex\nroutes: []\n",
     "rules.yaml:4: brands.rival[1]: should be text, not nothing (null); "
     + HASHTAG.format(tag="#globex")),
])
async def test_a_hashtag_written_bare_is_said_to_be_a_comment(tmp_path: Path, rules: str,
                                                              said: str) -> None:
    """A newcomer writes hashtags as they post them; YAML reads `#jobs` after a space as a
    comment. check said 'a [ ] list opened here is never closed' or 'should be text, not
    nothing (null)', and nothing of the hashtag."""
    code, lines = await check(tmp_path, CONFIG, rules)
    assert code == 1
    assert lines[:-1] == [said], lines


async def test_a_comment_after_a_value_is_no_hashtag(tmp_path: Path) -> None:
    """A comment after a value, or one with a space after its #, says nothing of hashtags."""
    code, lines = await check(tmp_path, CONFIG, "routes:\n  - name: d\n    channel: nowhere  "
                              "#misspelt?\n    match:\n      none: [job,  # later\n        ]\n"
                              "    routes: # children\n")
    assert code == 1
    assert lines[:-1] == [
        "rules.yaml:3: routes[0].channel: unknown channel 'nowhere' (config channels: support)",
        "rules.yaml:7: routes[0].routes: should be a list ([a, b], or one '- ' item per line), "
        "not nothing (null)"], lines


@pytest.mark.parametrize(("rules", "said"), [
    # a star keyword as docs/rules.md teaches it (*cme*, *은행), written bare: a YAML alias
    ("routes:\n  - {name: d, channel: support, match: {any: [acme, *kundendienst*]}}\n",
     "rules.yaml:2: an alias (*name) that no anchor (&name) above defines; a keyword that "
     "starts with * is read as one: quote it, '*kundendienst*'"),
    ("routes:\n  - name: d\n    channel: support\n    match:\n      any:\n        - acme\n"
     "        - *은행\n",
     "rules.yaml:7: an alias (*name) that no anchor (&name) above defines; a keyword that "
     "starts with * is read as one: quote it, '*은행'"),
    # an apostrophe inside a value quoted with ': the quote ends there
    ("routes:\n  - {name: d, channel: support, match: {any: [acme, 'c'est nul']}}\n",
     "rules.yaml:2: invalid YAML: expected ',' or ']', but got '<scalar>'; a ' inside a value "
     "quoted with ' ends it: write it twice, 'c''est nul', or quote the value with \" instead"),
])
async def test_a_star_or_an_apostrophe_yaml_reads_otherwise_says_what_to_write(
        tmp_path: Path, rules: str, said: str) -> None:
    """Said before: only the alias, or 'expected , or ]', nothing of the keyword written."""
    code, lines = await check(tmp_path, CONFIG, rules)
    assert code == 1
    assert lines[:-1] == [said], lines
