"""`make slides` decks need no internet and no kernel: built the way `make slides` builds them
(tools.slides), opened from disk in a browser that cannot reach anything but local files, a deck
starts with its layout intact at 1280x720, renders its math, and its p slider switches pictures.
In every deck of both editions, every slider and its picture show together on their slide at
1280x720, without scrolling (the panel's code is folded below the picture)."""
import pytest

from tests.browser import lab
from tests.browser.offline import Network, in_viewport, show_slide_of, slide_layout_problems, slide_scroll
from tools import slides
from tools.notebook_runner import ROOT

LESSON = ROOT / "notebooks" / "00_start_here.ipynb"  # the smallest deck with a p slider and math
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def deck(tmp_path_factory, slide_assets):
    (path,) = slides.build([LESSON], tmp_path_factory.mktemp("slides"))
    return path


@pytest.fixture(scope="module")
def all_decks(tmp_path_factory, slide_assets):
    """Every deck of both editions, built as `make slides` builds them: {notebook: deck}."""
    notebooks = slides.edition_notebooks()
    return dict(zip(notebooks, slides.build(notebooks, tmp_path_factory.mktemp("all-slides"))))


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport=PROJECTOR)
    network = Network(context)
    page = context.new_page()
    yield page, network
    context.close()


def test_static_deck_works_offline_without_a_kernel(offline_page, deck, artifacts):
    page, network = offline_page
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", timeout=60_000)  # reveal.js (through require.js) started
    page.wait_for_selector(".MathJax_CHTML, mjx-container", state="attached", timeout=60_000)
    page.wait_for_timeout(500)
    problems = slide_layout_problems(page)
    page.screenshot(path=str(artifacts / "offline-deck-first-slide.png"))
    assert not problems, f"first slide at 1280x720: {problems}"
    assert page.locator(".MathJax_Error, .mjx-merror").count() == 0, "MathJax could not typeset some math"

    slider = page.locator(".widget-slider").first  # drawn by the local widget renderer from the stored state
    slider.wait_for(state="attached", timeout=60_000)
    show_slide_of(page, slider)
    assert not slide_layout_problems(page), slide_layout_problems(page)
    assert in_viewport(page, slider.locator(".noUi-handle").first), "the slider is off screen"
    slide_before = page.evaluate("location.hash")
    value_before = lab.handle_state(slider)[0]
    lab.step_slider(page, slider, +1)  # waits until the panel shows another picture; fails if none comes
    page.screenshot(path=str(artifacts / "offline-deck-slider.png"))
    assert lab.handle_state(slider)[0] != value_before
    assert page.evaluate("location.hash") == slide_before, "the arrow key on the slider also changed the slide"
    lab.step_slider(page, slider, -1)

    assert not network.blocked, f"the deck tried to reach the internet: {network.blocked}"
    assert not network.failed, f"local assets missing: {network.failed}"
    loaded = network.file_bytes()
    print(f"offline deck {deck.name}: {loaded / 1e6:.1f} MB loaded (HTML + assets)")
    assert loaded <= 10e6, "a static deck should stay under 10 MB"


DECKS = slides.edition_notebooks()


@pytest.mark.parametrize("lesson", DECKS, ids=[f"{path.parent.name}-{path.stem}" for path in DECKS])
def test_every_slider_shows_its_picture_on_its_slide(offline_page, all_decks, lesson, artifacts):
    page, network = offline_page
    deck = all_decks[lesson]
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", timeout=60_000)
    panels = page.locator(".dropout-panel-frames, .dropout-panel-live")
    panels.first.wait_for(state="attached", timeout=60_000)  # the widget renderer drew the stored state
    assert page.locator("details.deck-code").count() >= panels.count(), "a panel's code is not folded"
    for index in range(panels.count()):
        panel = panels.nth(index)
        for slider in panel.locator(".widget-slider").all():
            show_slide_of(page, slider, scroll=False)
            picture = panel.locator("img").filter(visible=True)
            where = f"{deck.name}, panel {index} ({slider.locator('.widget-label').first.inner_text()})"
            page.screenshot(path=str(artifacts / f"deck-{lesson.parent.name}-{lesson.stem}-{index}.png"))
            assert slide_scroll(slider) == 0, f"{where}: the slide opened scrolled"
            assert in_viewport(page, slider.locator(".noUi-handle").first), f"{where}: the slider is off screen"
            assert picture.count() == 1 and in_viewport(page, picture), f"{where}: the picture is not fully on screen"
            assert not slide_layout_problems(page), f"{where}: {slide_layout_problems(page)}"
    assert not network.blocked and not network.failed
