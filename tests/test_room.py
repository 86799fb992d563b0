"""Room mode (``literasi serve --room``): which address is announced, the banner and QR codes that announce it,
the printable QR pages, and the server bound to every interface (reached here over loopback only)."""

from __future__ import annotations

import io
import re
import sys

import numpy as np
import psutil
import pytest
import segno
from conftest import OUTPUT, running_literasi
from helpers import decode_image, decode_matrix, fetch, svg_matrix, terminal_matrix
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import expect

from literasi.cli import main
from literasi.i18n import LANGS, t
from literasi.net import Interface, choose_room_address, room_addresses
from literasi.qr import qr_png, qr_svg, qr_terminal
from literasi.site.room import room_banner, room_max_kernels
from literasi.site.urls import lesson_switch_url, site_url

# ---------------------------------------------------------------- choosing the address (pure)

LO = [Interface("lo", "127.0.0.1"), Interface("lo", "::1")]
DOCKER = [Interface("docker0", "172.17.0.1"), Interface("br-3f2a9c1d4e5b", "172.18.0.1"),
          Interface("veth1a2b3c", "169.254.10.2"), Interface("virbr0", "192.168.122.1")]
VPN = [Interface("tailscale0", "100.101.102.103"), Interface("tun0", "10.8.0.6"), Interface("wg0", "10.13.13.2")]


@pytest.mark.parametrize("interfaces, expected", [
    pytest.param([], None, id="nothing"),
    pytest.param(LO, None, id="only loopback"),
    pytest.param([*LO, Interface("wlan0", "169.254.7.9")], None, id="link-local only (no DHCP answer)"),
    pytest.param([*LO, Interface("wlan0", "fe80::1c2b:3aff:fe4d:5e6f%wlan0"), Interface("wlan0", "2001:db8::5"),
                  Interface("wlan0", "fd12:3456::7")], None, id="IPv6 only"),
    pytest.param([*LO, *DOCKER, *VPN], None, id="containers, VMs and VPNs only"),
    pytest.param([*LO, Interface("wlan0", "192.168.43.10", up=False)], None, id="Wi-Fi down"),
    pytest.param([*LO, *DOCKER, Interface("wlan0", "192.168.43.10")], "192.168.43.10", id="wifi beats docker"),
    pytest.param([Interface("wlan0", "192.168.43.10"), *DOCKER, *LO], "192.168.43.10", id="order does not matter"),
    pytest.param([*LO, *VPN, Interface("enp0s31f6", "10.20.30.40")], "10.20.30.40", id="ethernet beats VPN"),
    pytest.param([*LO, Interface("eth0", "192.168.1.20"), Interface("wlp2s0", "192.168.1.21")], "192.168.1.21",
                 id="wireless before wired"),
    pytest.param([*LO, Interface("ap0", "10.42.0.1"), Interface("docker0", "172.17.0.1")], "10.42.0.1",
                 id="laptop hotspot"),
    pytest.param([*LO, Interface("eth0", "192.168.1.20"), Interface("usb0", "192.168.42.129")], "192.168.42.129",
                 id="usb tethering before wired"),
    pytest.param([*LO, Interface("eth0", "203.0.113.7"), Interface("wlan0", "172.20.10.3")], "172.20.10.3",
                 id="private beats public"),
    pytest.param([*LO, *DOCKER, Interface("eth0", "203.0.113.7")], "203.0.113.7", id="public when nothing else"),
    pytest.param([Interface("wlan0", "172.32.0.5"), Interface("eth0", "172.31.0.5")], "172.31.0.5",
                 id="172.32 is not private"),
    pytest.param([Interface("Loopback Pseudo-Interface 1", "127.0.0.1"), Interface("vEthernet (WSL)", "172.28.0.1"),
                  Interface("Wi-Fi", "192.168.137.1")], "192.168.137.1", id="windows names"),
    pytest.param([Interface("lo0", "127.0.0.1"), Interface("utun3", "10.0.0.9"), Interface("awdl0", "169.254.1.1"),
                  Interface("en0", "192.168.1.7")], "192.168.1.7", id="macos names"),
    pytest.param([Interface("br0", "192.168.1.50"), Interface("docker0", "172.17.0.1")], "192.168.1.50",
                 id="host bridge br0 is not docker's br-"),
    pytest.param([Interface("wlan0", "not-an-address"), Interface("wlan0", "192.168.0.2")], "192.168.0.2",
                 id="garbage skipped"),
])
def test_choose_room_address(interfaces, expected):
    assert choose_room_address(interfaces) == expected


def test_other_reachable_addresses_follow_the_chosen_one_once_each():
    interfaces = [Interface("eth0", "192.168.1.20"), Interface("wlan0", "192.168.43.10"),
                  Interface("wlan0", "192.168.43.10"), *DOCKER]
    assert room_addresses(interfaces) == ["192.168.43.10", "192.168.1.20"]


NAMES = st.sampled_from(["lo", "wlan0", "eth0", "enp3s0", "docker0", "br-ab12", "veth9", "virbr0", "tun0",
                         "tailscale0", "ap0", "usb0", "mystery7"])
ADDRESSES = st.one_of(st.ip_addresses().map(str), st.sampled_from(["127.0.0.1", "169.254.3.3", "192.168.1.5"]))


@given(st.lists(st.builds(Interface, NAMES, ADDRESSES, st.booleans()), max_size=8))
def test_chosen_address_is_always_an_ipv4_of_a_reachable_interface_that_is_up(interfaces):
    chosen = choose_room_address(interfaces)
    if chosen is None:
        return
    owners = [i for i in interfaces if i.address == chosen and i.up]
    assert owners and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", chosen)
    assert not chosen.startswith(("127.", "169.254."))
    assert any(i.name in ("wlan0", "eth0", "enp3s0", "ap0", "usb0", "mystery7") for i in owners)


def test_urls():
    assert site_url("192.168.43.10") == "http://192.168.43.10:8866/"
    assert site_url("fd00::2", 9000) == "http://[fd00::2]:9000/"
    assert lesson_switch_url("en", "qris-untuk-usaha-mikro", "http://10.0.0.2:8866/") == \
        "http://10.0.0.2:8866/pelajaran/en/qris-untuk-usaha-mikro"


@pytest.mark.parametrize("available_gb, zygote, expected", [
    (0.5, True, 5), (2, True, 16), (4, True, 48), (8, True, 112), (64, True, 120),  # a Bangli room of 110 fits
    (0.5, False, 5), (2, False, 8), (4, False, 25), (8, False, 59), (64, False, 120)])
def test_room_kernel_cap_fits_free_memory(available_gb, zygote, expected):
    assert room_max_kernels(int(available_gb * 2**30), zygote=zygote) == expected


# ---------------------------------------------------------------- QR codes, decoded as a phone would

URL = "http://192.168.43.10:8866/"


def test_qr_svg_decodes_to_the_url_and_matches_segno():
    svg = qr_svg(URL, title="QR")
    assert svg.startswith("<svg") and "http" not in svg.split(">", 1)[0]  # inline, no external reference
    matrix = svg_matrix(svg)
    expected = np.array(list(segno.make(URL, error="m").matrix_iter(border=4)), dtype=bool)
    assert (matrix == expected).all()
    assert decode_matrix(matrix) == [URL]


def test_terminal_qr_decodes_to_the_url():
    assert decode_matrix(terminal_matrix(qr_terminal(URL))) == [URL]


def test_png_qr_for_printouts_decodes_to_the_url():
    assert decode_image(qr_png(URL)) == [URL]


def test_banner_names_the_url_in_both_languages_with_its_qr():
    banner = room_banner(URL, ["http://10.0.0.5:8866/"], max_kernels=25)
    assert f"    {URL}" in banner.splitlines()
    for lang in LANGS:
        assert t("ruang.banner_join", lang) in banner.splitlines()
        assert t("ruang.banner_alternates", lang, urls="http://10.0.0.5:8866/") in banner.splitlines()
        assert t("ruang.banner_print", lang, url="http://192.168.43.10:8866/ruang") in banner.splitlines()
        assert t("ruang.banner_limits", lang, max_kernels=25) in banner.splitlines()
    qr_lines = [line for line in banner.splitlines() if set(line) <= set(" █▀▄") and "█" in line]
    assert decode_matrix(terminal_matrix("\n".join(qr_lines))) == [URL]


# ---------------------------------------------------------------- the command, without a server

@pytest.fixture
def no_server(monkeypatch):
    """Replaces the site's serve() with a recorder, so the command's choices are visible without a server."""
    calls = []
    monkeypatch.setattr("literasi.site.app.serve", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delenv("LITERASI_MAX_KERNELS", raising=False)
    monkeypatch.delenv("LITERASI_WARM", raising=False)
    return calls


@pytest.mark.parametrize("interfaces", [[], LO, [*LO, *DOCKER, *VPN], [*LO, Interface("wlan0", "169.254.4.4")]])
def test_no_usable_network_says_what_to_do_and_fails(monkeypatch, capsys, no_server, interfaces):
    monkeypatch.setattr("literasi.site.room.list_interfaces", lambda: interfaces)
    assert main(["serve", "--room"]) == 1
    err = capsys.readouterr().err
    assert all(f"✘ {t('ruang.no_network', lang)}" in err.splitlines() for lang in LANGS)
    assert "--ip" in err  # what to do when the network is there but not found
    assert no_server == []


def test_room_announces_the_wifi_address_and_binds_every_interface(monkeypatch, capsys, no_server):
    monkeypatch.setattr("literasi.site.room.list_interfaces",
                        lambda: [*LO, *DOCKER, Interface("wlan0", "192.168.43.10"), Interface("eth0", "10.1.2.3")])
    monkeypatch.setattr("literasi.site.room.available_memory", lambda: 4 * 2**30)
    assert main(["serve", "--room", "--port", "9123"]) == 0
    out = capsys.readouterr().out
    assert "    http://192.168.43.10:9123/" in out.splitlines()
    assert "http://10.1.2.3:9123/" in out and "172.17.0.1" not in out
    (call,) = no_server
    assert call["ip"] == "0.0.0.0" and call["port"] == 9123
    assert call["max_kernels"] == 48 and call["warm"] == 0
    assert {route for route, *_ in call["extra_routes"]} == {r"/ruang/?", r"/ruang/([a-z0-9-]+)/?"}


def test_explicit_ip_is_announced_even_without_a_network_and_limits_can_be_set(monkeypatch, capsys, no_server):
    monkeypatch.setattr("literasi.site.room.list_interfaces", lambda: LO)
    monkeypatch.setenv("LITERASI_WARM", "2")
    assert main(["serve", "--room", "--ip", "10.9.8.7", "--max-kernels", "12"]) == 0
    assert "    http://10.9.8.7:8866/" in capsys.readouterr().out.splitlines()
    (call,) = no_server
    assert call["ip"] == "0.0.0.0" and call["max_kernels"] == 12 and call.get("warm") is None  # from $LITERASI_WARM


def test_a_console_without_block_characters_still_gets_the_address(monkeypatch, no_server):
    """E.g. output redirected to a file on a Windows laptop (cp1252): the URL is printed, the QR code left out."""
    monkeypatch.setattr("literasi.site.room.list_interfaces", lambda: [Interface("Wi-Fi", "192.168.137.1")])
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    monkeypatch.setattr(sys, "stdout", console)
    assert main(["serve", "--room"]) == 0
    console.flush()
    text = raw.getvalue().decode("cp1252")
    assert "    http://192.168.137.1:8866/" in text.splitlines() and "█" not in text
    assert len(no_server) == 1


def test_without_room_the_site_stays_on_loopback(monkeypatch, no_server):
    assert main(["serve", "--port", "9124"]) == 0
    (call,) = no_server
    assert call["ip"] is None and "extra_routes" not in call  # SiteSettings default: 127.0.0.1


# ---------------------------------------------------------------- the real server

ANNOUNCED = "192.168.43.10"  # announced only: no traffic is ever sent there


@pytest.fixture(scope="module")
def room_server():
    """``literasi serve --room --ip 192.168.43.10`` on a free port: bound to 0.0.0.0, reached over 127.0.0.1."""
    with running_literasi("serve", "--room", "--ip", ANNOUNCED, name="room-server") as (base, process, log):
        port = int(base.rsplit(":", 1)[1])
        yield {"base": base, "port": port, "pid": process.pid, "log": log, "url": f"http://{ANNOUNCED}:{port}/"}


@pytest.mark.slow
def test_room_server_listens_on_every_interface_and_answers_over_loopback(room_server):
    listening = [c.laddr for c in psutil.Process(room_server["pid"]).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN and c.laddr.port == room_server["port"]]
    assert [address.ip for address in listening] == ["0.0.0.0"]
    status, html, _ = fetch(room_server["base"] + "/")
    assert status == 200 and "QRIS untuk usaha mikro" in html


@pytest.mark.slow
def test_printed_banner_holds_the_url_and_a_qr_code_of_it(room_server):
    text = room_server["log"].read_text("utf-8")
    url = room_server["url"]
    assert f"    {url}" in text.splitlines()
    assert f"{url}ruang" in text
    qr_lines = [line for line in text.splitlines() if set(line) <= set(" █▀▄") and "█" in line]
    assert decode_matrix(terminal_matrix("\n".join(qr_lines))) == [url]


def _only_svg(html: str) -> str:
    (svg,) = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    return svg


@pytest.mark.slow
def test_ruang_page_shows_a_qr_code_of_the_room_url(room_server):
    status, html, headers = fetch(room_server["base"] + "/ruang")
    assert status == 200 and '<html lang="id">' in html
    assert decode_matrix(svg_matrix(_only_svg(html))) == [room_server["url"]]
    assert room_server["url"] in html and t("ruang.page_title", "id") in html
    assert 'href="/ruang/qris-untuk-usaha-mikro?lang=id"' in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from anywhere
    status, html, _ = fetch(room_server["base"] + "/ruang?lang=en")
    assert '<html lang="en">' in html and t("ruang.page_title", "en") in html


@pytest.mark.slow
def test_lesson_qr_page_opens_that_lesson(room_server):
    status, html, _ = fetch(room_server["base"] + "/ruang/qris-untuk-usaha-mikro?lang=en")
    assert status == 200 and "QRIS for micro businesses" in html
    (decoded,) = decode_matrix(svg_matrix(_only_svg(html)))
    assert decoded == f"{room_server['url']}pelajaran/en/qris-untuk-usaha-mikro"
    # The code's path is a real route of this server (followed over loopback): it leads to the lesson.
    status, _, headers = fetch(room_server["base"] + decoded.removeprefix(room_server["url"].rstrip("/")),
                               redirect=False)
    assert status == 302 and headers["Location"].endswith("en/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb")


@pytest.mark.slow
def test_unknown_lesson_qr_page_is_not_found(room_server):
    status, html, _ = fetch(room_server["base"] + "/ruang/tidak-ada")
    assert status == 404 and t("site.not_found_title", "id") in html


@pytest.mark.slow
@pytest.mark.browser
def test_printed_qr_page_scans_to_the_room_url(room_server, browser, request):
    """What a phone camera sees: the page as printed (A4, print styles), screenshot, decoded."""
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.goto(room_server["base"] + "/ruang")
    page.emulate_media(media="print")
    expect(page.get_by_role("button")).to_be_hidden()
    folder = OUTPUT / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{request.node.name}.png"
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    assert decode_image(shot) == [room_server["url"]]
