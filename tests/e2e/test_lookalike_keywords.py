"""A keyword alert is not dodged by lookalike letters: a subscription made through bolt's
signed slash command finds a post that writes its word with Cyrillic letters that look Latin,
end to end (the pipeline, the store on a SQLite file or a real redis-server, the card in
Slack), and a Russian post whose word is spelled with the same letters makes no card."""

from __future__ import annotations

from tests.e2e.test_subscriptions import subscribe
from tests.e2e.world import MARKETING, World


async def test_a_subscription_finds_its_word_in_lookalike_letters(either: World) -> None:
    world = either
    wallet = await subscribe(world, MARKETING, "wallet")
    cop = await subscribe(world, MARKETING, "cop")
    await world.mention("Log in to your ԝаllеt now or lose your funds", n=1)  # ԝ а е Cyrillic
    assert len([m for m in world.posts(MARKETING) if wallet in str(m)]) == 1, \
        world.posts(MARKETING)
    await world.mention("Купил сор на рынке, дёшево", n=2)  # Russian: сор, a word of its own
    await world.mention("Kupil сор на рынке", n=3)  # a Latin word, but Russian ones around
    assert [m for m in world.posts(MARKETING) if cop in str(m)] == []


async def test_real_words_of_another_script_beside_a_latin_brand_make_no_card(
        either: World) -> None:
    """Short brand keywords against real Russian, Greek and Serbian words in posts that also
    hold Latin ones: the Russian telco МТС, ОК, a Greek sentence of capitals that all look
    Latin, Serbian ја. No card; a spoof that is the post's one such word of 4 letters or more,
    or that mixes in a Latin letter, still makes its card."""
    world = either
    subs = {q: await subscribe(world, MARKETING, q) for q in ("mtc", "ok", "neo", "ja", "acme")}
    await world.mention("Thanks МТС for the fast internet", n=1)
    await world.mention("Xiaomi ОК", n=2)
    await world.mention("BMW ΚΑΙ ΤΟ ΝΕΟ", n=3)
    await world.mention("Ја volim BMW", n=4)
    await world.mention("Log in to your АСМЕ wallet now", n=5)  # all Cyrillic, alone
    await world.mention("Your Оk code: 1234", n=6)  # Cyrillic О, Latin k
    cards = [str(m) for m in world.posts(MARKETING)]
    assert [c for c in cards for q in ("mtc", "neo", "ja") if subs[q] in c] == [], cards
    assert len([c for c in cards if subs["acme"] in c]) == 1, cards
    assert len([c for c in cards if subs["ok"] in c]) == 1, cards  # the Оk code, not ОК


async def test_fancy_text_letters_make_their_card(either: World) -> None:
    """The styles of "fancy text" generators that neither NFKC nor confusables.txt reads:
    small capitals ("ᴀᴄᴍᴇ") and negative squared letters ("🅰🅲🅼🅴"), each a card of the
    subscription to acme, through bolt's signed slash command, the pipeline and the store."""
    world = either
    acme = await subscribe(world, MARKETING, "acme")
    await world.mention("ᴀᴄᴍᴇ sᴜᴘᴘᴏʀᴛ: verify your wallet", n=1)
    await world.mention("\U0001F170\U0001F172\U0001F17C\U0001F174 airdrop, claim now", n=2)
    assert len([m for m in world.posts(MARKETING) if acme in str(m)]) == 2, \
        world.posts(MARKETING)
