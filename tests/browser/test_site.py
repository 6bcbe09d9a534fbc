"""`make site` in a browser with no internet: every lesson page of both editions, opened from disk
(file://), renders all its math and every slider panel, every precomputed-frames slider switches
pictures with no kernel, the Chinese pages show Chinese, and no request leaves the site. One page
per edition again from a local web server, and the search of each edition finds a lesson.
(The link check and the budgets: tests/test_site.py.)"""
import functools
import http.server
import json
import re
import threading

import pytest

from tests.browser import lab
from tests.browser.offline import Network
from tests.site_helpers import built_site
from tools.site import lessons

PAGES = [(edition, notebook) for edition in lessons.EDITIONS for notebook in lessons.lessons(edition)]
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# Every math element typeset by MathJax (the .math spans and divs Sphinx writes hold MathJax's output).
MATH_DONE = """() => [...document.querySelectorAll('article .math')].every(m => m.querySelector('.mjx-chtml'))"""
# The article's prose: its text without the code cells and their outputs.
PROSE = """() => { const article = document.querySelector('article').cloneNode(true);
    article.querySelectorAll('.cell, .course-bar, .math, pre, code').forEach(e => e.remove());
    return article.textContent; }"""


def panels(notebook):
    """The mechanism ("frames" or "live") of every slider panel the notebook shows, in order: read
    from the stored widget state (the class dropout_lib's panel puts on itself)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    kinds = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            classes = state.get(view["model_id"], {}).get("state", {}).get("_dom_classes", []) if view else []
            kinds += [name.removeprefix("dropout-panel-") for name in classes if name.startswith("dropout-panel-")]
    return kinds


@pytest.fixture(scope="module")
def site(slide_assets):
    return built_site()


@pytest.fixture
def offline(browser):
    """A page that can load local files and localhost only; (page, network, errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    network = Network(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, network, errors
    context.close()


def check_page(page, network, errors, edition, notebook):
    """Wait for the page's widgets and math, move every frames slider; return the bytes loaded."""
    kinds = panels(notebook)
    page.wait_for_function("n => document.querySelectorAll('.dropout-panel-frames, .dropout-panel-live').length === n",
                           arg=len(kinds), timeout=60_000)
    page.wait_for_function(MATH_DONE, timeout=60_000)
    assert page.locator("article .math").count() > 0, "no math on the page"
    assert page.locator(".MathJax_Error, .mjx-merror").count() == 0, "MathJax could not typeset some math"
    shown = page.evaluate("() => [...document.querySelectorAll('.dropout-panel-frames, .dropout-panel-live')]"
                          ".map(p => p.classList.contains('dropout-panel-frames') ? 'frames' : 'live')")
    assert shown == kinds
    moved = 0
    for panel in page.locator(".dropout-panel-frames").all():
        for slider in panel.locator(".widget-slider").all():
            slider.scroll_into_view_if_needed()
            value, low, high = lab.handle_state(slider)
            lab.step_slider(page, slider, -1 if value >= high else +1)  # fails unless another picture shows
            for which in ("min", "max"):
                lab.set_to_extreme(page, slider, which)
                assert lab.handle_state(slider)[0] == lab.handle_state(slider)[1 if which == "min" else 2]
            moved += 1
    assert moved >= kinds.count("frames"), "a frames panel without a slider"
    if edition == "zh":
        assert CJK.search(page.locator("article h1").first.inner_text()), "the title should be Chinese"
        prose = page.evaluate(PROSE)
        cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
        assert cjk > 2 * latin, f"the Chinese page's prose is mostly not Chinese ({cjk} CJK, {latin} Latin letters)"
    assert not errors, f"script errors: {errors}"
    assert not network.blocked, f"the page tried to reach the internet: {network.blocked}"
    assert not network.failed, f"site files missing: {network.failed}"
    return moved


@pytest.mark.parametrize("edition, lesson", PAGES, ids=[f"{e}-{n.stem}" for e, n in PAGES])
def test_lesson_page_works_from_disk(offline, site, edition, lesson, artifacts):
    page, network, errors = offline
    page.goto((site / edition / f"{lesson.stem}.html").as_uri())
    try:
        moved = check_page(page, network, errors, edition, lesson)
    finally:
        page.screenshot(path=str(artifacts / f"site-{edition}-{lesson.stem}.png"))
    print(f"site {edition}/{lesson.stem}: {moved} frames sliders moved, {network.file_bytes() / 1e6:.1f} MB loaded")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("edition", list(lessons.EDITIONS))
def test_lesson_page_works_from_a_web_server(offline, server, edition):
    page, network, errors = offline
    notebook = lessons.lessons(edition)[0]  # 00: math and a p slider
    page.goto(f"{server}/index.html")
    page.locator(f"a[href='{edition}/index.html']").click()
    page.wait_for_function(MATH_DONE, timeout=60_000)
    page.wait_for_load_state("networkidle")  # MathJax has loaded all it wants: leaving aborts no request
    page.locator(f".sidebar-tree a[href='{notebook.stem}.html']").first.click()
    page.wait_for_url(f"**/{edition}/{notebook.stem}.html")
    check_page(page, network, errors, edition, notebook)


@pytest.mark.parametrize("edition, query", [("en", "dropout"), ("zh", "暂退法")])
def test_search_finds_lessons_offline(offline, site, edition, query):
    page, network, errors = offline
    page.goto((site / edition / "index.html").as_uri())
    page.locator("form.sidebar-search-container input.sidebar-search").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results ul.search li", timeout=60_000)
    found = page.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(re.match(r"\d\d[a-z]?_\w+\.html", href) for href in found), f"no lesson found for {query!r}: {found}"
    assert not errors and not network.blocked and not network.failed
