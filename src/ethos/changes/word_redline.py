"""The redline as Word reviews it: the new chapter as a DOCX whose changes since the old
one are tracked changes, to accept or reject one by one or all at once.

Both chapters are composed with the same templates (as the report's redline is) and
compared in full: every section, not only those that changed. Changed paragraphs are
marked word by word (character by character in Chinese), whole paragraphs, list items and
sections where one version lacks them; the cover's company, title and facts, the running
header and the contents are tracked too. Accepting every change gives the new chapter's
text, rejecting every one the old chapter's. The changes are the company's, dated the new
version's effective date.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..chapter.compose import Chapter
from ..render.body import markdown_html
from ..render.docx import render_docx
from ..render.docx_revisions import Revisions, Segments
from ..render.page import PageView, page_view
from ..values.logo import Logo
from .redline import redline, word_runs


def segments(old: str, new: str) -> Segments:
    """``old`` → ``new`` as redline segments: the words both have, and those each lacks."""
    if old == new:
        return (("", new),)
    runs = word_runs(old, new) or [(old, new)]
    found: list[tuple[str, str]] = []
    for before, after in runs:
        if before == after:
            found.append(("", after))
            continue
        found += [("del", before)] if before else []
        found += [("ins", after)] if after else []
    return tuple(found)


def word_redline(old: Chapter, new: Chapter, logo: Logo | None = None) -> bytes:
    """The DOCX of ``new`` with its changes from ``old`` (the same language, composed with
    the same templates) as tracked changes."""
    language = new.locale.language
    old_page, new_page = page_view(old, logo), page_view(new, logo)
    body = redline(old.body, new.body, language=language, collapse=False)
    revisions = Revisions(
        author=new_page.author,
        date=f"{new_page.effective_date.isoformat()}T00:00:00Z",
        body_html=markdown_html(body, _section_keys(body, old, new)),
        company=segments(old_page.company, new_page.company),
        title=segments(old_page.title, new_page.title),
        header=segments(old_page.running_header, new_page.running_header),
        facts=_facts(old_page, new_page),
        contents=_contents(old, new),
    )
    return render_docx(new, new_page, revisions)


def _section_keys(body: str, old: Chapter, new: Chapter) -> list[str]:
    """The section template of each level-2 heading of the redline ``body``: the new
    chapter's, or the old one's for a section the new chapter no longer has."""
    keys = {heading.title: heading.section for heading in old.headings if heading.level == 2}
    keys |= {heading.title: heading.section for heading in new.headings if heading.level == 2}
    found = []
    for line in re.findall(r"(?m)^## (.*)$", body):
        new_title = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", line)).strip()
        old_title = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", line)).strip()
        found.append(keys.get(new_title) or keys.get(old_title, ""))
    return found


def _facts(old: PageView, new: PageView) -> tuple[tuple[Segments, Segments], ...]:
    """The cover's facts, matched by what they state: changed values tracked, a fact
    only one version has deleted or inserted whole (its label too)."""
    before = {fact.key: fact for fact in old.facts}
    after = {fact.key: fact for fact in new.facts}
    rows: list[tuple[Segments, Segments]] = []
    for fact in new.facts:
        previous = before.get(fact.key)
        if previous is None:
            rows.append(((("ins", str(fact.label)),), (("ins", fact.value),)))
        else:
            rows.append(((("", str(fact.label)),), segments(previous.value, fact.value)))
    rows += [
        ((("del", str(fact.label)),), (("del", fact.value),))
        for key, fact in before.items()
        if key not in after
    ]
    return tuple(rows)


def _contents(old: Chapter, new: Chapter) -> tuple[tuple[int, Segments, str | None], ...]:
    """The contents entries of both chapters, matched in order: an entry only the old one
    has is deleted, one only the new one has inserted, a retitled one tracked."""
    before, after = old.contents, new.contents
    matcher = SequenceMatcher(
        a=[(h.level, h.title) for h in before], b=[(h.level, h.title) for h in after],
        autojunk=False,
    )  # fmt: skip
    entries: list[tuple[int, Segments, str | None]] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            entries += [(h.level, (("", h.title),), h.anchor) for h in after[b1:b2]]
        elif operation == "replace" and a2 - a1 == b2 - b1:
            entries += [
                (h.level, segments(previous.title, h.title), h.anchor)
                for previous, h in zip(before[a1:a2], after[b1:b2], strict=True)
            ]
        else:
            entries += [(h.level, (("del", h.title),), None) for h in before[a1:a2]]
            entries += [(h.level, (("ins", h.title),), h.anchor) for h in after[b1:b2]]
    return tuple(entries)
