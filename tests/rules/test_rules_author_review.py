"""What a team's rules author writes, following docs/rules.md, as a listening tool's user
writes it (long boolean queries over several lines, emoji copied as a JSON export spells
them), run through the `socialops` commands the page says to run: the same ``main`` in this
process (``cli``, as tests/app's), and through the installed command where what is checked is
what the process's own stream does with the text (a lone surrogate)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from tests.app.cli_support import Cli, ran, socialops


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """tests/app/conftest.py's: ``socialops(*args, cwd=...)``'s result from ``main`` run here
    (an interpreter importing the app was about 1 s of CPU a command)."""
    return functools.partial(ran, monkeypatch=monkeypatch, capsys=capsys)

RULES_ONLY = "routes:\n  - name: acme\n    channel: support\n    match:\n"
CONFIG = ("workspaces: [{name: console, type: console}]\n"
          "channels: {support: {workspace: console, id: support}}\n"
          "rules: rules.yaml\n")


def _explain(tmp_path: Path, rules: str, text: str, cli: Cli) -> tuple[int, str, str]:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    proc = cli("rules", "explain", "--rules", "rules.yaml", "--text", text, cwd=tmp_path)
    return proc.returncode, proc.stdout, proc.stderr


def test_a_dash_exclusion_on_its_own_line_of_a_block_query_is_not(tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md: "`-word` for NOT ... words side by side mean AND". A long query written
    one term a line (`query: |`, as Brandwatch and Sprout users keep theirs) starts a line with
    `-job`: that is NOT job as it is after a space, not a keyword "-job" the post must hold
    (which makes the route fire on nothing at all, and `check` says OK)."""
    rules = RULES_ONLY + "      query: |\n        acme\n        -job\n"
    code, out, err = _explain(tmp_path, rules, "acme is down again", cli)
    assert code == 0, err
    assert "✔ acme: fired" in out, out
    code, out, err = _explain(tmp_path, rules, "acme is hiring: job offer", cli)
    assert code == 0, err
    assert "✘ acme: no match" in out, out


def test_a_dash_exclusion_after_a_tab_is_not(tmp_path: Path, cli: Cli) -> None:
    rules = RULES_ONLY + '      query: "acme\\t-job"\n'
    code, out, err = _explain(tmp_path, rules, "acme is down again", cli)
    assert code == 0, err
    assert "✔ acme: fired" in out, out


def test_an_emoji_keyword_written_as_json_escapes_finds_the_emoji(tmp_path: Path, cli: Cli) -> None:
    """An emoji keyword (docs/rules.md: "emoji are keywords like any other") copied from a JSON
    export is written `"\\ud83d\\ude4f"` (🙏 as a UTF-16 surrogate pair), which YAML's parser
    reads as two lone surrogates. It is 🙏, and the route finds it; `check` does not call it
    "a keyword of punctuation alone"."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    rules = RULES_ONLY + '      any: ["\\ud83d\\ude4f"]\n'
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code, out, err = _explain(tmp_path, rules, "thank you 🙏", cli)
    assert code == 0, err
    assert "✔ acme: fired" in out, out


def test_explain_with_a_lone_surrogate_in_a_keyword_is_no_traceback(tmp_path: Path) -> None:
    """A `\\ud800` escape with no partner (half an emoji cut off in a copy) passes `check` today
    and then makes `rules explain` die with a UnicodeEncodeError traceback on every post. It
    is one `file:line: field` problem, as every other mistake of the file is."""
    rules = RULES_ONLY + '      any: ["ac\\ud800me"]\n'
    code, _out, err = _explain(tmp_path, rules, "acme is fine", socialops)
    assert "Traceback" not in err, err
    assert code == 1
    assert "rules.yaml:5: routes[0].match.any[0]" in err, err


def test_a_proximity_operator_from_a_listening_tool_is_refused_by_check(
        tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md's query syntax has AND, OR, NOT, `-word`, phrases and parentheses; a
    Brandwatch or Hootsuite user writes `acme NEAR/5 outage` (Talkwalker: `"acme outage"~5`).
    `check` said OK, and the route then fired on no post about an acme outage: the operator
    was read as words the post had to hold too ("near 5"). `check` says it, on its line."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        RULES_ONLY + "      query: 'acme NEAR/5 outage'\n"
        "  - name: phrase\n    channel: support\n    match: {query: '\"acme outage\"~5'}\n",
        encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rules.yaml:5: routes[0].match.query: bad query: 'NEAR/5'" in proc.stderr
    assert "rules.yaml:8: routes[1].match.query: bad query: '~5'" in proc.stderr


def test_explain_of_a_post_whose_text_holds_a_link_says_it_has_one(
        tmp_path: Path, cli: Cli) -> None:
    """`rules explain --text` reads hashtags and @handles from the text (a `hashtags:` or
    `handles:` route fires on "#acme" or "@acme" typed there), but `has_link: true` said
    "no link" of "see https://acme.com/help", so the author of a phishing route (`has_link:
    true` beside a brand) cannot try it with the command docs/rules.md gives for that."""
    rules = RULES_ONLY + "      any: [acme]\n      has_link: true\n"
    code, out, err = _explain(tmp_path, rules, "acme: log in at https://acme-login.example/x", cli)
    assert code == 0, err
    assert "✔ acme: fired" in out, out
    code, out, err = _explain(tmp_path, rules, "acme: log in at the website", cli)
    assert code == 0, err
    assert "✘ acme: no match: has_link: no link" in out, out


def test_a_group_by_label_no_route_has_is_said_by_check(tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md: `labels` are "static labels, usable as `group_by: [label:team]` and in
    `equal:`". One misspelt there (`label:teams` beside `labels: {team: web}`) is a label no
    route has: every post of the route is then one group (`label:teams=`), and `cooldown: 15m`
    holds back every other team's alerts after the first card, while `check` said OK. Inhibit
    rules' `equal:` likewise: a label neither side has is equal everywhere, and inhibits all."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n"
        "  - name: web\n    channel: support\n    match: {any: [acme]}\n"
        "    labels: {team: web}\n    group_by: ['label:teams']\n    cooldown: 15m\n"
        "  - name: app\n    channel: support\n    match: {any: [app]}\n"
        "    labels: {team: app}\n"
        "inhibit_rules:\n  - {source: [web], target: [app], equal: ['label:tema']}\n",
        encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rules.yaml:6: routes[0].group_by[0]: no route has the label 'teams'" in proc.stderr
    assert "rules.yaml:13: inhibit_rules[0].equal[0]: no route has the label 'tema'" in (
        proc.stderr)


def test_keywords_written_as_a_comma_separated_line_are_said_by_check(
        tmp_path: Path, cli: Cli) -> None:
    """Social inboxes take keywords as a comma-separated line ("acme, acmecloud"); docs/rules.md
    takes "a single value ... where a list is expected (`network: x`)". `any: acme, acmecloud`
    was one keyword, the phrase "acme, acmecloud": the route fired on no post naming either,
    `check` said OK, and `rules explain` said only "no keyword of acme, acmecloud". (The same
    line under `network:` is refused, as no network is named so.)"""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        RULES_ONLY + "      any: acme, acmecloud\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rules.yaml:5: routes[0].match.any: " in proc.stderr, proc.stderr
    assert "[acme, acmecloud]" in proc.stderr, proc.stderr


def test_a_hashtag_with_a_space_in_it_is_said_by_check(tmp_path: Path, cli: Cli) -> None:
    """No hashtag holds a space (`#` ends at one), so `hashtags: ['#acme #acmecloud']` (two
    hashtags typed on one line, as a search box takes them) matched no post, and `check` said
    OK."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        RULES_ONLY + "      hashtags: ['#acme #acmecloud']\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rules.yaml:5: routes[0].match.hashtags[0]: " in proc.stderr, proc.stderr


def test_a_unicode_letter_class_is_no_regex_too_complex(tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md: "`regex:` ... the RE2 regex"; the 1,000-instruction limit is there for
    counted repetitions ("a counted repetition is copied out, so `(?:\\w+\\s*){1,1000}z` ...
    is refused"). `\\p{L}+`, a word in any script (what a regex for posts in every language
    writes instead of the ASCII-only `\\w`), has no counted repetition and runs in 0.1 ms on a
    20,000-character post, but is refused: "regex too complex (1207 RE2 instructions, at most
    1000): use smaller counted repetitions", advice about something the pattern does not
    have. The limit counts a class as one character now, and the program with its classes
    spelt out is held to 20,000 instructions (`(?:\\p{L}+\\s*){1,90}z` stays refused)."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        RULES_ONLY + "      regex: '(?i)acme\\s+\\p{L}+\\s+(?:down|outage)'\n",
        encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (tmp_path / "rules.yaml").write_text(
        RULES_ONLY + "      regex: '(?:\\p{L}+\\s*){1,90}z'\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rules.yaml:5: routes[0].match.regex: regex too complex" in proc.stderr


def test_rules_test_defaults_are_merged_into_a_case_author_key_by_key(
        tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md: `defaults:` is "merged into every case's mention". Given `defaults:
    {author: {followers: 5000}}`, a case that names its author's handle (`author: {handle:
    jan}`) lost the follower count: the author was replaced, not merged, and a VIP route
    (`min_followers: 1000`) failed every such case with "author has unknown followers"."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: vip, match: {any: [acme], author: {min_followers: 1000}}, "
        "channel: c}\n", encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(
        "defaults: {network: x, author: {followers: 5000}}\n"
        "cases:\n"
        "  - {name: a VIP by name, mention: {text: acme, author: {handle: jan}}, expect: [vip],\n"
        "     facts: {language: en, sentiment: 0, intent: other}}\n", encoding="utf-8")
    proc = cli("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 case(s): 1 passed, 0 failed" in proc.stdout


def test_a_brand_named_in_other_capitals_is_said_as_the_one_meant(tmp_path: Path, cli: Cli) -> None:
    """`brands: {Acme: [acme]}` and `brand: [acme]`: `check` said "unknown brand 'acme';
    declare it under brands:", of a brand declared there a line above. docs/rules.md has
    `check` name what was meant (`did you mean support?`) for a route's and a channel's name;
    a brand is a name the file declares too."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "brands:\n  Acme: [acme]\n"
        "routes:\n  - {name: a, channel: support, match: {brand: [acme]}}\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert ("rules.yaml:4: routes[0].match.brand[0]: unknown brand 'acme'; did you mean Acme?"
            in proc.stderr), proc.stderr
