"""A worker's own copy of answers, in memory: bounded in bytes, dropped by surrogate key.

A lookup here is a dict access: no Redis, no parsing. What keeps it exact is that every
invalidation reaches `drop` (in the worker that wrote, and through Redis pub/sub in every
other), and that `put` refuses an answer one of whose keys was dropped after the answer's
`valid_at`: a fill that started before a write never outlives it.
"""

from collections import OrderedDict
from collections.abc import Iterable

from cache.entry import Answer

# What each name under which an answer is held costs, beyond the answer itself (one answer
# is often held under two: its raw and its full name).
NAME_BYTES = 128
# Drops are remembered (by key, with their generation) for answers still being filled;
# past this many, the oldest are forgotten and fills older than them are refused.
REMEMBERED_DROPS = 10_000


class MemoryCopy:
    def __init__(self, limit: int) -> None:
        self.limit = limit  # bytes
        self.size = 0
        self.answers: OrderedDict[str, Answer] = OrderedDict()  # least recently used first
        self.holders: dict[int, int] = {}  # id(answer) -> how many names hold it
        self.names: dict[str, set[str]] = {}  # surrogate key -> the names showing it
        self.drops: OrderedDict[str, int] = OrderedDict()  # surrogate key -> generation
        self.forgotten = 0  # the newest generation no longer remembered in `drops`
        self.latest = 0  # the newest generation dropped: what everything held is valid at

    def get(self, name: str, now: float) -> Answer | None:
        answer = self.answers.get(name)
        if answer is None:
            return None
        if now >= answer.entry.expires:
            self._remove(name)
            return None
        self.answers.move_to_end(name)
        return answer

    def put(self, name: str, answer: Answer, valid_at: int) -> bool:
        """Keeps `answer` under `name`, if nothing it shows was dropped after `valid_at`
        (the generation its content is known valid at)."""
        if valid_at < self.forgotten or any(
            self.drops.get(key, -1) > valid_at for key in answer.entry.keys
        ):
            return False
        if answer.size + NAME_BYTES > self.limit:
            return False
        if name in self.answers:
            self._remove(name)
        self.answers[name] = answer
        held = self.holders.get(id(answer), 0)
        self.holders[id(answer)] = held + 1
        self.size += NAME_BYTES + (answer.size if held == 0 else 0)
        for key in answer.entry.keys:
            self.names.setdefault(key, set()).add(name)
        while self.size > self.limit:
            self._remove(next(iter(self.answers)))
        return True

    def alias(self, name: str, held: str) -> None:
        """Keeps the answer held under `held` under `name` too (another spelling of it)."""
        answer = self.answers.get(held)
        if answer is not None:
            self.put(name, answer, self.latest)

    def drop(self, keys: Iterable[str], generation: int) -> None:
        """Removes every answer showing any of `keys`, and refuses older fills of them."""
        self.latest = max(self.latest, generation)
        for key in keys:
            for name in self.names.pop(key, ()):
                self._remove(name)
            self.drops[key] = max(generation, self.drops.pop(key, generation))
        while len(self.drops) > REMEMBERED_DROPS:
            _, oldest = self.drops.popitem(last=False)
            self.forgotten = max(self.forgotten, oldest)

    def clear(self, floor: int = 0) -> None:
        """Forgets everything, drops included; fills valid before `floor` are refused.

        With Redis the floor is 0: generations may start again (a Redis that lost its
        data), and fills from before are refused by their epoch instead."""
        self.answers.clear()
        self.holders.clear()
        self.names.clear()
        self.drops.clear()
        self.forgotten = self.latest = floor
        self.size = 0

    def _remove(self, name: str) -> None:
        answer = self.answers.pop(name, None)
        if answer is None:
            return
        held = self.holders.pop(id(answer)) - 1
        if held:
            self.holders[id(answer)] = held
        self.size -= NAME_BYTES + (0 if held else answer.size)
        for key in answer.entry.keys:
            names = self.names.get(key)
            if names is not None:
                names.discard(name)
                if not names:
                    del self.names[key]
