"""``Near``: a proximity phrase ("rate cut"~5), the words in any order close together."""

from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as wq


class Near(wq.And):
    """Documents where every word of ``words`` (unstemmed field ``fieldname``) occurs within a
    stretch of the text holding at most ``within`` other words, in any order.

    As a whoosh query it is the And of its words (a superset); ``search.matchset`` checks the
    positions. Each word scores as a word of its own.
    """

    def __init__(self, fieldname: str, words: Sequence[str], within: int) -> None:
        self.fieldname = fieldname
        self.words = list(dict.fromkeys(words))  # a word typed twice is found once
        self.within = within
        super().__init__([wq.Term(fieldname, word) for word in self.words])

    def __repr__(self) -> str:
        return f"Near({self.fieldname!r}, {self.words!r}, within={self.within})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Near) and (self.fieldname, self.words, self.within) == (
            other.fieldname,
            other.words,
            other.within,
        )

    def __hash__(self) -> int:
        return hash((Near, self.fieldname, tuple(self.words), self.within))
