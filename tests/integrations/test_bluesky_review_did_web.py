"""A ``did:web`` DID read as the reference resolver reads it (@atproto/identity's
DidWebResolver, dev-env 0.6.7: the method-specific id split at ``:``, each part
percent-decoded, one part only, ``http`` for ``localhost``): a percent-encoding's hex digits are
either case (RFC 3986 2.1, which the W3C DID syntax takes for ``pct-encoded``), so
``did:web:localhost%3a2583`` names the same host and port as ``did:web:localhost%3A2583``
(atproto.com/specs/did: a port, "with separating colon hex-encoded", on ``localhost`` only, in
testing and development). Before, only ``%3A`` was replaced: ``%3a`` was asked at
``https://localhost%3a2583/``, which names no host, and either was asked over https, where the
reference resolver (and every local PDS with such a DID) speaks http. The DID document is served
by a real local server on ``localhost``."""

from __future__ import annotations

import httpx
import pytest

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.hosting import NotFound, hosted_on
from tests.support.netserver import NetServer

PDS = "http://localhost:2583"


def document(did: str) -> dict[str, object]:
    return {"id": did, "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                                    "serviceEndpoint": PDS}]}


@pytest.mark.parametrize("colon", ["%3A", "%3a"])
async def test_a_did_web_with_a_port_is_resolved_whatever_case_its_colon_is_encoded_in(
        colon: str) -> None:
    config = BlueskySourceConfig(id="bsky", type="bluesky")
    async with NetServer() as net, httpx.AsyncClient() as client:
        port = httpx.URL(net.url()).port
        did = f"did:web:localhost{colon}{port}"
        net.json("GET", "/.well-known/did.json", document(did))
        assert await hosted_on(did, config, client) == PDS
        assert len(net.requests_to("/.well-known/did.json")) == 1



@pytest.mark.parametrize("did", ["did:web:evil.example%2Fdid.json%3F", "did:web:a%40pds.example",
                                 "did:web:pds.example%23x"])
async def test_a_did_web_decoded_to_more_than_a_host_is_asked_nowhere(did: str) -> None:
    """Decoded, a ``%2F``, ``%40`` or ``%23`` would make the document's address name a path,
    a user or a fragment on another host: such a DID names no host (anyone's server answers
    with the DID)."""
    config = BlueskySourceConfig(id="bsky", type="bluesky")
    async with httpx.AsyncClient() as client:
        with pytest.raises(NotFound, match="names no host"):
            await hosted_on(did, config, client)
