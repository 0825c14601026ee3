"""The live preview (``ethos serve``): rebuild on save, serve the page on 127.0.0.1.

Never imports :mod:`ethos.publish` or :mod:`ethos.changes`.
"""
