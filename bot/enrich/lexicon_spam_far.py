"""Spam's words in seven languages customers write in that had none: Slovak, Catalan,
Bulgarian, Serbian (both alphabets), Croatian, Lithuanian and Amharic (and since features v90
more of Norwegian's and Finnish's, whose prize spam had one word of spam), merged into
``lexicon.CONCEPTS``'s ``spam_money`` (money promised: earn, a day, from home) and
``spam_action`` (what spam asks: click, the link, win, confirm, the password).

A review's labelled file (2026-12-07, ``tests/fixtures/enrich_langs_labelled.jsonl``) had
"earn N a day from home, click the link" in each of them: in Slovak and Croatian the grams
they share with Czech and Polish read them as spam, but the Bulgarian and Serbian in Cyrillic
read as complaints, the Lithuanian ``other`` and the Amharic praise.

The rules of ``lexicon`` hold: folded word starts (``$``: the whole word), every entry
matched in every post in every language, so words a neighbour writes in another sense are
left out: Russian "доход", "кредит" (income, a loan: a complaint about a loan says them),
Danish "denne" (this; Slovak "denne", daily), Portuguese "clica" (Catalan "click!", but
Portuguese "não consigo clicar"), Catalan "ingressos" (income; Portuguese "tickets"), Croatian
and Serbian "osvojite" (win: a company's own prize draw is news, ``other``), Amharic "በቀን"
alone (a day: "cut twice a day"), and the bare word for a link, which a complaint names when a
link does not work.
"""

from __future__ import annotations

SPAM_MONEY: dict[str, str] = {
    "sk": "zarob si|zarobte|zárobok|za deň$|zaručený|zaručené|ľahké peniaze|z pohodlia domova",
    "ca": "guanya|guanyar|guanyeu|des de casa|diners fàcils|préstec",
    "bg": "печелете|спечелете|спечели|на ден$|лесни пари|от вкъщи|гарантирана печалба",
    "sr": "зарадите|дневно$|од куће|лак новац|гарантована зарада|"
          "zaradite|dnevno$|od kuće|lak novac|lakog novca|garantovana zarada",
    "hr": "zaradite|zaradi$|dnevno$|od kuće|lak novac|lakog novca|zajamčena zarada",
    "lt": "uždirbk|uždirbti|uždirbkite|uždarbis|per dieną|iš namų|lengvi pinigai|"
          "garantuotas pelnas",
    "am": "ከቤትዎ|ከቤት ሆነው|ገቢ ያግኙ|ብር ያግኙ",
}

SPAM_ACTION: dict[str, str] = {
    "sk": "kliknite|klikni na|odkaz v bio|overte|potvrďte|vyhrajte|výherca|gratulujeme|"
          "iba dnes|len dnes|číslo karty",
    "ca": "clica l'enllaç|clica aquí|clica a l'enllaç|l'enllaç de la bio|enllaç a la bio|"
          "registra't|guanyador|sorteig|felicitats|només avui|contrasenya|número de targeta",
    "bg": "кликнете|натиснете линка|линка в био|регистрирайте се|потвърдете|спечелихте|"
          "поздравления|само днес|паролата си|номера на картата",
    "sr": "кликните|линк у опису|региструјте се|потврдите|добитник|честитамо|"
          "само данас|лозинку|број картице|"
          "kliknite|link u opisu|registrujte se|potvrdite|dobitnik|čestitamo|"
          "samo danas|lozinku|broj kartice",
    "hr": "kliknite|klikni na|link u opisu|poveznicu u opisu|registrirajte se|potvrdite|"
          "dobitnik|čestitamo|samo danas|lozinku|broj kartice",
    "lt": "spausk|spauskite|nuorodą aprašyme|registruokis|patvirtink|laimėk|laimėtojas|"
          "sveikiname|tik šiandien|slaptažodį|kortelės numerį",
    "am": "ሊንኩን ይጫኑ|ይህን ይጫኑ|ይመዝገቡ|አሸናፊ|እንኳን ደስ አለዎት|ዛሬ ብቻ|የይለፍ ቃል",
    # a ninth review (2026-12-07, features v90): Norwegian and Finnish prize spam ("Vinn en
    # gratis reise! Klikk på lenken og skriv inn kortdetaljene dine", "Voita iPhone! Klikkaa
    # linkkiä ja täytä tietosi") read ``other``: their one word of spam ("klikk her",
    # "klikkaa", ``lexicon_world``) was not enough. Not Finnish "voita" alone (butter, as
    # an object: "ostin voita"), nor bare "lenken"/"linkki" (a link that does not work)
    "nb": "klikk på lenken|vinn en|vinn et|kortdetaljene|kortopplysningene",
    "fi": "klikkaa linkkiä|täytä tietosi|korttitietosi|voit voittaa|voita jopa",
}
