"""A fourth review of Bluesky's post length against the AT Protocol reference stack: the PDS
counts a post's graphemes with ``graphemeLen`` (@atproto/lex-data, ``Intl.Segmenter``: ICU's
UAX #29, rule GB9c for Indic conjuncts included), and our count must draw the line where it
does, or an approved post the PDS refuses is said to fit. Each test failed on the code before
its fix. The deployment and the accounts are test_bluesky_real.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.core.errors import PublishError
from integrations.social.bluesky.source import graphemes
from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    POST,
    SECRET,
    Deployer,
    World,
    deploy,
    iso,
    uri_of,
    wall,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack

# Broken conjuncts, as a typo or a copy from a broken font leaves them: a virama (InCB=Linker)
# joins the next consonant only after a consonant (GB9c), not after a vowel sign, a Latin
# letter or a space. Each is two graphemes to the PDS; the regex module's \X made it one.
# Beside them, whole sequences each script writes, which were already counted alike.
UNITS = {  # name: (text, its graphemes)
    "hindi vowel sign then virama": ("कि्ष", 2),  # क ि ् | ष
    "bengali virama after a latin letter": ("a্ক", 2),  # a ্ | ক
    "malayalam virama after a space": (" ്ന", 2),  # space ് | ന
    "hindi conjunct": ("क्ष", 1),
    "tamil (no conjunct rule)": ("ஸ்ரீ", 2),  # ஸ ் | ர ீ
    "thai sara am": ("น้ำ", 1),
    "malayalam conjunct": ("ക്ഷ", 1),
}


async def _pds_says(atproto: AtprotoStack, on: World, bot: Account, text: str) -> int:
    r = await on.http.post(
        f"{atproto.pds}/xrpc/com.atproto.repo.createRecord",
        headers={"Authorization": f"Bearer {bot.access_jwt}"},
        json={"repo": bot.did, "collection": POST,
              "record": {"$type": POST, "text": text, "createdAt": iso(wall())}})
    return r.status_code


@pytest.mark.parametrize("name", sorted(UNITS))
async def test_indic_and_thai_sequences_are_counted_as_the_pds_counts_them(
    atproto: AtprotoStack, deploy: Deployer, world: World, name: str  # noqa: F811
) -> None:
    unit, each = UNITS[name]
    bot = atproto.account(f"graphemes-{sorted(UNITS).index(name)}")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    at_limit = unit * (300 // each)
    over = at_limit + "."
    assert len(over.encode()) <= 3000, name  # the grapheme limit, not the bytes'
    # the PDS draws the line there: 300 taken, 301 refused
    assert await _pds_says(atproto, world, bot, at_limit) == 200
    assert await _pds_says(atproto, world, bot, over) == 400
    assert graphemes(at_limit) == 300
    publisher = d.publisher("bsky")
    result = await publisher.publish(at_limit, reply_to=None, idempotency_key=f"fits-{name}")
    assert (await world.record(uri_of(result.id)))[1]["text"] == at_limit
    mark = len(d.wire.requests)
    with pytest.raises(PublishError) as caught:
        await publisher.publish(over, reply_to=None, idempotency_key=f"over-{name}")
    assert "300 graphemes" in str(caught.value) and "(1 over)" in str(caught.value)
    assert len(d.wire.requests) == mark, "sent before checking the limit"
