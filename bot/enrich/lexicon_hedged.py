"""Entries of ``sarcasm`` that are sincere in most uses: sarcasm only beside something wrong.

"can't wait to spend another hour on hold" is sarcasm, "can't wait to try the new release!"
eagerness; "спасибо за быструю помощь" (thanks for the quick help) is a thank-you, "спасибо за
очередной сбой" (thanks for yet another outage) sarcasm. The words alone do not tell them
apart: what the post names beside them does. An entry of ``CANT_WAIT`` or ``SINCERE`` counts as
``sarcasm`` only when the post holds, outside it, a word of ``fault`` (not what is owed: "спасибо
за возврат денег"), ``negative``, ``again`` or ``setback``, a negation ("trois jours sans
internet"), another entry of ``sarcasm``, or "another" and its kind ("another hour", "otra
hora", "un'altra ora"), and names no fix (``resolved``); otherwise it counts for nothing, and
the words of fault, negation, request or question inside it ("can't" of "can't wait", "no" of
"no veo la hora", "posso" of "mal posso esperar", "erwarte" of "kann's kaum erwarten") go with
it: eagerness is no fault (``lexicon._hedged``, features v69). A word of ``trouble`` is not
enough: thanks name the problem they fixed ("ขอบคุณที่ช่วยแก้ปัญหา"). The thanks and praise
inside an entry ("спасибо", "tebrikler") are their own entries and stay.

``CANT_WAIT`` holds "can't wait" and its kind, in the languages that had it as sarcasm and in those
that lacked it (Portuguese "mal posso esperar", Spanish "no veo la hora", Polish "nie mogę się
doczekać", Russian "не могу дождаться", Ukrainian "не можу дочекатися"); they are added to the
``sarcasm`` entries. ``SINCERE`` names existing entries of ``sarcasm`` that are the plain ways
to thank: Russian "спасибо за", Ukrainian "дякую за", Thai "ขอบคุณที่" and "ขอบคุณมากเลย",
Brazilian "valeu", Turkish "sağ olun", "çok teşekkürler", "eksik olmayın", and the Italian
praise "bravi davvero", "complimenti davvero" (2026-12-07: sincere as often as they close a
post of a failure; added to ``sarcasm`` with them). Of the corpus's and
the blind sets' posts with them that name nothing wrong beside them, most are sincere
("спасибо за" 4 of 5). Entries sarcastic in most uses ("thanks for nothing", "oh great", "wow",
"genial", "serio", "bravo", "🙄") are not here: they mark the sarcasm that names no fault
("Serio?"). Nor, for now, the congratulations and praise sincere in most posts too ("great
job", "so proud", "glückwunsch", "tebrikler", "franchement chapeau", "神対応", French "vraiment"):
hedged with the thanks, the retrained model lost three held-out posts' polarity and turned a
pinned post of ``tests/enrich/test_lexicon_indirect.py`` (eager thanks in advance) neutral.

Written on 2026-12-03 from a review's list of defects and general knowledge; the examples of
the tests were written before anything was run, in several phrasings and languages each.
"""

from __future__ import annotations

# language -> "can't wait" and its kind, folded when used, separated by "|" (as ``sarcasm``)
CANT_WAIT: dict[str, str] = {
    "en": "can't wait to|cant wait to|can't wait for|cant wait for|cannot wait to|"
          "cannot wait for|can not wait to",
    "de": "kann's kaum erwarten|kanns kaum erwarten|kann es kaum erwarten",
    "it": "non vedo l'ora",
    "nl": "kan niet wachten",
    "pt": "mal posso esperar|mal posso aguardar",
    "es": "no veo la hora|no puedo esperar a|no puedo esperar para",
    "pl": "nie mogę się doczekać|nie moge sie doczekac",
    "ru": "не могу дождаться|жду не дождусь",
    "uk": "не можу дочекатися|чекаю не дочекаюсь",
}

# language -> entries of ``sarcasm`` (as written there) that are sincere in most posts
SINCERE: dict[str, str] = {
    # review 2026-12-07: Italian "well done, really" closing a post of a failure ("treno
    # soppresso. Bravi davvero.") and as often sincere ("bravi davvero, consegna in un giorno")
    "it": "bravi davvero|complimenti davvero",
    "pt": "valeu$",
    "ru": "спасибо за",
    "uk": "дякую за",
    "tr": "sağ olun|çok teşekkürler|eksik olmayın",
    "th": "ขอบคุณที่|ขอบคุณมากเลย",
}
