"""A customer asking the company when it will fix a fault: "the update drained my battery,
when will you fix it?", "¿cuándo lo arreglan?", "wann wird das behoben?", "언제 고쳐주나요?".

The label definitions make a question asked for a fact with no fault in view a ``question``,
and one whose frame reproaches a complaint. Asking when a fault will be fixed has the fault
in view and waits on the company, as "still waiting for an answer" does (``lexicon.awaited_wish``
makes that a complaint): a complaint, negative. The model read such a post by its question
mark, a question without feeling (a review's labelled file of consumer brands, 2026-12-07: a
phone update's fault closed on "¿cuándo lo arreglan?" and "언제 고쳐주나요?" in its dev half).
``model.TextModel.predict`` reads a question or a lead that asks when a fix comes as a
complaint, negative.

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese, Thai and Korean): "when" joined to "fix", "repair" or "solve" said of the
company or the fault, not "when" alone ("when does the store open?") nor "fix" alone ("how do I
fix my settings?", a question).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

FIX_WHEN: dict[str, str] = {
    "en": "when will you fix|when will it be fixed|when will this be fixed|when are you fixing|"
          "when are you going to fix|when is this getting fixed|when will they fix|"
          "when is the fix|when's the fix|when will you sort|when will it be sorted|"
          "when will you resolve|when will this be resolved|when will it be resolved",
    "es": "cuando lo arreglan|cuando lo van a arreglar|cuando van a arreglar|cuando arreglan|"
          "cuando lo solucionan|cuando lo van a solucionar|cuando van a solucionar|"
          "cuando se va a arreglar|cuando se arregla|cuando lo corrigen",
    "pt": "quando vao resolver|quando vao arrumar|quando vao consertar|quando vao corrigir|"
          "quando resolvem|quando vai ser resolvido|quando vai ser corrigido|quando corrigem",
    "fr": "quand allez-vous corriger|quand allez-vous reparer|quand allez-vous regler|"
          "quand est-ce que vous allez corriger|quand est-ce que vous allez reparer|"
          "quand est-ce que ce sera corrige|quand ce sera corrige|c'est corrige quand|"
          "c'est repare quand|vous corrigez quand|vous reparez quand",
    "de": "wann wird das behoben|wann wird das gefixt|wann wird der fehler behoben|wann behebt|"
          "wann fixt|wann repariert ihr|wann kommt ein fix|wann kommt der fix|wann wird es behoben",
    "it": "quando lo sistemate|quando sistemate|quando lo risolvete|quando risolvete|"
          "quando verra risolto|quando lo correggete|quando correggete",
    "nl": "wanneer wordt dit opgelost|wanneer wordt het opgelost|wanneer lossen jullie|"
          "wanneer is dit opgelost|wanneer is het opgelost|wanneer wordt dit gefixt",
    "pl": "kiedy to naprawicie|kiedy naprawicie|kiedy to poprawicie|kiedy poprawicie|"
          "kiedy bedzie naprawione|kiedy to naprawia",
    "tr": "ne zaman duzelteceksiniz|ne zaman duzelecek|ne zaman cozulecek|ne zaman cozeceksiniz",
    "ru": "когда исправите|когда почините|когда это исправят|когда это починят",
    "id": "kapan diperbaiki|kapan dibenerin|kapan dibetulin",
    "hi": "कब ठीक होगा|कब ठीक करोगे|कब ठीक करेंगे|kab theek hoga|kab thik hoga|kab fix hoga",
    "ar": "متى بتصلحون|متى تصلحون|متى يتصلح|امتى هيتصلح|امتى هتصلحوا|امتى تصلحوا",
    "ja": "いつ直る|いつ直し|いつ修正され|いつ修正して|いつ改善され",
    "zh": "什么时候修复|何时修复|什么时候能修好|什麼時候修復",
    "ko": "언제 고쳐|언제 해결해|언제 해결되|언제 수정해|언제 수정되",
}


@cache
def _pattern() -> re.Pattern[str]:
    """``FIX_WHEN`` over folded text (``lexicon_wait.entries_pattern``)."""
    return entries_pattern(FIX_WHEN)


def asks_when_fixed(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) asks when a fault will be fixed."""
    return _pattern().search(folded) is not None
