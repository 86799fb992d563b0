"""The suspicious link inspector (tautan): read a link's text, never open it, say aman / waspada / bahaya."""

import contextlib
import re
import socket
from html import escape
from unittest import mock

import pytest
import tldextract
from helpers import assert_broken_data_reported, assert_result_or_sentence, t_pattern
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.facts import Status, read_facts
from literasi.i18n import t
from literasi.widgets import LinkInspector
from literasi.widgets.link import core as link_core
from literasi.widgets.link.core import MAX_LINK_LENGTH, VERDICTS, edit_distance, inspect_link, skeleton
from literasi.widgets.link.data import DATA_FILES, check_data, load_tautan_data
from literasi.widgets.problems import InputProblem, Level

FACT_ID = re.compile(r"\bF-[A-Z]+-[0-9]{2}[a-z]?\b")


def keys(report):
    return [finding.key for finding in report.findings]


@contextlib.contextmanager
def no_network():
    """Every way out to the network (DNS included) is recorded and refused; yields the list of attempts."""
    attempts = []

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append((name, args[:2]))
            raise OSError(f"test: network use ({name}) is not allowed")
        return refused

    with mock.patch.object(socket, "getaddrinfo", refuse("getaddrinfo")), \
            mock.patch.object(socket, "gethostbyname", refuse("gethostbyname")), \
            mock.patch.object(socket, "create_connection", refuse("create_connection")), \
            mock.patch.object(socket.socket, "connect", refuse("connect")), \
            mock.patch.object(socket.socket, "connect_ex", refuse("connect_ex")):
        yield attempts


# --- the learner's story ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "sign"),
    [
        ("http://bi-go-id.xyz/login", "tautan.f_imitates"),
        ("https://0jk.go.id.verifikasi.co/", "tautan.f_official_in_front"),
        ("https://www.bi.go.id.hadiah-umkm.com/", "tautan.f_official_in_front"),
        ("https://klikbca.co/", "tautan.f_lookalike_edit"),
        ("https://tokopedai.com", "tautan.f_lookalike_edit"),  # two letters swapped
        ("https://0vo.id", "tautan.f_lookalike_chars"),
        ("https://danam0n.co.id/", "tautan.f_lookalike_chars"),
        ("https://0jk.co.id", "tautan.f_lookalike_edit"),  # 0 for o, and co for go
        ("https://tokopedia-promo.shop/voucher", "tautan.f_brand"),
        ("https://brimo-bri.web.app/", "tautan.f_brand"),
        ("https://www.bi.go.id@hadiah-umkm.xyz/klaim", "tautan.f_userinfo_site"),
        ("https://b\u0441a.co.id", "tautan.f_mixed_script"),  # Cyrillic "с" among Latin letters
        ("https://xn--80ak6aa92e.com", "tautan.f_whole_script"),  # all-Cyrillic "аррӏе"
        ("https://pinjaman.example\\@bi.go.id", "tautan.f_backslash"),  # the browser opens pinjaman.example
        ("javascript:alert(1)", "tautan.f_script_scheme"),
        ("http://192.168.10.7/login/bank", "tautan.f_many_signs"),
    ],
)
def test_learner_pastes_a_lookalike_link_and_sees_bahaya_with_the_reason(link, sign):
    report = inspect_link(link)
    assert report.verdict == "bahaya"
    assert sign in keys(report)
    assert next(f for f in report.findings if f.key == sign).level is Level.DANGER


def test_lookalike_report_names_the_real_owner_and_the_imitated_site():
    report = inspect_link("https://0jk.go.id.verifikasi.co/")
    assert report.registered_domain == "verifikasi.co"
    sentence = next(f for f in report.findings if f.key == "tautan.f_official_in_front").message("id")
    assert "ojk.go.id" in sentence and "verifikasi.co" in sentence and "Otoritas Jasa Keuangan" in sentence


@pytest.mark.parametrize("link", ["https://www.bi.go.id", "https://iasc.ojk.go.id/Guest", "HTTPS://WWW.BI.GO.ID/",
                                  "cekrekening.id", "https://www.tokopedia.com/"])
def test_official_link_is_aman_with_its_source(link):
    report = inspect_link(link)
    assert report.verdict == "aman"
    assert report.official is not None
    official = next(f for f in report.findings if f.key == "tautan.f_official").message("id")
    assert report.official.domain in official
    data = load_tautan_data()
    publishers = [source.publisher for fact in report.official.facts for source in data.sources[fact].sources]
    assert all(publisher in official for publisher in publishers)
    if not publishers:
        assert t("tautan.project_example", "id") in official
    assert not FACT_ID.search(official)  # learners see the publisher, never the fact id


@pytest.mark.parametrize(("host", "owner"), [
    ("iasc.ojk.go.id", "ojk.go.id"), ("toko.sarikeripik.co.id", "sarikeripik.co.id"),
    ("siakad.kampussukamaju.ac.id", "kampussukamaju.ac.id"), ("donasi.yayasansukamaju.or.id", "yayasansukamaju.or.id"),
    ("katalog.sambalsari.web.id", "sambalsari.web.id"), ("blog.andi.my.id", "andi.my.id"),
    ("pesan.kateringrina.biz.id", "kateringrina.biz.id"), ("0jk.go.id.verifikasi.co", "verifikasi.co"),
    ("www.bi.go.id.hadiah-umkm.xyz", "hadiah-umkm.xyz"), ("shop.sarikeripik.com", "sarikeripik.com"),
])
def test_owner_is_the_registered_domain_for_every_indonesian_second_level_suffix(host, owner):
    # The lesson teaches: the last two parts, or the last three under .go.id, .co.id, .ac.id, .or.id, .web.id,
    # .my.id and .biz.id. The inspector must show the learner the same owner, never the bare ending.
    assert inspect_link(f"https://{host}/x").registered_domain == owner


def test_a_subdomain_of_go_id_is_government_but_plain_http_still_needs_care():
    assert inspect_link("https://data.pontianak.go.id/dataset").verdict == "aman"
    http = inspect_link("http://www.bi.go.id")
    assert http.verdict == "waspada" and "tautan.f_http" in keys(http)


def test_an_unknown_ordinary_site_is_aman_but_says_it_is_not_on_our_list():
    report = inspect_link("https://warung-bu-sari.com/menu")
    assert report.verdict == "aman"
    assert "tautan.f_not_listed" in keys(report) and "tautan.f_nothing_found" in keys(report)


@pytest.mark.parametrize(
    ("link", "sign"),
    [
        ("https://s.id/bansos-umkm", "tautan.f_shortener"),
        ("https://bit.ly/3xYz", "tautan.f_shortener"),
        ("http://warung-bu-sari.com", "tautan.f_http"),
        ("https://10.0.0.8/", "tautan.f_ip"),
        ("https://3232235777/", "tautan.f_ip"),  # a browser reads this number as 192.168.1.1
        ("https://[2001:db8::1]/", "tautan.f_ip"),
        ("https://warung-bu-sari.xyz", "tautan.f_unusual_tld"),
        ("https://a.b.c.warung-bu-sari.com", "tautan.f_long_chain"),
        ("https://warung-bu-sari.com/hadiah", "tautan.f_bait"),
        ("https://warung-bu-sari.com:8080/", "tautan.f_port"),
        ("https://%77arung-bu-sari.com/", "tautan.f_percent_host"),
        ("https://warung-bu-sari.com/www.bi.go.id/", "tautan.f_official_in_path"),
        ("https://b\u00fccher.example.com", "tautan.f_punycode"),
        ("https://warung.bu-sari", "tautan.f_unknown_tld"),
    ],
)
def test_a_single_warning_sign_gives_waspada_with_its_sentence(link, sign):
    report = inspect_link(link)
    assert report.verdict == "waspada", [f.key for f in report.findings]
    assert sign in keys(report)
    message = next(f for f in report.findings if f.key == sign).message("id")
    assert message.endswith(".")


def test_ip_written_as_one_number_is_shown_as_the_address_the_browser_opens():
    finding = next(f for f in inspect_link("http://3232235777/").findings if f.key == "tautan.f_ip")
    assert "192.168.1.1" in finding.message("id")


def test_the_at_sign_reason_says_which_site_really_opens():
    report = inspect_link("https://www.bi.go.id@hadiah-umkm.xyz/klaim")
    assert report.registered_domain == "hadiah-umkm.xyz"
    message = next(f for f in report.findings if f.key == "tautan.f_userinfo_site").message("id")
    assert "www.bi.go.id" in message and "hadiah-umkm.xyz" in message


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "tautan.empty"), ("   ", "tautan.empty"), ("https://bi.go.id dan ini", "tautan.has_spaces"),
     ("halo", "tautan.not_a_site"), ("https://", "tautan.no_host"), ("https://bi..go.id", "tautan.bad_host"),
     ("https://bi.go.id:99999/", "tautan.bad_port"), ("mailto:sari@example.com", "tautan.other_scheme"),
     ("https://[zz::1]/", "tautan.bad_host"), ("https://" + "a" * MAX_LINK_LENGTH + ".com", "tautan.too_long")],
)
def test_text_that_is_not_a_readable_link_is_explained_in_both_languages(text, key):
    with pytest.raises(InputProblem) as caught:
        inspect_link(text)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english


def test_lookalike_helpers():
    assert edit_distance("klikbca.co", "klikbca.com") == 1
    assert edit_distance("tokopedai", "tokopedia") == 1  # a swap counts once
    assert edit_distance("ojk.go.id", "bssn.go.id") > 1
    assert skeleton("0jk.go.id") == skeleton("ojk.go.id")
    assert skeleton("b\u0441a") == skeleton("bca")  # Cyrillic с
    assert skeleton("bcà") == skeleton("bca")


# --- it never opens, resolves or fetches the link --------------------------------------------------------


def test_inspecting_links_touches_no_network_not_even_dns(monkeypatch):
    assert link_core._EXTRACTOR.suffix_list_urls == ()
    with no_network() as attempts:
        monkeypatch.setattr(link_core, "_EXTRACTOR", link_core.new_extractor())  # loads its list afresh
        link_core._is_public_suffix.cache_clear()
        for link in ("https://www.bi.go.id", "http://bi-go-id.xyz/login", "https://0jk.go.id.verifikasi.co/",
                     "https://s.id/x", "http://3232235777/", "https://xn--80ak6aa92e.com"):
            inspect_link(link)
    link_core._is_public_suffix.cache_clear()
    assert attempts == []


def test_the_network_guard_would_catch_a_suffix_list_download():
    # The same guard around a tldextract that is allowed to download: the attempt is seen (so the test above
    # would fail if the inspector's extractor ever tried to fetch).
    with no_network() as attempts:
        downloading = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=("https://publicsuffix.org/list/x.dat",))
        downloading("https://www.bi.go.id")
    assert attempts


# --- fuzzing ------------------------------------------------------------------------------------------

LABEL = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_%.\u0430\u0441\u00fc\u4e2d"), min_size=0,
                max_size=12)
LINKS = st.builds(
    lambda scheme, user, labels, tld, port, path: f"{scheme}{user}{'.'.join(labels)}{tld}{port}{path}",
    st.sampled_from(["", "http://", "https://", "HTTPS://", "https:", "https:\\\\", "//", "ftp://", "javascript:"]),
    st.one_of(st.just(""), LABEL.map(lambda user: user + "@")),
    st.lists(LABEL, min_size=1, max_size=5),
    st.sampled_from(["", ".com", ".co.id", ".go.id", ".xyz", ".id", "."]),
    st.one_of(st.just(""), st.integers(-5, 70000).map(lambda port: f":{port}")),
    st.one_of(st.just(""), st.text(max_size=30).map(lambda path: "/" + path)),
)


def _check_report_or_problem(text, lang):
    report = assert_result_or_sentence(lambda: inspect_link(text), lang)
    if report is None:
        return
    assert report.verdict in VERDICTS
    levels = {finding.level for finding in report.findings}
    assert levels <= set(Level)
    assert (report.verdict == "bahaya") == (Level.DANGER in levels)
    if report.verdict == "aman":
        assert Level.CAUTION not in levels
    for finding in report.findings:
        assert finding.message(lang).endswith(".")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.sampled_from(["id", "en"]))
def test_any_text_pasted_gives_a_verdict_or_a_sentence(text, lang):
    with no_network() as attempts:
        _check_report_or_problem(text, lang)
    assert attempts == []


@settings(max_examples=400, deadline=None)
@given(LINKS, st.sampled_from(["id", "en"]))
def test_any_link_shaped_text_gives_a_verdict_or_a_sentence(link, lang):
    with no_network() as attempts:
        _check_report_or_problem(link, lang)
    assert attempts == []


# --- the widget ---------------------------------------------------------------------------------------


def test_learner_pastes_a_lookalike_and_sees_bahaya_with_reasons_and_what_to_do():
    inspector = LinkInspector(lang="id")
    assert "literasi-tautan" in inspector._dom_classes
    inspector.link_box.value = "https://0jk.go.id.verifikasi.co/"
    html = inspector.result.value
    assert t("tautan.verdict_line", "id", verdict=t("tautan.verdict_bahaya", "id")) in html and "✖" in html
    assert re.search(r"<b class='literasi-tautan-owner'[^>]*>verifikasi\.co</b>", html)
    assert html.count("<li class='literasi-tautan-") == len(inspect_link("https://0jk.go.id.verifikasi.co/").findings)
    assert escape(t("tautan.next_bahaya", "id") + " " + t("tautan.next_report", "id")) in html
    assert "iasc.ojk.go.id" in html and "aduankonten.id" in html  # where to report, from the facts
    assert not FACT_ID.search(html)  # no fact ids in what the learner reads


def test_learner_types_the_official_address_and_sees_aman():
    inspector = LinkInspector(lang="id")
    inspector.link_box.value = "https://www.bi.go.id"
    html = inspector.result.value
    assert t("tautan.verdict_line", "id", verdict=t("tautan.verdict_aman", "id")) in html
    assert escape(t("tautan.next_aman", "id")) in html
    assert "Bank Indonesia" in html


def test_choosing_an_example_fills_the_box_and_the_result_is_never_a_clickable_link():
    inspector = LinkInspector(lang="en")
    inspector.examples.value = "http://bi-go-id.xyz/login"
    assert inspector.link_box.value == "http://bi-go-id.xyz/login"
    assert t("tautan.verdict_bahaya", "en") in inspector.result.value
    assert "<a " not in inspector.result.value and "href" not in inspector.result.value


def test_a_pasted_link_is_escaped_not_run_as_html():
    inspector = LinkInspector(lang="id")
    inspector.link_box.value = "https://x.example@<script>alert(1)</script>"
    assert "<script>" not in inspector.result.value


def test_unreadable_text_gets_a_sentence_and_empty_box_an_invitation():
    inspector = LinkInspector(lang="id")
    assert escape(t("tautan.empty", "id")) in inspector.result.value and "⚠" not in inspector.result.value
    inspector.link_box.value = "halo"
    assert f"⚠ {escape(t('tautan.not_a_site', 'id'))}" in inspector.result.value


def test_notes_say_which_lists_are_project_made_and_give_dated_sources():
    notes = LinkInspector(lang="id").children[-1].value
    assert escape(t("tautan.lists_note", "id")) in notes and escape(t("tautan.read_from_right", "id")) in notes
    assert "Otoritas Jasa Keuangan (OJK)" in notes and "Kompas" in notes
    assert t_pattern("facts.source_html", "id", date="September 2018").search(notes) and "berlaku per" not in notes
    assert not FACT_ID.search(notes)


# --- data files ---------------------------------------------------------------------------------------


def test_official_list_cites_facts_that_exist_and_marks_the_rest_as_examples(root):
    data = load_tautan_data()
    assert check_data() == []
    domains = {o.domain: o for o in data.official}
    for domain, fact in [("iasc.ojk.go.id", "F-SCAM-05"), ("cekrekening.id", "F-SCAM-08"),
                         ("aduankonten.id", "F-SCAM-09"), ("bssn.go.id", "F-SCAM-10")]:
        assert fact in domains[domain].facts
    assert domains["komdigi.go.id"].project_example and domains["go.id"].project_example
    registry = read_facts(root)
    assert all(fact in registry and registry[fact].status is not Status.unverified for fact in data.sources)


def _break_official(index, **changes):
    def breakage(data):
        data["domains"][index].update(changes)
        for key, value in changes.items():
            if value is None:
                del data["domains"][index][key]
    return breakage


@pytest.mark.parametrize(
    ("file", "breakage", "expected"),
    [
        ("tautan_domain_resmi.yml", _break_official(0, project_example=None), "domains[0]: give either facts"),
        ("tautan_domain_resmi.yml", _break_official(1, facts=["F-SCAM-99"]), "domains[1].facts: cites"),
        ("tautan_domain_resmi.yml", _break_official(2, domain="OJK.go.id"), "domains[2].domain"),
        ("tautan_domain_resmi.yml", _break_official(3, name={"id": "IASC"}), "domains[3].name.en"),
        ("tautan_domain_resmi.yml", _break_official(4, colour="red"), "domains[4].colour"),
        ("tautan_domain_resmi.yml", lambda d: d["domains"].append(dict(d["domains"][1])), "listed twice"),
        ("tautan_domain_resmi.yml", lambda d: d["sources"].remove("F-SCAM-09"), "cites ['F-SCAM-09']"),
        ("tautan_domain_resmi.yml", lambda d: d["sources"].append("F-SCAM-99"), "sources: F-SCAM-99 not in the facts"),
        ("tautan_pola.yml", lambda d: d["unusual_tlds"].append("com"), "unusual_tlds: include the ending"),
        ("tautan_pola.yml", lambda d: d["shorteners"].append("not a domain"), "tautan_pola.yml: shorteners[21]"),
        ("tautan_pola.yml", lambda d: d.pop("project_made"), "tautan_pola.yml: project_made"),
        ("tautan_pola.yml", lambda d: d["confusables"].update({"ß": "ſ"}), "confusables.ß"),
    ],
)
def test_a_broken_data_file_is_reported_by_name(tmp_path, file, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, DATA_FILES, file, breakage, expected)
