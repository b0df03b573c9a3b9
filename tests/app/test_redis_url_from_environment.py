"""A wrong ``REDIS_URL`` refused by ``socialops run`` in the words ``socialops check`` uses:
naming the variable, saying what a URL needs and what was probably meant. ``run`` said
`store unavailable: bad Redis URL notaurl: Redis URL must specify one of the following schemes
(redis://, rediss://, unix://)`, the client library's words, naming neither the variable nor
the fix (tried by a newcomer going through every documented environment variable)."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, assert_one_line_error, clean_env

SAID = ("REDIS_URL in the environment: 'notaurl' is not a full redis/rediss/unix URL; did you "
        "mean 'redis://notaurl'?")


def test_run_names_the_variable_and_the_fix_as_check_does(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    env = clean_env(REDIS_URL="notaurl")
    check = cli("check", cwd=tmp_path, env=env)
    assert SAID in check.stderr + check.stdout
    run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
    assert_one_line_error(run, SAID)
