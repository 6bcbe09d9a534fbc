"""`make lab` starts a server that answers on localhost only and requires a token."""
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.browser.lab import free_port, wait_for_http
from tools.notebook_runner import ROOT


def lab_command():
    """The jupyter command `make lab` runs: make -n prints the tools/course.py call, whose -n
    prints the commands (set-up ones first, when the pins changed) without running them."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}  # not as a sub-make
    out = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    call = out.strip().split()
    assert call[-2:] == ["tools/course.py", "lab"], out
    out = subprocess.run([call[0], "tools/course.py", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    line = next(line for line in out.splitlines() if "jupyter lab" in line)
    return line.split()


def listening_addresses(port):
    """Local addresses in LISTEN state for this TCP port, from /proc/net/tcp and tcp6."""
    found = []
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for row in path.read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.append(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as the kernel writes them


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net to read listening sockets")
def test_make_lab_serves_on_localhost_only_with_a_token(tmp_path):
    command = lab_command()
    assert command[1:4] == ["-m", "jupyter", "lab"] and "--ServerApp.ip=127.0.0.1" in command
    assert not any("token" in part.lower() for part in command), "keep Jupyter's default (random) token"
    port = free_port()
    process = subprocess.Popen(command + ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/api/contents") == 403, "the API must refuse requests without a token"
        addresses = listening_addresses(port)
        assert addresses and set(addresses) <= LOOPBACK, f"listening on {addresses}, not only on loopback"
        token = None
        for line in process.stdout:  # Jupyter prints the URL with its token
            match = re.search(r"token=([0-9a-f]{16,})", line)
            if match:
                token = match.group(1)
                break
        assert token, "no token in the server's output"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}") as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=20)
