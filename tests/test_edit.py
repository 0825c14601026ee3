"""`ethos edit`, for real: the editor in headless Chromium changes a copy of an example
the way an HR user would, and git shows exactly those changes; the draft, its form and
its guards tested on their own."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ethos.edit.draft import Change, ChangeError, Draft, parse_change
from ethos.edit.fields import Field
from ethos.edit.form import build_form
from ethos.edit.form_context import form_context
from ethos.edit.session import EditSession, NotSavedError
from ethos.values.policies import policy_definitions
from ethos.wording.theme import Theme

from conftest import EXAMPLES, REPOSITORY
from helpers import copy_example, require_tools

BROWSER = REPOSITORY / "tests" / "browser"
EDIT_SCRIPT = BROWSER / "edit.mjs"
VNU_JAR = BROWSER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WAIT_SECONDS = 60.0  # an upper bound for the editor to answer, not a timing assertion
BRIGHTLINE = REPOSITORY / "values" / "brightline-electronics.yaml"
URDU = REPOSITORY / "values" / "halden-home-pakistan.yaml"
ACME = REPOSITORY / "values" / "acme-outfitters.yaml"  # own policies, sections, a foreword


# --- the editor, running ----------------------------------------------------------------


@dataclass
class Editor:
    process: subprocess.Popen[str]
    address: str

    @property
    def base(self) -> str:
        return self.address.split("?", 1)[0].rstrip("/")

    @property
    def token(self) -> str:
        return self.address.split("token=", 1)[1]


def start_editor(path: Path) -> Editor:
    process = subprocess.Popen(
        [sys.executable, "-m", "ethos", "edit", str(path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        cwd=REPOSITORY,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.search(r"at (http://127\.0\.0\.1:\d+/\?token=\S+)", first)
    assert match, first + process.stdout.read()
    return Editor(process, match.group(1))


def stop_editor(editor: Editor) -> str:
    editor.process.send_signal(signal.SIGINT)
    output, _ = editor.process.communicate(timeout=WAIT_SECONDS)
    return output


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository holding a copy of the Brightline example, committed."""
    copy_example(BRIGHTLINE, tmp_path / "brightline.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "start")
    return tmp_path


@pytest.fixture
def editor(repository: Path) -> Iterator[Editor]:
    running = start_editor(repository / "brightline.yaml")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.communicate()


def git(directory: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=directory, capture_output=True, text=True, check=True
    ).stdout


def request(
    url: str, *, data: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, str, dict[str, str]]:
    body = None if data is None else json.dumps(data).encode()
    sent = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(sent, timeout=WAIT_SECONDS) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def cookie_of(editor: Editor) -> str:
    status, _, headers = request(editor.address)
    assert status == 200
    return headers["Set-Cookie"].split(";", 1)[0]


def post_headers(editor: Editor, cookie: str) -> dict[str, str]:
    return {
        "Cookie": cookie,
        "X-Ethos-Token": editor.token,
        "Origin": editor.base,
        "Content-Type": "application/json",
    }


def require_browser() -> None:
    require_tools(
        ("Node (node)", shutil.which("node") is not None),
        ("Chromium (/usr/bin/chromium)", Path("/usr/bin/chromium").is_file()),
        ("tests/browser/node_modules", (BROWSER / "node_modules" / "playwright-core").is_dir()),
    )


def test_an_hr_user_edits_saves_and_is_warned_in_chromium(editor: Editor, repository: Path) -> None:
    """The issue's end-to-end test: a stance, a parameter, an Italian text and a value,
    saved; git shows exactly those changes with every comment kept; the preview followed
    the draft; an invalid number shows check's message at its field and is not written;
    a save on disk while the page is open is caught."""
    require_browser()
    values = repository / "brightline.yaml"
    browser = subprocess.Popen(
        ["node", str(EDIT_SCRIPT), editor.address],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPOSITORY,
    )
    steps: queue.Queue[dict[str, Any]] = queue.Queue()

    def read() -> None:
        assert browser.stdout is not None
        for line in browser.stdout:
            steps.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()

    def step(name: str) -> dict[str, Any]:
        try:
            got = steps.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            browser.kill()
            raise AssertionError(f"no `{name}` from the browser: {browser.stderr.read()}") from None
        assert got["event"] == name, got
        return got

    try:
        assert step("loaded")["status"].startswith("No unsaved changes")
        assert step("previewed")["empathy"] > 0
        assert step("saved")["status"].startswith("Saved")
        saved = values.read_text(encoding="utf-8")
        assert git(repository, "diff", "--numstat") == "4\t3\tbrightline.yaml\n"
        changed = [
            line
            for line in git(repository, "diff", "-U0").splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed == [
            "-    it: elettronica di consumo, online e in due punti vendita",
            "+    it: elettronica di consumo, online e in due negozi",
            "+  - empathy",
            "-    window_days: 30",
            "+    window_days: 45",
            "-    stance: occasional",
            "+    stance: none",
        ]
        original = BRIGHTLINE.read_text(encoding="utf-8")
        comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
        assert comments and all(line in saved.splitlines() for line in comments)

        invalid = step("invalid")
        assert invalid["problem"] == (
            f"{values}:55:18: policies.returns.window_days: input should be greater than 0"
        )
        assert invalid["invalid"] == "true"
        assert "1 problem to fix before saving" in invalid["status"]
        assert step("refused")["message"].startswith("not saved: 1 problem to fix first")
        assert values.read_text(encoding="utf-8") == saved

        step("waiting")
        values.write_text(saved + "# a comment added in another editor\n", encoding="utf-8")
        assert browser.stdin is not None
        browser.stdin.write("go\n")
        browser.stdin.flush()
        assert "changed on disk" in step("conflict")["text"]
        both = step("both")
        assert "+# a comment added in another editor" not in both["diff"]
        assert "-# a comment added in another editor" in both["diff"]
        assert "+    window_days: 0" in both["diff"]
        assert both["failures"] == []
        assert both["message"].startswith("not saved: 1 problem to fix first")  # still invalid
        assert values.read_text(encoding="utf-8").endswith("# a comment added in another editor\n")
    finally:
        browser.kill()
        browser.communicate()
    assert "Traceback" not in stop_editor(editor)


def test_the_check_s_wording_is_the_same_as_ethos_check(repository: Path) -> None:
    """The message at the field is what `ethos check` prints for the file once saved."""
    values = repository / "brightline.yaml"
    session = EditSession(values)
    session.apply(parse_change({"op": "set", "path": ["policies", "returns", "window_days"],
                                "kind": "integer", "value": "0"}))  # fmt: skip
    shown = [p for p in session.state()["problems"] if p["severity"] == "error"]
    values.write_text(session.draft.text, encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "-m", "ethos", "check", str(values)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"}, check=False,
    )  # fmt: skip
    assert printed.returncode == 1
    assert [p["text"] for p in shown] == [
        line for line in printed.stderr.splitlines() if "window_days" in line
    ]
    assert shown[0]["field"] == "f-policies-returns-window_days"


# --- guards -------------------------------------------------------------------------------


def test_the_page_needs_the_session_token(editor: Editor) -> None:
    assert request(editor.base + "/")[0] == 403
    assert request(editor.base + "/?token=wrong")[0] == 403
    assert request(editor.base + "/form")[0] == 403
    status, page, headers = request(editor.address)
    assert status == 200
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert not re.search(r"""(src|href)=["']https?://""", page), "nothing loads from elsewhere"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"Origin": "http://evil.example"}, "a change must come from the editor's own page"),
        ({"Origin": None}, "a change must come from the editor's own page"),
        ({"X-Ethos-Token": "guess"}, "this page is not the editor's session"),
        ({"Cookie": None}, "this page is not the editor's session"),
        ({"Content-Type": "text/plain"}, "a change is sent as JSON"),
        ({"Host": "evil.example"}, "ethos edit answers only on 127.0.0.1 and localhost"),
    ],
)
def test_a_change_without_every_credential_is_refused(
    editor: Editor, repository: Path, change: dict[str, str | None], expected: str
) -> None:
    headers = post_headers(editor, cookie_of(editor))
    for name, value in change.items():
        if value is None:
            headers.pop(name)
        else:
            headers[name] = value
    before = (repository / "brightline.yaml").read_bytes()
    for path in ("/change", "/save", "/reload"):
        status, body, _ = request(
            editor.base + path,
            data={"op": "set", "path": ["company", "name"], "value": "Pwned"},
            headers=headers,
        )
        assert status == 403
        assert expected in json.loads(body)["error"]
    assert (repository / "brightline.yaml").read_bytes() == before


def test_a_malformed_change_is_a_message_not_a_crash(editor: Editor, repository: Path) -> None:
    headers = post_headers(editor, cookie_of(editor))
    for change, message in [
        ({"op": "rm -rf", "path": ["company"]}, "`op` is one of"),
        ({"op": "set", "path": "company.name"}, "`path` is a list"),
        ({"op": "set", "path": ["company", "name", "x"], "value": "y"}, "holds no keys"),
        ({"op": "move", "path": ["values", 99], "to": 0}, "is no item of a list"),
    ]:
        status, body, _ = request(editor.base + "/change", data=change, headers=headers)
        assert status == 400, body
        assert message in json.loads(body)["error"]
    status, body, _ = request(editor.base + "/save", data={}, headers=headers)
    assert status == 200, body
    assert (repository / "brightline.yaml").read_bytes() == BRIGHTLINE.read_bytes()


def test_an_oversized_or_unmeasured_body_is_refused(editor: Editor) -> None:
    headers = post_headers(editor, cookie_of(editor))
    too_big = {"op": "set", "path": ["company", "name"], "value": "x" * 1_000_001}
    status, body, _ = request(editor.base + "/change", data=too_big, headers=headers)
    assert (status, json.loads(body)["error"]) == (413, "a request takes at most 1,000,000 bytes")
    status, body, _ = request(editor.base + "/change", data={"op": "set"},
                              headers={**headers, "Content-Length": "lots"})  # fmt: skip
    assert status == 400


def test_an_unreadable_file_is_refused_before_serving(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: [unclosed\n", encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, "-m", "ethos", "edit", str(broken), "--port", "0"],
        capture_output=True, text=True, timeout=WAIT_SECONDS, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert finished.returncode == 1
    assert finished.stderr.startswith(
        f"{broken}:1:10: YAML syntax error: the [ opened here is never closed — add the closing ]"
    )
    assert "Traceback" not in finished.stderr + finished.stdout


# --- the draft ----------------------------------------------------------------------------


def draft_of(text: str) -> Draft:
    return Draft(text, "en")


def test_a_text_in_a_second_language_makes_a_plain_text_one_by_language() -> None:
    draft = draft_of("# top\ncompany:\n  name: Acme  # the name\n  industry: retail\n")
    draft.apply(Change("set_text", ("company", "industry"), "vendita al dettaglio", language="it"))
    assert draft.text == (
        "# top\ncompany:\n  name: Acme  # the name\n  industry:\n    en: retail\n"
        "    it: vendita al dettaglio\n"
    )
    draft.apply(Change("set_text", ("company", "industry"), "", language="it"))
    assert draft.text.endswith("    en: retail\n")


def test_a_flow_list_stays_a_flow_list_and_untouched_keys_keep_their_quotes() -> None:
    draft = draft_of("a: 'quoted'\nb: [x, y]\nc: \"1.0\"\n")
    draft.apply(Change("set", ("b",), ["x", "z"], kind="choices"))
    assert draft.text == "a: 'quoted'\nb: [x, z]\nc: \"1.0\"\n"


def test_clearing_a_field_removes_its_key_and_an_emptied_mapping() -> None:
    draft = draft_of("policies:\n  returns:\n    stance: limited\n    wording:\n      label: X\n")
    draft.apply(Change("set", ("policies", "returns", "wording", "label"), ""))
    assert draft.text == "policies:\n  returns:\n    stance: limited\n"
    draft.apply(Change("delete", ("policies", "returns")))
    assert draft.text == "policies: {}\n"


def test_a_number_that_is_none_stays_text_for_the_check_to_name() -> None:
    draft = draft_of("p:\n  days: 3\n")
    draft.apply(Change("set", ("p", "days"), "three", kind="integer"))
    assert draft.data["p"]["days"] == "three"
    draft.apply(Change("set", ("p", "days"), "30", kind="integer"))
    assert draft.text == "p:\n  days: 30\n"


def test_moving_a_value_reorders_the_list() -> None:
    draft = draft_of("values:\n  - a\n  - b\n  - c\n")
    draft.apply(Change("move", ("values", 2), to=0))
    assert draft.text == "values:\n  - c\n  - a\n  - b\n"


def test_wording_written_over_the_built_in_records_what_it_replaces(tmp_path: Path) -> None:
    """`check` warns about an override without `source`; the editor records it, so the
    user never has to look up a fingerprint."""
    from ethos.wording.catalog import fingerprint, load_catalog

    values = copy_example(BRIGHTLINE, tmp_path / "b.yaml")
    session = EditSession(values)
    session.apply(Change("set", ("values", 0), {"id": "courtesy"}, kind="mapping"))
    session.apply(Change("set_text", ("values", 0, "title"), "Good manners", language="en"))
    session.apply(Change("set_text", ("policies", "returns", "wording", "label"), "Fair returns",
                         language="en"))  # fmt: skip
    catalog = load_catalog("en")
    assert session.draft.data["values"][0]["source"] == fingerprint(catalog.values["courtesy"])
    wording = session.draft.data["policies"]["returns"]["wording"]
    assert wording["source"] == fingerprint(catalog.policies["returns"].stances["limited"])
    assert not [p for p in session.state()["problems"] if "records no `source`" in p["text"]]


def test_a_failed_change_leaves_the_draft_as_it_was(tmp_path: Path) -> None:
    values = copy_example(BRIGHTLINE, tmp_path / "b.yaml")
    session = EditSession(values)
    before = session.draft.text
    with pytest.raises(ChangeError):
        session.apply(Change("set", ("company", "name", "deeper", "still"), "x"))
    assert session.draft.text == before


def test_an_invalid_draft_or_a_changed_file_is_never_written(tmp_path: Path) -> None:
    values = copy_example(BRIGHTLINE, tmp_path / "b.yaml")
    session = EditSession(values)
    session.apply(Change("set", ("policies", "returns", "window_days"), "-1", kind="integer"))
    with pytest.raises(NotSavedError, match="not saved: 1 problem to fix first"):
        session.save()
    session.apply(Change("set", ("policies", "returns", "window_days"), "60", kind="integer"))
    values.write_text(values.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
    with pytest.raises(NotSavedError, match="changed on disk"):
        session.save()
    assert values.read_text(encoding="utf-8").endswith("# theirs\n")
    assert "+    window_days: 60" in session.both()
    session.save(overwrite=True)
    assert "window_days: 60" in values.read_text(encoding="utf-8")


# --- the form: generated, never written per policy -------------------------------------


def form_of(path: Path) -> list[Field]:
    session = EditSession(path)
    with Theme().active() as theme:
        return build_form(session.draft.data, form_context(path, session.draft, theme))


def test_every_policy_definition_has_its_scale_and_typed_parameters() -> None:
    fields = {field.key: field for part in form_of(BRIGHTLINE) for field in part.walk()}
    for key, definition in policy_definitions().items():
        policy = fields[f"policies.{key}"]
        assert [option.value for option in policy.options] == list(definition.stances)
        assert all(option.label and option.detail for option in policy.options)
    window = fields["policies.returns.window_days"]
    assert (window.kind, window.unit, window.minimum, window.maximum) == ("number", "days", 1, 3650)
    assert window.value == 30
    limited = next(o for o in fields["policies.returns"].options if o.value == "limited")
    assert limited.rules[0] == (
        "Explain the 30-day return period and the conditions for a refund before the customer buys."
    )


def test_every_free_text_has_a_box_per_language_and_missing_ones_are_marked(
    tmp_path: Path,
) -> None:
    values = copy_example(BRIGHTLINE, tmp_path / "b.yaml")
    text = values.read_text(encoding="utf-8")
    values.write_text(text.replace("    it: elettronica di consumo, online e in due punti vendita\n", ""),
                      encoding="utf-8")  # fmt: skip
    fields = {field.key: field for part in form_of(values) for field in part.walk()}
    industry = fields["company.industry"]
    assert [(box.language, box.missing) for box in industry.texts] == [
        ("en", False), ("it", True), ("tl", False), ("ur", False), ("zh", False)
    ]  # fmt: skip
    assert next(box for box in industry.texts if box.language == "ur").direction == "rtl"


def test_own_policies_and_sections_get_the_same_forms() -> None:
    """Acme's own `repairs` policy is edited as a built-in one, from its definition in the
    file; its definition and the sections are forms made from the schema."""
    fields = {field.key: field for part in form_of(ACME) for field in part.walk()}
    repairs = fields["policies.repairs"]
    assert repairs.value == "free_for_life"
    assert [option.label for option in repairs.options] == [
        "Free repairs for life", "Free repairs for a set period", "Repairs at cost"
    ]  # fmt: skip
    assert fields["own_policies.repairs"].removable
    assert fields["own_policies.repairs.favours"].kind == "choice"
    assert fields["sections.foreword.text"].kind == "text"
    assert fields["sections.added"].kind == "list"


def page_of(path: Path, tmp_path: Path) -> Path:
    from ethos.edit.page import editor_page

    page = tmp_path / f"{path.stem}.html"
    page.write_text(editor_page(EditSession(path), "token"), encoding="utf-8")
    return page


@pytest.mark.parametrize("example", [BRIGHTLINE, URDU, ACME], ids=["en", "ur", "own"])
def test_the_editor_page_passes_the_nu_html_checker(example: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    require_tools(("Java (java)", java is not None), ("vnu.jar", VNU_JAR.is_file()))
    page = page_of(example, tmp_path)
    finished = subprocess.run(
        [str(java), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(page)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(finished.stderr)["messages"]
    assert messages == [], messages[:5]


@pytest.mark.parametrize("example", [BRIGHTLINE, URDU], ids=["en", "ur"])
def test_the_live_editor_passes_axe(example: Path, tmp_path: Path) -> None:
    """axe-core on the running editor, every policy opened, problems shown."""
    require_browser()
    values = copy_example(example, tmp_path / example.name)
    text = values.read_text(encoding="utf-8")
    values.write_text(re.sub(r"window_days: \d+", "window_days: 0", text, count=1),
                      encoding="utf-8")  # fmt: skip
    running = start_editor(values)
    try:
        finished = subprocess.run(
            ["node", str(BROWSER / "axe.mjs"), running.address],
            capture_output=True, text=True, check=False, cwd=REPOSITORY,
            env={**os.environ, "AXE_LIVE": "1"}, timeout=180,
        )  # fmt: skip
    finally:
        stop_editor(running)
    assert finished.returncode == 0, finished.stderr
    violations = json.loads(finished.stdout)[running.address]
    assert violations == [], [(v["id"], v["help"], v["nodes"][:2]) for v in violations]


def test_the_readme_shows_the_editor() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for picture in ("docs/screenshots/edit-en.png", "docs/screenshots/edit-ur.png"):
        assert picture in readme
        assert (REPOSITORY / picture).is_file()


assert EXAMPLES  # the examples the suite builds are the ones edited here
