"""What ``/healthz``, ``/readyz`` and ``/metrics`` tell a request relayed by a proxy on this
machine, and a loopback caller over IPv6. A reverse proxy beside the bot (nginx, a platform's
router) connects from 127.0.0.1: its clients are the internet, and get the status codes and
nothing more. Through a real nginx, as an operator writes its config: the bare
``proxy_pass`` nginx's docs start from adds no header naming the client, but speaks HTTP/1.0
(``proxy_http_version``'s default), which no health checker or Prometheus speaks."""

from __future__ import annotations

import io
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.app.http import build_http_app
from bot.core.config import load_config
from tests.app.test_http_details import PAUSED, SECRET_NAME, own_address
from tests.app.test_http_hostile import console_config

TOKEN = "scrape-through-nginx-0123456789"  # http.metrics_token; asked for by no test above

NGINX = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{  # the bare proxy: nothing added
        listen 127.0.0.1:{bare};
        location / {{ proxy_pass http://127.0.0.1:{bot}; }}
    }}
    server {{  # as most guides write it
        listen 127.0.0.1:{guide};
        location / {{
            proxy_pass http://127.0.0.1:{bot};
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[int]:
    """The HTTP server on a dual-stack socket (IPv4 clients arrive as ::ffff:a.b.c.d), a
    source paused and counted: its port."""
    sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("::", 0))
    port = int(sock.getsockname()[1])
    async with open_app(load_config(console_config(tmp_path)), out=io.StringIO()) as app:
        app.metrics.inc("mentions_in_total", source=SECRET_NAME)
        runner = web.AppRunner(build_http_app(app, paused=PAUSED, metrics_token=TOKEN))
        await runner.setup()
        await web.SockSite(runner, sock).start()
        try:
            yield port
        finally:
            await runner.cleanup()


@pytest.fixture
def nginx(bot: int, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A private nginx in front of the bot: (the bare proxy's url, the guide's url)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx not found (tests/interop/servers/install.sh installs it)",
                    pytrace=False)
    tmp = tmp_path / "nginx"
    tmp.mkdir()
    bare, guide = free_port(), free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX.format(tmp=tmp, bot=bot, bare=bare, guide=guide))
    proc = subprocess.Popen([binary, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c",
                             str(conf)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", guide), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{bare}", f"http://127.0.0.1:{guide}"
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


async def _asked(base_url: str) -> tuple[httpx.Response, httpx.Response, httpx.Response]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        health, ready, metrics = [await client.get(p) for p in ("/healthz", "/readyz",
                                                                  "/metrics")]
    return health, ready, metrics


def _nothing_told(health: httpx.Response, ready: httpx.Response,
                  metrics: httpx.Response) -> None:
    assert (health.status_code, health.json()) == (200, {"ok": True})
    assert (ready.status_code, ready.json()) == (503, {"ready": False})
    assert metrics.status_code == 403
    for answer in (health, ready, metrics):
        assert SECRET_NAME not in answer.text and "masto.internal" not in answer.text


async def test_the_bare_nginx_proxy_does_not_make_the_internet_local(
        nginx: tuple[str, str]) -> None:
    _nothing_told(*await _asked(nginx[0]))


async def test_nginx_as_the_guides_write_it(nginx: tuple[str, str]) -> None:
    _nothing_told(*await _asked(nginx[1]))


async def test_ipv6_loopback_and_ipv4_mapped_loopback_get_every_detail(
        bot: int) -> None:
    for host in ("[::1]", "127.0.0.1"):  # the second arrives as ::ffff:127.0.0.1
        health, ready, metrics = await _asked(f"http://{host}:{bot}")
        assert health.json()["paused_sources"] == PAUSED, host
        assert any(SECRET_NAME in p for p in ready.json()["problems"]), host
        assert f'socialops_mentions_in_total{{source="{SECRET_NAME}"}} 1.0' in metrics.text


async def test_another_machine_over_ipv4_mapped_ipv6_gets_nothing_more(
        bot: int) -> None:
    _nothing_told(*await _asked(f"http://{own_address()}:{bot}"))


@pytest.mark.parametrize("header", [
    "X-Forwarded-Host", "X-Forwarded-Proto", "Via", "CF-Connecting-IP", "True-Client-IP",
    "Fly-Client-IP", "X-Client-IP", "x-envoy-external-address"])
async def test_what_other_proxies_add_makes_a_request_relayed(bot: int, header: str) -> None:
    """cloudflared, Fly's and Heroku's routers, Caddy, Envoy: each adds one of these."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{bot}",
                                 headers={header: "203.0.113.9"}) as client:
        health, ready, metrics = [await client.get(p) for p in ("/healthz", "/readyz",
                                                                  "/metrics")]
    _nothing_told(health, ready, metrics)


async def test_a_scraper_bearing_the_token_through_nginx_gets_every_detail(
        nginx: tuple[str, str]) -> None:
    """nginx passes Authorization on as it came, bare or as the guides write it."""
    for url in nginx:
        async with httpx.AsyncClient(base_url=url,
                                     headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            metrics = await client.get("/metrics")
            health = await client.get("/healthz")
        assert f'socialops_mentions_in_total{{source="{SECRET_NAME}"}} 1.0' in metrics.text
        assert health.json()["paused_sources"] == PAUSED
