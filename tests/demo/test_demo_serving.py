"""``dpaportal demo --port N`` as a newcomer runs it: a server and a worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ENQUEUE_ONE_EMAIL = """
from dpaportal.mail import deliver_email
deliver_email.enqueue(
    kind="demo.check", subject="Worker check", body="Delivered by the worker.",
    recipients=["someone@example.com"], attempt=1,
)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_environment(data_dir: Path) -> dict[str, str]:
    # A newcomer's shell: none of the test suite's settings leak into the demo.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DPAPORTAL_", "DJANGO_", "DATABASE_URL"))
    }
    return environment | {"DPAPORTAL_DATA_DIR": str(data_dir)}


def get_status(url: str) -> int:
    # Only the demo's own http:// address is ever opened here.
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
        return int(response.status)


def wait_for_health(url: str, demo: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert demo.poll() is None, "the demo stopped before it served"
        try:
            if get_status(f"{url}/healthz") == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the demo did not answer /healthz within 90 s")


@pytest.fixture
def running_demo(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "dpaportal", "demo", "--port", str(port)],
        env=demo_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, demo)
        yield url, tmp_path, demo
    finally:
        if demo.poll() is None:
            demo.terminate()
        demo.wait(timeout=30)


def test_the_demo_serves_on_the_given_port_with_a_worker_beside_it(
    running_demo: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, data_dir, demo = running_demo

    assert get_status(f"{url}/accounts/login/") == 200
    subprocess.run(
        [sys.executable, "-m", "dpaportal", "shell", "-c", ENQUEUE_ONE_EMAIL],
        env=demo_environment(data_dir),
        check=True,
        capture_output=True,
        timeout=60,
    )

    deadline = time.monotonic() + 30
    delivered: list[Path] = []
    while not delivered and time.monotonic() < deadline:
        time.sleep(0.3)
        delivered = [
            path
            for path in (data_dir / "mail").glob("*")
            if "Worker check" in path.read_text(errors="replace")
        ]
    assert delivered, "the demo's worker did not deliver the queued e-mail"

    demo.send_signal(signal.SIGTERM)
    output, _ = demo.communicate(timeout=30)
    assert f"DPA Portal demo at {url}" in output
    assert f"E-mails land in: {data_dir / 'mail'}" in output
    assert "anna.admin@muster.example" in output


def test_stopping_the_demo_stops_its_worker(
    running_demo: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    _, _, demo = running_demo
    workers = children_of(demo.pid)
    assert workers, "the demo started no worker process"

    demo.send_signal(signal.SIGTERM)
    demo.wait(timeout=30)

    deadline = time.monotonic() + 15
    while any(is_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(is_running(pid) for pid in workers)


def children_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()]


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
