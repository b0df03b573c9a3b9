"""A newcomer's first steps through the connecting pages, with only what those steps had them
set: the examples pasted as written must pass `socialops check`."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tests.app.cli_support import Cli, clean_env, socialops
from tests.app.test_readme_examples import section


def _pasted(tmp_path: Path, page: str, title: str) -> None:
    block = re.search(r"```yaml\n(.*?)```", section(page, title), re.S)
    assert block
    (tmp_path / "socialops.yaml").write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")


def test_discords_example_needs_no_public_key_until_http_interactions(tmp_path: Path,
                                                                      cli: Cli) -> None:
    """Steps 1 to 6 connect over the gateway: the public key is for step 7 only ("you only
    need the public key for HTTP interactions"), yet the pasted block read it from
    DISCORD_PUBLIC_KEY, and check refused it as unset."""
    _pasted(tmp_path, "discord.md", "## Connect Discord step by step")
    proc = cli("check", cwd=tmp_path, env=clean_env(DISCORD_BOT_TOKEN="d"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_run_from_another_folder_does_not_start_a_second_database(tmp_path: Path, cli: Cli) -> None:
    """`socialops -c ~/bot/socialops.yaml run` from the home folder: a relative store.path is
    read from the folder socialops runs in, so run made ~/data/socialops.db, empty, beside
    the bot's ~/bot/data/socialops.db, and started afresh there: every post read again, each
    card posted again, the tickets numbered from T-1 again. The readers (`why`, `audit`)
    already said where the database is; run says the same, in one line, and makes nothing."""
    bot = tmp_path / "bot"
    bot.mkdir()
    assert cli("init", "--yes", cwd=bot).returncode == 0
    (bot / "data").mkdir()
    (bot / "data" / "socialops.db").write_bytes(b"SQLite format 3\0" + b"\0" * 84)
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    proc = socialops("-c", str(bot / "socialops.yaml"), "run", "--no-stdin", cwd=elsewhere,
                     timeout=60)
    assert proc.returncode == 1, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "store.path" in lines[0] and "Traceback" not in lines[0], lines
    assert str(elsewhere) in lines[0] and f"cd {bot}" in lines[0], lines
    assert not (elsewhere / "data").exists()


def test_a_misspelt_file_name_is_said_with_the_one_beside_it(tmp_path: Path, cli: Cli) -> None:
    """`socialops rules test rules.yml cases.yaml` beside the rules.yaml init wrote said
    `rules.yml: file not found` and no more, where `-c socialops.yml` says which file was
    meant: a file a command is given, not found, is said with the near name in its folder."""
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    (tmp_path / "cases.yaml").write_text("cases: []\n", encoding="utf-8")
    proc = cli("rules", "test", "rules.yml", "cases.yaml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert lines == ["error: rules.yml: file not found; did you mean rules.yaml?"], lines
    proc = cli("rules", "test", "rules.yaml", "case.yaml", cwd=tmp_path)
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert lines == ["error: case.yaml: file not found; did you mean cases.yaml?"], lines


def test_a_misspelt_option_is_said_with_the_one_meant(tmp_path: Path, cli: Cli) -> None:
    """`socialops init --yse` said `unrecognized arguments: --yse` and no more, where a
    misspelt command (`chek`) is said with the one meant: an option is too, among the
    command's own."""
    proc = cli("init", "--yse", cwd=tmp_path)
    assert proc.returncode == 2
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert lines == ["error: socialops init: unrecognized arguments: --yse; did you mean "
                     "--yes?; see `socialops init --help`"], lines
    assert not (tmp_path / "socialops.yaml").exists()


def test_a_misspelt_required_option_is_named(tmp_path: Path, cli: Cli) -> None:
    """`rules explain --txt "acme is down"` said only that one of --text and --mention is
    required, never that --txt is not an option: the misspelt one is named, with the one
    meant."""
    proc = cli("rules", "explain", "--txt", "acme is down", cwd=tmp_path)
    assert proc.returncode == 2
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "unrecognized arguments: --txt; did you mean --text?" in lines[0]
    assert "`socialops rules explain --help`" in lines[0], lines
