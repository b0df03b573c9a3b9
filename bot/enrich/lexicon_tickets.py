"""What a support team reads in a ticket's thread: asking for news of one's own case
(``STATUS``, read by ``lexicon._asking_for_news`` as a word of ``question``), saying how long
one has waited (``WAITING``, merged into ``lexicon.CONCEPTS["again"]``) and writing for the
third time (``REPEATED``, merged into ``lexicon.CONCEPTS["fault"]``).

Asking for news ("any update on ticket #48213?", "Gibt es schon was Neues zu meinem Ticket?",
"Есть новости по заявке?", "その後いかがでしょうか", "هل من جديد بخصوص الشكوى؟"): the lexicon
had words of asking ("how do", "gibt es", "でしょうか") but none of asking how one's case
stands, and a post with a ticket or order number and nothing else leans to ``complaint`` in the
corpus, where those numbers come with a failure. So a bare follow-up came out a complaint in
German, French, Russian, Swedish, Hungarian, Hindi and Japanese. It is a question: the author
asks for news and says nothing went wrong. Unless the post says the wait or the fault goes on
("still no refund, any update?", "any news? it's been a week": a word of ``again``), where it
is a complaint, by ``tests/data/README.md``'s rule for ``blind_mixed5.tsv``, and the phrase
counts for nothing: as a plain word of ``question`` it outweighed "still" and the count of
the wait, and "still no refund, any update?" (a post of the demo's sample day) read a
question. A word of ``fault`` alone does not turn it: it is often what the case is about
("any news on my refund?"). The phrases are those of asking for news of
something of one's own ("des nouvelles de mon dossier", "novità sulla pratica", "jakieś
wieści w sprawie"), not a bare "news" or "novelties": French "des nouvelles" alone is also
"new" ("des nouvelles fonctionnalités"), Spanish and Portuguese "novedades" a shop's new
products.

Saying how long one has waited ("it's been 5 days", "still waiting, day 6", "ça fait une
semaine", "уже неделю", "已经第五天了", "sudah lima hari"): ``again`` had "still", "seit
Tagen", "до сих пор", "günlerdir", the words of a state that goes on, but not a count of the
days or weeks it has gone on. A follow-up that says it ("any news? it has been a week") is a
complaint, by ``tests/data/README.md``'s rule for ``blind_mixed5.tsv``, and 29 of the 33
corpus posts these entries are found in are complaints ("refund still not in my account 21 days
later", "TRZECI DZIEŃ BEZ INTERNETU", "4 GÜNDÜR İNTERNET YOK"); the phrases of asking for news
are in none. Digits are folded to "0" in posts and entries
alike, so "it's been 0" finds "it's been 12 days" (an entry with a digit inside, "day 0 of",
would miss "day 12 of": none has one).

Writing, asking or calling for the third time about the same thing ("third time I'm writing
about the same invoice", "A treia oară când vă scriu", "Harmadszor írok", "Τρίτη φορά σας
γράφω", "Tredje gången jag hör av mig"): "third time" was a word of ``again`` alone, which a
calm post did not make a complaint (Romanian, Hungarian, Greek and Swedish ones read
``other``). It says the company has not answered twice: a word of ``fault``, with the verb of
writing, asking or calling, so a third order or flight ("third time I'm flying with Tarvik")
is none (features v22). No corpus post has one, so the trained weights are exact without
retraining.

Tried and left out: a thing made impossible ("impossible to reach anyone", "unmöglich",
"невозможно", "imkânsız") as a word of ``fault`` in 26 languages (six of the seven corpus posts
with it are complaints): with it the retrained model lost two posts of
``tests/data/blind_contrast.tsv``, or four of the held-out split without the count of the wait,
beyond the gate of one post (docs/intelligence.md).

The rules of ``lexicon`` hold. The entries of the languages the corpus lacks occur in no
corpus post (``tests/enrich/test_corpus.py``); those of the corpus's languages change some, so
the model was retrained (features v20). Written from general knowledge on 2026-12-01 by the
writer of ``tests/data/blind_mixed5.tsv`` while its dev half's errors were read; that set's
follow-ups use some of these phrases in both halves, so figures on it flatter them.
Italian "da due settimane", "da giorni" and Dutch "al twee dagen", "al dagen" (waited days or
weeks, by name) were added on 2026-12-04 from general knowledge (features v75; no corpus post
holds one); hours of waiting on 2026-12-05 (v78), and a wait of a month or of weeks ("ça fait
un mois", "ya pasó un mes", "уже месяц", "都一个月", "seit Wochen") the same day (v84). Left
out of v84: "llevo un mes", "두 달째" (also a time spent happily: "Llevo un mes en Fuerza Total y
encantada"), "seit 2 Wochen", "depuis 5 jours", "od miesiąca", "3 gündür", "一个月了" and their
kind (train posts hold them: with them the retrained weights moved, every labelled set
polarity -7), "months now", "seit Monaten", "já faz" (also "for months now, love it", "já faz
parte").
"""

from __future__ import annotations

# asking for news of one's own ticket, case, order or request: a word of ``question`` in a post
# with no word of ``again`` (``lexicon._asking_for_news``)
STATUS: dict[str, str] = {
    "en": "any update$|any updates|any news$|any news on|any news about|an update on my|"
          "update on my|news on my|status of my|status on my|checking in on my",
    "de": "was neues zu|was neues bei|etwas neues zu|neuigkeiten zu|neuigkeiten bei|"
          "gibt es neuigkeiten|gibt's neuigkeiten|wie ist der stand|stand der dinge|sachstand",
    "fr": "des nouvelles pour|des nouvelles de mon|des nouvelles de ma|des nouvelles concernant|"
          "des nouvelles sur mon|du nouveau pour|du nouveau sur|du nouveau concernant|"
          "où en est mon|où en est ma|où en est le dossier|où en est la demande",
    "es": "alguna novedad|novedades sobre mi|novedades con mi|novedades de mi|"
          "alguna actualización|en qué estado está mi|cómo va mi",
    "pt": "alguma atualização|alguma novidade|novidades sobre o meu|novidades sobre a minha|"
          "novidade sobre o|novidade sobre a|alguma posição|como está o andamento|"
          "andamento do meu|andamento da minha",
    "ru": "есть новости|есть ли новости|какие новости по|новости по заявке|новости по моей|"
          "новости по моему|есть ли подвижки|на какой стадии|в каком статусе|какой статус",
    "uk": "є новини|є якісь новини|чи є новини|які новини щодо|новини щодо|на якій стадії|"
          "який статус",
    "pl": "jakieś wieści|są jakieś wieści|jakieś nowe informacje|na jakim etapie|"
          "co z moją reklamacją|co z moim zgłoszeniem|co z moim zamówieniem",
    "tr": "bir gelişme var mı|gelişme var mı|bir gelişme oldu mu|ne durumda|son durum nedir|"
          "bir haber var mı",
    "zh": "有进展吗|有什么进展|进展如何|进度如何|有没有进展|处理得怎么样|处理到哪|处理进度|"
          "有消息吗|有结果了吗",
    "ja": "その後いかが|その後どうなって|その後の状況|進捗はいかが|進捗を教えて|進捗状況|"
          "どうなっていますでしょうか",
    "ko": "진행 상황이 어떻게|진행상황이 어떻게|진행 상황 알려|진행 상황을 알려|"
          "어떻게 진행되고|처리 상황이",
    "th": "มีความคืบหน้า|ความคืบหน้าไหม|ความคืบหน้าอย่างไร|ถึงไหนแล้ว|ได้เรื่องยัง",
    "nl": "nog nieuws|al nieuws|is er nieuws|stand van zaken|een update over mijn",
    "it": "novità sulla|novità sul|novità per la|novità per il|ci sono novità|"
          "ci sono aggiornamenti|aggiornamenti sulla mia|aggiornamenti sul mio|a che punto è",
    "ar": "هل من جديد|أي جديد|اي جديد|في جديد بخصوص|فيه جديد|آخر المستجدات|وين وصل طلبي|"
          "ما هو وضع طلبي",
    "hi": "कोई अपडेट|क्या अपडेट|कोई जानकारी मिली|koi update|kya update hai",
    "id": "ada kabar|gimana kabarnya tiket|ada update|ada perkembangan|sudah sampai mana|"
          "udah sampai mana",
    "vi": "có tiến triển gì$|tiến triển gì chưa$|có tin gì chưa$|có cập nhật gì$|"
          "đến đâu rồi$",
    "sv": "något nytt om|något nytt i|några nyheter om|hur går det med mitt|hur går det med min",
    "da": "er der nyt|noget nyt i|nogen nyheder om|hvordan går det med min",
    "fi": "mitään uutta|onko uutta|onko tullut uutta|missä vaiheessa",
    "cs": "nějaké novinky|je něco nového|jak to vypadá s mou|jak to vypadá s mým|v jakém stavu",
    "ro": "vreo noutate|vreo veste|noutăți despre|în ce stadiu",
    "hu": "van valami hír|van valami fejlemény|van fejlemény|mi a helyzet a",
    "el": "κάποια εξέλιξη|υπάρχει εξέλιξη|κάποιο νέο για|τι γίνεται με το αίτημα",
    "he": "יש עדכון|יש חדש לגבי|מה המצב עם|מה קורה עם הפנייה",
    "fa": "چه شد|خبری نشد|خبری هست|پیگیری درخواست",
    "ms": "ada apa-apa perkembangan|ada berita tentang|ada kemaskini",
    "tl": "may update na|may balita na",
    "sw": "kuna habari yoyote|kuna taarifa yoyote",
    "bn": "কোনো আপডেট|কোন আপডেট",
    "ta": "ஏதாவது அப்டேட்|ஏதேனும் முன்னேற்றம்",
    "ur": "کوئی پیش رفت|کوئی اپڈیٹ|کوئی خبر",
}

# how long one has waited, told as a count: counted as ``again`` (digits are "0")
WAITING: dict[str, str] = {
    "en": "it's been 0|its been 0|it has been 0|it's been a week|it's been two weeks|"
          "it's been a month|been waiting|day 0|days later|weeks later|days now|weeks now|"
          "a week now|over a week|for a week now|hours waiting|hours of waiting",
    "de": "seit einer woche|seit zwei wochen|seit einem monat|tage später|wochen später|"
          "warte seit|warten seit|warte jetzt|stunden gewartet|stunden warten|seit wochen",
    "fr": "ça fait une semaine|ça fait 0|ça fait deux semaines|depuis une semaine|"
          "depuis deux semaines|j'attends depuis|jours plus tard|heures d'attente|"
          "heures à attendre|ça fait un mois|depuis un mois|depuis des semaines",
    "es": "hace una semana que|días esperando|llevo una semana|llevo dos semanas|sigo esperando|"
          "ya pasó una semana|ya pasaron 0|horas esperando|horas de espera|ya pasó un mes|"
          "hace un mes que|llevo 0 días esperando|llevo semanas esperando",
    "pt": "faz uma semana que|há uma semana que|dias esperando|já se passaram|aguardando há|"
          "esperando há|dias sem|horas esperando|horas de espera|horas na fila|faz um mês|"
          "há um mês|faz 0 dias",
    "ru": "прошла неделя|прошло 0|прошло две недели|третий день|четвертый день|четвёртый день|"
          "пятый день|жду уже|ждем уже|ждём уже|неделю жду|уже месяц|месяц жду|прошел месяц|"
          "прошёл месяц|уже 0 дн|уже неделю",
    "uk": "минув тиждень|минуло 0|минуло два тижні|третій день|четвертий день|п'ятий день|"
          "чекаю вже|чекаємо вже",
    "pl": "minął tydzień|minęło 0|minęły dwa tygodnie|trzeci dzień|czwarty dzień|piąty dzień|"
          "czekam od|czekam już",
    "tr": "bir hafta oldu|gün oldu|gündür|bir haftadır|iki haftadır|hala bekliyorum|"
          "hâlâ bekliyorum|bir aydır",
    "zh": "已经第|已经一周|已经一个星期|已经一个月|已经0|等了0|等了一周|等了一个星期|"
          "都一周了|都一个月|都0天",
    "ja": "日目|もう一週間|一週間経|日経っ|日経ち|週間経っ|週間経ち|待っているのに|待ってるのに|"
          "もう0ヶ月|0ヶ月経",
    "ko": "일주일째|주째|기다리고 있는데|한 달째 기다",
    "th": "ผ่านไปแล้ว|รอมา|วันแล้ว|สัปดาห์แล้ว|อาทิตย์แล้ว",
    "nl": "dagen zonder|al een week|al twee weken|inmiddels dag|wacht al|wachten al|"
          "dagen later|weken later|al twee dagen|al drie dagen|al 0 dagen|al dagen|al weken|"
          "al een maand",
    "it": "sono passati|è passata una settimana|da una settimana|giorni che aspetto|"
          "giorni senza|aspetto da|da due settimane|da tre settimane|da 0 settimane|"
          "da settimane|da due giorni|da tre giorni|da 0 giorni|da giorni|da un mese|"
          "è passato un mese",
    "ar": "مر أسبوع|مرت 0|مر 0|صار لي أسبوع|صار لي 0|أنتظر منذ|ننتظر منذ",
    "hi": "दिन हो गए|हफ्ता हो गया|हफ़्ता हो गया|din ho gaye|hafta ho gaya",
    "id": "sudah seminggu|udah seminggu|sudah lima hari|sudah berhari|menunggu sejak|"
          "nunggu dari",
    "vi": "ngày rồi$|cả tuần rồi$|một tuần rồi$|chờ mãi$|đợi mãi$",
    "sv": "det har gått|en vecka sedan|i en vecka nu|väntat i",
    "da": "der er gået|en uge nu|ventet i",
    "fi": "jo viikko|odottanut jo|odotan vieläkin",
    "cs": "už pátý den|už čtvrtý den|už týden|čekám už|pátý den|čtvrtý den",
    "ro": "a trecut o săptămână|de o săptămână|aștept de",
    "hu": "egy hete|napja várok|hete várok",
    "el": "πέρασε μια εβδομάδα|εδώ και 0|εδώ και μια εβδομάδα|περιμένω εδώ και",
    "he": "עבר שבוע|כבר שבוע|מחכה כבר|מחכים כבר",
    "fa": "یک هفته گذشته|روز است که|هفته است که",
    "ms": "sudah lima hari|sudah seminggu|dah seminggu",
    "tl": "ilang araw na|isang linggo na|naghihintay pa rin",
    "sw": "wiki moja sasa|bado nasubiri",
    "bn": "এক সপ্তাহ হয়ে গেল|দিন হয়ে গেল",
    "ta": "ஒரு வாரம் ஆகிவிட்டது|நாட்கள் ஆகிவிட்டது",
    "ur": "ایک ہفتہ ہو گیا|دن ہو گئے",
}

# writing, asking or calling about the same thing for the third time: counted as ``fault``
REPEATED: dict[str, str] = {
    "en": "third time i'm asking|third time i'm writing|third time i'm calling|"
          "third time i'm contacting|third time i've asked|third time i've written|"
          "third time i've called|third time asking|third time writing|third time calling|"
          "fourth time i'm asking|fourth time i'm writing|fifth time i'm asking|"
          "asked three times|asked 0 times|written three times|called three times|"
          "called 0 times|contacted you three times",
    "de": "zum dritten mal schreib|zum dritten mal frag|zum dritten mal anruf|"
          "schreibe jetzt zum|schreibe zum dritten|frage zum dritten|zum wiederholten mal|"
          "schon dreimal geschrieben|schon dreimal angerufen|dreimal nachgefragt",
    "fr": "troisième fois que j'écris|troisième fois que je vous écris|"
          "troisième fois que je demande|troisième fois que j'appelle|"
          "je vous écris pour la troisième|déjà écrit trois fois|déjà appelé trois fois",
    "es": "tercera vez que escribo|tercera vez que pregunto|tercera vez que llamo|"
          "tercera vez que os escribo|tercera vez que les escribo|ya escribí tres veces|"
          "ya llamé tres veces|ya he llamado tres veces|ya he escrito tres veces",
    "pt": "terceira vez que escrevo|terceira vez que pergunto|terceira vez que ligo|"
          "terceira vez que entro em contato|já liguei três vezes|já escrevi três vezes",
    "ru": "третий раз пишу|третий раз звоню|третий раз обращаюсь|в третий раз пишу|"
          "пишу уже третий|пишу третий раз|пишу в третий раз|звоню уже третий|"
          "обращаюсь уже третий|в очередной раз пишу",
    "uk": "втретє пишу|вчетверте пишу|пишу вже втретє|пишу вже вчетверте|третій раз пишу|"
          "третій раз телефоную|вкотре пишу",
    "pl": "trzeci raz piszę|trzeci raz dzwonię|piszę już trzeci|piszę po raz trzeci|"
          "po raz trzeci piszę|dzwonię już trzeci",
    "tr": "üçüncü kez yazıyorum|üçüncü kez arıyorum|üçüncü defa yazıyorum|"
          "üçüncü kez soruyorum|kaçıncı kez yazıyorum",
    "zh": "第三次联系|第三次打电话|第三次问|第三次找你们|第三次反映|第三次投诉|第三次来问",
    "ja": "3回目の問い合わせ|三回目の問い合わせ|問い合わせるのはこれで|連絡するのはこれで|"
          "何度も問い合わせ|何度も連絡して",
    "ko": "세 번째 문의|세 번째 연락|세번째 문의|몇 번째 문의|몇 번이나 문의",
    "th": "ติดต่อครั้งที่สาม|ถามเป็นครั้งที่สาม|ครั้งที่สามแล้วที่ติดต่อ",
    "nl": "derde keer dat ik schrijf|derde keer dat ik bel|derde keer dat ik mail|"
          "al drie keer gebeld|al drie keer gemaild",
    "it": "terza volta che scrivo|terza volta che chiamo|terza volta che chiedo|"
          "ho già chiamato tre volte|ho già scritto tre volte",
    "ar": "للمرة الثالثة أكتب|للمرة الثالثة أتواصل|أكتب للمرة الثالثة|أتصل للمرة الثالثة|"
          "أراسلكم للمرة",
    "hi": "तीसरी बार लिख|तीसरी बार शिकायत|तीसरी बार कॉल|teesri baar likh|teesri baar call",
    "id": "ketiga kalinya saya|sudah tiga kali saya|udah tiga kali nanya",
    "vi": "lần thứ ba tôi hỏi$|lần thứ ba tôi nhắn$|lần thứ ba tôi gọi$",
    "sv": "tredje gången jag hör av mig|tredje gången jag skriver|tredje gången jag ringer|"
          "tredje gången jag frågar",
    "da": "tredje gang jeg skriver|tredje gang jeg ringer|tredje gang jeg spørger",
    "fi": "kolmatta kertaa kirjoitan|kolmas kerta kun kirjoitan|kolmas kerta kun soitan",
    "cs": "píšu potřetí|potřetí píšu|volám potřetí",
    "ro": "a treia oară când vă scriu|a treia oară când scriu|a treia oară când sun|"
          "vă scriu a treia oară",
    "hu": "harmadszor írok|harmadszor írom|harmadszor hívom",
    "el": "τρίτη φορά γράφω|τρίτη φορά σας γράφω|τρίτη φορά που γράφω|τρίτη φορά τηλεφωνώ",
    "he": "פעם שלישית שאני כותב|פעם שלישית שאני כותבת|פעם שלישית שאני פונה",
    "fa": "بار سوم است که می‌نویسم|برای بار سوم می‌نویسم|بار سوم است که پیام",
    "bn": "তৃতীয়বার লিখছি|তৃতীয়বার জানাচ্ছি|তৃতীয়বার ফোন",
    "ms": "kali ketiga saya menulis|kali ketiga saya bertanya|sudah tiga kali saya",
    "tl": "pangatlong beses na akong|ikatlong beses na akong",
    "sw": "mara ya tatu naandika|mara ya tatu nawaandikia",
    "ta": "மூன்றாவது முறை எழுதுகிறேன்|மூன்றாவது முறையாக",
    "ur": "تیسری بار لکھ|تیسری بار شکایت",
}
