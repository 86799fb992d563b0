"""axe-core finds no accessibility violation on any lesson or gallery page, in either language, as a phone shows
it once its widgets are drawn (and on the landing and sources pages).

axe-core is pinned in tests/axe/package.json (``npm ci --prefix tests/axe``, done by ``scripts/setup.sh --test``);
its script is injected into each page from node_modules. One phone-sized page is reused for every URL, so the
whole run costs one browser context; leaving a lesson shuts its kernel as a learner's browser does.
"""

from __future__ import annotations

import pytest
from conftest import PHONE, ROOT

from literasi.i18n import LANGS
from literasi.site.urls import home_url, lesson_page_url, sources_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_SCRIPT = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
READY_TIMEOUT_MS = 120_000  # page loaded and its widgets drawn; the first page waits for the kernel pools to fill
AXE_TIMEOUT_MS = 60_000


def _lesson_pages() -> list[str]:
    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    paths = [page.path for page in [*curriculum.lessons(), *curriculum.gallery]]
    return [lesson_page_url(lang, path) for lang in LANGS for path in paths]


# What each violation is, where (CSS selector) and why, as axe words it: one line per node.
RUN_AXE = """async (timeoutMs) => {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('axe-core ran too long')), timeoutMs));
  const results = await Promise.race([axe.run(document, { resultTypes: ['violations'] }), timeout]);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}"""


def readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_page(browser):
    """One phone-sized page for every URL; the site's Content-Security-Policy is bypassed only so axe's script
    can be injected (the CSP itself is tested elsewhere)."""
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} missing: run `npm ci --prefix tests/axe` (scripts/setup.sh --test does)"
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def assert_no_violations(page, url: str) -> None:
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(RUN_AXE, AXE_TIMEOUT_MS)
    assert not violations, f"axe-core on {url}:\n{readable(violations)}"


@pytest.mark.parametrize("url", _lesson_pages())
def test_lesson_page_has_no_axe_violations(site, axe_page, url):
    axe_page.goto(site + url, timeout=READY_TIMEOUT_MS)
    axe_page.wait_for_selector("html.literasi-ready", state="attached", timeout=READY_TIMEOUT_MS)
    assert_no_violations(axe_page, url)


@pytest.mark.parametrize("url", [*(home_url(lang) for lang in LANGS), *(sources_url(lang) for lang in LANGS)])
def test_site_page_has_no_axe_violations(site, axe_page, url):
    axe_page.goto(site + url, wait_until="load")
    assert_no_violations(axe_page, url)
