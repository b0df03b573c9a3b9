"""UTF-8 feeds whose XML declaration names windows-1252 or ISO-8859-15, served by a real
nginx (``application/rss+xml``, no charset: the declaration alone labels them), read as the
UTF-8 they are; a true windows-1252 feed beside them keeps its label (a feed reader operator's
review, 2026-12-07; failing before: ``Café`` read ``CafÃ©``, words no rule matched).
``tests/integrations/test_review_rss_prolog_charset.py`` has the rule and why it is safe."""

from __future__ import annotations

import pytest

from tests.interop.test_feeds_real import Site, site

__all__ = ["site"]

FRENCH = "Café crème : l'offre « déjà vu » à 10 €"


def feed(encoding: str, guid: str) -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            "<title>Boutique</title><link>https://boutique.example/</link><description>d"
            f"</description><item><guid>urn:boutique:{guid}</guid><title>{FRENCH}</title>"
            f"<link>https://boutique.example/{guid}</link>"
            "<pubDate>Mon, 23 Nov 2026 08:30:00 GMT</pubDate></item></channel></rss>")


@pytest.mark.parametrize("declared", ["windows-1252", "ISO-8859-15"])
async def test_a_utf8_feed_declaring_a_legacy_encoding_reads_as_utf8(
        site: Site, declared: str) -> None:
    mislabelled = site.put("utf8.rss", feed(declared, "1").encode("utf-8"))
    legacy = site.put("legacy.rss", feed(declared, "2").encode(declared))
    source = site.source([mislabelled, legacy])
    got = await source.poll()
    assert [m.text for m in got] == [FRENCH, FRENCH]
    assert {e.content_type for e in site.exchanges} == {"application/rss+xml"}
    assert source.failing_parts() == {}
