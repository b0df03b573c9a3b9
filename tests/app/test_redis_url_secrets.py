"""A Redis URL's password is never printed, in whichever place of the URL it is written. redis-py
takes it in the userinfo (``redis://user:pw@host``, where a password may hold an ``@`` written
as it is: redis-py splits at the last one) and as a query parameter (``?password=pw``, as some
managed Redis consoles give it); ``socialops run``, ``check`` and every command that reads the
store printed the whole URL in their one-line errors, a userinfo password's tail after its
first ``@`` and a query's password whole, and so did the URL problems ``check`` and ``run``
find in ``REDIS_URL`` (``... is not a full redis/rediss/unix URL; did you mean ...``), where the
userinfo one was printed whole too (tried by a newcomer pasting a managed Redis's URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.redact import redact_url
from tests.app.cli_support import Cli, assert_one_line_error, clean_env
from tests.support.redis_server import RedisServer

SECRET = "s3cret-Pw"


@pytest.mark.parametrize(("url", "shown"), [
    (f"redis://:{SECRET}@h:6379/0", "redis://:***@h:6379/0"),
    (f"redis://alice:{SECRET}@h:6379/0", "redis://alice:***@h:6379/0"),
    (f"redis://:pa@{SECRET}@h:6379/0", "redis://:***@h:6379/0"),
    (f"redis://h:6379/0?password={SECRET}", "redis://h:6379/0?password=***"),
    (f"redis://h:6379/0?username=al&Password={SECRET}&x=1",
     "redis://h:6379/0?username=al&Password=***&x=1"),
    (f"unix:///run/redis.sock?db=1&password={SECRET}", "unix:///run/redis.sock?db=1&password=***"),
    (f"rediss://:{SECRET}@h:6380", "rediss://:***@h:6380"),
    (f"redis//:{SECRET}@h:6379", "redis//:***@h:6379"),
    (f":{SECRET}@h:6379/0", ":***@h:6379/0"),
    ("redis://h:6379/0", "redis://h:6379/0"),
    ("redis://alice@h:6379/0", "redis://alice@h:6379/0"),
    # a '/', '?' or '#' written as it is (not %2F, %3F, %23): no parser finds the host after
    # it, and the URL is shown as it was written, when it fails
    (f"redis://:pa/{SECRET}@h:6379/0", "redis://:***@h:6379/0"),
    (f"redis://alice:pa?{SECRET}@h:6379/0?password=x", "redis://alice:***@h:6379/0?password=***"),
    (f"redis://:pa#{SECRET}@h:6379", "redis://:***@h:6379"),
    (f"redis//:pa/{SECRET}@h:6379", "redis//:***@h:6379"),
    ("redis://:p%2Fa%40s%3As@h:6379/0", "redis://:***@h:6379/0"),
    # a port and a path with an '@' are no userinfo
    ("https://mastodon.example:443/@alice", "https://mastodon.example:443/@alice"),
    ("https://u:pw@mastodon.example/@alice", "https://u:***@mastodon.example/@alice"),
])
def test_the_password_is_hidden_wherever_it_is(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def init_redis(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))


def test_run_and_check_never_print_the_password(tmp_path: Path, cli: Cli) -> None:
    """``check`` through ``main`` in this process, ``run`` through the installed command
    (``tests.app.cli_support.ran``)."""
    server = RedisServer(tmp_path / "redis", password="the-right-one").start()
    try:
        init_redis(tmp_path, cli)
        for url in (f"redis://127.0.0.1:{server.port}/0?password={SECRET}",
                    f"redis://:x@{SECRET}@127.0.0.1:{server.port}/0"):
            env = clean_env(REDIS_URL=url)
            run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
            assert_one_line_error(run, "invalid username-password pair")
            check = cli("check", "--online", cwd=tmp_path, env=env)
            assert check.returncode == 1 and "invalid username-password pair" in check.stderr
            for said in (run, check):
                assert SECRET not in said.stdout + said.stderr, said.stderr
    finally:
        server.stop()


def test_a_malformed_url_is_named_without_its_password(tmp_path: Path, cli: Cli) -> None:
    init_redis(tmp_path, cli)
    for url in (f"redis//:{SECRET}@127.0.0.1:6379", f"127.0.0.1:6379?password={SECRET}",
                f"redis://:{SECRET}@127.0.0.1:notaport/0",
                f"redis://:pa/{SECRET}@127.0.0.1:6379/0", f"redis://u:pa#{SECRET}@127.0.0.1:1",
                f"redis://:pa?{SECRET}@127.0.0.1:6379/0"):
        env = clean_env(REDIS_URL=url)
        run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
        assert_one_line_error(run, "REDIS_URL in the environment: ")
        check = cli("check", cwd=tmp_path, env=env)
        assert check.returncode == 1 and "REDIS_URL in the environment: " in check.stderr
        for said in (run, check):
            assert SECRET not in said.stdout + said.stderr, said.stderr


def test_log_lines_and_a_crash_hide_a_password_holding_an_at(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The log handler's redactor (every line, at every level, and a crash's traceback, chained
    exceptions included) cut a userinfo password at its first '@', as the old redact_url did,
    printing its tail ('redis://:[REDACTED]@ss-tail@h'); redis-py takes the password to the
    last '@'. A REDIS_URL's password is no config value the redactor knows by name."""
    import io
    import logging
    import sys

    from bot.app.logs import crash_hook, setup_logging

    urls = [f"redis://:pa@{SECRET}@h:6379/0", f"redis://alice:x@y@{SECRET}@h:6379/0",
            f"rediss://:{SECRET}@h:6380/0", f"redis://h:6379/0?password={SECRET}",
            f"redis://:pa/{SECRET}@h:6379/0", f"redis://alice:p#a?{SECRET}@h:6379/0"]
    out = io.StringIO()
    setup_logging(level="DEBUG", stream=out)
    try:
        for url in urls:
            logging.getLogger("redis.connection").debug("connecting to %s", url)
            logging.getLogger("bot.store").warning("store unavailable: %s", url)
            try:
                try:
                    raise ConnectionError(f"cannot reach {url}")
                except ConnectionError as exc:
                    raise RuntimeError("the store failed") from exc
            except RuntimeError as exc:
                logging.getLogger("bot").error("crashed", exc_info=exc)
                crash_hook(type(exc), exc, exc.__traceback__)
        said = out.getvalue() + capsys.readouterr().err
    finally:
        setup_logging(level="WARNING", stream=sys.stderr)
    # 2 lines, the logged traceback and the crash's: for the first URL and the '/' one
    assert said.count("redis://:[REDACTED]@h:6379/0") == 8, said
    assert said.count("redis://alice:[REDACTED]@h:6379/0") == 8, said
    assert SECRET not in said, said
