"""PDF variants: tagged PDF/UA-1 by default, archival PDF/A-3b carrying the values file,
its group files and the build manifest, or both; `ethos extract` gets the sources back."""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from ethos.publish.build import build
from ethos.publish.pdf_archive import MANIFEST_ATTACHMENT
from test_extends import CHILD, GROUP

from helpers import inflated_streams, write_text, write_tree

pytestmark = pytest.mark.pdf

UA, ARCHIVAL, BOTH = "pdf/ua-1", "pdf/a-3b", "pdf/a-3b,pdf/ua-1"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A values file that extends a group file, as in tests/test_extends.py."""
    root = tmp_path_factory.mktemp("shop")
    (root / "groups").mkdir()
    write_text(root / "groups", GROUP, "retail.yaml")
    return write_text(root, CHILD, "shop.yaml")


@pytest.fixture(scope="module")
def pdfs(shop: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shop's English PDF in each variant, each in its own output directory."""
    built = {}
    for variant in (UA, ARCHIVAL, BOTH):
        out = tmp_path_factory.mktemp("out")
        result = build(shop, formats=["pdf"], out_dir=out, pdf_variant=variant)
        (built[variant],) = result.outputs
    return built


def xmp(path: Path) -> str:
    metadata = PdfReader(path).xmp_metadata
    assert metadata is not None
    return metadata.stream.get_data().decode("utf-8")


def catalog(path: Path) -> dict[str, object]:
    return dict(PdfReader(path).trailer["/Root"])


def test_the_default_pdf_is_tagged_and_declares_pdf_ua_1(pdfs: dict[str, Path]) -> None:
    root = catalog(pdfs[UA])
    assert 'pdfuaid:part="1"' in xmp(pdfs[UA])
    assert "pdfaid:part" not in xmp(pdfs[UA])
    assert root["/MarkInfo"] == {"/Marked": True}
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"] == {"/DisplayDocTitle": True}
    assert '<rdf:li xml:lang="x-default">Code of Ethics and Conduct' in xmp(pdfs[UA])
    assert PdfReader(pdfs[UA]).attachments == {}


@pytest.mark.parametrize("variant", [UA, ARCHIVAL, BOTH])
def test_table_header_cells_carry_their_scope(pdfs: dict[str, Path], variant: str) -> None:
    """Header cells carry the scope the HTML gives them (PDF/UA, Matterhorn 15-003): the
    cover facts' `<th scope="row">` (version, effective date) are row headers, the
    acknowledgment form's `<th scope="col">` column headers."""
    reader = PdfReader(pdfs[variant])
    scopes = [
        element.get_object()["/A"]["/Scope"]
        for element in _walk(reader.trailer["/Root"]["/StructTreeRoot"])
        if element.get_object().get("/S") == "/TH"
    ]
    assert scopes == ["/Row", "/Row", "/Column", "/Column"]


def _walk(node: Any) -> Iterator[Any]:
    node = node.get_object()
    kids = node.get("/K") if hasattr(node, "get") else None
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid.get_object(), "get"):
            yield kid
            yield from _walk(kid)


@pytest.mark.parametrize("variant", [ARCHIVAL, BOTH])
def test_archival_pdfs_are_pdf_a_3b_with_srgb_intent_and_embedded_fonts(
    pdfs: dict[str, Path], variant: str
) -> None:
    reader = PdfReader(pdfs[variant])
    root = catalog(pdfs[variant])
    assert 'pdfaid:part="3"' in xmp(pdfs[variant])
    assert 'pdfaid:conformance="B"' in xmp(pdfs[variant])
    assert ('pdfuaid:part="1"' in xmp(pdfs[variant])) == (variant == BOTH)
    (intent,) = root["/OutputIntents"]  # type: ignore[misc]
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in intent["/OutputConditionIdentifier"]
    assert "/StructTreeRoot" in root  # archival PDFs stay tagged
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            assert {"/FontFile2", "/FontFile3"} & set(descriptor["/FontDescriptor"])


RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFA_SCHEMA = "{http://www.aiim.org/pdfa/ns/schema#}"
PDFA_PROPERTY = "{http://www.aiim.org/pdfa/ns/property#}"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
# The XMP schemas PDF/A predefines (ISO 19005-1 6.7.2.1) among those WeasyPrint writes,
# and the extension schema container itself.
PREDEFINED = {
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/xap/1.0/mm/", "http://ns.adobe.com/pdf/1.3/",
    "http://www.aiim.org/pdfa/ns/id/", "http://www.aiim.org/pdfa/ns/extension/",
}  # fmt: skip


@pytest.mark.parametrize("variant", [ARCHIVAL, BOTH])
def test_pdf_a_declares_every_xmp_property_outside_its_predefined_schemas(
    pdfs: dict[str, Path], variant: str
) -> None:
    """PDF/A accepts `pdfuaid:part` only with the extension schema that declares it
    (namespace, prefix, property name and type), in the same XMP packet."""
    packet = xmp(pdfs[variant])
    rdf = ET.fromstring(packet[packet.index("<rdf:RDF") : packet.index("</rdf:RDF>") + 10])
    used = {}
    for description in rdf.findall(f"{RDF}Description"):
        for key, value in description.attrib.items():
            used[key] = value
        for child in description:
            used[child.tag] = child.text
    outside = {key: value for key, value in used.items() if key[1:].split("}")[0] not in PREDEFINED}
    outside.pop(f"{RDF}about")
    declared = {
        (
            schema.findtext(f"{PDFA_SCHEMA}namespaceURI"),
            schema.findtext(f"{PDFA_SCHEMA}prefix"),
            prop.findtext(f"{PDFA_PROPERTY}name"),
            prop.findtext(f"{PDFA_PROPERTY}valueType"),
        )
        for schema in rdf.iter(f"{RDF}li")
        if schema.find(f"{PDFA_SCHEMA}namespaceURI") is not None
        for prop in schema.iter(f"{RDF}li")
        if prop.find(f"{PDFA_PROPERTY}name") is not None
    }
    if variant == BOTH:
        assert outside == {f"{{{PDFUAID}}}part": "1"}
        assert declared == {(PDFUAID, "pdfuaid", "part", "Integer")}
    else:
        assert outside == {}
        assert declared == set()


@pytest.mark.parametrize("variant", [ARCHIVAL, BOTH])
def test_archival_pdfs_carry_the_exact_sources_and_the_manifest(
    pdfs: dict[str, Path], shop: Path, variant: str
) -> None:
    attachments = PdfReader(pdfs[variant]).attachments
    assert sorted(attachments) == [MANIFEST_ATTACHMENT, "retail.yaml", "shop.yaml"]
    assert attachments["shop.yaml"] == [shop.read_bytes()]
    assert attachments["retail.yaml"] == [(shop.parent / "groups/retail.yaml").read_bytes()]
    manifest = json.loads(attachments[MANIFEST_ATTACHMENT][0])
    assert manifest["pdf_variant"] == variant
    assert manifest["language"] == "en"
    assert [(f["name"], f["role"]) for f in manifest["files"]] == [
        ("shop.yaml", "values file"), ("retail.yaml", "group file")
    ]  # fmt: skip
    assert manifest["files"][0]["sha256"] == hashlib.sha256(shop.read_bytes()).hexdigest()
    recorded = json.loads((pdfs[variant].parent / "manifest.json").read_text())
    assert recorded["outputs"]["ethics-code.en.pdf"]["input"] == manifest["input"]
    # Each embedded file is an associated file of the document, once, with its relationship.
    associated = [ref.get_object() for ref in catalog(pdfs[variant])["/AF"]]  # type: ignore[attr-defined]
    relationships = {spec["/F"]: spec["/AFRelationship"] for spec in associated}
    assert relationships == {
        "shop.yaml": "/Source", "retail.yaml": "/Source", MANIFEST_ATTACHMENT: "/Data"
    }  # fmt: skip
    subtypes = {spec["/F"]: spec["/EF"]["/F"].get_object()["/Subtype"] for spec in associated}
    assert subtypes["shop.yaml"] == "/application/yaml"


def test_an_archival_build_is_byte_reproducible(shop: Path, tmp_path: Path) -> None:
    first = build(shop, formats=["pdf"], out_dir=tmp_path / "a", pdf_variant=BOTH).outputs[0]
    second = build(shop, formats=["pdf"], out_dir=tmp_path / "b", pdf_variant=BOTH).outputs[0]
    assert first.read_bytes() == second.read_bytes()
    assert b"D:20260501" in first.read_bytes()  # dated by the document, not by the clock


def test_an_archival_pdf_is_the_same_wherever_it_is_built_from(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Paths are recorded relative to the values file's folder: the same values file built
    by a relative path, by an absolute path, and from a copy of its folder elsewhere gives
    the same bytes, and its manifest names the group file as `extends:` reaches it."""
    tree = {"values/shop.yaml": CHILD.replace("groups/retail.yaml", "../groups/retail.yaml"),
            "groups/retail.yaml": GROUP}  # fmt: skip
    for folder in (tmp_path / "here", tmp_path / "elsewhere" / "deeper"):
        write_tree(folder, tree)
    monkeypatch.chdir(tmp_path / "here")
    builds = {
        "relative": "values/shop.yaml",
        "absolute": str(tmp_path / "here" / "values" / "shop.yaml"),
        "copy": "../elsewhere/deeper/values/shop.yaml",
    }
    pdfs = {}
    for how, values in builds.items():
        result = cli("build", values, "--format", "pdf", "--out", tmp_path / how,
                     "--pdf-variant", ARCHIVAL)  # fmt: skip
        assert result.exit_code == 0, result.output
        pdfs[how] = (tmp_path / how / "corner-shop" / "ethics-code.en.pdf").read_bytes()
    assert pdfs["absolute"] == pdfs["relative"]
    assert pdfs["copy"] == pdfs["relative"]
    assert str(tmp_path).encode() not in inflated_streams(pdfs["relative"])
    attachments = PdfReader(io.BytesIO(pdfs["relative"])).attachments
    manifest = json.loads(attachments[MANIFEST_ATTACHMENT][0])
    assert manifest["source"] == "shop.yaml"
    assert [(f["name"], f["path"]) for f in manifest["files"]] == [
        ("shop.yaml", "shop.yaml"), ("retail.yaml", "../groups/retail.yaml")
    ]  # fmt: skip
    result = cli("extract", tmp_path / "copy" / "corner-shop" / "ethics-code.en.pdf",
                 "--out", tmp_path / "recovered")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "built by ethos" in result.output
    assert " from shop.yaml (en, pdf/a-3b)" in result.output
    for name, text in (("shop.yaml", tree["values/shop.yaml"]), ("retail.yaml", GROUP)):
        assert (tmp_path / "recovered" / name).read_text(encoding="utf-8") == text


def test_another_variant_makes_only_the_pdf_stale(shop: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    build(shop, formats=["md", "pdf"], out_dir=tmp_path)
    result = cli("build", shop, "--format", "md,pdf", "--out", tmp_path, "--check",
                 "--pdf-variant", ARCHIVAL)  # fmt: skip
    assert result.exit_code == 1
    assert re.findall(r"out of date: (\S+)", result.output) == [
        str(tmp_path / "corner-shop" / "ethics-code.en.pdf")
    ]
    assert cli("build", shop, "--format", "md,pdf", "--out", tmp_path, "--check").exit_code == 0


def test_an_unknown_variant_is_a_usage_error(shop: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", shop, "--out", tmp_path, "--pdf-variant", "pdf/x-4")
    assert result.exit_code == 2
    assert "choose from pdf/ua-1, pdf/a-3b" in result.output
    assert not list(tmp_path.iterdir())


def test_extract_gets_back_the_exact_files(
    pdfs: dict[str, Path], shop: Path, tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    result = cli("extract", pdfs[BOTH], "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'shop.yaml'} (values file)" in result.output
    assert f"wrote {tmp_path / 'retail.yaml'} (group file)" in result.output
    assert (tmp_path / "shop.yaml").read_bytes() == shop.read_bytes()
    assert json.loads((tmp_path / MANIFEST_ATTACHMENT).read_text())["source"] == "shop.yaml"
    again = cli("extract", pdfs[BOTH], "--out", tmp_path)
    assert again.exit_code == 0
    assert f"unchanged {tmp_path / 'shop.yaml'}" in again.output


def test_extract_never_overwrites_a_different_file(
    pdfs: dict[str, Path], tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "shop.yaml").write_text("mine\n", encoding="utf-8")
    result = cli("extract", pdfs[ARCHIVAL], "--out", tmp_path)
    assert result.exit_code == 1
    assert "shop.yaml already exists with other contents; nothing was written" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shop.yaml"]
    assert (tmp_path / "shop.yaml").read_text() == "mine\n"


def test_extract_lists_without_writing(pdfs: dict[str, Path], tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("extract", pdfs[ARCHIVAL], "--list", "--out", tmp_path)
    assert result.exit_code == 0
    assert re.search(r"shop\.yaml  values file, [\d,]+ bytes", result.output)
    assert f"(en, {ARCHIVAL})" in result.output
    assert not list(tmp_path.iterdir())


def test_extract_explains_a_pdf_without_sources(pdfs: dict[str, Path], cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("extract", pdfs[UA])
    assert result.exit_code == 1
    assert "carries no ethos sources" in result.output
    assert "--pdf-variant pdf/a-3b" in result.output


def test_extract_refuses_what_is_not_a_pdf(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    not_pdf = write_text(tmp_path, "ethos: 1\n", "chapter.pdf")
    result = cli("extract", not_pdf)
    assert result.exit_code == 2
    assert "not a readable PDF" in result.output
    assert "Traceback" not in result.output


def _repacked(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """``source`` with its attachments replaced by ``change``d copies."""
    files = {name: data[0] for name, data in PdfReader(source).attachments.items()}
    change(files)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_without_attachments(source))))
    for name, data in files.items():
        writer.add_attachment(name, data)
    writer.write(target)
    return target


def _without_attachments(source: Path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(source))
    del writer.root_object["/Names"]["/EmbeddedFiles"]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_extract_detects_an_altered_values_file(pdfs: dict[str, Path], tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    def alter(files: dict[str, bytes]) -> None:
        files["shop.yaml"] = files["shop.yaml"].replace(b"never", b"opt_in")

    altered = _repacked(pdfs[ARCHIVAL], tmp_path / "altered.pdf", alter)
    result = cli("extract", altered, "--out", tmp_path / "x")
    assert result.exit_code == 1
    assert "shop.yaml does not match the SHA-256 the manifest recorded for it" in result.output
    assert not (tmp_path / "x").exists()


def test_extract_refuses_unsafe_names_from_a_hostile_pdf(
    pdfs: dict[str, Path], tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    def rename(files: dict[str, bytes]) -> None:
        manifest = json.loads(files[MANIFEST_ATTACHMENT])
        manifest["files"][0]["name"] = "../escape.yaml"
        files[MANIFEST_ATTACHMENT] = json.dumps(manifest).encode()
        files["../escape.yaml"] = files["shop.yaml"]

    hostile = _repacked(pdfs[ARCHIVAL], tmp_path / "hostile.pdf", rename)
    result = cli("extract", hostile, "--out", tmp_path / "x")
    assert result.exit_code == 1
    assert "unsafe file name '../escape.yaml'" in result.output
    assert not (tmp_path / "escape.yaml").exists()
