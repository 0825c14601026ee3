"""`ethos serve`, for real: start the server, edit the values file, fetch the page, see the
change; problems appear in the page; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, REPOSITORY
from helpers import copy_example, require_tools

WAIT_SECONDS = 30.0  # an upper bound for a rebuild to show up, not a timing assertion


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]

    def page(self) -> str:
        return fetch(self.url)[1]

    def wait_for(self, condition: Callable[[str], bool]) -> str:
        """The page, once ``condition`` holds for it (fails after WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            page = self.page()
            if condition(page):
                return page
            time.sleep(0.1)
        raise AssertionError(f"the page never changed as expected; last build: {build(page)}")


def fetch(url: str, host: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def build(page: str) -> int:
    match = re.search(r'<meta name="ethos-build" content="(\d+)">', page)
    assert match, "the page has no build number"
    return int(match.group(1))


def start(*args: str | Path) -> Server:
    process = subprocess.Popen(
        [sys.executable, "-m", "ethos", "serve", *map(str, args), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        cwd=REPOSITORY,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    first = lines.get(timeout=WAIT_SECONDS)
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", first)
    assert match, first
    return Server(process, match.group(1), lines)


def stop(server: Server) -> str:
    """Ctrl-C; returns everything the server printed."""
    server.process.send_signal(signal.SIGINT)
    server.process.wait(timeout=WAIT_SECONDS)
    printed = []
    while not server.lines.empty():
        printed.append(server.lines.get())
    return "".join(printed)


@pytest.fixture
def values(tmp_path: Path) -> Path:
    return copy_example(EXAMPLES[0], tmp_path / "company.yaml")


@pytest.fixture
def server(values: Path) -> Iterator[Server]:
    running = start(values)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_an_edit_is_served_after_the_save(server: Server, values: Path) -> None:
    page = server.page()
    assert "<title>Code of Ethics and Conduct · Acme Outfitters</title>" in page
    first = build(page)
    values.write_text(
        values.read_text(encoding="utf-8").replace("name: Acme Outfitters", "name: Acme Trading"),
        encoding="utf-8",
    )
    page = server.wait_for(lambda page: "Acme Trading" in page)
    assert build(page) > first
    assert "<title>Code of Ethics and Conduct · Acme Trading</title>" in page


def test_problems_are_shown_in_the_page_until_fixed(server: Server, values: Path) -> None:
    good = values.read_text(encoding="utf-8")
    values.write_text(good.replace("\nvalues:", "\nvaluez:"), encoding="utf-8")
    page = server.wait_for(lambda page: "problems in" in page)
    assert f"2 problems in {values}: the chapter was not rebuilt" in page
    line = good.splitlines().index("values:") + 1
    assert (
        f"{values}:{line}:1: valuez:</code> unknown key `valuez` — did you mean `values`?" in page
    )
    values.write_text(good, encoding="utf-8")
    page = server.wait_for(lambda page: "problems in" not in page)
    assert "Acme Outfitters" in page
    assert "unknown key `valuez`" in stop(server)  # the terminal said so too


def test_the_browser_is_told_to_reload_after_each_build(server: Server, values: Path) -> None:
    events: queue.Queue[str] = queue.Queue()

    def listen() -> None:
        request = urllib.request.Request(server.url + "events")
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as stream:
            for raw in stream:
                events.put(raw.decode().strip())

    threading.Thread(target=listen, daemon=True).start()
    assert events.get(timeout=WAIT_SECONDS) == "event: build"
    current = events.get(timeout=WAIT_SECONDS)
    values.write_text(values.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    seen = [events.get(timeout=WAIT_SECONDS) for _ in range(4)]
    assert f"data: {int(current.removeprefix('data: ')) + 1}" in seen


def test_a_template_edit_is_served(values: Path, tmp_path: Path) -> None:
    templates = tmp_path / "mine"
    (templates / "sections").mkdir(parents=True)
    override = templates / "sections" / "training.md.j2"
    override.write_text("## Learning together\n\nFirst draft.\n", encoding="utf-8")
    server = start(values, "--templates", templates)
    try:
        assert "First draft." in server.page()
        override.write_text("## Learning together\n\nSecond draft.\n", encoding="utf-8")
        server.wait_for(lambda page: "Second draft." in page)
    finally:
        stop(server)


def test_ctrl_c_stops_cleanly_and_frees_the_port(server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    printed = stop(server)
    assert server.process.returncode == 0
    assert printed.strip().endswith("stopped")
    assert "Traceback" not in printed
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))


def test_only_local_hosts_and_only_its_own_script(server: Server) -> None:
    status, _, _ = fetch(server.url, host="attacker.example")
    assert status == 403
    status, page, headers = fetch(server.url)
    assert status == 200
    assert page.count("<script") == 1
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]{44}'", policy)
    assert fetch(server.url + "../etc/passwd")[0] == 404


def test_a_missing_file_or_a_taken_port_is_a_usage_error(values: Path, cli) -> None:  # type: ignore[no-untyped-def]
    missing = cli("serve", values.parent / "nope.yaml")
    assert missing.exit_code == 2
    assert "nope.yaml: no such file" in missing.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = cli("serve", values, "--port", taken.getsockname()[1])
    assert result.exit_code == 2
    assert "choose another port with --port" in result.output


def test_the_page_reloads_itself_in_a_real_browser(server: Server, values: Path) -> None:
    """Headless Chromium opens the page; after the save it reloads by itself, with the
    reload script allowed by the page's Content-Security-Policy."""
    script = REPOSITORY / "tests" / "browser" / "reload.mjs"
    require_tools(
        ("Node (node)", shutil.which("node") is not None),
        ("Chromium (/usr/bin/chromium)", Path("/usr/bin/chromium").is_file()),
        (
            "tests/browser/node_modules",
            (script.parent / "node_modules" / "playwright-core").is_dir(),
        ),
    )
    browser = subprocess.Popen(
        ["node", str(script), server.url], stdout=subprocess.PIPE, text=True, cwd=REPOSITORY
    )
    try:
        assert browser.stdout is not None
        loaded = json.loads(browser.stdout.readline())
        assert loaded == {"event": "loaded", "errors": [],
                          "title": "Code of Ethics and Conduct · Acme Outfitters"}  # fmt: skip
        values.write_text(
            values.read_text(encoding="utf-8").replace("name: Acme Outfitters", "name: Acme & Co"),
            encoding="utf-8",
        )
        reloaded = json.loads(browser.stdout.readline())
        assert reloaded == {"event": "reloaded", "errors": [],
                            "title": "Code of Ethics and Conduct · Acme & Co"}  # fmt: skip
        assert browser.wait(timeout=WAIT_SECONDS) == 0
    finally:
        if browser.poll() is None:
            browser.kill()


def test_a_save_right_after_start_is_never_missed(
    values: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` announces its URL only once the watch is registered: on a loaded machine the
    watcher thread can take a while to start, and a save made in that gap was lost."""
    import watchfiles

    from ethos.preview.serve import Page, Preview, start_watcher

    real_watch = watchfiles.watch

    def slow_to_start(*args: Any, **kwargs: Any) -> Iterator[set[Any]]:
        time.sleep(1.0)  # the watcher thread, slow to get going on a busy machine
        yield from real_watch(*args, **kwargs)

    monkeypatch.setattr(watchfiles, "watch", slow_to_start)
    preview = Preview(values, None, ())
    stop = threading.Event()
    built: queue.Queue[Page] = queue.Queue()
    watcher = start_watcher(preview, stop, built.put)
    try:
        text = values.read_text(encoding="utf-8")
        values.write_text(text.replace("\nvalues:", "\nvaluez:"), encoding="utf-8")
        page = built.get(timeout=WAIT_SECONDS)
        assert page.build == 2
        assert "valuez" in [problem.path for problem in page.problems]
    finally:
        stop.set()
        watcher.join(timeout=WAIT_SECONDS)
    assert not watcher.is_alive()
