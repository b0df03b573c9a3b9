"""Phrases whose words of feeling are not the author's about the brand, for
``lexicon.concept_hits``: a concept's entry found inside one is not counted.

- ``WISHES``: wishes in the conditional. "Would be great if the app let me pause a delivery"
  asks for a feature; the guidelines make it ``other`` (or a complaint when told with
  impatience), and "great" in it says nothing good about the brand. Before this, such a wish
  counted its word of praise like "the app is great" and came out ``praise``/``positive``:
  "ce serait top si...", "gelse çok iyi olur", "было бы здорово, если...", "있었으면
  좋겠어요". A ``positive`` entry inside one is not counted. Only phrases that hold their
  conditional are here ("would be", "wäre", "sería", "было бы", "olur", "면 좋겠"): in
  Chinese and Thai the condition often opens the clause and the word of praise closes it
  ("希望能加一个拼单功能，方便很多"), which a phrase cannot hold.
- ``REPLIES``: the formulas of a company's own reply ("sorry for the inconvenience", "thank
  you for contacting us", "lamentamos", "приносим извинения", "ご不便をおかけして申し訳
  ございません", "感谢您的耐心"). The guidelines make such a reply ``other`` and its polarity
  the company's (neutral), but its apology counted as the author's complaint and its thanks
  as praise. A ``negative``, ``positive``, ``thanks``, ``trouble``, ``fault``, ``negation``
  or ``request`` entry inside one is not counted.

- ``COMPANY_VOICE`` (2026-12-01): what only a company's own account writes to a customer:
  asking her to write to it ("DM us", "envoyez-nous", "напишите нам", "DMにて", "راسلنا"),
  passing words on to its team ("we'll pass it on to the team", "ans Team weiter",
  "передадим"), thanking for kind words. ``SHARED_VOICE``: what its replies say that a
  customer writes too, of her own team, of what she is looking into and of her DM ("our team
  is working on it", "wir kümmern uns", "в личные сообщения", "nasz zespół"). They mask
  nothing; ``lexicon.company_reply`` reads a post with a ``REPLIES`` formula and a phrase of
  either, or two phrases of which one is ``COMPANY_VOICE``'s, as the company's reply, which
  the model (trained on no such post) reads as a complaint, a question, praise or spam. Two
  of ``SHARED_VOICE`` are not enough: "our team can't log in, we're looking into
  alternatives" and "Наша команда без доступа, писали в личку" are a customer's.

Neither is a concept: the corpus has too few wishes and no company replies to weigh one, and
none of these phrases occurs in a corpus post (``tests/enrich/test_lexicon_frames.py``), so the
trained weights are exact (Ukrainian "дякуємо за звернення" and Chinese "给您带来不便" were
left out for that: a customer's quote of a bank's reply and a bank's notice have them).
Entries follow the rules of ``lexicon`` (folded word starts in scripts with spaces, ``$`` the
whole word, substrings in Chinese, Japanese, Thai and Korean) and are matched in every post
in every language. Written on 2026-11-30 by the writer of
``tests/data/blind_churn.tsv`` after its test half was measured once and while its dev half's
errors were read, so figures on that set flatter them.
"""

from __future__ import annotations

WISHES: dict[str, str] = {
    "en": "would be great|would be nice|would be awesome|would be amazing|would be cool|"
          "would be lovely|would be good|would be helpful|would be handy|would be perfect|"
          "would be brilliant|would be fantastic|would be so much better|would be even better|"
          "it'd be great|it'd be nice|it'd be awesome|it'd be cool|itd be great|itd be nice|"
          "would love|i'd love|id love$",
    "de": "wäre schön|wäre toll|wäre super|wäre klasse|wäre praktisch|wäre cool|wäre gut|"
          "wäre genial|wäre hilfreich|wäre mega|wäre perfekt|wär schön|wär toll|wär super|"
          "wär cool|würde mich freuen|fände ich toll|fände ich gut|fände ich super",
    "fr": "ce serait top|ce serait bien|ce serait génial|ce serait super|ce serait pratique|"
          "ce serait cool|ce serait parfait|ça serait top|ça serait bien|ça serait génial|"
          "ça serait super|ça serait pratique|serait top|serait génial|serait super|"
          "serait parfait|j'adorerais|j'aimerais bien",
    "es": "sería genial|sería bueno|sería útil|sería ideal|sería perfecto|sería increíble|"
          "estaría genial|estaría bien|estaría bueno|estaría padre|me encantaría|molaría",
    "pt": "seria ótimo|seria bom|seria legal|seria top|seria incrível|seria perfeito|"
          "seria útil|seria massa|adoraria|ia ser ótimo|ia ser bom|ia ser legal|ia ser top",
    "it": "sarebbe bello|sarebbe utile|sarebbe comodo|sarebbe fantastico|sarebbe top|"
          "sarebbe perfetto|sarebbe ottimo|sarebbe carino|mi piacerebbe|"
          # a wish around features v47's praise ("sarebbe molto bello avere ...")
          "sarebbe molto bello|sarebbe molto bella|sarebbe davvero bello|"
          "sarebbe davvero bella|sarebbe proprio bello|sarebbe proprio bella|"
          "sarebbe troppo bello|sarebbe troppo bella",
    "nl": "zou fijn zijn|zou handig zijn|zou mooi zijn|zou top zijn|zou leuk zijn|"
          "zou geweldig zijn|zou super zijn|zou ik top vinden|zou ik fijn vinden",
    "ru": "было бы здорово|было бы круто|было бы неплохо|было бы удобно|было бы хорошо|"
          "было бы классно|было бы супер|было бы отлично|было бы прекрасно|было б здорово|"
          "было б круто|был бы рад|была бы рада",
    "uk": "було б добре|було б класно|було б круто|було б зручно|було б чудово|було б супер|"
          "було б непогано|було би добре|було би чудово|був би радий|була б рада",
    "pl": "byłoby super|byłoby fajnie|byłoby dobrze|byłoby miło|byłoby świetnie|"
          "byłoby wygodnie|byłoby ekstra|fajnie by było|super by było|dobrze by było|"
          "miło by było|świetnie by było",
    "tr": "iyi olur|iyi olurdu|süper olur|harika olur|güzel olur|çok iyi olur|çok güzel olur|"
          "çok iyi olurdu|çok güzel olurdu|harika olurdu|süper olurdu",
    "ja": "あったら嬉しい|あれば嬉しい|あると嬉しい|あったらいい|あればいい|あると助かる|"
          "あったら助かる|あれば助かる|してくれたら嬉しい|たら最高|れば最高|たら便利|れば便利",
    "ko": "있었으면 좋겠|있으면 좋겠|되면 좋겠|생기면 좋겠|생겼으면 좋겠|해주면 좋겠|"
          "해 주면 좋겠|있으면 좋을|되면 좋을|으면 좋겠|면 좋겠어요|면 좋겠습니다",
    "zh": "就好了|就更好了|会更好|该多好",
    "th": "จะดีมาก|คงจะดี|จะดีกว่า",
    "ar": "سيكون رائعا|سيكون رائع|سيكون جميل|سيكون جميلا|بيكون حلو|يكون حلو|حلو لو",
    "hi": "अच्छा होगा|अच्छा होता|बढ़िया होगा|बढ़िया होता|achha hoga|accha hoga|acha hoga|"
          "badhiya hoga|mast hoga",
    "id": "bakal keren|bakal bagus|akan bagus|akan keren|akan sangat membantu|pasti keren|"
          "pasti bagus|keren kalau|bagus kalau|mantap kalau",
    "vi": "sẽ tuyệt$|sẽ rất tuyệt$|thì tuyệt$|sẽ tốt hơn$",
    "sv": "vore bra|vore kul|vore toppen|vore najs|vore smidigt|skulle vara bra|"
          "skulle vara kul|skulle vara toppen|skulle vara smidigt|skulle vara najs",
    "da": "ville være fedt|ville være godt|ville være rart|ville være super|"
          "ville være dejligt|ville vært fint|ville vært bra|ville vært kjekt|ville vært supert",
    "fi": "olisi kiva|olisi hyvä|olisi kätevä|olisi mahtava|olisi siistiä|olisi upeaa",
    "cs": "bylo by fajn|bylo by super|bylo by skvělé|bylo by dobré|bylo by prima",
    "hu": "jó lenne|jó volna|jó lett volna|szuper lenne|nagyszerű lenne",
    "ro": "ar fi bine|ar fi super|ar fi util|ar fi frumos|ar fi grozav|ar fi minunat|ar fi fain|"
          "ar fi tare",
    "el": "θα ήταν ωραίο|θα ήταν καλό|θα ήταν τέλειο|θα ήταν υπέροχο|θα ήταν χρήσιμο",
    "he": "היה נחמד|יהיה נחמד|היה מעולה|יהיה מעולה|היה כיף|יהיה כיף",
}

REPLIES: dict[str, str] = {
    "en": "sorry to hear|sorry for the inconvenience|sorry for any inconvenience|"
          "sorry for the trouble|apologies for the inconvenience|apologies for any inconvenience|"
          "we apologise|we apologize|we understand your frustration|thank you for contacting|"
          "thanks for contacting|thank you for reaching out|thanks for reaching out|"
          "thank you for your patience|thanks for your patience|thanks for flagging|"
          "thanks for letting us know|thank you for letting us know|thank you for your message|"
          "thanks for your message",
    "de": "tut uns leid|tut uns sehr leid|entschuldige die unannehmlichkeiten|"
          "entschuldigen sie die unannehmlichkeiten|entschuldigung für die unannehmlichkeiten|"
          "wir entschuldigen uns|danke für deine nachricht|danke für ihre nachricht|"
          "vielen dank für ihre nachricht|vielen dank für deine nachricht|"
          "danke für deine geduld|vielen dank für ihre geduld|danke für den hinweis|"
          "wir verstehen deinen ärger|wir verstehen ihren ärger",
    "fr": "désolés pour|nous sommes désolés|toutes nos excuses|nous nous excusons|navrés pour|"
          "nous comprenons votre frustration|merci pour votre message|"
          "merci de nous avoir contactés|merci de nous avoir contacté|merci pour votre patience|"
          "merci de votre patience|merci de nous avoir signalé",
    "es": "lamentamos las molestias|lamentamos|sentimos las molestias|disculpa las molestias|"
          "disculpe las molestias|disculpen las molestias|te pedimos disculpas|"
          "le pedimos disculpas|"
          "entendemos tu frustración|gracias por contactar|gracias por contactarnos|"
          "gracias por escribirnos|gracias por tu paciencia|gracias por su paciencia|"
          "gracias por avisarnos",
    "pt": "sentimos muito|lamentamos|pedimos desculpas|desculpe o transtorno|"
          "desculpa o transtorno|desculpe pelo transtorno|desculpa pelo transtorno|"
          "entendemos sua frustração|obrigado por entrar em contato|"
          "obrigada por entrar em contato|agradecemos o contato|agradecemos a paciência|"
          "obrigado pela paciência|obrigada pela paciência",
    "it": "ci dispiace|siamo spiacenti|scusa per il disagio|scusate per il disagio|"
          "ci scusiamo|comprendiamo la tua frustrazione|grazie per averci contattato|"
          "grazie per aver contattato|grazie per la pazienza|grazie per la segnalazione|"
          "grazie per il tuo messaggio",
    "nl": "sorry voor het ongemak|excuses voor het ongemak|vervelend om te horen|"
          "bedankt voor je bericht|bedankt voor uw bericht|bedankt voor je geduld|"
          "bedankt voor uw geduld|bedankt voor het melden|bedankt voor je melding",
    "ru": "приносим извинения|приносим свои извинения|извините за неудобства|"
          "извиняемся за неудобства|нам очень жаль|нам жаль|понимаем ваше недовольство|"
          "спасибо за обращение|благодарим за обращение|спасибо за ваше терпение|"
          "благодарим за терпение",
    "uk": "перепрошуємо|вибачте за незручності|вибачаємося за незручності|нам дуже шкода|"
          "нам шкода|розуміємо ваше невдоволення|дякуємо за ваше терпіння|дякуємо за терпіння",
    "pl": "przepraszamy|przykro nam|rozumiemy frustrację|dziękujemy za kontakt|"
          "dziękujemy za wiadomość|dziękujemy za cierpliwość|dziękujemy za zgłoszenie",
    "tr": "üzgünüz|özür dileriz|yaşattığımız olumsuzluk|yaşadığınız olumsuzluk|"
          "anlayışınız için teşekkür|iletişime geçtiğiniz için teşekkür|"
          "bizimle iletişime geçtiğiniz için|sabrınız için teşekkür|bildiriminiz için teşekkür",
    "zh": "非常抱歉|很抱歉给您|抱歉给您|感谢您的反馈|感谢您的耐心|感谢您联系|感谢您的理解",
    "ja": "ご不便をおかけ|ご迷惑をおかけ|申し訳ございません|お問い合わせありがとう|"
          "お問い合わせいただきありがとう|ご連絡ありがとうございます|ご指摘ありがとうございます",
    "ko": "불편을 드려|불편을 끼쳐|문의 주셔서 감사|연락 주셔서 감사|기다려 주셔서 감사",
    "th": "ขออภัยในความไม่สะดวก|ขอบคุณที่ติดต่อ|ขอบคุณที่แจ้ง|ขอบคุณที่รอ",
    "ar": "نعتذر عن|نأسف على|نأسف لسماع|نعتذر للإزعاج|شكرا لتواصلك|شكراً لتواصلك|"
          "نشكرك على تواصلك|شكرا لصبرك|شكراً لصبرك|نتفهم انزعاجك",
    "hi": "असुविधा के लिए खेद|हमें खेद है|असुविधा के लिए क्षमा|संपर्क करने के लिए धन्यवाद|"
          "धैर्य के लिए धन्यवाद|inconvenience ke liye sorry",
    "id": "mohon maaf atas ketidaknyamanan|maaf atas ketidaknyamanan|mohon maaf atas|"
          "terima kasih telah menghubungi|terima kasih sudah menghubungi|"
          "terima kasih atas kesabaran|terima kasih sudah menunggu",
    "vi": "xin lỗi vì sự bất tiện$|rất tiếc vì$|cảm ơn bạn đã liên hệ$|"
          "cảm ơn anh chị đã liên hệ$|cảm ơn bạn đã kiên nhẫn$",
    "sv": "tråkigt att höra|ursäkta besväret|vi ber om ursäkt|tack för att du kontaktar|"
          "tack för ditt meddelande|tack för ditt tålamod|tack för att du hör av dig",
    "da": "beklager ulejligheden|det er vi kede af|tak for din henvendelse|"
          "takk for din henvendelse|tak for din tålmodighed|beklager ulempene",
    "fi": "pahoittelemme|pahoittelut|ikävä kuulla|kiitos yhteydenotosta|kiitos viestistäsi|"
          "kiitos kärsivällisyydestä",
    "cs": "omlouváme se|mrzí nás|děkujeme za zprávu|děkujeme za kontaktování|"
          "děkujeme za trpělivost",
    "hu": "elnézést kérünk|sajnáljuk|köszönjük megkeresését|köszönjük türelmét|"
          "köszönjük a jelzést",
    "ro": "ne pare rău|ne cerem scuze|vă mulțumim pentru mesaj|vă mulțumim pentru răbdare|"
          "mulțumim pentru sesizare",
    "el": "λυπούμαστε|ζητούμε συγγνώμη|ζητάμε συγγνώμη|για την ταλαιπωρία|"
          "ευχαριστούμε που επικοινωνήσατε|ευχαριστούμε για την υπομονή",
    "he": "מצטערים על|מתנצלים על|סליחה על אי הנוחות|תודה שפנית|תודה על פנייתך|"
          "תודה על הסבלנות",
}

# Phrases of a company's account speaking to a customer (see the module docstring): asking the
# customer to write to it, passing words on to its team, thanking for kind words. A customer
# writes "DM me" and "our team of 40", not "DM us" and "we'll pass it on to the team".
COMPANY_VOICE: dict[str, str] = {
    "en": "dm us|send us a dm|send us a message|send us a private message|send us your|"
          "drop us a dm|drop us a message|drop us a line|message us|reach out to us via|"
          "we'll get this sorted|we'd like to help|we'd love to help|"
          "pass them on to the team|pass it on to the team|pass this on to the team|"
          "passed it on to the team|share it with the team|shared it with the team|"
          "the kind words|your kind words|your lovely words|a member of our team|"
          "one of our agents",
    "de": "schick uns|schicken sie uns|sende uns|senden sie uns|schreib uns|schreiben sie uns|"
          "melde dich gern bei uns|ans team weiter|an das team weiter|an unser team weiter|"
          "das tolle feedback|das liebe feedback|die lieben worte|die netten worte|"
          "deine lieben worte",
    "fr": "envoyez-nous|envoie-nous|écrivez-nous|écris-nous|contactez-nous en|"
          "transmettre à l'équipe|transmettons à l'équipe|transmettrons à l'équipe|"
          "transmis à l'équipe|nous revenons vers vous|votre gentil message|ce gentil message|"
          "vos gentils mots",
    "es": "escríbenos|envíanos|mándanos|contáctanos por|lo haremos llegar al equipo|"
          "se lo haremos llegar|trasladamos al equipo|trasladaremos al equipo|"
          "tus bonitas palabras",
    "pt": "nos chame|nos chama no|nos envie|envie para nós|manda pra gente|"
          "repassar para o time|repassar para a equipe|repassar ao time|repassar à equipe|"
          "obrigado pelo carinho|obrigada pelo carinho",
    "it": "scrivici|inviaci|mandaci|contattaci in|giriamo al team|le giriamo|lo giriamo|"
          "giriamo subito|le belle parole",
    "nl": "stuur ons|stuurt u ons|ons een dm|geven het door|geven we door|"
          "doorgeven aan het team|de lieve woorden|je lieve woorden|de mooie woorden",
    "sv": "skicka ett dm|skicka oss|skriv till oss|dm:a oss|skickar dem vidare|"
          "skickar det vidare|vidare till teamet|hjälper vi dig|de fina orden",
    "da": "send os|os en dm|skriv til os|giver det videre|videre til teamet|hjælper vi dig|"
          "de søde ord|de pæne ord",
    "fi": "lähetä meille|lähetäthän|laita meille viesti|ystävällisistä sanoista",
    "cs": "pošlete nám|napište nám|předáme|milá slova",
    "pl": "napisz do nas|napiszcie do nas|prosimy o kontakt|prosimy o wiadomość|przekażemy|"
          "miłe słowa",
    "ru": "напишите нам|пишите нам|передадим|тёплые слова|теплые слова|добрые слова",
    "uk": "напишіть нам|передамо|теплі слова|добрі слова",
    "tr": "bize yazın|bize ulaşın|iletiyoruz|ileteceğiz|güzel sözleriniz",
    "ja": "dmにて|お知らせください|チーム一同|担当部署|確認いたします|対応いたします|"
          "お調べいたします|励みになります|温かいお言葉",
    "zh": "我们会继续努力|转达给团队|反馈给相关部门|工作人员会",
    "ko": "dm 주시면|dm 부탁|팀에 전달|전달하겠습니다|확인해 드리겠습니다|확인 후 안내|"
          "도와드리겠습니다|따뜻한 말씀",
    "th": "ทีมงานจะ",
    "ar": "راسلنا|راسلونا|مراسلتنا|سنتابع|سنقوم بالتحقق|سنتواصل معك|كلماتك الجميلة",
    "hi": "dm करें|dm karein|dm kare|टीम तक|मदद करेंगे|जांच करेंगे|प्यारे शब्दों",
    "id": "silakan dm|dm nomor|kami bantu|kami senang bisa membantu|kami teruskan",
    "ms": "sila hantar|hantar kepada kami|kami akan bantu|kami bantu",
    "tl": "paki-dm|pa-dm|matulungan namin|titingnan namin|aayusin namin",
    "sw": "tutumie|tutashughulikia|tutakusaidia",
    "vi": "để được hỗ trợ$",
    "ro": "trimite-ne|scrie-ne|ne trimiți",
    "hu": "írj nekünk|továbbítjuk",
    "el": "στείλτε μας|στείλε μας|στην ομάδα μας|θα το ελέγξουμε|θα εξετάσουμε",
    "he": "שלחו לנו|כתבו לנו",
}

# Phrases of the same replies that a customer writes too, of her own team, of what she is
# looking into and of the DM she sent ("our team is stuck, we're looking into alternatives",
# "писали в личку — тишина", "nasz zespół nie może się zalogować"): a second phrase beside
# one of ``COMPANY_VOICE`` or beside a ``REPLIES`` formula, never a reply on their own.
SHARED_VOICE: dict[str, str] = {
    "en": "via dm|in a dm|by dm|our team is looking into|our team is aware|our team is working|"
          "our team is investigating|our team will|our teams are|we're looking into|"
          "we are looking into|we're investigating|we are investigating|we'll look into|"
          "we will look into|we'll sort|we'll pass|we will pass|we're working on a fix|"
          "we are working on a fix|our support team will",
    "de": "per dm|per direktnachricht|per pn|per privatnachricht|wir kümmern uns|"
          "kümmern wir uns|wir schauen uns das|wir schauen uns|schauen wir uns|wir prüfen das|"
          "prüfen wir das|unser team arbeitet|unser team prüft|unser team ist dran|"
          "wir arbeiten an einer lösung",
    "fr": "en message privé|en mp|par mp|par message privé|en dm|par dm|nos équipes sont|"
          "notre équipe est|nos équipes travaillent|notre équipe travaille|nous regardons cela|"
          "nous vérifions|on regarde ça|vos mots",
    "es": "por dm|por md|por mensaje privado|por privado|nuestro equipo está|nuestro equipo ya|"
          "nuestros equipos|lo revisamos|lo revisaremos|estamos revisando|"
          "estamos trabajando para|tus palabras|sus palabras",
    "pt": "no privado|no pv|por dm|via dm|por direct|no direct|nossa equipe está|"
          "nosso time está|nossa equipa está|vamos verificar|estamos verificando|"
          "estamos trabalhando para|suas palavras",
    "it": "in privato|in dm|via dm|per dm|il nostro team sta|il nostro team è|i nostri tecnici|"
          "stiamo verificando|verificheremo|stiamo lavorando per|le tue parole|le vostre parole",
    "nl": "ons een bericht|via dm|in een dm|per dm|privébericht|we zoeken het uit|"
          "zoeken we het uit|we kijken ernaar|kijken we ernaar|we kijken het na|ons team is|"
          "ons team kijkt|we zijn ermee bezig",
    "sv": "via dm|i ett dm|privat meddelande|vårt team är|vårt team jobbar|vi tittar på|"
          "vi undersöker",
    "da": "via dm|privat besked|vores team er|vores team arbejder|kigger vi på|vi kigger på|"
          "vi undersøger",
    "fi": "yksityisviesti|tiimimme|välitämme|selvitämme asiaa|tutkimme asiaa",
    "cs": "soukromé zprávy|soukromou zprávu|náš tým|prověříme|podíváme se na to",
    "pl": "wiadomość prywatną|wiadomości prywatnej|na priv|nasz zespół|sprawdzimy to|"
          "zajmiemy się",
    "ru": "в личные сообщения|в личку|в лс$|в директ|наша команда|мы разберемся|мы проверим|"
          "проверим и",
    "uk": "в особисті|в приват|у приват|наша команда|ми перевіримо|розберемося|ми з'ясуємо",
    "tr": "dm ile|dm üzerinden|dm'den|özel mesaj|ekibimize|ekibimiz|inceliyoruz|inceleyeceğiz|"
          "kontrol edeceğiz",
    "ja": "dmで|ダイレクトメッセージ|ご連絡ください",
    "zh": "私信|我们会尽快|尽快处理",
    "ko": "dm으로|보내주시면|보내 주시면",
    "th": "แชทส่วนตัว|ทางข้อความส่วนตัว|ทักแชท|ตรวจสอบให้|แจ้งทีมงาน",
    "ar": "على الخاص|رسالة خاصة|فريقنا|للفريق",
    "hi": "मैसेज करें|हमारी टीम|हम जल्द",
    "id": "via dm|lewat dm|melalui dm|pesan pribadi|kami cek|akan kami|tim kami",
    "ms": "mesej peribadi|melalui dm|pasukan kami",
    "tl": "aming team",
    "sw": "ujumbe binafsi|ujumbe wa faragha|timu yetu",
    "vi": "nhắn tin riêng$|tin nhắn riêng$|chúng tôi sẽ$|đội ngũ của chúng tôi$",
    "ro": "în privat|mesaj privat|echipa noastră|vom verifica|verificăm",
    "hu": "privátban|privát üzenet|küldd el|csapatunk|megvizsgáljuk|utánanézünk",
    "el": "προσωπικό μήνυμα|η ομάδα μας",
    "he": "הודעה פרטית|בפרטי|הצוות שלנו|נבדוק|נטפל",
}
