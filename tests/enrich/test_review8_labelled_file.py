"""An eighth review's labelled file (2026-12-07): 250 posts shaped like a mainstream consumer
brand's mention stream, about fictional brands in domains no earlier set centred (sneaker and
sportswear drops, cosmetics, a fast food chain, a smartphone and its updates, home appliances,
pet food, toys, a coffee chain, a beer, a supermarket's own brand), written and labelled by an
AI agent playing an NLP evaluator at a social-listening vendor, before it read ``bot/enrich``,
its lexicons or the corpora (it had read docs/intelligence.md, tests/enrich and the earlier
review files' texts, for the label set and the format): 116 in English (US, AAVE, UK, Irish,
Indian English, Singlish, Nigerian English and Pidgin, Australian; all labelled ``en``), 15
Spanish (Spain, Mexico, Argentina), 13 Portuguese (Brazil and Portugal), 13 French (France and
Québec), 13 Arabic (Gulf, Egyptian, Levantine), 12 German, 10 Hindi (Devanagari and Hinglish),
9 each Italian and Japanese, 8 each Korean, Turkish, Indonesian, Dutch and Polish. The mix a
brand sees: chatter and passing mentions, praise (much of it emoji-heavy), questions about
sizes, stock and prices, complaints with and without a question mark, sarcasm ("love waiting
40 min for a 'fast' food order"), hashtags and memes, mixed posts, quoted complaints, negated
faults ("not bad at all", "nicht schlecht", "pas mal du tout", "مش بطالة أبداً"), switches to
a rival, giveaways and replica ads.

How it was labelled, where a kind is ambiguous (the rules of the earlier files and the
corpus's guidelines, tests/data/corpus/README.md): a post that praises a product and
complains of its delivery, stock or a part of it (mixed) a complaint, negative: the part the
brand has to act on; a quoted complaint the author disagrees with ("my mum says the new recipe
is awful, my dog disagrees") as the author feels, praise, positive; a negated fault ("not bad
at all") praise, positive; leaving the brand for a rival with a fault named a complaint,
negative, coming to it ("switched to X from the other lot, never going back") praise; a
question asking a fact (a size's fit, stock, a price, opening hours) a question, neutral, one
that names a fault and asks when it is fixed or "which is it?" a complaint, negative; a request
to buy for a business or an institution (a gym chain, 12 nurseries, an office of 300) a lead;
giveaways with a link, replica sellers and follower sellers spam; sarcasm at a fault a
complaint, negative; chatter and passing mentions ``other``, neutral unless the author tells
a feeling ("watching the match with a Haldor in hand, perfect saturday" positive); news
``other``, neutral, negative for a recall or a strike. ``split`` fixed by the text's SHA-256
(even: dev) before anything was run: the dev half's errors (123 posts) chose the fixes, the
held half (127) was measured before and once after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests, in
``tests/enrich/test_lexicon_fit.py`` and ``test_lexicon_fix_when.py``, were written for the
classes, not taken from the file):

- a shopper asking how sizes run ("taillent petit ?", "klein van maat?", "サイズ感", "na
  normalną stopę?") read as a lead, or, German "klein ausfallen" holding the fault word
  "ausfallen", as a complaint: a question, neutral (``lexicon_fit``);
- a fault closed on asking when it will be fixed ("¿cuándo lo arreglan?", "언제 고쳐주나요?")
  read as a question without feeling: a complaint, negative (``lexicon_fix_when``).

Left (the dev half): Hindi "फोन बहुत हैंग हो रहा है" and Nigerian Pidgin "don spoil my phone o,
e dey hang" (no fault word: "hang" as a phone's freeze); Egyptian "حاجة تقرف" and Levantine "مش
بطالة أبداً" without their feeling; a Gulf "خرب البطارية، حد عنده حل؟" a question; price and
stock questions ("¿A cuánto está ...?", "Does FreshMart price match online?", "is the dishwasher
worth it or should I get a Bosch") leads; mixed posts ("the kettle is lovely but the lid is too
stiff", "great value but the store never has any in stock") praise or ``other``; sarcasm
without a fault word ("Fast Food, na klar.", "yeah nah, stick to the locals mate") praise;
"which is it?" after a stock contradiction a question; a pet-shop owner's "quero revender
Pawly" a question; slang praise ("absolute weapons", "a cracker", "anda bárbaro", "sextou")
``other`` or with a feeling; Singlish "damn shiok leh" Yoruba, Indonesian "lagi nongkrong ...
sama temen" French, Hinglish "kahan milega?" German, "INSANE 🔥🔥🔥" Italian; a Brickly meme
("instructions are 300 pages 💀") a complaint. A fit question opened on "quick one," reads as
praise ("quick" a word of praise): ``lexicon_fit`` does not turn praise.
"""

from __future__ import annotations

import pytest

from tests.support.labelled import (
    Row,
    assert_at_least,
    assert_every_language,
    assert_split_by_text,
    enrich_file,
    half,
)


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    return enrich_file("enrich_review8_labelled.jsonl", 250)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 127)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (127 posts, its misses
    # never read): language 0.984, intent 0.748, polarity 0.811 before the fixes; 0.984,
    # 0.772, 0.819 after
    assert_at_least(half(enriched, "held"), language=0.97, intent=0.76, polarity=0.80)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (123 posts): 0.967, 0.707, 0.789 before the fixes; 0.967, 0.756, 0.821
    # after
    assert_at_least(half(enriched, "dev"), language=0.95, intent=0.74, polarity=0.81)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (8 to 15 posts a language, English 116): Hindi language
    # 0.8 (Hinglish), English intent 0.66, Arabic intent and polarity 0.69, Portuguese intent
    # 0.69
    assert_every_language(enriched, 14, language=0.75, intent=0.6, polarity=0.65)
