"""Generate bot/app/sample/mentions.jsonl: one realistic day (2026-11-20, UTC) of posts about the
fictional company Acme (AcmeCloud, Acme Mobile) on six networks, in English, Russian, Polish,
Korean, Thai and a few more languages. Deterministic: a seeded RNG, no network.

    python -m bot.app.sample.generate            # rewrites bot/app/sample/mentions.jsonl

What it contains (the tests check these): complaints, questions, praise, purchase leads, spam and
posts that say "acme" in another sense; customers who write several times in one thread; exact
duplicates (the same id twice); cross-posts (the same person, the same text, two networks); a
burst of outage posts between 14:00 and 14:20; a few hostile texts; and two deliberately
malformed lines.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("mentions.jsonl")
DAY = datetime(2026, 11, 20, tzinfo=UTC)

# (language, intent, text). Written the way customers write: short, informal, emoji, typos.
POSTS: list[tuple[str, str, str]] = [
    # --- English -------------------------------------------------------------------------
    ("en", "complaint", "@acme your app logged me out AGAIN and now 2FA codes never arrive 😤"),
    ("en", "complaint", "AcmeCloud charged me twice this month. Who do I talk to about a refund?"),
    ("en", "complaint", "Acme Mobile crashes every time I open a shared folder since the update"),
    ("en", "complaint", "sync on acmecloud has been stuck at 99% for two days. not great"),
    ("en", "complaint", "Data export in AcmeCloud fails with 'error 500' on anything over 2GB"),
    ("en", "complaint", "3 days waiting for @acme support to answer a ticket. 3 days."),
    ("en", "complaint", "the new acme mobile UI is slow as hell on my pixel, please fix"),
    ("en", "question", "Does AcmeCloud support SSO with Okta or only Google?"),
    ("en", "question", "how do I move my AcmeCloud files to a new account without re-uploading?"),
    ("en", "question", "Is there a way to get an audit log out of acmecloud for our compliance team?"),
    ("en", "question", "anyone know if Acme Mobile works offline on iPad?"),
    ("en", "praise", "Honestly AcmeCloud's new version history saved my thesis today. thank you 🙏"),
    ("en", "praise", "love the new dark mode in Acme Mobile, great work team"),
    ("en", "praise", "@acme support fixed my billing issue in 10 minutes. impressed."),
    ("en", "lead", "looking for an alternative to Dropbox for a team of 50, is AcmeCloud any good?"),
    ("en", "lead", "What's the pricing for AcmeCloud enterprise plan? need ~200 seats"),
    ("en", "lead", "anyone using acmecloud for a team of 30? thinking of switching from Box"),
    ("en", "spam", "🚀 FREE FOLLOWERS 🚀 click here to claim your crypto giveaway acme airdrop"),
    ("en", "spam", "Earn $500/day from home!!! dm for promo #acme #acmecloud"),
    ("en", "other", "Wile E. Coyote ordering another ACME rocket. some things never change"),
    ("en", "other", "this croissant is the acme of perfection"),
    ("en", "other", "ACME protocol cert renewal with certbot done for all our domains"),
    # --- Russian --------------------------------------------------------------------------
    ("ru", "complaint", "AcmeCloud опять не работает вход, пишет неверный пароль хотя он верный"),
    ("ru", "complaint", "Списали деньги дважды за подписку Acme, верните пожалуйста"),
    ("ru", "complaint", "Приложение Acme Mobile вылетает после обновления, ужас просто"),
    ("ru", "complaint", "Синхронизация в AcmeCloud тормозит третий день, работать невозможно"),
    ("ru", "complaint", "Поддержка Acme не отвечает уже неделю. Это нормально?"),
    ("ru", "question", "Как перенести файлы из AcmeCloud на другой аккаунт?"),
    ("ru", "question", "Подскажите, AcmeCloud поддерживает вход через SSO?"),
    ("ru", "praise", "Спасибо Acme, новое обновление отличное, всё летает 🔥"),
    ("ru", "praise", "Поддержка AcmeCloud решила проблему за 5 минут, круто"),
    ("ru", "lead", "Сколько стоит AcmeCloud для команды из 40 человек? ищу альтернативу Яндекс Диску"),
    ("ru", "spam", "Заработок от 5000 в день без вложений, подпишись на канал #acme"),
    # --- Polish ---------------------------------------------------------------------------
    ("pl", "complaint", "AcmeCloud znowu nie działa, nie mogę się zalogować od rana 😡"),
    ("pl", "complaint", "Pobrali mi dwa razy opłatę za Acme, proszę o zwrot"),
    ("pl", "complaint", "Aplikacja Acme Mobile wywala się po aktualizacji, dramat"),
    ("pl", "complaint", "Eksport danych z AcmeCloud kończy się błędem, beznadziejnie"),
    ("pl", "complaint", "Support Acme nie odpowiada od tygodnia, serio?"),
    ("pl", "question", "Czy AcmeCloud ma integrację z Microsoft 365?"),
    ("pl", "question", "Jak przenieść pliki między kontami w AcmeCloud?"),
    ("pl", "praise", "Dzięki Acme, nowa wersja aplikacji jest świetna 👌"),
    ("pl", "praise", "Kocham AcmeCloud za historię wersji, uratowało mi projekt"),
    ("pl", "lead", "Ile kosztuje AcmeCloud dla zespołu 25 osób? Szukam alternatywy dla Google Drive"),
    ("pl", "spam", "Darmowi obserwujący! kliknij tutaj #acme #promo"),
    # --- Korean ---------------------------------------------------------------------------
    ("ko", "complaint", "AcmeCloud 또 로그인이 안 돼요 ㅠㅠ 오늘만 세 번째"),
    ("ko", "complaint", "에이크미 모바일 업데이트 후에 앱이 계속 튕겨요"),
    ("ko", "complaint", "AcmeCloud 결제가 두 번 됐어요 환불 부탁드립니다"),
    ("ko", "complaint", "동기화가 너무 느려요. 파일 하나 올리는데 10분 걸림"),
    ("ko", "complaint", "고객센터 답이 없네요 일주일째 기다리는 중"),
    ("ko", "question", "AcmeCloud 다른 기기에서도 자동으로 동기화 되나요?"),
    ("ko", "question", "팀 계정에서 관리자 권한은 어떻게 바꾸나요?"),
    ("ko", "praise", "AcmeCloud 새 버전 최고예요 진짜 빨라졌어요 👍"),
    ("ko", "praise", "상담원분이 친절하게 해결해주셨어요 감사합니다"),
    ("ko", "lead", "AcmeCloud 팀용 요금제 가격이 어떻게 되나요? 50명 정도 도입 검토 중"),
    ("ko", "spam", "무료 팔로워 이벤트!! 링크 클릭 #acme"),
    # --- Thai -----------------------------------------------------------------------------
    ("th", "complaint", "AcmeCloud เข้าไม่ได้อีกแล้ว เป็นอะไรครับ"),
    ("th", "complaint", "แอป Acme Mobile ใช้ไม่ได้เลยหลังอัปเดต แย่มาก"),
    ("th", "complaint", "โดนหักเงินสองครั้ง ขอคืนเงินด้วยครับ AcmeCloud"),
    ("th", "complaint", "ซิงค์ไฟล์ช้ามาก รอเป็นชั่วโมง AcmeCloud"),
    ("th", "complaint", "ติดต่อซัพพอร์ต Acme ไม่ตอบเลยสามวันแล้ว"),
    ("th", "question", "AcmeCloud ใช้กับ iPad แบบออฟไลน์ได้ไหมครับ"),
    ("th", "question", "ย้ายไฟล์ไปบัญชีใหม่ยังไงครับ AcmeCloud"),
    ("th", "praise", "ขอบคุณทีม Acme มากครับ อัปเดตใหม่ดีมาก"),
    ("th", "praise", "ชอบ AcmeCloud มาก ใช้งานง่ายสุดยอด"),
    ("th", "lead", "AcmeCloud แพ็กเกจสำหรับทีม 30 คนราคาเท่าไหร่ครับ"),
    ("th", "spam", "แจกฟรี!! รายได้เสริม คลิกเลย #acme"),
    # --- a few more languages -------------------------------------------------------------
    ("de", "complaint", "AcmeCloud funktioniert seit heute morgen nicht, Login kaputt"),
    ("de", "praise", "Danke Acme, das neue Update ist super"),
    ("es", "complaint", "AcmeCloud no funciona desde la actualización, qué pasa?"),
    ("es", "lead", "Precio de AcmeCloud para un equipo de 20? buscamos alternativa a Dropbox"),
    ("ja", "complaint", "AcmeCloudにログインできない…エラーが出る"),
    ("ja", "praise", "AcmeCloudの新しいバージョン最高、ありがとう"),
    ("pt", "complaint", "AcmeCloud não funciona desde ontem, erro no login"),
    ("pt", "question", "AcmeCloud tem integração com Slack?"),
]

# The 14:00-14:20 login outage, in several languages.
BURST: list[tuple[str, str]] = [
    ("en", "is AcmeCloud down? can't log in"), ("en", "acmecloud outage again?? login broken"),
    ("en", "AcmeCloud is down for me too, 503 on login"), ("en", "login page just spins. acme down?"),
    ("en", "@acme your login is down, status page says all green lol"),
    ("en", "AcmeCloud went down mid-meeting. great."), ("en", "is it just me or is acmecloud down"),
    ("en", "AcmeCloud outage confirmed by half my team"),
    ("ru", "AcmeCloud упал? не могу войти"), ("ru", "У кого ещё не работает AcmeCloud? сбой?"),
    ("ru", "AcmeCloud не работает, вход висит"),
    ("pl", "AcmeCloud nie działa? awaria logowania"), ("pl", "Awaria AcmeCloud, nic nie działa"),
    ("pl", "u mnie też AcmeCloud nie działa"),
    ("ko", "AcmeCloud 접속이 안 돼요 장애인가요"), ("ko", "에크미클라우드 먹통이네요"),
    ("ko", "AcmeCloud 로그인 장애 있나요?"),
    ("th", "AcmeCloud ล่มหรือเปล่าครับ เข้าไม่ได้"), ("th", "AcmeCloud ล่มอีกแล้ว"),
    ("de", "AcmeCloud down? Login geht nicht"), ("es", "¿AcmeCloud caído? no puedo entrar"),
]

HOSTILE: list[str] = [
    "@everyone AcmeCloud is giving away free accounts!!! <!channel> <!here>",
    "support pls look [free money](http://evil.example) AcmeCloud refund scam?",
    "AcmeCloud invoice broken \u202egnp.exe\u202c see attachment",
    "AcmeCloud export ```rm -rf /``` <@&123456> <@U0123ABCD> ping everyone",
    "AcmeCloud review: " + ("The sync engine keeps failing on large folders. " * 100).strip(),
]

NETWORKS = ["mastodon", "bluesky", "reddit", "hackernews", "rss", "x"]
NET_LANGS = {"ko": ["x", "bluesky", "mastodon"], "th": ["x", "bluesky"], "ja": ["x", "mastodon"]}
FIRST = ["kasia", "olek", "marta", "dmitry", "anya", "sergei", "minji", "joon", "somchai",
         "nattaya", "jules", "priya", "tom", "lena", "diego", "yuki", "ana", "sam", "chris",
         "wojtek", "ivan", "hana", "ploy", "max", "nora", "raj", "eva", "leo", "mia", "ben"]


def author(rng: random.Random, network: str, name: str) -> dict[str, Any]:
    followers = rng.choice([12, 48, 95, 150, 320, 640, 1200, 1900])
    if rng.random() < 0.05:
        followers = rng.choice([54_000, 180_000, 2_100_000])
    handle = {"mastodon": f"{name}@{rng.choice(['mastodon.social', 'fosstodon.org', 'mstdn.jp'])}",
              "bluesky": f"{name}.bsky.social", "reddit": f"u_{name}",
              "hackernews": name, "rss": name, "x": name}[network]
    aid = hashlib.sha1(f"{network}:{name}".encode()).hexdigest()[:10]
    profile = (f"https://{handle.split('@')[1]}/@{name}" if network == "mastodon" else
               {"bluesky": f"https://bsky.app/profile/{handle}",
                "reddit": f"https://www.reddit.com/user/{handle}",
                "hackernews": f"https://news.ycombinator.com/user?id={name}",
                "rss": None, "x": f"https://x.com/{name}"}[network])
    return {"id": aid, "handle": handle, "display_name": name.capitalize(),
            "profile_url": profile, "followers": followers}


def native_id(rng: random.Random, network: str, did: str) -> tuple[str, str]:
    """(native id, url) shaped like the network's own."""
    if network == "mastodon":
        n = str(rng.randrange(113_400_000_000_000_000, 113_500_000_000_000_000))
        return n, f"https://mastodon.social/@someone/{n}"
    if network == "bluesky":
        rkey = "3l" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(11))
        return (f"at://did:plc:{did}/app.bsky.feed.post/{rkey}",
                f"https://bsky.app/profile/did:plc:{did}/post/{rkey}")
    if network == "reddit":
        kind = rng.choice(["t3", "t1"])
        n = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(7))
        return f"{kind}_{n}", f"https://www.reddit.com/r/acmecloud/comments/{n}/"
    if network == "hackernews":
        n = str(rng.randrange(42_100_000, 42_200_000))
        return n, f"https://news.ycombinator.com/item?id={n}"
    if network == "rss":
        n = hashlib.sha1(str(rng.random()).encode()).hexdigest()[:16]
        return n, f"https://apps.example.com/acme-mobile/reviews/{n}"
    n = str(rng.randrange(1_858_000_000_000_000_000, 1_859_000_000_000_000_000))
    return n, f"https://x.com/someone/status/{n}"


def make(rng: random.Random, *, network: str, lang: str, text: str, at: datetime,
         name: str, reply_to: str | None = None, thread: str | None = None) -> dict[str, Any]:
    a = author(rng, network, name)
    nid, url = native_id(rng, network, a["id"])
    declared = lang if network in ("mastodon", "bluesky", "x") else None
    words = text.split()
    return {
        "id": f"{network}:{nid}", "network": network, "source": "sample", "url": url,
        "author": a, "text": text, "language": declared, "created_at": at.isoformat(),
        "reply_to": reply_to, "thread_id": thread,
        "links": [w for w in words if w.startswith("http")],
        "hashtags": [w[1:] for w in words if w.startswith("#")],
        "handles": [w[1:] for w in words if w.startswith("@") and len(w) > 1],
        "metrics": {"likes": rng.randrange(0, 40), "reposts": rng.randrange(0, 8)},
        "raw": {},
    }


def generate(seed: int = 20261120) -> list[str]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []

    def when(lo_h: float = 0.0, hi_h: float = 24.0) -> datetime:
        return DAY + timedelta(seconds=rng.uniform(lo_h * 3600, hi_h * 3600 - 1))

    # every base post twice on different networks and times, by different people
    for round_ in range(2):
        for lang, _intent, text in POSTS:
            network = rng.choice(NET_LANGS.get(lang, NETWORKS))
            name = f"{rng.choice(FIRST)}{rng.randrange(1, 99) if round_ else ''}"
            rows.append(make(rng, network=network, lang=lang, text=text, at=when(), name=name))
    # the outage burst: 40 posts, 14:00-14:20
    for i in range(40):
        lang, text = BURST[i % len(BURST)]
        network = rng.choice(NET_LANGS.get(lang, ["x", "mastodon", "bluesky", "reddit"]))
        rows.append(make(rng, network=network, lang=lang, text=text if i < len(BURST)
                         else f"{text} ({i})", at=when(14.0, 14.0 + 20 / 60),
                         name=f"{rng.choice(FIRST)}{i}"))
    # customers writing several times in one thread (attach to their open ticket)
    for name, lang, texts, start in [
        ("kasia_k", "pl", ["AcmeCloud nie działa logowanie, pomocy", "Nadal nie mogę się zalogować...",
                           "Dalej nie działa, ile można czekać?"], 9.0),
        ("mark_r", "en", ["AcmeCloud charged me twice, need a refund", "still no refund, any update?"],
         10.5),
        ("minsu", "ko", ["AcmeCloud 로그인이 안 돼요", "아직도 안 돼요 언제 고쳐주나요"], 16.0),
    ]:
        first = make(rng, network="x", lang=lang, text=texts[0], at=when(start, start + 0.2),
                     name=name)
        rows.append(first)
        root = first["id"].split(":", 1)[1]
        for k, t in enumerate(texts[1:], 1):
            rows.append(make(rng, network="x", lang=lang, text=t, name=name,
                             at=DAY + timedelta(hours=start + 0.3 * k), reply_to=root,
                             thread=root))
    # hostile posts
    for i, text in enumerate(HOSTILE):
        rows.append(make(rng, network=rng.choice(["x", "reddit", "mastodon"]), lang="en",
                         text=text, at=when(), name=f"hostile{i}"))
    # cross-posts: the same person, the same text, two networks
    for name, text in [("jules", "AcmeCloud sync broke my shared folders after the update, "
                                 "anyone else seeing this?"),
                       ("priya", "Thinking about moving our 40 person team to AcmeCloud, "
                                 "what's the pricing like?"),
                       ("olek", "Dzięki Acme za szybką pomoc z fakturą, świetna obsługa klienta")]:
        at = when(8, 20)
        rows.append(make(rng, network="mastodon", lang="en", text=text, at=at, name=name))
        rows.append(make(rng, network="bluesky", lang="en", text=text,
                         at=at + timedelta(minutes=2), name=name))
    # exact duplicates: the same post delivered twice
    for k in rng.sample(range(len(rows)), 4):
        rows.append(dict(rows[k]))
    rows.sort(key=lambda r: r["created_at"])
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    middle = len(lines) // 2
    lines.insert(middle, '{"id": "x:1858999999999999999", "network": "x", "text": "trunc')
    lines.insert(middle + 40, json.dumps({"id": "x:1858999999999999998", "network": "x",
                                          "text": "no author here", "source": "sample",
                                          "created_at": "2026-11-20T13:00:00+00:00"}))
    header = ("# socialops demo data: one day of posts about Acme (generated by "
              "`python -m bot.app.sample.generate`; see bot/app/sample/README.md)")
    return [header, *lines]


def main() -> None:
    OUT.write_text("\n".join(generate()) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
