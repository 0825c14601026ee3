"""The committed locks stay honest.

requirements.lock pins every Python dependency (dev tools included) with hashes, and the
Makefile installs from it; it must agree with pyproject.toml and with the venv the tests
run in. tests/browser/package-lock.json must agree with its package.json.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPOSITORY

LOCK = REPOSITORY / "requirements.lock"
REFRESH = "run `make lock` and commit requirements.lock"
REINSTALL = "the venv was not installed from requirements.lock: run `make bootstrap`"
BROWSER = REPOSITORY / "tests" / "browser"
NPM_REFRESH = "run `npm install --prefix tests/browser --package-lock-only` and commit the lock"


@dataclass(frozen=True)
class Pin:
    """One package of requirements.lock."""

    requirement: Requirement
    hashes: int
    via: frozenset[str]
    """The packages that need it, as the lock's `# via` comments say; `ethos` for a direct one."""

    @property
    def version(self) -> str:
        (specifier,) = self.requirement.specifier
        return specifier.version

    def applies_here(self) -> bool:
        marker = self.requirement.marker
        return marker is None or marker.evaluate()


def read_lock(text: str) -> list[Pin]:
    """Every entry of requirements.lock as written by `uv pip compile --generate-hashes`.

    A package may have several entries, one per environment marker (numpy for Python
    < 3.12 and for >= 3.12, say).
    """
    pins: list[Pin] = []
    for entry in re.split(r"\n(?=[^\s#])", text.split("\n", 2)[2].strip()):
        lines = [line.strip().removesuffix("\\").strip() for line in entry.splitlines()]
        requirement = Requirement(lines[0])
        comments = [line.removeprefix("#").strip() for line in lines if line.startswith("#")]
        via = [c.removeprefix("via").strip() for c in comments if c != "via"]
        pins.append(
            Pin(
                requirement,
                hashes=sum(line.startswith("--hash=sha256:") for line in lines),
                via=frozenset(canonicalize_name(name.split()[0]) for name in via),
            )
        )
    return pins


def by_name(entries: list[Pin]) -> dict[str, Pin]:
    """One pin per package: the entry whose marker holds here (else its first), needed by
    whatever needs any of its entries."""
    pins: dict[str, Pin] = {}
    for pin in entries:
        name = canonicalize_name(pin.requirement.name)
        known = pins.get(name)
        if known is None:
            pins[name] = pin
            continue
        chosen = pin if pin.applies_here() and not known.applies_here() else known
        pins[name] = Pin(chosen.requirement, chosen.hashes, known.via | pin.via)
    return pins


ENTRIES = read_lock(LOCK.read_text(encoding="utf-8"))
PINS = by_name(ENTRIES)
PROJECT = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DIRECT = [
    Requirement(text)
    for text in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["dev"]]
]


def test_the_lock_pins_exact_versions_with_hashes() -> None:
    assert len(PINS) > 40
    for pin in ENTRIES:
        name = pin.requirement.name
        assert str(pin.requirement.specifier) == f"=={pin.version}", name
        assert pin.hashes >= 1, f"{name} has no hash: {REFRESH}"


def test_every_direct_dependency_is_locked_at_a_version_it_allows() -> None:
    for requirement in DIRECT:
        pin = PINS.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement} (pyproject.toml) is not in the lock: {REFRESH}"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"{requirement} (pyproject.toml) is locked at {pin.version}: {REFRESH}"
        )


def test_the_lock_holds_nothing_pyproject_does_not_need() -> None:
    direct = {canonicalize_name(requirement.name) for requirement in DIRECT}
    named_direct = {name for name, pin in PINS.items() if "ethos" in pin.via}
    assert named_direct == direct, f"the lock's direct dependencies are not pyproject's: {REFRESH}"
    reachable = {"ethos"}
    while True:
        more = {name for name, pin in PINS.items() if pin.via & reachable} - reachable
        if not more:
            break
        reachable |= more
    assert set(PINS) - reachable == set(), f"needed by nothing in pyproject.toml: {REFRESH}"


def needed_here() -> set[str]:
    """Every distribution pyproject's dependencies need on this platform and Python, from
    the requirements of the installed distributions themselves."""
    pending = [(requirement, frozenset(requirement.extras)) for requirement in DIRECT]
    needed: dict[str, frozenset[str]] = {}
    while pending:
        requirement, extras = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in needed and extras <= needed[name]:
            continue
        needed[name] = needed.get(name, frozenset()) | extras
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # not installed: the comparison with the lock names it
        for text in requires:
            wanted = Requirement(text)
            if wanted.marker is None or any(
                wanted.marker.evaluate({"extra": extra}) for extra in ["", *needed[name]]
            ):
                pending.append((wanted, frozenset(wanted.extras)))
    return set(needed)


def test_the_venv_has_exactly_the_locked_versions() -> None:
    here = {name: pin for name, pin in PINS.items() if pin.applies_here()}
    for name, pin in here.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name}=={pin.version} is locked but not installed: {REINSTALL}")
        assert installed == pin.version, f"{name} {installed} is installed, {pin.version} locked"
    assert needed_here() == set(here), (
        f"the lock and the dependencies' requirements differ: {REFRESH}"
    )


def test_the_makefile_installs_from_the_lock_and_reinstalls_when_it_changes(
    tmp_path: Path,
) -> None:
    stamp = tmp_path / "venv" / ".ethos-installed"
    stamp.parent.mkdir()
    stamp.touch()
    make = ["make", "--no-print-directory", f"VENV={stamp.parent}", str(stamp)]
    up_to_date = subprocess.run([*make, "-q"], cwd=REPOSITORY, check=False)
    assert up_to_date.returncode == 0
    for changed in ["requirements.lock", "pyproject.toml"]:
        planned = subprocess.run(
            [*make, "-n", "-W", changed], cwd=REPOSITORY, capture_output=True, text=True, check=True
        ).stdout
        assert f"pip install --quiet --require-hashes -r {LOCK.name}\n" in planned, changed
        assert "pip install --quiet --no-deps --no-build-isolation -e .\n" in planned, changed


# --- tests/browser (npm) ---------------------------------------------------------------------


def test_the_browser_lock_is_package_json_pinned_exactly() -> None:
    package = json.loads((BROWSER / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((BROWSER / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] >= 2
    root = lock["packages"][""]
    assert (root["name"], root["version"]) == (package["name"], package["version"]), NPM_REFRESH
    sections = ["dependencies", "devDependencies", "optionalDependencies"]
    assert package.get("dependencies"), "tests/browser/package.json has no dependencies"
    for section in sections:
        wanted, locked = package.get(section, {}), root.get(section, {})
        assert locked == wanted, f"package.json {section} differ from the lock's: {NPM_REFRESH}"
        for name, version in wanted.items():
            assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", version), (
                f"{name}: pin an exact version in tests/browser/package.json, not {version!r}"
            )
            entry = lock["packages"].get(f"node_modules/{name}", {})
            assert entry.get("version") == version, (
                f"{name} is locked at {entry.get('version')}, package.json pins {version}: {NPM_REFRESH}"
            )
    for path, entry in lock["packages"].items():
        if path and not entry.get("link"):
            assert entry["integrity"].startswith("sha512-"), path
