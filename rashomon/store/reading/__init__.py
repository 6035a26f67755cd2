"""The store's reading side: every query the analyses and the views run, one module a subject.

documents, events, actors, quotes, claims, framing, stance and predictions answer in plain Python
values (dicts, tuples, dataclasses); files copies tables and rows to CSV or Parquet; connection gives
a thread a connection of its own and a table as a DuckDB relation. The analyses and the views run no
SQL and touch no connection themselves.

A value "most often" given (`mode`) is taken over the values in order, so a tie goes to the first in
that order on every run: DuckDB's plain `mode` resolves ties by whichever thread saw a value first.
"""
