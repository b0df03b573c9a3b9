"""Reading where an account is hosted (integrations/social/bluesky/hosting.py): what a DID
document may hold is anyone's writing, and it ends up in a config line."""

from __future__ import annotations

import pytest

from integrations.social.bluesky.hosting import NotFound, _pds_endpoint, same_server

DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"


def document(endpoint: object, *, id: str = "#atproto_pds") -> dict[str, object]:
    return {"id": DID, "service": [
        {"id": "#other", "type": "Other", "serviceEndpoint": "https://nothere.example"},
        {"id": id, "type": "AtprotoPersonalDataServer", "serviceEndpoint": endpoint}]}


@pytest.mark.parametrize(("a", "b"), [
    ("https://bsky.social", "https://BSKY.social/"),
    ("https://pds.example.com:443", "https://pds.example.com"),
    ("http://127.0.0.1:2583", "http://localhost:2583/"),
])
def test_one_server_spelled_two_ways_is_one(a: str, b: str) -> None:
    assert same_server(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("https://bsky.social", "https://pds.example.com"),
    ("http://localhost:2583", "http://localhost:2584"),
    ("http://pds.example.com", "https://pds.example.com"),
])
def test_two_servers_are_two(a: str, b: str) -> None:
    assert not same_server(a, b)


def test_the_pds_service_is_read_by_either_id() -> None:
    assert _pds_endpoint(document("https://pds.example.com/"), DID) == "https://pds.example.com"
    assert _pds_endpoint(document("https://pds.example.com", id=f"{DID}#atproto_pds"),
                         DID) == "https://pds.example.com"


@pytest.mark.parametrize("endpoint", [
    "https://pds.example.com\nset pds_url: https://evil.example", "javascript:alert(1)",
    "https://" + "a" * 300 + ".example", 42, None, "https://pds.example.com/?q=1",
])
def test_an_endpoint_no_config_line_should_repeat_is_not_said(endpoint: object) -> None:
    with pytest.raises(NotFound):
        _pds_endpoint(document(endpoint), DID)


def test_a_document_without_a_pds_names_none() -> None:
    for doc in ({"service": "x"}, [], {"service": [{"id": "#atproto_pds"}]}):
        with pytest.raises(NotFound):
            _pds_endpoint(doc, DID)
