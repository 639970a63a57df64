"""The administration, team, sign-in and home pages in the person's language: an administrator whose profile
says Bahasa Indonesia, a focal point or an RSO analyst whose profile says Thai, see these pages, their form
messages and their flash messages in that language, with no English sentence of the page left."""

from __future__ import annotations

import html
import re
from functools import cache

from babel.messages.pofile import read_po

from assessment.services.catalogues import DIRECTORY
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import add_version, link_path, make_user, one_time_link, sign_in_as

#: a placeholder or a tag: what splits a message into the fragments a page shows as they are
SPLIT = re.compile(r"%\(\w+\)[sd]|<[^>]+>")


@cache
def fragments(language: str) -> tuple[tuple[str, str], ...]:
    """(English fragment of three words or more, its whole translation) for every message of the catalogue."""
    with (DIRECTORY / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        po = read_po(source, locale=language)
    found = []
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translation = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        for msgid in ids:
            for bit in SPLIT.split(msgid):
                bit = bit.strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]+", bit)) >= 3 and bit not in translation:
                    found.append((bit, translation))
    return tuple(found)


def text(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return html.unescape(response.get_data(as_text=True))


def english_left(english: str, translated: str, language: str) -> tuple[list[str], list[str]]:
    """The catalogue's English sentences that the English page shows, and those of them still in the
    translated page."""
    shown = sorted({bit for bit, _ in fragments(language) if bit in english})
    return shown, [bit for bit in shown if bit in translated]


def same_page_in(client, language: str, url: str) -> tuple[str, str]:
    """The page in English, then in ``language`` set on the person's profile."""
    client.post("/profile/language", data={"language": "en"})
    english = text(client.get(url))
    client.post("/profile/language", data={"language": language})
    return english, text(client.get(url))


ADMIN_PAGES = ["/admin/", "/admin/users", "/admin/users/new", "/admin/members", "/admin/members/new",
               "/admin/members/TO/edit", "/admin/cycles", "/admin/cycles/new", "/admin/cycles/2031",
               "/admin/questionnaires", "/admin/questionnaires/upload", "/admin/questionnaires/sample/1",
               "/admin/questionnaires/outdated", "/"]


def test_an_indonesian_administrator_sees_the_administration_pages_in_indonesian(client, db, sample_document):
    add_version(sample_document)
    admin = sign_in_as(client, "admin", email="admin@rso.example")
    make_user("fokus@fiji.example", "focal_point", "FJ")
    client.post("/profile/language", data={"language": "id"})
    opened = client.post("/admin/cycles/new", data={"code": "2031", "title": "Penilaian 2031",
                                                     "questionnaire": "sample:1"}, follow_redirects=True)
    assert re.search(r"Siklus 2031 dibuka dengan \d+ draf\.", text(opened))
    checked = 0
    for url in ADMIN_PAGES:
        english, indonesian = same_page_in(client, "id", url)
        shown, left = english_left(english, indonesian, "id")
        assert left == [], url
        checked += len(shown)
    assert checked > 60  # the pages do show the catalogue's sentences in English

    users = text(client.get("/admin/users"))
    assert "Buat pengguna" in users
    assert "Create a user" not in users
    assert "Terakhir masuk" in users
    members = text(client.get("/admin/members"))
    assert "Daftar anggota bawaan ditambahkan oleh <code>assessment db upgrade</code>" in members

    # a form's labels and validation messages
    refused = text(client.post("/admin/members/new", data={"code": "fj1", "name": "", "sub_region": "Pasifik"}))
    assert "Gunakan 2 sampai 6 huruf kapital atau angka, diawali huruf (mis. FJ)." in refused
    assert "Use 2 to 6 capital letters" not in refused
    assert "Nama: Kolom ini wajib diisi." in refused
    assert "This field is required." not in refused
    assert '<label for="sub_region">Subkawasan</label>' in refused
    # a refusal and a flash message
    focal = make_user("dua@fiji.example", "focal_point", "FJ")
    done = text(client.post(f"/admin/users/{focal.id}/deactivate", follow_redirects=True))
    assert "dua@fiji.example dinonaktifkan dan dikeluarkan dari semua sesi." in done
    again = text(client.post(f"/admin/users/{focal.id}/deactivate", follow_redirects=True))
    assert "Dua@fiji.example sudah dinonaktifkan." in again
    own = text(client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True))
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in own
    # the one-time link page
    created = client.post("/admin/users/new", data={"email": "baru@fiji.example", "name": "Baru",
                                                    "role": "contributor", "member": "FJ"})
    link_page = text(client.get(created.headers["Location"]))
    assert "Kirim tautan ini ke <strong>baru@fiji.example</strong> (Kontributor, Fiji)." in link_page
    assert one_time_link(link_page) is not None


def test_a_thai_focal_point_sees_the_team_pages_in_thai(client, db):
    sign_in_as(client, "focal_point", "FJ", email="focal@fiji.example")
    make_user("colleague@fiji.example", "contributor", "FJ")
    for url in ["/team/", "/team/invite"]:
        english, thai = same_page_in(client, "th", url)
        shown, left = english_left(english, thai, "th")
        assert shown, url
        assert left == [], url
    team = text(client.get("/team/"))
    assert "ทีม: Fiji" in team
    assert "Invite a contributor" not in team
    assert 'focal@fiji.example <span class="muted">(ท่าน)</span>' in team

    taken = text(client.post("/team/invite", data={"email": "colleague@fiji.example", "name": "Again"}))
    assert "มีบัญชีสำหรับ colleague@fiji.example ในทีมของท่านอยู่แล้ว" in taken
    invited = client.post("/team/invite", data={"email": "new@fiji.example", "name": "New Colleague"})
    page = text(client.get(invited.headers["Location"]))
    assert "ส่งลิงก์นี้ให้ <strong>new@fiji.example</strong> ลิงก์ใช้ได้ครั้งเดียว" in page
    assert "Send this link" not in page


def test_password_pages_follow_the_profile_and_the_browser(client, app, db):
    sign_in_as(client, "focal_point", "FJ", email="focal@fiji.example")
    english, indonesian = same_page_in(client, "id", "/auth/password")
    shown, left = english_left(english, indonesian, "id")
    assert shown
    assert left == []
    assert "Ubah kata sandi Anda" in indonesian
    assert '<label for="password">Kata sandi baru</label>' in indonesian
    differ = text(client.post("/auth/password", data={"current_password": "wrong-password-here",
                                                      "password": "a-new-long-password",
                                                      "confirm": "another-long-password"}), 422)
    assert "Kata sandi tidak sama." in differ

    # the invited person has no profile yet: the browser's language
    invited = client.post("/team/invite", data={"email": "new@fiji.example", "name": "Baru"})
    link = one_time_link(text(client.get(invited.headers["Location"])))
    theirs = app.test_client()
    thai = {"Accept-Language": "th"}
    form = text(theirs.get(link_path(link), headers=thai))
    assert "ตั้งรหัสผ่านของท่าน" in form
    assert "Set your password" not in form
    short = text(theirs.post(link_path(link), data={"password": "short", "confirm": "short"}, headers=thai))
    assert "โปรดใช้อย่างน้อย 12 ตัวอักษร" in short
    invalid = theirs.get("/auth/invitation/not-a-token", headers=thai)
    assert invalid.status_code == 404
    assert "ลิงก์นี้ใช้ไม่ได้" in html.unescape(invalid.get_data(as_text=True))


def test_home_pages_in_the_persons_language(client, app, db, make_assessment):
    make_assessment("XA", "2026", status="submitted")
    sign_in_as(client, "rso_analyst", email="analyst@rso.example")
    english, thai = same_page_in(client, "th", "/")
    shown, left = english_left(english, thai, "th")
    assert shown
    assert left == []
    assert "ส่งแล้ว รอการทบทวน (1)" in thai
    assert "Submitted, awaiting review" not in thai

    visitor = app.test_client()
    asked = text(visitor.get("/team/", headers={"Accept-Language": "th"}, follow_redirects=True))
    assert "โปรดเข้าสู่ระบบเพื่อดูหน้านี้" in asked
    assert "Please sign in to see this page." not in asked
    welcome = text(visitor.get("/", headers={"Accept-Language": "id"}))
    assert "Penilaian mandiri legislasi" in welcome
    shown, left = english_left(text(visitor.get("/", headers={"Accept-Language": "en"})), welcome, "id")
    assert shown
    assert left == []


def test_the_pager_speaks_the_persons_language(client, db, make_assessment):
    draft = make_assessment("XA", "2026")
    sign_in_as(client, "focal_point", "XA", email="focal@xa.example")
    for n in range(3):
        saved = client.post(f"/assessments/{draft.id}/autosave",
                            json={"question_id": "mla_days", "base_version": n, "answer": {"value": 10 + n}})
        assert saved.status_code == 200, saved.get_json()
    english, indonesian = same_page_in(client, "id", f"/assessments/{draft.id}/history")
    assert re.search(r"1–\d+ of \d+ changes?", english)
    assert re.search(r"1–\d+ dari \d+ perubahan", indonesian)
    assert not re.search(r"1–\d+ of \d+ changes?", indonesian)
