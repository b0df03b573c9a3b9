"""A newcomer's config, written from the docs, held wrong on purpose (tests failing before):

- a switch written ``mentions: "yes"`` (or ``stream: 1``, ``continue: "yes"``, ``has_link:
  "no"``) was read as true or false by pydantic's lax bool, although configuration.md says
  the file is YAML 1.2, where ``yes``/``no`` are text: a ``"no"`` a person meant as "off" was
  off only by luck, and ``on``/``1`` were taken silently. Now each is one line naming file,
  line and field; ``true``/``false`` (also from ``${NAME}``, which gives text) are read.
- a rules file's empty list, ``language: []`` or ``any: []``, narrowed nothing: the route took
  posts in every language, and a route whose lists were all empty took every post. Now it is
  one line saying to list what to match or leave the key out.
- an X source's ``user_id: ""`` with ``mentions: true`` was two lines for one field (it "is
  not X's numeric user id" and it is "required").
"""

from __future__ import annotations

import io
import types
import typing
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.app.check import run_check
from bot.core import networks
from bot.core.config import Config
from rules.schema import RulesFile

HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""


async def check(path: Path, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env=env or {})
    return code, [line for line in err.getvalue().splitlines()
                  if ": warning: " not in line]


REDDIT = """\
sources:
  - id: reddit-acme
    type: reddit
    client_id: abc
    client_secret: def
    username: acme
    password: pw
    subreddits: [acme]
    {key}: {value}
"""
MASTODON = """\
sources:
  - id: fedi
    type: mastodon
    base_url: https://mastodon.social
    token: tok
    hashtags: [acme]
    {key}: {value}
"""
BLUESKY = """\
sources:
  - id: bsky
    type: bluesky
    handle: acme.bsky.social
    app_password: abcd-efgh-ijkl-mnop
    queries: [acme]
    {key}: {value}
"""
X = """\
sources:
  - id: x-acme
    type: x
    bearer_token: tok
    user_id: "1234567890"
    queries: [acme]
    {key}: {value}
"""


@pytest.mark.parametrize(("head", "key", "field"), [
    (REDDIT, "mentions", "sources[0].mentions"),
    (REDDIT, "comments", "sources[0].comments"),
    (REDDIT, "enabled", "sources[0].enabled"),
    (MASTODON, "notifications", "sources[0].notifications"),
    (MASTODON, "stream", "sources[0].stream"),
    (BLUESKY, "notifications", "sources[0].notifications"),
    (BLUESKY, "stream", "sources[0].stream"),
    (X, "mentions", "sources[0].mentions"),
])
@pytest.mark.parametrize("value", ['"yes"', "on", "1", '"no"', "0"])
async def test_a_source_switch_that_is_not_true_or_false_is_one_line(
        tmp_path: Path, head: str, key: str, field: str, value: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(head.format(key=key, value=value) + HEAD, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:9: {field}: ") or lines[0].startswith(
        f"{path}:7: {field}: "), lines
    assert "is not true or false" in lines[0] and "write true or false" in lines[0], lines


@pytest.mark.parametrize(("section", "key"), [
    ("store", "accept_data_loss"), ("store", "queue"), ("http", "public_details"),
    ("logging", "json"), ("spikes", "enabled"), ("health", "quiet_alerts"),
])
async def test_a_section_switch_that_is_not_true_or_false_is_one_line(
        tmp_path: Path, section: str, key: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"{section}:\n  {key}: 'yes'\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2 and lines[0].startswith(f"{path}:4: {section}.{key}: 'yes' "), lines
    assert "write true or false" in lines[0], lines


@pytest.mark.parametrize("value", ["true", "false", "True", "FALSE", "'true'", "${X_STREAM}"])
async def test_true_and_false_are_read_also_as_text_from_the_environment(
        tmp_path: Path, value: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(MASTODON.format(key="stream", value=value) + HEAD, encoding="utf-8")
    code, lines = await check(path, env={"X_STREAM": "true"})
    assert code == 0, lines


@pytest.mark.parametrize(("route", "field"), [
    ("{name: a, match: {any: [acme]}, channel: support, continue: 'yes'}", "continue"),
    ("{name: a, match: {any: [acme], has_link: 'no'}, channel: support}", "match.has_link"),
    ("{name: a, match: {any: [acme], has_media: 1}, channel: support}", "match.has_media"),
    ("{name: a, match: {any: [acme], author: {verified: 'yes'}}, channel: support}",
     "match.author.verified"),
])
async def test_a_rules_switch_that_is_not_true_or_false_is_one_line(
        tmp_path: Path, route: str, field: str) -> None:
    (tmp_path / "rules.yaml").write_text(f"routes:\n  - {route}\n", encoding="utf-8")
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{tmp_path / 'rules.yaml'}:2: routes[0].{field}: "), lines
    assert "write true or false" in lines[0], lines


def _models(root: type[BaseModel]) -> typing.Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            todo.extend(_inner_models(info.annotation))


def _inner_models(annotation: Any) -> typing.Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _inner_models(arg)


def _takes_bool(annotation: Any) -> bool:
    if annotation is bool:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType or origin is Annotated:
        return any(_takes_bool(a) for a in typing.get_args(annotation))
    return False


def _every_switch() -> list[tuple[str, str, Any]]:
    roots: list[type[BaseModel]] = [Config, RulesFile]
    roots += [networks.source_config(name) for name in networks.source_types()]
    found: dict[tuple[str, str], Any] = {}
    for root in roots:
        for model in _models(root):
            for name, info in model.model_fields.items():
                if _takes_bool(info.annotation):
                    found[(model.__name__, name)] = info
    return [(m, n, info) for (m, n), info in sorted(found.items())]


SWITCHES = _every_switch()


def test_the_walk_finds_the_switches() -> None:
    names = {(m, n) for m, n, _ in SWITCHES}
    assert {("Route", "continue_"), ("StoreConfig", "queue"),
            ("RedditSourceConfig", "mentions")} <= names, names


@pytest.mark.parametrize(("model", "name", "info"), SWITCHES,
                         ids=[f"{m}.{n}" for m, n, _ in SWITCHES])
def test_every_switch_of_either_file_refuses_what_is_not_true_or_false(
        model: str, name: str, info: Any) -> None:
    # the field's type with its validators, not its alias (a model's business, not a type's)
    typed = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(typed)
    assert adapter.validate_python(True) is True
    assert adapter.validate_python("false") is False
    for value in ("yes", "no", "on", "off", "1", "0", "y", "t", 1, 0, 1.0):
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


RULES_HEAD = "routes:\n  - name: a\n    channel: support\n    match:\n"


@pytest.mark.parametrize(("key", "say"), [
    ("language", "any language"), ("any", "any"), ("network", "any network"),
    ("intent", "any intent"), ("brand", "any brand"), ("source", "any source"),
    ("hashtags", "any"), ("handles", "any"), ("emoji", "any"),
])
async def test_an_empty_list_in_a_match_is_one_line_not_a_route_for_every_post(
        tmp_path: Path, key: str, say: str) -> None:
    (tmp_path / "rules.yaml").write_text(
        RULES_HEAD + "      any: [acme]\n" * (key != "any") + f"      {key}: []\n",
        encoding="utf-8")
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    line = 6 if key != "any" else 5
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{tmp_path / 'rules.yaml'}:{line}: routes[0].match.{key}: "
                               "[] is empty"), lines
    assert "leave the key out" in lines[0], lines


async def test_an_empty_user_id_of_x_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("""\
sources:
  - id: x-acme
    type: x
    bearer_token: tok
    mentions: true
    user_id: ""
""" + HEAD, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:6: sources[0].user_id: "), lines
    assert "numeric user id" in lines[0], lines


async def test_an_empty_user_id_of_x_from_the_environment_says_so(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("""\
sources:
  - id: x-acme
    type: x
    bearer_token: tok
    mentions: true
    user_id: ${X_USER_ID}
""" + HEAD, encoding="utf-8")
    code, lines = await check(path, env={"X_USER_ID": ""})
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert "${X_USER_ID} is set but empty" in lines[0], lines


@pytest.mark.parametrize("handle", ["'@acme.bsky.social'", "'@acme.example.com'"])
async def test_a_bluesky_handle_written_with_its_at_sign_is_one_line(
        tmp_path: Path, handle: str) -> None:
    """bsky.app shows a handle as @acme.bsky.social, and a newcomer copies it so; the PDS reads
    an identifier holding '@' as an email address (the reference PDS's createSession, as rsky
    ports it: ``identifier.contains("@")`` -> ``get_account_by_email``), so no session was ever
    made, `run` and `fetch` said 401 "check its handle and app_password", and check said OK."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
sources:
  - id: bsky
    type: bluesky
    handle: {handle}
    app_password: abcd-efgh-ijkl-mnop
    queries: [acme]
""" + HEAD, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    bare = handle.strip("'").lstrip("@")
    assert lines[0].startswith(f"{path}:4: sources[0].handle: "), lines
    assert f"write '{bare}'" in lines[0], lines


@pytest.mark.parametrize(("source", "field"), [
    ("{id: h, type: hackernews, queries: [acme, '']}", "queries[1]"),
    ("{id: h, type: hackernews, queries: ['  ']}", "queries[0]"),
    ("{id: b, type: bluesky, queries: ['']}", "queries[0]"),
    ("{id: b, type: bluesky, queries: [acme], stream: true, stream_keywords: [acme, ' ']}",
     "stream_keywords[1]"),
    ("{id: b, type: bluesky, queries: [acme], stream: true, stream_keywords: ['']}",
     "stream_keywords[0]"),
    ("{id: m, type: mastodon, token: t, queries: [acme, '']}", "queries[1]"),
    ("{id: x, type: x, bearer_token: t, queries: ['']}", "queries[0]"),
    ("{id: r, type: reddit, client_id: i, client_secret: s, queries: ['']}", "queries[0]"),
])
async def test_an_empty_search_is_one_line_not_every_post(tmp_path: Path, source: str,
                                                          field: str) -> None:
    """`queries: [acme, ""]` (a list a template filled, a line deleted but its quotes) passed
    check. Hacker News's search is Algolia's, which answers an empty query with every record
    (algolia.com/doc/api-reference/api-parameters/query: 'An empty string ("") returns all
    records'): every story and comment of HN was read; `stream_keywords: ['']` let every post
    of Bluesky through the prefilter (no keyword left, so no automaton), where
    `stream_keywords: []` is warned of."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"sources:\n  - {source}\n" + HEAD, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:2: sources[0].{field}: is empty"), lines


async def test_an_empty_author_list_is_one_line_and_none_is_taken(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        RULES_HEAD + "      any: [acme]\n      none: []\n      author: {handles: []}\n",
        encoding="utf-8")
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{tmp_path / 'rules.yaml'}:7: routes[0].match.author.handles: "
                               "[] is empty"), lines
