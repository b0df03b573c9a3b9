"""Languages typed in Latin letters and billing shock (bot/enrich/lexicon_translit.py):
Russian, greeklish, Arabizi and Bengali in Latin letters name faults, verdicts and thanks;
Arabic's fault words with the article "ال" count; a swollen bill is a fault. The sentences
were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich.model import shipped_model
from tests.enrich.reading import count


@pytest.mark.parametrize("text", [
    "u menya internet ne rabotaet uzhe tretiy den",
    "bank zablokiroval kartu bez prichiny",
    "to wifi den leitourgei apo xthes",
    "i ptisi akyrwthike xwris logo",
    "el app mesh shaghal men el sob7",
    "el shohna lessa mawsalsh",
    "bKash e taka kete nise, refund dao",
    "walikata pesa yangu bila sababu",
    "tagihan naik tiga kali, padahal pemakaian biasa",
    "اعتذروا عن التأخير بس ما عوضونا",
])
def test_a_fault_in_latin_letters_is_a_fault(text: str) -> None:
    assert count(text, "fault") >= 1


@pytest.mark.parametrize(("text", "concept"), [
    ("ochen priyatno bylo obshchatsya s operatorom", "positive"),
    ("teleia eksypiretisi, to synistw", "positive"),
    ("a7san service shoftaha", "positive"),
    ("khub bhalo service dilo", "positive"),
    ("kurirnya baik banget", "positive"),
    ("eto prosto uzhas", "negative"),
    ("apaisio service, ntropi", "negative"),
    ("dhonnobad apnader", "thanks"),
    ("internet opyat propal", "again"),
    ("jaki bank polecacie dla firmy", "buy"),
])
def test_translit_verdicts_thanks_and_asking(text: str, concept: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("text", "concept"), [
    ("dostali paczkę wczoraj, wszystko ok", "negative"),  # Polish: they received
    ("tunakutana mara mbili kwa wiki", "fault"),  # Swahili: twice a week
    ("the mesh network covers the whole house", "negation"),
    ("net profit rose 4% this quarter", "fault"),
    # a reviewer's collisions (tests/data/probe_neighbours.tsv's block for features v50):
    # Czech, Slovak and Croatian "pozor" (attention), Arabic "الخصم" (the discount, the
    # opponent), Malay "apa ni" (what is this), "melambung" (soaring, bouncing), Indonesian
    # "membengkak" (swelling, of prices in the news), Swahili "wamekata bei" (they cut the
    # price), Polish and Indonesian "tani" (cheap, farming) and the names Tany and Sveta,
    # Italian "pali" (poles), a sincere "prosto mechta" (simply a dream)
    ("Pozor, v sobotu je pobočka Nimbly zavřená", "negative"),
    ("Pozor na falešné e-maily jménem Paylix", "negative"),
    ("zadejte kod الخصم عند الدفع واحصل على الخصم", "fault"),
    ("Apa ni? Kenapa ada notifikasi baru dari Paylix?", "negative"),
    ("Harga rumah terus melambung tahun ini", "fault"),
    ("Harga bawang membengkak jelang lebaran", "fault"),
    ("Netoro wamekata bei ya bando, safi sana", "fault"),
    ("Tani i szybki internet, polecam", "again"),
    ("Kelompok tani desa panen raya minggu ini", "again"),
    ("Tany from the Paylix team is speaking today", "again"),
    ("Sveta net doma, pozvoni ej zavtra", "fault"),
    ("Due pali colpiti e una traversa, che sfortuna", "again"),
    ("Novyy telefon prosto mechta, kamera super", "sarcasm"),
])

def test_neighbours_words_are_not_read_as_translit(text: str, concept: str) -> None:
    assert count(text, concept) == 0


@pytest.mark.parametrize(("text", "concept"), [
    ("tri dnya net sveta, Wattora molchit", "fault"),
    ("el net wa2ea tani ya Netoro", "again"),
    ("kai pali xwris internet", "again"),
    ("tagihan membengkak padahal pemakaian sama", "fault"),
    ("bil melambung bulan ni", "fault"),
    ("Wattora wamekata stima tangu asubuhi", "fault"),
    ("walikata pesa mara mbili", "fault"),
])
def test_narrowed_entries_still_find_their_own_use(text: str, concept: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("text", "intent"), [
    ("Internet opyat ne rabotaet, skolko mozhno", "complaint"),
    ("spasibo Olge iz podderzhki, vse reshila bystro, ochen priyatno", "praise"),
    ("to reuma ekopse xwris eidopoihsh, apaisio", "complaint"),
    ("el net wa2e3 tani men embare7", "complaint"),
])
def test_the_shipped_model_reads_translit_posts(text: str, intent: str) -> None:
    assert shipped_model().predict(text).intent == intent
