"""The values file: read it (YAML, ``extends:``, git revisions), validate it into
the model, lint it, and write a starter.

Imports :mod:`ethos.wording` and below; never the chapter, rendering or anything above.
"""
