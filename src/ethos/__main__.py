"""``python -m ethos``."""

from ethos.cli import main

main()
