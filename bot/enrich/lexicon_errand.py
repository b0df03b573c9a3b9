"""Passing errands, for ``lexicon.passing_errand``: a coffee, a lunch or a shop's visit told as
part of the author's day ("grabbing coffee at Kobble before the 9am standup", "quick lunch at
Kobble before the meeting", "petit café chez Kobble avant le boulot ☕", "出張前にKobbleでコーヒー
買った"). The label definitions make a passing mention ``other``/``neutral``
(``tests/data/README.md``); the model, whose corpus holds few of them, read them as praise,
through the grams of a brand's name beside a coffee and the words "quick" and "schnell" of
praise for a fast service.

``ERRANDS`` holds phrases of the errand and of the day around it: a coffee or a meal taken in
passing ("grabbing coffee", "quick lunch", "tomando un café", "almoçando rapidinho"), and the
moment it is squeezed into ("before work", "before the meeting", "avant le boulot", "vor der
Arbeit", "antes de entrar a clase", "出勤前"). A post is a passing errand only when it holds
one and no word of any concept outside these phrases (no praise, fault, thanks, question, price
or negation: "grabbing coffee at Kobble before work, best latte in town" is praise, "grabbed
coffee before work and they got my order wrong again" a complaint, and the model reads them).
Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese, Japanese and Korean) and are matched in every post in every language.

Written on 2026-12-05 from the dev half's errors of ``tests/data/blind_mixed15.tsv`` (six
passing mentions of a coffee or a meal in six languages read as praise), whose test half shares
its scenario (a coffee at Kobble in passing), so figures on that set flatter it.
"""

from __future__ import annotations

ERRANDS: dict[str, str] = {
    "en": "grabbing coffee|grabbing a coffee|grabbed coffee|grabbed a coffee|grab a coffee|"
          "getting coffee|getting a coffee|got coffee$|coffee run$|coffee break$|quick coffee|"
          "quick lunch|quick bite|quick breakfast|grabbing lunch|grabbing breakfast|"
          "grabbing a bite|picking up lunch|lunch break$|before work$|before the meeting|"
          "before my meeting|before the standup|before standup|before class$|before school$|"
          "before my flight|after work$|after class$|on my way to work|on the way to work|"
          "on my way home|on the way home",
    "es": "tomando un cafe|tomandome un cafe|un cafecito|antes de entrar|antes del trabajo|"
          "antes de clase|antes de la reunion|antes del vuelo|despues del trabajo|"
          "de camino al trabajo|de camino a casa|almorzando rapido",
    "pt": "tomando um cafe|um cafezinho|almocando rapidinho|antes da reuniao|antes do trabalho|"
          "antes da aula|antes do voo|depois do trabalho|a caminho do trabalho|"
          "a caminho de casa",
    "fr": "petit cafe|avant le boulot|avant le taf|avant le travail|avant la reunion|"
          "avant les cours|avant le cours|apres le boulot|apres le travail|"
          "en allant au boulot|en rentrant du boulot|pause dej|pause cafe",
    "de": "vor der arbeit|vorm fruhstuck|vor dem fruhstuck|vor dem meeting|vorm meeting|"
          "nach der arbeit|auf dem weg zur arbeit|auf dem heimweg|schnell noch|kurz noch|"
          "mittagspause$|kaffeepause$",
    "it": "prima del lavoro|prima della riunione|prima di lezione|dopo il lavoro|"
          "caffe al volo|pranzo al volo|pausa pranzo|pausa caffe|andando al lavoro",
    "nl": "voor het werk|na het werk|voor de vergadering|op weg naar mijn werk|"
          "op weg naar huis|koffie halen|even koffie|lunchpauze$",
    "ja": "出勤前|出社前|会議前|出張前|仕事前|仕事帰り|会社帰り|学校帰り|帰りに|ついでに",
    "zh": "上班前|开会前|下班后|下班路上|上班路上|顺路",
    "ko": "출근 전|출근길|퇴근길|회의 전|점심시간",
}
