"""tools/course.py: the course's steps on every platform, and the Makefile targets that call it."""
import ast
import os
import shutil
import subprocess
import sys

import pytest

from tools import course
from tools.notebook_runner import ROOT

WIN_PY = r".venv\Scripts\python.exe"
POSIX_PY = ".venv/bin/python"
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (Windows: no make)")


def make(*args):
    """stdout of `make ARGS` in the repository, as from a shell (not as a sub-make of `make test`)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True).stdout


def argvs(commands):
    return [c.argv for c in commands]


def test_course_py_needs_only_the_standard_library():
    """It runs before .venv exists, with whatever Python 3.10+ the learner has."""
    tree = ast.parse((ROOT / "tools" / "course.py").read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names), f"not in the standard library: {imported - set(sys.stdlib_module_names)}"


@pytest.mark.parametrize("windows, python", [(True, WIN_PY), (False, POSIX_PY)])
def test_setup_creates_the_venv_then_installs_the_pins_with_its_python(windows, python):
    commands = argvs(course.setup_commands(windows, have_venv=False))
    assert commands[0] == [sys.executable, "-m", "venv", ".venv"]
    assert all(argv[0] == python for argv in commands[1:])
    assert commands[-1] == [python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt", "-e", "."]
    assert not any("--index-url" in argv for argv in commands), "the default is the PyPI pin from your usual index"
    assert argvs(course.setup_commands(windows, have_venv=True)) == commands[1:]


def test_torch_index_is_an_opt_in_for_torch_only():
    pin = course.torch_pin()
    assert pin.startswith("torch==") and pin in (ROOT / "requirements.txt").read_text().splitlines()
    commands = argvs(course.setup_commands(False, have_venv=True, torch_index="https://index.invalid/cpu", pin=pin))
    [torch] = [argv for argv in commands if "--index-url" in argv]
    assert torch[-3:] == ["--index-url", "https://index.invalid/cpu", pin], "torch alone, at the pinned version"
    assert commands.index(torch) < len(commands) - 1, "torch first, then the other pins (torch already satisfied)"


def test_torch_index_without_a_torch_pin_says_what_is_missing(tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n")
    with pytest.raises(SystemExit, match="TORCH_INDEX_URL is set, but requirements.txt pins no torch"):
        course.torch_pin(tmp_path)


@pytest.mark.parametrize("windows, python", [(True, WIN_PY), (False, POSIX_PY)])
def test_lab_runs_jupyter_with_the_venvs_python_on_localhost(windows, python):
    [lab] = course.step_commands("lab", windows)
    assert lab.argv[:4] == [python, "-m", "jupyter", "lab"] and "--ServerApp.ip=127.0.0.1" in lab.argv
    assert lab.argv[-1] == "notebooks/00_start_here.ipynb" and not lab.env
    assert not any("token" in part.lower() for part in lab.argv), "keep Jupyter's default (random) token"
    [zh] = course.step_commands("lab-zh", windows)
    assert zh.argv[-1] == "notebooks/zh/00_start_here.ipynb"
    assert zh.env == {"JUPYTERLAB_SETTINGS_DIR": course.LAB_ZH_SETTINGS}
    assert "--allow-root" not in lab.argv and "--allow-root" in course.step_commands("lab", windows, as_root=True)[0].argv


@pytest.mark.parametrize("windows, python", [(True, WIN_PY), (False, POSIX_PY)])
def test_test_steps(windows, python):
    fast = argvs(course.step_commands("test-fast", windows))
    assert fast == [[python, "-m", "ruff", "check", "."],
                    [python, "-m", "pytest", "tests", "-m", "not slow and not browser"]]
    full = course.step_commands("test", windows)
    assert full[0].argv == fast[0] and [python, "-m", "pytest"] in argvs(full)
    [portable] = [c for c in full if c.env]
    assert portable.env == {"ATEN_CPU_CAPABILITY": "default"} and portable.argv[3] == "notebooks"
    assert [c.argv[2] for c in full if c.note_on_failure] == ["tools.slides"], "only the npm fetch may fail"


def test_a_bad_step_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"step must be one of setup, lab, lab-zh, test, test-fast; got 'tset'"):
        course.step_commands("tset", windows=False)
    result = subprocess.run([sys.executable, "tools/course.py", "tset"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "usage: python tools/course.py" in result.stderr


def test_dry_run_prints_this_machines_commands():
    out = subprocess.run([sys.executable, "tools/course.py", "-n", "test-fast"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    python = course.venv_python(windows=sys.platform == "win32", root=ROOT)
    assert out[-2:] == [f"{python} -m ruff check .", f"{python} -m pytest tests -m 'not slow and not browser'"]


@pytest.mark.skipif(shutil.which("cksum") is None, reason="needs POSIX cksum to compare with")
@pytest.mark.parametrize("data", [b"", b"torch==2.13.0\n", bytes(range(256)) * 300])
def test_cksum_is_posix_cksum(data):
    expected = subprocess.run(["cksum"], input=data, capture_output=True, check=True).stdout.split()[0]
    assert course.cksum(data) == int(expected)


@needs_make
def test_make_names_the_install_stamp_as_course_py_does():
    out = make("-s", "--eval", "print-stamp: ; @echo $(STAMP)", "print-stamp").strip()
    assert ROOT / out == course.stamp()


@needs_make
@pytest.mark.parametrize("target", course.STEPS)
def test_make_targets_call_course_py(target):
    out = make("-n", target)
    assert out.strip().endswith(f"tools/course.py {target}"), out
