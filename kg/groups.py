"""Things joined pairwise, as groups (union-find): the entities one name joins, across reports and on the site."""
from __future__ import annotations

from collections.abc import Hashable, Iterable


class Groups:
    """Each item starts alone; `join` puts two items' groups together; the smallest item names a group.

    >>> groups = Groups(["c", "b", "a", "d"])
    >>> groups.join("a", "c"), groups.join("d", "c")
    ('a', 'a')
    >>> groups.groups()
    {'a': ['a', 'c', 'd'], 'b': ['b']}
    """

    def __init__(self, items: Iterable[Hashable]):
        self._parent = {item: item for item in items}

    def root(self, item):
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # halve the path: later look-ups take fewer steps
            item = parent[item]
        return item

    def join(self, first, second):
        """Put the groups of `first` and `second` together; the smaller root names the joined group."""
        low, high = sorted((self.root(first), self.root(second)))
        self._parent[high] = low
        return low

    def groups(self) -> dict:
        """Each group's name → its items, in sorted order."""
        out: dict = {}
        for item in sorted(self._parent):
            out.setdefault(self.root(item), []).append(item)
        return dict(sorted(out.items()))
