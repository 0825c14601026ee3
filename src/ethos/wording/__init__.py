"""Wording and locales: the value catalog, message catalogs, each language's
typesetting, and the checks that translations are current.

Imports only :mod:`ethos.system` and the top-level modules.
"""
