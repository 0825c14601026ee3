"""Rendering a composed chapter into each format: HTML, PDF (WeasyPrint, in a child
process) and Word.
"""
