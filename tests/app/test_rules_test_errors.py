"""`socialops rules test`: every mistake of a cases file is one line naming file, line and
field, all of them in one run, never pydantic's dump. The same ``main`` in the test's process
(``cli``), but for the empty cases file: the installed command, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from bot.core.config import load_config
from tests.app.cli_support import Cli, assert_one_line_error, clean_env
from tests.app.test_check_followons import RAW_PYDANTIC

RULES = "routes:\n  - {name: support, match: {any: [acme]}, channel: support}\n"

CASES = """\
cases:
  - name: one
    mention: {text: "acme is down", netwrk: x}
    expect: [support]
  - name: two
    mention: {txt: "acme is down"}
    expect: [support]
  - name: three
    mention: {text: "acme", created_at: yesterday}
    expect: [nosuchroute]
  - name: four
    mention: {text: "acme", colour: red}
    facts: {language: english}
    expect: [support]
"""


def load_config_with_an_x_source(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\n"
        "sources: [{id: s, type: x, bearer_token: t, queries: [acme]}]\n"
        "channels: {a: {workspace: console, id: a}}\n", encoding="utf-8")
    load_config(other / "socialops.yaml")


def run(cli: Cli, tmp_path: Path, cases: str) -> tuple[int, list[str]]:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(cases, encoding="utf-8")
    proc = cli("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path, env=clean_env())
    assert "Traceback" not in proc.stderr
    assert not any(raw in proc.stderr for raw in RAW_PYDANTIC), proc.stderr
    return proc.returncode, proc.stderr.splitlines()


def test_every_mistake_of_a_cases_file_in_one_run(tmp_path: Path, cli: Cli) -> None:
    code, lines = run(cli, tmp_path, CASES)
    assert code != 0
    assert lines[:4] == [
        "error: cases.yaml:3: cases[0].mention.netwrk: unknown field; did you mean network?",
        "error: cases.yaml:6: cases[1].mention.txt: unknown field; did you mean text?",
        "error: cases.yaml:9: cases[2].mention.created_at: 'yesterday' is not a date and time "
        "with a time zone; write e.g. 2027-01-01T00:00:00Z",
        "error: cases.yaml:10: cases[2].expect[0]: unknown route 'nosuchroute' (the rules' "
        "routes and subscriptions: support)",
    ], lines
    # the Mention's own fields (bot.core.models), whichever they are
    assert lines[4].startswith("error: cases.yaml:12: cases[3].mention.colour: unknown field "
                               "(known: id, network, "), lines[4]
    assert " text, " in lines[4]
    assert lines[5] == ("error: cases.yaml:13: cases[3].facts.language: 'english' is not an "
                        "ISO 639-1 language code; use en")


def test_an_empty_cases_file(tmp_path: Path, cli: Cli) -> None:
    """Through the installed command, as a user runs it."""
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cases.yaml").write_text("# to do\n", encoding="utf-8")
    proc = cli("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path, env=clean_env())
    assert_one_line_error(proc, "cases.yaml: the cases file is empty: write cases:")


def test_a_cases_file_schema_mistake(tmp_path: Path, cli: Cli) -> None:
    # in a process that has read a config with an `x` source before, as a user's never has:
    # the field `x` was left out of the path as a union tag ("cases[0]: unknown field")
    # until 745bd0d
    load_config_with_an_x_source(tmp_path)
    code, lines = run(cli, tmp_path,
                      "cases:\n  - {name: a, mention: {text: x}, expect: [], x: 1}\n")
    assert (code, lines) == (1, [
        "error: cases.yaml:2: cases[0].x: unknown field (known: name, mention, facts, now, "
        "expect, expect_suppressed)"])


def test_a_schema_mistake_does_not_hide_the_others(tmp_path: Path, cli: Cli) -> None:
    """Bad `facts:` values were the only lines printed: the misspelt mention field, the bad
    date, the language name and the unknown route of the same case waited for the next run.
    A subscription query with no word that must appear is refused, as chat refuses it."""
    code, lines = run(cli, tmp_path, """\
subscriptions:
  - {id: S-1, query: "NOT spam"}
cases:
  - name: one
    mention: {text: "acme is down", netwrk: x, created_at: yesterday, language: english}
    facts: {sentiment: 5, intent: angry}
    expect: [nosuch]
""")
    assert code == 1
    assert lines == [
        "error: cases.yaml:2: subscriptions[0].query: bad query: the query needs at least one "
        "keyword that must appear (not only NOT)",
        "error: cases.yaml:5: cases[0].mention.language: 'english' is not an ISO 639-1 "
        "language code; use en",
        "error: cases.yaml:5: cases[0].mention.created_at: 'yesterday' is not a date and time "
        "with a time zone; write e.g. 2027-01-01T00:00:00Z",
        "error: cases.yaml:5: cases[0].mention.netwrk: unknown field; did you mean network?",
        "error: cases.yaml:6: cases[0].facts.sentiment: 5 is out of range: must be less than "
        "or equal to 1",
        "error: cases.yaml:6: cases[0].facts.intent: 'angry' is not one of: complaint, "
        "question, praise, lead, spam or other",
        "error: cases.yaml:7: cases[0].expect[0]: unknown route 'nosuch' (the rules' routes and "
        "subscriptions: sub:S-1, support)",
    ], lines


def test_a_subscription_channel_the_config_does_not_declare(tmp_path: Path, cli: Cli) -> None:
    """A misspelt channel passed silently; with a config, a subscription's channel is one it
    declares, by name or by the chat channel's id (what chat stores)."""
    (tmp_path / "socialops.yaml").write_text(
        "channels:\n  support: {workspace: console, id: support}\n"
        "  sales: {workspace: console, id: sales-room}\n", encoding="utf-8")
    code, lines = run(cli, tmp_path, """\
subscriptions:
  - {id: S-1, query: acme, channel: suport}
  - {id: S-2, query: acme, channel: sales-room}
  - {id: S-3, query: acme, channel: sales}
  - id: S-4
    query: acme
    channel: nowhere
cases:
  - name: one
    mention: {text: "acme is down"}
    expect: [support, "sub:S-1", "sub:S-2", "sub:S-3", "sub:S-4"]
""")
    assert (code, lines) == (1, [
        "error: cases.yaml:2: subscriptions[0].channel: unknown channel 'suport' (config "
        "channels: sales, support); did you mean support?",
        "error: cases.yaml:7: subscriptions[3].channel: unknown channel 'nowhere' (config "
        "channels: sales, support)"])


def test_the_two_files_swapped_or_one_given_twice_is_one_line(tmp_path: Path, cli: Cli) -> None:
    """`rules test RULES CASES` with the files swapped, the rules file given twice, or the
    config as the cases: the rules file given as the cases was three lines (cases: missing,
    then each of its sections an unknown field), the config ten; the cases file given as the
    rules was 'no routes: in the rules file'. Each is now one line saying which file goes
    where."""
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(
        "cases:\n  - {name: one, mention: {text: acme}, expect: [support]}\n", encoding="utf-8")
    (tmp_path / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\n"
        "channels: {support: {workspace: console, id: support}}\n", encoding="utf-8")
    to_cases = ("not a cases file; `socialops rules test RULES CASES` takes the rules file "
                "first, then the cases (cases:, see docs/rules.md)")
    for args, said in [
        (("cases.yaml", "rules.yaml"), "error: cases.yaml:1: this is a cases file (cases:, what "
         "`socialops rules test RULES CASES` reads second), not a rules file; give the rules "
         "file instead: the one with routes:"),
        (("rules.yaml", "rules.yaml"), "error: rules.yaml:1: this is a rules file (routes:, "
         "brands:, ...), " + to_cases),
        (("rules.yaml", "socialops.yaml"), "error: socialops.yaml:1: this is a socialops config "
         "(workspaces:, channels:, ...), " + to_cases),
    ]:
        proc = cli("rules", "test", *args, cwd=tmp_path, env=clean_env())
        assert assert_one_line_error(proc) == said, args
    assert cli("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path,
               env=clean_env()).returncode == 0
