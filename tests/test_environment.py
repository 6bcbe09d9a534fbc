"""The two install paths (pip via tools/course.py, which make calls; conda/Binder via environment.yml) agree."""
import re
from importlib import metadata
from pathlib import Path

import yaml

from tools import course

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)$")


def requirement_lines():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_requirement_is_pinned_exactly():
    for line in requirement_lines():
        assert PIN.match(line), f"requirements.txt: {line!r} is not pinned with =="
    assert "torch==2.13.0" in requirement_lines()


def test_environment_yml_parses_and_installs_the_same_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    major, minor = map(int, python.split("=")[1].split(".")[:2])
    assert (major, minor) >= (3, 10)
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    # The same file tools/course.py (make setup) installs: one source of truth for the pins.
    assert "-r requirements.txt" in pip_section and "-e ." in pip_section
    install = course.setup_commands(windows=False, have_venv=True)[-1].argv
    assert install[-4:] == ["-r", "requirements.txt", "-e", "."]
    conda_names = [re.split("[=<>]", d)[0] for d in deps if isinstance(d, str)]
    pinned = {PIN.match(line).group(1).lower() for line in requirement_lines()}
    assert not pinned & set(conda_names), "a package is pinned both in conda and in requirements.txt"


def test_the_running_environment_has_the_pinned_versions():
    for line in requirement_lines():
        name, version = PIN.match(line).groups()
        installed = metadata.version(name)
        assert installed.split("+")[0] == version, f"{name}: installed {installed}, pinned {version}"
