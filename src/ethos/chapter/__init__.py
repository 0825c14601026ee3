"""Composing the chapter: the sandboxed templates, their limits, and the
composed chapter (Markdown text and its outline) from a validated values file.
"""
