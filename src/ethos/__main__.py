"""``python -m ethos``."""

from ethos.cli.app import main

main()
