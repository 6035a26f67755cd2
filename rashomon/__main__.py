"""`python -m rashomon`: the `rashomon` command."""

from rashomon.cli import run

run()
