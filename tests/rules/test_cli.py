"""`rules test` and `rules explain`, through the functions the CLI calls."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import ChannelConfig, load_config
from bot.core.errors import ConfigError
from bot.core.models import Author, Mention
from rules.cli import permissive_channels, rules_explain, rules_test
from tests.rules.support import CountingFacts

HERE = Path(__file__).parent
SAMPLE = HERE.parents[1] / "bot" / "app" / "sample"
CFG = load_config(SAMPLE / "demo.yaml").config
ESC = {e.name for e in CFG.escalations}


def run_cases(cases: Path, rules: Path = SAMPLE / "rules.yaml") -> tuple[int, str]:
    out = io.StringIO()
    code = rules_test(rules, cases, channels=CFG.channels, escalations=ESC,
                      facts_factory=CountingFacts, out=out)
    return code, out.getvalue()


def test_sample_cases_pass() -> None:
    code, out = run_cases(HERE / "acme_cases.yaml")
    assert out.strip().endswith("11 case(s): 11 passed, 0 failed")
    assert code == 0


def test_failing_case_names_expected_and_got(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - name: fine\n"
        "    mention: {text: unrelated}\n"
        "    expect: []\n"
        "  - name: wrong expectation\n"
        "    mention: {text: 'AcmeCloud outage'}\n"
        "    expect: [support]\n",
        encoding="utf-8",
    )
    code, out = run_cases(cases)
    assert code == 1
    assert f"FAIL {cases}:5: wrong expectation" in out
    assert "expected routes: ['support']" in out
    assert "got routes:      ['crisis']" in out
    assert "✔ crisis: fired" in out  # the explanation follows
    assert "2 case(s): 1 passed, 1 failed" in out


def test_bad_cases_file_names_line_and_field(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - name: x\n    mention: {text: hi}\n    expect: []\n"
                     "    fcts: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        run_cases(cases)
    assert (info.value.line, info.value.field) == (5, "cases[0].fcts")


def test_bad_mention_in_a_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - name: x\n    mention: {text: hi, network: myspace}\n"
                     "    expect: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        run_cases(cases)
    assert (info.value.line, info.value.field) == (3, "cases[0].mention")


@pytest.mark.parametrize("name", ["anything", "a\\x1fb", "a\\x1b[2J"])
def test_permissive_channels_accept_any_name_even_one_no_chat_id_holds(
        tmp_path: Path, name: str) -> None:
    """Without a config, a channel name stands in for its id; a name holding a control
    character (which no chat id holds, so config refuses it as an id) raised a pydantic
    ValidationError out of `rules test` as a traceback."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - name: r\n    match: {any: [acme]}\n"
                     f'    channel: "{name}"\n', encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - name: x\n    mention: {text: acme}\n    expect: [r]\n",
                     encoding="utf-8")
    out = io.StringIO()
    code = rules_test(rules, cases, channels=permissive_channels(), escalations=(),
                      facts_factory=CountingFacts, out=out)
    assert code == 0, out.getvalue()


def test_a_subscription_channel_is_one_the_config_declares(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - {name: r, match: {any: [acme]}, channel: support}\n",
                     encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text("subscriptions:\n"
                     "  - {id: S-1, query: acme, channel: C0SUPPORT, workspace: slack}\n"
                     "  - {id: S-2, query: acme, channel: support}\n"
                     "  - {id: S-3, query: acme}\n"  # not written: the console default
                     "  - {id: S-4, query: acme, channel: C0SUPORT}\n"
                     # S-2 alerts in route r's channel: r's card shows the post there
                     "cases:\n  - {name: x, mention: {text: acme}, expect: [r, 'sub:S-1', "
                     "'sub:S-3', 'sub:S-4']}\n", encoding="utf-8")
    channels = {"support": ChannelConfig(workspace="slack", id="C0SUPPORT")}

    def run(channels: Mapping[str, ChannelConfig]) -> int:
        return rules_test(rules, cases, channels=channels, escalations=(),
                          facts_factory=CountingFacts, out=io.StringIO())

    with pytest.raises(ConfigError) as info:
        run(channels)
    assert (str(info.value), info.value.line, info.value.field) == (
        f"{cases}:5: subscriptions[3].channel: unknown channel 'C0SUPORT' (config channels: "
        "support)", 5, "subscriptions[3].channel")
    assert run(permissive_channels()) == 0  # without a config file, any channel


def test_explain_prints_why() -> None:
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    mention = Mention(id="x:1", network="x", source="cli", text="AcmeCloud is down again!",
                      created_at=now, author=Author(id="1", handle="ann"))
    out = io.StringIO()
    code = rules_explain(SAMPLE / "rules.yaml", mention, channels=CFG.channels, escalations=ESC,
                         facts_factory=CountingFacts, now=now, out=out)
    text = out.getvalue()
    assert code == 0
    assert "keywords found: acmecloud, down again, is down" in text
    assert "✔ crisis: fired: keyword down again, is down; brand acme" in text
    assert "✘ spam: no match: query: query false" in text
    assert "alert crisis -> console:crisis" in text


# Invisible and control characters inside a word, as posts carry them: the pipeline cleans them
# away (bot.core.text.normalise) before routing, so the tools must too, or they disagree.
DIRTY = "\ufeffAcme\u200bCloud is do\x07wn aga\u200fin!\u2066"


def test_explain_cleans_text_as_the_pipeline_does() -> None:
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    mention = Mention(id="x:1", network="x", source="cli", text=DIRTY, created_at=now,
                      author=Author(id="1", handle="ann"))
    out = io.StringIO()
    rules_explain(SAMPLE / "rules.yaml", mention, channels=CFG.channels, escalations=ESC,
                  facts_factory=CountingFacts, now=now, out=out)
    text = out.getvalue()
    assert "keywords found: acmecloud, down again, is down" in text
    assert "'AcmeCloud is down again!'" in text


def test_rules_test_cleans_text_as_the_pipeline_does(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - name: dirty\n    mention: {text: " + json.dumps(DIRTY) + "}\n"
        "    expect: [crisis]\n", encoding="utf-8")
    code, out = run_cases(cases)
    assert code == 0, out


@pytest.mark.parametrize("author", ["{deny: [spam*]}", "{handles: [ann]}", "{allow: [kasia*]}"])
def test_explain_names_a_hostile_handle_in_an_author_condition_on_its_line(
        tmp_path: Path, author: str) -> None:
    """A Mastodon instance sends any string as an acct: explain's first line names it on one
    line (99e4d97), but a route's author condition wrote it as it came in its reason
    ('author @kasia' then a line of its own), and an escape sequence in it went to the
    terminal."""
    forged = "✅ SocialOps: all clear, nothing to do"
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - name: r\n    match: {any: [acme], author: " + author + "}\n"
                     "    channel: anything\n", encoding="utf-8")
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    mention = Mention(id="x:1", network="x", source="cli", text="acme is down", created_at=now,
                      author=Author(id="1", handle=f"kasia\n\n{forged}\x1b[2J"))
    out = io.StringIO()
    rules_explain(rules, mention, channels=permissive_channels(), escalations=set(),
                  facts_factory=CountingFacts, now=now, out=out)
    text = out.getvalue()
    assert "\x1b" not in text, text
    assert not any(line.strip().startswith(forged) for line in text.splitlines()), text
    assert f"author @kasia {forged}" in text, text


def test_explain_quotes_a_post_as_drawn_and_cuts_it_between_characters() -> None:
    """explain's first line quoted the post with repr: a ZWJ the pipeline keeps (an emoji
    sequence such as 👩‍💻, Persian's ZWNJ) was written '\\u200d', so a post in such letters
    read as noise; and it kept the first 200 code points, so a flag at the cut kept one letter
    and nothing said the post went on."""
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    text = "AcmeCloud is down again 👩‍💻 می‌خواهم " + "x" * 147 + " " + "🇺🇸" * 20 + " and more"
    assert text.index("🇺🇸") == 185  # the 200th code point is a flag's first letter
    mention = Mention(id="x:1", network="x", source="cli", text=text, created_at=now,
                      author=Author(id="1", handle="ann"))
    out = io.StringIO()
    rules_explain(SAMPLE / "rules.yaml", mention, channels=CFG.channels, escalations=ESC,
                  facts_factory=CountingFacts, now=now, out=out)
    first = out.getvalue().splitlines()[0]
    assert "'AcmeCloud is down again 👩‍💻 می‌خواهم xxx" in first, first
    assert "\\u200" not in first and "🇺…" not in first and first.endswith("…'"), first


@pytest.mark.parametrize(("query", "said"), [
    ("x" * 501, "the query is longer than 500 characters"),
    ("caf\ufffd", "the query has \ufffd (U+FFFD)"),
])
def test_a_subscription_chat_refuses_is_refused_by_rules_test(tmp_path: Path, query: str,
                                                              said: str) -> None:
    """The cases file's subscriptions take what chat's subscribe takes (docs/rules.md): a
    query of 501 characters, or holding U+FFFD, passed rules test (a docs review,
    2026-12-05)."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - {name: r, match: {any: [acme]}, channel: support}\n",
                     encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"subscriptions:\n  - {{id: S-1, query: '{query}'}}\n"
                     "cases:\n  - {name: x, mention: {text: acme}, expect: [r]}\n",
                     encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        rules_test(rules, cases, channels=permissive_channels(), escalations=(),
                   facts_factory=CountingFacts, out=io.StringIO())
    assert str(info.value).startswith(
        f"{cases}:2: subscriptions[0].query: bad query: {said}"), info.value
