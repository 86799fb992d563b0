"""The public site as a learner's browser sees it over HTTP: what is listed, what renders, what is refused."""

import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import KERNEL_ID, LESSON_PATH, Visitor

from literasi.i18n import t


def fetch(url: str) -> tuple[int, str]:
    """GET a page as a fresh visitor; a lesson page's kernel is shut afterwards, as the page does on leaving."""
    parts = urllib.parse.urlsplit(url)
    visitor = Visitor(f"{parts.scheme}://{parts.netloc}")
    status, _, body = visitor.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    text = body.decode("utf-8", "replace")
    if status == 200 and KERNEL_ID.search(text):
        assert visitor.leave(text) == 204
    return status, text


pytestmark = pytest.mark.slow


def test_landing_page_lists_modules_and_the_lesson_in_indonesian(site):
    status, html = fetch(site + "/")
    assert status == 200
    assert '<html lang="id">' in html
    assert "Pembayaran digital" in html and "QRIS untuk usaha mikro" in html
    assert f'href="/voila/render/id/{LESSON_PATH}"' in html
    assert t("site.minutes", "id", minutes=25) in html and 'href="/en/"' in html


def test_landing_page_in_english(site):
    status, html = fetch(site + "/en/")
    assert status == 200 and '<html lang="en">' in html
    assert "QRIS for micro businesses" in html and t("site.minutes", "en", minutes=25) in html
    assert f'href="/voila/render/en/{LESSON_PATH}"' in html


def test_track_filter_keeps_the_asn_page_free_of_umkm_lessons(site):
    _, html = fetch(site + "/?jalur=asn")
    assert "Layanan publik digital untuk ASN" in html
    assert "QRIS untuk usaha mikro" not in html and "E-commerce untuk UMKM" not in html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lesson_renders_without_code_or_instructor_notes(site, lang):
    status, html = fetch(f"{site}/voila/render/{lang}/{LESSON_PATH}")
    assert status == 200
    assert f'<html lang="{lang}">' in html
    assert "QRIS" in html
    assert "from literasi.widgets import" not in html
    assert "Traceback" not in html
    assert t("ruang.instructor_badge", "id") not in html and t("ruang.instructor_badge", "en") not in html
    assert "Salah paham yang sering muncul" not in html  # a line from the Indonesian instructor notes


def test_language_switch_keeps_the_learner_on_the_same_lesson(site):
    request = urllib.request.Request(f"{site}/pelajaran/en/qris-untuk-usaha-mikro")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=10)
    assert caught.value.code == 302
    assert caught.value.headers["Location"] == f"/voila/render/en/{LESSON_PATH}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_old_links_of_the_merged_asn_lessons_lead_to_the_merged_lesson(site, lang):
    """Bookmarks, shared links and printed QR codes of the two module-5 lessons merged in issue 16 (``replaces`` in
    the manifest): each old page and old id answers 301 to the new lesson's id, which leads to its page."""
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))

    def hop(path: str) -> tuple[int, str]:
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(urllib.request.Request(site + path), timeout=60)  # the box may still be warming kernels
        return caught.value.code, caught.value.headers["Location"]

    merged = f"/pelajaran/{lang}/spbe-dan-keamanan-informasi"
    for old in (f"/voila/render/{lang}/05-layanan-publik-asn/01-spbe-dan-satu-data.ipynb",
                f"/voila/render/{lang}/05-layanan-publik-asn/02-keamanan-informasi-kantor.ipynb",
                f"/pelajaran/{lang}/spbe-dan-satu-data", f"/pelajaran/{lang}/keamanan-informasi-kantor"):
        assert hop(old) == (301, merged)
    page = f"/voila/render/{lang}/05-layanan-publik-asn/01-spbe-dan-keamanan-informasi.ipynb"
    assert hop(merged) == (302, page)
    status, html = fetch(site + page)
    title = {"id": "SPBE dan keamanan informasi di kantor", "en": "SPBE and information security at the office"}
    assert status == 200 and title[lang] in html and "Traceback" not in html


@pytest.mark.parametrize(
    "path",
    [f"/voila/files/id/{LESSON_PATH}", f"/voila/files/en/{LESSON_PATH}",
     "/voila/files/banks/id/qris-untuk-usaha-mikro.yml", "/voila/files/../curriculum.yml",
     "/voila/files/../exercises/source/m3-qris/latihan-qris.ipynb",
     "/voila/render/../exercises/source/m3-qris/latihan-qris.ipynb",
     "/voila/render/%2E%2E/exercises/source/m3-qris/latihan-qris.ipynb",
     "/voila/tree", "/voila/tree/id", "/voila/api/contents/id", "/voila/api/contents/../exercises",
     "/api/contents/id", "/curriculum.yml", "/exercises/source/m3-qris/latihan-qris.ipynb",
     "/voila/templates/literasi/index.html.j2", "/voila/templates/literasi/conf.json",
     "/voila/templates/literasi/static/../index.html.j2", "/voila/static/%2e%2e/%2e%2e/app.py"],
)
def test_sources_exercises_and_notebooks_are_never_served(site, path):
    status, body = fetch(site + path)
    assert status in (403, 404)
    assert "BEGIN SOLUTION" not in body and "nbgrader" not in body


def test_unknown_page_gets_an_indonesian_not_found_page(site):
    status, html = fetch(site + "/tidak-ada")
    assert status == 404 and t("site.not_found_title", "id") in html


def _pages():
    from conftest import ROOT

    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    return [f"{lang}/{page.path}" for page in [*curriculum.lessons(), *curriculum.gallery] for lang in ("id", "en")]


@pytest.mark.parametrize("page", _pages())
def test_every_lesson_and_gallery_page_renders_in_voila_without_errors(site, page):
    status, html = fetch(f"{site}/voila/render/{page}")
    assert status == 200
    assert "Traceback" not in html
    assert '"output_type": "error"' not in html and "application/vnd.jupyter.stderr" not in html
    assert "from literasi.widgets import" not in html


@pytest.mark.parametrize("path, lang", [("/sumber", "id"), ("/en/sources", "en")])
def test_sources_page_lists_every_cited_fact_with_its_dated_sources(site, root, path, lang):
    import re

    from literasi.curriculum import load_curriculum
    from literasi.facts import read_facts
    from literasi.site.sources_page import fact_groups

    with urllib.request.urlopen(site + path, timeout=60) as response:
        assert response.status == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src" in response.headers["Content-Security-Policy"]
        html = response.read().decode("utf-8")
    assert f'<html lang="{lang}">' in html and f"<h1>{t('sumber.title', lang)}</h1>" in html
    registry = read_facts(root)
    cited = {fact.id for group in fact_groups(load_curriculum(root / "curriculum.yml"), registry, root)
             for fact in group.facts}
    assert len(cited) > 50
    for fact_id in cited:
        fact = registry[fact_id]
        assert f'id="{fact_id.lower()}"' in html
        assert str(fact.sources[0].url).replace("&", "&amp;") in html
    assert html.count(t("sumber.source_dated", lang, date="").strip()) >= len(cited)
    text = re.sub(r'id="[^"]*"', "", html)
    assert not re.search(r"\bF-[A-Z]+-\d\d", text), "learners never see fact ids"
    assert "Kesalahan" not in html and "Migrated from" not in html  # editors' notes stay out
