"""The course's steps on every platform, with or without make.

    python tools/course.py lab         # set up (first time only), open the course in JupyterLab
    python tools/course.py lab-zh      # the same, the Chinese edition, JupyterLab's menus in Chinese
    python tools/course.py test        # lint and the whole test suite
    python tools/course.py test-fast   # lint and the library's tests (well under a minute)
    python tools/course.py setup       # only create .venv and install the pinned packages
    python tools/course.py -n lab      # print the commands instead of running them

On Windows (no make) type `py tools\\course.py lab`. The Makefile's lab, lab-zh, test, test-fast
and setup call this file, so the steps have one source.

It runs with any Python 3.10 or newer before the virtual environment exists (standard library
only): setup creates `.venv/`, installs requirements.txt and dropout_lib (editable) there, and
marks the install with `.venv/.installed-<checksum of requirements.txt and pyproject.toml>` (the
Makefile's STAMP; a changed pin means a new install). Every other step runs with the
environment's Python: `.venv/bin/python`, on Windows `.venv\\Scripts\\python.exe`.

TORCH_INDEX_URL (optional): a package index to install torch from, e.g. the CPU `--index-url`
that pytorch.org's install selector gives for Linux / Pip / CPU (a CPU-only torch, a fraction of
the CUDA build that PyPI serves on Linux). That index is PyTorch's own, outside PyPI. torch keeps
the version pinned in requirements.txt and comes from there with the few packages it needs; every
other pin comes from your usual index.
"""
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent
MIN_PYTHON = (3, 10)
LAB_ZH_SETTINGS = "build/lab-zh-settings"
STEPS = ("setup", "lab", "lab-zh", "test", "test-fast")


@dataclass
class Command:
    argv: list
    env: dict = field(default_factory=dict)  # added to this process's environment
    note_on_failure: str = ""                # if set, a failure prints it and the step goes on

    def shown(self):
        return " ".join([f"{k}={v}" for k, v in self.env.items()] + [shlex.quote(str(a)) for a in self.argv])


def venv_python(windows, root="."):
    """The virtual environment's Python: .venv/bin/python, or .venv\\Scripts\\python.exe on Windows."""
    if windows:
        return str(PureWindowsPath(root, ".venv", "Scripts", "python.exe"))
    return str(PurePosixPath(root, ".venv", "bin", "python"))


def cksum(data):
    """POSIX `cksum` of ``data`` (bytes): the Makefile names the install stamp with it."""
    crc = 0
    for byte in data + _length_bytes(len(data)):
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return ~crc & 0xFFFFFFFF


def _length_bytes(n):
    out = b""
    while n:
        out, n = out + bytes([n & 0xFF]), n >> 8
    return out


def stamp(root=ROOT):
    """The file that marks an install of the current pins (the Makefile's STAMP)."""
    pins = (Path(root) / "requirements.txt").read_bytes() + (Path(root) / "pyproject.toml").read_bytes()
    return Path(root) / ".venv" / f".installed-{cksum(pins)}"


def torch_pin(root=ROOT):
    """The `torch==...` line of requirements.txt."""
    lines = (Path(root) / "requirements.txt").read_text().splitlines()
    pins = [line.strip() for line in lines if line.strip().startswith("torch==")]
    if not pins:
        sys.exit("TORCH_INDEX_URL is set, but requirements.txt pins no torch (a line torch==VERSION)")
    return pins[0]


def setup_commands(windows, root=".", have_venv=False, torch_index=None, pin=None):
    """The install: a venv (unless there is one), pip, torch from ``torch_index`` if given, the pins."""
    python = venv_python(windows, root)
    commands = [] if have_venv else [Command([sys.executable, "-m", "venv", str(Path(root, ".venv"))])]
    commands.append(Command([python, "-m", "pip", "install", "--upgrade", "--quiet", "pip"]))
    if torch_index:
        commands.append(Command([python, "-m", "pip", "install", "--quiet", "--index-url", torch_index, pin]))
    commands.append(Command([python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt", "-e", "."]))
    return commands


def lab_command(windows, root=".", chinese=False, as_root=False):
    """JupyterLab on 127.0.0.1 only (Jupyter's usual token), rooted at notebooks/, on lesson 00."""
    start = "notebooks/zh/00_start_here.ipynb" if chinese else "notebooks/00_start_here.ipynb"
    argv = [venv_python(windows, root), "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1",
            "--ServerApp.root_dir=notebooks"] + (["--allow-root"] if as_root else []) + [start]
    return Command(argv, {"JUPYTERLAB_SETTINGS_DIR": LAB_ZH_SETTINGS} if chinese else {})


def step_commands(step, windows, root=".", as_root=False):
    """The commands of ``step`` after setup, for this platform (``windows``) and user."""
    python = venv_python(windows, root)
    lint = Command([python, "-m", "ruff", "check", "."])
    if step == "setup":
        return []
    if step in ("lab", "lab-zh"):
        return [lab_command(windows, root, chinese=step == "lab-zh", as_root=as_root)]
    if step == "test-fast":  # no notebook runs (nbval, other seeds, slides), no servers, no browser
        return [lint, Command([python, "-m", "pytest", "tests", "-m", "not slow and not browser"])]
    if step == "test":
        return [lint,
                # The slides' JavaScript, from the npm registry into build/vendor (once): the tests need no network.
                Command([python, "-m", "tools.slides", "fetch"],
                        note_on_failure="NOTE: without these, the browser tests of the slides will be skipped."),
                Command([python, "-m", "pytest"]),
                # Stored outputs again on torch's portable scalar kernels (what a CPU without AVX runs).
                Command([python, "-m", "pytest", "notebooks", "-q", "-p", "no:cacheprovider"],
                        {"ATEN_CPU_CAPABILITY": "default"})]
    raise ValueError(f"step must be one of {', '.join(STEPS)}; got {step!r}")


def zh_settings(root=ROOT):
    """JupyterLab's settings for lab-zh: the interface in Simplified Chinese (language pack pinned)."""
    path = Path(root, LAB_ZH_SETTINGS, "@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"locale": "zh_CN"}\n')


def browser_note():
    if not os.access(os.environ.get("DROPOUT_CHROMIUM", "/usr/bin/chromium"), os.X_OK):
        print("NOTE: Chromium not found: the browser tests (tests/browser) will be skipped. "
              "Install it with: apt-get install chromium")
    if not os.path.isdir("/usr/share/datasets/fashion-mnist"):
        print("NOTE: Debian's Fashion-MNIST not found: its test (tests/test_fashion_mnist.py) will be skipped. "
              "Install it with: apt-get install dataset-fashion-mnist")


def run(commands, dry_run):
    for command in commands:
        print(command.shown(), flush=True)
        if dry_run:
            continue
        result = subprocess.run(command.argv, cwd=ROOT, env={**os.environ, **command.env})
        if result.returncode and command.note_on_failure:
            print(command.note_on_failure)
        elif result.returncode:
            sys.exit(result.returncode)


def main(argv):
    dry_run = bool(argv) and argv[0] in ("-n", "--dry-run")
    argv = argv[1:] if dry_run else argv
    if len(argv) != 1 or argv[0] not in STEPS:
        sys.exit(f"usage: python tools/course.py [-n] {{{'|'.join(STEPS)}}}")
    step, windows = argv[0], os.name == "nt"
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed, found {sys.version.split()[0]}")
    if not stamp().exists():
        torch_index = os.environ.get("TORCH_INDEX_URL")
        run(setup_commands(windows, ROOT, have_venv=Path(venv_python(windows, ROOT)).exists(),
                           torch_index=torch_index, pin=torch_pin() if torch_index else None), dry_run)
        if not dry_run:
            for old in stamp().parent.glob(".installed-*"):
                old.unlink()
            stamp().touch()
    if step == "lab-zh" and not dry_run:
        zh_settings()
    if step == "test":
        browser_note()
    run(step_commands(step, windows, ROOT, as_root=hasattr(os, "geteuid") and os.geteuid() == 0), dry_run)


if __name__ == "__main__":
    main(sys.argv[1:])
