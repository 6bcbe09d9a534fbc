"""Start JupyterLab for tests and drive it with Playwright in Debian's Chromium.

Used by the browser tests and by the benchmarks (tools/bench.py).
"""
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tools.notebook_runner import ROOT, kernel_env

CHROMIUM = os.environ.get("DROPOUT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# JupyterLab user settings for tests: every cell in the DOM (no windowing), no news prompts.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none",
                                                                   "autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing answered at {url} within {timeout} s")


class LabServer:
    """jupyter lab on a free localhost port, a random token, over a copy of the notebooks."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.root = self.workdir / "notebooks"
        shutil.copytree(ROOT / "notebooks", self.root)
        settings = self.workdir / "lab-user-settings"
        for name, value in USER_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        self.port, self.token = free_port(), secrets.token_hex(16)
        env = dict(kernel_env(), JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "lab-workspaces"))
        self.log = open(self.workdir / "jupyter.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
             "--allow-root"], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for_http(f"{self.url}/api/status?token={self.token}")

    def notebook_url(self, name):
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# ---- Driving a notebook page -------------------------------------------------

ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def open_notebook(page, server, name):
    page.goto(server.notebook_url(name))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    accept_dialog(page, wait_ms=3_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', state="attached",
                           timeout=60_000)


def accept_dialog(page, wait_ms=0):
    """Accept a dialog if one is open or opens within wait_ms (e.g. JupyterLab's "Select Kernel":
    the notebook's own kernel is preselected)."""
    dialog = page.locator(".jp-Dialog button.jp-mod-accept")
    deadline = time.monotonic() + wait_ms / 1000
    while not dialog.count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    if dialog.count():
        dialog.first.click()


def menu(page, top, item):
    accept_dialog(page)
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"


def run_all_cells(page, timeout_s=300):
    """Clear the stored outputs, Run > Run All Cells, wait until every code cell has run."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => {PROMPTS}.every(p => !/\\[\\d+\\]/.test(p.textContent))", timeout=30_000)
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        f"() => {PROMPTS}.length > 0 && {PROMPTS}.every(p => /\\[\\d+\\]/.test(p.textContent))",
        timeout=timeout_s * 1000, polling=500)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', state="attached",
                           timeout=timeout_s * 1000)


def error_outputs(page):
    return page.locator(ERROR_OUTPUT).all_inner_texts()


def sliders(page):
    """Every slider on the page: (label, locator of its .widget-slider)."""
    found = []
    for slider in page.locator(".widget-slider").all():
        label = slider.locator(".widget-label").first.inner_text().strip()
        found.append((label, slider))
    return found


def driven_image(slider):
    """The panel (a widget VBox) whose picture the slider drives."""
    return slider.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]").first


# A panel shows either one image whose src the kernel replaces (live), or a Stack of
# precomputed images of which the slider makes one visible (frames): in both cases the
# picture a person sees is the src of the panel's one visible image.
VISIBLE_SOURCE = """panel => {
    const shown = [...panel.querySelectorAll('img')].filter(img => {
        const box = img.getBoundingClientRect();
        return img.offsetParent !== null && box.width > 0 && box.height > 0;
    });
    return shown.length === 1 ? shown[0].getAttribute('src') : null;
}"""


def mechanism(slider):
    """"frames" if the slider switches precomputed pictures in the browser, else "live" (the kernel redraws):
    the class dropout_lib's panel puts on itself."""
    classes = driven_image(slider).get_attribute("class").split()
    return next(name.removeprefix("dropout-panel-") for name in classes if name.startswith("dropout-panel-"))


def image_source(panel):
    """The src of the one visible image of the panel (None while zero or several are visible)."""
    return panel.evaluate(VISIBLE_SOURCE)


def wait_for_new_image(page, panel, old_source, timeout_ms=30_000):
    handle = panel.element_handle()
    page.wait_for_function(f"([panel, old]) => {{ const src = ({VISIBLE_SOURCE})(panel); "
                           "return src !== null && src !== old; }", arg=[handle, old_source],
                           timeout=timeout_ms, polling="raf")


def handle_state(slider):
    handle = slider.locator(".noUi-handle").first
    value = handle.get_attribute("aria-valuenow")
    low, high = handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")
    return float(value), float(low), float(high)


# Latency measured in the page, without the driver's round trips (30-100 ms each): a capture-phase
# keydown listener stamps performance.now() when the key arrives; a requestAnimationFrame loop stops
# at the first frame, after it, whose visible picture differs from the one before the key (a change
# seen in a frame's callback is painted in that frame). window.__sliderLatency: milliseconds.
ARM_LATENCY_PROBE = f"""([panel, old]) => {{
    const visible = {VISIBLE_SOURCE};
    window.__sliderLatency = null;
    let pressed = null;
    document.addEventListener('keydown', () => {{ pressed = performance.now(); }}, {{capture: true, once: true}});
    const frame = () => {{
        const source = visible(panel);
        if (pressed !== null && source !== null && source !== old) {{
            window.__sliderLatency = performance.now() - pressed;
        }} else {{
            requestAnimationFrame(frame);
        }}
    }};
    requestAnimationFrame(frame);
}}"""


def step_slider(page, slider, direction, timeout_ms=30_000):
    """Press an arrow key on the slider's handle and wait for the new picture; return the latency
    from the key's arrival to the first frame that paints the new picture, measured in the page (s)."""
    image = driven_image(slider)
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    page.evaluate(ARM_LATENCY_PROBE, [image.element_handle(), image_source(image)])
    handle.press("ArrowRight" if direction > 0 else "ArrowLeft")
    page.wait_for_function("() => window.__sliderLatency !== null", timeout=timeout_ms, polling=50)
    return page.evaluate("window.__sliderLatency") / 1000


def set_to_extreme(page, slider, which):
    """Set the slider to its min or max; return True if it moved.

    Number sliders: type a huge value into the readout (ipywidgets clamps it to
    the range). Selection sliders have no editable readout: Home / End keys.
    """
    value, low, high = handle_state(slider)
    if value == (low if which == "min" else high):
        return False
    image = driven_image(slider)
    old = image_source(image)
    readout = slider.locator(".widget-readout").first
    # ipywidgets 8 marks number sliders (not selection sliders) with the class jupyter-widgets.
    is_number_slider = "jupyter-widgets" in slider.get_attribute("class").split()
    if is_number_slider:
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("-999999999" if which == "min" else "999999999")
        page.keyboard.press("Enter")
    else:
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        handle.press("Home" if which == "min" else "End")
    wait_for_new_image(page, image, old)
    return True


SETTLE_MS = 400  # no new picture for this long: the panel has caught up


def drag_across(page, slider, seconds=1.0, moves=30):
    """Drag the slider's handle from its minimum to its maximum in about ``seconds``.

    Returns how long after the mouse is released the last new picture appears (s):
    0 if the picture had already caught up, larger if redraws were queued behind the hand.
    """
    panel = driven_image(slider)
    set_to_extreme(page, slider, "min")
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-target").first.bounding_box()
    box = handle.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    for i in range(1, moves + 1):
        page.mouse.move(track["x"] + track["width"] * i / moves, y)
        time.sleep(seconds / moves)
    page.mouse.up()
    released = time.perf_counter()
    last_change, source = released, image_source(panel)
    while time.perf_counter() - max(last_change, released) < SETTLE_MS / 1000:
        now = image_source(panel)
        if now != source and now is not None:
            source, last_change = now, time.perf_counter()
        time.sleep(0.01)
    value, low, high = handle_state(slider)
    assert value == high, f"the drag should end at the maximum ({high}); the slider shows {value}"
    return last_change - released
