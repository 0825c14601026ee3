"""The values file: the company, the document and the values it chooses."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..wording.localization import SOURCE_LANGUAGE
from .brand import HEX_COLOUR, accent_colour
from .fields import IsoDate, Model, stated, when
from .own_policy import OwnPolicy
from .policies import Policies
from .policy import Fingerprint
from .sections import Sections
from .text_fields import (
    PATH_SCHEMA,
    Email,
    Identifier,
    Language,
    LocalShortText,
    LocalText,
    Name,
    Phone,
    WebAddress,
    visible,
)

__all__ = [
    "Company",
    "Document",
    "EthicsContact",
    "Language",
    "Paper",
    "Revision",
    "ValueEntry",
    "ValuesFile",
]


class Paper(StrEnum):
    """Paper sizes for the PDF."""

    A4 = "A4"
    LETTER = "Letter"


class EthicsContact(Model):
    """Where employees raise an ethics concern. At least one way to reach it is required."""

    name: LocalShortText | None = None
    """Who answers, e.g. "Ethics Office" or "Maria Santos, People & Ethics Lead"."""
    email: Email | None = None
    """Email address for concerns."""
    phone: Phone | None = None
    """Telephone number for concerns, with country code where staff are abroad."""
    url: WebAddress | None = None
    """Web address of a reporting form or hotline page (http or https)."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [stated("email"), stated("phone"), stated("url")]}
    )

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        if not (self.email or self.phone or self.url):
            raise ValueError(
                "give at least one of email, phone or url — a code of ethics needs a way "
                "to raise a concern"
            )
        return self


class Company(Model):
    """The company the chapter is written for."""

    name: Name
    """The name employees know the company by; used in the text and the running header."""
    legal_name: Name | None = None
    """The registered legal name, printed on the cover when it differs from the name."""
    industry: LocalShortText | None = None
    """What the company does, e.g. "outdoor equipment retail"."""
    ethics_contact: EthicsContact
    """Where employees raise an ethics concern."""
    logo: Annotated[Path, BeforeValidator(visible), WithJsonSchema(PATH_SCHEMA)] | None = None
    """The company's logo, an SVG or PNG file of at most 1 MB, relative to this file and
    inside its folder; shown on the cover and in the running header of the HTML, PDF and
    DOCX.
    """
    accent_colour: Annotated[
        str | None, WithJsonSchema({"type": "string", "pattern": HEX_COLOUR})
    ] = None
    """Colour of the headings, links and rules, as "#RRGGBB" in quotes. It must have a
    contrast of at least 4.5:1 on white (WCAG AA for text).
    """

    @field_validator("accent_colour", mode="before")
    @classmethod
    def _readable_accent(cls, value: object) -> object:
        return accent_colour(value)


class Document(Model):
    """The chapter as a document: its title, version, date and form."""

    title: LocalShortText | None = None
    """Title of the chapter; the catalog's default title when left out."""
    version: Name
    """Version employees acknowledge, e.g. "2.1". Quote it: version: "1.10"."""
    effective_date: IsoDate
    """Date the version takes effect (YYYY-MM-DD). Also the date stamped into the PDF."""
    language: Language = Language(SOURCE_LANGUAGE)
    """Language of the chapter, and of every free text written without a language:
    en, it, tl, ur or zh. English is British (en, en-GB) or American (en-US); English free
    text is written under en for both.
    """
    translations: Annotated[list[Language], Field(json_schema_extra={"uniqueItems": True})] = []
    """Further languages the chapter is published in, built alongside `language`. Free
    texts then need a version in each: `statement: {en: ..., it: ...}`.
    """
    authoritative_language: Language | None = None
    """The language whose version prevails where translations differ; `language` when left
    out. Every other version says so.
    """
    paper: Paper = Paper.A4
    """Paper size of the PDF."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                when(
                    "language",
                    [language.value],
                    {
                        "properties": {
                            "translations": {
                                "type": "array",
                                "not": {"contains": {"const": language.value}},
                            }
                        }
                    },
                    default=Language(SOURCE_LANGUAGE),
                )
                for language in Language
            ],
        }
    )

    @model_validator(mode="after")
    def _distinct_languages(self) -> Self:
        if self.language in self.translations:
            raise ValueError(
                f"translations lists {self.language.value}, the document's own language — remove it"
            )
        if len(set(self.translations)) != len(self.translations):
            raise ValueError("translations lists a language twice — keep one of each")
        return self

    def languages(self) -> list[str]:
        """The languages the chapter is published in: `language` first."""
        return [self.language.value, *(language.value for language in self.translations)]

    @property
    def authoritative(self) -> str:
        """The language whose version prevails."""
        return (self.authoritative_language or self.language).value


class ValueEntry(Model):
    """A chosen value: a catalog value with wording overrides, or a value of the company's own."""

    id: Identifier
    """A catalog id such as `honesty`, or a new id for a value of the company's own."""
    title: LocalShortText | None = None
    """Title; required for a value of the company's own, replaces the catalog's otherwise."""
    statement: LocalText | None = None
    """What the value means; required for a value of the company's own, replaces the catalog's
    otherwise.
    """
    behaviours: list[LocalText] = []
    """What the value looks like in practice; added after the catalog's behaviours."""
    source: Fingerprint | None = None
    """When `title` or `statement` replace a catalog value's: the fingerprint of the built-in
    English wording they replace (`ethos catalog --value ID` shows it); `check` warns when
    the built-in wording has changed since.
    """


ValueItem = Annotated[Identifier | ValueEntry, Field(union_mode="left_to_right")]


class Revision(Model):
    """One entry of the chapter's revision history."""

    version: Name
    """The version this entry describes, e.g. "3.3"."""
    date: IsoDate
    """The date that version took effect (YYYY-MM-DD)."""
    summary: LocalText
    """What changed, e.g. as `ethos diff --record` wrote it."""


def _format_version(value: object) -> object:
    if isinstance(value, bool):  # pydantic would take true for 1; the JSON Schema does not
        raise ValueError(f"'{str(value).lower()}' is a yes/no switch, not a number — write 1")
    return value


class ValuesFile(Model):
    """A company's values file: everything its ethics chapter says."""

    ethos: Annotated[Literal[1], BeforeValidator(_format_version)]
    """Format version of the values file. Always 1."""
    company: Company
    document: Document
    values: Annotated[list[ValueItem], Field(min_length=1)]
    """The values the company chooses, in the order the chapter presents them."""
    policies: Policies = Policies()
    own_policies: dict[Identifier, OwnPolicy] = {}
    """Policies of the company's own, by id: stated under `policies:` like built-in ones."""
    sections: Sections = Sections()
    """The company's own sections: a foreword, sections added before or after a built-in
    one, and built-in sections whose body the company writes itself."""
    revisions: list[Revision] = []
    """The chapter's revision history, oldest first; printed as its own section."""
    extends: Name | None = None
    """A group file, relative to this file, whose values, policies and settings this file
    inherits and overrides, except what the group marks `locked: true`.
    """
    templates: Annotated[Path, BeforeValidator(visible), WithJsonSchema(PATH_SCHEMA)] | None = None
    """A directory of template overrides, relative to this file; searched before the built-in
    templates.
    """

    def value_entries(self) -> list[ValueEntry]:
        """Every chosen value as a :class:`ValueEntry`, in the file's order."""
        return [ValueEntry(id=item) if isinstance(item, str) else item for item in self.values]
