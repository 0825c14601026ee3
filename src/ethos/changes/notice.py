"""The staff notice: what changed in a new version of the chapter, told to employees.

:func:`staff_notice` turns the diff of two versions (:mod:`ethos.changes.differences`)
and their chapters' conduct rules into a :class:`Notice`: the material changes as plain
sentences grouped by whom they concern, the conduct rules that are new, changed or gone,
the editorial changes in one line, and whether employees must sign the acknowledgement
again. Every sentence is in the notice's language (the message catalogs); the template
``reports/notice.md.j2`` lays it out on one page. :func:`write_notices` writes it as
Markdown, HTML, PDF and DOCX.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..chapter.markdown_text import MarkdownSafe
from ..errors import InvalidInputError
from ..resources import builtin_templates_dir
from ..system.write import confined_path, slugify, write_atomic
from ..values.load import LoadedDocument
from ..values.loading import load_source
from ..values.local_text import in_language, missing_text, plain
from ..values.model import ValuesFile
from ..values.sources import Source
from ..wording.localization import Locale, isolate, report_typesetting, wording
from .change_set import Change, Diff
from .differences import diff_files
from .favour import Text, audience
from .positions import Positions, positions
from .reports import REPORT_FORMATS, WORD, ReportFiles, render_markdown

NOTICE_FORMATS = (*REPORT_FORMATS, WORD)
AUDIENCES = ("everyone", "customers", "employees", "public")
"""The groups of a notice's changes, in the order it tells them."""
SIMILAR_RULE = 0.6
"""How alike an old and a new rule must be (difflib's ratio) to be one rule reworded
rather than one rule gone and another new."""


@dataclass(frozen=True)
class ChangeGroup:
    """The material changes that concern one audience."""

    audience: str
    """One of :data:`AUDIENCES`."""
    title: str
    sentences: list[str]


@dataclass(frozen=True)
class RuleChange:
    """A conduct rule of the code of conduct that is new, reworded or gone."""

    kind: str
    """``new``, ``changed`` or ``gone``."""
    text: str
    """The rule as the new chapter states it (``gone``: as the old one did), in Markdown."""
    was: str | None = None
    """A changed rule: how the old chapter stated it."""


@dataclass(frozen=True)
class Notice:
    """One language's staff notice: what changed, what it means, whether to sign again."""

    company: str
    language: str
    old_version: str
    new_version: str
    effective_date: str
    """The new version's effective date, written out in the notice's language."""
    groups: list[ChangeGroup] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)
    editorial: int = 0
    contact: str = ""
    """The ethics contact: name, email and telephone, as one line."""

    @property
    def changed(self) -> bool:
        """Whether anything changed at all."""
        return bool(self.groups or self.rules or self.editorial)

    @property
    def acknowledgement_required(self) -> bool:
        """Employees sign again when anything material changed."""
        return bool(self.groups)

    def rules_of(self, kind: str) -> list[RuleChange]:
        """The rule changes of ``kind`` (``new``, ``changed``, ``gone``)."""
        return [rule for rule in self.rules if rule.kind == kind]

    @property
    def sentences(self) -> list[str]:
        """Every sentence the notice tells, in order (for tests and plain text)."""
        return [sentence for group in self.groups for sentence in group.sentences]


@dataclass(frozen=True)
class NoticeReport:
    """What ``ethos notice`` makes: the notice in each language, and its files."""

    notices: list[Notice]
    written: list[Path]


def staff_notices(
    old: Source,
    new: Source,
    *,
    languages: Sequence[str] | None = None,
    files: ReportFiles | None = None,
) -> NoticeReport:
    """The staff notice of the change from ``old`` to ``new`` (either may be ``FILE@REV``)
    in each of ``languages`` (default: NEW's language), written per format of ``files``
    as ``OUT/<company>/notice-<version>.<language>.<fmt>``.

    Raises:
        InvalidInputError: either version is invalid, or lacks text in a language.
    """
    before, after = load_source(old), load_source(new)
    chosen = list(languages or [after[1].document.language.value])
    notices = [staff_notice(before, after, language) for language in chosen]
    written: list[Path] = []
    if files is not None and files.formats:
        for notice in notices:
            written += write_notice(notice, files)
    return NoticeReport(notices, written)


def staff_notice(
    old: tuple[LoadedDocument, ValuesFile], new: tuple[LoadedDocument, ValuesFile], language: str
) -> Notice:
    """The staff notice of two loaded versions, in ``language``.

    Raises:
        InvalidInputError: either version lacks text in ``language``.
    """
    problems = [*missing_text(*old, [language]), *missing_text(*new, [language])]
    if problems:
        raise InvalidInputError(problems)
    before, after = old[1], new[1]
    diff = diff_files(before, after, "", "", language)
    text = wording(language)
    locale = Locale(language)
    local = in_language(after, language)
    return Notice(
        company=after.company.name,
        language=language,
        old_version=diff.old_version,
        new_version=diff.new_version,
        effective_date=locale.date(after.document.effective_date),
        groups=change_groups(diff, positions(before, language), positions(after, language)),
        rules=rule_changes(before, after, language),
        editorial=len(diff.changes) - len(diff.material),
        contact=text.gettext("; ").join(
            isolate(str(plain(detail)), language)
            for detail in (
                local.company.ethics_contact.name,
                local.company.ethics_contact.email,
                local.company.ethics_contact.phone,
            )
            if detail
        ),
    )


def change_groups(diff: Diff, before: Positions, after: Positions) -> list[ChangeGroup]:
    """The diff's material changes as sentences, grouped by whom they concern."""
    text = wording(diff.language)
    titles = {
        "everyone": text.gettext("For everyone"),
        "customers": text.gettext("For customers"),
        "employees": text.gettext("For you and your colleagues"),
        "public": text.gettext("For the public"),
    }
    grouped: dict[str, list[str]] = {name: [] for name in AUDIENCES}
    for change in diff.material:
        concerns, sentence = _sentence(change, before, after)
        grouped[concerns].append(sentence)
    return [
        ChangeGroup(name, titles[name], sentences)
        for name, sentences in grouped.items()
        if sentences
    ]


def _sentence(change: Change, before: Positions, after: Positions) -> tuple[str, str]:
    """Whom a material change concerns, and the sentence that tells it."""
    text = wording(change.language)

    def shown(value: str | None) -> str:
        return isolate(value or "", change.language)

    parts = change.path.split(".")
    if parts[0] == "values":
        value = after.values.get(parts[1]) or before.values[parts[1]]
        if change.kind == "value_added":
            added = text.gettext("“%(value)s” is now one of our values.")
            return "everyone", _then(text, added % {"value": shown(value.title)}, value.summary)
        gone = text.gettext("“%(value)s” is no longer one of our values.")
        return "everyone", gone % {"value": shown(value.title)}
    if parts[0] != "policies":  # a section the company wrote itself
        section = {"section": shown(change.title)}
        if change.kind == "section_added":
            return "everyone", text.gettext("%(section)s: new in the chapter.") % section
        return "everyone", text.gettext("%(section)s: no longer in the chapter.") % section
    return _policy_sentence(change, before, after)


def _policy_sentence(change: Change, before: Positions, after: Positions) -> tuple[str, str]:
    """Whom a policy's material change concerns, and the sentence that tells it."""
    text = wording(change.language)

    def shown(value: str | None) -> str:
        return isolate(value or "", change.language)

    parts = change.path.split(".")
    key = parts[1]
    policy = after.policies.get(key) or before.policies[key]
    concerns = audience(key, policy.favours if policy.own else None)
    title = shown(policy.title)
    if change.kind == "policy_added":
        sentence = text.gettext("%(policy)s: a new policy, “%(stance)s”.") % {
            "policy": title, "stance": shown(policy.label)
        }  # fmt: skip
        return concerns, _then(text, sentence, policy.summary)
    if change.kind == "policy_removed":
        removed = text.gettext("%(policy)s: no longer part of the chapter.")
        return concerns, removed % {"policy": title}
    if change.kind == "stance_changed":
        sentence = text.gettext("%(policy)s: now “%(new)s” (it was “%(old)s”).") % {
            "policy": title, "new": shown(change.new), "old": shown(change.old)
        }  # fmt: skip
        return concerns, _then(text, sentence, policy.summary)
    if change.kind == "parameter_changed":
        name = parts[-1]
        label = next((label for label, known in policy.names.items() if known == name), name)
        parameter = text.gettext("%(policy)s, %(parameter)s: now %(new)s (it was %(old)s).")
        return concerns, parameter % {
            "policy": title,
            "parameter": label.lower(),
            "new": shown(change.new),
            "old": shown(change.old),
        }
    # The company's own wording of the policy changed (policy_reworded).
    reworded = text.gettext("%(policy)s: reworded; please read it again.")
    return concerns, reworded % {"policy": title}


def _then(text: Text, sentence: str, following: str) -> str:
    """``sentence`` and then ``following`` (none when empty), spaced as the language does."""
    if not following:
        return sentence
    # Translators: one sentence after another (no space between them in Chinese).
    joined: str = text.gettext("%(text)s %(sentence)s") % {"text": sentence, "sentence": following}
    return joined


def rule_changes(old: ValuesFile, new: ValuesFile, language: str) -> list[RuleChange]:
    """The conduct rules that are new, reworded or gone, policy by policy, in the new
    chapter's order (then the policies that are gone)."""
    from ..chapter.compose import policy_views
    from ..wording.theme import current_theme

    theme = current_theme()
    before = policy_views(old, language, theme)
    after = policy_views(new, language, theme)
    changes: list[RuleChange] = []
    for key in [*after, *(key for key in before if key not in after)]:
        old_rules = before[key].conduct if key in before else []
        new_rules = after[key].conduct if key in after else []
        changes += _compare_rules(old_rules, new_rules)
    return changes


def _compare_rules(old: list[str], new: list[str]) -> list[RuleChange]:
    """One policy's rules compared in order: a rule replaced by one much like it is
    reworded; otherwise the old one is gone and the new one is new."""
    changes: list[RuleChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        gone, added = old[old_start:old_end], new[new_start:new_end]
        paired = [
            (was, rule)
            for was, rule in zip(gone, added, strict=False)
            if difflib.SequenceMatcher(None, was, rule).ratio() >= SIMILAR_RULE
        ]
        if len(paired) == min(len(gone), len(added)) and paired:
            changes += [
                RuleChange("changed", MarkdownSafe(rule), MarkdownSafe(was)) for was, rule in paired
            ]
            gone, added = gone[len(paired) :], added[len(paired) :]
        changes += [RuleChange("new", MarkdownSafe(rule)) for rule in added]
        changes += [RuleChange("gone", MarkdownSafe(rule)) for rule in gone]
    return changes


def notice_markdown(notice: Notice) -> str:
    """The notice as Markdown in its language (``reports/notice.md.j2``)."""
    return render_markdown(
        "reports/notice.md.j2",
        notice.language,
        notice=notice,
        title=notice_title(notice),
    )


def notice_title(notice: Notice) -> str:
    """``What changed in version 1.0``, in the notice's language."""
    return wording(notice.language).gettext("What changed in version %(version)s") % {
        "version": isolate(notice.new_version, notice.language)
    }


def write_notice(notice: Notice, files: ReportFiles) -> list[Path]:
    """Write ``notice`` as ``OUT/<company>/notice-<version>.<language>.<fmt>`` per format
    of ``files`` (md, html, pdf and docx); everything is rendered first."""
    markdown = notice_markdown(notice)
    title = notice_title(notice)
    rendered: dict[str, bytes] = {}
    if "md" in files.formats:
        rendered["md"] = markdown.encode("utf-8")
    if "html" in files.formats or "pdf" in files.formats:
        html = notice_html(markdown, title, notice.language)
        if "html" in files.formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in files.formats:
            from ..render.pdf import render_pdf

            rendered["pdf"] = render_pdf(
                html,
                [builtin_templates_dir()],
                language=notice.language,
                setup=report_typesetting(notice.language),
            )
    if WORD in files.formats:
        from ..render.docx_report import render_docx_report

        rendered[WORD] = render_docx_report(markdown, notice.language, title=title)
    folder, stem = slugify(notice.company), f"notice-{slugify(notice.new_version)}"
    written = []
    for fmt in NOTICE_FORMATS:
        if fmt in rendered:
            target = confined_path(files.out_dir, folder, f"{stem}.{notice.language}.{fmt}")
            write_atomic(target, rendered[fmt])
            written.append(target)
    return written


def notice_html(markdown: str, title: str, language: str) -> str:
    """The notice as a standalone HTML page: a report's, with the notice's own compact
    stylesheet (``reports/notice.css``) so that it fits one printed page."""
    from ..render.html import render_report

    html = render_report(title, markdown, language=language)
    css = (builtin_templates_dir() / "reports" / "notice.css").read_text(encoding="utf-8")
    html = html.replace("</style>", f"{css}</style>", 1)
    return html.replace('<body class="report">', '<body class="report notice">', 1)
