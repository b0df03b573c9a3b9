"""`http.port` in the config beside the `PORT` a platform gives the process (an SRE's review).
Heroku's router sends a web dyno's traffic to `$PORT` and stops a dyno that has not bound it
within 60 s (R10, boot timeout), and honcho and foreman give each process of the Procfile its
own; `http.port`, when set, wins over it (docs/operations.md), so a config carrying
`port: 8080` served 8080 and said nothing of the `PORT` it left: the dyno was restarted for
not binding, and neither `run` nor `check` said why. Both now say it in one line at the key,
naming the two ports and what to do; a `PORT` equal to `http.port` is no warning."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, clean_env, run_until_polled, socialops
from tests.support.redis_server import free_port


def with_http_port(folder: Path, port: int) -> Path:
    assert socialops("init", "--yes", cwd=folder).returncode == 0
    cfg = folder / "socialops.yaml"
    cfg.write_text(cfg.read_text() + f"http:\n  port: {port}\n")
    return cfg


def said(text: str, port: int, given: int) -> list[str]:
    return [line for line in text.splitlines() if f"PORT={given}" in line
            and "http.port" in line and str(port) in line]


def test_run_says_the_port_it_serves_is_not_the_platforms(tmp_path: Path) -> None:
    port, given = free_port(), free_port()
    cfg = with_http_port(tmp_path, port)
    line = cfg.read_text().splitlines().index(f"  port: {port}") + 1
    rc, err = run_until_polled(cwd=tmp_path, env=clean_env(PORT=str(given)))
    assert rc == 0, err
    [warning] = said(err, port, given)
    assert "WARNING" in warning, warning
    assert warning.endswith(
        f"socialops.yaml:{line}: http.port: {port} is served, not PORT={given}, which the "
        "environment gives this process (Heroku's router, honcho and foreman send its "
        "traffic there); leave http.port out of the config to serve PORT"), warning


def test_check_says_it_too_and_nothing_when_they_agree(tmp_path: Path, cli: Cli) -> None:
    port, given = free_port(), free_port()
    with_http_port(tmp_path, port)
    checked = cli("check", cwd=tmp_path, env=clean_env(PORT=str(given)))
    assert checked.returncode == 0, checked.stderr
    [warning] = said(checked.stderr, port, given)
    assert warning.endswith("to serve PORT (a warning: nothing stops on it)"), warning
    for env in (clean_env(PORT=str(port)), clean_env()):
        agreed = cli("check", cwd=tmp_path, env=env)
        assert agreed.returncode == 0 and "PORT" not in agreed.stderr, agreed.stderr
