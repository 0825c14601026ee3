"""The logo a values file names (``company.logo``): found, read and checked before any render.

The file must lie inside the folder of the file that names it (the values file, or the
group file it extends), like a ``templates:`` directory: no absolute path, no ``..``, no
symlink out. It is read within a size limit (:func:`ethos.system.input_files.read_input_file`)
and must be what its name says: a PNG whose chunks are intact and whose size in pixels is
sane, or an SVG that draws only what it holds (:mod:`ethos.values.logo_svg`). Every format
then embeds these bytes; nothing is fetched from anywhere else. Every refusal is a problem
located at the ``logo:`` line.
"""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInputError, UnreadableInputError
from ..system.input_files import read_input_file
from .load import LoadedDocument
from .logo_svg import svg_problem
from .model import ValuesFile
from .sources import Source
from .template_dirs import inside_folder, shown_path
from .yaml_nodes import KeyPath

LOGO_KEY: KeyPath = ("company", "logo")
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 4096
"""Longest side of a PNG logo: a logo is a few hundred pixels; a decoded 4096 × 4096
image already takes 64 MB of memory."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEDIA_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes, its kind and its proportions."""

    name: str
    """The path as the values file writes it, for messages."""
    path: Path
    """Where it is, symlinks resolved: what a preview watches."""
    media_type: str
    """``image/png`` or ``image/svg+xml``."""
    data: bytes
    width: float
    height: float
    """Its size in pixels (a PNG) or user units (an SVG): the proportions the formats keep."""

    @property
    def data_uri(self) -> str:
        """The logo as a ``data:`` URL, which the HTML and PDF embed."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height


def read_logo(path: Path, values_file: ValuesFile, document: LoadedDocument) -> Logo | None:
    """The checked logo of the values file at ``path``, or None when it names none.

    Raises:
        InvalidInputError: the logo is outside the folder, missing, too big, or not a
            sound PNG or SVG; located at ``company.logo``.
    """
    named = values_file.company.logo
    if named is None:
        return None
    shown = shown_path(named)

    def refused(message: str) -> InvalidInputError:
        return InvalidInputError([document.problem(LOGO_KEY, f"logo {shown} {message}")])

    suffix = named.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise refused("is neither an SVG nor a PNG file — export the logo as .svg or .png")
    origin = document.origin(LOGO_KEY)
    folder = path.parent if origin is document else Source.parse(origin.filename).path.parent
    try:
        real, inside = inside_folder(folder, named)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise refused(f"cannot be read ({reason})") from None
    if not inside:
        raise refused(
            "is outside the folder of the file that names it — put the logo in that folder "
            "(or a folder below it) and name it by a relative path"
        )
    try:
        data = read_input_file(
            real, limit=MAX_LOGO_BYTES, kind="a logo", hint="a logo is a few kilobytes"
        )
    except InvalidInputError as error:  # too big
        raise refused(error.problems[0].message.replace("file is", "is", 1)) from None
    except UnreadableInputError as error:  # missing, unreadable, not a regular file
        raise refused(f"cannot be read: {error.reason}") from None
    if suffix == ".png":
        problem, size = _png_size(data)
    else:
        problem, size = svg_problem(data)
    if problem is not None:
        raise refused(problem)
    assert size is not None
    return Logo(shown, real, MEDIA_TYPES[suffix], data, *size)


def _png_size(data: bytes) -> tuple[str | None, tuple[float, float] | None]:
    """(None, (width, height)) for a sound PNG, or (what is wrong, None).

    Every chunk is walked and its checksum checked (no pixel is decoded): a file cut
    short, or another kind of file renamed .png, is refused here rather than drawn as
    a broken image.
    """
    if not data.startswith(PNG_SIGNATURE):
        return "is not a PNG image (it lacks the PNG signature) — export it again as PNG", None
    offset, chunks, size = len(PNG_SIGNATURE), [], None
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        end = offset + 8 + length
        if end + 4 > len(data):
            break  # cut short: reported below, as the end chunk is missing
        (checksum,) = struct.unpack(">I", data[end : end + 4])
        body = data[offset + 8 : end]
        if zlib.crc32(kind + body) != checksum:
            return "is a damaged PNG (a chunk's checksum is wrong) — export it again", None
        if kind == b"IHDR" and length == 13:
            size = struct.unpack(">II", body[:8])
        chunks.append(kind)
        offset += 12 + length
    if not chunks or chunks[0] != b"IHDR" or size is None or chunks[-1] != b"IEND":
        return "is a damaged PNG (cut short, or its header is missing) — export it again", None
    width, height = size
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        return (
            f"is {width} × {height} pixels — a logo may be at most {MAX_LOGO_PIXELS} pixels "
            "on each side; export it smaller (a few hundred pixels is plenty)",
            None,
        )
    return None, (float(width), float(height))
