"""The chapter's layout, which is data: its sections in order and the sections whose
sub-headings the contents list (``templates/chapter.yaml``), and the policies that have a
section of their own instead of a place under "Our policies" (each policy definition's
``group``, in ``templates/policies/``).
"""

from __future__ import annotations

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import TemplateError
from ..resources import builtin_templates_dir
from ..values.policies import policy_definitions
from ..values.policy_definition import POLICIES_GROUP

POLICIES_SECTION = POLICIES_GROUP
"""The section that lists, under "Our policies", every policy without a section of its own."""


class ChapterLayout(BaseModel):
    """``templates/chapter.yaml``, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: tuple[str, ...] = Field(min_length=1)
    """The section templates (``sections/<name>.md.j2``), in the chapter's order."""
    detailed_sections: frozenset[str]
    """Sections whose sub-headings (one per value, one per policy) the contents list."""
    printed_always: frozenset[str] = frozenset()
    """Sections that present policies yet print when none of them is stated (read by
    ``check``'s warning about text written for a section left out)."""
    groups: dict[str, tuple[str, ...]]
    """Each section other than "Our policies" that states policies (their definition's
    ``group``), with its policies in order. Its template gets each by its key, and the
    stated ones as ``grouped.<section>``."""

    @property
    def own_section_policies(self) -> tuple[str, ...]:
        """Policies a section of their own states: every policy of `groups`."""
        return tuple(key for keys in self.groups.values() for key in keys)

    @model_validator(mode="after")
    def _known_names(self) -> ChapterLayout:
        for name in ("detailed_sections", "printed_always"):
            unknown = sorted(getattr(self, name) - set(self.sections))
            if unknown:
                raise ValueError(f"{name} names no section: {', '.join(unknown)}")
        policies = set(policy_definitions())
        unknown = [key for key in self.own_section_policies if key not in policies]
        if unknown:
            raise ValueError(f"own_section_policies names no policy: {', '.join(unknown)}")
        return self


def chapter_layout() -> ChapterLayout:
    """The layout as ``templates/chapter.yaml`` has it now (read for each chapter: it is a
    few lines, and nothing has to remember to forget it)."""
    path = builtin_templates_dir() / "chapter.yaml"
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=yaml.CSafeLoader)
    groups = {key: definition.group for key, definition in policy_definitions().items()}
    strays = sorted({group for group in groups.values() if group not in data["sections"]})
    if strays:
        message = f"a policy's group names no section of the chapter: {', '.join(strays)}"
        raise TemplateError(str(path), None, message)
    by_group: dict[str, list[str]] = {}
    for key, group in groups.items():
        if group != POLICIES_SECTION:
            by_group.setdefault(group, []).append(key)
    return ChapterLayout.model_validate({**data, "groups": by_group})
