"""LibreOffice headless for the tests: a Basic macro run in a throw-away profile.

`make test` installs LibreOffice (scripts/system-deps.sh --test); without it the tests
that use this fail, never skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from helpers import require_tools

SOFFICE = shutil.which("soffice")
MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
{code}

Function DocxFiles(folder As String) As Variant
  Dim found(199) As String
  count = 0
  entry = Dir(folder &amp; "/*.docx")
  Do While entry &lt;&gt; ""
    found(count) = entry
    count = count + 1
    entry = Dir()
  Loop
  ReDim Preserve found(count - 1)
  DocxFiles = found
End Function
</script:module>
"""


def run_macro(root: Path, code: str, call: str) -> None:
    """Run ``call`` (``Sub(arguments)``) of the Basic ``code`` (XML-escaped) in a new
    LibreOffice profile under ``root``; ``DocxFiles(folder)`` lists a folder's DOCX files. Its first start writes the empty Basic library
    that the macro then replaces."""
    require_tools(("LibreOffice (soffice)", SOFFICE is not None))
    _soffice(root, "--terminate_after_init")
    module = root / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(MODULE.format(code=code.strip()), encoding="utf-8")
    _soffice(root, f"macro:///Standard.Module1.{call}")


def _soffice(profile: Path, *arguments: str) -> None:
    """Run LibreOffice headless on ``profile``; a Basic error would wait for a click that
    never comes, so after two minutes the whole process group is ended."""
    assert SOFFICE is not None
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    process = subprocess.Popen(
        [*command, *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail(f"LibreOffice did not finish in 120 s: {' '.join(arguments)}")
