"""Arguments that are not UTF-8: a URL or an id typed in a Latin-1 terminal, or pasted with a
stray byte. Python hands such bytes to the program as lone surrogates (PEP 383), which SQLite
cannot write: `socialops why`, `outbox retry` and `draft --reply-to` ended in a traceback
("UnicodeEncodeError: 'utf-8' codec can't encode character '\\udcff' ... surrogates not
allowed"). Each is an answer now, with the byte shown as U+FFFD; a file name keeps its bytes,
so a file named that way is still found.

The commands run in this process (the ``cli`` fixture) with the arguments as the interpreter
hands them over (``os.fsdecode``: the bytes as lone surrogates): what reads them is the
command's code, not the interpreter's start (each process was 1.5-3 s of CPU). The folder is
made through the installed command, once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.app.cli_support import SOCIALOPS, Cli, clean_env, first_run_database


def run(*args: bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SOCIALOPS.encode(), *args], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, errors="replace", timeout=120,
                          check=False, stdin=subprocess.DEVNULL)


def ran(cli: Cli, *args: bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``run(*args)`` through ``main`` in this process, each argument decoded as Python decodes
    ``argv``."""
    return cli(*(os.fsdecode(arg) for arg in args), cwd=cwd)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("bytes")
    assert run(b"init", b"--yes", cwd=where).returncode == 0
    first_run_database(where / "data" / "socialops.db")  # as a first `run` leaves it
    return where


@pytest.mark.parametrize(("args", "code", "says"), [
    ((b"why", b"https://shop.example/caf\xe9"), 0, "https://shop.example/caf\ufffd"),
    ((b"why", b"mastodon:1\xff"), 0, "mastodon:1\ufffd: never fetched"),
    ((b"outbox", b"retry", b"d-\xff"), 1, "error: no dead delivery d-\ufffd"),
    ((b"draft", b"--network", b"mastodon", b"--account", b"sample", b"--as", b"me",
      b"--reply-to", b"mastodon:\xff", b"thanks"), 1, "error: --reply-to mastodon:\ufffd"),
])
def test_an_argument_that_is_not_utf8_is_answered_not_a_traceback(
        folder: Path, cli: Cli, args: tuple[bytes, ...], code: int, says: str) -> None:
    proc = ran(cli, *args, cwd=folder)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == code, proc.stderr
    assert says in proc.stdout + proc.stderr


def test_a_file_name_that_is_not_utf8_is_still_read(folder: Path, cli: Cli) -> None:
    named = folder.joinpath(b"caf\xe9.jsonl".decode("utf-8", "surrogateescape"))
    named.write_bytes((folder / "mentions.jsonl").read_bytes())
    proc = ran(cli, b"replay", b"caf\xe9.jsonl", cwd=folder)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_why_takes_an_id_holding_whitespace(folder: Path, cli: Cli) -> None:
    """`socialops why " mastodon:1 2"`: a network's id holding a space, pasted with whitespace
    around it, was refused ('why takes a post URL, a mention id ...')."""
    post = ('{"id": "mastodon:1 2", "network": "mastodon", "source": "sample", '
            '"url": "https://mastodon.example/@kasia/12", "author": {"id": "1", "handle": '
            '"kasia"}, "text": "acme is down again", "created_at": "2026-11-20T14:03:11Z"}\n')
    (folder / "spaced.jsonl").write_text(post, encoding="utf-8")
    assert ran(cli, b"replay", b"spaced.jsonl", cwd=folder).returncode == 0
    proc = ran(cli, b"why", b" mastodon:1 2\n", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("mastodon:1 2 by @kasia ("), proc.stdout
    proc = ran(cli, b"why", b"mastodon:1  2", cwd=folder)
    assert proc.stdout == ("'mastodon:1  2': never fetched, or fetched longer ago than the "
                           "traces are kept (store.retention.traces_days)\n"), proc.stdout
