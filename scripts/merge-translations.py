#!/usr/bin/env python3
"""Add one language's texts to a values file's free-text fields, keeping its layout.

    python scripts/merge-translations.py VALUES.yaml TEXTS.yaml LANG [-o OUT.yaml]

TEXTS.yaml maps a key path, as `ethos check --lang LANG` prints it, to the text in LANG:

    company.industry: vendita di attrezzatura per l'outdoor
    values[12].behaviours[0]: Proponi un preventivo di riparazione ...

A plain text field becomes {<document language>: <original>, LANG: <text>}; a field that
is already per-language gains the LANG entry. Comments and everything else stay as they
are. Without -o the values file is rewritten in place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

import yaml

PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> list[str | int]:
    return [name if name else int(index) for name, index in PATH_PART.findall(text)]


def find(root: yaml.Node, path: list[str | int]) -> tuple[yaml.Node, yaml.Node | None]:
    """The node at ``path`` and, when it is a mapping value, its key node."""
    node, key_node = root, None
    for part in path:
        if isinstance(part, int):
            assert isinstance(node, yaml.SequenceNode), path
            node, key_node = node.value[part], None
        else:
            assert isinstance(node, yaml.MappingNode), path
            for key, value in node.value:
                if key.value == part:
                    node, key_node = value, key
                    break
            else:
                raise KeyError(f"{'.'.join(map(str, path))}: no such key")
    return node, key_node


def plain_or_quoted(text: str) -> str:
    """``text`` unquoted when YAML reads it back exactly as text, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text} and "\n" not in text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def scalar_block(language: str, text: str, indent: int) -> list[str]:
    """``language: text`` at ``indent``, folded over lines when long and spaced."""
    pad = " " * indent
    if len(text) <= 76 or " " not in text or text.strip() != text:
        return [f"{pad}{language}: {plain_or_quoted(text)}"]
    lines = textwrap.wrap(text, width=88 - indent, break_long_words=False, break_on_hyphens=False)
    return [f"{pad}{language}: >-", *(f"{pad}  {line}" for line in lines)]


def merge(source: str, texts: dict[str, str], language: str, written_in: str) -> str:
    lines = source.splitlines()
    # Edit from the bottom up so earlier line numbers stay valid.
    edits = []
    root = yaml.compose(source)
    for dotted, text in texts.items():
        node, key_node = find(root, parse_path(dotted))
        if getattr(node, "flow_style", False) or (
            isinstance(node, yaml.ScalarNode) and key_node is None and node.style is not None
        ):
            raise SystemExit(f"{dotted}: write this field in block style first, not [a, b]")
        edits.append((node.start_mark.line, dotted, node, key_node, text))
    for _, _dotted, node, key_node, text in sorted(edits, key=lambda edit: -edit[0]):
        if isinstance(node, yaml.MappingNode):
            indent = node.value[0][0].start_mark.column
            end = node.end_mark.line  # where the next token starts
            if end < len(lines) and lines[end][: node.end_mark.column].strip():
                end += 1
            while end > 0 and not lines[end - 1].strip():
                end -= 1
            lines[end:end] = scalar_block(language, text, indent)
            continue
        first, last = node.start_mark.line, node.end_mark.line
        if node.end_mark.column == 0:
            last -= 1
        original = node.value
        if key_node is not None:
            indent = key_node.start_mark.column + 2
            head = lines[first][: key_node.start_mark.column] + f"{key_node.value}:"
            new = [head]
        else:  # a list item: "- text" becomes "- en: ...\n  it: ..."
            dash = node.start_mark.column - 2
            indent = dash + 2
            block = scalar_block(written_in, original, indent)
            new = [lines[first][:dash] + "- " + block[0].lstrip(), *block[1:]]
            lines[first : last + 1] = [*new, *scalar_block(language, text, indent)]
            continue
        new += scalar_block(written_in, original, indent)
        lines[first : last + 1] = [*new, *scalar_block(language, text, indent)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("values", type=Path)
    parser.add_argument("texts", type=Path)
    parser.add_argument("language")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    source = args.values.read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    written_in = (data.get("document") or {}).get("language", "en")
    texts = yaml.safe_load(args.texts.read_text(encoding="utf-8")) or {}
    merged = merge(source, {str(k): str(v) for k, v in texts.items()}, args.language, written_in)
    yaml.safe_load(merged)  # never write a file that does not parse
    (args.output or args.values).write_text(merged, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
