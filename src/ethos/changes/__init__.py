"""Change and comparison reports: stances by position, compare, diff, redline,
explain, and recording a new revision.

Never imports :mod:`ethos.publish` or :mod:`ethos.preview`.
"""
