"""`python -m catalogue` runs the command line."""

from catalogue.cli import main

main()
