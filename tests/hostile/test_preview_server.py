"""Issue 13, classes 7 (serve part), 15 and 16 (serve start-up): the live preview.

- One failing rebuild killed the `serve` watcher for good (a symlink loop, any exception
  but an ethos error; a deleted folder was never watched again). It must show the problem
  in the page and recover on the next good save.
- A client that connected and sent nothing held a thread forever.
- A values path or --templates directory that cannot be read was a traceback at start-up.
"""

from __future__ import annotations

import importlib
import queue
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from helpers import copy_example

WAIT_SECONDS = 30.0  # an upper bound for a rebuild to show up, not a timing assertion


# --- class 7: the watcher outlives any failing rebuild ------------------------------------


@pytest.fixture
def values(tmp_path: Path) -> Path:
    folder = tmp_path / "handbook"
    folder.mkdir()
    return copy_example(EXAMPLES[0], folder / "company.yaml")


@pytest.fixture
def watched(values: Path) -> Iterator[tuple[Any, queue.Queue[Any], threading.Thread]]:
    from ethos.preview.serve import Preview, start_watcher

    preview = Preview(values, None, ())
    stop = threading.Event()
    built: queue.Queue[Any] = queue.Queue()
    watcher = start_watcher(preview, stop, built.put)
    yield preview, built, watcher
    stop.set()
    watcher.join(timeout=WAIT_SECONDS)


def next_page(built: queue.Queue[Any], condition: Callable[[Any], bool]) -> Any:
    """The first page built that meets ``condition``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        page = built.get(timeout=left)
        if condition(page):
            return page
    raise AssertionError("no such page was built")


def messages(page: Any) -> list[str]:
    return [str(problem) for problem in page.problems]


def break_with_a_symlink_loop(values: Path) -> str:
    values.unlink()
    values.symlink_to(values.name)
    return f"{values}: cannot be read: too many levels of symbolic links — check the path"


def break_with_a_directory(values: Path) -> str:
    values.unlink()
    values.mkdir()
    return f"{values}: not a file — give the path of a values file"


def break_by_deleting(values: Path) -> str:
    values.unlink()
    return f"{values}: no such file"


def break_by_deleting_the_folder(values: Path) -> str:
    shutil.rmtree(values.parent)
    return f"{values}: no such file"


@pytest.mark.parametrize(
    "break_it",
    [break_with_a_symlink_loop, break_with_a_directory, break_by_deleting,
     break_by_deleting_the_folder],
    ids=["symlink loop", "directory", "deleted", "folder deleted"],
)  # fmt: skip
def test_a_broken_values_file_is_shown_and_the_next_good_save_recovers(
    break_it: Callable[[Path], str], values: Path, watched: Any
) -> None:
    _preview, built, watcher = watched
    good = values.read_text(encoding="utf-8")
    expected = break_it(values)
    page = next_page(built, lambda page: bool(page.problems))
    assert messages(page) == [expected]
    assert b"the chapter was not rebuilt" in page.html
    time.sleep(0.5)  # the watcher takes in the new state of the folder
    if values.is_symlink() or values.is_dir():
        values.unlink() if values.is_symlink() else values.rmdir()
    values.parent.mkdir(exist_ok=True)
    # The logo's folder went with a deleted folder: put it back before the good save.
    shutil.copytree(EXAMPLES[0].parent / "brand", values.parent / "brand", dirs_exist_ok=True)
    values.write_text(good.replace("Acme Outfitters", "Acme Again"), encoding="utf-8")
    page = next_page(built, lambda page: not page.problems)
    assert b"Acme Again" in page.html
    assert watcher.is_alive()


def test_an_unforeseen_exception_in_a_rebuild_is_shown_and_the_next_save_recovers(
    values: Path, watched: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose = importlib.import_module("ethos.chapter.compose")
    _preview, built, watcher = watched

    def fails(*_args: Any, **_kwargs: Any) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(compose, "compose_chapter", fails)
    values.write_text(values.read_text(encoding="utf-8") + "\n# saved\n", encoding="utf-8")
    page = next_page(built, lambda page: bool(page.problems))
    assert messages(page) == [
        f"{values}: the chapter could not be built (RecursionError: maximum recursion depth "
        "exceeded) — fix the input and save again; if it persists, report it as a bug in ethos"
    ]
    monkeypatch.undo()
    values.write_text(values.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    assert not next_page(built, lambda page: True).problems
    assert watcher.is_alive()


def test_a_failing_report_of_a_build_does_not_stop_the_watcher(values: Path) -> None:
    from ethos.preview.serve import Preview, start_watcher

    preview = Preview(values, None, ())
    stop = threading.Event()
    builds: list[int] = []

    def report(page: Any) -> None:
        builds.append(page.build)
        raise OSError("the terminal went away")

    watcher = start_watcher(preview, stop, report)
    try:
        for save in range(2):
            values.write_text(values.read_text(encoding="utf-8") + f"# {save}\n", "utf-8")
            deadline = time.monotonic() + WAIT_SECONDS
            while len(builds) <= save and time.monotonic() < deadline:
                time.sleep(0.05)
        assert len(builds) >= 2
        assert watcher.is_alive()
    finally:
        stop.set()
        watcher.join(timeout=WAIT_SECONDS)


# --- class 15: a client that sends nothing is let go --------------------------------------

TIMEOUT = 1.0  # the request timeout these tests give the server (10 s in use)


@pytest.fixture
def server(values: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from ethos.preview import http as serve_http
    from ethos.preview.serve import Preview

    monkeypatch.setattr(serve_http, "MAX_CONNECTIONS", 8)
    running = serve_http.PreviewServer(0, Preview(values, None, ()), request_timeout=TIMEOUT)
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield running
    running.stopping.set()
    running.preview.wake()
    running.shutdown()
    running.server_close()
    thread.join(timeout=WAIT_SECONDS)


def connect(server: Any) -> socket.socket:
    client = socket.create_connection(server.server_address, timeout=WAIT_SECONDS)
    return client


def closed_after(client: socket.socket) -> float:
    """Seconds until the server closes ``client`` (reads until end of stream)."""
    started = time.monotonic()
    while client.recv(4096):
        pass
    return time.monotonic() - started


def page_served(server: Any) -> bool:
    with urllib.request.urlopen(server.url, timeout=WAIT_SECONDS) as response:
        return response.status == 200 and b"Acme Outfitters" in response.read()


def test_silent_and_half_sent_requests_are_closed_after_the_timeout(server: Any) -> None:
    silent = [connect(server) for _ in range(3)]
    halves = [connect(server) for _ in range(2)]
    for client in halves:
        client.sendall(b"GET / HT")
    trickle = connect(server)
    assert page_served(server)  # meanwhile the page is served
    for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n":
        try:
            trickle.sendall(bytes([byte]))  # a byte now and then keeps no connection open
        except OSError:
            break
        time.sleep(0.2)
    for client in [*silent, *halves, trickle]:
        with client:
            assert closed_after(client) < 5 * TIMEOUT
    assert page_served(server)


def test_the_event_stream_outlives_the_request_timeout(server: Any) -> None:
    with connect(server) as stream:
        host = f"127.0.0.1:{server.server_address[1]}"
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        received = b""
        while b"data: 1\n\n" not in received:
            chunk = stream.recv(4096)
            assert chunk, received
            received += chunk
        time.sleep(3 * TIMEOUT)
        server.preview.rebuild()
        while b"data: 2\n\n" not in received:
            chunk = stream.recv(4096)
            assert chunk, "the server closed the event stream"
            received += chunk


def test_connections_over_the_limit_are_closed_and_the_page_comes_back(server: Any) -> None:
    idle = [connect(server) for _ in range(8)]
    time.sleep(0.3)
    with connect(server) as extra:
        assert closed_after(extra) < TIMEOUT  # refused at once, not queued
    for client in idle:
        with client:
            closed_after(client)
    assert page_served(server)


# --- class 16: start-up errors are messages ------------------------------------------------


def test_an_unreadable_values_path_at_start_up_is_a_message(tmp_path: Path, cli: Any) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    long_name = tmp_path / ("x" * 300 + ".yaml")
    under_a_file = tmp_path / "file.yaml" / "company.yaml"
    under_a_file.parent.write_text("", encoding="utf-8")
    for path, reason in [
        (loop, "too many levels of symbolic links"),
        (tmp_path / "loop.yaml" / "x.yaml", "too many levels of symbolic links"),
        (long_name, "file name too long"),
        (under_a_file, "not a directory"),
    ]:
        result = cli("serve", path, "--port", "0")
        assert result.exit_code == 2, result.output
        assert result.output == f"error: {path}: cannot be read: {reason} — check the path\n"
    directory = cli("serve", tmp_path, "--port", "0")
    assert directory.exit_code == 2
    assert directory.output == f"error: {tmp_path}: not a file — give the path of a values file\n"


def test_an_unusable_templates_directory_at_start_up_is_a_message(
    values: Path, tmp_path: Path, cli: Any
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    for directory in [loop, tmp_path / ("t" * 300), values, tmp_path / "absent"]:
        result = cli("serve", values, "--port", "0", "--templates", directory)
        assert result.exit_code == 2, result.output
        assert result.output == f"error: {directory}: no such template directory (--templates)\n"
    nul = cli("serve", values, "--port", "0", "--templates", "a\0b")
    assert nul.exit_code == 2
    assert "Traceback" not in nul.output
