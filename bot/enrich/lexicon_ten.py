"""Concept entries for ten languages that had none: Slovenian, Georgian, Armenian, Azerbaijani,
Kazakh, Uzbek (in Latin letters), Mongolian (in Cyrillic), Marathi, Gujarati and Punjabi (in
Gurmukhi), merged into ``lexicon.CONCEPTS`` (``TEN``); what Croatian, Serbian, Slovak and
Bulgarian lacked (``lexicon_slavic`` gave them ten concepts: not their "but", their news, their
"adore" nor the formulas of a job post, "prijave do..."), Finnish job posts' "haku päättyy",
and Telugu's words of a power cut and of no one answering (``MORE``); the wishes of Slovak,
Slovenian, Croatian, Serbian and Bulgarian ("bilo bi super, če bi...", "би било супер ако...")
for ``lexicon_frames.WISHES`` (``WISHES_TEN``).

Customers write in them, but a post in them found no concept: it had the cues every language
shares (star ratings, a question mark, emoji) and the grams of whatever it shares with a
language the corpus has, so a one-star review ("★☆☆☆☆ Zuvo ... ორჯერ ჩამომაჭრა თანხა": charged
me twice) read ``other``/neutral, praise with a complaint ("Kestrel көлігін жақсы көремін,
бірақ сервис орталығы өте нашар": I love the car, but the service centre is very bad) ``other``
or ``praise``, a street's power cut told in Mongolian or Telugu ``other`` or ``praise``, and a
wish in Bulgarian or Slovenian ("would be great if...") ``praise``/``positive``.

The rules of ``lexicon`` hold: folded word starts (``$``: the whole word), every entry matched
in every post in every language. Short words that fold to a word of another language are left
out or written whole: Azerbaijani "pis" (bad) is Turkish "dirty" and Spanish "flat", Slovenian
"ni" (is not) French and Spanish "ni", "žal" (sadly) Polish "żal", Kazakh and Mongolian
"компания" and "тариф" Russian, Uzbek "yana" (again) a name. Marathi's words that Hindi
writes too are written as only Marathi writes them: "भारी" (great; Hindi "heavy": "भारी बारिश")
as "भारी आहे", "छान" (nice) whole (Hindi "छानबीन", an investigation), "पर्याय" (an option;
Hindi "a byword") in the phrases of asking for one, "तुलना करत" (comparing) with Marathi's
ending (a reviewer's probes of Hindi news, 2026-12-01). So are the words a neighbour writes
as something else (features v33, another reviewer's probes): Azerbaijani "mümkündür" (Turkish
"it is possible") asks only as "mümkündürmü", "işçi" (Turkish "worker") is business only in
"işçi üçün", Uzbek "nega" (Italian and Portuguese "denies") asks only in its phrases, Slovenian
"najbolj" (most) is no praise, only "najboljš" (best), hiring's "natječaj", "konkurs",
"конкурс" (also a prize contest, a giveaway) only in a job's phrases, the news of "otvara",
"odpira" (opens) a whole word, and "ne otvara" (does not open) a fault; ``lexicon``'s
``OTHER_PHRASES`` hold Marathi's and Gujarati's "also" ("मी पण") and Indonesian's gold and
grace ("harga emas", "semoga rahmat"). ``tests/enrich/test_corpus.py``
checks that none changes a corpus post, so the trained weights are the same table. Written on
2026-12-01 by the writer of ``tests/data/blind_mixed8.tsv`` (not a native speaker of any of
them) while its dev half's errors were read: that set's posts in these languages follow one
template in both halves (a one-star and a five-star review, praise with a complaint, an emoji
post, a lead, a question or a wish, a power cut or shouting, a news or job post), so figures
on it flatter these entries.
"""

from __future__ import annotations

TEN: dict[str, dict[str, str]] = {
    "negative": {
        "sl": "grozn|obupn|razočaran|sramot|katastrof|nesprejemljiv|zanič|najslabš|nikoli več|"
              "na žalost|prevarant|jezen$|jezna$",
        "ka": "საშინელ|ცუდი|ცუდად|უარესი|იმედგაცრუებ|სირცხვილ|თაღლით|მიუღებელ|აღარასდროს|"
              "სამწუხაროდ",
        "hy": "սարսափելի|վատ$|վատն|ամենավատ|հիասթափ|ամոթ|խաբեբա|խարդախ|անընդունելի|ցավոք|"
              "այլևս երբեք",
        "az": "bərbad|dəhşət|çox pis|məyus|biabırçı|fırıldaq|qəbuledilməz|təəssüf|rəzalət",
        "kk": "нашар|жаман|көңілім қалды|ұят$|алаяқ|қорқынышты|сұмдық|енді ешқашан|масқара",
        "uz": "yomon|dahshat|hafsalam|uyat$|firibgar|aldamchi|qabul qilib bo'lmaydi|"
              "boshqa hech qachon|sharmandalik",
        "mn": "муу$|аймаар|урам хугар|ичмээр|луйвар|харамсалтай|тааруу|дахиж хэзээ ч",
        "mr": "वाईट|भयंकर|निराश|लाज वाटते|फसवणूक|बेकार|पुन्हा कधीच",
        "gu": "ખરાબ|ભયંકર|નિરાશ|શરમજનક|છેતરપિંડી|બેકાર|ફરી ક્યારેય",
        "pa": "ਮਾੜਾ|ਮਾੜੀ|ਬਹੁਤ ਬੁਰਾ|ਨਿਰਾਸ਼|ਸ਼ਰਮਨਾਕ|ਧੋਖਾ|ਬੇਕਾਰ|ਘਟੀਆ|ਮੁੜ ਕਦੇ ਨਹੀਂ",
    },
    "positive": {
        "sl": "odličn|čudovit|priporočam|zadovolj|prijazn|najboljš|fantastičn|obožujem",
        "ka": "შესანიშნავ|მშვენიერ|საუკეთესო|კარგი|კარგად|მიყვარს|გირჩევთ|კმაყოფილ|სუპერ|მაგარი",
        "hy": "հիանալի|գերազանց|լավագույն|շատ լավ|սիրում եմ|խորհուրդ եմ տալիս|գոհ եմ|"
              "բարեհամբույր|հրաշալի|սուպեր",
        "az": "əla$|əladır|möhtəşəm|ən yaxşı|çox yaxşı|məmnun|mehriban|tövsiyə edirəm|sevirəm",
        "kk": "керемет|тамаша|өте жақсы|ең жақсы|жақсы көремін|ұнайды|ұнады|ұсынамын|риза$|"
              "сыпайы",
        "uz": "ajoyib|zo'r$|a'lo|juda yaxshi|eng yaxshi|yaxshi ko'raman|yoqdi|tavsiya qilaman|"
              "mamnun|xushmuomala",
        "mn": "гайхалтай|маш сайн|хамгийн сайн|сайхан|дуртай|зөвлөж байна|сэтгэл хангалуун|"
              "эелдэг|гоё$",
        "mr": "छान$|छानच|छानसं|छानशी|उत्तम|सर्वोत्तम|खूप चांगल|आवडते|आवडलं|आवडला|भारी आहे|"
              "भारी आहेत|भारीच|लय भारी|मस्त|शिफारस करतो|समाधानी",
        "gu": "સરસ|ઉત્તમ|શ્રેષ્ઠ|ખૂબ સારું|ગમે છે|ગમ્યું|મજા આવી|ભલામણ કરું|સંતુષ્ટ|મદદરૂપ",
        "pa": "ਵਧੀਆ|ਬਹੁਤ ਚੰਗਾ|ਸ਼ਾਨਦਾਰ|ਕਮਾਲ|ਪਸੰਦ ਹੈ|ਪਸੰਦ ਆਇਆ|ਸਿਫ਼ਾਰਸ਼|ਸੰਤੁਸ਼ਟ|ਬਹੁਤ ਸੋਹਣਾ",
    },
    "negation": {
        "sl": "nisem|nismo|nikoli|nihče|nobene|nobenega|nobenih",
        "ka": "არ$|ვერ$|არავინ|არაფერ|არასდროს",
        "hy": "չի$|չեն$|չեմ$|ոչ ոք|ոչինչ|երբեք|չկա",
        "az": "yoxdur|deyil|heç kim|heç nə|heç vaxt",
        "kk": "жоқ$|емес$|ешкім|ештеңе|ешқашан",
        "uz": "yo'q|emas$|hech kim|hech narsa|hech qachon",
        "mn": "биш$|байхгүй|хэн ч|юу ч|хэзээ ч|үгүй",
        "mr": "नाही|नको$|कधीच|कोणीही",
        "gu": "નથી|નહીં|ક્યારેય|કોઈ નહીં",
        "pa": "ਨਹੀਂ|ਕਦੇ ਨਹੀਂ|ਕੋਈ ਨਹੀਂ",
    },
    "fault": {
        "sl": "ne deluje|ne dela$|ne odpira|napaka|zamuja|zamuda|ni prišl|izgubljen|"
              "vračilo denarja|zmanjkalo elektrike|zmanjkalo toka|ni elektrike|ni toka",
        "ka": "არ მუშაობს|არ პასუხობს|ჩამომაჭრა|შეცდომა|დაიკარგა|დაგვიანებ|არ მოვიდა|"
              "შუქი არ|დენი არ|გაითიშა",
        "hy": "չի աշխատում|չի պատասխանում|գանձեց|սխալ|կորել|ուշանում|չի հասել|լույս չկա|"
              "հոսանք չկա|անջատվել",
        "az": "işləmir|cavab vermir|pul çıxdı|pul tutdu|səhv|itib$|itdi$|gecikir|gəlmədi|işıq yox|"
              "işıq yoxdur|elektrik yox|hissə gözləyirəm",
        "kk": "жұмыс істемейді|жауап бермейді|ақша алды|ақша шешті|қате$|жоғалды|кешікті|"
              "келмеді|жарық жоқ|жарық өшті",
        "uz": "ishlamayapti|ishlamaydi|javob bermayapti|javob bermaydi|pul yechdi|xato$|"
              "yo'qoldi|kechikdi|kechikyapti|kelmadi|svet yo'q|elektr yo'q",
        "mn": "ажиллахгүй|хариу өгөхгүй|төлбөр авсан|алдаа|алга болсон|хоцорсон|ирээгүй|"
              "цахилгаан тасар|цахилгаан тасра|гэрэл байхгүй|утсаа авахгүй",
        "mr": "चालत नाही|उत्तर देत नाही|पैसे कापले|चूक|हरवल|उशीर|आलं नाही|वीज नाही|"
              "लाईट नाही|फोन उचलत नाही|"
              # review 2026-12-07 (a seventh labelled file): it does not open ("पोर्टल
              # सकाळपासून उघडत नाही" read without a polarity)
              "उघडत नाही|उघडत नाहीये",
        "gu": "કામ કરતું નથી|જવાબ નથી|પૈસા કાપ્યા|ભૂલ|ખોવાઈ|મોડું|આવ્યું નથી|લાઇટ નથી|"
              "વીજળી નથી|ફોન નથી ઉપાડતું|ફોન ઉપાડતું નથી",
        "pa": "ਕੰਮ ਨਹੀਂ ਕਰ|ਜਵਾਬ ਨਹੀਂ|ਪੈਸੇ ਕੱਟੇ|ਗਲਤੀ|ਗੁੰਮ|ਦੇਰੀ|ਨਹੀਂ ਆਇਆ|ਬਿਜਲੀ ਨਹੀਂ|"
              "ਫ਼ੋਨ ਨਹੀਂ ਚੁੱਕਦਾ",
    },
    "again": {
        "sl": "spet$|ponovno|še vedno|že tretjič|vsakič",
        "ka": "ისევ|კიდევ ერთხელ|ჯერ კიდევ|მესამედ|ორჯერ",
        "hy": "էլի|կրկին|նորից|երրորդ անգամ|երկու անգամ",
        "az": "yenə$|yenidən|hələ də|üçüncü dəfə|iki dəfə",
        "kk": "тағы$|қайтадан|әлі де|үшінші рет|екі рет",
        "uz": "yana bir|qayta|hali ham|hali hanuz|uchinchi marta|ikki marta",
        "mn": "дахиад|дахин|одоо болтол|гурав дахь удаа|хоёр удаа",
        "mr": "पुन्हा|अजूनही|तिसऱ्यांदा|दोनदा",
        "gu": "ફરીથી|હજુ પણ|ત્રીજી વાર|બે વાર",
        "pa": "ਫਿਰ ਤੋਂ|ਦੁਬਾਰਾ|ਅਜੇ ਵੀ|ਤੀਜੀ ਵਾਰ|ਦੋ ਵਾਰ",
    },
    "question": {
        "sl": "kako$|kdaj$|kje$|zakaj|koliko|ali lahko|ali imate|ali ponuja",
        "ka": "როგორ|როდის|სად$|რატომ|რამდენი|შეიძლება|თუ არა",
        "hy": "ինչպես|ինչպե՞ս|երբ$|որտեղ|ինչու|ինչքան|որքան|հնարավոր է",
        "az": "necə$|nə vaxt|harada|niyə|nə qədər|mümkündürmü|mümkündür?",
        "kk": "қалай|қашан|қайда|неге$|қанша|бола ма|ма екен",
        "uz": "qanday|qachon|qayerda|nega bunday|nega hali|nega endi|nega hech|nega men|"
              "nima uchun|qancha|mumkinmi|bormi",
        "mn": "яаж|хэзээ|хаана|яагаад|хэд вэ|вэ$|боломжтой юу",
        "mr": "कसे$|कसा$|कशी$|केव्हा|कुठे|किती|आहे का|देते का|शक्य आहे का",
        "gu": "કેવી રીતે|ક્યારે|ક્યાં|કેમ$|કેટલા|કેટલું|શું$",
        "pa": "ਕਿਵੇਂ|ਕਦੋਂ|ਕਿੱਥੇ|ਕਿਉਂ|ਕਿੰਨਾ|ਕਿੰਨੇ|ਕੀ$",
    },
    "thanks": {
        "sl": "najlepša hvala",
        "ka": "მადლობა|გმადლობთ",
        "hy": "շնորհակալ",
        "az": "təşəkkür",
        "kk": "рахмет|рақмет|алғыс",
        "uz": "rahmat|tashakkur",
        "mn": "баярлалаа|талархаж",
        "mr": "धन्यवाद|आभार",
        "gu": "આભાર|ધન્યવાદ",
        "pa": "ਧੰਨਵਾਦ|ਸ਼ੁਕਰੀਆ",
    },
    "price": {
        "sl": "cenik|naročnin",
        "ka": "ფასი|ფასებ|გადასახად|ტარიფ",
        "hy": "գին$|գինը|գներ|վճար|սակագ",
        "az": "qiymət|ödəniş",
        "kk": "баға$|бағасы|төлем",
        "uz": "narx|to'lov",
        "mn": "үнэ$|үнийн|төлбөр",
        "mr": "किंमत|शुल्क",
        "gu": "કિંમત|ભાવ$",
        "pa": "ਕੀਮਤ|ਫੀਸ",
    },
    "buy": {
        "sl": "iščem|primerjamo|priporočite|ponudbe",
        "ka": "ვეძებ|ვადარებთ|შეთავაზებ",
        "hy": "փնտրում ենք|փնտրում եմ|համեմատում ենք|առաջարկներ",
        "az": "axtarırıq|axtarıram|müqayisə edirik|təklif edir",
        "kk": "іздейміз|іздеймін|салыстырып|ұсыныстар",
        "uz": "qidiryapmiz|solishtiryapmiz|takliflar",
        "mn": "хайж байна|харьцуулж|санал болгодог",
        "mr": "शोधत आहोत|तुलना करत आहो|तुलना करतोय|पर्याय सुचव|पर्याय शोध|पर्याय हवा|दुसरा पर्याय",
        "gu": "શોધી રહ્યા|સરખાવી રહ્યા|વિકલ્પ",
        "pa": "ਲੱਭ ਰਹੇ|ਤੁਲਨਾ ਕਰ|ਵਿਕਲਪ",
    },
    "business": {
        "sl": "podjetj|zaposlen|poslovaln",
        "ka": "კომპანი|თანამშრომ|ბიზნეს",
        "hy": "ընկերություն|աշխատակից|բիզնես",
        "az": "şirkət|işçimiz|işçilərimiz|işçi üçün|işçilər üçün|əməkdaş",
        "kk": "қызметкер|компанияларға",
        "uz": "kompaniya|xodim",
        "mn": "компанид|ажилтан",
        "mr": "कंपनी|कर्मचारी|व्यवसाय",
        "gu": "કંપની|કર્મચારી|વ્યવસાય",
        "pa": "ਕੰਪਨੀ|ਮੁਲਾਜ਼ਮ|ਕਾਰੋਬਾਰ",
    },
    "hiring": {
        "sl": "zaposlimo|iščemo|prosto delovno mesto|zaposlitev|kariera",
        "ka": "ვაკანსი|ვეძებთ|დასაქმ|კარიერ",
        "hy": "թափուր|աշխատանքի ենք|հավաքագր|կարիերա",
        "az": "vakansiya|işə qəbul|karyera",
        "kk": "жұмысқа қабылда|бос орын|бос жұмыс",
        "uz": "ishga qabul|bo'sh ish o'rni|vakansiya",
        "mn": "ажилд авна|сул орон тоо",
        "mr": "भरती|नोकरी|रिक्त जागा",
        "gu": "ભરતી|નોકરી|જગ્યા ખાલી",
        "pa": "ਭਰਤੀ|ਨੌਕਰੀ|ਅਸਾਮੀ",
    },
    "news": {
        "sl": "odpira$|napoveduje|napovedal|sporoča|poroča",
        "ka": "ხსნის|გახსნა|აცხადებს|გამოაცხადა|იტყობინება",
        "hy": "հայտարարեց|բացում է|բացել է|հաղորդում",
        "az": "elan etdi|açdığını|açacaq",
        "kk": "хабарлады|ашады|ашатынын|жариялады",
        "uz": "e'lon qildi|ochadi|ochishini|xabar berdi",
        "mn": "нээнэ|нээлээ|мэдэгдэв|зарлалаа",
        "mr": "सुरू करणार|जाहीर|घोषणा",
        "gu": "જાહેરાત કરી|ખોલશે|ખોલવાની",
        "pa": "ਐਲਾਨ ਕੀਤਾ|ਖੋਲ੍ਹਣ|ਖੋਲ੍ਹੇਗੀ",
    },
    "contrast": {
        "sl": "ampak|vendar",
        "ka": "მაგრამ|თუმცა",
        "hy": "բայց|սակայն",
        "az": "amma$|ancaq",
        "kk": "бірақ|алайда",
        "uz": "lekin|ammo$",
        "mn": "гэхдээ|харин",
        "mr": "पण$|परंतु|मात्र",
        "gu": "પણ$|પરંતુ",
        "pa": "ਪਰ$|ਪਰੰਤੂ|ਲੇਕਿਨ",
    },
    "request": {
        "sl": "prosim$|popravite|uredite",
        "ka": "გთხოვთ|გამოასწორეთ",
        "hy": "խնդրում եմ|խնդրում ենք",
        "az": "xahiş edirəm|zəhmət olmasa|düzəldin",
        "kk": "өтінемін|түзетіңіз",
        "uz": "iltimos|tuzating",
        "mn": "гуйя|засаач",
        "mr": "कृपया",
        "gu": "કૃપા કરીને|મહેરબાની",
        "pa": "ਕਿਰਪਾ ਕਰਕੇ",
    },
    "trouble": {
        "sl": "težav",
        "ka": "პრობლემ",
        "hy": "խնդիր",
        "kk": "мәселе",
        "uz": "muammo",
        "mn": "асуудал",
        "mr": "समस्या|अडचण",
        "gu": "સમસ્યા|તકલીફ",
        "pa": "ਸਮੱਸਿਆ|ਮੁਸ਼ਕਲ",
    },
}

# concepts ``lexicon_slavic`` left out, and Telugu's power cut and unanswered phone: appended to
# the language's entries
MORE: dict[str, dict[str, str]] = {
    "contrast": {
        "hr": "ali$|ali je$|ali su$|ali nije|ali njihov|ali njihova|ali njihovo|međutim",
        "sr": "али$|али је|али су|али није|али њихов|али њихова|међутим",
        "sk": "ale ich|ale je$|ale nie|avšak|však$",
        "bg": "но обслужването|но не$|обаче",
    },
    "positive": {
        "hr": "obožavam|volim$",
        "sr": "обожавам|волим$",
        "sk": "milujem|zbožňujem",
        "bg": "обожавам",
    },
    "news": {
        "hr": "otvara$|najavljuje|objavio|objavila|priopćio",
        "sr": "отвара$|најављује|објавио|објавила|саопштио",
        "sk": "otvára$|oznámil|oznámila|ohlásil",
        "bg": "открива|обяви$|обявиха|съобщи",
    },
    "fault": {
        "te": "కరెంట్ లేదు|కరెంటు లేదు|ఫోన్ ఎత్తడం లేదు|స్పందించడం లేదు|రెండుసార్లు",
        # does not open: a complaint, not the news of an opening ("otvara$": ``OTHER_PHRASES``)
        "hr": "ne otvara|ne mogu otvoriti",
        "sr": "не отвара|не могу да отворим",
    },
    # the formulas of a job post: applications until a date, a call for applications
    "hiring": {
        "fi": "haku päättyy|hakuaika",
        "hr": "prijave do|prijave su otvorene|natječaj za radno|natječaj za posao|"
              "natječaj za zapošljavanje|raspisuje natječaj|raspisan natječaj|"
              "konkurs za posao|konkurs za radno|konkurs za prijem|raspisuje konkurs|"
              "raspisan konkurs",
        "sr": "пријаве до|конкурс за посао|конкурс за радно|конкурс за пријем|"
              "расписује конкурс|расписан конкурс",
        "sk": "prihlášky do|výberové konanie",
        "sl": "prijave do|razpis$",
        "bg": "кандидатствайте|кандидатури до",
    },
}

# wishes in the conditional (``lexicon_frames.WISHES``): a word of praise inside one is not the
# author's about the brand
WISHES_TEN: dict[str, str] = {
    "sk": "bolo by super|bolo by skvelé|bolo by fajn|bolo by dobré|bol by som rád",
    "sl": "bilo bi super|bilo bi lepo|bilo bi odlično|bilo bi dobro|bi bilo super",
    "hr": "bilo bi super|bilo bi lijepo|bilo bi odlično|bilo bi dobro|bilo bi sjajno",
    "sr": "било би супер|било би лепо|било би одлично|било би добро",
    "bg": "би било супер|би било хубаво|би било чудесно|би било добре|ще е супер ако",
}
