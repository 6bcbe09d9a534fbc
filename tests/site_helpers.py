"""The web edition built once per test run (tests/test_site.py, tests/browser/test_site.py share it)."""
import atexit
import functools
import shutil
import tempfile
from pathlib import Path

REPOSITORY = "https://github.com/example/dropout-hands-on"  # what the test build's notebook links name


@functools.cache
def built_site():
    """Build the site as `make site` does, into a temporary folder (removed at exit); return its path."""
    from tools.site import build

    work = Path(tempfile.mkdtemp(prefix="dropout-site-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    return build.build(work / "site", repository=REPOSITORY, branch="main", work=work / "work")
