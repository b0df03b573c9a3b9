"""A cry for help: "help!!", "HELP ME", "помогите!!", "助けて", "socorro", a clause that is only
a plea for help, written to a brand.

The model read it as praise, positive, in every language: English "help" is +1.7 in VADER's
lexicon (a feature of English posts and half of their compound), and the corpus holds "help"
and its kin only as thanks ("thanks for the help", "спасибо, помогли", "助けてくれて"; the
``resolved`` concept has "помог", "助けて" for help received), so the character grams of the
word lean to praise. By the label definitions a plea to a brand is the author saying something
went wrong for them: a ``complaint`` (complaint before question in the guidelines' order, as
for "is X down?"), ``negative`` (distress, like frustration). A post that is only a plea is
read so; one with a plea clause and more ("please help, my account is locked") keeps the
model's question, lead or spam, and its praise or ``other`` becomes a complaint and its
positive negative. "Can you help me reset my password?" is no plea (the words are not a clause
of their own): a question, as the model reads it.

Entries are whole clauses, folded (``features.fold_text``), written for this module from
general knowledge, not taken from a labelled set; a clause may add a word of politeness
(``POLITE``) or a vocative (``PEOPLE``: "люди", "guys", "alguien").
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick
import regex

PLEAS: dict[str, str] = {
    "en": "help|help me|help us|helppp|halp|need help|i need help|we need help|"
          "somebody help|someone help|anybody help|anyone help|somebody help me|"
          "someone help me|sos|mayday|save me|send help|help needed",
    "es": "ayuda|ayudame|ayudenme|ayudanos|auxilio|socorro|necesito ayuda|alguien ayudeme|"
          "alguien me ayuda|ayudaaa",
    "pt": "socorro|ajuda|me ajuda|me ajudem|ajudem|ajudem me|preciso de ajuda|"
          "alguem me ajuda|alguem ajuda|socorrooo",
    "fr": "au secours|a l'aide|aidez moi|aidez-moi|aide moi|aide-moi|aidez nous|aidez-nous|"
          "besoin d'aide|j'ai besoin d'aide|a l aide",
    "de": "hilfe|hilf mir|helft mir|helfen sie mir|brauche hilfe|ich brauche hilfe|"
          "hilfeee",
    "it": "aiuto|aiutatemi|aiutami|aiutateci|ho bisogno di aiuto|qualcuno mi aiuti|"
          "soccorso",
    "nl": "help mij|help me|hulp|hulp nodig|ik heb hulp nodig|help ons",
    "pl": "pomocy|pomozcie|pomoz|ratunku|potrzebuje pomocy|pomozcie mi|niech ktos pomoze",
    "ru": "помогите|помоги|спасите|помогите мне|нужна помощь|караул|памагите|sos",
    "uk": "допоможіть|допоможи|рятуйте|потрібна допомога|допоможіть мені",
    "tr": "yardim|yardim edin|imdat|yardima ihtiyacim var|yardim et|biri yardim etsin",
    "sv": "hjalp|hjalp mig|hjalp oss",
    "da": "hjaelp|hjaelp mig|hjælp|hjælp mig",
    "nb": "hjelp|hjelp meg",
    "cs": "pomoc|pomozte|pomozte mi|potrebuji pomoc",
    "ro": "ajutor|ajutati-ma|ajutati ma",
    "hu": "segitseg|segitsetek",
    "el": "βοηθεια|βοηθηστε|βοηθεια παρακαλω|σωστε με",
    "he": "הצילו|עזרה|תעזרו לי|עזרו לי",
    "ar": "النجدة|ساعدوني|ساعدني|الحقوني|احتاج مساعدة|أحتاج مساعدة|مساعدة",
    "fa": "کمک|کمکم کنید|به دادم برسید",
    "hi": "मदद|मदद करो|मदद कीजिए|बचाओ|help karo|madad karo|madad|bachao",
    "id": "tolong|tolongin|tolong bantu|bantu saya|tolong saya|butuh bantuan",
    "ms": "tolong|tolong saya|bantu saya|perlukan bantuan",
    "vi": "cuu|cuu voi|cuu toi|giup voi|giup toi|giup em|giup minh",
    "tl": "tulong|tulungan nyo ako|tulungan niyo ako|saklolo",
    "sw": "msaada|nisaidieni|nisaidie|tusaidieni",
    # scripts without spaces: a clause is the plea and polite endings
    "ja": "助けて|たすけて|助けてください|助けて下さい|誰か助けて|だれか助けて|ヘルプ|"
          "助けてくれ|たすけてー|助けてー",
    "zh": "救命|帮帮我|帮帮忙|求助|求救|救救我|帮我|谁来帮帮我|救命啊",
    "ko": "도와주세요|도와줘|도와줘요|살려주세요|살려줘|도움이 필요해요|도움 필요|도와주십시오",
    "th": "ช่วยด้วย|ช่วยด้วยครับ|ช่วยด้วยค่ะ|ช่วยหน่อย|ช่วยที|ใครก็ได้ช่วยที",
}
# words a plea may add in its own clause: politeness and "anyone", "guys"
POLITE = ("please|pls|plz|plis|pleaseee|asap|urgent|now|por favor|porfa|pf|pfv|bitte|"
          "s'il vous plait|svp|stp|per favore|per piacere|prosze|пожалуйста|плиз|пж|"
          "будь ласка|lutfen|alsjeblieft|aub|alstublieft|prosim|va rog|kerem|"
          "παρακαλω|בבקשה|لو سمحتم|من فضلكم|من فضلك|لطفا|कृपया|please karo|plz karo|"
          "dong|ya|nhe|di|po|tafadhali|ください|请|拜托|제발|ครับ|ค่ะ|kak|mas|"
          # crying marks written as letters (Korean jamo)
          "ㅠㅠ|ㅜㅜ|ㅠㅠㅠ|ㅜㅜㅜ|ㅠ|ㅜ")
PEOPLE = ("guys|people|folks|someone|somebody|anyone|anybody|gente|chicos|pessoal|galera|"
          "alguem|alguien|leute|ragazzi|ludzie|люди|ребята|люди добрые|народ|"
          "друзі|arkadaslar|jongens|lidi|oameni|παιδια|חבר'ה|يا جماعة|يا ناس|dosto|bhai|"
          "teman|min|gan|ban oi|mga kaibigan|jamani|みんな|大家|여러분")

# clauses end at sentence and clause marks (and a line break); emoji and the marks a post's
# links and handles became (features.prepare) are no words
_CLAUSE = re.compile(r"[.!?,;:…\n¡¿。！？，、؟،؛()\[\]\"“”«»]+")
_NOT_WORD = regex.compile(r"[^\w\p{M}\s'’-]+")  # Thai and Indic vowel signs are marks
# a plea with its letters drawn out ("heeelp", "socorrooo") is looked for in a short post
# only: a cry of that kind stands alone, and a long post is spared the squeezing
DRAWN_OUT = 64
SHORT = 48  # characters: a longer clause is no cry for help, and is not read word by word


@cache
def _automaton() -> ahocorasick.Automaton:
    """Every plea, and its letters squeezed as ``_is_plea`` squeezes them: a post holding none
    is no plea, found with one C pass over it."""
    automaton = ahocorasick.Automaton()
    for entry in _entries()[0]:
        for form in (entry, _LONG_RUN.sub(r"\1", entry), _RUN.sub(r"\1", entry)):
            if len(form) >= 3 or form == entry:  # "cuu" squeezed is every "cu"
                automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


_LONG_RUN = re.compile(r"(\w)\1{2,}")
_RUN = re.compile(r"(\w)\1+")


@cache
def _entries() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(pleas, words of politeness, vocatives), folded as a post's text is."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    pleas = {fold(w) for text in PLEAS.values() for w in text.split("|")}
    return (frozenset(pleas), frozenset(fold(w) for w in POLITE.split("|")),
            frozenset(fold(w) for w in PEOPLE.split("|")))


def _kind(clause: str) -> str:
    """``plea``, ``filler`` (politeness and vocatives alone: "люди", "please") or ``other``."""
    if len(clause) > SHORT:
        return "other"
    words = _strip(_NOT_WORD.sub(" ", clause).replace("’", "'").split())
    if not words:
        return "filler"
    return "plea" if _is_plea(words) or _unspaced_plea(clause) else "other"


def _strip(words: list[str]) -> list[str]:
    """``words`` without the politeness and vocatives at either end ("please help", "help me
    por favor"; "люди, помогите" is split by its comma already)."""
    _, polite, people = _entries()
    fillers = polite | people
    changed = True
    while words and changed:
        changed = False
        for n in (3, 2, 1):
            if len(words) >= n and " ".join(words[:n]) in fillers:
                words, changed = words[n:], True
                break
            if len(words) >= n and " ".join(words[-n:]) in fillers:
                words, changed = words[:-n], True
                break
    return words


def _is_plea(words: list[str]) -> bool:
    pleas = _entries()[0]
    phrase = " ".join(words)
    if phrase in pleas:
        return True
    # a plea typed with its letters drawn out ("heeelp", "helppp", "помогитеее")
    return _LONG_RUN.sub(r"\1", phrase) in pleas or _RUN.sub(r"\1", phrase) in pleas


def _unspaced_plea(clause: str) -> bool:
    pleas, polite, _ = _entries()
    text = _NOT_WORD.sub("", clause).replace(" ", "")
    text = re.sub(r"[ー〜~]+$", "", text)
    for word in sorted(polite, key=len, reverse=True):
        if word and not word.isascii() and text.endswith(word) and text != word:
            text = text[:-len(word)]
    return bool(text) and text in pleas


def plea(folded: str) -> str | None:
    """``"alone"`` when a folded post (``features.prepare``'s text) is only a cry for help
    (besides handles, links and emoji), ``"within"`` when one of its clauses is, else None."""
    automaton = _automaton()
    if next(automaton.iter(folded), None) is None and (
            len(folded) > DRAWN_OUT or not _LONG_RUN.search(folded)
            or next(automaton.iter(_LONG_RUN.sub(r"\1", folded)), None) is None):
        return None  # most posts: no plea's letters anywhere
    parts = _CLAUSE.split(folded)
    marks = [m.group() for m in _CLAUSE.finditer(folded)] + [""]
    clauses = [(c, "?" in mark or "？" in mark or "؟" in mark)
               for c, mark in zip(parts, marks, strict=True) if _NOT_WORD.sub("", c).strip()]
    if not clauses:
        return None
    kinds = [_kind(c) for c, _ in clauses]
    if "plea" not in kinds:
        return None
    if "other" not in kinds:
        return "alone"
    # among other clauses, one that asks ("need help? DM us") offers help rather than pleads
    return "within" if any(k == "plea" and not asked for k, (_, asked) in zip(
        kinds, clauses, strict=True)) else None
