"""One company against a peer set: for each policy it states, how many companies of a
folder of values files state it too, and how many of those it is more favourable than.

Positions are compared as :mod:`ethos.changes.compare` compares them: a stance by its
place on the policy's ordered scale, a parameter by its definition's ``favourable``
direction, both for those the policy favours (customers, employees or the public). A
peer that does not state a policy is left out of that policy's count.

The *percentile* of a position is the share of the peers stating the policy that the
company is more favourable than, a tie counting half (the mid-rank percentile): 100
means more favourable than every peer, 50 the middle of the set, 0 less favourable than
all. Peer files are read in two processes; one that does not load is left out, with its
problem, and counted.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EthosError, InvalidInputError, Problem, UnreadableInputError
from ..values.loading import load
from ..values.policies import policy_definitions
from ..values.policy_definition import POLICIES_GROUP
from ..wording.localization import SOURCE_LANGUAGE, wording
from ..wording.theme import current_theme
from .positions import positions

PARALLEL_FROM = 16
"""Fewer peer files than this are read in this process (a pool costs more to start)."""


@dataclass(frozen=True)
class Standing:
    """Where the company stands on one policy or parameter among the peers that state it."""

    id: str
    title: str
    position: str
    """The company's stance or value, as a reader writes it."""
    stated_by: int
    """How many peers state it (and have a place on its order)."""
    more_favourable_than: int
    as_favourable_as: int
    less_favourable_than: int
    group: str = POLICIES_GROUP
    favours: str = "customers"
    parameters: list[Standing] = field(default_factory=list)

    @property
    def percentile(self) -> float | None:
        """The mid-rank percentile (module docstring); None when no peer states it."""
        if not self.stated_by:
            return None
        return round(
            100 * (self.more_favourable_than + self.as_favourable_as / 2) / self.stated_by, 1
        )


@dataclass(frozen=True)
class PeerReport:
    """The company's standing among its peers, and what could not be read."""

    company: str
    source: str
    language: str
    peers: int
    """Peer files read."""
    files: int
    """Peer files found."""
    policies: list[Standing]
    values: list[tuple[str, str, int]]
    """(id, title, how many peers chose it) for each of the company's values."""
    left_out: list[Problem]

    def as_json(self) -> dict[str, Any]:
        """Plain data for other tools (``schema/peers.schema.json``)."""

        def standing(item: Standing) -> dict[str, Any]:
            return {
                "id": item.id, "title": item.title, "position": item.position,
                "group": item.group, "favours": item.favours, "stated_by": item.stated_by,
                "more_favourable_than": item.more_favourable_than,
                "as_favourable_as": item.as_favourable_as,
                "less_favourable_than": item.less_favourable_than,
                "percentile": item.percentile,
                "parameters": [standing(parameter) for parameter in item.parameters],
            }  # fmt: skip

        return {
            "company": self.company,
            "source": self.source,
            "language": self.language,
            "peers": {
                "files": self.files,
                "read": self.peers,
                "left_out": [
                    {
                        "file": problem.file,
                        "line": problem.line,
                        "key": problem.path,
                        "message": problem.message,
                    }
                    for problem in self.left_out
                ],
            },
            "policies": [standing(item) for item in self.policies],
            "values": [
                {"id": value, "title": title, "chosen_by": chosen}
                for value, title, chosen in self.values
            ],
        }


Ranks = dict[str, Any]
"""A file's comparable positions: values, and per policy its favours, scale, stance rank
and each ordered parameter's rank."""


def _ranks(path: Path, language: str) -> Ranks | list[Problem]:
    """What one values file declares, as ranks (runs in a worker: small and picklable)."""
    try:
        with current_theme().active():
            declared = positions(load(path), language)
    except InvalidInputError as error:
        return list(error.problems)
    except EthosError as error:
        return [Problem(str(path), 0, 0, "", str(error))]
    return {
        "company": declared.company,
        "values": {key: value.title for key, value in declared.values.items()},
        "policies": {
            key: {
                "scale": (position.favours, position.scale),
                "title": position.title,
                "cell": position.cell(),
                "rank": position.rank,
                "favours": position.favours,
                "parameters": {
                    position.names[label]: (label, position.parameters[label], rank)
                    for label, rank in position.ranks.items()
                    if rank is not None
                },
            }
            for key, position in declared.policies.items()
        },
    }


def _read_all(paths: Sequence[Path], language: str) -> list[Ranks | list[Problem]]:
    if len(paths) < PARALLEL_FROM:
        return [_ranks(path, language) for path in paths]
    workers = min(len(paths), os.cpu_count() or 1, 4)
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_ranks, paths, [language] * len(paths), chunksize=8))


def peer_files(folder: Path, company_file: Path) -> list[Path]:
    """The values files of ``folder`` (``*.yaml``, ``*.yml``), the company's own left out.

    Raises:
        UnreadableInputError: ``folder`` is not a folder.
    """
    if not folder.is_dir():
        raise UnreadableInputError(folder, "not a folder of values files")
    own = company_file.resolve()
    return sorted(
        path for pattern in ("*.yaml", "*.yml") for path in folder.glob(pattern)
        if path.resolve() != own and path.is_file()
    )  # fmt: skip


def rank_against_peers(
    company_file: Path, folder: Path, language: str = SOURCE_LANGUAGE, *, strict: bool = False
) -> PeerReport:
    """Rank the company of ``company_file`` against every values file in ``folder``.

    Raises:
        InvalidInputError: the company's file does not load, or (``strict``) a peer file.
        UnreadableInputError: ``folder`` is not a folder, or holds no values file.
    """
    paths = peer_files(folder, company_file)
    if not paths:
        raise UnreadableInputError(folder, "no values files (*.yaml) to compare with")
    own = _ranks(company_file, language)
    if isinstance(own, list):
        raise InvalidInputError(own)
    read = _read_all(paths, language)
    left_out = [problem for result in read if isinstance(result, list) for problem in result[:1]]
    if strict and left_out:
        raise InvalidInputError(
            [problem for result in read if isinstance(result, list) for problem in result]
        )
    peers = [result for result in read if isinstance(result, dict)]
    definitions = policy_definitions()
    standings = []
    for key, mine in own["policies"].items():
        same = [
            p["policies"][key]
            for p in peers
            if key in p["policies"] and p["policies"][key]["scale"] == mine["scale"]
        ]
        group = definitions[key].group if key in definitions else POLICIES_GROUP
        where = {"group": group, "favours": mine["favours"]}
        parameters = []
        for name, (label, text, rank) in mine["parameters"].items():
            ranks = [
                theirs["parameters"][name][2] for theirs in same if name in theirs["parameters"]
            ]
            parameters.append(_standing(f"{key}.{name}", label, text, rank, ranks, **where))
        ranks = [theirs["rank"] for theirs in same]
        standings.append(
            _standing(
                key,
                mine["title"],
                mine["cell"],
                mine["rank"],
                ranks,
                **where,
                parameters=parameters,
            )
        )
    values = [
        (value, title, sum(value in p["values"] for p in peers))
        for value, title in own["values"].items()
    ]
    return PeerReport(
        own["company"], str(company_file), language, len(peers), len(paths), standings, values,
        left_out,
    )  # fmt: skip


def _standing(
    key: str,
    title: str,
    position: str,
    mine: float,
    theirs: list[float],
    *,
    group: str,
    favours: str,
    parameters: list[Standing] | None = None,
) -> Standing:
    """Where ``mine`` stands among ``theirs`` (the lower a rank, the more favourable)."""
    return Standing(
        key,
        title,
        position,
        stated_by=len(theirs),
        more_favourable_than=sum(rank > mine for rank in theirs),
        as_favourable_as=sum(rank == mine for rank in theirs),
        less_favourable_than=sum(rank < mine for rank in theirs),
        group=group,
        favours=favours,
        parameters=parameters or [],
    )


def standing_text(item: Standing, language: str) -> str:
    """``more favourable than 12 of 20, as favourable as 5``, in ``language``."""
    text = wording(language)
    if not item.stated_by:
        return text.gettext("no peer states it")
    return text.gettext(
        "more favourable than %(better)d of %(all)d, as favourable as %(same)d"
    ) % {"better": item.more_favourable_than, "all": item.stated_by,
         "same": item.as_favourable_as}  # fmt: skip
