"""ISO 639-1 language codes, what a rules file's ``match.language``, ``rules explain --lang``
and a chat ``subscribe ... lang=`` take: the detector and the networks report a post's language
this way, so ``english`` or ``eng`` would never match, and routing compares the language alone
(a post in ``pt-BR`` is ``pt``).
"""

from __future__ import annotations

# code -> English name (ISO 639-1, the 183 two-letter codes)
_TABLE = (
    "aa:afar ab:abkhazian ae:avestan af:afrikaans ak:akan am:amharic an:aragonese ar:arabic "
    "as:assamese av:avaric ay:aymara az:azerbaijani ba:bashkir be:belarusian bg:bulgarian "
    "bi:bislama bm:bambara bn:bengali bo:tibetan br:breton bs:bosnian ca:catalan ce:chechen "
    "ch:chamorro co:corsican cr:cree cs:czech cu:church_slavic cv:chuvash cy:welsh da:danish "
    "de:german dv:divehi dz:dzongkha ee:ewe el:greek en:english eo:esperanto es:spanish "
    "et:estonian eu:basque fa:persian ff:fulah fi:finnish fj:fijian fo:faroese fr:french "
    "fy:western_frisian ga:irish gd:gaelic gl:galician gn:guarani gu:gujarati gv:manx ha:hausa "
    "he:hebrew hi:hindi ho:hiri_motu hr:croatian ht:haitian hu:hungarian hy:armenian "
    "hz:herero ia:interlingua id:indonesian ie:interlingue ig:igbo ii:sichuan_yi ik:inupiaq "
    "io:ido is:icelandic it:italian iu:inuktitut ja:japanese jv:javanese ka:georgian "
    "kg:kongo ki:kikuyu kj:kuanyama kk:kazakh kl:kalaallisut km:khmer kn:kannada ko:korean "
    "kr:kanuri ks:kashmiri ku:kurdish kv:komi kw:cornish ky:kyrgyz la:latin "
    "lb:luxembourgish lg:ganda li:limburgish ln:lingala lo:lao lt:lithuanian lu:luba_katanga "
    "lv:latvian mg:malagasy mh:marshallese mi:maori mk:macedonian ml:malayalam mn:mongolian "
    "mr:marathi ms:malay mt:maltese my:burmese na:nauru nb:norwegian_bokmal "
    "nd:north_ndebele ne:nepali ng:ndonga nl:dutch nn:norwegian_nynorsk no:norwegian "
    "nr:south_ndebele nv:navajo ny:chichewa oc:occitan oj:ojibwa om:oromo or:oriya "
    "os:ossetian pa:punjabi pi:pali pl:polish ps:pashto pt:portuguese qu:quechua "
    "rm:romansh rn:rundi ro:romanian ru:russian rw:kinyarwanda sa:sanskrit sc:sardinian "
    "sd:sindhi se:northern_sami sg:sango si:sinhala sk:slovak sl:slovenian sm:samoan "
    "sn:shona so:somali sq:albanian sr:serbian ss:swati st:southern_sotho su:sundanese "
    "sv:swedish sw:swahili ta:tamil te:telugu tg:tajik th:thai ti:tigrinya tk:turkmen "
    "tl:tagalog tn:tswana to:tonga tr:turkish ts:tsonga tt:tatar tw:twi ty:tahitian "
    "ug:uyghur uk:ukrainian ur:urdu uz:uzbek ve:venda vi:vietnamese vo:volapuk wa:walloon "
    "wo:wolof xh:xhosa yi:yiddish yo:yoruba za:zhuang zh:chinese zu:zulu"
)
NAMES: dict[str, str] = dict(pair.split(":", 1) for pair in _TABLE.split())
# a post of no language (too short to tell, none declared), as ISO 639-2 names it: a rules
# file's ``language: [en, und]`` takes such posts, a subscription's ``lang=`` lets them through
UNKNOWN = "und"
_CODES = {name.replace("_", " "): code for code, name in NAMES.items()}
# what a newcomer writes for a post of no language: ISO 639-2's other special codes (no
# linguistic content, multiple, uncoded) and the words, each answered with ``und``
_NO_LANGUAGE = frozenset({"undetermined", "unknown", "unk", "none", "no language", "zxx",
                          "mul", "mis", "null", "nil"})


def language_problem(value: str, *, und: bool = False) -> str | None:
    """Why ``value`` is not an ISO 639-1 code, with the code to use when it names a
    language; None when it is one. ``und``: where it selects posts (a rules file's
    ``language:``, a subscription's ``lang=``), whose ``und`` takes posts of no language: a word
    for none (``undetermined``, ``zxx``) is told to write ``und``, and any other mistake that
    ``und`` is taken too."""
    v = value.strip()
    if v.lower() in NAMES or v.lower() == UNKNOWN:  # routing compares lowercased codes
        return None
    low = v.lower().replace("_", " ").replace("-", " ")
    if und and low in _NO_LANGUAGE:
        return f"{v[:40]!r} is not a language code; use {UNKNOWN} for posts of no language"
    code = _CODES.get(low) or (low if low in NAMES else None) or (
        low.split()[0] if low.split() and low.split()[0] in NAMES else None)
    hint = f"; use {code}" if code else (
        " (two lowercase letters, e.g. en, de, pl"
        + (f"; or {UNKNOWN} for posts of no language)" if und else ")"))
    return f"{v[:40]!r} is not an ISO 639-1 language code{hint}"
