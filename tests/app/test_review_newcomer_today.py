"""A newcomer's review of today's features, held wrong on purpose (tests failing before):

- ``model_endpoint.url`` (and ``digest_summary.url``) on another API than chat completions
  passed ``check``: the legacy ``/v1/completions`` (it takes ``prompt``, not ``messages``), a
  typo'd ``/v1/chat/completion`` or ``/v1/chat``, Ollama's own ``/api/chat`` and
  ``/api/generate`` (its OpenAI-compatible one is ``/v1/chat/completions``), OpenAI's
  ``/v1/responses``: every call then failed while ``check`` said OK.
- a rules file's ``language: ["en "]`` (a space pasted inside the quotes) passed ``check`` and
  never matched (``rules explain``: "language is en, not one of en ").
- ``language: [en, undetermined]`` (or ``none``, ``unknown``, ISO 639-2's ``zxx``/``mul``) was
  told "two lowercase letters", never that ``und`` is what takes posts of no language.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.app.check import run_check
from bot.core.languages import language_problem
from rules.cli import permissive_channels
from rules.loader import load_rules
from tests.app.cli_support import Cli
from tests.app.test_review_model_endpoint_url import HEAD, check


@pytest.mark.parametrize(("key", "url", "fixed"), [
    ("model_endpoint", "http://localhost:8000/v1/completions",
     "http://localhost:8000/v1/chat/completions"),
    ("model_endpoint", "http://localhost:8000/v1/chat/completion",
     "http://localhost:8000/v1/chat/completions"),
    ("model_endpoint", "http://localhost:8000/v1/chat",
     "http://localhost:8000/v1/chat/completions"),
    ("model_endpoint", "http://localhost:11434/api/chat",
     "http://localhost:11434/v1/chat/completions"),
    ("model_endpoint", "http://localhost:11434/api/generate",
     "http://localhost:11434/v1/chat/completions"),
    ("digest_summary", "https://api.openai.com/v1/responses",
     "https://api.openai.com/v1/chat/completions"),
    ("model_endpoint", "https://gw.example/llm/v1/completions/",
     "https://gw.example/llm/v1/chat/completions"),
])
async def test_a_url_of_another_api_is_named_with_the_url_to_write(
        tmp_path: Path, key: str, url: str, fixed: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"{key}: {{url: '{url}'}}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2 and lines[0].startswith(f"{path}:3: {key}.url: '{url}' "), lines
    assert f"write '{fixed}'" in lines[0], lines


@pytest.mark.parametrize("url", [
    "http://localhost:8080/v1/chat/completions",
    "https://gw.example/llm/openai/chat/completions",
    "https://gw.example/complete",  # a gateway's own path is its own business
])
async def test_a_chat_completions_url_still_passes(tmp_path: Path, url: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"model_endpoint: {{url: '{url}'}}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines


RULES_CONFIG = HEAD + "rules: rules.yaml\n"


def _rules(language: str) -> str:
    return ("brands: {ours: [acme]}\nroutes:\n  - name: en\n"
            f"    match: {{brand: [ours], language: {language}}}\n    channel: support\n")


async def test_a_language_with_a_space_in_its_quotes_matches(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_rules('["en ", " und"]'), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 0, lines
    said = cli("rules", "explain", "--lang", "en", "--text",
               "acme is great, I love the new release", cwd=tmp_path).stdout
    assert "✔ en: fired" in said, said
    said = cli("rules", "explain", "--text", "acme!", cwd=tmp_path).stdout
    assert "✔ en: fired" in said, said


@pytest.mark.parametrize("written", ["undetermined", "none", "unknown", "zxx", "mul", "UNK"])
def test_a_word_for_no_language_names_und(written: str) -> None:
    problem = language_problem(written, und=True)
    assert problem is not None and "use und" in problem, problem


def test_any_other_wrong_code_says_und_is_taken_too() -> None:
    problem = language_problem("xx", und=True)
    assert problem is not None and "or und for posts of no language" in problem, problem
    # a language a post is published in (Mastodon's, Bluesky's language:) is not told of und
    assert "und" not in str(language_problem("none"))


async def test_check_names_und_at_the_line(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_rules("[en, undetermined]"), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 1, lines
    assert lines[0].startswith(f"{tmp_path / 'rules.yaml'}:4: routes[0].match.language[1]: "
                               "'undetermined' "), lines
    assert "use und" in lines[0], lines


# `MASTODON_TOKEN=` in an env file (the variable set, its value forgotten): check said
# "required: ... e.g. token: ${MASTODON_TOKEN}", the very thing written, and an empty URL
# "did you mean 'https://'?"
MASTODON = """\
sources:
  - id: m
    type: mastodon
    base_url: https://mastodon.example
    notifications: true
    token: ${MASTODON_TOKEN}
"""


async def run_check_with(path: Path, env: dict[str, str]) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env=env)
    return code, [line for line in err.getvalue().splitlines()
                  if ": warning: no rules: key" not in line]


async def test_a_variable_set_but_empty_is_named(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + MASTODON, encoding="utf-8")
    code, lines = await run_check_with(path, {"MASTODON_TOKEN": ""})
    assert code == 1, lines
    assert lines[0].startswith(f"{path}:8: sources[0].token: required:"), lines
    assert lines[0].endswith("(${MASTODON_TOKEN} is set but empty in the environment: give "
                             "MASTODON_TOKEN its value)"), lines


async def test_an_empty_default_is_named(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + MASTODON.replace("${MASTODON_TOKEN}", "${MASTODON_TOKEN:-}"),
                    encoding="utf-8")
    code, lines = await run_check_with(path, {})
    assert code == 1, lines
    assert lines[0].endswith("(MASTODON_TOKEN is not set in the environment, and its default "
                             "is empty)"), lines


async def test_a_token_written_empty_says_nothing_of_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + MASTODON.replace("${MASTODON_TOKEN}", '""'), encoding="utf-8")
    code, lines = await run_check_with(path, {"MASTODON_TOKEN": ""})
    assert code == 1 and "environment" not in lines[0], lines


async def test_an_empty_url_is_said_empty(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "model_endpoint: {url: '${MODEL_URL}'}\n", encoding="utf-8")
    code, lines = await run_check_with(path, {"MODEL_URL": ""})
    assert code == 1, lines
    assert lines[0] == (f"{path}:3: model_endpoint.url: is empty; write a full https URL "
                        "(${MODEL_URL} is set but empty in the environment: give MODEL_URL "
                        "its value)"), lines


# A silence until a calendar's end of a day: without a zone the refusal quoted the next day's
# 00:00, a date the file does not hold ('2027-06-02T00:00' has no time zone, for 2027-06-01T24:00);
# with a space for its T, as every other time may be written, it was "not a date and time"
def _silence(until: str, starts: str | None = None) -> str:
    return ("brands: {ours: [acme]}\nroutes:\n  - name: outage\n    match: {brand: [ours]}\n"
            "    channel: support\nsilences:\n  - id: S-m\n    routes: [outage]\n    who: me\n"
            f"    why: maintenance\n    until: {until}\n"
            + (f"    starts: {starts}\n" if starts else ""))


async def test_an_end_of_day_without_a_zone_is_quoted_as_written(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_silence("2027-06-01T24:00"), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 1, lines
    assert lines[0] == (f"{tmp_path / 'rules.yaml'}:11: silences[0].until: '2027-06-01T24:00' "
                        "has no time zone; add one: 2027-06-01T24:00Z for UTC, or an offset "
                        "such as +01:00"), lines


@pytest.mark.parametrize("until", ["2027-06-01 24:00:00Z", "'2027-06-01 24:00+02:00'"])
async def test_an_end_of_day_with_a_space_is_read(tmp_path: Path, until: str) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_silence(until), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 0, lines


async def test_a_start_at_24_with_a_space_names_the_00_to_write(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_silence("2027-06-03T00:00Z", "2027-06-01 24:00Z"),
                                         encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 1, lines
    assert lines[0].endswith("silences[0].starts: '2027-06-01 24:00Z' is not a time: 24:00 is "
                             "00:00 of the next day; write 2027-06-02T00:00Z"), lines


# An author: entry that can match nobody was taken: deny: ["troll@"] (the server left to type)
# or deny: [""] denied nobody, handles: [""] let no post through; check said OK
def _author(entries: str) -> str:
    return ("brands: {ours: [acme]}\nroutes:\n  - name: en\n"
            f"    match: {{brand: [ours], author: {{{entries}}}}}\n    channel: support\n")


@pytest.mark.parametrize(("entries", "field", "said"), [
    ('deny: ["troll@"]', "deny[0]", "'troll@' ends at its @, so it matches no author; write "
     "troll for the account on every server, or troll@SERVER for one"),
    ('handles: [acme, "@acme@"]', "handles[1]", "'@acme@' ends at its @, so it matches no "
     "author; write acme@* for the account on every server, or acme@SERVER for one"),
    ('deny: [""]', "deny[0]", "empty handle: it matches no author; write the handle, or "
     "remove the item"),
    ('allow: ["@"]', "allow[0]", "empty handle: it matches no author; write the handle, or "
     "remove the item"),
])
async def test_an_author_entry_matching_nobody_is_refused(
        tmp_path: Path, entries: str, field: str, said: str) -> None:
    (tmp_path / "socialops.yaml").write_text(RULES_CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(_author(entries), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 1, lines
    assert lines[0] == (f"{tmp_path / 'rules.yaml'}:4: routes[0].match.author.{field}: "
                        f"{said}"), lines


async def test_run_keeps_an_author_entry_it_took_before_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(_author('deny: ["troll@", troll]'), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        rules = load_rules(path, channels=permissive_channels(), escalations=set())
    assert [r.name for r in rules.rules.routes] == ["en"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:4: routes[0].match.author.deny[0]: 'troll@' ends at its @, so it matches no "
        "author; write troll for the account on every server, or troll@SERVER for one (kept, "
        "as earlier releases read it; socialops check refuses it)"]


# model_endpoint.team_languages: [english] (or en-US) was taken and matched no post's language
# (posts are labelled en): every English post was sent to be translated
@pytest.mark.parametrize(("written", "said"), [
    ("[english]", "'english' is not an ISO 639-1 language code; use en"),
    ("[pl, en-US]", "'en-US' is not an ISO 639-1 language code; use en"),
])
async def test_team_languages_are_codes(tmp_path: Path, written: str, said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "model_endpoint:\n  url: http://localhost:8080/v1/chat/completions\n"
                    f"  team_languages: {written}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    index = written.strip("[]").split(", ").index(said.split("'")[1])
    assert lines[0] == f"{path}:5: model_endpoint.team_languages[{index}]: {said}", lines


def test_team_languages_are_read_as_posts_are_labelled() -> None:
    from bot.core.config import ModelEndpointConfig
    assert ModelEndpointConfig(team_languages=("EN", " pl ")).team_languages == ("en", "pl")
