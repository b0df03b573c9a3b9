"""`socialops run` with a console workspace reads commands on stdin, the way Hubot's shell
adapter does: a real process, a replayed complaint, `claim T-1` typed in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parents[2]
# how long a test waits for the console run to answer what it typed: a bound, never a figure
# asserted (30 s ran out in CI at load 12, 2026-12-07, before the run had started)
WAIT = 120


def one_post_bot(tmp_path: Path, rules: str, *, people: str = "") -> Path:
    """A console bot's config over ``rules`` and a replay of one post, "login broken again"."""
    (tmp_path / "rules.yaml").write_text(rules)
    (tmp_path / "m.jsonl").write_text(json.dumps({
        "id": "x:1", "network": "x", "author": {"id": "9", "handle": "kasia"},
        "text": "login broken again", "created_at": "2026-11-20T09:00:00+00:00"}) + "\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources: [{{id: r, type: replay, path: {tmp_path / "m.jsonl"}, interval: 0.05}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
{people}rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    return cfg



def claim_typed(cfg: Path, record: Path, typed: bytes) -> tuple[int, str]:
    """`socialops run --as alice` on ``cfg``: once T-1's card is in ``record``, ``typed`` goes
    to its stdin; once T-1 is claimed (or 30 s passed), SIGTERM. Its exit code and stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--as", "alice",
         "--record", str(record)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        cwd=ROOT)
    assert proc.stdin is not None
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not (
                record.exists() and '"T-1"' in record.read_text()):
            time.sleep(0.05)
        proc.stdin.write(typed)
        proc.stdin.flush()
        while time.monotonic() < deadline and '"claimed"' not in record.read_text():
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    return proc.returncode, out.decode()

def test_typed_claim_reaches_the_ticket(tmp_path: Path) -> None:
    cfg = one_post_bot(
        tmp_path, "routes:\n  - name: support\n    match: {any: [broken]}\n    action: ticket\n"
        "    channel: support\n",
        people="people: [{id: alice, role: agent, identities: {console: alice}}]\n")
    record = tmp_path / "record.jsonl"
    code, text = claim_typed(cfg, record, b"claim T-1\nclaim T-99\nfrobnicate\nreply T-1 "
                             + b"x" * 5_000 + b"\n")
    assert code == 0
    assert "✓ T-1 claimed" in text
    assert "✗ no ticket T-99" in text
    assert "unknown" in text.lower() and "frobnicate" in text
    assert "longer than 4,000 characters, the most a chat command carries; shorten it" in text
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    assert [(r["op"], r["status"]) for r in rows if r["key"] == "T-1"] == [
        ("post", "open"), ("update", "claimed")]



def test_a_console_workspace_of_another_name_acts_for_the_person_typed(tmp_path: Path) -> None:
    """In a console a person is who they type they are (``--as``, ``as bob``): that held only
    for a console workspace named "console"; one named otherwise refused everyone who had no
    identity for it ("Your Terminal account is not linked")."""
    cfg = one_post_bot(
        tmp_path, "routes:\n  - name: support\n    match: {any: [broken]}\n    action: ticket\n"
        "    channel: support\n", people="people: [{id: alice, role: agent}]\n")
    cfg.write_text(cfg.read_text().replace("name: console", "name: terminal").replace(
        "workspace: console", "workspace: terminal"))
    code, text = claim_typed(cfg, tmp_path / "record.jsonl", b"claim T-1\n")
    assert code == 0
    assert "✓ T-1 claimed" in text, text[-2000:]
    assert "not linked" not in text

def test_console_commands_run_in_a_declared_channel_and_subscribe_binds_there(
        tmp_path: Path) -> None:
    """A subscription typed in the console binds to the channel the person is in (the
    workspace's `channel:`, or the one chosen with `in #name`), never to a channel called
    "console"; a channel not declared under channels: is refused in one line."""
    (tmp_path / "m.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources: [{{id: r, type: replay, path: {tmp_path / "m.jsonl"}, interval: 0.05}}]
workspaces: [{{name: console, type: console, channel: marketing}}]
channels:
  support: {{workspace: console, id: support}}
  marketing: {{workspace: console, id: marketing}}
people: [{{id: dave, role: agent, identities: {{console: dave}}}}]
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--as", "dave"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        cwd=ROOT)
    assert proc.stdin is not None
    proc.stdin.write(b"subscribe pricing\nin #support\nsubscribe outage\n#marketing list\n"
                     b"in #nowhere\n#nowhere subscribe x\nsubscribe last\n")
    proc.stdin.flush()
    import sqlite3

    deadline = time.monotonic() + WAIT
    try:  # lines run in order: once S-3 exists, every line before it has been answered
        while time.monotonic() < deadline:
            if (tmp_path / "s.db").exists():
                db = sqlite3.connect(f"file:{tmp_path / 's.db'}?mode=ro", uri=True)
                try:
                    found = db.execute("SELECT 1 FROM records WHERE id = 'S-3'").fetchall()
                except sqlite3.Error:
                    found = []
                db.close()
                if found:
                    break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    text = out.decode()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "type commands as dave in #marketing" in text
    assert "[marketing] ✓ S-1 created: S-1: pricing" in text
    assert "now in #support" in text and "[support] ✓ S-2 created: S-2: outage" in text
    listed = next(line for line in text.splitlines() if "✓ S-1: pricing" in line)
    assert listed.startswith("[marketing]") and "S-2" not in listed
    assert "[support] ✓ S-3 created: S-3: last" in text
    refusals = [line for line in text.splitlines() if "no channel #nowhere" in line]
    assert len(refusals) == 2 and all("#support, #marketing" in r for r in refusals)
    assert "Traceback" not in err.decode()


def test_an_undeclared_console_channel_is_refused_by_check_and_by_subscribe(
        tmp_path: Path) -> None:
    """`channel:` of a console workspace must be one of its declared channels (socialops check
    names the line); with no channel declared, `subscribe` says what to declare."""
    from tests.app.cli_support import socialops

    (tmp_path / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console, channel: nosuch}]\n"
        "channels: {support: {workspace: console, id: support}}\n")
    proc = socialops("check", cwd=tmp_path)
    assert proc.returncode != 0
    assert "socialops.yaml:1" in proc.stdout + proc.stderr
    assert "unknown channel 'nosuch' for workspace console (its channels: support)" in (
        proc.stdout + proc.stderr)

    import asyncio
    import io

    from bot.app.compose import open_app
    from bot.core.commands import parse_command
    from bot.core.config import load_config

    (tmp_path / "bare.yaml").write_text(
        "workspaces: [{name: console, type: console}]\n"
        "people: [{id: dave, role: agent}]\n"
        f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")

    async def subscribe() -> str:
        async with open_app(load_config(tmp_path / "bare.yaml"), out=io.StringIO(), env={}) as app:
            reply = await app.dispatcher.handle(parse_command("subscribe pricing").interaction(
                workspace="console", channel="console", user="dave"))
            assert not reply.ok
            return reply.text

    text = asyncio.run(subscribe())
    assert "#console is not declared under channels: for the console workspace" in text
    assert "\n" not in text


def test_a_line_too_long_is_refused_and_its_tail_never_runs() -> None:
    """The console's reader: a 70 KB line (past asyncio's 64 KiB readline limit, which killed
    the reader) is answered once as too long, and the rest of that line is never read as a
    command of its own; the lines after it are read as usual."""
    import asyncio

    from bot.app.serve import typed_lines
    from bot.core.lines import TOO_LONG, TooLong

    async def read_all(chunks: list[bytes]) -> list[str | TooLong]:
        reader = asyncio.StreamReader()
        for chunk in chunks:
            reader.feed_data(chunk)
        reader.feed_eof()
        return [line async for line in typed_lines(reader, 4_000)]

    hostile = b"subscribe " + b"x" * 70_000 + b" unsubscribe S-1\n"
    data = b"subscribe first\n" + hostile + b"subscribe second\n\nlast without newline"
    for size in (len(data), 1_000, 65_536):  # however the pipe splits it
        got = asyncio.run(read_all([data[i:i + size] for i in range(0, len(data), size)]))
        assert got == ["subscribe first", TOO_LONG, "subscribe second", "",
                       "last without newline"], size
        assert got[1] is TOO_LONG


def test_run_warns_once_of_an_ended_silence_and_routes_past_it(tmp_path: Path) -> None:
    """`check` refuses a silence whose `until` has passed; `run` keeps going on yesterday's
    file, says so once at load (file, line, silence) and never applies it."""
    cfg = one_post_bot(
        tmp_path, "routes:\n  - name: support\n    match: {any: [broken]}\n    channel: support\n"
        "silences:\n  - {id: deploy, routes: [support], who: ann, why: deploy window,\n"
        "     until: 2001-02-03T00:00:00Z}\n")
    record = tmp_path / "record.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--record",
         str(record)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not (
                record.exists() and "login broken again" in record.read_text()):
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()[-2000:]
    [row] = [json.loads(line) for line in record.read_text().splitlines()]
    assert (row["op"], row["channel"]) == ("post", "support")
    warned = [line for line in err.decode().splitlines() if "silences[0].until" in line]
    assert len(warned) == 1, err.decode()[-2000:]
    assert warned[0].endswith(
        f"{tmp_path / 'rules.yaml'}:7: silences[0].until: silence 'deploy' ended at "
        "2001-02-03 00:00 UTC: it is ignored; delete it, or move until: into the future")


def typed_from_a_file(cfg: Path, typed: str, *, until: str) -> tuple[int, str, str]:
    """``socialops run --as dave < commands.txt`` holding ``typed``, stopped (SIGTERM) once a
    line of its output holds ``until`` (or after 30 s): its exit code, output and errors."""
    commands = cfg.parent / "commands.txt"
    commands.write_text(typed)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    with commands.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--as", "dave"],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    seen: list[str] = []
    watchdog = threading.Timer(30, proc.send_signal, [signal.SIGTERM])  # ends stdout if unheard
    watchdog.start()
    try:
        for raw in proc.stdout:  # the answers come in order: the last one ends the wait
            seen.append(raw.decode())
            if until in seen[-1]:
                break
    finally:
        watchdog.cancel()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    return proc.returncode, "".join(seen) + out.decode(), err.decode()


def console_config(tmp_path: Path, people: str) -> Path:
    """A config of an empty replay source, the console workspace with a support channel, and
    ``people`` (YAML), written in ``tmp_path``."""
    (tmp_path / "m.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources: [{{id: r, type: replay, path: {tmp_path / "m.jsonl"}, interval: 0.05}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
people: {people}
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    return cfg


def test_commands_redirected_from_a_file_are_run(tmp_path: Path) -> None:
    """`socialops run < commands.txt`: the event loop cannot watch a regular file, and its
    commands were dropped without a word; now they are read like a pipe's."""
    cfg = console_config(tmp_path, "[{id: dave, role: agent, identities: {console: dave}}]")
    code, text, err = typed_from_a_file(cfg, "subscribe pricing\nclaim T-99\n",
                                        until="no ticket T-99")
    assert code == 0, err[-2000:]
    assert "type commands as dave in #support" in text
    assert "[support] ✓ S-1 created: S-1: pricing" in text
    assert "✗ no ticket T-99" in text
    assert "Traceback" not in err


def test_a_draft_scheduled_in_the_console_says_when_on_its_clock(tmp_path: Path) -> None:
    """`draft ... at=` and `schedule` typed into `socialops run`'s console, whose workspace is
    on Berlin's clock: the answer and the card say when, in UTC and Berlin's time (tomorrow
    9am is 09:00 there whatever today is); a time that cannot be is one refused line."""
    (tmp_path / "m.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources: [{{id: r, type: replay, path: {tmp_path / "m.jsonl"}, publish: sandbox,
           sandbox_path: {tmp_path / "posted.jsonl"}}}]
workspaces: [{{name: console, type: console, timezone: Europe/Berlin}}]
channels: {{support: {{workspace: console, id: support}}}}
people: [{{id: alice, role: agent, identities: {{console: alice}}}}]
approvals: {{channel: support}}
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    record = tmp_path / "record.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--as", "alice",
         "--record", str(record)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        cwd=ROOT)
    assert proc.stdin is not None
    try:
        proc.stdin.write(b'draft x r at="tomorrow 9am" Launch day\nschedule A-1 yesterday\n'
                         b"schedule A-1 mon 10:00\n")
        proc.stdin.flush()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not (
                record.exists() and '"update"' in record.read_text()):
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    text = out.decode()
    assert "✓ A-1 drafted and waiting for approval; it publishes at " in text, text
    assert "09:00 Europe/Berlin) once approved" in text, text
    assert "✗ 'yesterday' is not a time: write in 2h, 17:30, tomorrow 9am" in text
    assert "✓ A-1 scheduled: publishes at " in text and "10:00 Europe/Berlin) once approved" \
        in text, text
    rows = [json.loads(line) for line in record.read_text().splitlines()]
    titles = [r["title"] for r in rows if r["key"] == "A-1"]
    assert len(titles) == 2 and all("It publishes at " in t for t in titles), titles
    assert "09:00 Europe/Berlin" in titles[0] and "10:00 Europe/Berlin" in titles[1], titles


def test_as_a_name_nobody_has_says_so_in_the_line_that_switches(tmp_path: Path) -> None:
    """`as bobb` (a typo of bob) switched without a word, and every command after it was
    refused as not linked, a paragraph about linking accounts, the typo never named; `run
    --as bobb` is refused at start. The switch still happens (an unlinked console user is
    how `link <your email>` is tried), and its one line names the people there are."""
    cfg = console_config(tmp_path, "[{id: dave, role: agent}, "
                                   "{id: bob, role: agent, identities: {console: bobby}}]")
    _, text, err = typed_from_a_file(cfg, "as bobb\nas bobby\nas bob\nas dave\nclaim T-99\n",
                                     until="no ticket T-99")
    said = [line for line in text.splitlines() if "acting as" in line]
    assert said == [
        "[console] now acting as bobb, who is no person here (people: bob, dave): commands are "
        "refused as not linked until `link <your email>` links bobb; a typo? type as and a "
        "person id",
        "[console] now acting as bobby",
        "[console] now acting as bob",
        "[console] now acting as dave",
    ], said
    assert "Traceback" not in err


def test_as_alone_or_with_two_words_keeps_the_person(tmp_path: Path) -> None:
    """`as` alone said "unknown command 'as'", and `as dave reviewer` switched to "dave
    reviewer", whom no id can name (a review, 2026-12-05): the usage, or the mistake, in one
    line, and the commands after it are still dave's."""
    cfg = console_config(tmp_path, "[{id: dave, role: agent}, {id: bob, role: agent}]")
    _, text, err = typed_from_a_file(cfg, "as dave\nas\nas dave reviewer\nclaim T-99\n",
                                     until="no ticket T-99")
    lines = text.splitlines()
    assert "[console] usage: as <person id>" in lines, text
    assert ("[console] 'dave reviewer' is no person id (an id has no space); type as and one "
            "person id") in lines, text
    assert not any("acting as dave reviewer" in line for line in lines), text
    assert "Traceback" not in err
