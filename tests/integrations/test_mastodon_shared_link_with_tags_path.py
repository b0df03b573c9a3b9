"""A Mastodon status's hashtag anchors are the ones its ``tags`` entity names (each tag's
``url``: docs.joinmastodon.org/entities/Status#tags, Tag#url); a link the author shared is any
other anchor of ``content``. The path of a shared link is the other site's business: a blog's
``/tags/release-notes`` page, a GitHub ``/releases/tags/v1.2.0`` page, a docs site's
``/tags/`` index are links people share, and must stay in ``Mention.links`` (rules' ``link:``
condition reads it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations.social.mastodon.parse import normalize_status

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


@pytest.mark.parametrize("shared", [
    "https://github.com/acme/widget/releases/tag/v1.2.0",  # control: no /tags/ in it
    "https://github.com/acme/widget/releases/tags/v1.2.0",
    "https://blog.acme.example/tags/outage/",
])
def test_a_shared_link_whose_path_holds_tags_is_a_link(shared: str) -> None:
    status = json.loads((REAL / "status_edited_cw_mention_customemoji_gifv.json")
                        .read_text(encoding="utf-8"))
    status["content"] = (
        '<p>Broken again after the upgrade: <a href="' + shared + '" rel="nofollow noopener" '
        'target="_blank">' + shared.removeprefix("https://") + '</a> '
        '<a href="https://icosahedron.website/tags/ThisIsAHashtag" class="mention hashtag" '
        'rel="tag">#<span>ThisIsAHashtag</span></a></p>')
    m = normalize_status(status, source="m1")
    assert m.hashtags == ("thisisahashtag",)
    assert m.links == (shared,)  # the hashtag anchor left out, the shared link kept


@pytest.mark.parametrize("anchor", [
    "https://origin.example/tags/ThisIsAHashtag",  # Mastodon or Misskey, the origin's page
    "https://pleroma.example/tag/thisisahashtag",  # Pleroma and Akkoma
    "https://origin.example/tags/ThisIsAHashtag/",
])
def test_a_hashtag_anchor_of_a_status_from_another_server_is_no_link(anchor: str) -> None:
    """A status written on another server: ``tags[].url`` names the tag's page on the reading
    server, the content's anchor the page on the server it was written on. Still the status's
    own hashtag, navigation, not a link shared."""
    status = json.loads((REAL / "status_edited_cw_mention_customemoji_gifv.json")
                        .read_text(encoding="utf-8"))
    status["content"] = (f'<p>Broken again <a href="{anchor}" class="mention hashtag" '
                         'rel="tag">#<span>ThisIsAHashtag</span></a></p>')
    m = normalize_status(status, source="m1")
    assert m.hashtags == ("thisisahashtag",) and m.links == ()
