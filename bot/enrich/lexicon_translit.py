"""Languages as their speakers type them in Latin letters, and the words of billing shock.

Customers write Russian, Greek, Arabic and Bengali in Latin letters as often as in their own
scripts when the keyboard at hand is Latin ("opyat' lezhit", "i Wattora ekopse to reuma",
"el net wa2e3 men embare7", "net abar gese"), and mix English into Indonesian, Malay,
Swahili and Tagalog. The lexicon had Latin-letter entries for Hindi, Indonesian, Malay,
Swahili and Tagalog but none for Russian, Greek (greeklish), Arabic (Arabizi, digits for the
letters Latin lacks: 2 hamza, 3 ain, 5 kha, 7 ha) or Bengali, so a translit complaint was read
by its brand and its punctuation alone, often as ``other``, and "spasibo ..., ochen priyatno"
or "shokran gedan ..., a7san customer service" were not praise.

- ``FAULT``: outages, delays, double charges, refunds not paid, accounts blocked, merged into
  ``fault``; Arabic's ``fault`` entries with the article "ال" ("التأخير", the delay), which
  the lexicon's word-start matching missed;
- ``NEGATIVE`` and ``POSITIVE``: verdicts ("apaisio", "ntropi", "uzhas", "7aga te2araf";
  "teleia", "ochen priyatno", "a7san", "khub bhalo"), Indonesian "baik banget", a bill that
  swelled ("tagihan naik", "bil melambung", "apa ni boss");
- ``THANKS``, ``AGAIN``, ``SARCASM`` ("nu spasibo", "franchement chapeau"),
  ``BUY`` (Polish "polecacie", what do you recommend).

Arabizi's digits are folded to "0" like every digit in the text (``features.fold_digits``), so
its entries match as written. Entries are several letters long or phrases, and were checked
against the everyday words of the Latin-script neighbours: English "net", "mesh", French "ne",
Indonesian "sayang", Polish "dostali" (they received), Swahili "mara mbili" (twice, also
"twice a week") are left out. Written on 2026-12-02 by the writer of
``tests/data/blind_mixed12.tsv`` from its dev half's errors; the set's posts follow a few
scenarios in most languages in both halves (an outage, a refund, a delayed flight, a named
agent's help), so figures on it flatter these entries.

Narrowed in features v50 by a reviewer's probes, written and labelled before anything was run
(``tests/data/probe_neighbours.tsv``'s block for v50), where an entry was another language's
everyday word or a name: Czech, Slovak and Croatian "pozor" (attention: notices, warnings) is
no Russian verdict; Arabic "الخصم" is mostly the discount ("كود الخصم", a promo code) or the
opponent; Malay "apa ni" alone is "what is this?", "melambung" soaring or bouncing (a name's
fame, a ball), Indonesian "membengkak" swelling (a foot, prices in the news): the bill must be
named; Swahili "walikata", "wamekata" (they cut) also cut a price, a cake, trees: the money,
power or water must follow; Arabizi "tani" (again) is Polish "tani" (cheap), Indonesian
"tani" (farming) and a name ("Tany"): only after a fault word or before "ya"; greeklish "pali"
(again) is Italian "pali" (poles, goalposts) and Hawaii's Pali: only in a phrase; "sveta net"
also "Sveta, no" (a name); a sincere "prosto mechta" (simply a dream) is as common as a
sarcastic one.

Features v63 (2026-12-02, by the writer of ``tests/data/blind_mixed14.tsv``, posts typed on
phones, from its dev half's errors): the verdicts and thanks of Persian (Finglish: "kheili
bade", "mozakhraf"; "aali", "kheili khoob", "mamnoon"), Urdu ("bohat bura"; "bohat acha",
"behtareen", "shukriya"), Japanese romaji ("saiaku", "hidoi"; "saikou", "sugoi", "arigatou"),
Chinese pinyin without tones ("laji", "tai cha", "wu yu"; "hen hao", "tui jian", "xiexie") and
Thai ("yae mak"; "dee mak", "jai dee", "khob khun") typed in Latin letters, and Hindi's plural
and feminine "bahut acche", "bahut achhi" beside the "achha" it had. Not "merci" alone (French),
"ache" (English), "mou" (Greek), "hao" or "dee" alone. The set's two halves share their
scenarios (a vet who cured a cat, a garage fast and cheap, a deposit not returned), so its
figures flatter these entries.
"""

from __future__ import annotations

FAULT: dict[str, str] = {
    "ru": "ne rabotaet|ne rabotayet|ne rabotaut|lezhit$|lezhat$|upal$|upala$|otklyuchili|"
          "otklyuchen|vyrubili|zablokiroval|zablokirovali|zabanil|zabanili|ne prishl|"
          "ne vernuli|ne vozvrash|zaderzhk|zaderzhali|otmenili|spisali dvazhdy|"
          "spisali dva raza|interneta net|net interneta|net sveta|ne otvechaet|"
          "ne otvechayut|ne dozvonit|slomal",
    "el": "den leitourgei|den litourgei|den douleuei|den doulevei|epese|pesei$|peseiei|"
          "kathysterisi|kathisterisi|kathysterhsh|kathysterei|akyrwsan|akyrosan|"
          "akyrwthike|akirothike|ekopse|ekopsan|kopike|xwris reuma|xoris revma|"
          "xwris internet|xoris internet|xwris syndesi|xoris syndesi|den mou dinoun|"
          "den apantane|den apantaei|kaneis den leei|kanenas den leei",
    "ar": "التأخير|والتأخير|بالتأخير|الانقطاع|والانقطاع|الإلغاء|الاسترجاع|"
          "wa2e3|wa2ea|2ate3|2at3in|mawsalsh|mawsalash|mesh shaghal|msh shaghal|"
          "mish sha8al|mafish net|mafeesh net|mafish nour|mafish kahraba|mafeesh kahraba|"
          "5asamo|khasamo|khasamou|marteen|martein|mabyrodesh|mafish 7ad biyrod|"
          "ma7adesh biyrod|et2a5ar|met2a5ar|metakhar|lessa mafish|lessa mawsalsh|"
          "lessa mawsaltsh|mesh radyeen|msh radyeen",
    "bn": "kaj korche na|kaj kore na|kaaj korche na|net nai|net nei|connection nai|"
          "connection nei|kete nise|kete nilo|kete niyeche|taka kete|hoy nai|hoyni$|"
          "ashe nai|asheni$|pai nai|paini$|abar gese|abar gelo|chole gese|bondho hoye",
    "sw": "walikata pesa|wamekata pesa|walikata salio|wamekata salio|walikata stima|"
          "wamekata stima|walikata umeme|wamekata umeme|walikata maji|wamekata maji|"
          "wamenikata|hawajarudisha|hawajanirudishia|imezima|"
          "zimepotea|stima hakuna|hakuna stima|mnatuchezea",
    "id": "tagihan naik|tagihannya naik|naik drastis|tagihan membengkak|tagihannya membengkak|"
          "tagihan bengkak|lipat padahal|"
          "padahal pemakaian|tanpa notif",
    "ms": "bil melambung|naik mendadak",
    "tl": "walang rebooking|walang refund|walang update|charged me twice|na-charge ng dalawang",
}

NEGATIVE: dict[str, str] = {
    "ru": "uzhas$|uzhasno|koshmar|otvratitel|bezobrazie|zhest$|skolko mozhno|"
          "skol'ko mozhno|nadoelo|otstoy|razocharovan|obmanshchik",
    "el": "apaisio|apaiseio|ntropi|ntroph|aisxos|aisxi|xalia$|aparadekto|"
          "aparadekti|ta nevra mou|nevriasa",
    "ar": "7aga te2araf|7aga t2araf|zeft$|5ara$|wa7esh|we7esh|3eib 3alekom|3eeb 3alekom|"
          "mesh ma32ool|msh ma32ool|7aram 3alekom|ya3ni eh da|zah2an|zahe2t",
    "bn": "ki je obostha|jghonno|jogonno|faltu service|birokto|kharap service",
    "sw": "wezi$|ni wezi|mnatuchezea",
    "ms": "apa ni boss|mahal gila",
    "tl": "sayang yung|sayang ang leave|super hassle|ang hassle",
    "fa": "kheili bad$|kheili bade|kheyli bad$|kheyli bade|eftezah|mozakhraf|ashghal$|"
          "khaste shodam|bishour",
    "ur": "bohat bura|bohat buri|bohot bura|ghatiya|bekaar|bakwas",
    "ja": "saiaku|saitei|hidoi|mou muri|mou iya|fuben",
    "zh": "laji$|tai cha|hen cha|wu yu$|wuyu$|keng ren|tai keng|zao gao|zaogao",
    "th": "yae mak|yae maak|yae$|mai wai laew|mai dee loei",
}

POSITIVE: dict[str, str] = {
    "ru": "ochen priyatno|ochen dovol|molodtsy|molodets|otlichno|klassno|rekomenduyu|"
          "spasibo bolshoe|spasibo ogromnoe|bystro reshil|vse reshil|vsyo reshil",
    "el": "eyxaristw|euxaristw|efxaristo|eyxaristoume|teleia|teleio$|yperoxa|yperoxo|"
          "katapliktiko|katapliktikh|poly kalo|poly kali|eksairetik|amesws",
    "ar": "shokran|shukran|a7san|ahsan customer|7elw awi|helw awi|7elwa awi|"
          "rabena ye5alihom|rabena ye5alik|rabena ykhalik|tislam|tislamo|ya3tik el3afye|"
          "7al el moshkela|hal el moshkela|mashkoor|mashkoura|zo2a2",
    "bn": "khub bhalo|onek bhalo|darun|osadharon|khub helpful|onek thanks|dhonnobad|"
          "dhonyobad|time moto",
    "id": "baik banget|baik bgt|baik sekali|rezekinya lancar|fast response",
    "ms": "on time, terbaik|sangat helpful",
    "fa": "aali$|aalie|kheili khoob|kheili khub|kheyli khoob|mamnoon|"
          "dastetoon dard nakone|dast marizad|ghashang|fogholade",
    "ur": "bohat acha|bohat achha|bohat ache|bohat achi|behtareen|zabardast|shukriya",
    "hi": "bahut acche|bahut achhe|bahut achhi|bahut acchi|bohot acche|bohot achhe|"
          "ekdum first class",
    "ja": "saikou|sugoi|subarashii|arigatou|arigato|yasashii|yasashikatta|tasukatta|"
          "kanpeki|oishii",
    "zh": "hen hao|hao ping|haoping|tui jian|tuijian|bu cuo|bucuo|xie xie|xiexie|gei li|"
          "geili",
    "th": "dee mak|dee maak|jai dee|khob khun|khop khun|sabai mak|aroi mak|suay mak|"
          "prathab jai",
}

THANKS: dict[str, str] = {
    "ru": "spasibo|blagodaryu",
    "el": "eyxaristw|euxaristw|efxaristo|eyxaristoume",
    "ar": "shokran|shukran|mashkoor",
    "bn": "dhonnobad|dhonyobad|onek thanks",
    "fa": "mamnoon|merci az|dastetoon dard nakone",
    "ur": "shukriya",
    "ja": "arigatou|arigato",
    "zh": "xie xie|xiexie",
    "th": "khob khun|khop khun",
}

AGAIN: dict[str, str] = {
    "ru": "opyat$|opyat'|snova$|v kotoryy raz|v kotoryi raz|tretiy raz",
    "el": "kai pali|pali den|pali epese|pali xwris|pali xoris|pali ta idia|pali kathysteri|"
          "ksana$|xana$|gia akomi mia fora",
    "ar": "wa2e3 tani|wa2ea tani|wa2ef tani|3atlan tani|3atel tani|tani ya|tany ya|"
          "wa2e3 tany|wa2ea tany|wa2ef tany|3atlan tany|kaman mara|kol mara|men embare7|"
          "men imbare7",
    "bn": "abar$|protidin|sokal theke",
}

SARCASM: dict[str, str] = {
    "ru": "nu spasibo|kak vsegda na vysote",
    "fr": "franchement chapeau",
}

BUY: dict[str, str] = {
    "pl": "polecacie|co polecacie|jakie polecacie|co polecicie",
}
