"""A path in the config that starts with ``~`` is in the home folder, as a shell reads it.

``store.path: ~/socialops/socialops.db`` made a folder named ``~`` in the folder socialops
ran in, and kept the database there (where ``rm -rf ~``, to clear it, clears the home
instead); a replay source's ``path: ~/mentions.jsonl`` passed ``check`` and then failed at
``run``. Through the real ``socialops init``, ``check`` and ``run``, with ``HOME`` a folder of
the test's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.app.cli_support import Cli, clean_env, run_until_polled


def test_a_leading_tilde_is_the_home_folder_in_every_path(tmp_path: Path, cli: Cli) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    assert cli("init", "--yes", cwd=work).returncode == 0
    shutil.move(work / "mentions.jsonl", home / "mentions.jsonl")
    cfg = work / "socialops.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("path: mentions.jsonl", "path: ~/mentions.jsonl")
    text = text.replace("path: ./data/socialops.db", "path: ~/socialops/socialops.db")
    assert "~/mentions.jsonl" in text and "~/socialops/socialops.db" in text
    cfg.write_text(text, encoding="utf-8")
    env = clean_env(HOME=str(home))
    check = cli("check", cwd=work, env=env)
    assert check.returncode == 0, check.stderr
    code, said = run_until_polled(cwd=work, env=env)
    assert code == 0 and "polled sample" in said, said
    assert re.search(r"polled sample: [1-9]\d* new", said), said  # the file in the home
    assert (home / "socialops" / "socialops.db").is_file()
    assert not (work / "~").exists()


def test_a_tilde_naming_no_user_stays_as_written_without_a_traceback(tmp_path: Path,
                                                                    cli: Cli) -> None:
    # pathlib's expanduser raises RuntimeError for a ~user it cannot find: a traceback at load
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "path: ./data/socialops.db", "path: ~nosuchuser-zz/socialops.db"), encoding="utf-8")
    check = cli("check", cwd=tmp_path)
    assert "Traceback" not in check.stderr and check.returncode == 0, check.stderr
