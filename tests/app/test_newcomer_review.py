"""A newcomer's review (2026-12-06): mistakes a person setting socialops up for their team makes
that `socialops check`, `init`, `demo` or `run` let through, or answer with something other than
one line naming the file, the line and the field. Each test fails on the code reviewed and
passes once the mistake is refused (or said) as the README's contract asks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check
from tests.app.cli_support import Cli, clean_env, socialops

HEAD = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
"""


async def check(config: Path, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=False, out=out, err=err, env=env or {})
    return code, [line for line in err.getvalue().splitlines()
                  if ": warning: no rules: key" not in line]


# -- 1. `socialops init --brand X` writes a rules file `socialops check` refuses ---------------

@pytest.mark.parametrize("brand", ["a", "x", "*"])
def test_init_refuses_a_brand_check_would_refuse_before_writing(tmp_path: Path, cli: Cli,
                                                                 brand: str) -> None:
    """README: the file `init` writes passes `socialops check`; a value check would refuse is
    refused before anything is written. `--brand x` (X, the network) wrote `ours: ["x"]`,
    which check then refuses as a one-letter keyword."""
    proc = cli("init", "--yes", "--brand", brand, cwd=tmp_path, env=clean_env())
    if proc.returncode == 0:  # written: then it must pass check
        checked = cli("check", cwd=tmp_path, env=clean_env())
        assert checked.returncode == 0, checked.stderr
    else:
        assert "Traceback" not in proc.stderr
        assert "--brand" in proc.stderr, proc.stderr
        assert not (tmp_path / "rules.yaml").exists()


# -- 2. A Redis URL whose database is no number is read as database 0 -------------------------

@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/staging",
                                 "redis://127.0.0.1:6379/abc"])
async def test_a_redis_url_whose_database_is_no_number_is_refused(tmp_path: Path,
                                                                  url: str) -> None:
    """redis-py ignores a path it cannot read as a number, so `.../staging` wrote into
    database 0, beside whatever else lives there; check (and check --online) said OK."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"store: {{backend: redis, redis_url: '{url}'}}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(":4: store.redis_url:" in line for line in lines), lines


async def test_a_redis_url_in_the_environment_whose_database_is_no_number_is_refused(
        tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "store: {backend: redis}\n", encoding="utf-8")
    code, lines = await check(config, env={"REDIS_URL": "redis://127.0.0.1:6379/staging"})
    assert code == 1, lines
    assert any("REDIS_URL" in line for line in lines), lines


# -- 3. Bluesky sources: check never asks what they read or with what credential --------------

@pytest.mark.parametrize(("source", "field"), [
    # notifications need a session (docs/networks.md: "notifications and publishing need
    # credentials"); without one `run` asks the public AppView unauthenticated, every poll
    ("{id: b, type: bluesky, notifications: true}", "sources[0]"),
    # a handle without its app password (the password half forgotten): no session either
    ("{id: b, type: bluesky, handle: acme.bsky.social, notifications: true}", "sources[0]"),
    # nothing to follow at all (mastodon, reddit, x and hackernews sources are refused so)
    ("{id: b, type: bluesky}", "sources[0]"),
])
async def test_a_bluesky_source_that_cannot_read_is_refused_by_check(tmp_path: Path,
                                                                      source: str,
                                                                      field: str) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"sources:\n  - {source}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(f"socialops.yaml:5: {field}" in line for line in lines), lines


async def test_a_bluesky_stream_without_stream_keywords_is_said(tmp_path: Path) -> None:
    """docs/networks.md: without stream_keywords every post of the network passes ("a
    firehose: do not do that"); check said nothing."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "sources:\n  - {id: b, type: bluesky, stream: true}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert any("stream_keywords" in line for line in lines), (code, lines)


# -- 4. What a source follows is not checked: a pasted URL as a subreddit, a hashtag with a ----
#       space, a user name where X wants the numeric user id

@pytest.mark.parametrize(("source", "field"), [
    ("{id: r, type: reddit, client_id: i, client_secret: s, "
     "subreddits: ['https://www.reddit.com/r/acme/']}", "sources[0].subreddits[0]"),
    ("{id: r, type: reddit, client_id: i, client_secret: s, subreddits: ['acme corp']}",
     "sources[0].subreddits[0]"),
    ("{id: r, type: reddit, client_id: i, client_secret: s, subreddits: ['r/acme/']}",
     "sources[0].subreddits[0]"),
    ("{id: m, type: mastodon, hashtags: ['acme cloud']}", "sources[0].hashtags[0]"),
    ("{id: x, type: x, bearer_token: t, mentions: true, user_id: '@acme', user_token: u}",
     "sources[0].user_id"),
])
async def test_what_a_source_follows_is_checked(tmp_path: Path, source: str,
                                                field: str) -> None:
    """Each passed check; at `run` (or `fetch`) the request path was
    /r/https%3A%2F%2Fwww.reddit.com%2Fr%2Facme%2F/new (404), /api/v1/timelines/tag/acme%20cloud,
    /2/users/@acme/mentions."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"sources:\n  - {source}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(f"socialops.yaml:5: {field}" in line for line in lines), lines


def test_init_refuses_a_subreddit_url(tmp_path: Path, cli: Cli) -> None:
    proc = cli("init", "--yes", "--source", "reddit:https://www.reddit.com/r/acme/",
               cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1, proc.stdout
    assert "--source" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "socialops.yaml").exists()


# -- 5. A keyword of one punctuation mark matches every post that holds it --------------------

@pytest.mark.parametrize(("rules", "field"), [
    # `any: ['#']` is refused ("empty keyword"), but the same keyword as a brand is taken, and
    # fired on every post with a hashtag ("we love #acme"): `socialops init --brand '#'`
    ("brands: {ours: ['#']}\nroutes:\n  - {name: r, match: {brand: [ours]}, channel: support}\n",
     "rules.yaml:1: brands.ours[0]"),
    # '@' fired on every post naming an account, '"' on every post quoting anything
    ("routes:\n  - {name: r, match: {any: ['@']}, channel: support}\n",
     "rules.yaml:2: routes[0].match.any[0]"),
    ("routes:\n  - {name: r, match: {any: ['\"']}, channel: support}\n",
     "rules.yaml:2: routes[0].match.any[0]"),
])
async def test_a_keyword_of_one_symbol_is_refused_as_one_letter_is(tmp_path: Path, rules: str,
                                                                   field: str) -> None:
    """Nearly every post, the reason a keyword of one letter is refused."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(field in line for line in lines), lines


# -- 6. `--role web` on SQLite: nothing polls or delivers, and nothing says so -----------------

def test_role_web_on_sqlite_is_refused(tmp_path: Path, cli: Cli) -> None:
    """docs/scaling.md: on SQLite run a single `socialops run` (role all): a worker beside
    it cannot start (the lock), so `--role web` alone reads no network and delivers no card,
    for ever, with `role web: interactions only` its only line."""
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    proc = socialops("run", "--role", "web", "--no-stdin", cwd=tmp_path, env=clean_env(),
                     timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert "--role" in proc.stderr and "Traceback" not in proc.stderr


# -- 7. A card log that can never be written: a flood of retries, then exit 0 -----------------

def test_demo_record_where_no_file_can_be_made_is_one_line(tmp_path: Path) -> None:
    """`--record /tmp` (a folder) and a read-only folder are one line; /proc (as store.path's
    check says, "a proc file system, the kernel's, which holds no files") gave ~2,000 lines of
    `delivery ... failed` and `giving up on ...`, 280 dead cards, and exit 0."""
    proc = socialops("demo", "--quiet", "--record", "/proc/cards.jsonl", cwd=tmp_path,
                     timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--record" in lines[0], lines[:5]


async def test_check_refuses_a_console_record_where_no_file_can_be_made(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console, record: "
                      "/proc/cards.jsonl}]\n"
                      "channels:\n  support: {workspace: console, id: support}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any("workspaces[0].record" in line for line in lines), lines


# -- 8. An empty replay file is an empty summary and exit 0 ----------------------------------

def test_replaying_an_empty_file_says_so(tmp_path: Path, cli: Cli) -> None:
    """A config that is empty, a rules file that is empty and a replay file of only bad lines
    are each one line and exit 1; a replay file of 0 bytes (an export that failed) printed an
    empty summary and exited 0."""
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    (tmp_path / "export.jsonl").write_bytes(b"")
    proc = cli("replay", "export.jsonl", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout[-500:]
    assert "export.jsonl" in proc.stderr and "Traceback" not in proc.stderr


# -- 9. `rules test`: two subscriptions with one id both fire as sub:S-1 ---------------------

def test_rules_test_refuses_two_subscriptions_with_one_id(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: r, match: {any: [acme]}, channel: support}\n", encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(
        "subscriptions:\n"
        "  - {id: S-1, query: acme, channel: ops}\n"
        "  - {id: S-1, query: zebra, channel: ops}\n"
        "cases:\n"
        "  - {name: z, mention: {text: zebra crossing}, expect: ['sub:S-1']}\n",
        encoding="utf-8")
    proc = cli("rules", "test", "rules.yaml", "cases.yaml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert "cases.yaml:3: subscriptions[1].id" in proc.stderr, proc.stderr


# -- 10. A rules-file typo that can never match: an unknown source id -------------------------

async def test_a_route_naming_a_source_the_config_does_not_have_is_refused(
        tmp_path: Path) -> None:
    """Channels, people, escalation chains, brands and networks a route names are checked;
    `source: [sampel]` (the config's source is `sample`, no glob) passed, and the route never
    matched (`rules explain`: "source explain is not one of sampel")."""
    config = tmp_path / "socialops.yaml"
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    config.write_text(HEAD + "sources: [{id: sample, type: replay, path: m.jsonl}]\n"
                      "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: r\n    match: {source: [sampel]}\n    channel: support\n",
        encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any("rules.yaml:3: routes[0].match.source[0]" in line for line in lines), lines


# -- 11. Ticket settings on a route that opens no ticket are taken and ignored ---------------

@pytest.mark.parametrize("key", ["sla: 1h", "escalation: support-default", "priority: p1",
                                 "tags: [vip]"])
async def test_a_ticket_setting_on_an_alert_route_is_said(tmp_path: Path, key: str) -> None:
    """`action: ticket` forgotten: the route posts alerts, and its SLA, escalation chain,
    priority and tags do nothing, with check OK (a drop route's `channel:` is refused the same
    way: 'a drop route posts nothing, so it has no channel')."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "escalations: [{name: support-default, steps: [{after_minutes: 5}]}]\n"
                      "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: r\n    match: {any: [acme]}\n    channel: support\n"
        f"    {key}\n", encoding="utf-8")
    code, lines = await check(config)
    field = key.split(":", maxsplit=1)[0]
    assert any(f"rules.yaml:5: routes[0].{field}" in line for line in lines), (code, lines)
