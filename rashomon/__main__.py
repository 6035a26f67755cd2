"""`python -m rashomon`: the `rashomon` command."""

from rashomon.cli import app

app(prog_name="rashomon")
