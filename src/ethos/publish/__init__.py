"""Publishing: the build pipeline and batch, the outputs written as a set with
their manifest, archival PDFs and the acknowledgment ledger.

Never imports :mod:`ethos.changes` or :mod:`ethos.preview`.
"""
