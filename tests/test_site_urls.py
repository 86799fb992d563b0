"""The site's URLs are built in one module (literasi/site/urls.py; that each is answered by a route of the server
is tested in test_site_routes.py), and the environment and track lists the site relies on are prepared and
derived once."""

from __future__ import annotations

import os
from typing import get_args

from conftest import ROOT

from literasi.curriculum import AUDIENCES, EVERYONE, TRACKS, Track
from literasi.print.dayplan import TRACKS as DAYPLAN_TRACKS
from literasi.site.environment import JUPYTER_DATA_DIR, prepare_environment
from literasi.site.landing import LANDING_TRACKS
from literasi.site.urls import LOCAL_SITE_URL, home_url, lesson_switch_url, room_page_url, site_url


def test_absolute_urls_for_qr_codes_and_printouts():
    assert LOCAL_SITE_URL == "http://127.0.0.1:8866"
    assert site_url("10.0.0.2") + "x" == "http://10.0.0.2:8866/x"
    for base in ("http://10.0.0.2:8866", "http://10.0.0.2:8866/"):
        assert lesson_switch_url("id", "cara-belajar", base) == "http://10.0.0.2:8866/pelajaran/id/cara-belajar"
        assert room_page_url(base_url=base) == "http://10.0.0.2:8866/ruang"
    assert home_url("en", "asn") == "/en/?jalur=asn"
    assert room_page_url("id", "cara-belajar") == "/ruang/cara-belajar?lang=id"


def test_the_environment_is_prepared_once_however_often_it_is_asked():
    environ = {"JUPYTER_PATH": os.pathsep.join(["/elsewhere", str(JUPYTER_DATA_DIR)])}
    prepare_environment(ROOT, environ)
    prepare_environment(ROOT, environ)
    assert environ == {"JUPYTER_PATH": os.pathsep.join([str(JUPYTER_DATA_DIR), "/elsewhere"]),
                       "LITERASI_ROOT": str(ROOT)}


def test_track_lists_derive_from_the_manifest_model():
    assert TRACKS == get_args(Track) and EVERYONE in TRACKS
    assert set(LANDING_TRACKS) == set(TRACKS) and LANDING_TRACKS[0] == EVERYONE
    assert DAYPLAN_TRACKS == AUDIENCES == tuple(track for track in TRACKS if track != EVERYONE)
