"""`socialops check` (offline) says in one line what is wrong with a configured external URL
that is a URL but not the one the key takes: a query on a base URL (every request adds its
own path after it), a path socialops adds itself written in (requests went to /api/v1/api/v1),
the platform's web site or its other address instead of this key's, and plain http on the
platform's own hosts, where credentials are sent. Addresses as self-hosted and government
users write them (a path prefix with or without its slash, a port, an IPv6 literal, upper
case, an IDN host) pass."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check

HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""

MASTODON = "{id: m, type: mastodon, hashtags: [a], base_url: '%s'}"
BLUESKY = "{id: b, type: bluesky, queries: [a], %s}"
X = "{id: x, type: x, queries: [a], bearer_token: t, base_url: '%s'}"
REDDIT = "{id: r, type: reddit, subreddits: [acme], client_id: i, client_secret: s, %s}"
HN = "{id: h, type: hackernews, queries: [a], base_url: '%s'}"
SLACK = ("workspaces: [{name: s, type: slack, mode: socket, bot_token: xoxb-1-2-3, "
         "app_token: xapp-1-A-1-abc, api_url: '%s'}]")
DISCORD = "workspaces: [{name: d, type: discord, token: t, %s}]"


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    # these configs have sources and no rules file on purpose: the warning that says so is
    # test_check_wrong_file's
    return code, [line for line in err.getvalue().splitlines()
                  if ": warning: no rules: key" not in line]


def sources(entry: str) -> str:
    return HEAD + f"sources: [{entry}]\n"


WRONG = [
    # a query or a fragment: the request paths were appended after it
    (sources(MASTODON % "https://gov.example/mastodon?x=1"),
     "sources[0].base_url: 'https://gov.example/mastodon?x=1' has a query (?x=1); a base URL "
     "takes none (each request adds its own path and parameters after it): write "
     "'https://gov.example/mastodon'"),
    (sources(HN % "https://hn.algolia.com/#top"),
     "sources[0].base_url: 'https://hn.algolia.com/#top' has a fragment (#top)"),
    # the path socialops adds itself
    (sources(MASTODON % "https://mastodon.social/api/v1/"),
     "sources[0].base_url: 'https://mastodon.social/api/v1/' ends in /api/v1, which socialops "
     "adds to every request itself; write 'https://mastodon.social'"),
    (sources(MASTODON % "https://gov.example/mastodon/api/v2"),
     "sources[0].base_url: 'https://gov.example/mastodon/api/v2' ends in /api/v2, which "
     "socialops adds to every request itself; write 'https://gov.example/mastodon'"),
    (sources(X % "https://api.x.com/2"),
     "sources[0].base_url: 'https://api.x.com/2' ends in /2, which socialops adds"),
    (sources(BLUESKY % "base_url: 'https://public.api.bsky.app/xrpc'"),
     "sources[0].base_url: 'https://public.api.bsky.app/xrpc' ends in /xrpc"),
    (sources(HN % "https://hn.algolia.com/api/v1"),
     "sources[0].base_url: 'https://hn.algolia.com/api/v1' ends in /api/v1"),
    (sources(REDDIT % "auth_url: 'https://www.reddit.com/api/v1/access_token'"),
     "sources[0].auth_url: 'https://www.reddit.com/api/v1/access_token' ends in "
     "/api/v1/access_token"),
    # the web site, or the platform's other address, instead of this key's
    (sources(BLUESKY % "base_url: 'https://bsky.app'"),
     "sources[0].base_url: 'https://bsky.app' is Bluesky's web site (web_url), not its API; "
     "write 'https://public.api.bsky.app'"),
    (sources(BLUESKY % "pds_url: 'https://bsky.app/'"),
     "sources[0].pds_url: 'https://bsky.app/' is Bluesky's web site (web_url), not its API; "
     "write 'https://bsky.social'"),
    (sources(HN % "https://news.ycombinator.com"),
     "sources[0].base_url: 'https://news.ycombinator.com' is Hacker News's web site, not its "
     "API (Algolia); write 'https://hn.algolia.com'"),
    (sources(X % "https://x.com"),
     "sources[0].base_url: 'https://x.com' is X's web site, not its API; write "
     "'https://api.x.com'"),
    (sources(REDDIT % "base_url: 'https://www.reddit.com'"),
     "sources[0].base_url: 'https://www.reddit.com' is Reddit's sign-in address (auth_url), "
     "not its API; write 'https://oauth.reddit.com'"),
    (sources(REDDIT % "auth_url: 'https://oauth.reddit.com'"),
     "sources[0].auth_url: 'https://oauth.reddit.com' is Reddit's API (base_url), not its "
     "sign-in address; write 'https://www.reddit.com'"),
    (SLACK % "https://slack.com", "workspaces[0].api_url: 'https://slack.com' is Slack's web "
     "site, not its Web API; write 'https://slack.com/api/'"),
    (SLACK % "https://slack-gov.com/", "workspaces[0].api_url: 'https://slack-gov.com/' is "
     "GovSlack's web site, not its Web API; write 'https://slack-gov.com/api/'"),
    (DISCORD % "api_url: 'https://discord.com'", "workspaces[0].api_url: 'https://discord.com' "
     "is Discord's web site, not its API; write 'https://discord.com/api/v10'"),
    # plain http on the platform's own hosts, where the credentials go
    (sources(REDDIT % "auth_url: 'http://www.reddit.com'"),
     "sources[0].auth_url: 'http://www.reddit.com' is plain http; www.reddit.com takes https "
     "only (credentials are sent there): write 'https://www.reddit.com'"),
    # Algolia's Hacker News API takes no credentials: plain http is refused without saying so
    (sources(HN % "http://hn.algolia.com"),
     "sources[0].base_url: 'http://hn.algolia.com' is plain http; hn.algolia.com takes https "
     "only: write 'https://hn.algolia.com'"),
    (sources(BLUESKY % "pds_url: 'http://bsky.social'"),
     "sources[0].pds_url: 'http://bsky.social' is plain http; bsky.social takes https only"),
    # plc_url (since 2026-12-07): Bluesky's DID directory, taken as any host's address before
    (sources(BLUESKY % "plc_url: 'http://plc.directory'"),
     "sources[0].plc_url: 'http://plc.directory' is plain http; plc.directory takes https "
     "only: write 'https://plc.directory'"),
    (sources(BLUESKY % "plc_url: 'https://bsky.social'"),
     "sources[0].plc_url: 'https://bsky.social' is Bluesky's PDS (pds_url), not its DID "
     "directory; write 'https://plc.directory'"),
    (sources(BLUESKY % "plc_url: 'https://bsky.app/'"),
     "sources[0].plc_url: 'https://bsky.app/' is Bluesky's web site (web_url), not its DID "
     "directory; write 'https://plc.directory'"),
    # a DID document's address, copied from a browser: each lookup added its DID after it
    (sources(BLUESKY % "plc_url: 'https://plc.directory/did:plc:ewvi7nxzyoun6zhxrhs64oiz'"),
     "sources[0].plc_url: 'https://plc.directory/did:plc:ewvi7nxzyoun6zhxrhs64oiz' ends in "
     "a DID (the address of one account's DID document), which socialops adds to every "
     "lookup itself; write 'https://plc.directory'"),
    (sources(BLUESKY % "pds_url: 'https://plc.directory'"),
     "sources[0].pds_url: 'https://plc.directory' is Bluesky's DID directory (plc_url), not "
     "a PDS; write 'https://bsky.social'"),
    (DISCORD % "gateway_url: 'ws://gateway.discord.gg'", "workspaces[0].gateway_url: "
     "'ws://gateway.discord.gg' is plain ws; gateway.discord.gg takes wss only"),
    # the web client a card's link opens: not the API, nor the path socialops adds
    (DISCORD % "web_url: 'https://discord.com/api/v10'", "workspaces[0].web_url: "
     "'https://discord.com/api/v10' is Discord's API (api_url), not the web client a card's "
     "link opens; write 'https://discord.com'"),
    (DISCORD % "web_url: 'https://ptb.discord.com/channels/'", "workspaces[0].web_url: "
     "'https://ptb.discord.com/channels/' ends in /channels, which socialops adds to every "
     "request itself; write 'https://ptb.discord.com'"),
    (DISCORD % "web_url: 'http://discord.com'", "workspaces[0].web_url: 'http://discord.com' "
     "is plain http; discord.com takes https only: write 'https://discord.com'"),
    (DISCORD % "web_url: discord.example", "workspaces[0].web_url: 'discord.example' is not "
     "a full http/https URL; did you mean 'https://discord.example'?"),
]


@pytest.mark.parametrize(("config", "expected"), WRONG)
async def test_a_url_that_is_not_the_keys_is_named_in_one_line(
        tmp_path: Path, config: str, expected: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(config, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(f"{path}:"), lines
    assert lines[0].split(": ", 1)[1].startswith(expected), lines


RIGHT = [
    MASTODON % "https://gov.example/mastodon/",
    MASTODON % "https://gov.example/mastodon",
    MASTODON % "https://gov.example:8443/mastodon/",
    MASTODON % "http://[::1]:8080/",
    MASTODON % "HTTPS://Mastodon.Social/",
    MASTODON % "https://bücher.example/",
    MASTODON % "https://gov.example/api/v1-gateway/mastodon",
    X % "https://api.x.com/",
    X % "https://proxy.example/x/2x",
    HN % "https://hn.algolia.com/",
    BLUESKY % "base_url: 'https://api.bsky.app', pds_url: 'https://bsky.social/'",
    BLUESKY % "jetstream_url: 'wss://gov.example/jetstream/', web_url: 'https://bsky.app/'",
    # Jetstream's README writes its public instances with /subscribe and a query: the stream
    # asks /subscribe with its own query under what is left (test_bluesky_jetstream_records)
    BLUESKY % "jetstream_url: 'wss://jetstream1.us-east.bsky.network'",
    BLUESKY % "jetstream_url: 'wss://jetstream2.us-east.bsky.network/subscribe'",
    BLUESKY % "jetstream_url: 'wss://jetstream1.us-west.bsky.network/subscribe/'",
    BLUESKY % ("jetstream_url: 'wss://jetstream2.us-west.bsky.network/subscribe"
               "?wantedCollections=app.bsky.feed.post'"),
    BLUESKY % "base_url: 'https://public.api.bsky.app', pds_url: 'https://pds.gov.example'",
    X % "https://api.twitter.com",
    # a PLC directory of one's own (a mirror, a test network's), on a path too
    BLUESKY % "plc_url: 'https://plc.gov.example/directory/'",
    BLUESKY % "plc_url: 'http://localhost:2582'",
    # Mastodon names its streaming host wss://... (/api/v2/instance): taken as written
    "{id: m, type: mastodon, hashtags: [a], streaming_url: 'wss://streaming.mastodon.social'}",
    "{id: m, type: mastodon, hashtags: [a], streaming_url: 'https://streaming.gov.example/'}",
    HN % "https://hn.algolia.com",
    REDDIT % "base_url: 'HTTPS://OAUTH.REDDIT.COM/', auth_url: 'https://reddit.com', "
    "user_agent: 'linux:gov.example.watch:1.0 (by /u/ops)'",
]


@pytest.mark.parametrize("entry", RIGHT)
async def test_self_hosted_addresses_pass(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(sources(entry), encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("workspace", [
    SLACK % "https://slack.com/api", SLACK % "https://gov.example/slack/api/",
    SLACK % "https://slack-gov.com/api/",
    DISCORD % "api_url: 'https://discord.com/api/v10/', gateway_url: 'wss://gateway.discord.gg'",
    DISCORD % "api_url: 'https://discord.com/api/v9'",
    DISCORD % "api_url: 'http://[::1]:9000/api/v10', gateway_url: 'ws://[::1]:9001/'",
    DISCORD % "web_url: 'https://canary.discord.com/'",
    DISCORD % "web_url: 'https://chat.gov.example/app'",
])
async def test_chat_api_addresses_pass(tmp_path: Path, workspace: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(workspace + "\n", encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines) == (0, [])
