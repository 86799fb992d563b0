"""The committed lesson-page build matches its sources (so nobody serves a stale build) and is complete."""

import gzip
import hashlib
import json
import re

from conftest import ROOT

FRONTEND = ROOT / "frontend"
STATIC = ROOT / "literasi" / "site" / "static"


def source_hash() -> str:
    """The same digest frontend/build.mjs writes: sha256 over (path, NUL, bytes, NUL) in path order."""
    paths = [*(path for path in (FRONTEND / "src").rglob("*") if path.is_file()),
             FRONTEND / "build.mjs", FRONTEND / "package-lock.json"]
    digest = hashlib.sha256()
    for name, path in sorted((path.relative_to(FRONTEND).as_posix(), path) for path in paths):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def manifest() -> dict:
    return json.loads((STATIC / "assets.json").read_text("utf-8"))


def test_built_assets_match_the_frontend_sources():
    assert manifest()["source_hash"] == source_hash(), (
        "literasi/site/static is stale: run `cd frontend && npm ci && node build.mjs` and commit the result")


BUILT = re.compile(r"(lesson|chunk)\.[A-Z0-9]{8}\.(js|css)")


def test_each_asset_is_content_hashed_with_compressed_siblings_and_no_leftovers():
    built = manifest()
    files = built["files"]
    assert built["lesson.js"] in files and built["lesson.css"] in files and set(built["preload"]) <= set(files)
    for name in files:
        assert BUILT.fullmatch(name), name
        body = (STATIC / name).read_bytes()
        assert gzip.decompress((STATIC / f"{name}.gz").read_bytes()) == body
        assert (STATIC / f"{name}.br").stat().st_size < len(body)
    on_disk = {path.name for path in STATIC.iterdir() if re.match(r"(lesson|chunk)\.", path.name)}
    assert on_disk == {f"{name}{suffix}" for name in files for suffix in ("", ".gz", ".br")}


def test_every_chunk_the_scripts_import_is_built_and_served():
    """The entry and its chunks import one another by relative name; each name must be a built file (a stale
    or partial build would load a page whose widgets never appear)."""
    files = set(manifest()["files"])
    for name in files:
        if name.endswith(".js"):
            imported = set(re.findall(r"""["']\./((?:lesson|chunk)\.[A-Z0-9]{8}\.js)["']""",
                                      (STATIC / name).read_text("utf-8")))
            assert imported <= files, (name, imported - files)


def test_the_entry_leaves_widget_views_to_later_chunks():
    """A page loads only the widget views it uses: the slider library, d3-format, the colour parser and the tab bar are
    not in what every page loads (the entry and the chunks it imports at once)."""
    built = manifest()
    first = "".join((STATIC / name).read_text("utf-8") for name in [built["lesson.js"], *built["preload"]])
    for marker in ("noUiSlider:", "invalid format", "rgba(", "lm-TabBar-tab"):
        assert marker not in first, marker
    assert sum((STATIC / name).stat().st_size for name in [built["lesson.js"], *built["preload"]]) < 200_000


def test_lesson_script_has_no_third_party_urls_and_node_modules_stay_out_of_git():
    for name in manifest()["files"]:
        script = (STATIC / name).read_text("utf-8")
        assert "cdn.jsdelivr.net" not in script and "unpkg.com" not in script
    assert "frontend/node_modules" in (ROOT / ".gitignore").read_text("utf-8").split()
