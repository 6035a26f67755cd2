"""What Rashomon works out from a store: dyads and their change points, the claim matrix, framing,
stance, whose voices each outlet carries, the predictions ledger. The views (report, API, exports)
only present these answers; `rashomon.corpus.Corpus` asks them."""
