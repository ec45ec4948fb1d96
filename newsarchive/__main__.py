"""``python -m newsarchive``: the command line."""

from newsarchive.cli import main

main()
