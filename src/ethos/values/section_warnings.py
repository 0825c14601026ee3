"""A company's text for a built-in section the chapter leaves out: written, never printed.

Some built-in sections print only when the values file gives them something to state: the
section a policy's definition names as its ``group`` (``training``, ``people``, "Our
policies") needs one of its policies stated, unless ``templates/chapter.yaml`` lists it
under ``printed_always`` ("Raising a concern"); the revision history needs
``revisions:``. A company that replaces the body of such a section without stating what
it needs would see its text silently missing from every chapter; ``check`` and ``build``
warn instead (``--strict``: an error), at the replacement.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem
from .load import LoadedDocument
from .model import ValuesFile
from .policies import policy_definitions
from .policy_definition import POLICIES_GROUP
from .sections import printed_always

REVISIONS_SECTION = "revisions"


def unprinted_section_warnings(document: LoadedDocument, values_file: ValuesFile) -> list[Problem]:
    """A warning for each replaced section the chapter leaves out."""
    groups: dict[str, list[str]] = {}
    for key, definition in policy_definitions().items():
        groups.setdefault(definition.group, []).append(key)
    groups.setdefault(POLICIES_GROUP, []).extend(values_file.own_policies)
    stated = set(values_file.policies.stated())
    always = printed_always()
    warnings = []
    for name in values_file.sections.replaced:
        if name == REVISIONS_SECTION and not values_file.revisions:
            reason, fix = "the file has no `revisions:`", "record a revision"
        elif name in groups and name not in always and not stated.intersection(groups[name]):
            listed = ", ".join(groups[name])
            reason = f"the file states none of the policies it presents ({listed})"
            fix = "state one under `policies:`"
        else:
            continue
        message = (
            f"the chapter leaves the `{name}` section out, because {reason}, so this text is "
            f"not printed — {fix}, or remove this replacement"
        )
        located = document.problem(("sections", "replaced", name), message, key=True)
        warnings.append(replace(located, severity="warning"))
    return warnings
