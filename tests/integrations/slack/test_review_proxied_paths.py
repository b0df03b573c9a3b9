"""The HTTP endpoints behind a reverse proxy, as an agency serves the bot under a path of its own
site (``https://gov.example/socialops/``) and writes that address into the app's Request URLs:
a proxy that passes the path on with its prefix (nginx's ``proxy_pass http://bot:8080;``
without a URI keeps it), or adds a trailing slash (``location /socialops/slack/events/``, a
Request URL written with one), sent ``POST /socialops/slack/events`` or ``/slack/events/``,
which the bot answered 404 and logged nothing: Slack's "Your URL didn't respond with the value
of the challenge parameter", and no line here to say why. The chat endpoints now take a path
that ends in theirs, with or without a trailing slash: each request is still the platform's
only by its signature, which covers the body and time, not the path. Any other path is 404 as
before. Signed requests through the app as ``run`` serves it (bolt's request path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integrations.slack.served import fixture, whole_app
from tests.support.fake_slack import FakeSlack

KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"  # any Ed25519 key


@pytest.mark.parametrize("path", ["/slack/events/", "/socialops/slack/events",
                                  "/gov/socialops/slack/acme/events/"])
async def test_a_path_a_proxy_prefixed_or_slashed_reaches_the_endpoint(
        tmp_path: Path, fake_slack: FakeSlack, path: str) -> None:
    payload = fixture("event_url_verification.json")
    async with whole_app(tmp_path, fake_slack, discord_key=KEY) as served:
        status, text = await served.post(path, json.dumps(payload),
                                         content_type="application/json")
        assert (status, json.loads(text)["challenge"]) == (200, payload["challenge"])
        for other in ("/slack/eventsx", "/socialops/", "/events"):
            status, _ = await served.post(other, json.dumps(payload),
                                          content_type="application/json")
            assert status == 404, other
