"""socialops against a real redis-server whose user is an ACL user with less than every right,
as managed Redis services and least-privilege set-ups make them.

A user denied ``@dangerous`` (the commands that read or change the server itself) may run
neither ``CONFIG GET`` nor ``INFO``, which socialops reads at start to check that writes
persist (AOF) and are never evicted. ``run`` and ``check --online`` said "cannot reach Redis
... check REDIS_URL (or store.redis_url): its password and database number", when Redis was
reached and the password right; they now name the permission and the one ACL command that
grants it. With ``INFO`` granted, the rest of ``@dangerous`` denied and keys limited to
``socialops:*`` (the ACL docs/storage.md gives), the whole demo replays and ``run`` starts
and stops cleanly. A user refused socialops's keys is told which keys and commands to
grant, not to check its password."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.demo import SAMPLE
from tests.app.cli_support import (
    Cli,
    assert_one_line_error,
    clean_env,
    init_redis,
    run_until_polled,
    sample_replay_delivered,
)
from tests.support.redis_server import RedisServer

PASSWORD = "s3cret-Pw"
# docs/storage.md's least-privilege user
LEAST = ["~socialops:*", "+@all", "-@dangerous", "+info"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    started = RedisServer(tmp_path / "redis").start()
    yield started
    started.stop()


def user(server: RedisServer, name: str, *rules: str) -> str:
    """A user made with ``ACL SETUSER`` by the default user; its URL."""
    subprocess.run(["redis-cli", "-p", str(server.port), "ACL", "SETUSER", name, "on",
                    f">{PASSWORD}", *rules], check=True, capture_output=True)
    return f"redis://{name}:{PASSWORD}@127.0.0.1:{server.port}/0"


def denied(server: RedisServer) -> list[str]:
    """The commands and keys the server's ACL log says it refused, in order."""
    out = subprocess.run(["redis-cli", "-p", str(server.port), "ACL", "LOG"], check=True,
                         capture_output=True, text=True).stdout.split("\n")
    return [out[i + 1] for i, line in enumerate(out[:-1]) if line == "object"]


def test_a_user_without_info_is_told_to_grant_it_not_to_check_its_password(
        tmp_path: Path, server: RedisServer, cli: Cli) -> None:
    init_redis(tmp_path)
    env = clean_env(REDIS_URL=user(server, "ops", "~*", "+@all", "-@dangerous"))
    said = ("its user 'ops' may not run INFO (NOPERM), which socialops reads at start to check "
            "that writes persist (AOF) and are never evicted; grant it: ACL SETUSER ops +info")
    run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
    assert_one_line_error(run, said)
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1
    problems = [line for line in check.stderr.splitlines() if "NOPERM" in line]
    assert len(problems) == 1 and said in problems[0], check.stderr  # once, not once a check
    for output in (run.stdout + run.stderr, check.stdout + check.stderr):
        assert "password and database number" not in output and PASSWORD not in output
    assert {"config|get", "info"} <= set(denied(server))


def test_the_documented_least_privilege_user_runs_everything(
        tmp_path: Path, server: RedisServer, cli: Cli) -> None:
    """The bundled demo's config on Redis as that user: ``check --online``, a replay of the
    sample (alerts, tickets, approvals, digests, every write the pipeline makes), then ``run``
    until it has polled, stopped by SIGTERM."""
    url = user(server, "socialops", *LEAST)
    shutil.copytree(SAMPLE, tmp_path / "sample")
    cfg = tmp_path / "sample" / "demo.yaml"
    text = cfg.read_text(encoding="utf-8")
    start = text.index("\nstore:\n") + 1
    end = text.index("\n", text.index("path:", start))
    cfg.write_text(text[:start] + f"store:\n  backend: redis\n  redis_url: '{url}'"
                   + text[end:], encoding="utf-8")
    env = clean_env()
    check = cli("check", "--online", "--config", str(cfg), cwd=tmp_path, env=env)
    assert check.returncode == 0, check.stderr
    replay = cli("replay", "--config", str(cfg), str(cfg.parent / "mentions.jsonl"),
                       cwd=tmp_path, env=env)
    assert replay.returncode == 0 and "Traceback" not in replay.stderr, replay.stderr
    assert sample_replay_delivered(replay.stdout) >= 20, replay.stdout[-2000:]
    code, said = run_until_polled("--config", str(cfg), cwd=tmp_path, env=env)
    assert code == 0 and "stopped" in said and "Traceback" not in said, said
    # CONFIG GET is refused, and read from INFO instead; nothing else is
    assert set(denied(server)) == {"config|get"}, denied(server)


def test_a_user_refused_the_keys_is_told_which_keys_and_commands_to_grant(
        tmp_path: Path, server: RedisServer, cli: Cli) -> None:
    init_redis(tmp_path)
    env = clean_env(REDIS_URL=user(server, "other", "~other:*", "+@all"))
    run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
    assert_one_line_error(run, "refused socialops: this user has no permissions to access one "
                               "of the keys used as arguments; the user 'other' lacks a "
                               "permission socialops needs; give it the keys socialops:* and "
                               "every command but @dangerous, with INFO (ACL SETUSER other "
                               "~socialops:* +@all -@dangerous +info)")
    assert "cannot reach" not in run.stderr and PASSWORD not in run.stderr
