"""Reference servers for the interop tier: real PostgreSQL, redis-server, the AT Protocol
reference stack (@atproto/dev-env: PLC, PDS, Bsky AppView) and nginx, all private to the test
session, on free loopback ports.

Never skips: a server that cannot be installed or started fails its fixture with a one-line
reason. ``tests/interop/servers/install.sh`` installs everything; `make interop` runs it before
pytest, and when pytest is run directly the install runs once after collection (outside the
per-test timeout) if any interop test was collected.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest

from tests.support.processes import die_with_parent
from tests.support.redis_server import free_port

HERE = Path(__file__).parent
SERVERS = HERE / "servers"
INSTALL = SERVERS / "install.sh"
STARTUP_TIMEOUT = 90.0
INSTALL_TIMEOUT = 1800.0

# Outcome of the install run after collection: absent when it was not run, else "" or a reason.
_install: dict[str, str] = {}


def _one_line(text: str, limit: int = 400) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " | ".join(lines)[-limit:] if lines else "(no output)"


def _run_install(report: Callable[[str], None] | None = None) -> str:
    """Runs install.sh (instant when its stamp exists); returns "" or a one-line reason.
    ``report`` gets install.sh's step lines when it did real work."""
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            ["bash", str(INSTALL)], check=False, capture_output=True, text=True,
            timeout=INSTALL_TIMEOUT, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return f"{INSTALL} did not finish in {INSTALL_TIMEOUT:.0f} s"
    if report is not None and time.monotonic() - t0 > 2:
        for line in proc.stdout.splitlines():
            report(line)
    if proc.returncode != 0:
        failed = [ln for ln in proc.stderr.splitlines() if "FAILED" in ln]
        return failed[-1] if failed else _one_line(proc.stderr or proc.stdout)
    return ""


def pytest_collection_finish(session: pytest.Session) -> None:
    """Installs once, before any test runs, when an interop test was collected: a cold install
    takes minutes, longer than the per-test timeout that would otherwise include it."""
    if any(Path(str(item.path)).is_relative_to(HERE) for item in session.items):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        _install["error"] = _run_install(reporter.write_line if reporter is not None else None)


def _require_installed() -> Path:
    """The version's cache dir, or a fixture failure with install.sh's reason."""
    if "error" not in _install:  # the collection hook did not run (fixture used elsewhere)
        _install["error"] = _run_install()
    if _install["error"]:
        pytest.fail(f"interop servers not installed: {_install['error']}", pytrace=False)
    check = subprocess.run(
        ["bash", str(INSTALL), "--check"], check=False, capture_output=True, text=True
    )
    if check.returncode != 0:
        pytest.fail(f"interop servers not installed: {_one_line(check.stdout)}", pytrace=False)
    out = subprocess.run(
        ["bash", str(INSTALL), "--print-dir"], check=False, capture_output=True, text=True
    )
    return Path(out.stdout.strip())


def _stop(
    proc: subprocess.Popen[Any] | None, sig: int = signal.SIGTERM, timeout: float = 20
) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_port(port: int, proc: subprocess.Popen[Any], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def _tail(path: Path, n: int = 3) -> str:
    try:
        return _one_line("\n".join(path.read_text(errors="replace").splitlines()[-n:]))
    except OSError:
        return "(no log)"


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
        if p.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A private PostgreSQL cluster (trust auth, fsync off) on a free loopback port: its URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail(
            "postgres: initdb not found (run tests/interop/servers/install.sh)", pytrace=False
        )
    # Root cannot run postgres: as root, the cluster belongs to the `postgres` OS user. Its dir
    # is made with mkdtemp (pytest's own tmp dirs are 0700 root, not traversable by postgres).
    as_root = os.geteuid() == 0
    as_pg: dict[str, Any] = (
        {"user": "postgres", "group": "postgres", "extra_groups": []} if as_root else {}
    )
    base = Path(tempfile.mkdtemp(prefix="socialops-pg-"))
    if as_root:
        shutil.chown(base, user="postgres", group="postgres")
    data, log = base / "data", base / "postgres.log"
    init = subprocess.run(
        [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
         "--no-sync", "--no-instructions"],
        check=False, capture_output=True, text=True, cwd=base, **as_pg,
    )
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"postgres: initdb failed: {_one_line(init.stderr)}", pytrace=False)
    port = free_port()
    with open(log, "wb") as logf:
        proc = subprocess.Popen(
            die_with_parent(
                [str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(base),
                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                 "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=200"],
                "INT",  # postgres "fast" shutdown
            ),
            stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=base, **as_pg,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        ready = False
        while time.monotonic() < deadline and proc.poll() is None:
            r = subprocess.run(
                [str(bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)],
                check=False, capture_output=True,
            )
            if r.returncode == 0:
                ready = True
                break
            time.sleep(0.05)
        if not ready:
            pytest.fail(f"postgres did not start on port {port}: {_tail(log)}", pytrace=False)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        _stop(proc, signal.SIGINT)  # "fast" shutdown: ends open sessions
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- redis


class Redis(NamedTuple):
    host: str  # "127.0.0.1:PORT", the form dev-env's REDIS_HOST takes
    port: int
    url: str


@pytest.fixture(scope="session")
def redis_for_atproto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    """A private redis-server (--save '' --appendonly no) on a free port, for the AppView."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server not found (run tests/interop/servers/install.sh)", pytrace=False)
    work = tmp_path_factory.mktemp("redis-atproto")
    port = free_port()
    log = work / "redis.log"
    proc = subprocess.Popen(
        die_with_parent(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(work), "--logfile", str(log)],
            "TERM",
        ),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        if not _wait_port(port, proc, 10):
            pytest.fail(f"redis-server did not start on port {port}: {_tail(log)}", pytrace=False)
        yield Redis(f"127.0.0.1:{port}", port, f"redis://127.0.0.1:{port}/0")
    finally:
        _stop(proc, signal.SIGTERM, 10)


# --------------------------------------------------------------------------- AT Protocol


@dataclass
class Account:
    did: str
    handle: str
    password: str
    app_password: str
    app_password_name: str
    access_jwt: str
    refresh_jwt: str


@dataclass
class AtprotoStack:
    """The running @atproto/dev-env network. URLs are all on 127.0.0.1."""

    plc: str
    pds: str
    appview: str
    control: str
    info: dict[str, Any]
    node: Path
    modules: Path
    _http: httpx.Client = field(repr=False)

    def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self._http.post(f"{self.control}{path}", json=body or {}, timeout=60)
        if r.status_code != 200:
            raise AssertionError(f"control {path}: {r.status_code} {r.text}")
        return r.json()

    def create_account(self, handle: str) -> tuple[str, str, str]:
        """A new account and app password: (did, handle, app_password). Handles get ".test"."""
        a = self.account(handle)
        return a.did, a.handle, a.app_password

    def account(self, handle: str, app_password_name: str = "socialops") -> Account:
        """Like create_account, with the main password and a session made with the app password."""
        d = self._post("/account", {"handle": handle, "appPasswordName": app_password_name})
        return Account(d["did"], d["handle"], d["password"], d["appPassword"],
                       d["appPasswordName"], d["accessJwt"], d["refreshJwt"])

    def app_password(self, handle: str, name: str) -> str:
        """Another app password for an account made here."""
        return str(self._post("/app-password", {"handle": handle, "name": name})["appPassword"])

    def process(self) -> float:
        """Waits until the AppView has indexed everything pending; returns the wait in ms."""
        return float(self._post("/process")["ms"])

    def label(self, uri: str, cid: str, create: Sequence[str] = (),
              negate: Sequence[str] = ()) -> str:
        """The stack's moderation service (ozone, a labeller the AppView serves) labels a
        record or an account (``uri`` a DID, ``cid`` ""), or negates a label; returns the
        labeller's DID. The AppView serves it at once."""
        return str(self._post("/label", {"uri": uri, "cid": cid, "create": list(create),
                                         "negate": list(negate)})["labeler"])

    def takedown(self, did: str) -> None:
        """The AppView takes the account down (its data plane's ``takedownActor``)."""
        self._post("/takedown", {"did": did})

    def revoke(self, handle: str, name: str = "socialops") -> None:
        """Revokes an app password (com.atproto.server.revokeAppPassword)."""
        self._post("/revoke-app-password", {"handle": handle, "name": name})

    def expire_token(self, jwt: str, seconds_ago: int = 60) -> str:
        """The same access or refresh token, re-signed by the PDS key with an expiry in the past."""
        return str(self._post("/expire-token", {"jwt": jwt, "secondsAgo": seconds_ago})["jwt"])

    def facets(self, texts: Sequence[str], *, resolve: bool = False) -> list[list[dict[str, Any]]]:
        """Facets from @atproto/api's RichText for each text (UTF-8 byte offsets). Without
        ``resolve`` a mention's "did" is the bare handle; with it, mentions are resolved on the
        PDS (unknown handles get did "")."""
        args = [str(self.node), str(SERVERS / "facets.mjs"), "--modules", str(self.modules)]
        if resolve:
            args += ["--pds", self.pds]
        stdin = "".join(json.dumps({"text": t}) + "\n" for t in texts)
        r = subprocess.run(
            args, check=False, input=stdin, capture_output=True, text=True, timeout=60
        )
        if r.returncode != 0:
            raise AssertionError(f"facets.mjs failed: {_one_line(r.stderr)}")
        # lines end in "\n" only: splitlines() also split at a U+2028 JSON.stringify leaves raw
        return [json.loads(line)["facets"] for line in r.stdout.split("\n") if line.strip()]


@pytest.fixture(scope="session")
def atproto(
    postgres: str, redis_for_atproto: Redis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AtprotoStack]:
    """PLC + PDS + Bsky AppView (dev-env TestNetwork) and its control server."""
    cache = _require_installed()
    node, modules = cache / "node" / "bin" / "node", cache / "lib" / "node_modules"
    work = tmp_path_factory.mktemp("atproto")
    env = {
        **os.environ,
        "TMPDIR": str(work),  # dev-env puts PDS data and blobs in os.tmpdir()
        "PATH": f"{node.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NODE_ENV": "development",
    }
    env.pop("LOG_ENABLED", None)
    stderr_log = work / "atproto_network.stderr"
    proc = subprocess.Popen(
        die_with_parent(
            [str(node), str(SERVERS / "atproto_network.mjs"), "--modules", str(modules),
             "--postgres", postgres, "--redis", redis_for_atproto.host],
            "TERM",  # it also exits when its stdin closes
        ),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=work,
        start_new_session=True,
    )
    lines: queue.Queue[bytes | None] = queue.Queue()
    tail: collections.deque[str] = collections.deque(maxlen=20)

    def read_stdout() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.put(raw)
        lines.put(None)

    def read_stderr() -> None:
        assert proc.stderr is not None
        with open(stderr_log, "wb") as f:
            for raw in proc.stderr:
                f.write(raw)
                f.flush()
                text = raw.decode(errors="replace").strip()
                if text and "DeprecationWarning" not in text and "trace-deprecation" not in text:
                    tail.append(text)

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()

    def stop() -> None:
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass
        _stop(proc, signal.SIGTERM, timeout=20)

    info: dict[str, Any] | None = None
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while info is None:
        remaining = deadline - time.monotonic()
        try:
            raw = lines.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            raw = None
            why = f"not ready in {STARTUP_TIMEOUT:.0f} s"
        else:
            why = f"exited with code {proc.wait(timeout=5)}" if raw is None else ""
        if raw is not None:
            try:
                candidate = json.loads(raw)
            except ValueError:
                continue
            if isinstance(candidate, dict) and candidate.get("ready"):
                info = candidate
            continue
        stop()
        time.sleep(0.1)  # let the stderr reader drain
        own = [ln for ln in tail if ln.startswith("atproto_network:")]  # its one-line reason
        last = own[-1] if own else " | ".join(list(tail)[-3:]) or "(no stderr)"
        pytest.fail(f"atproto stack {why}: {last[-600:]} (log: {stderr_log})", pytrace=False)

    client = httpx.Client()
    try:
        yield AtprotoStack(
            plc=info["plc"], pds=info["pds"], appview=info["appview"], control=info["control"],
            info=info, node=node, modules=modules, _http=client,
        )
    finally:
        client.close()
        stop()


# --------------------------------------------------------------------------- nginx


class Nginx(NamedTuple):
    base_url: str
    root: Path


NGINX_CONF = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{
        application/rss+xml rss;
        application/atom+xml atom;
        application/xml xml;
        application/feed+json json;
        text/html html htm;
        text/plain txt;
    }}
    default_type application/octet-stream;
    charset off;
    source_charset off;
    gzip off;
    etag on;
    if_modified_since exact;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        # a server sending a file slowly (1 KB a second): each read within any timeout, the
        # whole never (tests/interop/test_review_feed_slow_drip.py)
        location ~ /drip/ {{ limit_rate 1k; }}
        # a feed moved for good: <dir>/moved/<name> answers 301 to <dir>/<name>, and
        # <dir>/elsewhere/<name> to the same under another host name (localhost)
        location ~ ^/(?<dir>[^/]+)/moved/(?<name>.+)$ {{ return 301 /$dir/$name; }}
        location ~ ^/(?<dir>[^/]+)/elsewhere/(?<name>.+)$ {{
            return 301 http://localhost:$server_port/$dir/$name;
        }}
    }}
}}
"""


@pytest.fixture(scope="session")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """A private nginx serving a writable dir on a free loopback port: (base_url, root_dir).
    ETag and Last-Modified on, no charset added. Single process (master_process off), so it
    runs as the current user and reads pytest's private tmp dirs."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        pytest.fail("nginx not found (run tests/interop/servers/install.sh)", pytrace=False)
    tmp = tmp_path_factory.mktemp("nginx")
    root = tmp / "www"
    root.mkdir()
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root))
    log = tmp / "error.log"
    proc = subprocess.Popen(
        die_with_parent([binary, "-p", str(tmp), "-e", str(log), "-c", str(conf)], "QUIT"),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        if not _wait_port(port, proc, 10):
            _stop(proc, signal.SIGTERM, 5)
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            why = _one_line(err) if err.strip() else _tail(log)
            pytest.fail(f"nginx did not start on port {port}: {why}", pytrace=False)
        yield Nginx(f"http://127.0.0.1:{port}", root)
    finally:
        _stop(proc, signal.SIGQUIT if proc.poll() is None else signal.SIGTERM, 5)
        if proc.stderr is not None:
            proc.stderr.close()
