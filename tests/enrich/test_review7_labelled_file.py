"""A seventh review's labelled file (2026-12-07): 247 social posts about companies in domains no
earlier set covered (mobile money and remittances, solar home systems, microfinance, motorbike
taxis, an agriculture input supplier, a cinema chain, fashion e-commerce returns, a hair salon
booking app, a betting company's payouts, a school fees portal), written and labelled by an AI
agent playing a customer-support QA lead for a company selling across Africa, South and
Southeast Asia and Latin America, before it read ``bot/enrich``, its lexicons or the corpora
(it had read docs/intelligence.md and the earlier review files' texts, for the label set, the
format and the languages they cover thinly): 59 in English (14 of them Nigerian Pidgin, "una no
dey hear word", "e don tey", labelled ``en``: an English-lexified creole with no ISO 639-1
code, which a ``lang=en`` subscription is the one to want), 18 Swahili (Sheng among them,
labelled ``sw``), 14 Latin American Spanish slang (Mexican, Colombian, Argentinian), 12
Brazilian Portuguese slang, 10 in each of af tl (Taglish, ``tl``), 9 in each of ha yo zu ta bn
th ht (Haitian Creole), 8 in each of am mr ne, 7 in each of my km si, 5 Malay, 4 in each of id
de, 3 Croatian; typos, no diacritics, emoji, code-switching with English, all caps, hashtags,
@handles, URLs; and the kinds the sixth review left: faults in Swahili and Malay ("nimekatwa
mara mbili", "tak ada yang angkat"), fault phrases in other word orders ("... nicht lädt", "se
le cae todo el tiempo"), "why" complaints ("Zašto ...?", "Kwa nini ...?", "Me yasa ...?",
"ለምንድነው ...?"), news of lost jobs and of strikes, sarcastic applause ("👏👏").

How it was labelled, where a kind is ambiguous (the rules of the sixth file, and the corpus's
guidelines, tests/data/corpus/README.md): a question whose frame reproaches ("why ...?", "how
is that fair") a complaint, negative; one that asks for a fact with no fault in view a
question, neutral; thanks, praise or applause for a failure a complaint, negative; a calm
complaint negative; a request to buy for a team, a school, a union or a cooperative ("14 rural
clinics", "420 smallholder farmers", "a school with 1,100 students") a lead, neutral, a
personal loan asked about a question; news ``other``: negative when it tells of jobs lost or
a strike, else neutral (a funding round, a regulator's order); chatter as the author feels
("popcorn was gone before the trailers ended 😂" positive, "rain today, watching a film at
home" neutral). ``split`` fixed by the text's SHA-256 (even: dev) before anything was run: the
dev half's errors (135 posts) chose the fixes, the held half (112) was measured before and
once after, its misses never read (its totals were printed beside the dev half's while the
fixes were tried: they chose nothing).

The classes the dev half showed, and their fixes (the sentences of their tests, in
``tests/enrich/test_lexicon_review7.py`` and ``test_language_review7.py``, were written for the
classes, not taken from the file):

- Haitian Creole (lingua does not know it) read as Italian, Dutch or French: named by its
  everyday words; Yoruba typed without its marks, Hausa, Afrikaans and Swahili words they had
  none of; Nepali's word before a question mark ("छैन?") not found, and Marathi's "माझे",
  "झाले" and its question closed on "का?" (``language``);
- "why" in Hausa, Amharic, Nepali, Sinhala, Burmese, Khmer, Zulu (a question word in the
  lexicon) and in Yoruba, Afrikaans and Haitian Creole (no entry): the concept ``why``
  (features v89), and a post that asks why in a language the corpus lacks is a complaint,
  negative (``lexicon_why``);
- news of a strike or of workers who lost their jobs read neutral or positive: negative
  (``lexicon_strikes``; a company's announced cut stays neutral, as the corpus labels it);
- applause (👏) at a named fault read as praise (``model.applauded_fault``);
- faults without an entry: Swahili "haifunguki", "hakuna anayejibu", Malay "tak ada yang
  angkat", Zulu "akekho ophendulayo", Hausa "ya ki budewa", Marathi "उघडत नाही", Afrikaans
  "laai nie", Haitian Creole "pa mache" (features v89).

Left (the dev half): Croatian "Zašto mi ... nije isplatio ...?" a question (a labelled set,
``tests/data/probe_neighbours.tsv``, asks "Zasto mi je racun veci ...?" as one); "Correct
business model 👏👏", "que eficiência 👏👏" after "20 dias pra pagar", "excelente servicio ...,
40 minutos de fila 👏👏" praise or spam (no fault word); a company's closing "e demite 90
funcionarios" neutral (the corpus labels layoffs so); leads of a farmers' group in Amharic,
Tamil, Marathi and Afrikaans read ``other`` or complaints, and Brazilian "tenho uma rede de 8
salões ..., com quem falo?" a question; Nigerian Pidgin "how I go take get ... loan" a lead;
chatter in Amharic, Marathi, Bengali, Burmese, Portuguese ("sextou!!") and Spanish read as
praise or with a feeling; Nepali without one of its own words Hindi; Yoruba with Spanish and
English function words ("e ko san owo mi, mo ... ni ose to koja") Tagalog; all-caps Portuguese
spam Dutch; Taglish "Sunday na naman, tamang nood lang ng sine" Xhosa.
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
    return enrich_file("enrich_review7_labelled.jsonl", 247)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 112)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (112 posts, its misses
    # never read): language 0.821, intent 0.777, polarity 0.777 before the fixes; 0.911,
    # 0.830, 0.848 after
    assert_at_least(half(enriched, "held"), language=0.90, intent=0.82, polarity=0.84)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (135 posts): 0.822, 0.763, 0.681 before the fixes; 0.926, 0.837, 0.785
    # after
    assert_at_least(half(enriched, "dev"), language=0.92, intent=0.83, polarity=0.78)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (3 to 18 posts a language, English 59): Yoruba and
    # Zulu language 0.56 (5 of 9), Yoruba polarity 0.56, Burmese intent 0.57
    assert_every_language(enriched, 23, language=0.5, intent=0.55, polarity=0.5)
