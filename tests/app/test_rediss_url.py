"""A ``rediss://`` URL (TLS) pointed at a plain Redis port is one line saying so. The client's
TLS handshake waits for an answer a plain port never gives, and ``socialops check --online``
and ``run`` said `cannot reach Redis at rediss://...: Timeout connecting to server; start
redis-server there, ...`, though redis-server was there and answering (tried by a newcomer
copying a managed Redis's rediss:// URL form onto a local server)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bot.app.check import run_check
from bot.store.redis import store_problems
from tests.app.cli_support import Cli, assert_one_line_error, clean_env
from tests.support.redis_server import RedisServer, free_port

SAID = ("is it a TLS port (Redis's tls-port)? a rediss:// URL speaks TLS, which a plain port "
        "never answers: write redis:// for a plain one")


def test_rediss_at_a_plain_port_says_tls(tmp_path: Path, cli: Cli) -> None:
    server = RedisServer(tmp_path / "redis").start()
    try:
        url = f"rediss://127.0.0.1:{server.port}/0"
        path = tmp_path / "check.yaml"
        path.write_text(f"workspaces: [{{name: console, type: console}}]\n"
                        f"store: {{backend: redis, redis_url: '{url}'}}\n", encoding="utf-8")
        err = io.StringIO()
        assert await_check(path, err) == 1
        lines = err.getvalue().splitlines()
        assert len(lines) == 2 and lines[0].startswith(
            f"{path}:2: store.redis_url: cannot reach Redis at {url}: "), lines
        assert lines[0].endswith(SAID), lines[0]
        assert "start redis-server there" not in lines[0]
        # run, given it in the environment, in the same words
        assert cli("init", "--yes", cwd=tmp_path).returncode == 0
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
        run = cli("run", "--no-stdin", cwd=tmp_path, env=clean_env(REDIS_URL=url))
        assert_one_line_error(run, f"cannot reach Redis at {url}: ", SAID)
    finally:
        server.stop()


def await_check(path: Path, err: io.StringIO) -> int:
    return asyncio.run(run_check(path, online=True, out=io.StringIO(), err=err, env={}))


def tls_redis(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    """A real redis-server on a TLS port (tls-port, no plain one) whose certificate is
    self-signed for 'localhost', requirepass 'right'; its port and the certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert),
         "--tls-key-file", str(key), "--tls-ca-cert-file", str(cert), "--tls-auth-clients",
         "no", "--save", "", "--requirepass", "right", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return proc, port, cert
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("redis-server did not start with TLS")


def problems_of(url: str) -> list[str]:
    return asyncio.run(store_problems(url, require_persistence=False))


def test_each_rediss_failure_says_its_own_cause(tmp_path: Path) -> None:
    """f750ec2 said 'is it a TLS port? ... write redis:// for a plain one' for any rediss://
    connection that timed out or failed in TLS: so a real TLS port whose certificate the client
    did not accept (self-signed, a private CA, a host named otherwise: managed Redis addressed
    by IP) was told to drop TLS, and a plain port that hangs (stopped, as a host that answers
    nothing) was told it was no TLS port. Each now says its own cause: the TLS hint only where
    the port answers plain Redis."""
    proc, port, cert = tls_redis(tmp_path)
    server = RedisServer(tmp_path / "redis").start()
    assert server.proc is not None
    try:
        # a TLS port, its certificate not one the client trusts: say so, never drop TLS
        [said] = problems_of(f"rediss://:right@localhost:{port}/0")
        assert "certificate verify failed" in said and "write redis://" not in said, said
        assert said.endswith("the server speaks TLS, and its certificate was not accepted: "
                             "give the CA that signed it as the URL's ssl_ca_certs "
                             "(rediss://...?ssl_ca_certs=/path/to/ca.pem), or the host name "
                             "the certificate names"), said
        # that CA given: the server is reached, and a wrong password says so, as before
        [said] = problems_of(f"rediss://:wrong@localhost:{port}/0?ssl_ca_certs={cert}")
        assert "invalid username-password pair" in said and "check REDIS_URL" in said, said
        assert problems_of(f"rediss://:right@localhost:{port}/0?ssl_ca_certs={cert}") == []
        # a plain port: the TLS hint, as f750ec2 made it
        [said] = problems_of(f"rediss://127.0.0.1:{server.port}/0")
        assert said.endswith(SAID), said
        # the same port hanging (SIGSTOP: a host that answers nothing): no word of TLS
        os.kill(server.proc.pid, signal.SIGSTOP)
        try:
            [said] = problems_of(f"rediss://127.0.0.1:{server.port}/0")
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)
        assert "Timeout connecting" in said and "TLS" not in said, said
        assert said.endswith("start redis-server there, or point REDIS_URL (or "
                             "store.redis_url) at the one you run"), said
    finally:
        proc.kill()
        proc.wait()
        server.stop()


def pki(tmp_path: Path) -> Path:
    """A CA, a server certificate for 127.0.0.1 and a client certificate it signed, and a
    client certificate of another CA (``other.pem``), in ``tmp_path / "pki"``."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path / "pki"
    d.mkdir()

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60, cwd=d)

    for ca in ("ca", "otherca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                f"/CN={ca}", "-keyout", f"{ca}.key", "-out", f"{ca}.pem")
    (d / "ext").write_text("subjectAltName=IP:127.0.0.1\n")
    for name, ca in (("server", "ca"), ("client", "ca"), ("other", "otherca")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout",
                f"{name}.key", "-out", f"{name}.csr")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey",
                f"{ca}.key", "-CAcreateserial", "-days", "1", "-out", f"{name}.pem",
                *(("-extfile", "ext") if name == "server" else ()))
    return d


def test_a_server_that_asks_for_a_client_certificate_is_said_to(tmp_path: Path, cli: Cli) -> None:
    """A managed or hardened Redis with ``tls-auth-clients yes`` closes a connection without a
    client certificate as TLS begins (TLS 1.3: read as a reset, or its alert). ``run`` said
    "cannot reach Redis ...: Connection reset by peer; start redis-server there"; it now says
    how to give the certificate, which the URL takes (``ssl_certfile``, ``ssl_keyfile``), and
    with one the CA refuses, that the server must accept it."""
    d = pki(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
         "--tls-cert-file", str(d / "server.pem"), "--tls-key-file", str(d / "server.key"),
         "--tls-ca-cert-file", str(d / "ca.pem"), "--tls-auth-clients", "yes", "--save", "",
         "--appendonly", "yes", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                        0.2):
                break
            assert time.monotonic() < deadline, "redis-server did not start with TLS"
            time.sleep(0.02)
        base = f"rediss://127.0.0.1:{port}/0?ssl_ca_certs={d / 'ca.pem'}"
        [without] = problems_of(base)
        assert "start redis-server there" not in without
        assert ("if it asks for a client certificate (Redis's tls-auth-clients), give it as "
                "the URL's ssl_certfile and ssl_keyfile (rediss://...?ssl_certfile=" in without
                or "the server asks for a client certificate" in without), without
        assert problems_of(f"{base}&ssl_certfile={d / 'client.pem'}"
                           f"&ssl_keyfile={d / 'client.key'}") == []
        [refused] = problems_of(f"{base}&ssl_certfile={d / 'other.pem'}"
                                f"&ssl_keyfile={d / 'other.key'}")
        assert "does it accept this client certificate (ssl_certfile)?" in refused, refused
        assert cli("init", "--yes", cwd=tmp_path).returncode == 0
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
        run = cli("run", "--no-stdin", cwd=tmp_path, env=clean_env(REDIS_URL=base))
        assert_one_line_error(run, "client certificate", "ssl_certfile and ssl_keyfile")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
