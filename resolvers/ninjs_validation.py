"""Checking an agency's ninjs item before anything reads it: its size, then IPTC's schema.

Sizes come first and cost one pass over the value: an item too big, a body of megabytes
of HTML or a byline of thousands of names is refused before any parser or schema walks
it. What passes is checked against the ninjs 3.1 schema shipped in resolvers/data, and
each problem is named by its JSON pointer (RFC 6901), as the item's sender sees it.
"""

import functools
import itertools
import json
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import orjson

from resolvers.problems import Invalid

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError as SchemaError

# The whole item as JSON. Well above what agencies send for one story with its pictures;
# the server's request limit (DATELINE_MAX_BODY_BYTES) usually refuses long before.
ITEM_MAX_BYTES: Final = 2_000_000
# One text: a body's HTML (a long feature is some 100 kB) or any other string.
TEXT_MAX_CHARS: Final = 1_000_000
BYLINE_MAX_NAMES: Final = 50
# Any one list in the item (subjects, people, associations, renditions, ...).
LIST_MAX_ITEMS: Final = 500
# Reported at most: the first problems tell the sender what is wrong.
PROBLEMS_MAX: Final = 20
# The schema's places[].geoJSON refers to GeoJSON's own schema, which is not shipped:
# any object stands in for it (Dateline maps no places; they are kept verbatim).
_GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def pointer(path: Iterable[str | int]) -> str:
    """A JSON pointer: `/associations/0/renditions/1/width`; the whole item is ``."""
    return "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in path)


@functools.cache
def _validator() -> "Draft202012Validator":
    # Imported on the first import, not with the app: jsonschema and its registry weigh
    # some 8 MB per worker, which a worker that only serves readers never needs.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    text = resources.files("resolvers").joinpath("data/ninjs-schema_3.1.json").read_text()
    registry: Registry[Any] = Registry().with_resource(
        _GEOJSON, Resource.from_contents({"type": "object"}, default_specification=DRAFT202012)
    )
    return Draft202012Validator(json.loads(text), registry=registry)


def refuse(problems: list[tuple[str, str]]) -> Invalid:
    """Invalid naming each (pointer, reason), the first PROBLEMS_MAX of them."""
    shown = problems[:PROBLEMS_MAX]
    reasons = "; ".join(f"{where or '/'}: {why}" for where, why in shown)
    # Problems are counted no further than one past the cap: how many more is not known.
    tail = " (and more)" if len(problems) > len(shown) else ""
    return Invalid(
        f"Not a ninjs item Dateline can import: {reasons}{tail}.", tuple(w for w, _ in shown)
    )


def checked(item: Any) -> dict[str, Any]:
    """The item, if it is small enough and valid ninjs 3.1; else Invalid with pointers."""
    if not isinstance(item, dict):
        raise refuse([("", "a ninjs item is a JSON object")])
    try:
        size = len(orjson.dumps(item))
    except (TypeError, orjson.JSONEncodeError):
        raise refuse([("", "not plain JSON")]) from None
    problems = list(itertools.islice(_oversized(item, ()), PROBLEMS_MAX + 1))
    if not problems and size > ITEM_MAX_BYTES:
        problems = [("", f"at most {ITEM_MAX_BYTES} bytes as JSON, not {size}")]
    if not problems:
        by = item.get("by")
        names = split_byline(by) if isinstance(by, str) else []
        if len(names) > BYLINE_MAX_NAMES:
            problems = [("/by", f"at most {BYLINE_MAX_NAMES} names, not {len(names)}")]
    if problems:
        raise refuse(problems)
    errors = itertools.islice(_validator().iter_errors(item), PROBLEMS_MAX + 1)
    ordered = sorted(errors, key=lambda e: [_order(part) for part in e.absolute_path])
    if ordered:
        raise refuse([(pointer(e.absolute_path), _reason(e)) for e in ordered])
    return item


def _order(part: str | int) -> tuple[int, int, str]:
    """Document order: /associations/2 before /associations/10."""
    return (0, part, "") if isinstance(part, int) else (1, 0, part)


def _reason(error: "SchemaError") -> str:
    # The message may quote the offending value whole: keep it short.
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _oversized(value: Any, path: tuple[str | int, ...]) -> Iterable[tuple[str, str]]:
    """Every string or list over its limit, by pointer. The view has already bounded the
    nesting (endpoint.view.MAX_JSON_DEPTH), so the walk is as deep as the JSON is."""
    if isinstance(value, str):
        if len(value) > TEXT_MAX_CHARS:
            yield pointer(path), f"at most {TEXT_MAX_CHARS} characters, not {len(value)}"
    elif isinstance(value, list):
        if len(value) > LIST_MAX_ITEMS:
            yield pointer(path), f"at most {LIST_MAX_ITEMS} items, not {len(value)}"
            return
        for index, entry in enumerate(value):
            yield from _oversized(entry, (*path, index))
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _oversized(entry, (*path, key))


def split_byline(by: str) -> list[str]:
    """The names in a byline: "By Ana Silva and Ben Ode, Reuters" -> Ana Silva, Ben Ode,
    Reuters. Leading "By" / "Von" / "Par" and the like are dropped."""
    text = by.strip()
    for prefix in ("by ", "von ", "par ", "por ", "di ", "av "):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    for joiner in (" and ", " und ", " et ", " y ", " e ", " och ", " & ", ";"):
        text = text.replace(joiner, ",")
    return [name.strip() for name in text.split(",") if name.strip()]
