"""Mentions looked up by token: what the quotation and event layers ask of the actor layer."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.nlp import sentence_bounds


class MentionIndex:
    def __init__(self, doc: Doc, mentions: Iterable[Mention]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentences = sentence_bounds(doc)

    def at(self, token: Token) -> Mention | None:
        """The mention covering the token."""
        k = bisect_right(self.starts, token.idx) - 1
        if k >= 0 and self.mentions[k].start <= token.idx < self.mentions[k].end:
            return self.mentions[k]
        return None

    def over(self, tokens: Iterable[Token], keep: Callable[[Mention], bool] | None = None) -> list[Mention]:
        """The mentions covering any of the tokens, once each, in token order."""
        seen: dict[int, Mention] = {}
        for t in tokens:
            mention = self.at(t)
            if mention is not None and (keep is None or keep(mention)):
                seen.setdefault(mention.start, mention)
        return list(seen.values())

    def before(self, token: Token, sentences: int, keep: Callable[[Mention], bool]) -> Mention | None:
        """The nearest mention before the token, within `sentences` sentences back, that `keep` accepts."""
        first = self.sentences[token.i][0]
        for _ in range(sentences):
            if first == 0:
                break
            first = self.sentences[first - 1][0]
        floor = self.doc[first].idx
        k = bisect_right(self.starts, token.idx) - 1
        while k >= 0 and self.mentions[k].start >= floor:
            mention = self.mentions[k]
            if mention.end <= token.idx and keep(mention):
                return mention
            k -= 1
        return None
