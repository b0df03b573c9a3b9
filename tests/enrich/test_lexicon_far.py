"""Yoruba, Hausa, Amharic, Zulu, Nepali, Sinhala, Burmese, Khmer, Lithuanian, Latvian,
Estonian, Icelandic, Catalan, Basque and Welsh are read through their own entries
(``bot/enrich/lexicon_far.py``): before them a post in these languages found no concept, so
praise read ``other`` and a threat to leave ``other``. Asking whether anyone reads the
messages is a fault in them too (``lexicon.nobody_answers``), and leaving for a rival is one
(``LEAVING``). The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.lexicon import nobody_answers
from tests.enrich.reading import count


@pytest.mark.parametrize(("concept", "text"), [
    ("positive", "Acme ni banki ti o dára gan, mo gbádùn rẹ̀"),
    ("positive", "Sabis na Acme mai kyau ne sosai"),
    ("positive", "የAcme አገልግሎት በጣም ጥሩ ነው"),
    ("positive", "Insizakalo ye-Acme inhle, kuhle kakhulu"),
    ("positive", "Acme को सेवा उत्कृष्ट छ"),
    ("positive", "Acme සේවාව නියමයි"),
    ("positive", "Acme ရဲ့ ဝန်ဆောင်မှု အရမ်းကောင်းတယ်"),
    ("positive", "សេវាកម្មរបស់ Acme ល្អណាស់"),
    ("positive", "Acme aptarnavimas puikus, rekomenduoju"),
    ("positive", "Acme apkalpošana ir lieliska, iesaku"),
    ("positive", "Acme teenindus on suurepärane"),
    ("positive", "Þjónustan hjá Acme er frábær, mæli með"),
    ("positive", "El servei d'Acme és fantàstic, el recomano"),
    ("positive", "Acme-ren zerbitzua bikaina da"),
    ("positive", "Mae gwasanaeth Acme yn wych"),
    ("negative", "Acme aptarnavimas siaubingas, esu nusivylęs"),
    ("negative", "Þjónustan hjá Acme er ömurleg"),
    ("negative", "Mae gwasanaeth Acme yn ofnadwy"),
    ("fault", "Programėlė Acme neveikia nuo ryto"),
    ("fault", "Lietotne Acme nestrādā kopš rīta"),
    ("fault", "Acme rakendus ei tööta"),
    ("fault", "L'aplicació d'Acme no funciona des d'ahir"),
    ("fault", "Acme app akusebenzi kusukela izolo"),
    ("fault", "Acme एप चल्दैन"),
    ("fault", "Acme app ez dabil gaur"),
    ("again", "Paketas vis dar neatėjo"),
    ("again", "Pakotne joprojām nav pienākusi"),
    ("thanks", "Aitäh Acme, kõik jõudis õigel ajal"),
    ("thanks", "Diolch Acme, daeth popeth mewn pryd"),
    ("thanks", "Na gode Acme"),
    ("thanks", "Ngiyabonga Acme"),
    ("thanks", "អរគុណ Acme"),
    ("question", "Hvernig breyti ég lykilorðinu hjá Acme?"),
    ("question", "Kaip pakeisti slaptažodį Acme programėlėje?"),
    ("price", "Acme pakėlė kainą"),
    # leaving for a rival: a complaint, as cancelling is
    ("fault", "Jei Acme dar kartą pakels kainą, pereinu pas Bolt"),
    ("fault", "Ja Acme vēlreiz to izdarīs, pāriešu uz Bolt"),
    ("fault", "Idan Acme ta sake haka, zan koma Bolt"),
    ("fault", "Si Acme torna a fallar, me'n vaig a Bolt"),
    ("fault", "Se Acme non risponde entro domani, cambio operatore"),
    ("fault", "אם Acme לא יחזרו אליי, אני עובר ל-Bolt"),
])
def test_each_language_has_its_words(concept: str, text: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("concept", "text"), [
    # short words of these languages that fold to another language's are left out
    ("question", "La batería se hinchó a los 10 meses"),  # Yoruba "ṣé"
    ("thanks", "Comprei e se der certo aviso"),  # Yoruba "ẹ ṣé"
    ("fault", "hafta sonu açık mı?"),  # Yoruba "sọnù"
    ("negation", "Wilcze Pole to świetna gra"),  # Estonian "pole"
    ("negation", "Mitte Dezember, 25 Personen"),  # Estonian "mitte"
    ("price", "J'ai pris le forfait Acme"),  # Welsh "pris"
    ("question", "süt yerine badem sütü"),  # Welsh "sut"
])
def test_a_word_of_another_language_is_not_theirs(concept: str, text: str) -> None:
    assert count(text, concept) == 0


@pytest.mark.parametrize("text", [
    "Ar kas nors Acme apskritai skaito mūsų laiškus?",
    "Vai kāds Acme vispār lasa mūsu vēstules?",
    "Kas keegi Acmes üldse loeb meie kirju?",
    "Les einhver hjá Acme tölvupóstinn?",
    "Hi ha algú a Acme que llegeixi els correus?",
    "Ba al dago Acme-n gure mezuak irakurtzen dituen norbait?",
    "Oes rhywun yn Acme yn darllen y negeseuon?",
    "Ingabe ukhona umuntu e-Acme ofunda imiyalezo?",
    "Shin akwai wani a Acme da yake karanta saƙonni?",
    "Acme मा सन्देश पढ्ने कोही छ?",
    "Acme එකේ පණිවිඩ කියවන කෙනෙක් ඉන්නවද?",
    "តើមានអ្នកណានៅ Acme អានសារទេ?",
])
def test_asking_whether_anyone_reads_in_these_languages(text: str) -> None:
    assert nobody_answers(features.prepare(text).text)


@pytest.mark.parametrize(("text", "lang", "intent"), [
    ("Kui Acme veel korra hinda tõstab, lähen Boltisse üle.", "et", "complaint"),
    ("Aitäh Acme, uus rakendus on väga hea!", "et", "praise"),
    ("Paldies Acme, piegāde bija ātra un kurjers ļoti laipns!", "lv", "praise"),
])
def test_posts_in_these_languages_read_their_intent(text: str, lang: str, intent: str) -> None:
    prediction, _ = Enricher().predict(text, lang)
    assert prediction.intent == intent
