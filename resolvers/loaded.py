"""What a request has already loaded, given at once; anything else, once loaded.

A field whose rows were loaded before fields resolve (resolvers.relations) returns its
value, and graphql-core completes it in the same step; one whose rows were not returns
the loader's awaitable, as before. The values and awaitables compose with `then` and
`both`, so a resolver is written once for either case.
"""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from types import CoroutineType
from typing import TypeAlias, TypeGuard, TypeVar, cast

from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
U = TypeVar("U")
V = TypeVar("V")

Maybe: TypeAlias = T | Awaitable[T]
_PENDING = (asyncio.Future, CoroutineType)


def pending(value: Maybe[T]) -> TypeGuard[Awaitable[T]]:
    """Whether `value` is still to come: a loader's future or a coroutine of `then`.

    Not `inspect.isawaitable`: Tortoise's model instances are awaitable themselves. And
    concrete types, not the `Coroutine` ABC, whose isinstance check costs six times more
    on a call made hundreds of times a page.
    """
    return isinstance(value, _PENDING)


async def settled(value: Maybe[T]) -> T:
    """The value, awaited if it is still to come: for a lookup that needs it whole."""
    return await value if pending(value) else cast(T, value)


def known(loader: DataLoader[K, T], key: K) -> Maybe[T]:
    """The loaded value for `key`, or the loader's awaitable when it has none yet."""
    future = loader.cache_map.get(key)
    if future is not None and future.done() and future.exception() is None:
        return future.result()
    return loader.load(key)


def known_many(loader: DataLoader[K, T], keys: Sequence[K]) -> Maybe[list[T]]:
    values = [known(loader, key) for key in keys]
    if any(pending(value) for value in values):
        return loader.load_many(keys)
    return values  # type: ignore[return-value]  # none is pending, checked above


def then(value: Maybe[T], apply: Callable[[T], U]) -> Maybe[U]:
    """`apply` to the value, now or once it has loaded."""
    if pending(value):
        awaited = value

        async def later() -> U:
            return apply(await awaited)

        return later()
    return apply(cast(T, value))


def both(first: Maybe[T], second: Maybe[U], apply: Callable[[T, U], V]) -> Maybe[V]:
    """`apply` to two values, now if both have loaded, else once they have."""
    if pending(first) or pending(second):

        async def later() -> V:
            a = await first if pending(first) else cast(T, first)
            b = await second if pending(second) else cast(U, second)
            return apply(a, b)

        return later()
    return apply(cast(T, first), cast(U, second))
