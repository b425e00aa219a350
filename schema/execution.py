"""graphql-core's executor, with shortcuts for the two commonest kinds of field.

Most fields of a page are a row's column as a projection holds it: `headline`, `slug`,
`width`, a caption's `text`. graphql-core executes each like any other (a resolve info
built, Strawberry's resolver called, the value completed through the generic path), a few
microseconds apiece, and a homepage has hundreds. Here such a field (Strawberry reads an
attribute: no resolver, no arguments, no field extensions, no resolve hook of a schema extension; a scalar or enum type) is read
and serialised directly. Anything out of the ordinary (an absent or awaitable value, a
null for a non-null type, a value the scalar refuses) goes the usual way, so answers and
errors are graphql-core's own to the byte (tests/test_answers.py compares every document).

The second kind is a relation or a derived value: a resolver that takes the projection,
`info` and plain arguments (`Article.section`, `Caption.url(width:)`). Strawberry calls it
through some ten frames (argument conversion that passes scalars and enums on as they
are, an extension chain with no extensions); `plan` gives such a field a resolver that
renames the arguments, makes the `Info` and calls the function. Fields with input-type
arguments, extensions or permission classes keep Strawberry's.
"""

import inspect
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.base import StrawberryList, StrawberryMaybe, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

_PLAN = "dateline-read"  # the key, in a GraphQLField's extensions, of its shortcut
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class _Read:
    """How a plain leaf field is answered: the attribute, and the type that coerces it."""

    attribute: str
    leaf: GraphQLLeafType
    nullable: bool


def plan(schema: GraphQLSchema, info_class: type[Info[Any, Any]] = Info) -> None:
    """Marks every field a shortcut may answer; run once, when the schema is built, with
    the schema config's `info_class`. The direct calls do not apply Strawberry's
    schema-level exception handlers: a schema with those is not to be planned."""
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            read = _read(field)
            if read is not None:
                field.extensions = {**field.extensions, _PLAN: read}
            lean = _lean(field, info_class)
            if lean is not None:
                field.resolve = lean


def _lean(field: GraphQLField, info_class: type[Info[Any, Any]]) -> Any:
    """A direct call of a resolver that takes the projection, maybe `info`, and arguments
    Strawberry would pass on as graphql-core coerced them (scalars, enums, lists of them),
    or None."""
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or definition.base_resolver is None:
        return None
    resolver = definition.base_resolver
    if definition.extensions or definition.is_subscription:
        return None
    if resolver.self_parameter is None or not inspect.isfunction(resolver.wrapped_func):
        return None  # a classmethod or staticmethod, or a root or parent parameter below
    arguments = definition.arguments
    if not all(_as_coerced(argument.type) for argument in arguments):
        return None
    names = {a.graphql_name or to_camel_case(a.python_name): a.python_name for a in arguments}
    if set(names) != set(field.args):
        return None
    lists = frozenset(n for n, a in zip(names, arguments, strict=True) if _listed(a.type))
    wanted = {p.name for p in resolver.signature.parameters.values()}
    given = {p.name for p in (resolver.self_parameter, resolver.info_parameter) if p}
    if wanted != given | set(names.values()):
        return None
    call = resolver.wrapped_func
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    if not names and info_name is not None:  # the commonest: a relation, `(self, info)`

        def related(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
            return call(source, **{info_name: info_class(_raw_info=info, _field=definition)})

        return related

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        # A list is copied, as Strawberry does: graphql-core hands every request that
        # omits it the same default.
        kwargs = {names[k]: list(v) if k in lists and v is not None else v for k, v in args.items()}
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=definition)
        return call(source, **kwargs)

    return resolve


def _as_coerced(type_: Any) -> bool:
    """Does Strawberry pass this argument on as graphql-core coerced it?"""
    if isinstance(type_, StrawberryMaybe):
        return False  # wrapped in Some
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    if isinstance(type_, StrawberryList):
        return _as_coerced(type_.of_type) and not isinstance(type_.of_type, StrawberryList)
    return (
        type_ in (int, str, float, bool)
        or isinstance(type_, StrawberryEnumDefinition)
        or has_enum_definition(type_)
    )


def _listed(type_: Any) -> bool:
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    return isinstance(type_, StrawberryList)


def _read(field: GraphQLField) -> _Read | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if definition.default_resolver is not getattr:
        return None
    if field.args or not getattr(field.resolve, "_is_default", False):
        return None
    # A property (or any descriptor) computes its value: it keeps the usual path, which
    # calls it once, inside graphql-core's error handling.
    origin = definition.origin
    if isinstance(origin, type):
        static = inspect.getattr_static(origin, definition.python_name, None)
        if hasattr(type(static), "__get__"):
            return None
    nullable = not isinstance(field.type, GraphQLNonNull)
    leaf = field.type if nullable else field.type.of_type  # type: ignore[union-attr]
    if not is_leaf_type(leaf):
        return None
    return _Read(definition.python_name, leaf, nullable)


class Executor(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node: FieldNode = field_details_list[0].node
        field = parent_type.fields.get(node.name.value)
        read = field.extensions.get(_PLAN) if field is not None else None
        wrapped = self.middleware_manager is not None and self.middleware_manager.middlewares
        if read is not None and not node.arguments and not wrapped:
            try:
                value = getattr(source, read.attribute, _ABSENT)
            except Exception:  # a source of another class, with a getter: the usual path
                value = _ABSENT
            if value is None and read.nullable:
                return None
            if value is not None and value is not _ABSENT and not self.is_awaitable(value):
                try:
                    coerced = read.leaf.coerce_output_value(value)
                except Exception:  # the usual path reports it, located
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    return coerced
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
