"""Review of the Bluesky adapter against the AT Protocol reference stack (dev-env) and the
official SDK (@atproto/api RichText): cases the other interop tests leave out. Each test fails
on the code as it stands and passes once the defect it names is fixed.

The deployment, the other accounts and their XRPC writes are those of test_bluesky_real.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    SECRET,
    Deployer,
    World,
    canonical,
    deploy,
    uri_of,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack


async def test_cashtags_get_the_facets_the_official_sdk_gives(
    atproto: AtprotoStack, deploy: Deployer  # noqa: F811
) -> None:
    """@atproto/api 0.20.44 (the SDK the docs say the facets follow, pinned in
    servers/package.json) detects cashtags: ``$ACME`` becomes a tag facet ``$ACME``
    (rich-text/detection.js, CASHTAG_REGEX). The publisher gives none."""
    bot = atproto.account("cash-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    publisher = d.publisher("bsky")
    texts = ["Our stock $ACME is up 5% today", "Buying ($tsla) today, and $BTC."]
    sdk = atproto.facets(texts, resolve=True)
    assert all(sdk), sdk  # the SDK found a cashtag in each
    for text, expected in zip(texts, sdk, strict=True):
        assert canonical(await publisher.facets(text)) == canonical(expected), text


async def test_a_link_followed_by_a_zero_width_no_break_space_is_published(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """U+FEFF (ZERO WIDTH NO-BREAK SPACE, pasted in from many editors) is whitespace to the
    SDK's link detection (JS ``\\s``) and to the lexicon's ``uri`` format
    (@atproto/syntax isValidUri: ``/^\\w+:(?:\\/\\/)?[^\\s/][^\\s]*$/``). The publisher's
    link regex (Python ``\\S``) takes it into the facet's uri, and the PDS refuses the whole
    record (400 InvalidRecord): the approved post is never published."""
    bot = atproto.account("bom-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    text = "Status: https://status.acme.example/incident/7\ufeff we are on it"
    result = await d.publisher("bsky").publish(text, reply_to=None, idempotency_key="bom-1")
    _, record = await world.record(uri_of(result.id))
    [expected] = atproto.facets([text], resolve=True)
    assert record["text"] == text
    assert canonical(record["facets"]) == canonical(expected)


async def test_the_published_posts_address_follows_a_changed_handle(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The account renames itself (com.atproto.identity.updateHandle) while socialops runs.
    The next approved post is reported at ``<web_url>/profile/<old handle>/post/<rkey>``,
    taken from the session made before the rename (access tokens live 2 hours, and the
    store keeps the session for every process): the old handle resolves to nobody (the
    reference PDS answers 400 "Unable to resolve handle"), so the link the approver gets
    leads nowhere. Expected: the current handle (or the DID, which never changes)."""
    bot = atproto.account("rename-me-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    vault = d.started()
    first = await d.publisher("bsky", vault).publish("Before the rename", reply_to=None,
                                                     idempotency_key="rn-1")
    assert first.url is not None and f"/profile/{bot.did}/post/" in first.url  # the DID
    new_handle = "renamed-bot.test"
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.identity.updateHandle",
                              headers={"Authorization": f"Bearer {bot.access_jwt}"},
                              json={"handle": new_handle})
    assert r.status_code == 200, r.text
    # a publisher of the same process or a later one (the session kept in the store)
    second = await d.publisher("bsky", vault).publish("After the rename", reply_to=None,
                                                      idempotency_key="rn-2")
    assert second.url is not None
    actor = second.url.split("/profile/", 1)[1].split("/", 1)[0]
    async with httpx.AsyncClient() as http:
        resolved = await http.get(f"{atproto.pds}/xrpc/com.atproto.identity.resolveHandle",
                                  params={"handle": actor})
    assert actor == bot.did or (resolved.status_code == 200
                                and resolved.json()["did"] == bot.did), (
        second.url, resolved.status_code, resolved.text)


async def test_facets_after_a_line_separator_are_read(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """Facets index the record's text in UTF-8 bytes. The parser first turns U+2028 LINE
    SEPARATOR (3 bytes) into a newline (1 byte) (``bot.core.text.scrub``) and then checks
    each facet's range against the *shortened* text: a link, mention or tag ending at the
    end of the post lies "outside" it and is dropped. The post below, written with the
    official SDK's facets and indexed by the reference AppView, comes back from search
    without its link (``has_link``, link and domain rules miss it) and without its mention."""
    bot, alice, carol = (atproto.account(h) for h in ("ls-bot", "ls-alice", "ls-carol"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["LineSep Cloud"], "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    texts = ["LineSep Cloud is down\u2028status: https://status.acme.example/incident/7",
             f"LineSep Cloud again\u2028cc @{carol.handle}"]
    facets = atproto.facets(texts, resolve=True)
    link = await world.post(alice, texts[0], facets=facets[0])
    mention = await world.post(alice, texts[1], facets=facets[1])
    atproto.process()
    got = {m.id.removeprefix("bluesky:"): m for m in await d.source("bsky").poll()}
    assert set(got) == {link.uri, mention.uri}
    assert got[link.uri].links == ("https://status.acme.example/incident/7",)
    assert got[mention.uri].handles == (carol.did,)


async def test_a_bare_domain_is_a_link_as_the_official_sdk_makes_it(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The Bluesky app links a domain typed without ``https://`` (@atproto/api 0.20.44
    rich-text/detection.js: URL_REGEX's ``domain`` group, kept when its last label is in the
    ``tlds`` package's list, given ``https://``): a reply saying "updates at status.acme.com"
    was published as plain text the customer could not open. Only what the SDK takes: labels
    of ASCII letters and digits (no hyphen), a known top-level domain written in lower case."""
    bot = atproto.account("bare-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    publisher = d.publisher("bsky")
    texts = ["Updates at status.acme.com, and the guide at acme.co.uk/help.",
             "(docs.acme.io/start) or Acme.COM or my-site.com or acme.example or x.com!",
             "acme.museum\u2028shop.acme.com/a?b=1 and 1acme.com, a.b.c.d.e.f.dev/x)"]
    sdk = atproto.facets(texts, resolve=True)
    assert all(sdk), sdk  # the SDK found a link in each
    for text, expected in zip(texts, sdk, strict=True):
        assert canonical(await publisher.facets(text)) == canonical(expected), text
    result = await publisher.publish(texts[0], reply_to=None, idempotency_key="bare-1")
    _, record = await world.record(uri_of(result.id))
    assert [f["features"][0]["uri"] for f in record["facets"]] == [
        "https://status.acme.com", "https://acme.co.uk/help"]
