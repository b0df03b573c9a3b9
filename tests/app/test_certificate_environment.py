"""``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are read by bot.core.settings, as the environment's other
variables are, and handed to the networks' TLS context (before, capped.py read os.environ itself
and httpx read it again). A bundle that cannot be read was ``error: [Errno 2] No such file or
directory: file not found`` from ``run`` and ``check --online``, naming neither the variable nor
the file, and ``check`` passed it; each now says it in one line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import certifi
import pytest

from bot.app.check import run_check
from bot.core.errors import ConfigError
from bot.core.settings import Settings
from integrations.social.common.capped import shared_tls
from tests.app.cli_support import clean_env, socialops

PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\n", re.S)


def one_ca(tmp_path: Path) -> Path:
    bundle = tmp_path / "private-ca.pem"
    bundle.write_text(PEM.findall(Path(certifi.where()).read_text())[0])
    return bundle


def cas(settings: Settings) -> int:
    return int(shared_tls(settings).cert_store_stats()["x509_ca"])


def test_the_bundle_comes_from_settings_not_from_os_environ(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    certifis = len(PEM.findall(Path(certifi.where()).read_text()))
    bundle = one_ca(tmp_path)
    assert cas(Settings.read({"SSL_CERT_FILE": str(bundle)})) == 1
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # not read behind the settings' back
    assert cas(Settings.read({})) == certifis
    assert cas(Settings.read()) == 1  # the environment's, through the settings
    monkeypatch.delenv("SSL_CERT_FILE")
    folder = tmp_path / "certs"
    folder.mkdir()
    assert shared_tls(Settings.read({"SSL_CERT_DIR": str(folder)})) is not None


@pytest.mark.parametrize(("value", "why"), [
    ("missing.pem", "file not found"),
    ("not-pem.txt", "not a file of PEM certificates"),
])
def test_a_bundle_that_cannot_be_read_is_one_line(tmp_path: Path, value: str, why: str) -> None:
    (tmp_path / "not-pem.txt").write_text("hello\n")
    path = str(tmp_path / value)
    with pytest.raises(ConfigError) as caught:
        shared_tls(Settings.read({"SSL_CERT_FILE": path}))
    assert str(caught.value) == (
        f"SSL_CERT_FILE in the environment: {path!r}: {why}; point it at a PEM bundle of CA "
        "certificates, or unset it (certifi's are used then)")


async def test_check_names_the_variable(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console}]\n")
    for env, line in (
            ({"SSL_CERT_FILE": "/nonexistent.pem"},
             f"{config}: SSL_CERT_FILE in the environment: '/nonexistent.pem': file not found; "
             "point it at a PEM bundle of CA certificates, or unset it (certifi's are used "
             "then)"),
            ({"SSL_CERT_DIR": "/nonexistent"},
             f"{config}: SSL_CERT_DIR in the environment: '/nonexistent' is not a folder; point "
             "it at a folder of CA certificates (c_rehash'd), or unset it")):
        out, err = io.StringIO(), io.StringIO()
        assert await run_check(config, online=False, out=out, err=err, env=env) == 1
        assert err.getvalue().splitlines() == [
            line, "1 problem(s) found; fix them and run socialops check again"]
    out, err = io.StringIO(), io.StringIO()
    env = {"SSL_CERT_FILE": str(one_ca(tmp_path))}
    assert await run_check(config, online=False, out=out, err=err, env=env) == 0, err.getvalue()


def test_run_refuses_it_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(
        f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    proc = socialops("run", "--no-stdin", cwd=tmp_path,
                     env=clean_env(SSL_CERT_FILE="/nonexistent.pem"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: SSL_CERT_FILE in the environment: '/nonexistent.pem': file not found; point it "
        "at a PEM bundle of CA certificates, or unset it (certifi's are used then)"], proc.stderr
