"""`socialops check` (and so `run`) refuses a stream that gives up on a mention before the
pipeline does: with ``store.queue_max_deliveries`` at most ``POISON_AFTER``, a mention that
fails in the pipeline reached the stream's dead letters as "died or stalled", its reason and
the ops notice lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.confcheck import MIN_DELIVERIES
from bot.core.config import load_config
from bot.core.errors import ConfigError
from bot.engine.pipeline import POISON_AFTER
from tests.app.cli_support import Cli, clean_env

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
store:
  backend: redis
  queue_max_deliveries: %d
"""


def test_the_stream_delivers_once_more_than_the_pipeline_tries() -> None:
    assert MIN_DELIVERIES == POISON_AFTER + 1


@pytest.mark.parametrize("deliveries", [1, 3])
def test_too_few_deliveries_are_refused_in_one_line(tmp_path: Path, deliveries: int,
                                                    cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG % deliveries, encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env(REDIS_URL="redis://127.0.0.1:1/0"))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.replace(f"{tmp_path}/", "").splitlines()
    assert lines[:-1] == [
        f"socialops.yaml:6: store.queue_max_deliveries: {deliveries} is too few: at least 4: "
        "a mention that fails in the pipeline is set aside after 3 tries with its reason; "
        "fewer deliveries set it aside as if its process died"], lines
    with pytest.raises(ConfigError, match="at least 4"):
        load_config(tmp_path / "socialops.yaml", env={"REDIS_URL": "redis://127.0.0.1:1/0"})


def test_four_deliveries_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG % 4, encoding="utf-8")
    cfg = load_config(tmp_path / "socialops.yaml",
                      env={"REDIS_URL": "redis://127.0.0.1:1/0"}).config
    assert cfg.store.queue_max_deliveries == 4
