"""Peer benchmark: `ethos compare FILE --peers DIR` over a folder of generated values files.

`make bench` runs it after bench/bench.py; it writes its figures to bench/RESULTS.md as
the section "Peer benchmark" (in place of the last one). The peer files are made from the two examples that stand
alone (Brightline and Acme, its logo left out): each gets its own company name, and each
stated policy a stance and whole-number parameters drawn at random (seeded) within its
definition, kept only where the file still passes `ethos check`. Target: 200 files in
under 10 s, end to end through the command line.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
BASES = [
    REPOSITORY / "values" / name for name in ("brightline-electronics.yaml", "acme-outfitters.yaml")
]
RESULTS = REPOSITORY / "bench" / "RESULTS.md"
HEADING = "## Peer benchmark"


VARIED = 20
"""Values files drawn stance by stance (each checked); the others vary their numbers."""


def generate(folder: Path, count: int, seed: int = 18) -> list[Path]:
    """``count`` varied values files in ``folder``: :data:`VARIED` drawn stance by stance
    and checked, the others copies of those with their own name and numbers."""
    drawn = _drawn(folder, min(count, VARIED), seed)
    chooser = random.Random(seed + 1)
    written = list(drawn)
    for number in range(len(drawn), count):
        data = yaml.safe_load(drawn[number % len(drawn)].read_text(encoding="utf-8"))
        data["company"]["name"] = f"Peer {number:03d}"
        for policy in data.get("policies", {}).values():
            for name, value in policy.items():
                if isinstance(value, int) and not isinstance(value, bool) and value > 1:
                    policy[name] = chooser.randint(max(1, value // 2), value)
        target = folder / f"peer-{number:03d}.yaml"
        target.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        written.append(target)
    return written


def _drawn(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` values files whose stances are drawn at random, each checked."""
    from ethos.errors import EthosError
    from ethos.values.loading import load
    from ethos.values.policies import policy_definitions

    definitions = policy_definitions()
    chooser = random.Random(seed)
    bases = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in BASES]
    for base in bases:
        base["company"].pop("logo", None)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        data = copy.deepcopy(bases[number % len(bases)])
        data["company"]["name"] = f"Peer {number:03d}"
        target = folder / f"peer-{number:03d}.yaml"
        for key, policy in data.get("policies", {}).items():
            definition = definitions.get(key)
            if definition is None:
                continue
            trial = copy.deepcopy(data)
            stance = chooser.choice(list(definition.stances))
            slots = definition.stances[stance].slots
            trial["policies"][key] = {"stance": stance}
            for name, parameter in definition.parameters.items():
                if name not in policy or name not in slots:
                    continue
                value = policy[name]
                if parameter.type == "integer":
                    value = max(1, int(value) + chooser.randint(-int(value) // 2, int(value)))
                trial["policies"][key][name] = value
            target.write_text(
                yaml.safe_dump(trial, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            try:
                load(target)
            except EthosError:
                continue
            data = trial
        target.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        load(target)  # every file written is valid
        written.append(target)
    return written


def timed(company: Path, folder: Path, repeat: int) -> list[float]:
    """Seconds for the whole command, ``repeat`` times; every peer file must be read."""
    import json

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "ethos", "compare", str(company), "--peers", str(folder),
             "-f", "json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
        peers = json.loads(result.stdout)["peers"]
        assert peers["read"] == peers["files"], peers["left_out"][:3]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    company = REPOSITORY / "values" / "halden-home-pakistan.yaml"
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for count in sorted({20, arguments.count}):
            folder = Path(scratch) / f"peers-{count}"
            generate(folder, count)
            times = timed(company, folder, arguments.repeat)
            rows.append((count, statistics.median(times), min(times), max(times)))
            _, median, low, high = rows[-1]
            print(f"{count} peer files: median {median:.2f} s ({low:.2f}-{high:.2f})")
    target = next(seconds for count, seconds, _, _ in rows if count == arguments.count)
    verdict = "met" if target < 10 else "missed"
    lines = [
        HEADING, "",
        f"`ethos compare values/halden-home-pakistan.yaml --peers DIR -f json`, end to end "
        f"(a new process each time), over generated peer files (`bench/peers.py`), median of "
        f"{arguments.repeat} runs with the range. Target: {arguments.count} files in under 10 s.",
        "", "| Peer files | Median | Range |", "|---|---|---|",
        *(f"| {count} | {mid:.2f} s | {low:.2f}-{high:.2f} s |" for count, mid, low, high in rows),
        "", f"Target {verdict}: {target:.2f} s for {arguments.count} files.", "",
    ]  # fmt: skip
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if HEADING in text:  # replaced where it is; the sections after it stay
        start = text.index(HEADING)
        end = text.find("\n## ", start + len(HEADING))
        rest = text[end + 1 :] if end >= 0 else ""
        text = text[:start] + "\n".join(lines) + ("\n" + rest if rest else "")
        RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")
        return
    RESULTS.write_text(text.rstrip() + "\n\n" + "\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
