"""Files and processes: bounded reads of input files, atomic writes of outputs,
and child processes that stay within limits and never outlive ethos.

The lowest layer: it imports nothing else from ethos but :mod:`ethos.errors`.
"""
