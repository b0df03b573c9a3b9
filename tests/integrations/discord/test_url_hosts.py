"""Which post and profile URLs a Discord card links, posted through discord.py to the local
Discord. Discord refuses a whole message (400 code 50035 "Not a well formed URL.") for an
embed or link-button url whose host has no top-level domain or holds an underscore, and takes
IP addresses and localhost (docs/discord.md, Escaping); the reports match Django's
URLValidator, which the local Discord models. So a URL that validator takes is linked (any
script's domain: Hindi, Tamil, an emoji domain, a top-level domain with a hyphen), but for one
holding a user name (``USER_NAMES``), and one it refuses is dropped, the card delivered once,
unlinked.

The rows marked Django are the http(s) rows of Django's own test lists
(tests/validators/valid_urls.txt and invalid_urls.txt), so the local Discord is held to the
model it names rather than to this project's rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import PermanentDeliveryError
from integrations.discord.escape import safe_url
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord

DJANGO_VALID = [
    "http://www.djangoproject.com/", "HTTP://WWW.DJANGOPROJECT.COM/", "http://localhost/",
    "http://example.com./", "http://www.example.com:8000/test",
    "http://su--b.valid-----hyphens.com/", "http://✪df.ws/123",
    "http://userid:password@example.com:8080", "http://userid@example.com",
    "http://➡.ws/䨹", "http://⌘.ws", "http://☺.damowmow.com/", "http://j.mp",
    "http://مثال.إختبار", "http://例子.测试", "http://उदाहरण.परीक्षा",
    "http://xn--7sbb4ac0ad0be6cf.xn--p1ai", "http://1337.net", "http://a.b-c.de",
    "http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html",
    "http://[::192.9.5.5]/ipng", "http://[::1]:8080/", "http://0.0.0.0/",
    "http://dashintld.c-m", "http://multipledashintld.a-b-c", "http://evenmoredashintld.a---c",
    "http://dashinpunytld.xn---c",
]
# what people post: India's own top-level domain and a Tamil and a Bengali domain (vowel
# signs and viramas are marks, not letters, to Python's \w), an emoji domain
PEOPLE = [
    "https://उदाहरण.भारत/समाचार/1", "https://இந்தியா.இந்தியா/", "https://ভারত.ভারত/",
    "https://i❤.ws/", "https://bücher.de/x", "https://social.example.gov.uk/@ana/1",
    "https://bsky.app/profile/did:plc:abc123/post/3k2", "https://a.technology/x",
]
DJANGO_INVALID = [
    "http://example", "http://example.", "http://.com", "http://invalid-.com",
    "http://-invalid.com", "http://invalid.com-", "http://invalid.-com", "http://inv-.alid-.com",
    "http://-error-.invalid/", "http://dashinpunytld.xn---", "http://-a.b.co", "http://a.b-.co",
    "http://1.1.1.1.1", "http://123.123.123", "http://3628126748", "http://123",
    "http://.www.foo.bar/", "http://[::1:2::3]:8080/", "http://example..com/",
    "http://" + "a" * 64 + ".example.com", "http://example." + "a" * 64 + ".com",
    "http://@example.com", "http://:@example.com", "http://foo@bar@example.com",
]
# Django's rows holding a user name: Discord takes them, socialops links none (RFC 9110
# 4.2.4, likely phishing: tests/integrations/workspaces/test_review_userinfo_links.py)
USER_NAMES = ["http://userid:password@example.com:8080", "http://userid@example.com"]
# and what the project's own rule left out of the model: an empty port, an IPv6 zone
EDGES = ["https://a.example:/x", "http://[fe80::1%25eth0]/", "http://my_blog.example.com/1",
         "http://mastodon:3000/@ana"]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        fake.install(monkeypatch)
        yield fake


async def _raw_post(fake: FakeDiscord, url: str) -> tuple[int, Any]:
    body = {"content": "x", "embeds": [{"description": "x", "url": url}],
            "allowed_mentions": {"parse": []}}
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{fake.api_url}/channels/{fake.channel_id}/messages", json=body,
                            headers={"Authorization": "Bot t"})
    return r.status_code, r.json()


async def test_the_local_discord_refuses_what_its_model_refuses_and_nothing_else(
        fake: FakeDiscord) -> None:
    wrong = []
    for url in DJANGO_VALID + PEOPLE:
        status, _ = await _raw_post(fake, url)
        if status != 200:
            wrong.append(f"refused {url} ({status})")
    for url in DJANGO_INVALID + EDGES:
        status, body = await _raw_post(fake, url)
        code = (((body.get("errors") or {}).get("embeds.0.url") or {}).get("_errors")
                or [{}])[0].get("code")
        if status != 400 or body.get("code") != 50035 or code != "URL_TYPE_INVALID_URL":
            wrong.append(f"took {url} ({status} {code})")
    assert not wrong, "\n".join(wrong)


async def test_a_url_discord_takes_is_linked_and_one_it_refuses_is_dropped(
        fake: FakeDiscord) -> None:
    config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                    api_url=fake.api_url, guild_id=fake.guild_id)
    ws = DiscordWorkspace(config)
    wrong = []
    try:
        for i, url in enumerate(DJANGO_VALID + PEOPLE + DJANGO_INVALID + EDGES):
            linked = (url in DJANGO_VALID or url in PEOPLE) and url not in USER_NAMES
            card = Card(kind="alert", key=f"K-{i}", title="a post", text="hello", url=url,
                        author="ana", author_url=url)
            ref = await ws.post(fake.channel_id, card)
            embed = fake.messages[ref.message_id]["embeds"][0]
            shown = (embed.get("url"), (embed.get("author") or {}).get("url"))
            if shown != ((url, url) if linked else (None, None)):
                wrong.append(f"{url}: {shown}")
            if (safe_url(url) == url) != linked:
                wrong.append(f"safe_url({url!r}) = {safe_url(url)!r}")
    finally:
        await ws.close()
    refused = [f"{c.method} {c.path}: {c.status}" for c in fake.calls if c.status >= 400]
    posts = [c for c in fake.calls if c.method == "POST" and c.path.endswith("/messages")]
    assert not wrong + refused, "\n".join(wrong + refused)
    assert len(posts) == len(DJANGO_VALID + PEOPLE + DJANGO_INVALID + EDGES)  # each once


# A post's or author's address is the network's (an RSS feed's, a hostile Mastodon server's)
# to choose. Each of these Python's urlsplit reads as a fine host and port, and Discord
# (Django's URLValidator) refuses: a port of more than 5 digits (urlsplit reads 000000080 as
# 80), characters glued to an IPv6 address's brackets (urlsplit reads the address alone), and
# a top-level domain mixing ASCII with a character past U+FFFF (Django's letters stop at
# U+FFFF, and its punycode retry has a hyphen in it). Taken, the whole card was refused
# (50035), a dead delivery: the alert lost.
HOSTILE = ["https://a.example:000000080/p", "https://a.example:0000443",
           "https://[::1]80/p", "https://[::1]:80]0/", "https://x[::1]:8080/",
           "https://[::1][808/", "https://a.ex\U0001F600mple/p", "https://a.\U0001F600x/"]


async def test_a_hostile_address_the_local_discord_refuses_is_dropped_not_the_card(
        fake: FakeDiscord) -> None:
    config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                    api_url=fake.api_url, guild_id=fake.guild_id)
    ws = DiscordWorkspace(config)
    wrong = []
    try:
        for i, url in enumerate(HOSTILE):
            status, _ = await _raw_post(fake, url)
            if status != 400:
                wrong.append(f"the local Discord took {url!r}")
            card = Card(kind="alert", key=f"H-{i}", title="a post", text="hi",
                        url=url, author="ana", author_url=url)
            try:
                await ws.post(fake.channel_id, card)
            except PermanentDeliveryError as exc:  # Discord refused the card: named below
                wrong.append(f"{url!r}: {exc}")
            if safe_url(url) is not None:
                wrong.append(f"safe_url({url!r}) kept it")
    finally:
        await ws.close()
    assert not wrong, "\n".join(wrong)
