"""A browser with no internet, for the slide decks: every request outside localhost and local
files is aborted and recorded; what the page did load is recorded too (to size a deck)."""
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

LOCAL = re.compile(r"^(?:file:|data:|blob:|about:|https?://(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:/|$))",
                   re.IGNORECASE)


class Network:
    """Installs the block on a Playwright browser context; ``blocked``: remote URLs the pages tried,
    ``failed``: local requests that failed (a missing asset), ``requests``: every URL requested."""

    def __init__(self, context):
        self.blocked, self.failed, self.requests = [], [], []
        context.route("**/*", self._route)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _route(self, route):
        if LOCAL.match(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("internetdisconnected")

    def _failed(self, request):
        if LOCAL.match(request.url):
            self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status >= 400 and LOCAL.match(response.url):
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def file_bytes(self):
        """Bytes of the distinct local files (file://) the pages loaded."""
        paths = {Path(unquote(urlparse(url).path)) for url in self.requests if url.startswith("file:")}
        return sum(path.stat().st_size for path in paths if path.is_file())


# The slide on screen (the innermost present <section>) and how it sits in the viewport.
PRESENT_SLIDE = """() => {
    const slides = document.querySelectorAll('.reveal .slides section.present');
    const slide = slides[slides.length - 1];
    if (!slide) return null;
    const box = slide.getBoundingClientRect();
    const page = document.scrollingElement;
    return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
            width: innerWidth, height: innerHeight,
            scrollWidth: page.scrollWidth, clientWidth: page.clientWidth};
}"""


def slide_layout_problems(page):
    """What is wrong with how the slide on screen fits the viewport ([] when it fits)."""
    box = page.evaluate(PRESENT_SLIDE)
    if box is None:
        return ["no slide is shown (reveal.js did not start)"]
    problems = []
    if box["left"] < -1 or box["right"] > box["width"] + 1:
        problems.append(f"the slide spans x = {box['left']:.0f}..{box['right']:.0f} in a {box['width']} px wide window")
    if box["top"] < -1 or box["bottom"] > box["height"] + 1:
        problems.append(f"the slide spans y = {box['top']:.0f}..{box['bottom']:.0f} in a {box['height']} px high window")
    if box["scrollWidth"] > box["clientWidth"] + 1:
        problems.append(f"the page scrolls sideways ({box['scrollWidth']} > {box['clientWidth']} px)")
    return problems


def show_slide_of(page, locator, timeout_s=30, scroll=True):
    """Go to the slide holding ``locator`` (reveal.js' URL hash #/h/v) and, with ``scroll``, scroll it into view."""
    h, v = locator.evaluate("""element => {
        const slides = [...document.querySelectorAll('.reveal .slides > section')];
        const h = slides.findIndex(slide => slide.contains(element));
        const inner = [...slides[h].querySelectorAll(':scope > section')];
        return [h, Math.max(0, inner.findIndex(slide => slide.contains(element)))];
    }""")
    page.evaluate(f"location.hash = '#/{h}/{v}'")
    deadline = time.monotonic() + timeout_s
    while not locator.evaluate("e => !!e.closest('section.present') && e.getBoundingClientRect().width > 0"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"reveal.js did not show slide #/{h}/{v}")
        time.sleep(0.1)
    page.wait_for_timeout(1000)  # the slide transition
    if scroll:
        locator.scroll_into_view_if_needed()
    return h, v


def slide_scroll(locator):
    """How far the slide holding ``locator`` is scrolled down (px; 0: as it opens)."""
    return locator.evaluate("e => e.closest('section').scrollTop")


def in_viewport(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["x"] >= -1 and box["y"] >= -1 and box["x"] + box["width"] <= size["width"] + 1 \
        and box["y"] + box["height"] <= size["height"] + 1
