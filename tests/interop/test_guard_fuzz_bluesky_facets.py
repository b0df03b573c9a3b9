"""Guard: the publisher's link, tag and cashtag facets are the official SDK's (@atproto/api
0.20.44 ``RichText.detectFacetsWithoutResolution``, run by servers/facets.mjs under the
interop Node), on 1,500 texts drawn from pieces where the two could part: bare domains (known
and unknown top-level domains, capitals, a hyphen, a leading digit, an IDN), links with and
without their scheme, brackets and trailing punctuation, tags and cashtags, every space
JavaScript's ``\\s`` takes (U+2028, U+3000, NBSP; U+180E, which it does not), emoji, marks and
other scripts. Without ``@``: a mention is resolved on a PDS (test_bluesky_real.py). Without
U+FEFF, U+0085 and U+001C-U+001F, which ``as_shown`` drops from every draft before it is
published. Derandomized: the same draws on every run."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskyPublisher
from tests.interop.conftest import SERVERS, _require_installed
from tests.interop.test_bluesky_real import canonical

PIECES = ["acme.com", "Acme.COM", "status.acme.com", "a.b.c.dev", "x.com", "my-site.com",
          "1acme.com", "acme.co.uk/help", "acme.example", "acme.museum", "e.g.", "node.js",
          "v1.2.3", "café.com", "xn--caf-dma.com", "www.acme.com)", "(acme.com)", "acme.com.",
          "https://x.com/a", "HTTPS://x.com", "http://a.b", "https://en.wikipedia.org/wiki/A_(b)",
          "(", ")", ".", ",", "!", "?", ":", ";", "'", '"', "\u2019", "/", "#tag", "#123", "#ü",
          "#Node.js", "＃障害。", "$ACME", "$acme", "($TSLA)", "$TOOLONG", " ", "\n", "\u2028",
          "\u3000", "\u00a0", "\u180e", "\u200b", "\u00ad", "é", "e\u0301", "日本", "👨‍👩‍👧", "🇹🇭"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES),
                           st.text(alphabet="abcxyzCOM019.-()/:!?,;# $\u0130\u212a\u017f\u00e9",
                                   max_size=10)),
                 max_size=12).map("".join)


def drawn() -> list[str]:
    texts: list[str] = []

    @settings(derandomize=True, max_examples=1_500, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text=TEXTS)
    def draw(text: str) -> None:
        texts.append(text)

    draw()
    return texts


def sdk_facets(texts: list[str]) -> list[list[dict[str, Any]]]:
    cache = _require_installed()
    r = subprocess.run(
        [str(cache / "node" / "bin" / "node"), str(SERVERS / "facets.mjs"),
         "--modules", str(cache / "lib" / "node_modules")],
        input="".join(json.dumps({"text": t}) + "\n" for t in texts),
        capture_output=True, text=True, timeout=100, check=True)
    return [json.loads(line)["facets"] for line in r.stdout.split("\n") if line.strip()]


async def test_guard_link_tag_and_cashtag_facets_are_the_sdks() -> None:
    texts = drawn()
    assert not any("@" in t or "\ufeff" in t for t in texts)
    expected = sdk_facets(texts)
    assert len(expected) == len(texts)
    cfg = BlueskySourceConfig(id="bsky", type="bluesky", handle="bot.test", app_password="x")
    async with httpx.AsyncClient() as client:  # asked nothing: no handle to resolve
        publisher = BlueskyPublisher(cfg, client=client, clock=lambda: datetime.now(UTC))
        parted = [(text, canonical(await publisher.facets(text)), canonical(sdk))
                  for text, sdk in zip(texts, expected, strict=True)]
    parted = [p for p in parted if p[1] != p[2]]
    assert parted == [], f"{len(parted)} texts part, e.g. {parted[:3]}"
    assert sum(1 for f in expected if f) > 300  # the draws are not all plain text
