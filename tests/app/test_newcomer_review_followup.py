"""A newcomer's review (2026-12-06, the second): following README.md and the pages it links
verbatim, then holding the setup wrong on purpose. Each test fails on the code reviewed and
passes once the mistake is refused (or said) in one line naming the file, the line and the
field, with what to do, as the README's contract asks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.app.cli_support import Cli, clean_env, socialops
from tests.app.test_newcomer_review import HEAD, check

# -- 1. A Windows path passes check; `run` makes a file named `C:\data\socialops.db` here -------

@pytest.mark.parametrize(("section", "field", "line"), [
    ("store: {path: 'C:\\data\\socialops.db'}\n", "store.path", 4),
    ("store: {path: 'D:/bots/socialops.db'}\n", "store.path", 4),
    ("store: {path: '\\\\fileserver\\share\\socialops.db'}\n", "store.path", 4),
    ("sources:\n  - {id: s, type: replay, publish: sandbox, path: m.jsonl,\n"
     "     sandbox_path: 'C:\\bot\\posts.jsonl'}\n", "sources[0].sandbox_path", 6),
])
async def test_a_windows_path_is_refused_naming_the_key(tmp_path: Path, section: str,
                                                        field: str, line: int) -> None:
    """README: Linux or macOS. A path copied from a Windows machine (`C:\\data\\socialops.db`)
    is one file name there, backslashes and all: check said OK, and `socialops run` wrote
    `./C:\\data\\socialops.db` (and its `.lock`) in the folder it ran in, where no other
    command, nor the operator, looked for it."""
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + section, encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    said = [x for x in lines if f":{line}: {field}:" in x]
    assert said and "Windows" in said[0], lines


async def test_a_windows_replay_path_is_said_to_be_one(tmp_path: Path) -> None:
    """A replay file's Windows path was `file not found: C:\\Users\\me\\m.jsonl (relative to
    the config file)`: it is not relative to anything, and no file of that name will come."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "sources:\n"
                      "  - {id: s, type: replay, path: 'C:\\Users\\me\\m.jsonl'}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(":5: sources[0].path:" in x and "Windows" in x for x in lines), lines


# -- 2. A store-reading command run beside another folder's config -----------------------------

@pytest.mark.parametrize("command", [("why", "T-1"), ("audit",)])
def test_a_store_read_from_another_folder_says_where_the_database_is(tmp_path: Path, cli: Cli,
                                                                     command: tuple[str, ...]
                                                                     ) -> None:
    """docs/configuration.md: `store.path` is relative to the folder socialops runs in, not to
    the config. `socialops -c ~/bot/socialops.yaml why T-1` from the home folder said `store.path:
    data/socialops.db: no database there (no folder data/)`, while ~/bot/data/socialops.db,
    the database the bot writes, is right beside the config: the line must say which folder
    it looked in and that the config's folder has one (cd there first)."""
    bot = tmp_path / "bot"
    bot.mkdir()
    assert cli("init", "--yes", cwd=bot, env=clean_env()).returncode == 0
    (bot / "data").mkdir()
    (bot / "data" / "socialops.db").write_bytes(b"SQLite format 3\0" + b"\0" * 84)
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    proc = cli("-c", str(bot / "socialops.yaml"), *command, cwd=elsewhere, env=clean_env())
    assert proc.returncode == 1, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "store.path" in lines[0], lines
    assert str(elsewhere) in lines[0] and f"cd {bot}" in lines[0], lines
    assert not (elsewhere / "data").exists()


# -- 3. `action: tiket` is three problems, two of them saying the action is alert -------------

async def test_a_misspelt_ticket_action_is_one_problem(tmp_path: Path) -> None:
    """rules.yaml as `socialops init` writes it, `action: ticket` misspelt `tiket`: besides the
    one true line, check said `routes[2].sla: route 'support' opens no ticket (action alert)`
    and the same of `escalation`: the default that stood in for the refused value, blamed on
    keys that are right. (`action: dropp` with a channel beside it is one line already.)"""
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    rules = tmp_path / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "action: ticket" in text
    rules.write_text(text.replace("action: ticket", "action: tiket"), encoding="utf-8")
    code, lines = await check(tmp_path / "socialops.yaml")
    assert code == 1, lines
    problems = [x for x in lines if "problem(s) found" not in x]
    assert len(problems) == 1 and ".action:" in problems[0], problems


# -- 4. `-c DIR`: "is a directory, not a file", not which file in it ---------------------------

def test_config_given_as_its_folder_names_the_file_in_it(tmp_path: Path, cli: Cli) -> None:
    """`socialops -c ~/bot check` (the folder `init --dir` wrote to, not the file in it) said
    `~/bot: is a directory, not a file`: the fix is one path away, so the line gives it."""
    assert cli("init", "--yes", "--dir", str(tmp_path / "bot"), cwd=tmp_path,
               env=clean_env()).returncode == 0
    for args in (("-c", "bot", "check"), ("-c", "bot", "why", "T-1")):
        proc = cli(*args, cwd=tmp_path, env=clean_env())
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "bot/socialops.yaml" in proc.stderr, (args, proc.stderr)


# -- 5. `check --help` says --online asks Slack and Discord only -------------------------------

def test_check_help_says_what_online_asks(tmp_path: Path, cli: Cli) -> None:
    """README and docs/configuration.md: `--online` also asks each publishing account (a
    Mastodon token, a Bluesky app password) and a Redis store. `socialops check --help` said
    `also ask Slack and Discord: tokens, channels, bot membership`, so a newcomer on Redis
    reads that it is not checked."""
    proc = cli("check", "--help", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "Redis" in text and "Mastodon" in text, text


# -- 6. A Slack token pasted as the signing secret passes check --------------------------------

@pytest.mark.parametrize("secret", ["xoxb-123-456-abcdef", "xapp-1-A0123-456-abcdef",
                                    "xoxp-123-456-789-abcdef"])
async def test_a_slack_token_as_the_signing_secret_is_refused(tmp_path: Path,
                                                              secret: str) -> None:
    """docs/slack.md step 2 has two values copied one after the other, the bot token and the
    Signing Secret; with the token pasted twice, check said OK, and in mode: http every
    request Slack sent was refused as `bad_signature`: no button, reaction or /socialops
    worked, and nothing at start said why. Discord's check names its look-alike values
    (the Public Key, the Application ID); Slack's names none."""
    config = tmp_path / "socialops.yaml"
    config.write_text(
        "workspaces:\n"
        "  - {name: acme, type: slack, mode: http, bot_token: xoxb-123-456-abcdef,\n"
        f"     signing_secret: '{secret}'}}\n"
        "channels:\n  support: {workspace: acme, id: C0123456789}\n"
        "http: {port: 8080}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1, lines
    assert any(":3: workspaces[0].signing_secret:" in x and "Signing Secret" in x
               for x in lines), lines


# -- 7. `init` for Discord asks for a person with a Slack member id as its example -------------

def test_init_for_discord_gives_a_discord_example_of_a_person(tmp_path: Path) -> None:
    """docs/discord.md step 4: `socialops init --workspace discord ...` writes the section. On a
    terminal it asks `A person: ID=MEMBER_ID[:ROLE] (e.g. ana=U0123ABCD:admin)`, a Slack
    member id, which the next line then refuses as no Discord user id; the channel questions
    just before give a Discord example (112233445566778899)."""
    import argparse

    from bot.app.init import add_init_arguments, run_init
    from bot.core.errors import ConfigErrors

    parser = argparse.ArgumentParser()
    add_init_arguments(parser)
    args = parser.parse_args(["--dir", str(tmp_path), "--workspace", "discord",
                              "--discord-application-id", "123456789012345678"])
    asked: list[str] = []

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return default

    with pytest.raises(ConfigErrors):  # no answers: the ids it needs are refused, after
        run_init(args, out=io.StringIO(), ask=ask)
    person = [q for q in asked if q.startswith("A person")]
    assert person and "U0123ABCD" not in person[0], asked
    assert "223344556677889900" in person[0] or "112233445566778899" in person[0], person


# -- 8. `fetch` after a `run`: "0 mention(s)", nothing of the cursor it read on from -----------

def test_fetch_that_finds_nothing_after_a_run_says_it_read_from_the_cursor(tmp_path: Path,
                                                                           cli: Cli) -> None:
    """README: `socialops fetch SOURCE_ID` polls one source once and prints the normalised
    mentions. After the quick start's `socialops run`, `socialops fetch sample` printed
    `0 mention(s), 0 skipped`: it reads on from where the bot's cursor stands, which the line
    did not say, so a newcomer debugging a quiet source reads "the source has nothing"."""
    import asyncio
    import sqlite3
    from datetime import UTC, datetime

    from bot.store.sqlite import SqliteStore

    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    first = cli("fetch", "sample", cwd=tmp_path, env=clean_env())
    assert first.returncode == 0 and first.stderr.startswith("50 mention(s)"), first.stderr
    # the database a `run` makes (fetch makes none: test_review_newcomer_leftovers.py)
    asyncio.run(SqliteStore(tmp_path / "data" / "socialops.db",
                            clock=lambda: datetime.now(UTC)).close())
    with sqlite3.connect(tmp_path / "data" / "socialops.db") as db:  # as `run` leaves it
        db.execute("INSERT OR REPLACE INTO cursors VALUES ('sample', '213')")
    again = cli("fetch", "sample", cwd=tmp_path, env=clean_env())
    assert again.returncode == 0, again.stderr
    line = [x for x in again.stderr.splitlines() if "mention(s)" in x]
    assert line and "cursor" in line[0], again.stderr
