"""A list that keeps its first items in memory and the rest in a temporary file: what an import of
a million rows collects (its checked records, its errors) stays bounded in memory while it is read,
and can be read again, in order, as often as needed."""

from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from itertools import islice

CHUNK = 4096  # items pickled at a time


class Spool:
    """Appended to, iterated (as often as wanted, in the order appended), counted, and its first
    items indexed or sliced, like a list. The first `keep` items are held in memory (all of them
    with `keep=None`); later ones go to a temporary file a chunk at a time. Subclasses say how an
    item is stored (`pack`: a tuple of plain values pickles smaller and faster than an object)."""

    __slots__ = ("keep", "head", "_fd", "_chunks", "_closer", "_pending", "_count", "__weakref__")

    def __init__(self, items=(), keep: int | None = None):
        self.keep = keep
        self.head: list = []
        self._fd = None  # the temporary file, unlinked at once: it goes when closed or the process ends
        self._chunks: list[tuple[int, int]] = []  # (offset, length) of each pickled chunk in it
        self._closer = None
        self._pending: list = []
        self._count = 0
        self.extend(items)

    @staticmethod
    def pack(item):
        return item

    @staticmethod
    def unpack(packed):
        return packed

    def append(self, item) -> None:
        self._count += 1
        if self.keep is None or len(self.head) < self.keep:
            self.head.append(item)
            return
        self._pending.append(item)
        if len(self._pending) >= CHUNK:
            self._spill()

    def extend(self, items) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        if self._fd is None:
            self._fd, path = tempfile.mkstemp(prefix="wijkplanner-import-")
            os.unlink(path)
            self._closer = weakref.finalize(self, os.close, self._fd)
        blob = pickle.dumps([self.pack(item) for item in self._pending], pickle.HIGHEST_PROTOCOL)
        offset = self._chunks[-1][0] + self._chunks[-1][1] if self._chunks else 0
        os.pwrite(self._fd, blob, offset)
        self._chunks.append((offset, len(blob)))
        self._pending = []

    def close(self) -> None:
        """Give up the temporary file now; the spool holds its first items only from then on."""
        if self._closer is not None:
            self._closer()
        self._fd, self._chunks, self._pending = None, [], []

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self):
        yield from self.head
        for offset, length in self._chunks:
            for packed in pickle.loads(os.pread(self._fd, length, offset)):
                yield self.unpack(packed)
        yield from self._pending

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if stop <= len(self.head):
                return self.head[index]
            return list(islice(self, start, stop, step))
        if index < 0:
            index += self._count
        if 0 <= index < len(self.head):
            return self.head[index]
        for found in islice(self, max(index, 0), index + 1):
            return found
        raise IndexError(index)

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, Spool)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._count}>"
