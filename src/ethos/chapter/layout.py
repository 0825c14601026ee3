"""The chapter's layout, which is data (``templates/chapter.yaml``): its sections in
order, the sections whose sub-headings the contents list, and the policies that have a
section of their own instead of a place under "Our policies".

The policy models say what a company may state; where the chapter states it is the
chapter's business, so it is written here and not on the models.
"""

from __future__ import annotations

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..resources import builtin_templates_dir
from ..values.policies import Policies


class ChapterLayout(BaseModel):
    """``templates/chapter.yaml``, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: tuple[str, ...] = Field(min_length=1)
    """The section templates (``sections/<name>.md.j2``), in the chapter's order."""
    detailed_sections: frozenset[str]
    """Sections whose sub-headings (one per value, one per policy) the contents list."""
    own_section_policies: tuple[str, ...]
    """Policies a section of their own states; its template gets each by its key."""

    @model_validator(mode="after")
    def _known_names(self) -> ChapterLayout:
        unknown = sorted(self.detailed_sections - set(self.sections))
        if unknown:
            raise ValueError(f"detailed_sections names no section: {', '.join(unknown)}")
        policies = set(Policies.model_fields)
        unknown = [key for key in self.own_section_policies if key not in policies]
        if unknown:
            raise ValueError(f"own_section_policies names no policy: {', '.join(unknown)}")
        return self


def chapter_layout() -> ChapterLayout:
    """The layout as ``templates/chapter.yaml`` has it now (read for each chapter: it is a
    few lines, and nothing has to remember to forget it)."""
    path = builtin_templates_dir() / "chapter.yaml"
    with path.open(encoding="utf-8") as stream:
        return ChapterLayout.model_validate(yaml.load(stream, Loader=yaml.CSafeLoader))
