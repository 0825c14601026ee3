"""Issue 13, class 3: a template has a real time and memory limit, even within one expression.

Each hostile template is built through the CLI in a child process whose address space the
test caps at 2 GiB (so that, without the limits, a case fails here instead of filling the
machine). Each must end within seconds, with exit 1, a message naming the template and its
line, no chapter written, and the peak memory of the whole process tree bounded.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest

from ethos.chapter.templating import Templates
from ethos.errors import TemplateError
from ethos.wording.localization import Locale

HERE = Path(__file__).parent
SAFETY_NET = 2 * 2**30  # bytes of address space for the ethos under test, children included
TEXT = (
    "the template computes a text of over 20,000,000 characters — it was stopped "
    "(a repetition, padding or width that is too large?)"
)
LIST = (
    "the template computes a list of over 1,000,000 items — it was stopped "
    "(a repetition that is too large?)"
)
NUMBER = (
    "the template computes a number of over 10,000 digits — it was stopped "
    "(a power or product that is too large?)"
)
MEMORY = (
    "the template needed more than 256 MB of memory — it was stopped; "
    "ETHOS_TEMPLATE_MEMORY_MB raises the limit"
)
TIME = (
    "the template ran for over 2 s — it was stopped (a loop that never ends?); "
    "ETHOS_TEMPLATE_TIMEOUT raises the limit"
)

CASES = {
    # The three cases.
    "repeat-text": ("{{ 'a' * 10**10 }}", TEXT),
    "power": ("{{ 10 ** (10 ** 8) }}", NUMBER),
    "two-gigabytes": ("{% set s = 'a' * 2000000 %}{{ s * 1000 }}", TEXT),
    # Variants.
    "repeat-list": ("{{ [0] * 10**10 }}", LIST),
    "range": (
        "{{ range(10**12)|list }}",
        "the template makes a range of over 100,000 numbers — it was stopped "
        "(a loop that repeats too often?)",
    ),
    "percent-huge-argument": ("{{ '%s' % ('x' * 10**9) }}", TEXT),
    "percent-width": ("{{ '%010000000000d' % 1 }}", TEXT),
    "percent-star-width": ("{{ '%*d' % (10**10, 1) }}", TEXT),
    "format-filter-precision": ("{{ '%.2000000000f'|format(1.0) }}", TEXT),
    "center-filter": ("{{ 'x'|center(10**10) }}", TEXT),
    "center-method": ("{{ 'x'.center(10**10) }}", TEXT),
    "ljust-method": ("{{ 'x'.ljust(10**10) }}", TEXT),
    "zfill-method": ("{{ 'x'.zfill(10**12) }}", TEXT),
    "expandtabs": ("{{ ('\\t' * 10**6).expandtabs(10**9) }}", TEXT),
    "indent-filter": ("{{ ('a\\n' * 1000000)|indent(100) }}", TEXT),
    "replace-empty": ("{{ 'a'.replace('', 'b' * 10**7) }}", TEXT),
    "replace-grows": ("{{ ('x' * 10**7).replace('x', 'yy' * 10) }}", TEXT),
    "lipsum": ("{{ lipsum(10**9) }}", TEXT),
    "slice-filter": ("{{ range(10)|slice(10**9)|list|length }}", LIST),
    "format-method-width": ("{{ '{:>10000000000}'.format(1) }}", TEXT),
    "format-method-nested-width": ("{{ '{:>{}}'.format(1, 10**10) }}", TEXT),
    "product-of-powers": ("{{ (2 ** 100000) * (2 ** 100000) }}", NUMBER),
    "list-extend-doubling": (
        "{% set l = [0] * 10**6 %}{% for i in range(30) %}{% set _ = l.extend(l) %}{% endfor %}",
        LIST,
    ),
    # No estimate sees these coming: the memory limit of the rendering process stops them.
    "concatenation-doubling": (
        "{% set ns = namespace(x='ab') %}{% for i in range(64) %}"
        "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}",
        MEMORY,
    ),
    "join-filter": ("{{ (['x' * 1000000] * 1000000)|join }}", MEMORY),
    "recursive-macro": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "the template calls itself without end — remove the recursion",
    ),
}


def _tree_rss(process: psutil.Process) -> int:
    """Bytes resident in ``process`` and all its descendants now."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # it ended meanwhile
            total += member.memory_info().rss
    return total


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_NET, SAFETY_NET))


def build_with(template: str, tmp_path: Path) -> tuple[int, str, float, int]:
    """Build with a hostile ``chapter.md.j2``: exit code, stderr, seconds, peak tree RSS."""
    (tmp_path / "base.yaml").write_bytes((HERE / "base.yaml").read_bytes())
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "chapter.md.j2").write_text(template + "\n", encoding="utf-8")
    environment = {
        **os.environ,
        "COLUMNS": "400",
        "ETHOS_TEMPLATE_TIMEOUT": "2",
        "ETHOS_TEMPLATE_MEMORY_MB": "256",
    }
    command = [sys.executable, "-m", "ethos", "build", "base.yaml", "--templates", "tpl"]
    start = time.monotonic()
    child = subprocess.Popen(
        [*command, "--format", "md", "--out", "out"],
        cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=_cap_memory,  # noqa: PLW1509 - the test starts no threads
    )  # fmt: skip
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None and time.monotonic() - start < 60:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.02)
    if child.poll() is None:
        for member in [*watched.children(recursive=True), watched]:
            member.kill()
    _, stderr = child.communicate()
    return child.returncode, stderr, time.monotonic() - start, peak


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_template_is_stopped_with_a_message(name: str, tmp_path: Path) -> None:
    template, message = CASES[name]
    code, stderr, seconds, peak = build_with(template, tmp_path)
    assert stderr == f"error: tpl/chapter.md.j2:1: {message}\n"
    assert code == 1
    assert seconds < 15
    assert peak < 700 * 2**20, f"{peak / 2**20:.0f} MB"
    assert not list((tmp_path / "out").rglob("*.md"))


def test_a_loop_that_outputs_too_much_is_stopped(tmp_path: Path) -> None:
    template = (
        "{% for a in range(99999) %}{% for b in range(99999) %}xxxxxxxxxx{% endfor %}{% endfor %}"
    )
    code, stderr, seconds, peak = build_with(template, tmp_path)
    assert stderr == (
        "error: tpl/chapter.md.j2: the template produced over 20,000,000 characters — it was "
        "stopped (a loop that repeats too often?)\n"
    )
    assert (code, seconds < 15, peak < 700 * 2**20) == (1, True, True)


def _templates(directory: Path) -> Templates:
    """User templates with two filters that run C code no sandbox estimate knows about."""
    return Templates(
        [directory],
        Locale("en").translations,
        filters={
            "spin": lambda n: sum(itertools.repeat(1, n)),  # one C loop, deaf to signals
            "hog": lambda n: len(bytearray(n)),
        },
    )


def test_one_long_c_operation_is_killed_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ETHOS_TEMPLATE_TIMEOUT", "2")
    (tmp_path / "spin.md.j2").write_text("before\n{{ (10**12)|spin }}\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(TemplateError) as raised:
        _templates(tmp_path).render_markdown("spin.md.j2")
    assert str(raised.value) == f"{tmp_path / 'spin.md.j2'}:2: {TIME}"
    assert time.monotonic() - start < 6


def test_an_allocation_past_the_memory_limit_fails_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ETHOS_TEMPLATE_MEMORY_MB", "256")
    (tmp_path / "hog.md.j2").write_text("ok\n{{ (2**33)|hog }}\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(TemplateError) as raised:
        _templates(tmp_path).render_markdown("hog.md.j2")
    assert str(raised.value) == f"{tmp_path / 'hog.md.j2'}:2: {MEMORY}"
    assert time.monotonic() - start < 5


def test_user_templates_render_in_turn_and_see_their_context(tmp_path: Path) -> None:
    (tmp_path / "a.md.j2").write_text("{{ who }} {{ 2 ** 10 }} {{ 'ab' * 3 }}\n", encoding="utf-8")
    templates = _templates(tmp_path)
    first = templates.render_markdown("a.md.j2", who="one")
    second = templates.render_markdown("a.md.j2", who="two")  # through the pipe
    assert (first, second) == ("one 1024 ababab\n", "two 1024 ababab\n")


def test_after_a_failing_template_the_next_render_gets_its_own_answer(tmp_path: Path) -> None:
    (tmp_path / "ok.md.j2").write_text("{{ who }}\n", encoding="utf-8")
    (tmp_path / "bad.md.j2").write_text("{{ 'a' * 10**10 }}\n", encoding="utf-8")
    templates = _templates(tmp_path)
    with pytest.raises(TemplateError) as raised:
        templates.render_markdown_each(["ok.md.j2", "bad.md.j2", "ok.md.j2"], who="one")
    assert str(raised.value) == f"{tmp_path / 'bad.md.j2'}:1: {TEXT}"
    assert templates.render_markdown_each(["ok.md.j2"] * 2, who="two") == ["two\n", "two\n"]


SPINNER = """
import itertools, sys
from pathlib import Path
from ethos.wording.localization import Locale
from ethos.chapter.templating import Templates
templates = Templates([Path(sys.argv[1])], Locale("en").translations,
                      filters={"spin": lambda n: sum(itertools.repeat(1, n))})
templates.render_markdown("spin.md.j2")
"""


def test_a_child_stuck_in_c_ends_when_its_parent_was_killed(tmp_path: Path) -> None:
    (tmp_path / "spin.md.j2").write_text("{{ (10**12)|spin }}\n", encoding="utf-8")
    environment = {**os.environ, "ETHOS_TEMPLATE_TIMEOUT": "1"}
    parent = subprocess.Popen([sys.executable, "-c", SPINNER, str(tmp_path)], env=environment)
    watched = psutil.Process(parent.pid)
    deadline = time.monotonic() + 20
    while not watched.children() and time.monotonic() < deadline:
        time.sleep(0.05)
    [child] = watched.children()
    parent.kill()  # before it can kill its late child
    parent.wait()
    # The kernel ends it after about 3 s of CPU time (1 s limit and twice the grace).
    gone, _ = psutil.wait_procs([child], timeout=30)
    assert gone
