"""Examples in the README and its reference pages (docs/) that a reader copies: the `rules
test` cases file passes against the sample rules, the `rules explain` output is what the
command prints, the full config passes `check`; and every link between the pages leads
somewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.app.cli_support import REPO, socialops

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def section(page: str, title: str) -> str:
    """From the heading ``title`` of docs/``page`` to the next heading of its level or above."""
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    start = text.index(title + "\n")
    level = title.split(" ", 1)[0]
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", text, re.M)
            if m.start() > start]
    return text[start:ends[0] if ends else len(text)]


def test_the_rules_test_example_passes_against_the_sample_rules(tmp_path: Path) -> None:
    cases = section("rules.md", "## `socialops rules test RULES CASES`")
    block = re.search(r"```yaml\n(.*?)```", cases, re.S)
    assert block
    (tmp_path / "cases.yaml").write_text(block.group(1), encoding="utf-8")
    proc = socialops("rules", "test", str(REPO / "bot/app/sample/rules.yaml"), "cases.yaml",
                     cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 case(s): 2 passed" in proc.stdout


def test_the_explain_example_is_the_real_output() -> None:
    block = re.search(r"```\n\$ socialops (.*?)\n(.*?)```",
                      section("rules.md", "## `socialops rules explain`"), re.S)
    assert block
    args = re.findall(r'"[^"]*"|\S+', block.group(1))
    proc = socialops(*(a.strip('"') for a in args), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == block.group(2)


def test_no_stale_references() -> None:
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    assert "DISCORD_TOKEN}" not in text
    assert "220+" not in text
    from bot.core.metrics import Metrics

    # every family /metrics exposes, by its exposed name (counters with `_total`); a
    # histogram's samples add `_bucket`, `_sum` and `_count`
    exposition = Metrics(version="0").render().decode()
    exposed = {line.split()[2] for line in exposition.splitlines()
               if line.startswith("# TYPE socialops_")}
    samples = {f"{name}{suffix}" for name in exposed for suffix in ("", "_bucket", "_sum",
                                                                    "_count")}
    not_metrics = {"socialops_card"}  # the event type of a card's Slack message metadata
    named = set(re.findall(r"`(socialops_[a-z_]+)`", text)) - not_metrics
    assert named, "the pages name no metric: the pattern is stale"
    assert sorted(named - samples) == [], "metrics the pages name that /metrics does not expose"
    # and the other way: every family exposed is named, the `_created` series beside each
    # counter and histogram in one row of their own (docs/operations.md)
    assert sorted(n for n in exposed - named if not n.endswith("_created")) == [], \
        "metrics /metrics exposes that no page names"
    assert "`socialops_*_created`" in text and "PROMETHEUS_DISABLE_CREATED_SERIES=True" in text


def test_the_created_series_go_as_the_metrics_page_says() -> None:
    """`PROMETHEUS_DISABLE_CREATED_SERIES=True` leaves the `_created` series out (read by the
    Prometheus client when imported: a process of its own)."""
    script = ("from bot.core.metrics import Metrics; m = Metrics(version='0'); "
              "m.inc('tickets_opened_total'); print(m.render().decode())")
    for value, created in (("True", False), ("", True)):
        env = {**os.environ, "PROMETHEUS_DISABLE_CREATED_SERIES": value}
        out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True,
                             capture_output=True, text=True).stdout
        assert "socialops_tickets_opened_total 1.0" in out
        assert ("socialops_tickets_opened_created" in out) is created


@pytest.mark.parametrize(("page", "title"), [
    ("configuration.md", "# Configuration"),
    # step 4 of connecting each: the block a reader pastes. Slack's said mode: http without
    # a port, which check refuses (step 3 says so): pasted as written, it failed
    ("slack.md", "## Connect Slack in five minutes"),
    ("discord.md", "## Connect Discord step by step"),
])
def test_the_configuration_example_passes_check(tmp_path: Path, page: str, title: str) -> None:
    """The reference pages' config examples, with their secrets in the environment and any
    rules file, are configs `socialops check` accepts."""
    from tests.app.cli_support import clean_env

    text = section(page, title)
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block and "workspaces:" in block.group(1)
    (tmp_path / "socialops.yaml").write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    env = clean_env(MASTODON_TOKEN="m", SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                    SLACK_APP_TOKEN="xapp-1", DISCORD_BOT_TOKEN="d", DISCORD_PUBLIC_KEY="ab" * 32)
    proc = socialops("check", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr


_TEAM = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
  support-escalations: {workspace: console, id: support-escalations}
people:
  - {id: alice, groups: [support]}
  - {id: bob, groups: [support]}
  - {id: carol, groups: [support]}
rules: rules.yaml
"""


@pytest.mark.parametrize("title", ["## Saved replies", "## On-call schedules"])
def test_the_team_workflow_examples_pass_check(tmp_path: Path, title: str) -> None:
    """docs/workflows.md's `replies:` and `schedules:` blocks, with the people and channels
    they name, are configs `socialops check` accepts."""
    block = re.search(r"```yaml\n(.*?)```", section("workflows.md", title), re.S)
    assert block
    (tmp_path / "socialops.yaml").write_text(block.group(1) + _TEAM, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    proc = socialops("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_saved_replies_mistakes_are_what_check_prints(tmp_path: Path) -> None:
    """The two lines docs/workflows.md shows for the saved replies block with the typos it
    names are `socialops check`'s, line numbers and character included."""
    text = section("workflows.md", "## Saved replies")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    shown = re.search(r"```\n(socialops\.yaml:.*?)```", text, re.S)
    assert block and shown
    typed = block.group(1).replace("{author}, sorry", "{autor}, sorry").replace(
        "we know and", "we know {and")
    assert typed.count("{autor}") == 1 and "{and" in typed, "the typos the page names"
    (tmp_path / "socialops.yaml").write_text(typed + _TEAM, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    proc = socialops("check", cwd=tmp_path)
    assert proc.returncode == 1
    printed = [line.removeprefix("error: ") for line in (proc.stdout + proc.stderr).splitlines()]
    assert shown.group(1).splitlines() == [line for line in printed if "replies." in line]


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for a page's headings (outside code fences), repeats numbered."""
    found: set[str] = set()
    fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        m = None if fence else re.match(r"#{1,6} (.*)$", line)
        if m:
            base = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower().replace("`", ""))
            base = base.replace(" ", "-")
            anchor, n = base, 0
            while anchor in found:
                n += 1
                anchor = f"{base}-{n}"
            found.add(anchor)
    return found


def _links(text: str) -> list[str]:
    """The targets of the page's markdown links, outside code fences and code spans."""
    out: list[str] = []
    fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if not fence:
            for piece in re.split(r"`+[^`]*`+", line):
                out += re.findall(r"\]\(([^)\s]+)\)", piece)
    return out


def test_every_link_between_the_pages_leads_somewhere() -> None:
    """The README is the entry point and docs/ the reference: a page moved or a heading
    renamed must not leave a reader at a dead link (files and #anchors both)."""
    dead = []
    for page in PAGES:
        for target in _links(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:", "[")):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                dead.append(f"{page.relative_to(REPO)}: {target} (no such file)")
            elif anchor and anchor not in _anchors(file.read_text(encoding="utf-8")):
                dead.append(f"{page.relative_to(REPO)}: {target} (no such heading)")
    assert not dead, "\n".join(dead)


def test_the_readme_links_every_reference_page() -> None:
    text = readme()
    unlinked = [p.name for p in PAGES[1:] if f"](docs/{p.name})" not in text]
    assert not unlinked, f"docs pages the README does not link: {unlinked}"


def test_every_source_example_of_the_networks_page_passes_check(tmp_path: Path) -> None:
    """docs/networks.md's `sources:` blocks (Mastodon, Hacker News, RSS, X, Bluesky, Reddit),
    pasted into one config with their secrets in the environment."""
    from tests.app.cli_support import clean_env

    blocks = re.findall(r"```yaml\n(sources:\n.*?)```",
                        (REPO / "docs" / "networks.md").read_text(encoding="utf-8"), re.S)
    entries = "".join(block.removeprefix("sources:\n") for block in blocks)
    for network in ("mastodon", "hackernews", "rss", "x", "bluesky", "reddit"):
        assert f"type: {network}\n" in entries, f"the page has no {network} example"
    (tmp_path / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\nsources:\n" + entries, encoding="utf-8")
    env = clean_env(MASTODON_TOKEN="m", X_BEARER_TOKEN="b", X_USER_TOKEN="u",
                    BLUESKY_APP_PASSWORD="p", REDDIT_CLIENT_ID="i", REDDIT_CLIENT_SECRET="s",
                    REDDIT_USERNAME="n", REDDIT_PASSWORD="w")
    proc = socialops("check", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "OK: 6 source(s)" in proc.stdout


RULES_CASES = """\
now: 2026-01-05T12:00:00Z            # a Monday, noon in Warsaw: no quiet hours
cases:
  - name: spam is dropped
    mention: {text: "free followers for acme fans"}
    expect: [spam]
  - name: an outage goes to crisis and inhibits the support ticket
    mention: {text: "AcmeCloud is down, cannot log in", network: x}
    facts: {intent: complaint}
    expect: [crisis]
    expect_suppressed: [support]
  - name: a question opens a ticket
    mention: {text: "how do I export from acme?", network: x}
    facts: {intent: question}
    expect: [support]
  - name: a child fires instead of its parent
    mention: {text: "how do I export from acme?", network: x,
              author: {handle: big, followers: 50000}}
    facts: {intent: question}
    expect: [support-vip]
  - name: praise by day
    mention: {text: "love acme, great app", network: x}
    facts: {intent: praise, sentiment: 0.8}
    expect: [praise]
  - name: praise at night is held back by quiet hours
    now: 2026-01-05T23:00:00Z
    mention: {text: "love acme, great app", network: x}
    facts: {intent: praise, sentiment: 0.8}
    expect: []
    expect_suppressed: [praise]
  - name: Hacker News goes to the digest
    mention: {text: "acme has a new api", network: hackernews}
    facts: {intent: other}
    expect: [dev-digest]
  - name: the maintenance silence
    mention: {text: "acme outage during scheduled maintenance", network: x}
    facts: {intent: other}
    expect: []
    expect_suppressed: [crisis]
"""


def test_the_complete_rules_example_passes_check_and_routes_as_described(
        tmp_path: Path) -> None:
    """docs/rules.md's complete example, in a config declaring the channels, people and chain
    it names: `check` accepts it, and `rules test` finds what the page says of each route
    (drop, continue and inhibition, nesting, quiet hours, digest, silence)."""
    block = re.search(r"```yaml\n(.*?)```", section("rules.md", "## A complete example"), re.S)
    assert block
    (tmp_path / "rules.yaml").write_text(block.group(1), encoding="utf-8")
    channels = "".join(f"  {name}: {{workspace: console, id: {name}}}\n" for name in (
        "crisis", "support", "support-escalations", "marketing", "dev"))
    (tmp_path / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\nchannels:\n" + channels +
        "people:\n  - {id: carol, role: lead, groups: [support], identities: {console: carol}}\n"
        "escalations:\n  - {name: support-default, steps: [{after_minutes: 30}]}\n"
        "rules: rules.yaml\n", encoding="utf-8")
    proc = socialops("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "cases.yaml").write_text(RULES_CASES, encoding="utf-8")
    proc = socialops("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "8 case(s): 8 passed" in proc.stdout


def _config_keys(model: type, prefix: str = "") -> dict[str, str]:
    """Every key of ``model`` a config may set, as the reference table spells it
    (``people[].role``, ``channels.NAME.id``), with its default as the table writes it."""
    import typing

    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    def model_in(annotation: object) -> type[BaseModel] | None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        found = [m for a in typing.get_args(annotation) if (m := model_in(a))]
        return found[0] if found else None

    def written(value: object) -> str:
        if value is None:
            return "none"
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float) and value == int(value):
            return f"`{int(value)}`"
        if isinstance(value, tuple | list):
            return f"`[{', '.join(map(str, value))}]`"
        if isinstance(value, dict):
            return "`{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}`"
        return f"`{value}`"

    out: dict[str, str] = {}
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        key = prefix + (field.alias or name)
        inner = model_in(field.annotation)
        origin = typing.get_origin(field.annotation)
        if origin is dict and inner is not None:
            out |= _config_keys(inner, f"{key}.NAME.")
            continue
        if inner is not None and origin is tuple:
            out |= _config_keys(inner, f"{key}[].")
            continue
        if field.default is PydanticUndefined and field.default_factory is None:
            out[key] = "required"
            continue
        default = field.default_factory() if field.default_factory else field.default
        if isinstance(default, BaseModel):
            out |= _config_keys(type(default), f"{key}.")
        else:
            out[key] = written(default)
    return out


def test_every_config_key_is_in_the_reference_table_with_its_default() -> None:
    """docs/configuration.md's "Every key" table and the schema agree both ways: a key added
    to the schema is documented, a key in the table exists, and its default is the schema's
    (a source type's own keys are in docs/networks.md; workspaces are merged over the three
    types)."""
    from bot.core import config as C

    keys = {k: v for k, v in _config_keys(C.Config).items()
            if not k.startswith(("sources[]", "workspaces[]"))}
    keys |= _config_keys(C.SourceBase, "sources[].")
    for workspace in (C.ConsoleWorkspaceConfig, C.SlackWorkspaceConfig,
                      C.DiscordWorkspaceConfig):
        keys = _config_keys(workspace, "workspaces[].") | keys
    keys["workspaces[].api_url"] = "`https://slack.com/api/`"  # Discord's is in the row's text
    rows = {}
    for line in section("configuration.md", "## Every key").splitlines():
        m = re.match(r"\| `([^`]+)` \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    assert rows, "the table's pattern is stale"
    assert sorted(set(keys) - set(rows)) == [], "keys without a row in the table"
    assert sorted(set(rows) - set(keys)) == [], "rows for keys the schema does not have"
    wrong = {k: (rows[k], keys[k]) for k in keys if rows[k].replace("`", "") != keys[k].replace(
        "`", "")}
    assert wrong == {}, "documented default != the schema's (table, schema)"


def test_the_networks_table_lists_every_key_of_each_network() -> None:
    """docs/networks.md's table: each network's "config keys" cell names every key its config
    class adds to the ones all sources have (docs/configuration.md), and only keys it has
    (values in parentheses, such as tags' `story`, are not keys)."""
    from bot.core import networks
    from bot.core.config import SourceBase

    text = (REPO / "docs" / "networks.md").read_text(encoding="utf-8")
    names = {"Mastodon": "mastodon", "Bluesky": "bluesky", "Reddit": "reddit",
             "Hacker News": "hackernews", "RSS / Atom": "rss", "X": "x"}
    cells = {}
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 6 and parts[1] in names:
            cells[names[parts[1]]] = set(re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "",
                                                                            parts[5])))
    assert sorted(cells) == sorted(names.values()), "the table's pattern is stale"
    wrong = {}
    for name, written in cells.items():
        fields = set(networks.source_config(name).model_fields)
        own = fields - set(SourceBase.model_fields)
        if own - written or written - fields:
            wrong[name] = (sorted(own - written), sorted(written - fields))
    assert wrong == {}, "(keys the table leaves out, keys the network does not have)"


def _shown(prefix: str) -> list[tuple[str, str]]:
    """Every ``prefix ...`` line the pages show, in code spans and at the start of code block
    lines (after a ``$ ``), as (where, line), without a trailing comment: usage lines
    (``<id>``, ``[--x]``, ``a|b``, ``…``) left out."""
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        found = [(m.start(), m.group(1)) for m in re.finditer(rf"`({re.escape(prefix)}[^`]*)`",
                                                               text)]
        for block in re.finditer(r"```[a-z]*\n(.*?)```", text, re.S):
            found += [(block.start(1) + m.start(), m.group(1)) for m in re.finditer(
                rf"^\s*(?:\$ )?({re.escape(prefix)}.*)$", block.group(1), re.M)]
        for at, written in found:
            line = re.split(r"\s+#", written)[0].strip()
            if not re.search(r"[<>\[\]|…]|\.\.\.", line):
                out.append((f"{page.name}:{text.count(chr(10), 0, at) + 1}", line))
    return out


def test_every_chat_command_the_pages_show_parses_and_every_verb_is_listed() -> None:
    """A `/socialops ...` line a reader copies runs (the parser every platform shares), and
    docs/slack.md's list of the command and docs/workflows.md's table of who may do what show
    every verb `help` has."""
    from bot.core.commands import CommandError, parse_command
    from bot.core.errors import Refusal
    from bot.core.verbs import GROUPS, VERBS

    sections = {g.lower() for g in GROUPS} - set(VERBS)  # Discord's `/socialops people link`
    forms = {"reply", "draft", "subscribe"}  # typed alone, they open a form
    lines = _shown("/socialops")
    assert len(lines) > 20, "the pattern is stale"
    refused = []
    for where, line in lines:
        words = line.split()[1:]
        if (not words or words[0] in sections or words == [w for w in words if w in forms]
                or words[0].endswith(":") or line.endswith(":")):
            continue  # Discord's sections; a form opened; a listing or a label, not a command
        try:
            parse_command(" ".join(words) if len(words) > 1 else words[0])
        except (CommandError, Refusal) as exc:
            refused.append(f"{where}: {line}: {str(exc).splitlines()[0]}")
    assert refused == []
    block = re.search(r"```\n(.*?)```", section("slack.md", "## The `/socialops` command"), re.S)
    assert block
    listed = {line.split()[0] for part in block.group(1).splitlines()
              for line in part.split("|") if line.split()}
    assert sorted(set(VERBS) - listed) == [], "verbs docs/slack.md's list leaves out"
    table = (REPO / "docs" / "workflows.md").read_text(encoding="utf-8")
    rows = {m.group(1) for line in table.splitlines() if line.startswith("| `")
            for m in re.finditer(r"`([a-z]+)[ `]", line.split(" | ")[0])}
    assert sorted(set(VERBS) - rows) == [], "verbs docs/workflows.md's table leaves out"


def test_every_command_line_the_pages_show_parses_and_the_readme_lists_every_flag() -> None:
    """A `socialops ...` line a reader copies is one the command line accepts (its command,
    flags and arguments), and the README's table names every command and every flag."""
    import argparse
    import contextlib
    import io

    from bot.app.cli import build_parser

    refused = []
    for where, line in _shown("socialops "):
        argv = line.split()[1:]
        if not argv or not re.fullmatch(r"-?-?[a-z][a-z-]*", argv[0]):
            continue  # `socialops · alice`: the name in text, not a command line
        parser = build_parser()
        path = []
        for word in argv:  # a command named alone (`socialops replay`) is prose, not a line
            actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
            if not actions or word not in actions[0].choices:
                break
            path.append(word)
            parser = actions[0].choices[word]
        if path == argv:
            continue
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                _, extras = build_parser().parse_known_args(
                    [a.strip("\"'") for a in re.findall(r'"[^"]*"|\S+', " ".join(argv))])
        except SystemExit as exc:
            if exc.code:
                refused.append(f"{where}: {line}: {err.getvalue().strip().splitlines()[-1]}")
            continue
        if extras:
            refused.append(f"{where}: {line}: unrecognized {extras}")
    assert refused == []

    table = readme()[readme().index("## Command line"):readme().index("## Benchmarks")]
    common = {"-h", "--help", "-c", "--config", "-v", "--verbose", "--log-level", "--json-logs"}
    missing = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs:
            for name, sub in subs[0].choices.items():
                walk(sub, [*path, name])
            return
        command = "socialops " + " ".join(path)
        rows = " ".join(r for r in table.splitlines() if f"`{command}" in r)
        if not rows:
            missing.append(command)
        missing.extend(f"{command} {flag}" for a in parser._actions for flag in a.option_strings
                       if flag not in common and flag not in rows and flag != "-y")

    walk(build_parser(), [])
    assert missing == [], "commands and flags the README's command table does not name"


def test_the_help_names_each_flags_value_as_the_readme_does() -> None:
    """`socialops run --help` said `--as AS_PERSON` and `init --help` `ID=PLATFORM_ID[:ROLE]`,
    where the README's command table writes `--as PERSON` and `ID=MEMBER_ID[:ROLE]`: a reader
    going from one to the other met two names for one value."""
    import argparse

    from bot.app.cli import build_parser

    table = readme()[readme().index("## Command line"):readme().index("## Benchmarks")]
    differ = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs:
            for name, sub in subs[0].choices.items():
                walk(sub, [*path, name])
            return
        command = "socialops " + " ".join(path)
        rows = " ".join(r for r in table.splitlines() if f"`{command}" in r)
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.choices:
                continue
            shown = action.metavar or action.dest.upper()
            for flag in action.option_strings:
                for found in re.findall(re.escape(flag) + r"[ =]([A-Z][A-Z0-9_=:.\[\]]*)",
                                        rows):
                    written = found.rstrip(".")
                    while written.endswith("]") and written.count("]") > written.count("["):
                        written = written[:-1]  # `[--as PERSON]`: the bracket is the row's
                    if written != shown:
                        differ.append(f"{command} {flag}: README {written}, help {shown}")

    walk(build_parser(), [])
    assert sorted(set(differ)) == [], "\n".join(sorted(set(differ)))
