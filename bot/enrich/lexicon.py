"""Cue concepts shared by every language: the model's bridge between languages.

Character grams learn what a language's training posts say; they cannot know that "zwrot",
"reembolso" and "환불" mean the same thing. Each concept below lists the words that express it
in each language (written from general knowledge of how customers write, not mined from the
evaluation data), and a post gets one feature per concept, whatever its language. The model
then learns from all thirteen languages at once what "a refund is mentioned" says about intent
and polarity, and a post in a register or about a product the corpus never showed still finds
its cues. Dutch, Italian, Arabic, Hindi (in Devanagari and in Latin letters), Indonesian and
Vietnamese, which the language detector names but the corpus does not have, are read through
their entries alone; none of those entries occurs in any corpus post (so adding them left the
trained weights exact: ``tests/enrich/test_corpus.py`` checks it). Without them a post in one
of those languages had only the cues every language shares (a question mark, a link, emoji) and
its intent was close to a guess. Vietnamese is written a syllable a word and ``fold`` strips its
tone marks ("tệ" is "te", Spanish and French "te"), so its entries are whole words and mostly
phrases ("quá tệ").

Entries are matched on folded text (``features.prepare``, with the project's ``fold``).
In scripts written with spaces an entry must start a word and may be a stem ("verspät" finds
"verspätet", "verspätung"); ``$`` at the end means the word must end there too ("bug$" is not
"budget"). A word that only begins like a stem of some language is another word
(``LOOKALIKES``: "bestellung" is no "beste", Polish "miesiąc" no German "mies", Turkish "bugün"
no French "bug", Ukrainian "багато" no "баг"): no entry that ends inside it is found there.
A phrase of one language that ends in another's entry is that language's (``OTHER_PHRASES``:
Swedish "fick sin", "med sin" hold no Spanish "sin"): the entry is not found at its end.
In Chinese, Japanese, Thai and Korean an entry matches anywhere, but one in Latin letters
("erp", "yyds") not right after a Latin letter or digit.

"No complaints", "sin quejas", "不満なし" and their kind are entries of ``positive`` in every
language: the negation rule below turns a sentiment word, and "complaints" is none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal

import ahocorasick

from bot.enrich.lexicon_arrival import ARRIVALS, LAUNCHES, NETWORK, NOT_A_MOVE, PREMISES
from bot.enrich.lexicon_at_all import AT_ALL
from bot.enrich.lexicon_battery import BATTERY_DIES
from bot.enrich.lexicon_churn import CANCEL, NEVER_AGAIN
from bot.enrich.lexicon_cuts import CUT, CUT_AFTER, GROWTH, LAYOFFS, STAFF
from bot.enrich.lexicon_damage import MORE
from bot.enrich.lexicon_errand import ERRANDS
from bot.enrich.lexicon_far import ANSWERS_FAR, ANYONE_FAR, FAR, LEAVING
from bot.enrich.lexicon_frames import COMPANY_VOICE, REPLIES, SHARED_VOICE, WISHES
from bot.enrich.lexicon_gaps import ASKING, GIVEAWAY, NEW_LANGUAGES
from bot.enrich.lexicon_hedged import CANT_WAIT, SINCERE
from bot.enrich.lexicon_indirect import (
    APOLOGY_WAVED,
    ASKING_TOO_MUCH,
    AWAITED,
    EAGER,
    IMPATIENT,
    NO_APOLOGY,
    NO_RUSH,
    PEERS,
    POLITE,
    RHETORICAL,
    STAYING,
    WISHES_AWAITING,
    WISHES_MORE,
)
from bot.enrich.lexicon_lost import GONE, LOST
from bot.enrich.lexicon_negated import LITOTES, NEGATED_PRAISE
from bot.enrich.lexicon_nobody import ANSWERS, ANYONE
from bot.enrich.lexicon_plain import (
    BAD,
    GOOD,
    HOLD,
    NEVER_FAILS,
    NOT_GOOD,
    SLOW,
    UNFIXED,
    UNHELPFUL,
)
from bot.enrich.lexicon_slang import SLANG
from bot.enrich.lexicon_slavic import SLAVIC
from bot.enrich.lexicon_software import OUTAGE, SEO
from bot.enrich.lexicon_spam_far import SPAM_ACTION, SPAM_MONEY
from bot.enrich.lexicon_status import ANNOUNCING, STATUS_SHARED, STATUS_VOICE
from bot.enrich.lexicon_streak import NOT_A_RUN, STREAK
from bot.enrich.lexicon_ten import MORE as TEN_MORE
from bot.enrich.lexicon_ten import TEN, WISHES_TEN
from bot.enrich.lexicon_thread import ASKING as THREAD_ASKING
from bot.enrich.lexicon_thread import CONTRAST as THREAD_CONTRAST
from bot.enrich.lexicon_thread import (
    NOT_STUCK,
    NOT_STUCK_BEFORE,
    OLD_BACK,
    RESTORED,
    STUCK,
)
from bot.enrich.lexicon_thread import PRAISE as THREAD_PRAISE
from bot.enrich.lexicon_tickets import REPEATED, STATUS, WAITING
from bot.enrich.lexicon_translit import AGAIN as TRANSLIT_AGAIN
from bot.enrich.lexicon_translit import BUY as TRANSLIT_BUY
from bot.enrich.lexicon_translit import FAULT as TRANSLIT_FAULT
from bot.enrich.lexicon_translit import NEGATIVE as TRANSLIT_NEGATIVE
from bot.enrich.lexicon_translit import POSITIVE as TRANSLIT_POSITIVE
from bot.enrich.lexicon_translit import SARCASM as TRANSLIT_SARCASM
from bot.enrich.lexicon_translit import THANKS as TRANSLIT_THANKS
from bot.enrich.lexicon_world import WORLD

# Burmese and Khmer do not space their words either (``lexicon_far``)
UNSPACED = frozenset({"zh", "ja", "th", "ko", "my", "km"})
_ANYWHERE, _WORD, _LATIN = 0, 1, 2  # where an entry may start (see ``_automaton``)
# Hebrew writes "the", "and", "in", "to", "that" and "from" as one letter glued to the next word
# ("השירות המעולה": the excellent service): its entries match after those letters too
_CLITICS = {"he": ("ה", "ו", "וה", "ב", "ל", "ש", "מ", "כש")}
# Hebrew writes five letters in another form at the end of a word: an entry that ends in one
# ("מושלם": perfect) is also a stem with the letter's usual form, or its feminine and plural
# ("מושלמת", "מושלמים") would not start with it
_FINAL_FORMS = str.maketrans("ךםןףץ", "כמנפצ")

# concept -> language -> entries separated by "|"
CONCEPTS: dict[str, dict[str, str]] = {
    "negative": {
        "en": "terrible|awful|horrible|worst|bad$|disappoint|useless|ridiculous|joke$|shame|"
              "shameful|disgust|unacceptable|pathetic|annoying|frustrat|angry|furious|hate$|"
              "nightmare|rubbish|trash|garbage|scam|never again|not ok|sucks|wtf|shady|rude",
        "de": "schrecklich|furchtbar|katastroph|schlimm|schlecht|enttäusch|nutzlos|lächerlich|"
              "frechheit|unverschämt|ärgerlich|nervig|wütend|sauer$|nie wieder|zumutung|skandal|"
              "abzocke|mies|peinlich|unfreundlich|trotzdem|leider",
        "fr": "horrible|nul$|nulle|catastroph|décevant|déçu|inadmissible|honteu|lamentable|"
              "scandaleu|arnaque|pénible|énervant|furieu|insupportable|jamais plus|plus jamais|"
              "inacceptable|pire|mauvais|ridicule|malpoli|n'importe quoi|marre|détest",
        "es": "horrible|pésim|fatal$|terrible|decepcion|vergüenza|inaceptable|ridícul|estafa|"
              "timo|molest|harto|harta|nunca más|peor|malísim|mal servicio|indignante|una mierda|"
              "lamentable|maleducad|qué oso",
        "pt": "péssim|horrível|terrível|decepcion|vergonha|inaceitável|ridícul|golpe|absurdo|"
              "cansad|nunca mais|pior|ruim|lamentável|palhaçada|descaso|raiva|chateado|"
              "mal educad|que nojo",
        "ru": "ужас|кошмар|отвратител|худш|плох|разочаров|бесполезн|позор|безобраз|возмутител|"
              "обман|развод|мошенни|бесит|надоел|достал|никогда больше|больше не|хамств|нахам|"
              "груб|отстой|жесть|стыд",
        "uk": "жах|кошмар|огидн|найгірш|поган|розчаров|марн|ганьба|неподобств|обман|шахрай|"
              "бісить|набрид|дістал|більше ніколи|більше не|хамств|нахамил|груб|соромно|"
              "неприйнятн",
        "pl": "beznadziej|fataln|tragedi|tragiczn|najgorsz|słab|okropn|rozczarow|żenada|żenując|"
              "skandal|oszust|wkurza|mam dość|nigdy więcej|dramat|porażka|kpina|niemił|chamsk|"
              "wstyd|szkoda",
        "tr": "berbat|rezalet|rezil|en kötü|kötü|hayal kırıklığı|saçma|yazıklar|utan|dolandır|"
              "sinir|bıktım|bir daha asla|asla|skandal|kabul edilemez|maalesef|terbiyesiz|kaba$|"
              "felaket|berbattı|rezillik|iğrenç|korkunç|berbat bir|pişman|yazık|üzgün|üzüldüm|"
              "sinir bozucu|sinirlendim|çıldırtıyor|bezdim|yeter$|yeter artık|kandırıldım|kazık|"
              "soygun|dolandırıcı|ilgisiz|umursamaz|saygısız|rezaletsiniz|hiç memnun değil|"
              "tavsiye etmiyorum|etmem|sakın|😡|🤬",
        "zh": "垃圾|太差|很差|最差|失望|恶心|坑|骗|气死|无语|离谱|糟糕|烂|差评|受不了|再也不|"
              "投诉|态度差|坑爹|服了|差劲|太烂|难用|难吃|难喝|坑人|坑钱|黑心|忽悠|骗子|骗钱|抢钱|"
              "气人|烦死|烦$|心态崩|难过|伤心|生气|愤怒|火大|吐了|傻眼|醉了|后悔|不值|不推荐|"
              "避雷|踩雷|拉黑|敷衍|推卸|装死|不靠谱|不负责|霸王条款|欺骗|累死|郁闷|糟心|闹心|"
              "劣质|假货|缺斤少两|不新鲜|变质|发霉|夸张|扯$|太过分|过分|无良|奸商|绝望|崩溃了|"
              "寒心|心累|智商税|坑死|差到|慢到|烂透|中伏|嬲|激死|废柴|黐线",
        "ja": "最悪|ひどい|酷い|がっかり|残念|ありえない|あり得ない|ふざけ|詐欺|腹立|二度と|"
              "イライラ|不親切|最低|ダメ|使えない|勘弁|困る|困って|不満|不便|不快|不愉快|酷すぎ|"
              "ひどすぎ|最悪すぎ|残念すぎ|ムカつく|むかつく|腹が立つ|許せない|呆れ|あきれ|"
              "うんざり|疲れた|しんどい|悲しい|辛い|つらい|後悔|損した|金返せ|高すぎ|遅すぎ|"
              "意味不明|意味わからん|なんなの|何なの|いい加減|適当すぎ|対応が悪い|態度が悪い|怒|"
              "😡|😠",
        "ko": "최악|별로|실망|짜증|어이없|황당|사기|화나|다시는|엉망|불친절|답답|못 쓰|쓰레기|"
              "망했|열받|어처구니|불편|빡치|빡쳐|개판|노답|극혐|환장|미치겠|어이가 없|한심|"
              "형편없|구리|구려|후회|아쉽|속상|불쾌|괘씸|돈 아까|돈아깝|비추|거지같|불만|화가|"
              "분노|억울|현타|힘들|난리|짜증나|최악이|엉터리|실망스|기분 나쁘|무책임|뻔뻔",
        "th": "แย่|ห่วย|ผิดหวัง|เซ็ง|โกง|หลอก|ไม่ไหว|โมโห|หงุดหงิด|ไม่โอเค|เลวร้าย|ไม่ประทับใจ|"
              "ขยะ|น่าผิดหวัง|ไม่เอาอีก|เสียความรู้สึก|แย่มาก|ห่วยแตก|เฟล|ผิดหวังมาก|เสียใจ|"
              "เสียดายเงิน|เสียเงินฟรี|ไม่คุ้ม|ไม่แนะนำ|ทนไม่ไหว|รำคาญ|น่ารำคาญ|หัวร้อน|ของปลอม|"
              "มั่ว|ไม่รับผิดชอบ|ขี้โกง|ต้มตุ๋น|เอาเปรียบ|ทุเรศ|ทรมาน|เบื่อ|เหนื่อย|ท้อ|แพงเกิน|"
              "แพงกว่า|แพงมาก|ไม่มีมาตรฐาน|ไม่ประทับใจเลย|กาก|😠|😡|🤬",
        "nl": "slecht|waardeloos|belachelijk|schandalig|schande|teleurgesteld|teleurstell|"
              "verschrikkelijk|vreselijk|afschuwelijk|kut$|klote|balen|irritant|ergerlijk|"
              "ergernis|boos$|woedend|nooit meer|onacceptabel|onaanvaardbaar|onbeschoft|bagger|"
              "rampzalig|oplichter|oplichting|triest|flut|jammer|ambetant|om te huilen|bedroevend|"
              "lachertje|dramatisch|zwaar klote|niet normaal",
        "it": "pessim|terribile|orribile|schifo|vergogn|deludente|delus|inaccettabile|ridicol|"
              "assurdo|truffa|truffatori|incazzat|arrabbiat|furios|mai più|peggior|scandalos|"
              "indecente|penoso|fa cagare|una merda|malissimo|maleducat|scortes|inutile|indegno|"
              "vergognoso|allucinante|imbarazzante|disastro|disastroso|che schifo|senza vergogna",
        "ar": "سيء|سيئ|سيئة|أسوأ|الأسوأ|زفت|فاشل|فاشلة|خيبة|مخيب|محبط|مزعج|مقرف|كارثة|كارثي|"
              "مهزلة|سخيف|نصب|نصابين|احتيال|حرامية|لصوص|غاضب|زعلان|قرف|تعبت|لن أتعامل|للأسف|عيب|"
              "مخزي|غير مقبول|لا يطاق|رديء|رديئة|خدمة سيئة|حسبي الله|مو زين|ليس جيدا|غير جيد",
        "hi": "बेकार|घटिया|बकवास|खराब|ख़राब|बहुत बुरा|बुरा|बुरी|निराश|शर्म|धोखा|धोखाधड़ी|ठगी|लूट|"
              "गुस्सा|परेशान|तंग आ|बर्बाद|फालतू|अच्छा नहीं|अच्छी नहीं|ठीक नहीं|bekaar|bekar|"
              "bakwas|ghatiya|kharab|bura$|buri$|faltu|dhokha|pareshan|gussa|sharam|achha nahi|"
              "accha nahi|acha nahi|theek nahi|thik nahi|worst service",
        "id": "buruk|jelek|parah|kecewa|mengecewakan|payah|bohong|penipu|penipuan|marah|kesal|"
              "kesel|nyebelin|menyebalkan|sebel|bete$|keterlaluan|memalukan|tidak profesional|"
              "gak profesional|ga profesional|zonk|sampah|kapok|terburuk|hancur|nyesel|menyesal|"
              "kurang bagus|kurang memuaskan|kurang ramah|kurang puas|tidak puas|gak puas|"
              "ga puas|nggak puas|ribet|males",
        "vi": "quá tệ$|rất tệ$|tệ quá$|tệ hại$|tồi tệ$|kém chất lượng$|quá kém$|thất vọng$|"
              "đừng mua$|đừng bao giờ$|đừng đặt$|"
              "bực mình$|bực bội$|khó chịu$|lừa đảo$|chán quá$|chán thật$|chán ghê$|phí tiền$|"
              "mất dạy$|thái độ kém$|không bao giờ quay lại$|kinh khủng$|tệ nhất$|bức xúc$|"
              "ức chế$|không tốt$|chẳng tốt$|không hài lòng$|vớ vẩn$",
    },
    "positive": {
        "en": "great$|amazing|awesome|love$|loved|loving|best$|excellent|perfect|fantastic|"
              "wonderful|brilliant|impressed|superb|incredible|insane|legend|smooth|happy|"
              "delighted|recommend|well done|good job|kind$|kindness|friendly|helpful|painless|"
              "quick|fast$|lifesaver|game changer|10/10|top notch|proper|no complaints|"
              "no complaint|no issues|no problems|nothing to complain|can't complain|"
              "cant complain|never had an issue|never had a problem|never had any",
        "de": "toll|super|großartig|hervorragend|perfekt|klasse|spitze|genial|liebe|beste|"
              "empfehl|begeistert|zufrieden|freundlich|hilfsbereit|schnell|unkompliziert|respekt|"
              "fair$|top$|danke|wunderbar|lecker|sympathisch|keine beschwerden|"
              "nichts auszusetzen|keine probleme|kein problem|keine klagen",
        "fr": "génial|super|excellent|parfait|top$|incroyable|adore|j'aime|meilleur|recommande|"
              "bravo|impeccable|efficace|rapide|gentil|sympa|ravi|merveilleu|chapeau|respect|"
              "au top|nickel|délicieu|merci|aucun souci|rien à redire|aucune plainte|"
              "pas à me plaindre|aucun problème",
        "es": "genial|excelente|perfect|increíble|encanta|me encant|mejor|recomiend|recomendad|"
              "bravo|maravill|rápid|amable|atento|feliz|buenísim|espectacular|de diez|"
              "10/10|gracias|top$|joya|riquísim|delicios|sin quejas|ninguna queja|"
              "nada que reclamar|no me quejo|ningún problema|sin problemas",
        "pt": "ótimo|excelente|perfeit|incrível|adoro|amei|amo |melhor|recomend|maravilh|rápid|"
              "atencios|gentil|simpátic|feliz|show$|top$|nota 10|sensacional|surreal|delícia|"
              "obrigad|parabéns|assim sim|sem reclamações|nada a reclamar|do que reclamar|"
              "nenhum problema|sem problemas",
        "ru": "отличн|супер|класс|прекрасн|идеальн|лучш|люблю|обожаю|восторг|рекоменд|советую|"
              "молодц|быстро|вежлив|приятн|доволен|довольна|спасибо|благодар|круто|огонь|кайф|"
              "порадовал|удобн|вкусн|ничего плохого|никаких проблем|нареканий нет|претензий нет|"
              "без нареканий",
        "uk": "чудов|відмінн|супер|клас|ідеальн|найкращ|люблю|обожнюю|захват|рекоменд|раджу|"
              "молодц|швидко|ввічлив|приємн|задоволен|дякую|вдячн|круто|вогонь|топ$|зручн|смачн|"
              "порадувал|жодних проблем|ніяких проблем|без нарікань|претензій немає",
        "pl": "super|świetn|rewelac|idealn|najlepsz|kocham|uwielbiam|polecam|brawo|genialn|szybk|"
              "miły|miła$|pomocn|zadowolon|dziękuj|dzięki|sztos|petarda|ekstra|wygodn|pyszn|"
              "mistrz|zaskoczył|bez zastrzeżeń|żadnych problemów|nie narzekam|"
              "nie mam się do czego",
        "tr": "harika|mükemmel|süper|muhteşem|en iyi|bayıldım|seviyorum|tavsiye|öneririm|"
              "teşekkür|sağ ol|helal|bravo|hızlı|nazik|ilgili|memnun|efsane|şahane|çok iyi|"
              "başarılı|lezzetli|tebrik|iyi ki|güzel|çok güzel|beğendim|memnunum|memnun kaldım|"
              "kaliteli|sorunsuz|hızlıca|ilgili ve|güler yüzlü|profesyonel|temiz|uygun fiyat|"
              "fiyat performans|bayıldık|seviyoruz|tavsiye ederim|iyi ki varsınız|candır|"
              "süpersiniz|harikasınız|teşekkürler|hiçbir sorun|sorun yaşamadım|şikayetim yok|"
              "hiç sorun",
        "zh": "好评|很好|太好|非常好|棒|赞|优秀|完美|喜欢|爱了|推荐|满意|感谢|谢谢|给力|靠谱|"
              "贴心|快|方便|好吃|牛|点赞|惊喜|良心|好用|不错|很赞|超赞|绝了|yyds|真香|性价比|"
              "cp值|超值|物美价廉|新鲜|好喝|美味|好看|漂亮|舒服|温柔|耐心|专业|周到|稳定|流畅|"
              "顺手|开心|高兴|幸福|感动|爱用|值得|五星|神器|宝藏|救命|没话说|惊艳|厉害|满分|好正|"
              "好味|掂|赞赞|太爱|必买|回购|强推|安利|省心|放心|热情|友好|干净|准时|及时|好评如潮|"
              "挺好|真好|好棒|没毛病|无可挑剔|挑不出毛病|没什么问题",
        "ja": "最高|素晴らしい|すばらしい|良かった|よかった|好き|おすすめ|オススメ|感謝|"
              "ありがとう|助かり|助かった|便利|快適|丁寧|親切|神|満足|感動|美味しい|おいしい|"
              "早い|速い|嬉しい|良い|いい感じ|最高すぎ|神すぎ|優しい|やさしい|親身|迅速|スムーズ|"
              "綺麗|きれい|可愛い|かわいい|美味|うまい|コスパ|お得|安心|信頼|頼りになる|さすが|"
              "大好き|愛用|リピート|推し|楽しい|面白い|すごい|凄い|素敵|気に入|ありがたい|助かる|"
              "優秀|完璧|使いやすい|見やすい|わかりやすい|分かりやすい|不満なし|不満はない|"
              "不満もない|問題なし|文句なし|文句ない",
        "ko": "최고|좋아|좋네|좋았|훌륭|완벽|감사|고마|추천|만족|친절|빠르|편하|대박|짱|감동|"
              "맛있|사랑|굿|멋지|든든|좋다|좋음|좋은|조아|이쁘|예쁘|예뻐|맛집|존맛|꿀맛|가성비|"
              "혜자|갓|레전드|깔끔|꼼꼼|편해|편리|싱싱|신선|정확|유용|유익|개꿀|강추|인정|단골|"
              "재구매|찐|천재|센스|행복|기분 좋|만족스|빠름|빨라|훈훈|고퀄|믿고|완전 좋|잘 쓰고|"
              "잘쓰고|잘하네|일 잘|감동이|최고다|최고예요|따뜻|불만 없|문제없|문제 없",
        "th": "ดีมาก|เยี่ยม|สุดยอด|ประทับใจ|ชอบ|รัก|แนะนำ|ขอบคุณ|พอใจ|ปัง|เริ่ด|ใจดี|บริการดี|"
              "รวดเร็ว|เร็วมาก|สะดวก|อร่อย|คุ้ม|เทพ|ดีใจ|ถูกใจ|ดีจัด|ดีงาม|ดีเยี่ยม|ปลื้ม|เก่ง|"
              "ชม$|ต้องชม|ไว$|ไวมาก|ส่งไว|ลื่น|นิ่ง|ง่าย|ใช้ง่าย|สะอาด|สวย|น่ารัก|ละเอียด|"
              "เอาใจใส่|ใส่ใจ|มืออาชีพ|คุ้มค่า|คุ้มมาก|ถูกและดี|ชอบมาก|รักเลย|ฟิน|ช่วยชีวิต|"
              "มีความสุข|ประทับใจมาก|โคตรดี|ดีสุด|ไม่เคยเสียดาย|พัฒนาตลอด|จึ้ง|ตรงเวลา|เป็นมิตร|"
              "อบอุ่น|🥰|😍|ไม่มีปัญหา|ไม่มีอะไรต้องติ",
        "nl": "geweldig|fantastisch|uitstekend|perfect|heerlijk|lekker|echt vet|super vet|"
              "vet goed|gaaf|tof$|mooi$|blij$|tevreden|aanrader|aan te raden|aanbevelen|"
              "supersnel|vriendelijk|behulpzaam|"
              "goed gedaan|netjes|top service|topservice|klasse|fijn$|bedankt|dik in orde|puik|"
              "subliem|prachtig|topper|toppers|super blij|erg blij|zeer tevreden|goed geholpen|"
              "snel geholpen|geen klachten|geen problemen|niks op aan te merken|"
              "niets op aan te merken",
        "it": "ottim|eccellente|perfett|fantastic|stupend|meraviglios|bellissim|bravissim|bravi$|"
              "complimenti|consigliatissim|lo consiglio|vi consiglio|figata|gentilissim|gentil|"
              "cordialissim|velocissim|veloce|contento|contenta|soddisfatt|felice|grazie|adoro|"
              "incredibile|impeccabile|eccezionale|buonissim|delizios|spettacolar|che spettacolo|"
              "è uno spettacolo|è stato uno spettacolo|un vero spettacolo|top$|super$|"
              "efficient|professional|nessun problema|niente da dire|nessuna lamentela|"
              "niente male|non c'è male",
        "ar": "ممتاز|ممتازة|رائع|رائعة|روعة|جميل|جميلة|أفضل|الأفضل|شكرا|مشكور|مشكورين|أنصح|سريع|"
              "سريعة|محترم|محترمين|احترافي|مبدع|مبدعين|تحفة|خرافي|يعطيكم العافية|الله يعطيكم|"
              "بارك الله|ما شاء الله|ماشاء الله|حلو|حلوة|جيد|جيدة|ممتع|سعيد|سعيدة|راضي|مرتاح|"
              "أحسن|عظيم|مذهل|لا مشاكل|بدون مشاكل|ما في مشاكل|مافي مشاكل|لا توجد مشاكل",
        "hi": "बढ़िया|बढ़िया|शानदार|अच्छा|अच्छी|अच्छे|बेहतरीन|उत्तम|धन्यवाद|शुक्रिया|खुश|संतुष्ट|"
              "तेज़|मस्त|कमाल|लाजवाब|सुपर|पसंद|कोई शिकायत नहीं|कोई दिक्कत नहीं|कोई समस्या नहीं|"
              "बुरा नहीं|accha$|achha$|achchha$|badhiya|badiya|shandaar|shandar|mast$|zabardast|"
              "kamaal|lajawab|dhanyavad|dhanyawad|shukriya|khush|paisa vasool|paisa wasool|mazaa|"
              "maza aa|koi problem nahi|koi dikkat nahi|koi shikayat nahi|bura nahi",
        "id": "bagus|mantap|mantul|mantab|keren|hebat|puas|memuaskan|terbaik|cepat|ramah|"
              "recommended|rekomendasi|rekomen|suka$|senang|seneng|makasih|terima kasih|"
              "luar biasa|oke banget|nyaman|sangat membantu|membantu|tidak ada masalah|"
              "gak ada masalah|ga ada masalah|nggak ada masalah|enggak ada masalah|sip$|top$",
        "vi": "tuyệt vời$|tuyệt$|xuất sắc$|rất tốt$|tốt lắm$|tốt quá$|hài lòng$|cảm ơn$|cám ơn$|"
              "nhanh quá$|rất nhanh$|thân thiện$|nhiệt tình$|chuyên nghiệp$|ưng ý$|đáng tiền$|"
              "thích lắm$|rất thích$|ổn áp$|đỉnh$|đỉnh cao$|chất lượng tốt$|giao hàng nhanh$|"
              "uy tín$|không có vấn đề$|không vấn đề gì$|recommend$",
    },
    "fault": {
        "en": "broken|not working|doesn't work|doesnt work|stopped working|won't|wont$|can't|"
              "cant$|cannot|crash|error|bug$|bugs$|down$|outage|fail|stuck|frozen|freez|lost$|"
              "missing|wrong|damaged|late$|delay|cancel|charged|overcharg|refund|still waiting|"
              "no response|no reply|never arrived|never came|never showed|cold$|raw$|blocked|"
              "locked|logged out|log me out|buffering|glitch|lag$|dead$|snapped|stale",
        "de": "kaputt|funktioniert nicht|geht nicht|klappt nicht|absturz|stürzt|abgestürzt|"
              "fehler|ausfall|gestört|störung|hängt|verloren|fehlt|falsch|beschädigt|verspät|"
              "storniert|gestrichen|abgebucht|doppelt|erstattung|rückerstattung|warte seit|"
              "keine antwort|nie angekommen|kalt$|gesperrt|ausgeloggt|nicht erreichbar|"
              "zerschossen|defekt|trocken",
        "fr": "cassé|ne marche pas|marche plus|fonctionne pas|fonctionne plus|plante|bug|erreur|"
              "panne|en panne|bloqué|perdu|manque|mauvais|endommagé|retard|annulé|débité|prélevé|"
              "deux fois|rembourse|toujours pas|aucune réponse|pas de réponse|jamais reçu|"
              "jamais arrivé|froid|tiède|déconnect|capte plus|rien reçu|défectueu",
        "es": "roto|no funciona|no va$|dejó de funcionar|se cae|caído|caída|error|fallo|falla|"
              "bloquead|perdi|perdió|falta|equivocad|dañad|retras|cancelad|cobrado|cobraron|"
              "me cobr|dos veces|reembolso|devolución|sigo esperando|sin respuesta|nunca llegó|"
              "no llega|frío|fría|sin cobertura|sin servicio|defectuos|se duplican",
        "pt": "quebr|não funciona|nao funciona|parou de funcionar|caiu|fora do ar|erro|falha|"
              "travou|trava$|travando|bloque|perdi|perdeu|falta|errad|danificad|atras|cancelad|cobr|"
              "duas vezes|reembolso|estorno|ainda não|ainda nao|sem resposta|nunca chegou|"
              "não chegou|nao chegou|frio$|fria$|frios$|frias$|sem sinal|defeito|suprimid|"
              "não consigo|nao consigo",
        "ru": "не работает|сломал|слома|не могу|не грузит|вылета|завис|упал|лежит|сбой|ошибк|"
              "глюч|баг|потерял|потеря|пропал|не пришл|не пришел|не пришёл|не доставил|опозда|"
              "задерж|отмени|списали|списал|дважды|верните|возврат|жду$|жду уже|не отвечает|"
              "молчит|холодн|заблокир|отключ|не дозвон|не приехал|брак|тормоз",
        "uk": "не працює|зламал|злама|не можу|не вантаж|вилітає|завис|впав|лежить|збій|помилк|"
              "глюч|баг|загуби|втрати|зник|не прийш|не доставил|запізн|затрим|скасува|зняли|зняв|"
              "двічі|поверніть|повернення|чекаю|не відповіда|мовчить|холодн|заблоков|відключ|"
              "вимкнули|не приїхав|брак|гальмує",
        "pl": "nie działa|zepsu|nie mogę|nie moge|nie da się|awari|padł|leży|błąd|bład|zawiesza|"
              "wywala|zgubi|zagubi|brakuje|nie doszł|nie dotarł|spóźni|opóźni|anulow|odwołan|"
              "pobrali|pobrało|ściągnęli|dwa razy|podwójnie|zwrot|reklamac|czekam|nie odpowiada|"
              "cisza|zimn|zablokow|nie przyjechał|uszkodz|wadliw|tnie się|przekłada",
        "tr": "çalışmıyor|bozuk|bozuldu|açılmıyor|giremiyorum|çöktü|hata|arıza|donuyor|kayboldu|"
              "kayıp|eksik|yanlış|hasarlı|gecik|iptal|kesildi|iki kez|iki kere|iade|bekliyorum|"
              "cevap yok|yanıt yok|dönüş yok|gelmedi|soğuk|kilitlendi|engellendi|çekmiyor|gitti$|"
              "yine$|teslim edilmedi|ulaşmadı|hâlâ gelmedi|kargo|açılmadı|yüklenmiyor|"
              "bağlanmıyor|bağlantı|internet yok|kesinti|çekim|çekildi|fazladan|yanlış ücret|"
              "iki defa|ücret alındı|kartımdan|bloke|kapatıldı|donduruldu|ulaşamıyorum|açmıyor|"
              "telefonu açmıyor|dönüş yapmıyor|cevap vermiyor|iade etmiyor|iptal edemiyorum|"
              "gecikti|rötar|hasar|kırık|bozuk geldi|eksik geldi|yanlış ürün|günlerdir|haftadır|"
              "saattir",
        "zh": "坏了|不能用|用不了|打不开|登不上|登录不了|崩溃|闪退|卡死|卡顿|报错|错误|故障|丢了|"
              "弄丢|搞丢|"  # review 2026-12-06: "弄丢我的快递" (lost my parcel) kept no 丢了

              "丢失|没收到|没到|迟到|延误|取消|扣了|扣费|扣两次|退款|退钱|还没|一直等|没人回|"
              "不回复|凉了|冷的|封号|冻结|掉线|没信号|过期|变质|发霉|坏掉|登不进|登陆不了|进不去|"
              "当机|宕机|死机|卡住|断网|断线|没网|网速慢|收不到|未收到|丢件|破损|压扁|洒了|漏了|"
              "少发|发错|错发|送错|误点|扣款|扣钱|多扣|多收|重复扣|乱收费|退不了|没退|等了|"
              "没人接|打不通|没反应|失败|不见了|莫名|没送|漏发|缺货|停电|停水|没声音|黑屏|充不进|"
              "充不了电|发烫|掉帧|闪屏|异响|缩水|货不对板|超时|爽约|放鸽子|没上门|没来|不发货|"
              "不到账|没到账|扣分|封了",
        "ja": "壊れ|動かない|使えない|ログインできない|できない|落ちる|落ちた|落ちて|エラー|"
              "不具合|障害|バグ|固まる|フリーズ|届かない|届いてない|来ない|紛失|なくなっ|遅延|"
              "遅れ|キャンセル|二重|返金|まだ|待って|返事がない|返信がない|冷たい|冷めて|凍結|"
              "ロック|繋がらない|つながらない|繋がりにくい|つながりにくい|開かない|起動しない|"
              "反応しない|表示されない|読み込まない|ログインできな|決済できない|支払いできない|"
              "引き落とし|二重請求|請求|誤請求|破損|割れて|壊れて|傷|汚れ|欠品|不足|間違って|"
              "違う商品|届いてません|未着|配達されない|置き配|不在票|連絡がない|連絡ない|"
              "電話がつながらない|対応してくれない|解約できない|解約|退会できない|停止され|"
              "使えなくなっ|消えた|消えて|重い|遅い|止まる|止まった",
        "ko": "안 돼|안돼|안 되|안되|고장|오류|에러|먹통|튕겨|튕기|멈춰|멈췄|렉|분실|잃어|누락|"
              "안 왔|안왔|오지 않|배송 지연|지연|늦게|늦어|취소|두 번 결제|이중 결제|결제됐|환불|"
              "아직|기다리|답이 없|답장|연락이 없|식어|차가|정지|잠겼|로그아웃|끊겨|끊기|실패|"
              "안 열|안열|접속이 안|접속 안|로그인이 안|로그인 안|조회가 안|결제 실패|출금|중복|"
              "반송|파손|깨져|깨짐|찢어|불량|하자|교체품|오배송|잘못 왔|잘못 배송|미배송|"
              "배송 준비중|연착|결항|장애|다운|버그|튕김|꺼져|꺼짐|안 켜|충전이 안|방전|안 나와|"
              "소리가 안|끊김|느려|해지가 안|위약금|과금|청구|부과|연락 두절|연락이 안|전화를 안|"
              "상담원|연결이 안|안내 없|답변 없|무응답|처리 안|안 와|못 받|못받|안 옴|안옴|3주|"
              "일주일째|며칠째|째 ",
        "th": "ใช้ไม่ได้|เสีย|พัง|ล่ม|เข้าไม่ได้|ค้าง|เด้ง|error|บั๊ก|หาย|ไม่ได้รับ|ยังไม่ได้|"
              "ไม่มาส่ง|ไม่ส่ง|ช้า|ล่าช้า|ยกเลิก|หักเงิน|ตัดเงิน|สองครั้ง|คืนเงิน|รอนาน|รอมา|"
              "ไม่ตอบ|ไม่มีคนตอบ|เย็นชืด|บล็อก|ระงับ|สัญญาณหาย|เน็ตหลุด|หลุด|บวม|ไม่ทำงาน|"
              "เปิดไม่ติด|ชาร์จไม่เข้า|จอดับ|จอแตก|แตก|ชำรุด|บุบ|เปียก|หก|เน่า|หมดอายุ|บูด|"
              "ผิดไซซ์|ส่งผิด|ได้ของไม่ครบ|ของไม่ครบ|ของหาย|พัสดุหาย|ไม่มา|ยังไม่มา|ไม่รับสาย|"
              "โทรไม่ติด|ติดต่อไม่ได้|เรียกเก็บ|เก็บเงินเกิน|เก็บเกิน|ค่าธรรมเนียม|รูดบัตร|"
              "ไม่ได้ทำ|อายัด|ดีเลย์|เลื่อน|เน็ตช้า|สัญญาณไม่มี|ไฟดับ|น้ำไม่ไหล|เคลมยาก|"
              "เคลมไม่ได้|ไม่คืนเงิน|ไม่อนุมัติ|ปฏิเสธ|ขับอ้อม|ไม่กดมิเตอร์|วางไว้|ตั้งนาน|"
              "ชั่วโมงแล้ว|วันแล้ว|ยังไม่ได้รับ",
        "nl": "kapot|werkt niet|werkt weer niet|doet het niet|doet niks|storing|storingen|"
              "ligt eruit|ligt plat|ligt er weer uit|crasht|gecrasht|foutmelding|fout$|fouten|"
              "vastgelopen|loopt vast|kwijt|verloren|ontbreekt|beschadigd|vertraging|vertraagd|"
              "te laat|geannuleerd|afgeschreven|dubbel afgeschreven|terugbetaling|geld terug|"
              "wacht al|nog steeds niet|geen reactie|geen antwoord|nooit aangekomen|niet bezorgd|"
              "niet geleverd|niet ontvangen|koud$|geblokkeerd|uitgelogd|geen bereik|geen internet|"
              "geen verbinding|defect|traag$|hapert|haperen|laadt niet|opent niet|start niet|"
              "valt steeds weg|valt uit|onbereikbaar|bug$|bugs$|down$",
        "it": "non funziona|non va$|non parte|non si apre|non carica|smesso di funzionare|rotto|"
              "rotta|guasto|guasta|in tilt|crasha|crashato|errore|bug$|giù$|down$|disservizio|"
              "bloccat|persa$|smarrit|mancante|sbagliat|danneggiat|ritardo|in ritardo|cancellat|"
              "soppress|annullat|addebitat|addebito|doppio addebito|rimborso|ancora niente|"
              "nessuna risposta|non risponde|mai arrivat|non è arrivat|non arriva|fredd|lentissim|"
              "disconness|senza linea|senza rete|senza connessione|difettos|si blocca|si chiude|"
              "irraggiungibile|non consegnat|non ricevut",
        "ar": "لا يعمل|لا تعمل|ما يشتغل|مايشتغل|لا يشتغل|ما يفتح|لا يفتح|معطل|معطلة|عطل|خلل|خطأ|"
              "توقف|متوقف|مقطوع|انقطاع|انقطع|بطيء|بطء|تأخير|متأخر|تأخر|تتأخر|يتأخر|لم يصل|ما وصل|"
              "ماوصل|لم تصل|ضاع|ضائع|مفقود|ملغي|إلغاء|ألغيت|ألغوا|تم خصم|خصموا|سحبوا|مرتين|"
              "استرداد|استرجاع|لا أحد يرد|لا يرد|ما حد يرد|محد يرد|محظور|مكسور|تالف|لا أستطيع|"
              "ما اقدر|ماقدر|يعلق|مشكلة في|ما زال ينتظر|أنتظر",
        "hi": "काम नहीं कर|नहीं चल|बंद है|बंद हो|खराब है|खराब हो|ख़राब हो|क्रैश|एरर|गड़बड़|"
              "दिक्कत हो|समस्या है|प्रॉब्लम|धीमा|स्लो|लेट|देरी|देर से|नहीं आया|नहीं आई|नहीं मिला|"
              "नहीं मिली|अभी तक नहीं|गायब|खो गया|कैंसल|रद्द|पैसे कट|पैसा कट|दो बार|रिफंड|"
              "वापस नहीं|जवाब नहीं|ब्लॉक|नेटवर्क नहीं|सिग्नल नहीं|kaam nahi kar|kaam nahin kar|"
              "nahi chal|nahin chal|band hai|band ho gaya|kharab hai|kharab ho|problem hai|"
              "dikkat hai|slow hai|late hai|nahi aaya|nahi aayi|nahi aya|nahi mila|nahi mili|"
              "abhi tak nahi|paise kat|paisa kat|kat gaya|kat gaye|refund nahi|jawab nahi|"
              "reply nahi|fail ho|network nahi|signal nahi|gayab|chala gaya|gaya network",
        "id": "tidak bisa|gak bisa|ga bisa|nggak bisa|enggak bisa|gabisa|ngga bisa|error|eror|"
              "rusak|mati$|gangguan|down$|lemot|lelet|lambat|telat|terlambat|delay|belum sampai|"
              "belum datang|belum diterima|belum masuk|tidak sampai|gak sampai|hilang|dibatalkan|"
              # review 2026-12-06: chat drops the h of "hilang" ("paket gw ilang"); not
              # "ilang" alone, Tagalog's "how many" ("ilang GB")
              "gw ilang|gue ilang|ku ilang|nya ilang|udah ilang|udh ilang|dah ilang|"
              "ilang lagi|ilang terus|ilang gitu|ilang aja|ilang semua|keilangan|"
              "batal|terpotong|kepotong|dipotong|dua kali|refund|pengembalian dana|tidak dibalas|"
              "gak dibalas|tidak ada respon|ga ada respon|gak ada respon|slow respon|diblokir|"
              "terblokir|logout sendiri|force close|keluar sendiri|crash|ngelag|macet|bermasalah|"
              "gagal|susah dihubungi|tidak bisa dihubungi|belum juga|tidak berfungsi|"
              "gak berfungsi",
        "vi": "không vào được$|không dùng được$|không hoạt động$|không mở được$|không được$|"
              "bị lỗi$|lỗi kết nối$|báo lỗi$|bị hỏng$|hỏng rồi$|sập mạng$|bị treo$|treo máy$|"
              "rất chậm$|chậm quá$|quá chậm$|bị trễ$|trễ quá$|trễ chuyến$|giao trễ$|trễ hẹn$|"
              "chưa giao$|chưa nhận$|chưa tới$|chưa đến$|không giao$|mất mạng$|mất sóng$|"
              "mất tiền$|mất hàng$|làm mất đơn$|làm mất gói$|làm mất kiện$|làm mất thẻ$|"
              "làm mất hành lý$|làm mất vali$|rớt mạng$|bị hủy$|bị huỷ$|hủy chuyến$|hủy đơn$|"
              "trừ tiền$|bị trừ$|hai lần$|hoàn tiền$|không ai nghe$|không trả lời$|"
              "không phản hồi$|bị khóa$|bị khoá$|văng ra$|giao nhầm$|giao sai$|vẫn chưa$|"
              "không liên lạc được$",
    },
    "again": {
        "en": "again|once more|every time|every single|third time|second time|still$|yet again|"
              "for the \\d+th time|keeps|constantly|always$",
        "de": "wieder|schon wieder|jedes mal|immer noch|ständig|zum dritten|zum zweiten|"
              "weiterhin|dauernd|seit tagen|seit wochen",
        "fr": "encore|à nouveau|de nouveau|chaque fois|toujours|troisième fois|deuxième fois|"
              "sans arrêt|depuis des jours",
        "es": "otra vez|de nuevo|cada vez|siempre|tercera vez|segunda vez|todavía|ya van|"
              "sigue sin|sigue$",
        "pt": "de novo|outra vez|novamente|toda vez|sempre|terceira vez|segunda vez|ainda|"
              "continua",
        "ru": "опять|снова|в очередной|каждый раз|третий раз|второй раз|до сих пор|постоянно|"
              "вечно|всё ещё|все еще|уже",
        "uk": "знову|вкотре|щоразу|кожного разу|третій раз|другий раз|досі|постійно|вічно|все ще|"
              "вже",
        "pl": "znowu|znów|po raz kolejny|za każdym razem|trzeci raz|drugi raz|nadal|wciąż|ciągle|"
              "dalej$|już",
        "tr": "yine|tekrar|yeniden|her seferinde|üçüncü kez|ikinci kez|hala|hâlâ|sürekli|hep$|"
              "artık|tekrardan|bir kez daha|defalarca|her gün|her defasında|kaçıncı|günlerdir|"
              "haftalardır",
        "zh": "又|再次|每次|第三次|第二次|还是|一直|总是|老是|天天|三天两头|成日|经常|屡次|反复|"
              "又一次|一次又一次|n次|好几次",
        "ja": "また|再び|毎回|三回目|二回目|3回目|2回目|いまだに|ずっと|いつも|何度も|何回も|"
              "またしても|毎日|毎度|相変わらず|未だに|いつまで",
        "ko": "또|다시|매번|세 번째|두 번째|3번째|아직도|계속|맨날|항상|몇 번|여러 번|번째|자꾸|"
              "또다시|한두 번이 아니|며칠째|일째",
        "th": "อีกแล้ว|อีกครั้ง|ทุกครั้ง|ครั้งที่สาม|ครั้งที่สอง|ยังคง|ตลอด|บ่อย|ซ้ำ|ทุกวัน|"
              "ทุกที|อีกรอบ|รอบที่|หลายครั้ง|เรื่อยๆ|ตลอดเลย",
        "nl": "weer$|alweer|opnieuw|wederom|elke keer|iedere keer|steeds|nog steeds|derde keer|"
              "tweede keer|al dagen|al weken|telkens|voor de zoveelste keer",
        "it": "di nuovo|ancora una volta|ogni volta|sempre$|terza volta|seconda volta|ennesim|"
              "da giorni|da settimane|continua a|continuamente|per l'ennesima volta",
        "ar": "مرة أخرى|مره ثانية|مرة ثانية|مجددا|من جديد|كل مرة|كل مره|للمرة الثالثة|"
              "للمرة الثانية|دائما|دايما|كالعادة|كل يوم|ما زال|مازال|لا يزال|لسه|حتى الآن|"
              "منذ أيام|من أيام|منذ يومين|منذ أسبوع|من الصبح|منذ الصباح",
        "hi": "फिर से|दोबारा|हर बार|बार बार|बार-बार|तीसरी बार|दूसरी बार|हमेशा|रोज़|रोज|अब भी|"
              "अभी भी|कब से|दिन से|सुबह से|fir se|dobara|har baar|baar baar|hamesha|roz$|"
              "abhi bhi|ab bhi|din se|subah se",
        "id": "lagi$|lagi-lagi|terus$|terus-terusan|selalu|tiap hari|setiap hari|setiap kali|"
              "tiap kali|berkali-kali|kedua kalinya|ketiga kalinya|masih$|berhari-hari|"
              "dari kemarin|dari pagi|dari tadi|sejak kemarin|sejak pagi",
        "vi": "lần nữa$|lại nữa$|lại bị$|lại lỗi$|lại rồi$|mỗi lần$|lần thứ ba$|lần thứ hai$|"
              "luôn luôn$|lúc nào cũng$|suốt ngày$|hoài$|vẫn chưa$|vẫn không$|vẫn bị$|"
              "ngày nào cũng$|từ sáng$|từ hôm qua$|mấy ngày$",
    },
    "price": {
        "en": "price|pricing|cost|how much|quote|fee$|fees|tariff|plan$|plans$|rate$|rates|"
              "discount|cheap|budget|per month|/month|per seat|/seat|per user|deal$|deals$|offer",
        "de": "preis|kosten|kostet|was kostet|wie viel|wieviel|angebot|tarif|gebühr|rabatt|"
              "günstig|billig|budget|pro monat|pro nutzer|konditionen",
        "fr": "prix|tarif|coût|coute|combien|devis|frais|remise|réduction|pas cher|budget|"
              "par mois|par utilisateur|offre|abonnement",
        "es": "precio|cuánto|cuanto|cotiza|presupuesto|tarifa|coste|costo|comisión|descuento|"
              "barat|por mes|al mes|por usuario|oferta|plan$|planes",
        "pt": "preço|preco|quanto|orçamento|orcamento|tarifa|custo$|custos$|custa$|custam|"
              "custou|custar|taxa|desconto|barat|por mês|"
              "por usuário|mensalidade|oferta|plano",
        "ru": "цен|стоимост|сколько стоит|сколько выйдет|почём|прайс|тариф|комисси|скидк|дешев|"
              "бюджет|в месяц|за пользовател|коммерческое предложение|условия",
        "uk": "цін|вартіст|скільки коштує|скільки коштуватиме|скільки$|прайс|тариф|комісі|знижк|"
              "дешев|бюджет|на місяць|за користувач|комерційн|умови",
        "pl": "cena$|ceny$|cen$|cenę$|cenie$|cenach$|cenami$|cenow|"
              "cennik|ile kosztuje|ile to|ile$|wycen|oferta|ofertę|taryf|prowizj|rabat|zniżk|"
              "tani|budżet|miesięcznie|za użytkownika|abonament|pakiet",
        "tr": "fiyat|ne kadar|kaç para|ücret|teklif|tarife|komisyon|indirim|ucuz|bütçe|aylık|"
              "kullanıcı başı|paket|kampanya|fiyatı|fiyatlar|ücreti|kaç tl|lira|pahalı|ucuza|"
              "zam$|zaml|zamm|taksit|faiz|aidat|üyelik ücreti|fiyat teklifi|indirimli",
        "zh": "价格|多少钱|报价|费用|收费|套餐|折扣|优惠|便宜|预算|每月|每人|月费|年费|价钱|"
              "怎么收费|方案|价位|划算|最抵|抵唔抵|加盟费|贵不贵|包月|包年|续约|资费|怎么卖|"
              "几多钱|收费标准|什么价|优惠吗|便宜点|打折|会员费|订阅费",
        "ja": "価格|値段|料金|いくら|見積|費用|プラン|割引|安い|予算|月額|年額|1人あたり|お得|"
              "値上げ|高い|安く|手数料|送料|年会費|会費|見積もり|料金プラン|何円|何万|税込|"
              "コスト|サブスク|月いくら",
        "ko": "가격|얼마|견적|비용|요금|요금제|할인|저렴|싸|예산|월 구독|월정액|1인당|단가|싸게|"
              "비싸|비쌈|금리|수수료|시세|얼마예요|얼마에요|얼마인가요|가격대|할인되|결합 할인|"
              "프로모션|정기배송|이용료|몇 프로|가성비",
        "th": "ราคา|เท่าไหร่|เท่าไร|ใบเสนอราคา|ค่าใช้จ่าย|ค่าบริการ|แพ็กเกจ|แพ็คเกจ|ส่วนลด|ถูก|"
              "งบ|ต่อเดือน|รายเดือน|โปร$|ค่า$|ค่าส่ง|ค่าธรรมเนียม|ค่าสมาชิก|โปรโมชั่น|ลดราคา|"
              "ราคาถูก|แพ็กเกจไหน|กี่บาท|คิดยังไง|คิดเงิน|ผ่อน|ดอกเบี้ย|เบี้ย|ราคาเท่าไหร่|"
              "เสนอราคา",
        "nl": "prijs|prijzen|kosten|kost$|wat kost|hoeveel|offerte|tarief|tarieven|abonnement|"
              "korting|goedkoop|goedkoper|per maand|per gebruiker|aanbieding|prijsopgave",
        "it": "prezzo|prezzi|costo|costa$|quanto costa|quanto viene|preventivo|tariff|canone|"
              "abbonamento|sconto|economico|economica|al mese|per utente|offerta|listino",
        "ar": "سعر|أسعار|السعر|الأسعار|كم سعر|بكم|كم يكلف|كم تكلفة|تكلفة|التكلفة|رسوم|الرسوم|"
              "عرض سعر|خصم|تخفيض|رخيص|غالي|ميزانية|شهريا|اشتراك|الاشتراك|باقة|الباقة|باقات|عروض",
        "hi": "कीमत|दाम|प्राइस|कितने का|कितने की|कितना है|कितने में|खर्च|चार्ज|फीस|शुल्क|"
              "डिस्काउंट|छूट|सस्ता|महंगा|बजट|प्लान|पैकेज|कोटेशन|प्रति माह|महीने का|kitne ka|"
              "kitne ki|kitna hai|kitne me|kitne mein|rate kya|daam|keemat|kimat|sasta|mehnga|"
              "mehenga|quotation",
        "id": "harga|berapa|biaya|tarif|ongkos|ongkir|diskon|potongan harga|murah|mahal$|"
              "anggaran|per bulan|sebulan|paket|langganan|penawaran harga|cicilan",
        "vi": "giá bao nhiêu$|giá cả$|bảng giá$|giá bán$|giá gói$|báo giá$|giá rẻ$|giá sỉ$|"
              "bao nhiêu$|chi phí$|phí dịch vụ$|giảm giá$|khuyến mãi$|đắt quá$|quá đắt$|đắt đỏ$|"
              "ngân sách$|mỗi tháng$|gói cước$|cước phí$|trả góp$",
    },
    "buy": {
        "en": "buy|buying|purchase|looking for|looking to|need a|need an|need quotes|recommend a|"
              "any recommendations|recs\\?|suggestions|alternative|switch to|switching|moving to|"
              "move to|migrat|compar|evaluating|vs$|demo$|trial|upgrade|sign up|open an account|"
              "want to buy|worth it|thinking of getting|who's good|who is good|anyone recommend|"
              "open to",
        "de": "kaufen|kauf|suche|suchen|brauche|brauchen|empfiehlt|empfehlung|empfehlungen|"
              "alternative|wechseln|umsteigen|umziehen|migration|vergleiche|vergleich|demo|"
              "testversion|upgrade|anmelden|lohnt sich|überlegen|erfahrung mit dem wechsel",
        "fr": "acheter|achat|cherche|chercher|besoin d'un|besoin d'une|recommandez|conseillez|"
              "alternative|passer à|changer de|migrer|migration|compare|démo|essai|abonner|"
              "ça vaut le coup|vaut le coup|des avis|vos retours|magasine",
        "es": "comprar|compra|busco|buscamos|necesito|necesitamos|recomiendan|recomendáis|"
              "alternativa|cambiarme|me cambio|pasarme|pasarnos|migrar|comparando|demo|"
              "prueba gratis|contratar|vale la pena|qué tal|alguien que haya",
        "pt": "comprar|compra|procuro|procurando|preciso de|precisamos|indicam|recomendam|"
              "alternativa|mudar para|trocar|migrar|comparando|demo|teste grátis|contratar|"
              "assinar|vale a pena|qual vcs|qual vocês|indicação",
        "ru": "купить|покупк|ищу|ищем|нужен|нужна|нужно|посоветуйте|кто посоветует|"
              "порекомендуйте|альтернатив|перейти|переход|переехать|сравниваю|сравнить|демо|"
              "пробн|подключить|оформить|стоит ли|рассматриваем|думаем|интересует|где взять|"
              "где купить|кто шарит",
        "uk": "купити|покупк|шукаю|шукаємо|потрібен|потрібна|потрібно|порадьте|хто порадить|"
              "рекомендуйте|альтернатив|перейти|перехід|порівнюю|порівняти|демо|пробн|підключити|"
              "оформити|чи варто|розглядаємо|думаємо|цікавить|де краще|де купити|закуповуємо",
        "pl": "kupić|kupie|zakup|szukam|szukamy|potrzebuję|potrzebujemy|polecicie|poleci|"
              "co polecacie|alternatyw|przejść|przenieść|przesiąść|migracj|porównuję|porównanie|"
              "rozważamy|demo|wersja próbna|założyć konto|warto|gdzie najtaniej|zamówić|ofertę na",
        "tr": "satın al|almak|alacağız|arıyorum|arıyoruz|lazım|ihtiyacım|ihtiyacımız|önerir|"
              "tavsiye eder|alternatif|geçmek|geçmeyi|taşımak|karşılaştır|demo|deneme sürümü|"
              "abone|değer mi|düşünüyoruz|nerden alırım|nereden|hangisi|almak istiyorum|"
              "almayı düşünüyorum|öneri|önerisi|önerebilir|tavsiyesi|tavsiye edebilir|hangisini|"
              "hangisi daha|geçmek istiyorum|değiştirmek istiyorum|taşımak istiyoruz|"
              "teklif almak|görüşmek|iletişime geç|sipariş vermek|satın almak",
        "zh": "买|购买|想入|求推荐|推荐一下|有没有推荐|替代|换成|迁移|对比|比较|试用|演示|升级|"
              "开通|办理|值得|想换|考虑|采购|团购|订购|想入手|入手|有推荐|哪家|边间|哪款|换掉|"
              "导入|部署|转网|转台|携号转网|定制|询价|加盟|开户|报名|订阅|想订|想约|想找|找一家|"
              "要订|求一个|蹲一个",
        "ja": "買い|購入|探して|欲しい|ほしい|おすすめある|おすすめは|代替|乗り換え|移行|比較|"
              "検討|デモ|トライアル|試用|導入|契約|申し込|アップグレード|どっちがいい|どれがいい|"
              "乗り換えたい|変えたい|替えたい|探してます|探しています|おすすめありますか|"
              "おすすめ教えて|どこがいい|どこで買え|買いたい|購入したい|検討中|導入したい|導入を|"
              "申し込みたい|問い合わせ|相談したい|見積もりを|資料請求|お試し|無料体験",
        "ko": "사고 싶|구매|구입|찾고 있|찾는 중|필요해|필요한데|추천해|추천 좀|대안|갈아타|이전|"
              "옮기|비교|도입|데모|체험|체험판|업그레이드|가입|신청|살까|어디서 사|뭐가 나아|"
              "갈아탈|바꾸려|옮기려|주문 가능|구매 가능|살 수 있|사려고|알아보|추천 부탁|"
              "추천해 주|뭐가 좋|어디가 좋|어디가 싼|비교해|견적 받|상담 받|미팅|도입하려|구독하|"
              "계약|찾고 있어요|갈아타려",
        "th": "ซื้อ|สั่งซื้อ|หา$|กำลังหา|อยากได้|ต้องการ|แนะนำหน่อย|ช่วยแนะนำ|ทางเลือกอื่น|ย้าย|"
              "เปลี่ยนไปใช้|เปรียบเทียบ|เทียบ|ทดลองใช้|เดโม|อัปเกรด|สมัคร|คุ้มไหม|ดีไหม|ที่ไหนดี|"
              "เจ้าไหนดี|อยากเปลี่ยน|อยากย้าย|ย้ายค่าย|เปลี่ยนเจ้า|เจ้าไหน|ยี่ห้อไหน|ตัวไหนดี|"
              "มีใครแนะนำ|แนะนำได้ไหม|ขอแนะนำ|ขอทดลอง|สนใจ|อยากสมัคร|อยากเปิด|เปิดบัญชี|ติดตั้ง|"
              "จ้าง|สั่งทำ|ขอใบเสนอ|จองล่วงหน้า|ขอราคา",
        "nl": "kopen$|aanschaffen|aanschaf|op zoek naar|nodig$|alternatief|overstappen|overstap|"
              "migreren|vergelijk|demo|proefperiode|proberen|upgrade|aanmelden|de moeite waard|"
              "iemand ervaring|ervaringen met|overwegen|overweeg",
        "it": "comprare|acquistare|acquisto|cerco|cerchiamo|mi serve|ci serve|abbiamo bisogno|"
              "consigliate|consigli$|alternativa|passare a|migrare|migrazione|confronto|demo|"
              "prova gratuita|periodo di prova|abbonarmi|attivare|ne vale la pena|vale la pena|"
              "qualcuno ha provato|esperienze con|ordinare",
        "ar": "أريد شراء|شراء|أشتري|أبغى|أرغب|نرغب|نريد|نبحث عن|أبحث عن|بديل|الانتقال إلى|أنتقل|"
              "تجربة مجانية|نسخة تجريبية|عرض توضيحي|فتح حساب|كيف أشترك|تنصحوني|انصحوني|أنصحوني",
        "hi": "खरीदना|खरीदनी|खरीद|लेना है|लेना चाहता|लेना चाहती|चाहिए|जरूरत|ज़रूरत|बदलना चाहता|"
              "स्विच|डेमो|ट्रायल|अपग्रेड|सब्सक्राइब|खाता खोलना|अकाउंट खोलना|kharidna|kharid|"
              "lena hai|lena chahta|lena chahti|chahiye|zaroorat|jarurat|switch karna",
        "id": "beli$|membeli|mau beli|pengen beli|ingin membeli|pembelian|mencari|lagi cari|"
              "butuh|membutuhkan|rekomendasi dong|alternatif|pindah ke|ganti ke|beralih|"
              "bandingkan|uji coba|berlangganan|buka rekening|layak gak|mau upgrade|mau langganan",
        "vi": "mua$|muốn mua$|cần mua$|mua hàng$|đặt mua$|đang tìm$|tìm mua$|tìm hiểu$|"
              "cần tư vấn$|tư vấn$|cần báo giá$|thay thế$|chuyển sang$|đổi sang$|so sánh$|"
              "dùng thử$|bản dùng thử$|nâng cấp$|đăng ký gói$|mở tài khoản$|có nên$|đáng mua$",
    },
    "business": {
        "en": "team$|teams|company|business|corporate|enterprise|seats|users$|employees|staff|"
              "office|bulk|wholesale|volume|event|events|catering|group booking|for our|"
              "for my company|agency|b2b|invoic|fleet|people$|reps$|agents",
        "de": "team|firma|unternehmen|geschäftskund|firmenkund|business|mitarbeiter|nutzer|"
              "lizenzen|büro|mengenrabatt|großhandel|veranstaltung|event|catering|gruppe|"
              "gruppentarif|verein|agentur|rechnung|leute$|personen",
        "fr": "équipe|entreprise|société|professionnel|pro$|salariés|employés|utilisateurs|"
              "licences|bureau|en gros|volume|événement|séminaire|mariage|traiteur|groupe|"
              "cabinet|agence|facture|personnes|commerciaux",
        "es": "equipo|empresa|negocio|corporativ|profesional|empleados|usuarios|licencias|"
              "oficina|al por mayor|volumen|evento|boda|catering|grupo|despacho|agencia|factura|"
              "personas|vendedores",
        "pt": "equipe|equipa|empresa|negócio|corporativ|profissional|funcionários|usuários|"
              "licenças|escritório|atacado|volume|evento|casamento|buffet|grupo|agência|"
              "nota fiscal|pessoas|loja online",
        "ru": "команд|компани|бизнес|корпоратив|для юрлиц|юрлиц|ооо|ип$|сотрудник|пользовател|"
              "лицензи|офис|опт|оптом|мероприяти|банкет|кейтеринг|групп|агентств|счёт|человек|"
              "точек|магазин",
        "uk": "команд|компані|бізнес|корпоратив|юросіб|фоп|тов$|співробітник|користувач|ліценз|"
              "офіс|опт|гуртом|захід|банкет|кейтеринг|груп|агенці|рахун|людей|точок|магазин",
        "pl": "zespół|zespołu|firma|firmy|firmow|biznes|korporac|dla firm|sp. z o.o.|pracownik|"
              "użytkownik|licencj|biuro|na hurt$|hurtow|wydarzen|event|wesel|catering|grup|agencj|"
              "fakturą|faktura vat|osób$|osoby$|sklep",
        "tr": "ekip|şirket|firma|kurumsal|işletme|çalışan|personel|kullanıcı|lisans|ofis|toptan|"
              "toplu|etkinlik|düğün|organizasyon|catering|grup|ajans|fatura|kişilik|kişi$|şube|"
              "otel|şirketimiz|firmamız|ekibimiz|işletmemiz|mağaza|dükkan|kobi|b2b|erp|crm|"
              "müşterilerimiz|kurum|çalışanlarımız|şubemiz|bayilik",
        "zh": "团队|公司|企业|商务|商用|员工|用户数|账号数|席位|授权|办公|批量|批发|活动|年会|"
              "婚礼|团体|团建|代理|发票|人$|门店|小团队|个体户|开店|我们店|跨境|电商|erp|crm|"
              "对公|贵司|业务|销售|商家|工作室|学校|机构|客户|合同|采购部|供应商|五个人|几十个人|"
              "全员|部门",
        "ja": "チーム|会社|企業|法人|ビジネス|社員|従業員|ユーザー数|ライセンス|オフィス|"
              "まとめ買い|卸|イベント|宴会|ケータリング|団体|代理店|請求書|名$|人分|店舗|弊社|"
              "当社|御社|貴社|社内|部署|店舗用|業務用|事業|法人向け|取引先|顧客|経理|総務|人事|"
              "数十人|100名|規模",
        "ko": "팀|회사|기업|법인|사업자|비즈니스|직원|임직원|사용자|라이선스|사무실|대량|도매|"
              "행사|단체|케이터링|대행사|세금계산서|명$|명이|매장|사내|당사|업체|사장님|가맹|"
              "대표님|규모|협력사|제안서|출장|거래처|b2b|솔루션|판매 채널|스마트스토어|인원|"
              "사무실용|업무용|회사로",
        "th": "ทีม|บริษัท|องค์กร|ธุรกิจ|พนักงาน|ผู้ใช้|ไลเซนส์|ออฟฟิศ|สำนักงาน|จำนวนมาก|ขายส่ง|"
              "งานอีเว้นท์|อีเวนต์|งานแต่ง|จัดเลี้ยง|หมู่คณะ|กลุ่ม|เอเจนซี่|ใบกำกับภาษี|คน$|สาขา|"
              "ร้าน|ร้านเล็ก|นิติบุคคล|บริษัทเรา|ทางบริษัท|ลูกค้า|ขายของออนไลน์|ร้านค้า|โรงงาน|"
              "โรงเรียน|หอพัก|erp|crm|ระบบบัญชี|โปรแกรมบัญชี|ทั้งบริษัท|แฟรนไชส์|ตัวแทน",
        "nl": "team$|teams|bedrijf|bedrijven|zakelijk|zakelijke|medewerkers|werknemers|personeel|"
              "gebruikers|licenties|kantoor|groothandel|evenement|catering|factuur|facturen|"
              "mensen$|collega's|vestigingen|kvk",
        "it": "team$|azienda|aziende|aziendale|impresa|dipendenti|utenti|licenze|ufficio|"
              "all'ingrosso|evento|matrimonio|catering|gruppo|agenzia|fattura|fatturazione|"
              "persone$|partita iva|collaboratori|sedi$",
        "ar": "شركة|الشركة|شركتنا|للشركة|مؤسسة|المؤسسة|تجاري|التجاري|أعمال|الأعمال|موظف|موظفين|"
              "الموظفين|فريق|الفريق|فريقنا|مكتب|المكتب|للمكتب|بالجملة|كمية كبيرة|مستخدمين|فاتورة|"
              "فواتير|متجر|فرع|فروع",
        "hi": "कंपनी|बिज़नेस|बिजनेस|व्यापार|व्यवसाय|ऑफिस|दफ्तर|टीम|कर्मचारी|स्टाफ|लोगों के लिए|"
              "थोक|होलसेल|दुकान|इनवॉइस|logo ke liye|logon ke liye|dukaan|dukan",
        "id": "perusahaan|bisnis|usaha|korporat|karyawan|pegawai|staf$|tim kami|orang$|grosir|"
              "borongan|jumlah banyak|partai besar|toko|cabang|umkm|kantor kami|untuk kantor",
        "vi": "công ty$|doanh nghiệp$|văn phòng$|nhân viên$|đội ngũ$|nhóm$|người$|số lượng lớn$|"
              "bán sỉ$|mua sỉ$|cửa hàng$|chi nhánh$|hóa đơn$|hoá đơn$|khách hàng$",
    },
    "question": {
        "en": "how do|how can|how to|how long|how does|what's|what is|what does|where can|"
              "where do|where is|when will|when does|which$|does anyone|anyone know|is there|"
              "are there|can i|can you|could you|does it|do you|is it|will it|quick q|"
              "quick question|any way to|anyway to|is it possible",
        "de": "wie kann|wie lange|wie geht|was bedeutet|was passiert|wo finde|wo kann|wann|"
              "welche|weiß jemand|kennt jemand|gibt es|gibt's|kann man|kann ich|hat jemand|"
              "ist es|funktioniert das|geht das|frage",
        "fr": "comment|combien de temps|ça veut dire|que signifie|où$|où est|quand|quel|quelle|"
              "quelqu'un sait|quelqu'un a|est-ce que|est-ce qu|on peut|peut-on|je peux|y a-t-il|"
              "il y a moyen|question",
        "es": "cómo|como puedo|cuánto tarda|qué significa|dónde|cuándo|cuál|alguien sabe|"
              "alguien ha|se puede|puedo|hay alguna|hay forma|es posible|pregunta",
        "pt": "como|quanto tempo|o que significa|onde|quando|qual|alguém sabe|alguém já|dá pra|"
              "da pra|é possível|posso|tem como|existe|pergunta|dúvida|duvida",
        "ru": "как$|как мне|как можно|как в|сколько ждать|что значит|что означает|где|когда|"
              "какой|какая|подскажите|кто знает|можно ли|а можно|есть ли|реально ли|вопрос",
        "uk": "як$|як мені|як можна|як в|скільки чекати|що означає|де$|де можна|коли|який|яка|"
              "підкажіть|хтось знає|чи можна|чи є|чи$|питання",
        "pl": "jak$|jak mogę|jak w|ile czeka|ile trwa|co oznacza|co znaczy|gdzie|kiedy|który|"
              "która|ktoś wie|czy$|czy można|da się|pytanie",
        "tr": "nasıl|ne kadar sürer|ne demek|nerede|nereden|ne zaman|hangi|bilen var|"
              "bilgi verebilir|mümkün mü|olur mu|var mı| mı$| mi$| mu$| mü$|soru|nasıl yapılır|"
              "nasıl yaparım|kim$|hangisi|kaç$|mısınız|misiniz|musunuz|müsünüz|mıyım|"
              "miyim|mıdır|midir|acaba|bilgi alabilir|öğrenebilir|yardımcı olur",
        "zh": "怎么|如何|多久|什么意思|哪里|在哪|什么时候|哪个|有人知道|可以吗|能不能|是否|吗$|"
              "吗？|请问|有没有|想问|问一下|求助|求解|咋|怎么办|有冇|系咪|"
              "可唔可以|几时|是不是|要不要|吗|呢$|么$|多少|啥时候|什么",
        "ja": "どうやって|どうすれば|方法|どのくらい|どういう意味|どこ|いつ|どれ|誰か知って|"
              "できますか|ますか|ですか|でしょうか|かな$|質問|教えて|ですか？|ますか？|かな？|"
              "かな|の？|なの？|ないの|どうしたら|どうやったら|知りたい|"
              "教えてください|わかる方|分かる方|詳しい方|いますか|ありますか|可能ですか|"
              "大丈夫ですか|できる？|いつから|何時",
        "ko": "어떻게|방법|얼마나 걸|무슨 뜻|어디|언제|어떤|아시는 분|가능한가요|되나요|있나요|"
              "인가요|할 수 있|나요|까요|궁금|궁금해요|어떻게 해|뭐예요|뭐에요|뭐임|누구|"
              "있을까요|될까요|돼요|되요|건가요|걸까요|알려주세요|알려 주|문의|가능할까요|"
              "가능해요|맞나요|정상인가요|혹시|할까요|어디예요|어디에요|ㄴ가요",
        "th": "ยังไง|อย่างไร|วิธี|นานไหม|นานแค่ไหน|แปลว่าอะไร|ที่ไหน|เมื่อไหร่|อันไหน|ใครรู้บ้าง|"
              "ได้ไหม|ได้มั้ย|ไหม|มั้ย|หรือเปล่า|หรือไม่|สอบถาม|อะไรบ้าง|กี่|ยังไงบ้าง|ทำไง|"
              "ทำยังไง|เท่าไหร่|หรือยัง|ใช่ไหม|ใช่มั้ย|อยากถาม|อยากรู้|ขอถาม|รบกวนถาม|"
              "ปกติไหม|คะ$|ครับ$|บ้าง$|ป่าว|เปล่า",
        "nl": "hoe kan|hoe moet|hoe doe|hoe lang|hoe werkt|hoe zit het|wat betekent|wat is$|"
              "waar kan|waar vind|wanneer|welke|weet iemand|iemand een idee|is er$|zijn er$|"
              "kan ik|kun je|kunnen jullie|werkt het|vraagje|vraag$|is het mogelijk|klopt het",
        "it": "come si|come faccio|come posso|quanto tempo|cosa significa|che significa|dove si|"
              "dove trovo|dov'è|quando|quale|qualcuno sa|qualcuno ha|si può|c'è un modo|"
              "è possibile|domanda|sapete se|per caso|mi sapete dire|funziona anche|"
              "come cambio|come cambiare|come si fa|come annullo|come disdico|come attivo|"
              "come recupero|come funziona",
        "ar": "كيف|كيفية|هل$|هل يمكن|هل يوجد|هل فيه|متى|أين|وين|فين|ايش|إيش|شو$|ما هو|ما هي|ماذا|"
              "ممكن أعرف|سؤال|استفسار|أحد يعرف|حد يعرف|في أحد|أقدر|يمكنني",
        "hi": "कैसे|कहाँ|कहां|कब$|क्या$|कौन सा|कौनसा|कितना समय|कितने दिन|बताइए|बताएं|बताओ|सवाल|"
              "जानकारी|कोई बता|क्या मैं|क्या हम|kaise|kahan|kab$|kaun sa|kaunsa|batao|bataye|"
              "bataiye|sawal|koi bataye|kya main|kya hum",
        "id": "bagaimana|gimana|gmn$|caranya|cara ganti|cara bayar|bagaimana cara|gimana cara|"
              "apakah|apa bisa|apa ada|kapan$|dimana|di mana|berapa lama|bisa gak|bisa nggak|"
              "bisa ga|boleh gak|boleh nggak|boleh ga|ada yang tahu|ada yg tau|ada yang tau|"
              "mau tanya|mau nanya|tanya dong|numpang tanya|jam berapa|buka jam",
        "vi": "làm sao$|làm thế nào$|như thế nào$|thế nào$|ở đâu$|khi nào$|bao lâu$|có thể$|"
              "có được không$|được không$|không ạ$|cho hỏi$|cho mình hỏi$|cho em hỏi$|xin hỏi$|"
              "ai biết$|hỏi chút$|có ai$",
    },
    # "why" and the other openings of a rhetorical question ("how many times ..."): in the
    # corpus 84 of 101 posts with "why" are complaints, 4 questions, so it is not a question
    # word here (it was one in Turkish, Chinese, Japanese, Korean and Thai only)
    "why": {
        "en": "why$|why's|whyyy|how come|how is it possible|how is this possible|how many times|"
              "how is that even|how is this even|how hard can it be",
        "de": "warum|wieso|weshalb|weswegen|wie oft noch|wie kann es sein",
        "fr": "pourquoi|comment est-ce possible|combien de fois",
        "es": "por qué|porqué|cómo es posible|cuántas veces",
        "pt": "por que|por quê|como é possível|quantas vezes",
        "ru": "почему|зачем|с какой стати|сколько можно|сколько раз",
        "uk": "чому|навіщо|нащо|скільки можна|скільки разів",
        "pl": "dlaczego|czemu|ile razy|ile można",
        "tr": "neden|niye|niçin|kaç kere|kaç kez|nasıl oluyor da",
        "zh": "为什么|为啥|凭什么|点解|干嘛|怎么又|多少次",
        "ja": "なぜ|なんで|どうして|何回|何度",
        "ko": "왜|몇 번",
        "th": "ทำไม|กี่ครั้ง",
        "nl": "waarom|hoe vaak nog|hoe kan het dat",
        "it": "perché|perchè|com'è possibile|come è possibile|quante volte",
        "ar": "لماذا|ليش|ليه|كم مرة",
        "hi": "क्यों|क्यूं|कितनी बार|kyun|kyon|kitni baar",
        "id": "kenapa|mengapa|knp$|berapa kali",
        "vi": "tại sao$|vì sao$|sao lại$|bao nhiêu lần$",
    },
    "spam_money": {
        "en": "earn|income|profit|per day|/day|a day from home|guaranteed|passive|investment|"
              "invest|trading|signals|crypto|token|coin$|bitcoin|btc$|eth$|airdrop|presale|"
              "pre-sale|\\d+x$|100x|1000x|wallet|loan|no credit check|free money|easy money|"
              "work from home",
        "de": "verdien|einkommen|gewinn|pro tag|garantiert|passiv|investition|invest|trading|"
              "signale|krypto|token|coin$|coins$|bitcoin|airdrop|presale|wallet|kredit|ohne schufa|"
              "leichtes geld|gratis geld|von zuhause",
        "fr": "gagne|revenu|profit|par jour|garanti|passif|investiss|trading|signaux|crypto|"
              "token|jeton|bitcoin|airdrop|prévente|portefeuille|prêt rapide|prêt sans|"
              "prêt personnel|prêt entre particuliers|crédit|argent facile|"
              "depuis chez",
        "es": "gana|ingreso|ganancia|al día|por día|garantizad|pasiv|inversión|invierte|trading|"
              "señales|cripto|token|bitcoin|airdrop|preventa|billetera|préstamo|crédito|"
              "dinero fácil|desde casa",
        "pt": "ganhe|ganhar|renda|lucro|por dia|garantid|passiv|investimento|invista|trade|"
              "sinais|cripto|token|bitcoin|airdrop|pré-venda|carteira|empréstimo|crédito|"
              "dinheiro fácil|em casa",
        "ru": "заработ|доход|прибыл|в день|гарантир|пассивн|инвест|трейд|сигнал|крипт|токен|"
              "монет|биткоин|аирдроп|эйрдроп|пресейл|листинг|кошел|кредит|займ|лёгкие деньги|"
              "легкие деньги|работа на дому|на дому",
        "uk": "заробі|заробля|дохід|прибут|на день|гарантов|пасивн|інвест|трейд|сигнал|крипт|"
              "токен|монет|біткоїн|аірдроп|пресейл|гаманц|кредит|позик|легкі гроші|на дому",
        "pl": "zarab|zarobek|dochód|zysk|dziennie|gwarantow|pasywn|inwest|trading|sygnały|krypto|"
              "token|bitcoin|airdrop|przedsprzedaż|portfel|pożyczk|kredyt|łatwa kasa|z domu",
        "tr": "kazan|gelir|kar$|günlük|garantili|pasif|yatırım|trade|sinyal|kripto|token|"
              "coin$|bitcoin|airdrop|ön satış|cüzdan|kredi|borç|kolay para|evden|günde|haftada|"
              "ayda|kazanç|kazanmak|yatırımsız|garanti kazanç|bahis|bonus|deneme bonusu|"
              "sinyal grubu|vip grup|kazandırıyoruz|kat kazanç",
        "zh": "赚钱|收入|收益|日赚|每天赚|保证|稳赚|被动收入|投资|理财|交易信号|带单|币|加密|"
              "代币|空投|预售|钱包|贷款|无抵押|躺赚|兼职|在家|日入|日息|稳赚不赔|胜率|翻倍|"
              "倍收益|上所|内部消息|usdt|比特币|vip群|宝妈|学生党|动动手指|零成本|无门槛|"
              "足不出户|博彩|网赚|副业|月入|回本|躺着|暴富|财务自由|上车|带你|导师|跟单|喊单",
        "ja": "稼げ|稼ぐ|収入|利益|日給|日収|保証|不労所得|投資|副業|トレード|シグナル|仮想通貨|"
              "暗号資産|トークン|コイン|エアドロ|プレセール|ウォレット|融資|在宅|月収|月利|日利|"
              "元本保証|爆益|億り人|稼ぐ方法|簡単に|スマホだけで|在宅ワーク|誰でも|無料で稼|fx|"
              "バイナリー|投資案件|配当|利回り",
        "ko": "수익|부수입|돈 버|하루|보장|투자|리딩|코인|비트코인|토큰|에어드랍|프리세일|지갑|"
              "대출|무직자|재택|고수익|고정 수익|월 수익|일 수익|수익 인증|원금 보장|종목|상한가|"
              "급등주|리딩방|입장|vip|무료 체험|환급금|문화상품권|상품권|계좌|급전|소액|"
              "당일 지급|재테크|부업|월 천|대박 기회",
        "th": "รายได้|รายได้เสริม|กำไร|วันละ|การันตี|ลงทุน|เทรด|สัญญาณ|คริปโต|เหรียญ|โทเคน|"
              "บิทคอยน์|แอร์ดรอป|พรีเซล|กระเป๋าเงิน|เงินกู้|สินเชื่อ|ทำงานที่บ้าน|งานออนไลน์|"
              "ข่าววงใน|เข้ากระดาน|ขึ้นอย่างน้อย|เท่าตัว|ผลตอบแทน|ปันผล|ไม่ต้องลงทุน|ได้เงินจริง|"
              "รายได้ดี|หารายได้|งานง่าย|ถอนได้จริง|เว็บพนัน|บาคาร่า|สล็อต|คืนภาษี|เงินคืน|"
              "กู้ด่วน|ไม่เช็คบูโร|ได้รับรางวัล",
        "nl": "verdien|inkomen|winst|per dag|gegarandeerd|passief|investering|investeer|beleggen|"
              "trading|crypto|token|bitcoin|airdrop|presale|wallet|lening|snel geld|gratis geld|"
              "vanuit huis",
        "it": "guadagna|guadagno|guadagnare|reddito|profitto|al giorno|garantit|passiv|"
              "investimento|trading|segnali|cripto|token|bitcoin|airdrop|prevendita|portafoglio|"
              "prestito|soldi facili|lavora da casa|guadagna da casa",
        "ar": "اربح|ربح|أرباح|دخل إضافي|دخل يومي|مضمون|استثمار|استثمر|تداول|التداول|فوركس|"
              "عملات رقمية|العملات الرقمية|كريبتو|بيتكوين|بتكوين|محفظة|قرض|قروض|يوميا|في اليوم|"
              "من البيت|من المنزل|ربح سريع|فلوس سهلة",
        "hi": "कमाएं|कमाओ|कमाई|कमाइए|रोजाना|प्रतिदिन|घर बैठे|गारंटी|निवेश|इन्वेस्ट|ट्रेडिंग|"
              "क्रिप्टो|बिटकॉइन|लोन|मुनाफा|मुनाफ़ा|kamao|kamaye|kamai|ghar baithe|guarantee|"
              "nivesh|munafa|daily income|roz kamao",
        "id": "penghasilan|pendapatan|cuan$|untung|keuntungan|dijamin|investasi|kripto|koin$|"
              "dompet|pinjaman|pinjol|modal kecil|tanpa modal|dari rumah|per hari|juta per hari|"
              "juta sehari|kerja dari rumah|uang mudah",
        "vi": "kiếm tiền$|thu nhập$|lợi nhuận$|đảm bảo$|cam kết$|đầu tư$|giao dịch$|trade coin$|"
              "tiền ảo$|tiền điện tử$|vay tiền$|tại nhà$|mỗi ngày$|triệu mỗi ngày$|"
              "việc nhẹ lương cao$|làm giàu$",
    },
    "spam_growth": {
        "en": "followers|likes|views|subscribers|streams$|plays$|promote|boost|viral|engagement|"
              "go viral|accounts$|aged accounts|blue tick|reach$|organic|monetiz|f4f|follow back",
        "de": "follower|likes|aufrufe|abonnenten|streams|reichweite|pushen|boost|viral|"
              "engagement|accounts|organisch|monetarisier",
        "fr": "abonnés|likes|vues|followers|streams|visibilité|booster|viral|engagement|comptes|"
              "organique|monétis",
        "es": "seguidores|likes|me gusta|vistas|visualizaciones|suscriptores|reproducciones|"
              "promociona|impulsa|viral|engagement|cuentas|orgánic|monetiza",
        "pt": "seguidores|curtidas|likes|views|visualizações|inscritos|streams|impulsion|bombar|"
              "viral|engajamento|contas|orgânic|monetiz",
        "ru": "подписчик|лайк|просмотр|накрут|продвижени|раскрут|вирусн|охват|аккаунт|живые|"
              "монетиз|рекомендации",
        "uk": "підписник|лайк|перегляд|накрут|просуванн|розкрут|вірусн|охоплен|акаунт|живих|"
              "монетиз|рекомендаці",
        "pl": "followers|obserwując|lajk|polubień|wyświetle|subskryb|promocj|wypromuj|viral|"
              "zasięg|konto na|kont$|organiczn|monetyz",
        "tr": "takipçi|beğeni|izlenme|abone|keşfet|tanıtım|öne çıkar|viral|etkileşim|hesap|"
              "organik|para kazanma|takipçi satışı|beğeni satışı|takipçi al|beğeni al|"
              "hesap satışı|organik takipçi|reklam|tanıtım yapılır",
        "zh": "粉丝|点赞|播放量|浏览量|关注|涨粉|刷粉|推广|引流|上热门|互动|账号|真人|变现|代刷|"
              "刷单|刷量|阅读量|代运营|一条龙|出售|买粉|粉丝号|万粉|收藏|播放|热门|曝光|流量",
        "ja": "フォロワー|いいね|再生回数|再生数|登録者|拡散|宣伝|バズ|エンゲージメント|"
              "アカウント販売|収益化|フォロワー増|いいね増|増やします|相互フォロー|拡散希望|"
              "再生数増|販売します|垢売り|アカウント売",
        "ko": "팔로워|좋아요|조회수|구독자|홍보|광고|떡상|바이럴|참여율|계정 판매|실사용자|"
              "수익화|늘려드|방문자|최적화|체험단|인플루언서|팔로우|아이디 판매|노출|상위 노출|"
              "팔로워 늘|좋아요 늘",
        "th": "ผู้ติดตาม|ฟอล|ไลก์|ไลค์|ยอดวิว|ซับ|โปรโมท|ปั๊ม|ไวรัล|เอนเกจ|ขายบัญชี|ขายแอค|"
              "คนจริง|เพิ่มยอด|ปั๊มยอด|ปั้มไลค์|ยอดขาย|รีวิว|ติดเทรนด์|ขายเพจ|ขายไอดี|"
              "ผู้ติดตามจริง",
        "nl": "volgers|likes|weergaven|abonnees|streams|viral|engagement|organisch",
        "it": "follower|seguaci|visualizzazioni|iscritti|promuovi|virale|engagement|organic",
        "ar": "متابعين|متابع|لايكات|لايك|مشاهدات|مشتركين|زيادة متابعين|رشق|توثيق|تفاعل|انتشار|"
              "ترويج",
        "hi": "फॉलोअर्स|फॉलोवर्स|लाइक्स|व्यूज़|व्यूज|सब्सक्राइबर्स|वायरल|प्रमोशन",
        "id": "pengikut|penonton|subscriber|endorse|promosi|jasa naik|tambah followers|"
              "centang biru",
        "vi": "tăng follow$|người theo dõi$|lượt thích$|tăng like$|lượt xem$|tăng view$|"
              "đăng ký kênh$|tích xanh$",
    },
    "spam_action": {
        "en": "click|link in bio|dm me|dm now|dm for|whatsapp me|telegram|register|claim your|"
              "claim it|claim now|claim here|claim yours|verify|confirm your|win$|winner|prize|"
              "giveaway|congratulations|limited|only today|hurry|"
              "don't miss|last chance|suspended|unusual activity|password|card number|cvv|"
              "login details|selected|free iphone|first \\d+ people|spots left|reply yes",
        "de": "klicke|link in bio|schreib mir|dm für|registrier|sicher dir|bestätigen|verifizier|"
              "gewinn|gewinnspiel|verlost|glückwunsch|nur heute|limitiert|schnell sein|gesperrt|"
              "ungewöhnlich|passwort|kartennummer|zugangsdaten",
        "fr": "clique|lien en bio|écris-moi|mp$|en mp|inscris|réclame|valide|vérifie|confirme|"
              "gagn|concours|félicitations|seulement aujourd'hui|limité|dépêche|suspendu|"
              "inhabituel|mot de passe|numéro de carte|identifiants",
        "es": "haz clic|clic aquí|link en la bio|enlace en la bio|escríbeme|md$|regístrate|"
              "reclama$|verifica|confirme|confirma tus|gana$|ganador|premio|sorteo|felicidades|"
              "solo hoy|limitad|suspendid|inusual|contraseña|número de tarjeta|cvv|seleccionado",
        "pt": "clique|link na bio|chama na dm|me chama|dm$|cadastre|resgate|verifique|confirme|"
              "ganhe|ganhador|prêmio|premio|sorteio|parabéns|só hoje|limitad|suspens|incomum|"
              "senha|número do cartão|cvv|selecionado",
        "ru": "переходи|ссылка в профиле|ссылка в био|пиши в лс|в лс|в личку|пишите|регистрир|"
              "забери|подтверди|верифик|выигр|розыгрыш|приз|поздравляем|только сегодня|успей|"
              "ограничен|заблокирован|подозрительн|пароль|номер карты|код из смс|cvv|проголосуй",
        "uk": "переходь|посилання в профілі|пиши в пп|в пп|в особисті|пишіть|реєстру|забери|"
              "підтверд|верифік|вигра|розіграш|приз|вітаємо|тільки сьогодні|встигни|обмежен|"
              "заблоковано|підозріл|пароль|номер картки|код з смс|cvv|проголосуй",
        "pl": "kliknij|link w bio|napisz na priv|na priv|pisz|zarejestruj|odbierz|potwierdź|"
              "zweryfikuj|wygraj|wygrał|nagrod|konkurs|gratulacje|tylko dziś|ograniczon|pospiesz|"
              "zablokowane|nietypow|hasło|numer karty|cvv|kod sms|zagłosuj|zaloguj się przez",
        "tr": "tıkla|linki profilde|bio'da|dm'den|dm at|yaz bana|kayıt ol|hemen al|onayla|"
              "doğrula|kazan|çekiliş|ödül|tebrikler|sadece bugün|sınırlı|acele|askıya|şüpheli|"
              "şifre|kart numara|cvv|sms kodu|oy verir|giriş yap|linke tıkla|linkten|bağlantıya|"
              "tıklayın|hemen tıkla|profildeki|dm|whatsapp|telegram|ödülünüz|kazandınız|hediye|"
              "ücretsiz|bilgilerinizi|doğrulayın|hesabınız|kapatılacak|son gün",
        "zh": "点击|链接在简介|私信|加微信|加v|注册|领取|验证|确认|中奖|抽奖|奖品|恭喜|仅限今天|"
              "限时|名额有限|冻结|异常|密码|卡号|验证码|投票|链接|连结|私我|加群|加line|免费送|"
              "只需支付|邮费|前100名|扫码|点链接|滴滴|dd我|qq|否则|作废|逾期|速来|速度加|戳|详询|"
              "私聊|联系我",
        "ja": "クリック|プロフのリンク|プロフィールのリンク|dmください|dmで|登録|受け取|"
              "確認してください|認証|当選|プレゼント企画|抽選|賞品|おめでとう|本日限定|限定|"
              "急いで|停止|不審|パスワード|カード番号|暗証番号|投票|リンクから|urlから|"
              "こちらから|公式line|lineで|line追加|友だち追加|プロフ見て|今すぐ|先着|"
              "無料プレゼント|お支払い|再配達|ご確認ください|アカウントが|ロックされ|本人確認|"
              "更新手続き|ログインして|期限切れ|至急ご確認",
        "ko": "클릭|프로필 링크|디엠|dm|카톡|오픈채팅|가입|받아가|인증|확인하세요|당첨|이벤트|"
              "경품|축하|오늘만|한정|선착순|정지|비정상|비밀번호|카드번호|인증번호|투표|링크|"
              "쪽지|문의 주|편하게 문의|입력 후|입력하세요|수령하세요|즉시 연락|본인 아닐 경우|"
              "web발신|국외발신|해외 결제|승인 완료|주소 확인|보내주세요|16자리|cvc|지금 바로|"
              "무료로 드|클릭하",
        "th": "คลิก|ลิงก์ในไบโอ|ทักแชท|ทักไลน์|แอดไลน์|inbox|สมัคร|รับฟรี|ยืนยัน|แจกฟรี|แจก|ลุ้น|"
              "รางวัล|ยินดีด้วย|วันนี้เท่านั้น|จำนวนจำกัด|ด่วน|ระงับ|ผิดปกติ|รหัสผ่าน|เลขบัตร|"
              "รหัส otp|otp|โหวต|ทักมา|ทักเลย|กรอกข้อมูล|กรอก|เพิ่มเพื่อน|แอดมา|ไลน์ไอดี|id line|"
              "กดลิงก์|ลิงก์|กดรับ|คลิกเลย|โอนค่าธรรมเนียม|ภายใน 24|มิฉะนั้น|บัญชีจะถูก|"
              "เจ้าหน้าที่|แจ้งเตือน",
        "nl": "klik|link in bio|stuur me|stuur een dm|registreer|claim je|claim nu|verifieer|"
              "bevestig|winnen$|winnaar|winactie|gefeliciteerd|alleen vandaag|beperkt|wees snel|"
              "opgeschort|"
              "wachtwoord|kaartnummer|inloggegevens",
        "it": "clicca|link in bio|scrivimi|in dm|in direct|registrati|verifica|conferma|vinci|"
              "vincitore|premio|concorso|giveaway|congratulazioni|solo oggi|limitat|affrettati|"
              "sospes|attività insolita|password|numero della carta|credenziali|selezionat",
        "ar": "اضغط|اضغط هنا|انقر|الرابط|رابط|بالرابط|في البايو|راسلني|راسلنا|تواصل معي|واتساب|"
              "تليجرام|تيليجرام|سجل الآن|احصل على|فوز|فائز|الفائز|جائزة|مسابقة|سحب على|هدية|"
              "مبروك|تهانينا|لفترة محدودة|اليوم فقط|سارع|لا تفوت|حسابك|موقوف|تم إيقاف|تم تعليق|"
              "نشاط غير عادي|كلمة المرور|كلمة السر|رقم البطاقة|تحقق|التحقق|تأكيد|تفعيل|للتفعيل",
        "hi": "क्लिक|लिंक|बायो|डीएम|मैसेज करें|व्हाट्सएप|टेलीग्राम|रजिस्टर|जीतें|जीतो|इनाम|गिफ्ट|"
              "मुफ्त|फ्री|बधाई|सिर्फ आज|जल्दी करें|खाता बंद|पासवर्ड|ओटीपी|कार्ड नंबर|वेरिफाई|"
              "click karo|click kare|link pe|link par|dm karo|whatsapp karo|register karo|jeeto|"
              "jeetein|inaam|free mein|muft|verify karo",
        "id": "klik|link di bio|dm sekarang|dm aja|chat wa|hubungi wa|daftar sekarang|daftar$|"
              "klaim|verifikasi|konfirmasi|menang|pemenang|hadiah|selamat anda|terbatas|"
              "hanya hari ini|buruan|jangan sampai|akun anda|kata sandi|nomor kartu|kode otp|"
              "dapatkan",
        "vi": "bấm vào$|nhấn vào$|inbox ngay$|ib ngay$|nhắn tin$|zalo$|đăng ký ngay$|nhận ngay$|"
              "xác minh$|xác nhận$|trúng thưởng$|quà tặng$|miễn phí$|chúc mừng$|số lượng có hạn$|"
              "chỉ hôm nay$|nhanh tay$|tài khoản của bạn$|mật khẩu$|số thẻ$|mã otp$",
    },
    "news": {
        "en": "announce|reports$|reported|report:|launches|acquire|acquisition|shares|stock|"
              "revenue|ceo|regulator|fine$|fined|strike|data breach|according to|award|wins|"
              "named|opens|to close|closing|raises|funding|partnership|sponsor|layoffs|job cuts|"
              "to raise|confirms|per industry",
        "de": "kündigt an|meldet|berichtet|startet|übernimmt|übernahme|aktie|umsatz|chef|"
              "vorstand|aufsicht|bußgeld|streik|datenleck|laut |auszeichnung|ausgezeichnet|"
              "gewinnt|eröffnet|schließt|finanzierung|partnerschaft|sponsert|stellenabbau|erhöht|"
              "räumt ab",
        "fr": "annonce|rapporte|lance|rachète|rachat|action|chiffre d'affaires|pdg|régulateur|"
              "amende|grève|fuite de données|selon|prix$|récompens|sacré|remporte|ouvre|ferme|"
              "lève|financement|partenariat|sponsorise|licenciement|augmente",
        "es": "anuncia|informa|lanza|adquiere|adquisición|acciones|facturación|"
              "consejero delegado|director general|regulador|multa|huelga|filtración|según|"
              "premio|galardon|gana el|abre|cierra|recauda|financiación|alianza|patrocina|"
              "despidos|sube$|suben$|consigue|lleva",
        "pt": "anuncia|divulga|lança|adquire|aquisição|ações|faturamento|ceo|regulador|multa|"
              "greve|vazamento|segundo|prêmio|premiad|vence|abre|fecha|capta|investimento|"
              "parceria|patrocina|demissões|aumenta|leva",
        "ru": "объявил|сообщил|запускает|запустил|покупает|приобрел|акци|выручк|гендиректор|"
              "регулятор|фас|штраф|забастов|утечка данных|по данным|награда|премию|открывает|"
              "закрывает|привлек|инвестици|партнерств|спонсор|сокращени|повышает|отменяет рейсы|"
              "возбудила",
        "uk": "оголосил|повідомил|запускає|запустил|купує|придбал|акці|виторг|гендиректор|"
              "регулятор|нбу|штраф|страйк|витік даних|за даними|нагород|премію|відкриває|"
              "закриває|залучил|інвестиці|партнерств|спонсор|скорочен|підвищує|мережа",
        "pl": "ogłasza|ogłosił|informuje|uruchamia|przejmuje|przejęcie|akcje|przychod|prezes|"
              "regulator|uokik|kara$|karę|strajk|wyciek danych|według|nagrod|otwiera|zamyka|"
              "pozyskał|finansowanie|partnerstw|sponsor|zwolnienia|podnosi|zawiesza|sieć",
        "tr": "duyurdu|açıkladı|başlattı|satın aldı|satın alıyor|hisse|ciro|genel müdür|ceo|"
              "düzenleyici|bddk|ceza|grev|veri sızıntısı|göre|ödül|açıyor|açacak|kapatıyor|"
              "yatırım aldı|ortaklık|sponsor|işten çıkar|zam yap|askıya alıyor|istihdam|açıklama|"
              "duyuru|rekor|ilk kez|haber|muhabir|bakanlık|hükümet|yüzde|milyon|milyar|"
              "yatırım yapacak|faaliyete|soruşturma|para cezası|kriz",
        "zh": "宣布|发布|推出|收购|股价|营收|财报|首席执行官|ceo|监管|罚款|罢工|泄露|据|获奖|"
              "荣获|开业|关闭|融资|合作|赞助|裁员|涨价|上线|据报道|突破|首次|官方称|发布会|发表|"
              "入选|今日|正式|计划|市场|亿元|万元|季度|同比|停运|事故|受影响|记者|消息称|报道|"
              "通报|回应|声明|全线|开通|新品|获得|年度",
        "ja": "発表|公表|開始|買収|株価|売上|決算|社長|ceo|当局|行政処分|罰金|ストライキ|流出|"
              "によると|受賞|開業|閉店|資金調達|提携|協賛|人員削減|値上げ|サービス開始|明らかに|"
              "報道|発表した|開始した|予定|方針|決定|政府|国土交通省|金融庁|公正取引委員会|"
              "過去最高|過去最大|突破|記者|速報|全国|初めて|今年|新社長|就任",
        "ko": "발표|출시|인수|주가|매출|실적|대표|ceo|당국|과징금|벌금|파업|유출|에 따르면|수상|"
              "개장|오픈|폐점|투자 유치|제휴|후원|구조조정|인상|공개|선정|돌파|의혹|착수|조사|"
              "처분|예고|확산|사태|피해|의무화|기록|발생|기자|속보|단독|보도|전국|업계|정부|시행|"
              "도입한다|밝혔|예정",
        "th": "ประกาศ|เปิดตัว|เข้าซื้อ|ซื้อกิจการ|หุ้น|รายได้|ผลประกอบการ|ซีอีโอ|ผู้บริหาร|"
              "หน่วยงานกำกับ|ค่าปรับ|ปรับ|นัดหยุดงาน|ข้อมูลรั่ว|รั่วไหล|รายงาน|รางวัล|คว้า|"
              "เปิดสาขา|ปิดสาขา|ระดมทุน|จับมือ|ร่วมมือ|สนับสนุน|เลิกจ้าง|ขึ้นราคา|เตรียม|ถูกปรับ|"
              "ฐาน|เตือนภัย|เปิดเผย|สถิติ|ทั่วประเทศ|ชั่วคราว|ผลกระทบ|น้ำท่วม|ร้องเรียน|สคบ|"
              "กระทรวง|รัฐบาล|ล่าสุด|อย่างเป็นทางการ|แห่ง|ครั้งแรก|ปีนี้|ปลดพนักงาน",
        "nl": "kondigt aan|meldt|lanceert|neemt over|overname|aandelen|omzet|topman|directeur|"
              "toezichthouder|boete|staking|datalek|volgens|opent|sluit|samenwerking|sponsort|"
              "ontslagen|banen weg|verhoogt|persbericht",
        "it": "annuncia|lancia|acquisisce|acquisizione|fatturato|amministratore delegato|autorità|"
              "multa|multata|sciopero|fuga di dati|secondo il|secondo la|premiat|apre$|chiude|"
              "raccoglie|finanziamento|partnership|sponsor|licenziament|esuberi|rincar|comunicato",
        "ar": "أعلنت|أعلن|يعلن|تعلن|إطلاق|تطلق|يطلق|أطلقت|استحواذ|تستحوذ|أسهم|إيرادات|"
              "الرئيس التنفيذي|غرامة|تغريم|إضراب|اختراق|تسريب بيانات|وفقا|بحسب|تفتتح|افتتاح|"
              "إغلاق|شراكة|رعاية|تسريح|رسميا|عاجل|رحلات جديدة|خط جديد",
        "hi": "घोषणा|ऐलान|लॉन्च|शुरू की|शुरू करेगी|शुरू करेगा|अधिग्रहण|शेयर|राजस्व|सीईओ|जुर्माना|"
              "हड़ताल|डेटा लीक|के अनुसार|पुरस्कार|साझेदारी|छंटनी|खबर|रिपोर्ट",
        "id": "mengumumkan|umumkan|meluncurkan|luncurkan|resmi$|akuisisi|mengakuisisi|saham|"
              "denda|didenda|mogok|kebocoran data|menurut|penghargaan|membuka|buka rute|"
              "rute baru|cabang baru|menutup|kemitraan|phk$|berita|laporan",
        "vi": "công bố$|thông báo$|ra mắt$|khai trương$|mở đường bay$|đường bay mới$|mua lại$|"
              "thâu tóm$|cổ phiếu$|doanh thu$|giám đốc điều hành$|bị phạt$|đình công$|"
              "rò rỉ dữ liệu$|giải thưởng$|hợp tác$|tài trợ$|sa thải$|cắt giảm$|tin tức$",
    },
    "hiring": {
        "en": "hiring|we're hiring|job$|jobs|vacancy|career|careers|apply|intern$|interns$|"
              "internship|recruit|"
              "join our team|is looking for a|referral",
        "de": "stellenangebot|wir suchen|job|jobs|karriere|bewerb|praktik|ausbildung|stelle$|"
              "einstellen|stellt ein",
        "fr": "recrute|recrutement|embauche|offre d'emploi|poste|candidat|stage|stagiaire|"
              "carrière|cherche des",
        "es": "contratando|buscamos|oferta de empleo|empleo|vacante|puesto|postula|prácticas|"
              "becario|busca programador",
        "pt": "contratando|vagas|vaga|emprego|candidat|estágio|estagiário|trabalhe conosco|"
              "recrutando",
        "ru": "вакансия|ваканси|требуются|требуется|набирает|ищем в команду|стажер|стажёр|"
              "стажировк|резюме|карьер",
        "uk": "ваканс|потрібні|шукаємо в команду|набирає|стажер|стажуванн|резюме|кар'єр|"
              "працевлашт",
        "pl": "rekrutacj|oferta pracy|praca$|zatrudni|szukamy do zespołu|staż|stażyst|aplikuj|"
              "kariera|junior|senior",
        "tr": "iş ilanı|ilan$|alım yapıyor|eleman|aranıyor|başvuru|staj|stajyer|kariyer|istihdam|"
              "eleman arıyoruz|ekip arkadaşı|işe alım|maaş|part time|tam zamanlı",
        "zh": "招聘|招人|岗位|职位|应聘|实习|简历|内推|加入我们|诚聘|薪资|base|急招|年薪|月薪|"
              "五险一金",
        "ja": "採用|求人|募集|応募|インターン|中途|新卒|キャリア|募集中|急募|時給|月給|年収|"
              "正社員|アルバイト|パート|バイト募集",
        "ko": "채용|구인|모집|지원하|인턴|경력직|신입|이력서|구함|알바|아르바이트|시급|스태프|"
              "채용 공고|연봉|구인합",
        "th": "รับสมัคร|สมัครงาน|ตำแหน่งงาน|ตำแหน่ง|ฝึกงาน|เรซูเม่|ร่วมงานกับเรา|เปิดรับ|"
              "รับสมัครงาน|หาคน|ด่วนรับ|เงินเดือน|พาร์ทไทม์",
        "nl": "vacature|we zoeken|wij zoeken|sollicit|baan$|banen|carrière|stage|stagiair|"
              "werken bij|versterking",
        "it": "assumiamo|stiamo assumendo|cerchiamo$|offerta di lavoro|lavora con noi|"
              "posizione aperta|candidat|tirocinio|stage|stagista|carriera",
        "ar": "توظيف|وظيفة|وظائف|فرصة عمل|فرص عمل|مطلوب|انضم إلى فريقنا|انضم لفريقنا|متدرب|"
              "قدم الآن|للتقديم|السيرة الذاتية",
        "hi": "भर्ती|नौकरी|नौकरियां|वैकेंसी|हायरिंग|आवेदन|इंटर्नशिप|इंटर्न|करियर|naukri|"
              "job opening|apply karein",
        "id": "lowongan|loker$|lowongan kerja|rekrutmen|merekrut|dibutuhkan segera|dicari$|"
              "bergabung|magang|karir|karier|lamar$|melamar|kirim cv",
        "vi": "tuyển dụng$|đang tuyển$|cần tuyển$|việc làm$|ứng tuyển$|thực tập$|thực tập sinh$|"
              "gửi cv$|nộp cv$|cơ hội nghề nghiệp$|gia nhập đội ngũ$",
    },
    "thanks": {
        "en": "thanks|thank you|thx|cheers|grateful|kudos|shout out|shoutout|hats off|big up|"
              "props to",
        "de": "danke|dankeschön|vielen dank|dank an|großes lob|lob an|hut ab",
        "fr": "merci|remercie|bravo à|chapeau|big up|respect aux",
        "es": "gracias|agradec|muchas gracias|mis respetos|chapó|olé",
        "pt": "obrigad|agradeço|valeu|parabéns|muito obrigado",
        "ru": "спасибо|благодар|респект|хвалю|низкий поклон",
        "uk": "дякую|дякуємо|вдячн|респект|хвалю|низький уклін",
        "pl": "dzięki|dziękuj|brawo|szacun|wielkie dzięki|pochwała",
        "tr": "teşekkür|sağ ol|sağolun|eyvallah|helal olsun|tebrik|teşekkürler|teşekkür ederim|"
              "çok teşekkür|sağ olsun|minnettarım",
        "zh": "谢谢|感谢|多谢|致谢|点赞|辛苦了|感恩|谢啦|唔该|多谢晒|谢了|太感谢",
        "ja": "ありがとう|感謝|お礼|助かりました|お疲れ様|ありがとうございます|"
              "ありがとうございました|感謝します|感謝しかない|お世話になりました|助かります|"
              "サンキュー",
        "ko": "감사|고마워|고맙|수고하셨|칭찬|감사드|감사해|고맙습니다|감사합니다|덕분에|땡큐|ㄳ|"
              "ㄱㅅ",
        "th": "ขอบคุณ|ขอบใจ|ชื่นชม|ปรบมือ|ขอบคุณมาก|ขอบคุณค่ะ|ขอบคุณครับ|ขอบพระคุณ|ซึ้งใจ|"
              "แต๊งกิ้ว",
        "nl": "bedankt|dank je|dankjewel|dank u|dankuwel|dank jullie|dankjulliewel|merci|"
              "complimenten|hulde|chapeau",
        "it": "grazie|grazie mille|ringrazio|complimenti a|tanto di cappello|un grazie",
        "ar": "شكرا|مشكور|مشكورين|ألف شكر|شكرا جزيلا|يعطيكم العافية|يعطيك العافية|جزاكم الله|"
              "بارك الله فيكم|تسلم|تسلمون|ممنون",
        "hi": "धन्यवाद|शुक्रिया|थैंक यू|थैंक्यू|थैंक्स|आभार|dhanyavad|dhanyawad|shukriya|thnx",
        "id": "terima kasih|terimakasih|makasih|makasi|trims|tengkyu|hatur nuhun|matur nuwun",
        "vi": "cảm ơn$|cám ơn$|cảm ơn nhiều$|tks$|biết ơn$",
    },
    "request": {
        "en": "please|pls|plz|fix it|fix this|sort it|help$|urgent|asap|advise|i want my|"
              "give me my|explain",
        "de": "bitte$|dringend|sofort|regelt das|behebt|erwarte|fordere",
        "fr": "svp|s'il vous plaît|merci de|urgent|réglez|corrigez|j'exige|j'attends",
        "es": "por favor|porfa|urgente|arreglen|solucionen|exijo|espero respuesta",
        "pt": "por favor|pfv|urgente|resolvam|arrumem|exijo|aguardo",
        "ru": "пожалуйста|срочно|исправьте|разберитесь|требую|жду ответа|верните",
        "uk": "будь ласка|терміново|виправте|розберіться|вимагаю|чекаю відповіді|поверніть",
        "pl": "proszę|prosze|pilne|napraw|ogarnijcie|żądam|oczekuję",
        "tr": "lütfen|acil$|düzeltin|çözün|talep ediyorum|bekliyorum|rica ediyorum|yardım edin|"
              "ilgilenin|geri dönüş|acilen|bir an önce|hemen$|çözüm istiyorum|iade istiyorum",
        "zh": "请|麻烦|尽快|赶紧|处理一下|给个说法|要求|帮忙|帮我查|查一下|给我|快点|希望|能否|"
              "赶快|速回|回复一下|联系我|退给我|赔偿",
        "ja": "お願い|至急|早く|直して|対応して|説明して|ください|下さい|してほしい|して欲しい|"
              "してもらえ|対応お願い|確認お願い|早急に|返金して|連絡ください|何とかして|"
              "なんとかして",
        "ko": "제발|부탁|빨리|해결해|처리해|고쳐|해주세요|해 주세요|바랍니다|요청|확인 부탁|"
              "처리 부탁|빠른 처리|조치|연락 주|답변 부탁|환불 요청|책임지",
        "th": "กรุณา|ช่วย|ด่วน|แก้ไข|รีบ|ขอคำตอบ|รบกวน|ช่วยด้วย|ช่วยดู|ช่วยตรวจสอบ|ช่วยเช็ค|"
              "ขอให้|ขอความช่วยเหลือ|ช่วยแก้|เร่ง|ติดต่อกลับ|รับผิดชอบ",
        "nl": "alsjeblieft|alstublieft|aub$|graag$|dringend|urgent|los het op|los dit op|"
              "regel het|ik wil mijn|ik eis|ik verwacht",
        "it": "per favore|per piacere|x favore|urgente|risolvete|sistemate|pretendo|esigo|"
              "aspetto risposta|fatemi sapere",
        "ar": "من فضلك|لو سمحت|رجاء|الرجاء|أرجو|يرجى|عاجل|ضروري|بسرعة|حلوا|حل المشكلة|"
              "أريد استرجاع|ارجعوا|أعيدوا|أطالب|نطالب",
        "hi": "कृपया|प्लीज|प्लीज़|जल्दी ठीक|ठीक करो|ठीक करें|तुरंत|मदद करें|मदद करो|हेल्प|jaldi|"
              "theek karo|thik karo|sahi karo|help karo|madad karo",
        "id": "tolong|mohon|plis|segera|secepatnya|bantu|bantuin|dibantu|saya minta|tolong dong|"
              "cepat diperbaiki|tolong diperbaiki|mohon dibantu",
        "vi": "làm ơn$|vui lòng$|xin vui lòng$|giúp mình$|giúp em$|giúp tôi$|khẩn cấp$|"
              "nhanh lên$|sửa giúp$|xử lý giúp$|xử lý gấp$|hỗ trợ giúp$|mong được$|yêu cầu$",
    },
    "sarcasm": {
        # the eye roll and the upside-down face, in any language (all 39 corpus posts with
        # them are complaints or bad news); "can't wait to" and its kind are
        # ``lexicon_hedged.CANT_WAIT``, and the entries sincere in most posts ("спасибо за",
        # "great job") count only beside something wrong (``_hedged``, features v69)
        "en": "🙄|🙃|thanks for nothing|oh great|oh cool|great job|genius|wow$|truly|so proud|"
              "what a surprise|love how|nothing says|10/10 would|"
              "really needed|exactly what|lucky me|bravo|said no one ever|said nobody ever|"
              "love waiting|love being ignored|love being put on hold",
        "de": "danke für nix|danke für nichts|na toll|super gemacht|genial|wow|"
              "so wichtig|glückwunsch|respekt an|wer braucht schon",
        "fr": "merci pour rien|génial|bravo|quelle surprise|trop généreu|top l'accueil|"
              "j'adore les|j'adore quand|vraiment|super pratique",
        "es": "gracias por nada|genial|bravo|qué sorpresa|combo perfecto|ya somos|"
              "me encanta cuando|me encanta que|qué detalle|tradición",
        "pt": "obrigado por nada|que ideia genial|genial|aplausos|parabéns pela|que surpresa|"
              "amo como|adoro quando|valeu$|tão importante",
        "ru": "спасибо за|ну спасибо|гениально|браво|какой сюрприз|щедро|ну бесплатно|"
              "благотворительность|обожаю когда|как же я люблю|вот это сервис",
        "uk": "дякую за|ну дякую|геніально|браво|який сюрприз|щедро|дуже турботливо|обожнюю коли|"
              "та звісно|звісно",
        "pl": "dzięki za nic|no pięknie|pięknie|genialn|brawo|co za niespodzianka|luksus|"
              "super timing|serio$|kocham jak",
        "tr": "sağ olun|çok teşekkürler|harika bir|bravo|ne sürpriz|çok ücretsiz|"
              "gerçekten çok iyi|tebrikler|helal olsun size|ne güzel|aferin|çok güzel olmuş|"
              "mükemmel hizmet|harika hizmet|tebrik ederim|ne kadar da|eksik olmayın",
        "zh": "真是太好了|谢谢你们|真棒|厉害了|佩服|呵呵|服了|真行|好一个|感动|真贴心|真智能|"
              "真聪明|太感谢|免费体验|不愧是|真不愧|好棒棒|真有你的|可真行|谢谢啊|真是服|呵呵哒|"
              "真会|可真是|真是厉害",
        "ja": "さすが|素晴らしいですね|ありがとうございますね|流石|神対応|お見事|最高ですね|"
              "嬉しいなあ|さすがです|素晴らしいサービス|ありがたいですね|最高のサービス|"
              "神対応ですね|優しいですね|親切ですね|楽しい体験|いい経験|おかげさまで",
        "ko": "감사하네|대단하|훌륭하네|역시|잘하는|최고네|고맙네|기가 막히|기술 발전 최고|마법|"
              "참 잘|아주 잘|정말 대단|덕분에 잘|감사하게도|참 대단|좋으시겠|훌륭하십",
        "th": "ขอบคุณมากเลย|เก่งมาก|สุดยอดเลย|เยี่ยมไปเลย|ดีจริง|ประทับใจจริง|ปรบมือ|เยี่ยมมาก|"
              "ดีมากค่ะ จ่าย|ขอบคุณที่|ให้ได้นอน|อ้อมโลก|ได้ประสบการณ์|ดีเลิศ|เก่งจริง|"
              "สุดยอดจริง|ยอดเยี่ยมจริง",
        "nl": "dank voor niks|bedankt voor niks|top hoor|lekker dan|nou lekker|goed bezig|"
              "knap hoor|geweldig hoor|wat een verrassing|precies wat ik nodig|"
              "chapeau hoor|heel fijn",
        "it": "grazie di niente|grazie per niente|complimenti vivissimi|bravi bravi|ma bravi|"
              "bravi davvero|complimenti davvero|"
              "che sorpresa|adoro quando|proprio quello che mi serviva|che fortuna|"
              "geniali|applausi",
        "ar": "شكرا على لا شيء|يا سلام|برافو|عبقري|عبقرية|إنجاز عظيم|خدمة خمس نجوم",
        "hi": "वाह|क्या बात है|कमाल कर दिया|wah$|waah|kya baat hai|kamaal kar diya",
        "id": "makasih loh|makasih lho|terima kasih lho|hebat banget ya|keren banget ya|"
              "luar biasa ya|salut deh|bagus sekali ya|mantap sekali ya",
        "vi": "cảm ơn nhé$|hay thật$|giỏi thật$|tuyệt thật$|đỉnh thật$|xuất sắc thật$|quá đỉnh$|"
              "hay ghê$|giỏi ghê$",
    },
    "resolved": {
        "en": "fixed|sorted|solved|resolved|replaced|refunded|reimbursed|got my money back|"
              "money back|within minutes|in minutes|same day|next day|no questions|without me|"
              "without chasing|no hassle|saved me|finally works|works perfectly|went above|"
              "helped me|stayed on|took the time|called ahead|didn't expect|did not expect",
        "de": "gelöst|behoben|repariert|ersetzt|erstattet|zurückerstattet|geld zurück|"
              "innerhalb von minuten|in minuten|am selben tag|am nächsten tag|ohne nachfrage|"
              "ohne probleme|unkompliziert|geholfen|hat sich zeit genommen|gerettet|geht ja doch",
        "fr": "réglé|résolu|réparé|remplacé|remboursé|en quelques minutes|le jour même|"
              "le lendemain|sans poser de questions|sans problème|sans que je demande|m'a aidé|"
              "a pris le temps|sauvé|ça fait du bien|enfin",
        "es": "resolvió|resuelto|solucion|arreglad|arregló|reemplaz|devolvió|me devolvieron|"
              "reembolsaron|en minutos|el mismo día|al día siguiente|sin preguntas|sin drama|"
              "sin reclamar|sin que la pidiera|me ayudó|se tomó el tiempo|salvó|así sí",
        "pt": "resolveu|resolvido|consert|troc|substituí|devolveu|estornou|reembolsou|em minutos|"
              "no mesmo dia|no dia seguinte|sem burocracia|sem perguntas|sem precisar|me ajudou|"
              "salvou|assim sim|finalmente",
        "ru": "решили|решил|исправили|починили|заменили|вернули деньги|вернули|за минуту|"
              "за 0 минут|в тот же день|на следующий день|без вопросов|без проблем|помогли|помог|"
              "выручил|спас|наконец-то",
        "uk": "вирішили|вирішив|виправили|полагодили|замінили|повернули гроші|повернули|"
              "за хвилину|того ж дня|наступного дня|без зайвих питань|без проблем|допомогли|"
              "допоміг|виручив|врятував|нарешті",
        "pl": "rozwiązal|naprawil|naprawion|wymienil|oddał kasę|oddali|zwrócili|w kilka minut|"
              "tego samego dnia|następnego dnia|bez dyskusji|bez problemu|bez pytań|pomógł|"
              "pomogła|uratował|w końcu|wreszcie",
        "tr": "çözdü|çözüldü|düzeltti|tamir|değiştirdi|iade etti|parayı iade|dakikada|aynı gün|"
              "ertesi gün|soru sormadan|sorunsuz|yardımcı oldu|kurtardı|sonunda|hemen çözdü|"
              "hızlıca çözdü|ilgilendiler|geri ödendi|iade edildi|değiştirildi|yenisini gönderdi|"
              "birkaç dakikada|sorun çözüldü|halledildi|hallettiler",
        "zh": "解决了|修好了|换了新|退款到账|退回|几分钟|当天|第二天|二话不说|没问题|帮我|救了|"
              "终于|已解决|搞定|处理好了|到账了|换新|补发|上门|及时|准时|很快|秒回|马上|主动|"
              "包退|直接换|免费换|两小时|半小时|一小时",
        "ja": "解決|直った|直して|交換して|返金され|数分で|その日のうちに|翌日|すぐ対応|助けて|"
              "救われ|やっと|すぐに|即日|迅速に|丁寧に対応|交換してもらえ|返金してもらえ|"
              "直りました|解決しました|復旧|対応してくれ|無事|助かりました",
        "ko": "해결|고쳐|교환해|환불해줌|환불 받|몇 분 만에|당일|다음날|바로 처리|도와주|살았|"
              "드디어|금방|빨리 처리|깔끔하게|보상|마일리지로|환불 완료|교환 완료|해결됐|해결되|"
              "복구|정상화|바로 들어|친절하게|바로 처리해|새 제품",
        "th": "แก้ไขให้|แก้ให้|ซ่อมให้|เปลี่ยนให้|คืนเงินให้|ได้เงินคืน|ไม่กี่นาที|วันเดียว|"
              "วันรุ่งขึ้น|ไม่ถามเยอะ|ช่วยเหลือ|ช่วยได้|รอดแล้ว|ในที่สุด|ชดเชย|เปลี่ยนใหม่ให้|"
              "ส่งใหม่|คืนเงินแล้ว|ได้รับแล้ว|แก้แล้ว|ซ่อมแล้ว|เรียบร้อย|ทันที|รวดเร็วมาก|"
              "ขับมาคืน|ติดต่อกลับไว|ภายในวัน",
        "nl": "opgelost|gerepareerd|vervangen|terugbetaald|geld teruggekregen|geld terug gekregen|"
              "binnen een paar minuten|binnen minuten|dezelfde dag|volgende dag|zonder gedoe|"
              "zonder problemen|geholpen|nam de tijd|gered|werkt weer|eindelijk",
        "it": "risolto|risolta|sistemato|sistemata|riparat|sostituit|rimborsat|soldi indietro|"
              "in pochi minuti|in giornata|stesso giorno|giorno dopo|senza problemi|senza storie|"
              "mi hanno aiutato|mi ha aiutato|salvato|salvata|finalmente funziona|finalmente",
        "ar": "تم حل|تم الحل|حلوا المشكلة|انحلت|اتحلت|تم إصلاح|صلحوا|تم الاستبدال|استبدلوا|"
              "تم استرجاع|رجعوا المبلغ|استرجعت فلوسي|خلال دقائق|بدقائق|في نفس اليوم|اليوم التالي|"
              "ساعدوني|ساعدني|أنقذوني|أخيرا",
        "hi": "ठीक हो गया|ठीक कर दिया|हल हो गया|सुलझ गया|बदल दिया|रिफंड मिल गया|पैसे वापस मिल|"
              "कुछ ही मिनट|उसी दिन|अगले दिन|मदद की|आखिरकार|theek ho gaya|thik ho gaya|"
              "theek kar diya|solve ho gaya|refund mil gaya|paise wapas mil|paisa wapas mil|"
              "usi din|agle din|madad ki",
        "id": "sudah diperbaiki|udah diperbaiki|sudah beres|udah beres|beres$|teratasi|"
              "terselesaikan|sudah diganti|dana sudah kembali|uang sudah kembali|"
              "refund sudah masuk|sudah direfund|dalam hitungan menit|beberapa menit|"
              "hari itu juga|keesokan harinya|membantu sekali|akhirnya|sudah normal|udah normal|"
              "normal lagi|lancar lagi",
        "vi": "đã sửa$|đã khắc phục$|khắc phục xong$|đã xử lý$|xử lý nhanh$|đã giải quyết$|"
              "giải quyết nhanh$|đổi mới$|đã hoàn tiền$|nhận lại tiền$|trong vài phút$|vài phút$|"
              "ngay trong ngày$|hôm sau$|hỗ trợ nhiệt tình$|đã giúp$|cuối cùng cũng$|"
              "ổn định lại$|bình thường lại$",
    },
    "family": {
        "en": "my mum|my mom|my dad|my nan|my grandma|my grandad|my sister|my brother|my wife|"
              "my husband|my kid|my son|my daughter|my cat|my dog|my boss|my flatmate",
        "de": "meine mutter|mein vater|meine oma|mein opa|meine schwester|mein bruder|meine frau|"
              "mein mann|mein sohn|meine tochter|meine katze|mein hund|mein chef",
        "fr": "ma mère|mon père|ma grand-mère|mon grand-père|ma sœur|mon frère|ma femme|mon mari|"
              "mon fils|ma fille|mon chat|mon chien|mon patron|ma blonde|mon chum",
        "es": "mi madre|mi mamá|mi padre|mi papá|mi abuela|mi abuelo|mi viejo|mi hermana|"
              "mi hermano|mi mujer|mi esposa|mi marido|mi hijo|mi hija|mi gato|mi perro|mi jefe",
        "pt": "minha mãe|meu pai|minha vó|minha avó|meu avô|minha irmã|meu irmão|minha esposa|"
              "meu marido|meu filho|minha filha|meu gato|meu cachorro|meu chefe",
        "ru": "моя мама|мама|мой папа|папа|бабушка|дедушка|сестра|брат|жена|муж|сын|дочь|кот|"
              "собака|начальник",
        "uk": "моя мама|мама|тато|бабуся|дідусь|сестра|брат|дружина|чоловік|син|донька|кіт|"
              "собака|начальник",
        "pl": "moja mama|mama|mój tata|tata|babcia|dziadek|siostra|brat|żona|mąż|syn|córka|kot|"
              "pies|szef",
        "tr": "annem|babam|anneannem|babaannem|dedem|ablam|kardeşim|eşim|karım|kocam|oğlum|kızım|"
              "kedim|köpeğim|patronum",
        "zh": "我妈|我爸|我奶奶|我外婆|我爷爷|我姐|我哥|我老婆|我老公|我儿子|我女儿|我家猫|"
              "我家狗|我老板",
        "ja": "母が|父が|母親|父親|祖母|祖父|姉|兄|妻|夫|息子|娘|うちの猫|うちの犬|上司",
        "ko": "엄마|아빠|할머니|할아버지|언니|누나|오빠|형|아내|남편|아들|딸|고양이|강아지|"
              "팀장님|부장님",
        "th": "แม่|พ่อ|ยาย|ย่า|ตา$|ปู่|พี่สาว|พี่ชาย|ภรรยา|สามี|ลูกชาย|ลูกสาว|แมว|หมา|หัวหน้า",
        "nl": "mijn moeder|mijn vader|mijn oma|mijn opa|mijn zus|mijn broer|mijn vrouw|mijn man$|"
              "mijn zoon|mijn dochter|mijn kat|mijn hond|mijn baas|mn moeder|m'n moeder",
        "it": "mia madre|mia mamma|mio padre|mio papà|mia nonna|mio nonno|mia sorella|"
              "mio fratello|mia moglie|mio marito|mio figlio|mia figlia|il mio gatto|il mio cane|"
              "il mio capo",
        "ar": "أمي|والدتي|والدي|أبوي|جدتي|جدي|أختي|أخي|زوجتي|زوجي|ابني|بنتي|ابنتي|قطتي|كلبي|مديري",
        "hi": "मेरी माँ|मेरी मां|माँ|मां|मम्मी|पापा|मेरे पापा|पिताजी|दादी|दादा|नानी|नाना|बहन|भाई|"
              "पत्नी|पति|बेटा|बेटी|मेरा बॉस|meri maa|mere papa|dadi$|nani$|behen|biwi|beti$",
        "id": "ibu saya|ibuku|mama saya|mamaku|bapak saya|ayah saya|ayahku|papaku|nenek|kakek|"
              "kakak saya|adik saya|istri saya|istriku|suami saya|suamiku|anak saya|anakku|"
              "kucing saya|kucingku|anjing saya|bos saya|atasan saya",
        "vi": "mẹ tôi$|mẹ mình$|bố tôi$|bố mình$|ông bà$|bà ngoại$|ông ngoại$|chị tôi$|anh tôi$|"
              "em gái$|em trai$|vợ tôi$|chồng tôi$|con tôi$|con trai$|con gái$|mèo nhà$|chó nhà$|"
              "sếp tôi$",
    },
    "opinion": {
        "en": "hot take|unpopular opinion|fun fact|overheard|daily reminder|every company|"
              "every app|all the|nowadays|these days|in general|just an observation|"
              "not a complaint|genuinely think|i think|imagine|apparently",
        "de": "unpopular opinion|fun fact|gerade gehört|jedes unternehmen|jede app|heutzutage|"
              "mittlerweile|im allgemeinen|ich finde|ich glaube|keine beschwerde|"
              "nur eine beobachtung|anscheinend|zufall",
        "fr": "avis impopulaire|fun fact|entendu|chaque entreprise|toutes les|de nos jours|"
              "aujourd'hui tout|en général|je trouve|je pense|pas une plainte|apparemment",
        "es": "opinión impopular|dato curioso|escuchado|cada empresa|todas las|hoy en día|"
              "en general|creo que|no es queja|al parecer|resulta que",
        "pt": "opinião impopular|curiosidade|ouvi|toda empresa|todo app|hoje em dia|em geral|"
              "acho que|não é reclamação|pelo visto|parece que",
        "ru": "непопулярное мнение|интересный факт|интересно|каждая компания|все банки|"
              "сейчас все|в целом|мне кажется|думаю|не жалоба|оказывается|забавно",
        "uk": "непопулярна думка|цікавий факт|цікаво|кожна компанія|всі банки|зараз усі|загалом|"
              "мені здається|думаю|не скарга|виявляється|кажуть",
        "pl": "niepopularna opinia|ciekawostka|ciekawe|każda firma|wszystkie banki|teraz każdy|"
              "ogólnie|moim zdaniem|myślę|to nie skarga|okazuje się|podobno",
        "tr": "popüler olmayan görüş|ilginç bilgi|ilginç|her şirket|bütün bankalar|artık her|"
              "genel olarak|bence|sanırım|şikayet değil|meğer|galiba|açıkçası|"
              "dürüst olmak gerekirse|bana göre|kanımca|aslında|sizce",
        "zh": "冷知识|说真的|每家公司|现在的|现在都|总的来说|我觉得|我认为|不是吐槽|原来|据说|"
              "有没有人跟我一样|只有我|讲真|感觉|是不是只有我|大家觉得|你们觉得|其实|说实话|话说",
        "ja": "豆知識|個人的に|どの会社も|最近の|今どき|一般的に|思う|と思って|文句じゃない|"
              "らしい|なんだって|正直|ぶっちゃけ|思うんだけど|気がする|気がします|感じ|だよね|"
              "よね|みんな",
        "ko": "tmi|소소한|모든 회사|요즘|요즘은|일반적으로|생각해보니|내 생각|불만은 아니|"
              "알고 보니|라던데|솔직히|근데|사실|진짜로|느낌|인 듯|같아요|생각보다",
        "th": "เกร็ดความรู้|รู้หรือไม่|ทุกบริษัท|สมัยนี้|ทุกวันนี้|โดยทั่วไป|คิดว่า|ส่วนตัว|"
              "ไม่ได้บ่น|ที่แท้|ได้ยินมาว่า|จริงๆ แล้ว|บอกตรงๆ|ว่าไปแล้ว|ตอนนี้ทุก|รู้สึกว่า|"
              "เหมือนว่า",
        "nl": "impopulaire mening|leuk weetje|tegenwoordig|vandaag de dag|in het algemeen|ik vind|"
              "ik denk|geen klacht|blijkbaar|schijnbaar|elk bedrijf|elke app",
        "it": "opinione impopolare|curiosità|ogni azienda|oggigiorno|al giorno d'oggi|in generale|"
              "secondo me|penso che|credo che|non è una lamentela|a quanto pare|pare che",
        "ar": "برأيي|في رأيي|رأيي الشخصي|أعتقد|أظن|أشعر أن|بصراحة|للأمانة|كل الشركات|كل البنوك|"
              "هذه الأيام|في الوقت الحاضر|عموما|يبدو أن|على ما يبدو|مجرد ملاحظة|ليست شكوى",
        "hi": "मेरे हिसाब से|मेरी राय|मुझे लगता है|लगता है|सच कहूं|ईमानदारी से|आजकल|हर कंपनी|"
              "सभी बैंक|आम तौर पर|mujhe lagta|lagta hai|mere hisaab se|sach kahu|aajkal|aaj kal|"
              "har company",
        "id": "menurut saya|menurutku|kayaknya|sepertinya|jujur aja|sejujurnya|zaman sekarang|"
              "jaman sekarang|sekarang ini|semua perusahaan|semua bank|secara umum|"
              "bukan komplain|bukan mengeluh|ternyata|katanya",
        "vi": "theo tôi$|theo mình$|mình nghĩ$|tôi nghĩ$|tôi thấy$|mình thấy$|nói thật$|"
              "thật lòng$|thời buổi này$|công ty nào cũng$|ngân hàng nào cũng$|nói chung$|"
              "không phải phàn nàn$|hóa ra$|nghe nói$",
    },
    "humour": {
        "en": "lol|lmao|haha|rofl|xd$|😂|🤣|😅",
        "de": "haha|lol|xd$|😂|🤣|😅",
        "fr": "mdr|ptdr|haha|lol|😂|🤣|😅",
        "es": "jaja|jeje|xd$|lol|😂|🤣|😅",
        "pt": "kkk|rsrs|haha|kkkk|😂|🤣|😅",
        "ru": "ахах|хаха|лол|ржу|)))|😂|🤣|😅",
        "uk": "ахах|хаха|лол|)))|😂|🤣|😅",
        "pl": "haha|xd$|lol|😂|🤣|😅",
        "tr": "haha|ahah|sjsj|skdjf|😂|🤣|😅|jsjsjs|asdfg|kdjs|ahahah|😆",
        "zh": "哈哈|笑死|233|😂|🤣|xswl|笑不活|哈哈哈|绷不住",
        "ja": "笑|ｗｗ|www|草|😂|🤣|笑笑|ワロタ|わろた|ウケる|草生え",
        "ko": "ㅋㅋ|ㅎㅎ|😂|🤣|ㅋㅋㅋ|ㅎㅎㅎ|웃기|개웃|ㅋ",
        "th": "555|ฮ่าๆ|😂|🤣|5555|ฮา|ขำ|ตลก",
        "nl": "haha|lol|xd$|hihi|😂|🤣|😅",
        "it": "ahah|ahaha|haha|lol|xd$|😂|🤣|😅",
        "ar": "هههه|ههه|😂|🤣|😅",
        "hi": "हाहा|हा हा|haha|😂|🤣|😅",
        "id": "wkwk|wkwkwk|haha|hehe|awokwok|ngakak|😂|🤣|😅",
        "vi": "haha$|hihi$|=))$|😂$|🤣$|😅$",
    },
    # Contrastive conjunctions: in a customer's post the clause after one usually carries the
    # verdict ("lovely staff but the sofa ripped after a week"). Not a sentiment of its own:
    # ``bot.enrich.clauses`` finds where that clause starts, and the features weigh the two
    # clauses apart. A word that is also a common word of another language is written with
    # the word that follows it (Italian "ma non": French "ma" is "my") or checked there
    # (Portuguese "mas": Spanish "más" folds to it).
    "contrast": {
        "en": "but$|however|though$|although|yet$|except$|apart from|that said|even so",
        "de": "aber$|jedoch|allerdings|dennoch|nur leider|nur dass",
        "fr": "mais$|pourtant|cependant|toutefois|par contre|en revanche|sauf que|néanmoins",
        "es": "pero$|sin embargo|no obstante|salvo que|excepto que|solo que|sólo que",
        "pt": "mas$|porém|contudo|entretanto|no entanto|só que",
        "ru": "но$|однако|зато$|только вот",
        "uk": "але$|проте|однак|зате$|тільки от",
        "pl": "ale$|jednak|lecz$|tylko że|natomiast",
        "tr": "ama$|fakat|ancak|lakin",
        "zh": "但|可是|不过|却|然而",
        "ja": "しかし|でも|けど|けれど|ですが|ますが|ましたが|でしたが|ところが|ただ、",
        "ko": "하지만|그런데|근데|그러나|지만|데$",
        "th": "แต่|อย่างไรก็ตาม",
        "nl": "maar$|echter|alleen jammer",
        "it": "però|tuttavia|peccato che|eppure|solo che|ma non|ma il$|ma lo$|ma la$|ma le$|"
              "ma gli|ma mi$|ma ci$|ma si$|ma ti$|ma è$|ma poi|ma nessuno|ma niente|ma dopo|"
              "ma ora|ma adesso|ma ancora|ma purtroppo|ma sono|ma ho$|ma hanno|ma quando|"
              "ma un$|ma una$|ma solo|ma dal|ma nel|ma alla|ma da$",
        "ar": "لكن|ولكن|لاكن|بس$",
        "hi": "लेकिन|मगर|किंतु|किन्तु|परंतु|परन्तु|है पर$|था पर$|थी पर$|थे पर$|हैं पर$|lekin|"
              "magar$",
        "id": "tapi$|tetapi|namun",
        "vi": "nhưng$|tuy nhiên$",
    },
    "negation": {
        "en": "not$|no$|zero$|never|don't|dont$|didn't|didnt|doesn't|isn't|wasn't|nothing|"
              "nobody|none$|without|wouldn't|wouldnt$|haven't|havent$|couldn't|couldnt$|"
              "aren't|weren't|shouldn't",
        "de": "nicht|kein|keine|nie$|niemand|nichts|ohne",
        "fr": "pas$|jamais|rien|personne|aucun|sans$|ne |n'",
        "es": "no$|nunca|nada|nadie|ningún|ninguna|sin$",
        "pt": "não|nao$|nunca|nada|ninguém|nenhum|sem$",
        "ru": "не$|нет$|никогда|ничего|никто|ни$|без$",
        "uk": "не$|немає|нема$|ніколи|нічого|ніхто|ні$|без$",
        "pl": "nie$|nigdy|nic$|nikt|żaden|bez$",
        "tr": "değil|yok$|hiç$|asla|hiçbir|olmadan",
        "zh": "不|没|没有|别|无|冇|唔|未",
        "ja": "ない|ません|なかった|なし",
        "ko": "안 |않|못 |없",
        "th": "ไม่|ไม่มี|ไม่ได้|ไม่เคย",
        "nl": "niet$|geen$|nooit|niks|niets|niemand|zonder",
        "it": "nessun|niente|nulla|senza|non ho|non è$|non sono",
        "ar": "لا$|لم$|لن$|ليس|ليست|ما$|مش$|مو$|مافي|ما في|بدون|بلا$|أبدا|لا يوجد|ولا$|محد|لا أحد",
        "hi": "नहीं|नही|ना$|कभी नहीं|कोई नहीं|बिना|nahi|nahin|kabhi nahi|bina$",
        "id": "tidak|bukan|belum|gak$|ga$|nggak|enggak|ngga$|tanpa|jangan|tidak pernah|"
              "gak pernah|nggak pernah",
        # not "đừng" (don't): folded without its tone it is "dùng" (use) and "đúng" (right, on
        # time), so "dùng tốt" (works well) and "giao đúng giờ" (delivered on time) held a
        # negation; its warnings are entries of ``negative``
        "vi": "không$|chẳng$|chưa$|không bao giờ$|chưa bao giờ$|không hề$",
    },
}
# fifteen more languages the corpus lacks, in a module of their own (see its docstring)
for _name, _by_language in WORLD.items():
    CONCEPTS[_name].update(_by_language)
# how goods fail, understated praise and the nouns of trouble, in every language above (see
# its docstring)
for _name, _by_language in MORE.items():
    _concept = CONCEPTS.setdefault(_name, {})
    for _lang, _entries in _by_language.items():
        _concept[_lang] = f"{_concept[_lang]}|{_entries}" if _lang in _concept else _entries
# Urdu and Telugu, which had no entries, in a module of their own (see its docstring); so
# Slovak, Croatian, Bosnian, Serbian and Bulgarian
for _name, _by_language in (*NEW_LANGUAGES.items(), *SLAVIC.items()):
    CONCEPTS[_name].update(_by_language)
# fifteen more with no entries (Yoruba to Welsh), and the words of leaving for a rival
# (``lexicon_far``, see its docstring); ten more with no entries (Slovenian to Punjabi), and
# the concepts lexicon_slavic's four lacked (``lexicon_ten``, see its docstring); informal and
# slang writing in the big languages (``lexicon_slang``, see its docstring)
# and what short replies in a thread say: will not start, the old one back (``lexicon_thread``,
# see its docstring; working again is a frame, ``_RESTORED``)
# and languages typed in Latin letters (Russian, greeklish, Arabizi, Bengali), billing shock
# (``lexicon_translit``, see its docstring)
# and questions that ask nothing, "is it so hard to ... even once?" (``lexicon_indirect``)
for _name, _by_language in (*FAR.items(), ("fault", LEAVING), *TEN.items(),
                            *TEN_MORE.items(), *SLANG.items(), ("fault", STUCK),
                            ("negative", OLD_BACK), ("contrast", THREAD_CONTRAST),
                            ("question", THREAD_ASKING), ("positive", THREAD_PRAISE),
                            ("fault", TRANSLIT_FAULT), ("negative", TRANSLIT_NEGATIVE),
                            ("positive", TRANSLIT_POSITIVE), ("thanks", TRANSLIT_THANKS),
                            ("again", TRANSLIT_AGAIN), ("sarcasm", TRANSLIT_SARCASM),
                            ("buy", TRANSLIT_BUY), ("why", RHETORICAL), ("sarcasm", CANT_WAIT),
                            ("negative", RHETORICAL), ("negative", NO_APOLOGY),
                            # spam's words in seven languages that had none
                            # (``lexicon_spam_far``)
                            ("spam_money", SPAM_MONEY), ("spam_action", SPAM_ACTION),
                            # negations the turning rule cannot reach: "不满意", "tak puas
                            # hati", "नराम्रो छैन" (``lexicon_negated``)
                            ("negative", NEGATED_PRAISE), ("positive", LITOTES),
                            # a battery that does not last (``lexicon_battery``)
                            ("fault", BATTERY_DIES)):
    for _lang, _entries in _by_language.items():
        _had = CONCEPTS[_name].get(_lang)
        CONCEPTS[_name][_lang] = f"{_had}|{_entries}" if _had else _entries
# how online services fail, search-engine spam, a customer leaving, and what was lost or
# blocked in the languages the corpus lacks, asking for a recommendation and giveaways in
# some of them, and a ticket's thread: how long one has waited, writing for the third time
# (see their docstrings; asking for news of one's case is ``_STATUS``, below), and a slow
# service, a call centre's queue, help that does not help, plain words of good and bad
# (``lexicon_plain``)
for _name, _more in (("fault", OUTAGE), ("spam_growth", SEO), ("fault", CANCEL),
                     ("fault", NEVER_AGAIN),
                     ("fault", LOST), ("buy", ASKING), ("spam_action", GIVEAWAY),
                     ("again", WAITING), ("fault", REPEATED), ("fault", SLOW), ("fault", HOLD),
                     ("fault", UNFIXED),
                     ("negative", UNHELPFUL), ("positive", GOOD), ("negative", BAD),
                     ("negative", NOT_GOOD), ("positive", NEVER_FAILS)):
    for _lang, _entries in _more.items():
        CONCEPTS[_name][_lang] = f"{CONCEPTS[_name][_lang]}|{_entries}"
# job cuts: bad news, not a job ad; a company's growth is news (``lexicon_cuts``, see its
# docstring)
CONCEPTS["setback"] = dict(LAYOFFS)
for _lang, _entries in GROWTH.items():
    _news = CONCEPTS["news"].get(_lang)
    CONCEPTS["news"][_lang] = f"{_news}|{_entries}" if _news else _entries
CONCEPT_NAMES = tuple(CONCEPTS)

# Words that begin like an entry's stem in some language but are other words, often in another
# language (the automaton reads every language's entries in every post): an entry that starts
# where one of these starts and ends inside it is not found there. Stems, matched at a word start.
LOOKALIKES = (
    # "super" (de fr pl tr) and "superb"
    "supermark|supermarch|supermerc|supervis|superfic|superintend|superuser|superonline|"
    # German "beste" (best): Bestellung (order), besteht (persists), Bestechung (bribe)
    "bestell|besteh|bestech|"
    # German "mies" (lousy): Polish miesiąc (month), mieszkanie (flat)
    "miesi|miesz|"
    # Polish "miły" (nice): Turkish milyon, milyar (million, billion)
    "milyon|milyar|"
    # French "bug": Turkish bugün (today)
    "bugün|"
    # Russian and Ukrainian "баг" (bug): багаж (luggage), багато (many)
    "багаж|багат|"
    # Turkish "sinir" (nerve, anger): sınırsız (unlimited)
    "sınırsız|"
    # Turkish "reklam" (advert): Polish reklamacja, German Reklamation (a complaint)
    "reklamac|reklamat|"
    # French "quel" (which): quelqu'un (someone)
    "quelqu|"
    # Turkish "neden" (why): nedeniyle, bu nedenle (because of, therefore)
    "nedeniyle|nedenle|"
    # Russian "спас" (saved): спасибо (thanks)
    "спасиб|"
    # Russian "кот" (cat): который (which), котёл (boiler), коттедж
    "котор|котр|котел|котёл|котл|котт|"
    # Polish "kot" (cat, of "my cat"): Turkish kötü (bad), folded "kotu"
    "kötü|"
    # Hindi and Marathi "मस्त" (great): मस्तिष्क (the brain)
    "मस्तिष्क|"
    # "qq" (a giveaway's QQ number, spam): French chat's "qqn", "qqch" (someone, something);
    # "demo" (asking to buy): Portuguese "demora", "demorou" (takes long, took long)
    "qqn|qqch|demor|"
    # Indonesian and Malay "patah" (broken: a fault) in its idioms: heartbroken, discouraged,
    # to give up, to turn back ("lagi patah hati", "jangan patah semangat", "patah balik")
    "patah hati|patah semangat|patah arang|patah balik|"
    # Tagalog "ang bagal" (so slow: a fault) of time dragging ("ang bagal ng oras")
    "ang bagal ng oras|ang bagal ng araw|ang bagal ng panahon"
)
# Phrases of one language whose last word is an entry of another, read there as the first
# language's word: an entry that starts inside one (not at its start) and ends with it is not
# found there. Swedish, Danish and Norwegian "sin" (his, her, their own) after a preposition or
# a common verb is no Spanish "sin" (without): "fick sin beställning snabbt" (got her order
# fast) was a negation, and turned "snabbt" (fast) into a complaint. English "show" after an
# article or a word that names one (a TV show) is no Brazilian "show" (great): "the whole show
# gone for me", a deaf viewer's complaint about missing captions, read as praise.
OTHER_PHRASES = (
    "the show|a show|this show|that show|tv show|whole show|new show|favourite show|"
    "favorite show|my show|your show|our show|same show|every show|one show|any show|"
    "med sin|på sin|i sin|till sin|til sin|för sin|fra sin|från sin|om sin|av sin|af sin|"
    "hos sin|efter sin|etter sin|mot sin|mod sin|åt sin|vid sin|ved sin|"
    "har sin|hade sin|havde sin|hadde sin|fick sin|fik sin|fikk sin|fått sin|fået sin|"
    "tog sin|tok sin|gav sin|gave sin|ga sin|gör sin|gjorde sin|gjør sin|"
    "gjort sin|glömde sin|glemte sin|tappade sin|mistede sin|mistet sin|förlorade sin|"
    "tabte sin|köpte sin|købte sin|kjøpte sin|sålde sin|solgte sin|älskar sin|elsker sin|"
    "ringde sin|ringede sin|ringte sin|skickade sin|sendte sin|väntar på sin|venter på sin|"
    # Croatian, Serbian and Slovenian "otvara", "odpira" (opens: news) after "ne": it does not
    # open, a complaint ("se ne otvara"; ``lexicon_ten.MORE``'s fault)
    "ne otvara|ne odpira|не отвара|"
    # Marathi "पण" and Gujarati "પણ" (but) after a pronoun or a day are "also" ("मी पण", me
    # too; "આજે પણ", today too)
    "मी पण|मला पण|आम्ही पण|आम्हाला पण|आपण पण|तू पण|तुला पण|तुम्ही पण|तुम्हाला पण|तो पण|"
    "ती पण|ते पण|हे पण|त्याला पण|तिला पण|त्यांना पण|आज पण|उद्या पण|काल पण|"
    "હું પણ|મને પણ|અમે પણ|અમને પણ|આપણે પણ|તું પણ|તને પણ|તમે પણ|તમને પણ|તે પણ|એ પણ|"
    "આ પણ|એને પણ|તેને પણ|તેમને પણ|આજે પણ|કાલે પણ|"
    # Indonesian "emas" (gold) and "rahmat" (grace; a name) are Uzbek "emas" (is not) and
    # "rahmat" (thanks)
    "harga emas|beli emas|jual emas|kalung emas|cincin emas|gelang emas|tabungan emas|"
    "investasi emas|logam emas|medali emas|perhiasan emas|semoga rahmat|atas rahmat|"
    "berkat rahmat|dengan rahmat|pak rahmat|mas rahmat|bu rahmat|bapak rahmat|kak rahmat|"
    # the ASEAN football cup of Indonesian and Malay news is no Brazilian "aff" (a sigh)
    "piala aff|kejohanan aff|final aff|semifinal aff|"
    # Italian "mila" (thousand) after a number folds to Polish "miła" (nice: "50 mila
    # clienti"), and Malay "anjir" is a fig tree, not the Indonesian curse ("pokok anjir")
    "0 mila|00 mila|000 mila|pokok anjir|buah anjir|pohon anjir|tanam anjir|daun anjir|"
    "kebun anjir|biji anjir|jus anjir"
)
# Common words of one language that fold to an entry of another's negative, fault or negation
# words ("fold" strips their accent): French "j'ai hâte" (I can't wait) is no English "hate",
# German "Stück" (piece) no "stuck", "löst" (solves) no "lost", Hungarian "fél" (half) no
# Swedish "fel", Czech and Slovak "stále" (still) no "stale",
# Vietnamese "nào" (which) and "nó" (it) no Portuguese "não" nor "no", Portuguese "né" (isn't
# it) and French "né" (born) no French "ne", Hungarian "után" (after) no Swedish "utan"
# (without) nor Turkish "utan" (be ashamed; features v59, a review of v58). Found by folding
# the words of the corpus and the blind sets' texts and of general knowledge; none of them is
# an entry. Folded text cannot tell them from the entry, so they are read in the post as
# written (``accented_twins``), and no entry that starts where one starts and ends inside it
# is found there. Swedish "låg" is not one: low, but also lay, and "sajten låg nere" (the
# site was down) is the fault "lag" counted.
ACCENTED_TWINS = frozenset(("hâte", "stück", "löst", "fél", "stále", "nào", "nó", "né",
                            "után"))
_WORD_RUN = re.compile(r"\w+")
_TWIN_WORD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(ACCENTED_TWINS)) + r")(?!\w)")


@cache
def _twin_forms() -> dict[str, frozenset[str]]:
    """Each folded form of ``ACCENTED_TWINS``: the twins written so (lower case, NFC)."""
    from bot.enrich.features import fold_text as fold  # the one text policy
    forms: dict[str, set[str]] = {}
    for twin in ACCENTED_TWINS:
        forms.setdefault(fold(twin), set()).add(unicodedata.normalize("NFC", twin))
    return {form: frozenset(twins) for form, twins in forms.items()}


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    from bot.enrich.features import fold_text as fold  # the one text policy
    return fold(word)


def accented_twins(text: str, folded: str) -> dict[int, int]:
    """Where each word of ``ACCENTED_TWINS`` written in ``text`` (the post as written) stands in
    ``folded`` (its folded form): {start: end inclusive}. The words that fold to a twin's form
    are paired in order; where the two texts hold a different number of them (a link or a
    handle replaced by ``prepare``), none of that form is: the entry is read as before."""
    if text.isascii():
        return {}  # no accent, no twin: most posts
    text = unicodedata.normalize("NFC", text).lower()
    if _TWIN_WORD.search(text) is None:
        return {}  # one scan: posts with accents mostly hold no twin
    forms = [(form, twins) for form, twins in _twin_forms().items() if form in folded]
    lengths = {len(form) for form, _ in forms}
    # the words of either text as long as a twin (a twin folds to as many letters)
    written = [word for word in _WORD_RUN.findall(text) if len(word) in lengths]
    in_folded = [(m.start(), m.group()) for m in _WORD_RUN.finditer(folded)
                 if m.end() - m.start() in lengths]
    places: dict[int, int] = {}
    for form, twins in forms:
        # the words of the post that fold to ``form``, in order: which of them are twins
        as_written = [word in twins for word in written if _fold_word(word) == form]
        found = [start for start, word in in_folded if word == form]
        if len(as_written) != len(found):
            continue
        for is_twin, start in zip(as_written, found, strict=True):
            if is_twin:
                places[start] = start + len(form) - 1
    return places


# Features v65: the romanised words of praise, thanks and complaint (``lexicon_translit``) are
# names too, of shops and people ("Oishii Sushi", "Arigato Ramen", "Mamnoon Hussain"), and the
# lexicon reads folded text, so an English complaint about such a shop read as praise. Such a
# word written Capitalised in a sentence of a Latin-script language's function words ("from",
# "the", "la", "pas") is read as a name: inside a clause ("ordered from Oishii Sushi on ..."),
# or opening one as the first of two or more Capitalised words the sentence goes on after
# ("Arigato Ramen via Kuvio forgot ...", "Mamnoon Hussain from support never replied"); not
# when that name is followed by the clause's end or "for": the thanks named whom they thank
# ("Arigatou Kuvio, the order came early", "Shukriya Kuvio for the refund"). Romanised posts,
# in lower case or capitalised at a sentence's start, keep their words.
_CAPITALISED = re.compile(r"(?<![\w'’@#])[A-Z][a-z]+(?![\w'’])")
_TOKEN = re.compile(r"\S+")
_THANKED_FOR = frozenset({"for"})
# a verb of being or a word of degree: the word after it is what a thing is, a verdict written
# Capitalised for stress ("the sushi was Oishii", "so Behtareen"), unless a Capitalised word
# follows to make a name of two ("the best place is Oishii Sushi"; features v68)
_PREDICATE = frozenset({
    "is", "was", "are", "were", "be", "been", "so", "very", "too", "totally", "really", "super",
    "just", "soo", "sooo", "quite", "absolutely", "simply", "ist", "war", "sehr", "est", "etait",
    "était", "très", "tres", "trop", "es", "era", "fue", "muy", "é", "foi", "muito", "è",
    "molto"})
NAMED_WITHIN = 2  # the function words a sentence needs to be of a Latin-script language


@cache
def _romanised() -> frozenset[str]:
    """The first word of each entry of praise, complaint and thanks of ``lexicon_translit``."""
    words = set()
    for by_language in (TRANSLIT_POSITIVE, TRANSLIT_NEGATIVE, TRANSLIT_THANKS):
        for text in by_language.values():
            for raw in text.split("|"):
                first = raw.rstrip("$ ").split()[:1]
                if first and first[0].isascii() and first[0].isalpha():
                    words.add(first[0].lower())
    return frozenset(words)


@cache
def _romanised_entries() -> frozenset[str]:
    """Those entries, folded as the automaton holds them."""
    from bot.enrich.features import fold_digits
    from bot.enrich.features import fold_text as fold  # the one text policy
    return frozenset(fold_digits(fold(raw.rstrip("$ ")))
                     for by_language in (TRANSLIT_POSITIVE, TRANSLIT_NEGATIVE, TRANSLIT_THANKS)
                     for text in by_language.values() for raw in text.split("|"))


def _as_name(text: str, word: re.Match[str]) -> bool:
    """Whether ``word`` (a Capitalised romanised word of ``text``) stands as a name."""
    before = text[:word.start()].split()
    last = before[-1] if before else ""
    after = _TOKEN.findall(text, word.end())
    romanised = _romanised()
    if last.lower() in _PREDICATE:
        # "the sushi was Oishii", "the food was Behtareen, ...": a verdict, unless the clause
        # goes on to a Capitalised word of no entry, a name of two ("is Oishii Sushi")
        if not after or text[word.end():word.end() + 1] in ".,;:!?…":
            return False
        bare = after[0].rstrip(".,;:!?…)\"”")
        return bare[:1].isupper() and bare[1:].islower() and bare.lower() not in romanised
    if last and last[-1].isalnum() and last[0] not in "@#":
        return True  # inside its clause: "ordered from Oishii Sushi"
    named = 0
    for token in after:
        bare = token.rstrip(".,;:!?…)\"”")
        if not (bare[:1].isupper() and bare[1:].islower()):
            return named > 0 and token.lower() not in _THANKED_FOR
        if bare.lower() not in romanised:
            named += 1
        if bare != token:  # the clause ends: "Arigatou Kuvio, ..." thanks Kuvio
            return False
    return False


def named_words(text: str, folded: str) -> dict[int, int]:
    """Where each romanised word of praise, complaint or thanks written as a name in ``text``
    (the post as written) stands in ``folded``: {start: end inclusive} (see above). Paired in
    order as ``accented_twins`` pairs its words; none when the counts differ."""
    if text.islower() or text.isupper():
        return {}
    romanised = _romanised()
    capitalised = [m for m in _CAPITALISED.finditer(text) if m.group().lower() in romanised]
    if not capitalised:
        return {}  # most posts
    from bot.enrich.language import FUNCTION_WORDS_ANY

    if sum(1 for w in _WORD_RUN.findall(text.lower()) if w in FUNCTION_WORDS_ANY) < NAMED_WITHIN:
        return {}
    names = {m.start() for m in capitalised if _as_name(text, m)}
    places: dict[int, int] = {}
    for form in {m.group().lower() for m in capitalised if m.start() in names}:
        # a handle ("@oishii") is no word of the folded text (``prepare``)
        written = [m.start() in names for m in re.finditer(rf"(?<![\w@]){form}(?!\w)", text,
                                                           re.IGNORECASE)]
        found = [m.start() for m in re.finditer(rf"(?<!\w){form}(?!\w)", folded)]
        if len(written) != len(found):
            continue
        for is_name, start in zip(written, found, strict=True):
            if is_name:
                places[start] = start + len(form) - 1
    return places


# and ``lexicon_thread``'s: a start put off or a fee waived is no device that will not start
# or charge ("won't start until 8", "won't charge you for", "I'm not starting another series")
LOOKALIKES = f"{LOOKALIKES}|{NOT_STUCK}"
# and French "j'ai hâte" typed without its circumflex (phones, features v60): "j'ai hate de
# tester", "trop hate" are eagerness, no English "hate" (``ACCENTED_TWINS`` reads the accent)
HATE_UNACCENTED = "j'ai hate|j ai hate|jai hate|trop hate|tellement hate|vraiment hate"
OTHER_PHRASES = f"{OTHER_PHRASES}|{NOT_STUCK_BEFORE}|{HATE_UNACCENTED}"
# French "dont" (of which, whose) before a pronoun, an article or a possessive is no English
# "dont" typed without its apostrophe: "l'appli dont je suis fan", "le colis dont la boîte était
# intacte" hold no negation; a whole word after it ("dont like", "dont leave" are English)
# (features v62)
_AFTER_DONT = ("je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la",
               "les", "l'", "un", "une", "des", "ce", "cet", "cette", "ces", "mon", "ma", "mes",
               "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur",
               "leurs", "tout", "tous", "toute", "toutes", "personne", "certains", "plusieurs",
               # a verb before its subject ("l'appli dont parlait Marie"), "dont acte", a count
               # ("12 avis, dont deux négatifs"): none is an English word (features v64)
               "parle", "parlait", "parlent", "parlaient", "rêve", "rêvent", "reve", "revent",
               "dispose", "disposent", "acte", "deux", "trois", "quatre", "cinq", "certaines")
DONT_FRENCH = "|".join(f"dont {w}" if w.endswith("'") else f"dont {w}$" for w in _AFTER_DONT)
LOOKALIKES = f"{LOOKALIKES}|{DONT_FRENCH}"


@cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton over every entry of every concept (folded), built on first use."""
    # the concepts, then the frames (``lexicon_frames``): found, but counted for no concept
    return _build((*enumerate(CONCEPTS[n] for n in CONCEPT_NAMES),
                   (_WISH, {**WISHES, **WISHES_TEN}), (_WISH, WISHES_MORE), (_REPLY, REPLIES),
                   (_LOOKALIKE, {"*": LOOKALIKES}),
                   (_OTHER_PHRASE, {"*": OTHER_PHRASES}), (_GROWTH, GROWTH),
                   (_JOB_CUT, LAYOFFS), (_STATUS, STATUS), (_RESTORED, RESTORED),
                   (_POLITE, POLITE), (_APOLOGY_WAVED, APOLOGY_WAVED),
                   (_TOO_MUCH, ASKING_TOO_MUCH), (_STAYING, STAYING), (_EAGER, EAGER),
                   (_UNFIXED, UNFIXED)))


@cache
def _cuts_automaton() -> ahocorasick.Automaton:
    """The verbs of cutting and the words of staff (``lexicon_cuts``) apart: a job cut is
    one of each near each other (``_job_cuts``)."""
    return _build(((_CUT, CUT), (_CUT_AFTER, CUT_AFTER), (_STAFF, STAFF),
                   (_LOOKALIKE, {"*": LOOKALIKES})))


@cache
def _voice_automaton() -> ahocorasick.Automaton:
    """The phrases of ``COMPANY_VOICE`` and ``SHARED_VOICE`` apart: most posts have none, and
    a scan for them alone costs about a microsecond, where ``_automaton``'s finds a post's
    every entry."""
    return _build(((_VOICE, COMPANY_VOICE), (_VOICE, STATUS_VOICE), (_SHARED, SHARED_VOICE),
                   (_SHARED, STATUS_SHARED), (_ANNOUNCE, ANNOUNCING)))


@cache
def _streak_automaton() -> ahocorasick.Automaton:
    """The words of a run (``lexicon_streak``) apart: read only in a post that thanks."""
    return _build(((_STREAK, STREAK), (_NOT_A_RUN, NOT_A_RUN)))


def runs(folded: str) -> list[tuple[int, int]]:
    """(start, end inclusive) of each word of a run of the same thing in a folded post ("in a
    row", "подряд", "z rzędu", "連続": ``lexicon_streak``), found as concept entries are, but
    inside a phrase of ``NOT_A_RUN`` ("gracias al hilo": thanks to the thread)."""
    places = _places(folded, _streak_automaton())
    other = [(start, end) for start, end, concept, _ in places if concept == _NOT_A_RUN]
    return [(start, end) for start, end, concept, _ in places if concept == _STREAK
            and not any(a <= start and end <= b for a, b in other)]


def _build(groups: Iterable[tuple[int, dict[str, str]]]) -> ahocorasick.Automaton:
    from bot.enrich.features import fold_digits
    from bot.enrich.features import fold_text as fold  # the one text policy

    auto = ahocorasick.Automaton()
    entries: dict[str, list[tuple[int, int, bool]]] = {}
    for concept_index, by_language in groups:
        for lang, text in by_language.items():
            for raw in text.split("|"):
                if "\\d" in raw:
                    continue
                whole = raw.endswith(("$", " "))
                # the same form as the text it is matched in: folded, digits as "0" but in
                # the numbers that are words ("555", "502")
                entry = fold_digits(fold(raw.rstrip("$ ").replace("\\", "")))
                if not entry:
                    continue
                # where it may start: a word start (_WORD), anywhere (_ANYWHERE: Chinese,
                # Japanese, Thai and Korean), or for their Latin-script entries ("erp", "otp",
                # "yyds") not after a Latin letter or digit (_LATIN): anywhere, "erp" was found
                # in "Zekerpolis"; a word start, "真的yyds" would be lost
                where = _WORD if lang not in UNSPACED else _LATIN if entry.isascii() \
                    else _ANYWHERE
                stem = entry[:-1] + entry[-1].translate(_FINAL_FORMS)
                for form in (entry,) if whole or stem == entry else (entry, stem):
                    for clitic in ("", *_CLITICS.get(lang, ())):
                        entries.setdefault(clitic + form, []).append(
                            (concept_index, where, whole))
    for entry, targets in entries.items():
        auto.add_word(entry, (len(entry), tuple(targets)))
    auto.make_automaton()
    return auto


# Negation turns the sentiment word right after it: "not bad", "niet slecht", "pas mauvais" are
# praise and "not impressed", "never recommend" complaints. In scripts written with spaces only
# (in Chinese, Japanese and Korean the negated forms are entries of their own: 不错, 不好), and
# only for a word at most one word after the negation in the same clause ("not that bad").
# A negated ``trouble`` word ("never had a problem", "nigdy nie miałem żadnego problemu", "zero
# hiccups") is praise too, when the words between are only those of having any ("had a",
# "żadnego", "ни разу"): "didn't fix the problem" is still a complaint. A phrase of praise is
# counted once: the negation and the negative word inside it ("no complaints", "文句なし",
# "kötü değil", "nicht schlecht") and the negation that turned a trouble word are not counted
# too, and a phrase that holds its negation is not turned by another ("hiç fena değil").
_POSITIVE, _NEGATIVE, _NEGATION, _TROUBLE = (CONCEPT_NAMES.index(n)
                                             for n in ("positive", "negative", "negation",
                                                       "trouble"))
_OPPOSITE = {_POSITIVE: _NEGATIVE, _NEGATIVE: _POSITIVE}
# frames whose words of feeling are not the author's (``lexicon_frames``), and the concepts
# not counted inside them: a wish in the conditional ("would be great if") and a company's reply
# ("sorry for the inconvenience", "thank you for contacting us")
_WISH, _REPLY = len(CONCEPT_NAMES), len(CONCEPT_NAMES) + 1
_LOOKALIKE = len(CONCEPT_NAMES) + 2  # ``LOOKALIKES``: found to hide what ends inside them
_VOICE = len(CONCEPT_NAMES) + 3  # ``COMPANY_VOICE``, for ``company_reply`` (its own automaton)
_SHARED = len(CONCEPT_NAMES) + 4  # ``SHARED_VOICE``: a customer writes them too
_STREAK = len(CONCEPT_NAMES) + 5  # ``lexicon_streak``, for ``runs`` (its own automaton)
_GONE = len(CONCEPT_NAMES) + 6  # ``lexicon_lost.GONE``, for ``_went_away`` (its own automaton)
_OTHER_PHRASE = len(CONCEPT_NAMES) + 8  # ``OTHER_PHRASES``: found to hide their last entry
_NOT_A_RUN = len(CONCEPT_NAMES) + 7  # ``lexicon_streak.NOT_A_RUN``, in ``runs``'s automaton
# ``lexicon_cuts``: a company's growth (a frame), a job cut (a frame as well as the
# ``setback`` concept), and the verbs of cutting and the words of staff that make a job cut
# near each other (their own automaton)
_GROWTH, _JOB_CUT = len(CONCEPT_NAMES) + 9, len(CONCEPT_NAMES) + 10
_CUT, _CUT_AFTER, _STAFF = (len(CONCEPT_NAMES) + n for n in (11, 12, 13))
# ``lexicon_tickets.STATUS``: asking for news of one's case ("any update on my ticket?"), a
# question when nothing in the post says the wait or the fault goes on (``_asking_for_news``)
_STATUS = len(CONCEPT_NAMES) + 14
# ``lexicon_status.ANNOUNCING``: a company announcing ("we're excited to announce"), its own
# post on its own (``company_reply``)
_ANNOUNCE = len(CONCEPT_NAMES) + 15
# ``lexicon_thread.RESTORED``: a thing working again ("läuft wieder", "funziona di nuovo", "вже
# працює"), whose word of ``again`` is no repeat; unless a negation follows ("läuft wieder
# nicht": it fails again, ``_restored``)
_RESTORED = len(CONCEPT_NAMES) + 16
# ``lexicon_indirect.POLITE``: the courtesy that closes a request ("thank you in advance",
# "I'd really appreciate it if"), whose thanks and praise are no praise of anything
_POLITE = len(CONCEPT_NAMES) + 17
# ``lexicon_indirect.APOLOGY_WAVED``: "no apology needed", whose "no apology" is no reproach
_APOLOGY_WAVED = len(CONCEPT_NAMES) + 18
# ``lexicon_indirect.AWAITED`` and ``NO_RUSH``, for ``awaited_wish`` (its own automaton)
# and ``WISHES_AWAITING``, the wishes that rule alone reads
_AWAITED, _NO_RUSH = len(CONCEPT_NAMES) + 19, len(CONCEPT_NAMES) + 20
_AWAIT_WISH = len(CONCEPT_NAMES) + 21
# ``lexicon_indirect.PEERS``: replies awaited from other customers, for ``awaited_wish``
_PEERS = len(CONCEPT_NAMES) + 26
# features v56: asking too much for a thing to stay as it is (``lexicon_indirect.
# ASKING_TOO_MUCH`` then ``STAYING`` in one sentence), a frame ``_ASKED_TO_STAY``
_TOO_MUCH, _STAYING, _ASKED_TO_STAY = (len(CONCEPT_NAMES) + n for n in (22, 23, 24))
# features v57: eagerness for what is coming (``lexicon_indirect.EAGER``) makes a request's
# courtesy (``_POLITE``) real thanks
_EAGER = len(CONCEPT_NAMES) + 25
_FAULT, _RESOLVED = CONCEPT_NAMES.index("fault"), CONCEPT_NAMES.index("resolved")
# features v79: a fix that has not come ("still hasn't fixed", ``lexicon_plain.UNFIXED``) is a
# fault, and a frame in which "fixed" is no word of a fix (no ``resolved``)
_UNFIXED = len(CONCEPT_NAMES) + 27
# ``lexicon_errand.ERRANDS``: a coffee or a lunch in passing, for ``passing_errand`` (its own
# automaton)
_ERRAND = len(CONCEPT_NAMES) + 28
# ``lexicon_arrival.ARRIVALS``: a company's move told as news, for ``company_move`` (its own
# automaton)
_ARRIVAL, _NOT_A_MOVE = len(CONCEPT_NAMES) + 29, len(CONCEPT_NAMES) + 30
_SETBACK, _NEWS, _HIRING = (CONCEPT_NAMES.index(n) for n in ("setback", "news", "hiring"))
_FRAMED = {_WISH: frozenset({_POSITIVE}),
           _REPLY: frozenset(CONCEPT_NAMES.index(n) for n in (
               "negative", "positive", "thanks", "trouble", "fault", "negation", "request")),
           # "revenue up 20%, profits doubled": no bill that doubled, no money spam
           _GROWTH: frozenset(CONCEPT_NAMES.index(n) for n in (
               "negative", "fault", "price", "spam_money", "spam_growth", "spam_action")),
           # "cut 1,200 jobs", "suppressions de postes": no job ad, no business's size
           _JOB_CUT: frozenset(CONCEPT_NAMES.index(n) for n in (
               "hiring", "business", "buy", "price")),
           # "läuft wieder", "вже працює": working again, no repeat
           _RESTORED: frozenset({CONCEPT_NAMES.index("again")}),
           _POLITE: frozenset({_POSITIVE, CONCEPT_NAMES.index("thanks")}),
           _APOLOGY_WAVED: frozenset({_NEGATIVE}),
           _UNFIXED: frozenset({_RESOLVED}),
           # "is it too much to ask for Kettlo to never change?": no reproach
           _ASKED_TO_STAY: frozenset(CONCEPT_NAMES.index(n) for n in (
               "negative", "why", "negation"))}
_SPAM = frozenset(CONCEPT_NAMES.index(n) for n in ("spam_money", "spam_growth", "spam_action"))
_CLAUSE_END = frozenset(".,;:!?()")


def concept_counts(folded: str) -> list[int]:
    """How often each concept's entries occur in a folded text (see the module docstring), a
    negated positive or negative word counted as its opposite."""
    return concept_tally(concept_hits(folded))


def concept_tally(hits: Iterable[tuple[int, int, int]]) -> list[int]:
    """How many of ``hits`` (``concept_hits``) each concept has."""
    counts = [0] * len(CONCEPT_NAMES)
    for counted, _, _ in hits:
        counts[counted] += 1
    return counts


def concept_hits(folded: str, twins: dict[int, int] | None = None,
                 text: str | None = None) -> list[tuple[int, int, int]]:
    """Each entry found in ``folded`` where it may stand (a word start in scripts with spaces,
    a whole word for entries ending in ``$``), once per concept and place: (the concept it
    counts for, start, end inclusive), a negated sentiment or trouble word as praise or its
    opposite, in order of where they end. ``twins``: ``accented_twins`` of the post, whose
    words hold no entry; ``text``: the post as written, whose romanised words written as names
    (``named_words``) hold no entry of theirs."""
    seen: set[tuple[int, int]] = set()
    found: list[tuple[int, int, int]] = []
    negated_from = negated_until = -1  # where the last negation words ("nigdy nie") start, end
    between = False  # another concept found since them
    # spans of the phrases of praise and of the negations that turned a trouble word
    praise: list[tuple[int, int]] = []
    blame: list[tuple[int, int]] = []  # spans of the phrases of complaint that hold a negation
    turned: set[int] = set()  # indices in ``found`` of negative words turned into praise
    frames: list[tuple[int, int, int]] = []  # (frame, start, end) of ``lexicon_frames``
    status: list[tuple[int, int]] = []  # phrases of asking for news (``_STATUS``)
    asked: list[tuple[int, int, int]] = []  # ``_TOO_MUCH`` and ``_STAYING`` phrases
    eager = False  # a phrase of ``_EAGER``: thanks in advance are thanks
    names: dict[int, int] | None = None  # ``named_words``, once a romanised entry is found
    for start, end, concept, where in _places(folded, _automaton()):
        if twins and twins.get(start, -1) >= end:
            continue  # "j'ai hâte" holds no "hate" (``ACCENTED_TWINS``)
        if text is not None and folded[start:end + 1] in _romanised_entries():
            if names is None:  # the post's capitals are read for the few posts with such words
                names = named_words(text, folded)
            if start in names:
                continue  # "Oishii Sushi" is a shop (``named_words``)
        if concept in _FRAMED:  # every frame, the longest too ("lamentamos las molestias")
            frames.append((concept, start, end))
            continue
        if concept in (_TOO_MUCH, _STAYING):
            asked.append((concept, start, end))
            continue
        if concept == _EAGER:
            eager = True
            continue
        if concept == _STATUS:
            status.append((start, end))
            continue
        if (concept, start) in seen:
            continue
        spaced = where == _WORD
        seen.add((concept, start))
        counted = concept
        if concept == _NEGATION and spaced:
            if not (0 <= negated_until < start and _near(folded, negated_until + 1, start)):
                negated_from = start
            negated_until, between = end, False
        elif (concept in _OPPOSITE and spaced and 0 <= negated_until < start
              and _near(folded, negated_until + 1, start) and folded[start].isalnum()):
            # an emoji after a negation is the author's feeling, not a negated word: "e
            # biglietto niente 😡" (and no ticket 😡) is no praise
            if not (_holds_negation(folded[start:end + 1])
                    or folded[start:end + 1] in _negated_praise()):
                counted = _OPPOSITE[concept]
                if concept == _NEGATIVE:
                    turned.add(len(found))
            elif concept == _POSITIVE:
                # "hiç fena değil", "not bad at all": the negation before a negated
                # phrase of praise stresses it
                praise.append((negated_from, negated_until))
        elif (concept == _TROUBLE and spaced and 0 <= negated_until < start
              and not between and _having(folded[negated_until + 1:start])):
            counted = _POSITIVE
            praise.append((negated_from, negated_until))
        if concept == counted == _POSITIVE:
            praise.append((start, end))
        elif concept == counted == _NEGATIVE and (
                _holds_negation(folded[start:end + 1])
                or folded[start:end + 1] in _negated_praise()):
            # Malay "tak puas hati", Turkish "memnun kalmadım" hold their negation too, though
            # no entry of it (``lexicon_negated``)
            blame.append((start, end))
        if concept != _NEGATION and start > negated_until:
            between = True
        found.append((counted, start, end))
    for start, end in _job_cuts(folded, found):
        frames.append((_JOB_CUT, start, end))
        found.append((_SETBACK, start, end))
        found.sort(key=lambda hit: hit[2])
    if any(frame == _RESTORED for frame, _, _ in frames):
        frames = _restored(folded, frames, found)
    if asked:
        frames.extend(_asked_to_stay(folded, asked))
    # "thanks in advance for the offline mode coming next week... so excited", but not "so
    # excited for the new plan, thanks in advance for sorting out my double charge"
    if eager and not any(hit[0] in (_FAULT, _NEGATIVE) for hit in found):
        frames = [frame for frame in frames if frame[0] != _POLITE]
    if frames:  # "would be great if ...": the word of praise is the wish's, not praise
        # but a word of hiring inside a job cut, which counts as news ("cut 1,200 jobs")
        news = {start for concept, start, _ in found if concept == _NEWS}
        kept: list[tuple[int, int, int]] = []
        for hit in found:
            as_counted = _recounted(hit, news, frames)
            if as_counted != hit or not any(hit[0] in _FRAMED[frame] and a <= hit[1]
                                            and hit[2] <= b for frame, a, b in frames):
                kept.append(as_counted)
        found = kept
    if any(hit[0] == _FAULT for hit in found):
        found = _went_away(folded, found)
    if status:
        found = _asking_for_news(found, status, seen)
    if praise:
        # "never let me down until this week" is a failure that came at last: no phrase of
        # ``NEVER_FAILS`` then, its words counted as they were before it (a complaint)
        ended = {(a, b) for a, b in praise
                 if folded[a:b + 1] in _never_fails() and _UNTIL.match(folded, b + 1)}
        praise = [span for span in praise if span not in ended]
        # "nicht schlecht" is one phrase of praise, not also a negation and a turned "schlecht"
        found = [hit for i, hit in enumerate(found)
                 if not (hit[0] == _POSITIVE and (hit[1], hit[2]) in ended)
                 and (not (hit[0] in (_NEGATION, _NEGATIVE) or i in turned)
                      or not any(a <= hit[1] and hit[2] <= b for a, b in praise))]
        # "nunca me falla" is one phrase of praise, not also a failure: a word of fault
        # inside a phrase of ``NEVER_FAILS`` is not counted
        denied = [(a, b) for a, b in praise if folded[a:b + 1] in _never_fails()]
        if denied:
            found = [hit for hit in found
                     if not (hit[0] == _FAULT
                             and any(a <= hit[1] and hit[2] <= b for a, b in denied))]
    if blame:
        # "pas terrible" is one phrase of complaint, not also a "terrible" its negation turned
        # into praise; "çok iyi değil" no praise for its "çok iyi" (features v73)
        found = [hit for hit in found
                 if not (hit[0] == _POSITIVE and any(a <= hit[2] and hit[1] <= b
                                                    for a, b in blame))]
    if any(hit[0] == _SARCASM for hit in found):
        found = _hedged(folded, found)  # "can't wait to try it" is eagerness (features v69)
    return found


# features v69: entries of ``sarcasm`` sincere in most posts (``lexicon_hedged``: "can't wait
# to", "спасибо за", "great job") are sarcasm only beside something wrong outside them: a word
# of fault, negative, again or setback (not what is owed: "спасибо за возврат денег"), a
# negation ("trois jours sans internet"; not one that turned a word into praise), another
# entry of sarcasm or "another" ("can't wait to spend another hour on hold"), in a post that
# names no fix. Otherwise they count for nothing, and the words of fault, negation, request or
# question inside them go too ("can't" of "can't wait to try it" is no fault). Not a word of
# trouble: thanks name the problem fixed ("ขอบคุณที่ช่วยแก้ปัญหา", "спасибо за решение проблемы")
_SARCASM = CONCEPT_NAMES.index("sarcasm")
_WRONG_BESIDE = frozenset(CONCEPT_NAMES.index(n) for n in (
    "fault", "negative", "again", "setback", "negation"))
_IDIOM_WORDS = frozenset(CONCEPT_NAMES.index(n) for n in (
    "fault", "negation", "request", "question", "negative", "contrast", "why"))


@cache
def _hedged_entries() -> frozenset[str]:
    """The folded forms of ``lexicon_hedged``'s entries, as ``concept_hits`` finds them."""
    from bot.enrich.features import fold_digits
    from bot.enrich.features import fold_text as fold  # the one text policy
    return frozenset(fold_digits(fold(raw.rstrip("$ ")))
                     for by_language in (CANT_WAIT, SINCERE) for text in by_language.values()
                     for raw in text.split("|"))


def _hedged(folded: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``found`` without the hedged entries of ``sarcasm`` that nothing wrong stands beside,
    nor the words of fault, negation, request or question inside them (see ``_SARCASM``)."""
    hedged = [(start, end) for concept, start, end in found
              if concept == _SARCASM and folded[start:end + 1] in _hedged_entries()]
    if not hedged:
        return found

    def inside(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in hedged)

    from bot.enrich.clauses import ANOTHER, OWED  # clauses reads this module's concepts
    if not any(concept == _RESOLVED for concept, _, _ in found) and (
            any((concept in _WRONG_BESIDE or concept == _SARCASM) and not inside(start, end)
                and not (concept == _FAULT and OWED.match(folded, start))
                for concept, start, end in found)
            or ANOTHER.search(folded) is not None):
        return found
    return [hit for hit in found
            if not (inside(hit[1], hit[2]) and hit[0] in (_SARCASM, *_IDIOM_WORDS))]


_NUMBER_MARK = re.compile(r"(?<=0)[.,](?=0)")
_QUESTION_WORD, _AGAIN = CONCEPT_NAMES.index("question"), CONCEPT_NAMES.index("again")


def _asking_for_news(found: list[tuple[int, int, int]], status: list[tuple[int, int]],
                     seen: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``found`` with each phrase of asking for news of one's case ("any update?", "des
    nouvelles de mon dossier ?": ``lexicon_tickets.STATUS``) as a word of ``question``,
    unless the post says the wait or the fault goes on (a word of ``again``: "still no
    refund, any update?", "any news? it's been a week"), where the follow-up is a complaint
    and the phrase counts for nothing. A word of ``fault`` alone does not: it is often what
    the case is about ("any news on my refund?", "कोई अपडेट on my complaint"). A phrase that
    starts where a word of ``question`` does ("gibt es" in "gibt es Neuigkeiten") is that
    word, counted once, and phrases that overlap ("any news", "any news on", "news on my")
    are one."""
    if any(hit[0] == _AGAIN for hit in found):
        return found
    asked: list[tuple[int, int, int]] = []
    for start, end in sorted(status):
        if asked and start <= asked[-1][2]:
            if end > asked[-1][2]:
                asked[-1] = (_QUESTION_WORD, asked[-1][1], end)
        elif (_QUESTION_WORD, start) not in seen:
            asked.append((_QUESTION_WORD, start, end))
    return sorted([*found, *asked], key=lambda hit: hit[2]) if asked else found


def _asked_to_stay(folded: str, asked: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The frames (``_ASKED_TO_STAY``) from each phrase of asking too much ("is it too much to
    ask") to a phrase of staying as it is ("to never change") after it in its sentence: the
    rhetorical question asks for nothing the company failed to do (features v56)."""
    out: list[tuple[int, int, int]] = []
    for kind, start, _ in asked:
        if kind != _TOO_MUCH:
            continue
        for other, a, b in asked:
            if other == _STAYING and a > start \
                    and not _WISH_SENTENCE_END.search(folded, start, a) \
                    and _closes_its_clause(folded, b):
                out.append((_ASKED_TO_STAY, start, b))
                break
    return out


_STAYING_CLAUSE_END = re.compile(r"[.!?,;:\n\u3002\uff01\uff1f\uff0c]")


def _closes_its_clause(folded: str, end: int) -> bool:
    """Whether a staying phrase ending at ``end`` closes its clause: the rest of its word and
    at most one word more ("to never change?", "immer so bleibt?", "stay like this forever?").
    One that names what should not change ("never change the price every month", "non cambi
    mai i prezzi senza avvisare") reproaches the change (a review of features v56)."""
    stop = _STAYING_CLAUSE_END.search(folded, end + 1)
    tail = folded[end + 1:stop.start() if stop else len(folded)]
    words = tail.split()
    if tail and not tail[0].isspace():
        words = words[1:]  # the rest of the phrase's word ("bleib" + "t")
    return len(words) <= 1


def _restored(folded: str, frames: list[tuple[int, int, int]],
              found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``frames`` without the phrases of working again (``_RESTORED``) that a negation follows
    ("läuft wieder nicht", "werkt weer niet": it fails again, and its "again" counts) or comes
    right before ("app not working again", "is it down or not back up": features v48)."""
    negations = [(start, end) for concept, start, end in found if concept == _NEGATION]
    return [(frame, a, b) for frame, a, b in frames
            if frame != _RESTORED or not any(
                (b + 1 < n <= b + 2 and not folded[b + 1:n].strip())
                or (a - 2 <= e < a - 1 and not folded[e + 1:a].strip()) for n, e in negations)]


def _in_one_clause(folded: str, start: int, end: int, words: int, *,
                   numbers: bool = False) -> bool:
    """Whether ``folded[start:end]``, between two words, is at most ``words`` words with no
    clause's end in it (``numbers``: a number's "," or "." ends none, "cut 1,200 jobs")."""
    gap = folded[start:end]
    if numbers:
        gap = _NUMBER_MARK.sub("", gap)
    return start <= end and len(gap.split()) <= words and not _CLAUSE_END.intersection(gap)


def _recounted(hit: tuple[int, int, int], news: set[int],
               frames: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """``hit`` as it counts: a word of hiring inside a job cut ("cut 1,200 jobs") as news,
    where no entry of ``news`` starts already (``news``: where they start; "job cuts" is
    one); any other as it is."""
    concept, start, end = hit
    if concept == _HIRING and start not in news and any(
            frame == _JOB_CUT and a <= start and end <= b for frame, a, b in frames):
        return _NEWS, start, end
    return hit


def _job_cuts(folded: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """(start, end inclusive) of each job cut told by a verb of cutting and a word of staff
    (``lexicon_cuts``): the word at most three words after a verb of ``CUT`` ("cut 1,200
    jobs", "сократит 800 сотрудников") or two before one of ``CUT_AFTER`` ("1,200 jobs to
    go", "will 1.500 Stellen streichen"), in one clause (a number's "," or "." ends none), and
    not where ``LAYOFFS`` names a job cut already ("job cuts")."""
    places = _places(folded, _cuts_automaton())
    staff = [(start, end) for start, end, concept, _ in places if concept == _STAFF]
    if not staff:
        return []
    named = [(start, end) for concept, start, end in found if concept == _SETBACK]

    def near(start: int, end: int, words: int) -> bool:
        return _in_one_clause(folded, start, end, words, numbers=True)

    cuts: list[tuple[int, int]] = []
    for v_start, v_end, concept, _ in places:
        for s_start, s_end in staff:
            if (concept == _CUT and near(v_end + 1, s_start, 3)) \
                    or (concept == _CUT_AFTER and near(s_end + 1, v_start, 2)):
                start, end = min(v_start, s_start), max(v_end, s_end)
                if not any(a <= end and start <= b for a, b in (*named, *cuts)):
                    cuts.append((start, end))
                break
    return cuts


@cache
def _gone_automaton() -> ahocorasick.Automaton:
    return _build(((_GONE, GONE),))


def _went_away(folded: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``found`` with each verb of disappearing (``lexicon_lost.GONE``, a fault) that stands
    beside a word of trouble or fault, at most two words apart in its clause, counted as
    ``resolved``: "הבעיה נעלמה" (the problem disappeared), "eltűnt a hiba"."""
    gone = {(start, end) for start, end, _, _ in _places(folded, _gone_automaton())}
    if not gone:
        return found
    trouble = [(start, end) for concept, start, end in found
               if concept in (_TROUBLE, _FAULT) and (start, end) not in gone]

    def close(start: int, end: int) -> bool:
        return _in_one_clause(folded, start, end, 2)

    return [(_RESOLVED if concept == _FAULT and (start, end) in gone and any(
                close(t_end + 1, start) or close(end + 1, t_start) for t_start, t_end in trouble)
             else concept, start, end) for concept, start, end in found]


Place = tuple[int, int, int, int]


# Kept for the last few posts, as ``_wish_places``: one post is read by several rules in turn
# (the model's cues, then the checks of its answer: ``concept_counts`` again, with the job
# cuts and the verbs of disappearing each time), which asked again for places already found.
@lru_cache(maxsize=64)
def _places(folded: str, auto: ahocorasick.Automaton) -> tuple[Place, ...]:
    """(start, end inclusive, concept, where) of each entry of ``auto`` found where it may
    stand (a word start in scripts with spaces, a whole word for entries ending in ``$``) and
    not ending inside a word of ``LOOKALIKES`` that begins where it does ("reklam" in
    "reklamacji"), in order of where they end: ``concept_hits`` and ``company_reply`` read
    posts alike."""
    n = len(folded)
    # one pass: each match's neighbours, and where a lookalike word starts (and where it
    # ends), where each phrase of ``OTHER_PHRASES`` (at word boundaries) ends (its earliest
    # start); every match is read before any is kept, as either hides ones found before it
    other_word: dict[int, int] = {}
    phrase_start: dict[int, int] = {}
    matches: list[tuple[int, int, str, bool, bool, tuple[tuple[int, int, bool], ...]]] = []
    for end, (length, targets) in auto.iter(folded):
        start = end - length + 1
        before = folded[start - 1] if start else " "
        before_ok = not before.isalnum()
        after_ok = end + 1 >= n or not folded[end + 1].isalnum()
        for concept, _, whole in targets:
            if concept == _LOOKALIKE:
                if before_ok and (not whole or after_ok):
                    other_word[start] = end
            elif concept == _OTHER_PHRASE and before_ok and after_ok:
                phrase_start[end] = min(phrase_start.get(end, end), start)
        matches.append((start, end, before, before_ok, after_ok, targets))
    places: list[Place] = []
    for start, end, before, before_ok, after_ok, targets in matches:
        if other_word.get(start, -1) > end or phrase_start.get(end, start) < start:
            continue
        for concept, where, whole in targets:
            if (where == _WORD and not before_ok) or (whole and not after_ok) \
                    or (where == _LATIN and before.isascii() and not before_ok):
                continue
            if concept not in (_LOOKALIKE, _OTHER_PHRASE):
                places.append((start, end, concept, where))
    return tuple(places)


def company_reply(folded: str) -> bool:
    """Whether a folded post reads as a company's own reply to a customer: a phrase of
    ``COMPANY_VOICE`` or ``SHARED_VOICE`` ("DM us", "our team is looking into it",
    "передадим") with a formula of ``REPLIES`` ("sorry to hear", "lamentamos"), or two such
    phrases of which one is ``COMPANY_VOICE``'s (a customer writes "our team" and "in a DM"
    too: "our team can't log in, we're looking into alternatives" is hers), and no word of
    spam (fake support asking for a password or a card number is spam). What it says in
    quotation marks is not counted: a customer quoting the reply she got ("All they ever say
    is 'DM us'") is complaining. Its incident updates and announcements read the same way
    (``lexicon_status``: "Next update in 30 minutes" is only a company's, "[Investigating]"
    a customer's too; "we're excited to announce" is enough alone)."""
    quoted = [m.span() for m in _QUOTATION.finditer(folded)] if _QUOTE_MARKS & set(folded) \
        else []

    def said(start: int) -> bool:  # the author's own words, not a quotation of a reply
        return not any(a < start < b for a, b in quoted)

    voice: dict[int, int] = {}  # start -> end of each phrase of the company's voice
    own: set[int] = set()  # where phrases only a company writes start
    announced = False  # "we're excited to announce": one is enough (``lexicon_status``)
    for start, end, concept, _ in _places(folded, _voice_automaton()):
        if not said(start):
            continue
        voice[start] = max(end, voice.get(start, end))
        if concept in (_VOICE, _ANNOUNCE):
            own.add(start)
        announced = announced or concept == _ANNOUNCE
    if not voice:
        return False
    spam: list[int] = []  # where words of spam start
    reply = False
    for start, _, concept, _ in _places(folded, _automaton()):
        if concept == _REPLY:
            reply = reply or said(start)
        elif concept in _SPAM:
            spam.append(start)
    # a word of spam inside a phrase of the voice is the phrase's ("DM" in "send us a DM")
    if any(not any(a <= s <= b for a, b in voice.items()) for s in spam):
        return False
    if _SECRET.search(folded):  # "send us your PIN by DM": phishing
        return False
    phrases, reach = 0, -1  # overlapping phrases are one: "we'll pass" in "we'll pass it on"
    for a, b in sorted(voice.items()):
        phrases += a > reach
        reach = max(reach, b)
    # a phrase, and a formula or one only ours; or an announcement
    return reply or announced or (phrases >= 2 and bool(own))


@cache
def _restored_automaton() -> ahocorasick.Automaton:
    """The phrases of working again (``lexicon_thread.RESTORED``) alone, for ``status_chatter``."""
    return _build(((_RESTORED, RESTORED),))


@cache
def _news_automaton() -> ahocorasick.Automaton:
    """The phrases of asking for news of one's case (``lexicon_tickets.STATUS``) alone."""
    return _build(((_STATUS, STATUS),))


def asks_for_news(folded: str) -> bool:
    """Whether a folded post holds a phrase of asking for news of one's case ("any update",
    "alguma novidade", "kuna habari yoyote", "কোনো আপডেট": ``lexicon_tickets.STATUS``)."""
    if _HEADING.search(folded):
        return False  # "update on my garden: tomatoes finally red", "Weekly digest: any news"
    return any(True for _ in _places(folded, _news_automaton()))


# a colon that heads what follows (not a link's, a time's nor a ratio's): a title, a digest's
# label, a status told ("status of my refund: approved"), no short reply asking (features v48)
_HEADING = re.compile(r":(?!//|\d)")


_CHATTER_CHARS = 60  # a status report in a thread is short: "works now.", "läuft wieder"
_ERRAND_WORDS = 20  # a passing mention is short: longer, it tells more than an errand
_ERRAND_CLAUSE = re.compile(r"[^,.;:!。、，！…]+")
_ERRAND_ASIDE_WORDS = 4  # "on my way to work, stopping at Kobble": three words are an aside
# a word with a digit (folded to "0") that is no time of day ("0am", "0:00", "0h"): a count of
# minutes, an order's number, a price
_NUMBER_NOT_CLOCK = re.compile(
    r"^(?!(?:0{1,2}(?:[:.h]0{2})?(?:am|pm|h|uhr)|0{1,2}[:.h]0{2})[,.]?$).*0")
_CHATTER_WORDS = 8
# words after the phrase: "works now for me too", "voltou ao normal aqui também"; more say how
# it runs ("läuft wieder extrem langsam seit heute morgen": features v48, a reviewer's probe)
_CHATTER_AFTER = 3


@cache
def _wish_automaton() -> ahocorasick.Automaton:
    """The wishes in the conditional (``lexicon_frames.WISHES``) apart, for ``plain_wish``
    and ``awaited_wish``, with the wishes only the latter reads (``WISHES_AWAITING``), the
    objects of waiting (``AWAITED``) and the courtesy of no hurry (``NO_RUSH``): most posts
    hold none, and a pass of a small automaton costs less than ``concept_hits``."""
    return _build(((_WISH, {**WISHES, **WISHES_TEN}), (_WISH, WISHES_MORE),
                   (_AWAIT_WISH, WISHES_AWAITING), (_AWAITED, AWAITED), (_NO_RUSH, NO_RUSH),
                   (_PEERS, PEERS)))


@lru_cache(maxsize=64)
def _wish_places(folded: str) -> tuple[Place, ...]:
    """``_places`` of ``_wish_automaton``: one pass for ``plain_wish`` and ``awaited_wish``,
    which ``model.rule_takes`` and ``model.TextModel.predict`` both ask of a post."""
    return tuple(_places(folded, _wish_automaton()))


# the concepts a plain wish may hold besides its wish: asking, a request's "please", a
# negation ("would be nice if it didn't ask twice"), an opinion, a family's plan
_WISH_MAY_HOLD = frozenset(CONCEPT_NAMES.index(n) for n in (
    "question", "request", "negation", "opinion", "family"))


@cache
def _impatient_automaton() -> ahocorasick.Automaton:
    """A wish's words of waiting (``lexicon_indirect.IMPATIENT``), for ``plain_wish``: read
    only in a post that holds a wish."""
    return _build(((_WISH, IMPATIENT),))


# a sentence of a post (``plain_wish``), and how long one outside the wish may be and still be
# an aside ("just a thought.", "nur so ein Gedanke.") rather than a story around it
# (the end of a sentence: a point, "!" or "?" before a space or the end, not after a letter
# alone, "e.g.", nor inside a number, "2.0"; a line's end; Chinese and Japanese points)
_WISH_SENTENCE_END = re.compile(r"(?<!\b\w)[.!?]+(?=\s|$)|\n|[\u3002\uff01\uff1f]")
_ASIDE_WORDS = 5
_ASIDE_CHARS = 12  # a sentence without spaces (Chinese, Japanese, Thai)


def _story_around(folded: str) -> bool:
    """Whether a post with a wish holds a sentence of its own besides the wish's, longer than
    an aside: "Ordered a sofa in August. They said six weeks. It is now December ... Would be
    nice to have a date." tells what went wrong, and the wish closes a complaint."""
    wishes = [start for start, _, kind, _ in _wish_places(folded) if kind == _WISH]
    begin = 0
    for stop in (*(m.start() for m in _WISH_SENTENCE_END.finditer(folded)), len(folded)):
        sentence, start_at, begin = folded[begin:stop], begin, stop + 1
        if any(start_at <= start < stop for start in wishes):
            continue
        words = sentence.split()
        if len(words) >= _ASIDE_WORDS or (len(words) == 1 and len(words[0]) >= _ASIDE_CHARS):
            return True
    return False


# the words of praise and thanks that say more than a wish for an answer ("loved the show!
# would love an update on the next tour"): such a post is left to the model
_AWAIT_ELSEWHERE = frozenset(CONCEPT_NAMES.index(n) for n in ("positive", "thanks"))
# A wish for an answer that asks its own question ("would love an answer to this question: does
# X support SSO?") waits for that answer, not one owed: a question, unless the post reproaches
# (a word of these concepts, "why is my refund still not here?", or of impatience)
_AWAIT_REPROACH = frozenset(CONCEPT_NAMES.index(n) for n in (
    "negative", "fault", "again", "why", "trouble", "setback", "sarcasm"))
_ASKS = re.compile(r"[?\uff1f\u00bf]")


def awaited_wish(folded: str) -> Literal["complaint", "question"] | None:
    """The intent of a folded post that wishes for the company's answer ("would love an
    answer", "would be nice to get a reply", "wäre schön, eine Antwort zu bekommen", "ce
    serait bien d'avoir un retour", "было бы неплохо получить ответ"): a wish and, in its
    sentence, an object of waiting (``lexicon_indirect.AWAITED``: an answer, a reply, a
    callback, news of one's case, a refund). The post waits for the company, so by the label
    definitions it is a ``complaint``, or a ``question`` with the courtesy of no hurry ("when
    you have time, no rush": ``NO_RUSH``) or when it asks its own question and reproaches
    nothing ("would love an answer to this question: does X support SSO?"); None for any
    other post, and for one with a word of praise or thanks outside its wishes, which says
    more and is left to the model. The
    plain-wish rule read such posts other/neutral and the model most of the rest as praise."""
    places = _wish_places(folded)
    wishes = [(start, end) for start, end, kind, _ in places if kind in (_WISH, _AWAIT_WISH)]
    awaited = [start for start, _, kind, _ in places if kind == _AWAITED]
    if not wishes or not awaited:
        return None
    stops = [m.start() for m in _WISH_SENTENCE_END.finditer(folded)]

    def sentence(at: int) -> int:
        return sum(stop < at for stop in stops)

    waiting = {sentence(start) for start, _ in wishes} & {sentence(at) for at in awaited}
    if not waiting or any(kind == _PEERS and sentence(start) in waiting
                          for start, _, kind, _ in places):
        return None  # no answer awaited, or the community's ("a reply from the community")
    hits = concept_hits(folded)
    if any(concept in _AWAIT_ELSEWHERE
           and not any(start <= at <= end for start, end in wishes)
           for concept, at, _ in hits):
        return None
    if any(kind == _NO_RUSH for _, _, kind, _ in places):
        return "question"
    if _ASKS.search(folded) and not any(concept in _AWAIT_REPROACH for concept, _, _ in hits) \
            and not _places(folded, _impatient_automaton()):
        return "question"  # its own question asked ("would love an answer: does X ...?")
    return "complaint"


def plain_wish(folded: str) -> bool:
    """Whether a folded post is a plain wish ("would be nice if Tunebay let us sort playlists
    by date added. Just a thought.", "ce serait bien si ...", "ar fi frumos dacă ..."): a wish
    in the conditional (``lexicon_frames.WISHES``) and no word of any concept outside the ones
    a wish may hold (``_WISH_MAY_HOLD``). The label definitions make such a wish
    ``other``/``neutral`` (``tests/data/README.md``); with a fault, a word of feeling, thanks,
    a repeat, a price or a "but" it says more, and the model reads it ("would be great if my
    refund came this year", "love it, would be nice if it had a dark mode"). The model, whose
    corpus holds almost no wishes, read the wish's grams ("nice", "bien", "frumos") as praise
    or a complaint. A wish that waits ("would be nice if someone answered my ticket from
    three weeks ago", "for once", "finally", "enfin", "наконец": ``lexicon_indirect.IMPATIENT``)
    is a reproach, left to the model too, and so is a story that ends in a wish (a sentence
    besides the wish's longer than an aside: ``_story_around``)."""
    if not any(kind == _WISH for _, _, kind, _ in _wish_places(folded)):
        return False
    if _places(folded, _impatient_automaton()) or _story_around(folded) \
            or awaited_wish(folded) is not None:
        return False
    return all(concept in _WISH_MAY_HOLD for concept, _, _ in concept_hits(folded))


def _concepts_inside(folded: str, spans: list[tuple[int, int]],
                     may_hold: frozenset[int] = frozenset()) -> bool:
    """Whether every concept's word in a folded post lies inside one of ``spans`` (a rule's
    phrases, start and end inclusive) or is of a concept in ``may_hold``: the post says
    nothing beyond them ("quick" inside "quick lunch"; "previste 80 assunzioni" beside a move)."""
    return all(concept in may_hold or any(a <= start and end <= b for a, b in spans)
               for concept, start, end in concept_hits(folded))


@cache
def _errand_automaton() -> ahocorasick.Automaton:
    """The phrases of a passing errand (``lexicon_errand.ERRANDS``) alone, for
    ``passing_errand``."""
    return _build(((_ERRAND, ERRANDS),))


def passing_errand(folded: str) -> bool:
    """Whether a folded post tells a coffee, a lunch or a shop's visit in passing ("grabbing
    coffee at Kobble before the 9am standup", "petit café chez Kobble avant le boulot ☕",
    "出張前にKobbleでコーヒー買った": ``lexicon_errand.ERRANDS``): a phrase of the errand or of
    the day around it, nothing asked, at most ``_ERRAND_WORDS`` words, no number but a time of
    day, no clause of four words or more without such a phrase, and no word of any concept
    outside those phrases ("quick" inside "quick lunch" says
    nothing of the brand; "best latte in town", "got my order wrong again" do, and the model
    reads them). A passing mention is ``other``/``neutral`` by the label definitions
    (``tests/data/README.md``). English posts pass ``model.ERRAND_VADER`` too."""
    if next(_errand_automaton().iter(folded), None) is None:
        return False  # most posts hold no such phrase: one pass of a small automaton
    words = folded.split()
    if len(words) > _ERRAND_WORDS or any(q in folded for q in "?？؟"):
        return False
    if any(_NUMBER_NOT_CLOCK.search(w) for w in words):
        return False  # "waited 20 minutes for a quick coffee", "order 4471": more than an errand
    errands = [(a, b) for a, b, _, _ in _places(folded, _errand_automaton())]
    if not errands:
        return False
    for clause in _ERRAND_CLAUSE.finditer(folded):
        # a clause of its own beside the errand says more ("..., the barista remembered my
        # name", "..., obsessed with their oat latte", "..., line out the door as usual")
        if len(clause.group().split()) >= _ERRAND_ASIDE_WORDS and not any(
                clause.start() <= a and b < clause.end() for a, b in errands):
            return False
    return _concepts_inside(folded, errands)


@cache
def _arrival_automaton() -> ahocorasick.Automaton:
    """The phrases of a company's move and the words that make it no plain news
    (``lexicon_arrival.ARRIVALS``, ``NOT_A_MOVE``) alone, for ``company_move``."""
    return _build(((_ARRIVAL, ARRIVALS), (_ARRIVAL, LAUNCHES), (_ARRIVAL, NETWORK),
                   (_ARRIVAL, PREMISES), (_NOT_A_MOVE, NOT_A_MOVE)))


_MOVE_WORDS = 40  # a headline and its line of summary
# the concepts a move told as news may hold beside its phrase: "previste 80 assunzioni", "20%
# cheaper rides in the first month", "200 employees in its new office"
_MOVE_MAY_HOLD = frozenset(CONCEPT_NAMES.index(n) for n in ("news", "hiring", "price",
                                                           "business"))
# an amount right after the phrase: a bill or a wait that reaches it, no place ("la factura
# llega a 300 €", "chega a R$ 50", "kommt nach 3 Wochen")
_AMOUNT_AFTER = re.compile(r"\s*[0$€£¥₹₽]")


def company_move(folded: str) -> bool:
    """Whether a folded post tells a company's move as news ("Ridaro wchodzi do Gdańska od
    przyszłego miesiąca", "Ridaro chega a Belo Horizonte na próxima semana", "Kobble Coffee
    opens its first store in Porto": ``lexicon_arrival.ARRIVALS``): such a phrase not followed
    by an amount, at most ``_MOVE_WORDS`` words, nothing asked or exclaimed, no emoji, no word
    of ``lexicon_arrival.NOT_A_MOVE`` ("finally", "about time": awaited; a fine, a data breach:
    bad news; "my", a parcel, a bus, a wait: the author's day) and no word of any concept
    outside the phrase but news, hiring, price and business ("pero sin coches", "super
    wiadomość" say how the author feels, and the model reads them). News told plainly is
    ``other``/``neutral`` by the label definitions (``tests/data/README.md``).
    English posts pass ``model.ERRAND_VADER`` too."""
    if not any(target[0] == _ARRIVAL for _, (_, targets) in _arrival_automaton().iter(folded)
               for target in targets):
        return False  # most posts hold no such phrase: one pass of a small automaton
    if len(folded.split()) > _MOVE_WORDS or any(q in folded for q in "?？؟!！¡"):
        return False
    if any(unicodedata.category(ch) == "So" for ch in folded):
        return False  # an emoji says how the author feels ("Ridaro chega a BH 🎉")
    places = _places(folded, _arrival_automaton())
    if any(concept == _NOT_A_MOVE for _, _, concept, _ in places):
        return False  # "finally", "about time"; a fine, a strike, a data breach beside it
    moves = [(a, b) for a, b, concept, _ in places
             if concept == _ARRIVAL and not _AMOUNT_AFTER.match(folded, b + 1)]
    if not moves:
        return False
    return _concepts_inside(folded, moves, may_hold=_MOVE_MAY_HOLD)


def told_plainly(folded: str) -> bool:
    """Whether a folded post is an errand told in passing (``passing_errand``) or a company's
    move told as news (``company_move``): both ``other``/``neutral`` by the label definitions,
    whatever the model read (``model.as_passing_errand``)."""
    return passing_errand(folded) or company_move(folded)


def status_chatter(folded: str) -> bool:
    """Whether a folded post only says a thing works again ("works now.", "läuft wieder",
    "voltou ao normal aqui também", "вже працює", "復旧したみたい": ``lexicon_thread.RESTORED``):
    a short reply in a thread, nothing asked, no word of any concept outside the phrase (a
    thanks, a fault, praise), no negation next to it ("läuft wieder nicht"), no emoji and at
    most three words after the phrase ("läuft wieder extrem langsam seit heute morgen" says how
    it runs: features v48, from a reviewer's probes). Status chatter is
    ``other`` by ``tests/data/README.md``'s rule for ``blind_mixed11.tsv``; with "thanks" it is
    praise, and no longer chatter here."""
    if len(folded) > _CHATTER_CHARS or next(_restored_automaton().iter(folded), None) is None:
        return False  # most posts hold no phrase of working again: one pass of a small automaton
    if len(folded.split()) > _CHATTER_WORDS or "?" in folded or "？" in folded or "؟" in folded:
        return False
    restored: list[tuple[int, int]] = []
    words: list[tuple[int, int, int]] = []
    for start, end, concept, _ in _places(folded, _automaton()):
        if concept == _RESTORED:
            restored.append((start, end))
        elif concept < len(CONCEPT_NAMES):
            words.append((concept, start, end))
    if not restored or any(unicodedata.category(ch) == "So" for ch in folded):
        return False  # an emoji says how it went for the author ("works now 🙌")
    kept = _restored(folded, [(_RESTORED, a, b) for a, b in restored], words)
    if not kept:
        return False
    last = max(b for _, _, b in kept)
    if len(folded[last + 1:].split()) > _CHATTER_AFTER:  # "läuft wieder extrem langsam seit"
        return False
    # only the words inside a phrase of working again ("wieder", "вже") may be found
    return all(any(a <= start and end <= b for _, a, b in kept) for _, start, end in words)


# a quotation: double, typographic and CJK quotation marks, and single quotes that are not
# apostrophes (a word character neither before the opening one nor after the closing one)
_QUOTATION = re.compile(r"\"[^\"]*\"|“[^“”]*[”“]|„[^“”„]*[“”]|«[^«»]*»|‹[^‹›]*›|「[^「」]*」|"
                        r"『[^『』]*』|(?<!\w)['‘][^'‘’]*['’](?!\w)")
_QUOTE_MARKS = frozenset("\"“„«‹「『'‘")


# what support never asks for in a public reply: fake support does (a PIN, a password, a card
# number, a one-time code), and then a post in the company's voice is phishing (folded forms)
_SECRET = re.compile(
    r"\b(?:pin|iban|cvv|cvc|otp|tan)\b|password|passwort|mot de passe|contrasena|senha|"
    r"haslo|пароль|sifre|card number|numero de carte|numero de tarjeta|numero do cartao|"
    r"kartennummer|numer karty|номер карты|kart numarasi|kata sandi|mat khau|losenord|"
    r"adgangskode|salasana|heslo|jelszo|κωδικ|סיסמ|كلمة المرور|पासवर्ड|パスワード|暗証番号|"
    r"カード番号|密码|验证码|卡号|비밀번호|카드번호|รหัสผ่าน")


# the words that may stand between a negation and a trouble word it turns, by language: having,
# any, a, one, ever (folded when first used)
_HAVING = (
    "a an any single one ever had have has got having been experienced faced encountered real "
    "major big serious slightest the so far yet ein eine einen einem irgendein irgendwelche je "
    "jemals gehabt hatte hatten haben habe eu de d le la un une moindre seul seule rencontre "
    "he ha hemos tenido tuve algun el solo mayor tive tivemos teve tenho um uma o qualquer "
    "avuto ho abbiamo uno alcun alcuno il lo een gehad heb hebben ooit enig enige "
    "miałem miałam mieliśmy miał miała był było były żadnego żadnych żadnej jakiegokolwiek "
    "jakichkolwiek razu было был была были разу никаких никакой у меня возникало було був "
    "була були жодних жодного жодної виникало bir ada pernah punya satu pun sekali "
    "أي واجهت واجهنا عندي كان صار حصل haft några någon något ett en"
)


# what after a phrase of ``NEVER_FAILS`` says the failure came at last ("never let me down...
# until this week", "never failed me before today"); English only: "hasta ahora", "bis
# heute" after one mean "so far" as often as "until now"
_UNTIL = re.compile(r"(?:\s|[,;:\-\u2013\u2014\u2026]|\.\.\.){0,6}(?:up )?"
                    r"(?:until|untill|till|til|before)\b")


@cache
def _never_fails() -> frozenset[str]:
    """The folded phrases of ``lexicon_plain.NEVER_FAILS`` (a failure denied is praise)."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    return frozenset(fold(entry).rstrip("$") for entries in NEVER_FAILS.values()
                     for entry in entries.split("|"))


@cache
def _having_words() -> frozenset[str]:
    from bot.enrich.features import fold_text as fold  # the one text policy

    return frozenset(fold(_HAVING).split())


def _having(gap: str) -> bool:
    """The words between a negation and a trouble word (at most three, in one clause) are
    only those of having one: "never had a problem", not "didn't fix the problem"."""
    words = gap.split()
    return (len(words) <= 3 and not _CLAUSE_END.intersection(gap)
            and all(w in _having_words() for w in words))


@cache
@cache
def _negated_praise() -> frozenset[str]:
    """The phrases of ``lexicon_negated.NEGATED_PRAISE``, folded: each holds its negation."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    return frozenset(fold(e.rstrip("$")) for text in NEGATED_PRAISE.values()
                     for e in text.split("|"))


def _holds_negation(phrase: str) -> bool:
    """A phrase of the lexicon that holds its own negation ("fena değil", "not too bad",
    "nada mal"; in Chinese, Japanese and Korean anywhere in it: "不推荐", "使えない", "안 좋"):
    a negation before it does not turn it again."""
    for end, (length, targets) in _automaton().iter(phrase):
        start = end - length + 1
        if any(c == _NEGATION and (where == _ANYWHERE or (
                where == _WORD and (start == 0 or not phrase[start - 1].isalnum())))
               for c, where, _ in targets):
            return True
    return False


def _near(text: str, start: int, end: int) -> bool:
    """At most one word between, in the same clause: "not bad", "not that bad"; the words of
    "at all" (``lexicon_at_all``) are not counted: "not at all bad", "δεν είναι καθόλου κακή"."""
    gap = text[start:end]
    if len(gap.split()) > 1:
        gap = _at_all().sub(" ", f" {gap} ")
    return len(gap.split()) <= 1 and not _CLAUSE_END.intersection(gap)


@cache
def _at_all() -> re.Pattern[str]:
    """The words of ``lexicon_at_all.AT_ALL``, folded, as whole words."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    entries = {fold(e) for text in AT_ALL.values() for e in text.split("|")}
    words = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


_NEAR_ENOUGH = 7  # words between someone and the verb of reading or answering
_SENTENCE_END = re.compile(r"[.!?？؟;\n]")


def nobody_answers(folded: str) -> bool:
    """Whether a folded post has a word of someone and a verb of reading or answering at most
    ``_NEAR_ENOUGH`` words apart in one sentence ("does anyone at @Bank read the DMs",
    "Czy ktoś w ogóle odbiera"): asked, it says nobody does (``lexicon_nobody``)."""
    someone, verb = _someone_answers()
    if not someone.search(folded):
        return False
    for sentence in _SENTENCE_END.split(folded):
        people = [m.start() for m in someone.finditer(sentence)]
        verbs = [m.start() for m in verb.finditer(sentence)] if people else []
        if any(len(sentence[min(a, b):max(a, b)].split()) <= _NEAR_ENOUGH
               for a in people for b in verbs):
            return True
    return False


@cache
def _someone_answers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``ANYONE`` and ``ANSWERS`` as patterns over folded text: whole words in scripts with
    spaces, substrings in Chinese, Japanese, Thai and Korean."""
    from bot.enrich.features import fold_text as fold  # the one text policy

    def pattern(by_language: dict[str, str]) -> re.Pattern[str]:
        spaced: set[str] = set()
        unspaced: set[str] = set()
        for lang, text in by_language.items():
            for entry in text.split("|"):
                (unspaced if lang in UNSPACED else spaced).add(fold(entry))

        def either(words: set[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        return re.compile(rf"(?<!\w)(?:{either(spaced)})(?!\w)|{either(unspaced)}")

    return pattern({**ANYONE, **ANYONE_FAR}), pattern({**ANSWERS, **ANSWERS_FAR})


_QUESTION = CONCEPT_NAMES.index("question")
# a verb before its subject opens a question ("is the clinic open on sundays", "does the bus
# run at night", "ist die Apotheke offen", "har ni öppet"), folded, each with what follows it:
# "is down again" and "will never order again" are not asked
_INVERTED = (
    *(f"{verb} {subject} "
      for verb in ("is", "are", "was", "do", "did", "can", "could", "will", "would", "should",
                   "has", "have")
      for subject in ("the", "there", "it", "this", "that", "my", "your", "our", "their", "you",
                      "they", "we", "i", "anyone", "anybody", "someone", "somebody", "he",
                      "she")),
    "does ", "ist das ", "ist die ", "ist der ", "hat die ", "hat der ", "hat das ", "gibt es ",
    "is de ", "is het ", "heeft de ", "zijn de ", "har ni ", "har nagon ", "ar det ",
    "finns det ",
)
# opening words of a question that are not a question anywhere else in a post ("hoe vraag ik",
# "hur ansöker man", "wondering if")
_ASKING = ("wondering if ", "wondering whether ", "any idea ", "any ideas ", "hoe ", "hur ",
           "weet iemand ")


def opens_inverted(folded: str) -> bool:
    """The post (handles and links before it skipped) opens with a verb before its subject, as
    a yes/no question does: a question whether or not it ends with its mark."""
    return folded.lstrip(" \ue000\ue001").startswith(_INVERTED)


def opens_with_question(folded: str) -> bool:
    """The post's first words are a question's ("how do I ...", "hoe kan ik ...", "est-ce
    que ..."), handles and links before them skipped: a question without its question mark."""
    head = folded.lstrip(" \ue000\ue001")
    if not head:
        return False
    if head.startswith(_ASKING):
        return True
    for end, (length, targets) in _automaton().iter(head[:40]):
        start = end - length + 1
        if start > 0:
            return False
        after_ok = end + 1 >= len(head) or not head[end + 1].isalnum()
        if any(c == _QUESTION and (after_ok or not whole) for c, _, whole in targets):
            return True
    return False
