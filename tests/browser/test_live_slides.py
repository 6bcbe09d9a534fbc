"""`make present` and `make present-zh`: the live deck (Voila's reveal template, served with local
assets only) works with no internet: in a browser that can reach nothing but localhost it starts
with its layout intact at 1280x720, renders its math, and its slider redraws the plot; the Chinese
deck shows Chinese."""
import os
import subprocess

import pytest

from tests.browser import lab
from tests.browser.offline import Network, in_viewport, show_slide_of, slide_layout_problems
from tools.notebook_runner import ROOT, kernel_env

LESSON = "00"
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture(params=["present", "present-zh"])
def live_deck(request, tmp_path, slide_assets):
    port = lab.free_port()
    command = ["make", "-s", request.param, f"LESSON={LESSON}", f"PRESENT_PORT={port}",
               "PRESENT_BROWSER=--no-browser"]
    log = open(tmp_path / "voila.log", "w")
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=kernel_env(),
                              start_new_session=True)
    try:
        lab.wait_for_http(f"http://127.0.0.1:{port}/", timeout=120)
        yield f"http://127.0.0.1:{port}/", request.param
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        log.close()


def test_live_deck_works_offline_and_its_slider_redraws(browser, live_deck, artifacts):
    url, target = live_deck
    context = browser.new_context(viewport=PROJECTOR)
    network = Network(context)
    page = context.new_page()
    try:
        page.goto(url, timeout=180_000)
        page.wait_for_selector(".reveal.ready", state="attached", timeout=180_000)
        slider = page.locator(".widget-slider").first
        slider.wait_for(state="attached", timeout=180_000)  # the kernel has run the notebook
        page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        page.wait_for_timeout(500)
        problems = slide_layout_problems(page)
        page.screenshot(path=str(artifacts / f"live-deck-{target}-first-slide.png"))
        assert not problems, f"first slide at 1280x720: {problems}"
        assert page.locator("mjx-container, .MathJax, .MathJax_CHTML").count() > 0, "no math was rendered"
        if target == "present-zh":
            assert "术语对照" in page.locator(".reveal").inner_text(), "the Chinese deck should show Chinese"

        show_slide_of(page, slider)
        assert not slide_layout_problems(page), slide_layout_problems(page)
        assert in_viewport(page, slider.locator(".noUi-handle").first), "the slider is off screen"
        slide_before = page.evaluate("location.hash")
        latency = lab.step_slider(page, slider, +1)  # waits for the new image, fails if none comes
        page.screenshot(path=str(artifacts / f"live-deck-{target}-slider.png"))
        assert page.evaluate("location.hash") == slide_before, "the arrow key on the slider also changed the slide"
        lab.step_slider(page, slider, -1)
        assert page.locator(lab.ERROR_OUTPUT).count() == 0
        assert not network.blocked, f"the live deck tried to reach the internet: {network.blocked}"
        assert not network.failed, f"local assets missing: {network.failed}"
        print(f"live deck {target} (offline): slider redrew its plot in {1000 * latency:.0f} ms")
    finally:
        context.close()
