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


def test_each_asset_is_content_hashed_with_compressed_siblings_and_no_leftovers():
    names = {logical: name for logical, name in manifest().items() if logical != "source_hash"}
    assert set(names) == {"lesson.js", "lesson.css"}
    for logical, name in names.items():
        stem, ext = logical.split(".")
        assert re.fullmatch(rf"{stem}\.[0-9a-f]{{8}}\.{ext}", name)
        body = (STATIC / name).read_bytes()
        assert hashlib.sha256(body).hexdigest()[:8] == name.split(".")[1]
        assert gzip.decompress((STATIC / f"{name}.gz").read_bytes()) == body
        assert (STATIC / f"{name}.br").stat().st_size < len(body)
    hashed = {path.name for path in STATIC.iterdir() if re.match(r"lesson\.[0-9a-f]{8}\.", path.name)}
    assert hashed == {f"{name}{suffix}" for name in names.values() for suffix in ("", ".gz", ".br")}


def test_lesson_script_has_no_third_party_urls_and_node_modules_stay_out_of_git():
    script = (STATIC / manifest()["lesson.js"]).read_text("utf-8")
    assert "cdn.jsdelivr.net" not in script and "unpkg.com" not in script
    assert "frontend/node_modules" in (ROOT / ".gitignore").read_text("utf-8").split()
