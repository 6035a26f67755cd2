"""Grammar the annotators share over spaCy's dependency parse: who a verb's own subject is."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
RELATIVES = {"who", "which", "that", "whom", "where"}


def own_subject(verb: Token, skip: Callable[[Token], bool] = lambda token: False) -> Token | None:
    """Who does what the verb says, read from its own children: its subject, the noun a relative pronoun
    stands for ("the ministry, which said"), or the agent of a passive ("a draft tabled by Kessary");
    None for a passive without an agent, which names nobody. `skip` leaves children out (words inside
    a quotation are not the reporting clause's subject)."""
    for child in verb.children:
        if skip(child):
            continue
        if child.dep_ == "nsubjpass":
            return _agent(verb)
        if child.dep_ in SUBJECTS:
            return verb.head if child.lower_ in RELATIVES and verb.dep_ == "relcl" else child
    return _agent(verb)


def _agent(verb: Token) -> Token | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
