"""Browser tests need Debian's Chromium. Without it they are skipped, loudly, unless
DROPOUT_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure."""
import os
from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, LabServer
from tools.notebook_runner import ROOT

REQUIRED = os.environ.get("DROPOUT_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        message = (f"Chromium not found at {CHROMIUM}: browser tests not run. "
                   "Install it with `apt-get install chromium` (or set DROPOUT_CHROMIUM).")
        if REQUIRED:
            pytest.fail(message + " DROPOUT_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def slide_assets(chromium_path):
    """The slides' JavaScript in build/vendor (`make test` fetches it with npm before the tests)."""
    from tools import slides

    if not slides.fetched():
        message = ("The slides' npm assets are not in build/vendor: slide tests not run. "
                   "Fetch them with `.venv/bin/python -m tools.slides fetch` (needs npm and the npm registry).")
        if REQUIRED:
            pytest.fail(message + " DROPOUT_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium_path):
    server = LabServer(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    path = ROOT / "test-artifacts" / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path
