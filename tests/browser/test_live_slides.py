"""`make present`: the live deck (Voila's reveal template) keeps its sliders working."""
import os
import subprocess
import time

from tests.browser import lab
from tools.notebook_runner import ROOT, kernel_env

LESSON = "00"


def test_live_deck_slider_redraws_its_plot(page, tmp_path):
    port = lab.free_port()
    command = ["make", "-s", "present", f"LESSON={LESSON}", f"PRESENT_PORT={port}", "PRESENT_BROWSER=--no-browser"]
    log = open(tmp_path / "voila.log", "w")
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=kernel_env(),
                              start_new_session=True)
    try:
        lab.wait_for_http(f"http://127.0.0.1:{port}/", timeout=120)
        page.goto(f"http://127.0.0.1:{port}/", timeout=180_000)
        page.wait_for_selector(".reveal .slides", timeout=180_000)
        slider = page.locator(".widget-slider").first
        slider.wait_for(state="attached", timeout=180_000)  # the kernel has run the notebook
        for _ in range(40):  # advance through the deck to the slide with the slider
            if slider.is_visible():
                break
            page.keyboard.press("Space")
            time.sleep(0.3)
        assert slider.is_visible(), "no slide shows the slider"
        latency = lab.step_slider(page, slider, +1)  # waits for the new image, fails if none comes
        lab.step_slider(page, slider, -1)
        assert page.locator(lab.ERROR_OUTPUT).count() == 0
        print(f"live deck: slider redrew its plot in {1000 * latency:.0f} ms")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        log.close()
