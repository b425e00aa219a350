"""Limits on every operation, checked before it runs: see docs/limits.md.

The size of the document is checked before it is parsed, its tokens while it is parsed
(graphql-core stops at the limit), and the rest after parsing and before the standard
validation rules run, so a hostile document costs a walk of its tree and nothing more.
Each refusal is one error whose `extensions.code` names the limit.

The walk follows fragment spreads (each fragment is summarised once, so a fragment
spread many times costs nothing more) and treats a spread of a fragment already being
walked as empty: graphql-core's NoFragmentCycles refuses such a document anyway.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    validate,
    value_from_ast_untyped,
)
from graphql.validation import MaxIntrospectionDepthRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import ValidationCache

from resolvers.context import Context
from throttling import buckets

# Exempt from depth and cost, as in GraphQL Armor, with every field of an introspection
# type (`__Type.ofType`, in fragments too: the standard query's TypeRef nests `ofType`
# nine deep). Introspection is bounded instead by graphql-core's MaxIntrospectionDepthRule,
# which Strawberry does not run by default.
INTROSPECTION = frozenset({"__schema", "__type"})
# Selection sets and fragment spreads entered, at most: the walk is recursive, and the
# parser already refuses documents nested 200 selection sets deep.
MAX_NESTING = 200


@dataclass(frozen=True)
class Limits:
    """The numbers; `Settings.limits()` builds them from DATELINE_* variables."""

    max_depth: int = 8
    max_aliases: int = 15
    max_tokens: int = 1000
    max_directives: int = 50
    max_document_chars: int = 15_000
    max_page_size: int = 100
    max_nodes: int = 10_000


def refusal(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class Refused(Exception):
    def __init__(self, error: GraphQLError, nodes: int | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.nodes = nodes  # known when every connection had its size


@dataclass
class Shape:
    """What a selection set adds up to, fragments expanded."""

    depth: int = 0
    aliases: int = 0
    directives: int = 0
    nodes: int = 0

    def add(self, other: "Shape", *, depth: int = 0, nodes: int = 1) -> None:
        self.depth = max(self.depth, other.depth + depth)
        self.aliases += other.aliases
        self.directives += other.directives
        self.nodes += other.nodes * nodes


@dataclass
class Walk:
    limits: Limits
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    summaries: dict[str, Shape] = field(default_factory=dict)
    walking: set[str] = field(default_factory=set)

    def fragment(self, name: str, nesting: int) -> Shape:
        if name in self.summaries:
            return self.summaries[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.walking:  # unknown, or a cycle: validation's
            return Shape()
        self.walking.add(name)
        parent = self.schema.get_type(definition.type_condition.name.value)
        shape = self.selections(definition.selection_set, parent, nesting)
        shape.directives += len(definition.directives or ())
        self.walking.discard(name)
        self.summaries[name] = shape
        return shape

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, nesting: int
    ) -> Shape:
        if nesting > MAX_NESTING:
            raise Refused(too_deep(self.limits))
        shape = Shape()
        for selection in selection_set.selections:
            shape.directives += len(selection.directives or ())
            if isinstance(selection, FieldNode):
                self.field(selection, parent, nesting, shape)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                shape.add(self.selections(selection.selection_set, inner, nesting + 1))
            elif isinstance(selection, FragmentSpreadNode):
                shape.add(self.fragment(selection.name.value, nesting + 1))
        return shape

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, nesting: int, shape: Shape
    ) -> None:
        name = node.name.value
        if node.alias is not None:
            shape.aliases += 1
        fields = (
            parent.fields if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else {}
        )
        definition = fields.get(name)
        child_type = get_named_type(definition.type) if definition is not None else None
        child = (
            self.selections(node.selection_set, child_type, nesting + 1)
            if node.selection_set is not None
            else Shape()
        )
        if name in INTROSPECTION or (parent is not None and parent.name.startswith("__")):
            shape.add(Shape(aliases=child.aliases, directives=child.directives))
            return
        if definition is not None and "first" in definition.args:
            size = self.page_size(node, "last" in definition.args)
            shape.nodes += size
            shape.add(child, depth=1, nodes=size)
        else:
            shape.add(child, depth=1)

    def page_size(self, node: FieldNode, has_last: bool) -> int:
        """The page a connection asks for: GitHub's rule, `first` or `last` in 1..max."""
        given = {
            argument.name.value: value_from_ast_untyped(argument.value, self.variables)
            for argument in node.arguments or ()
            if argument.name.value in ("first", "last")
        }
        name = node.name.value
        most = self.limits.max_page_size
        sizes = []
        for argument, value in given.items():
            if value is None or isinstance(value, bool) or not isinstance(value, int):
                continue  # null means not given; a wrong type fails coercion before execution
            if not 1 <= value <= most:
                raise Refused(
                    refusal(
                        "CONNECTION_SIZE_OUT_OF_RANGE",
                        f"`{name}({argument}: {value})` is out of range: "
                        f"`{argument}` must be from 1 to {most}.",
                    )
                )
            sizes.append(value)
        if sizes:
            return max(sizes)
        if any(value is not None for value in given.values()):
            return most  # a variable of the wrong type: coercion refuses it
        wanted = "`first` or `last`" if has_last else "`first`"
        raise Refused(
            refusal(
                "CONNECTION_SIZE_REQUIRED",
                f"`{name}` is a connection: give {wanted}, from 1 to {most}.",
            )
        )


def too_deep(limits: Limits) -> GraphQLError:
    return refusal(
        "MAX_DEPTH_EXCEEDED", f"The operation is nested deeper than {limits.max_depth} levels."
    )


@dataclass(frozen=True)
class Checked:
    nodes: int


def check(
    limits: Limits,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> Checked:
    """Raises `Refused` when the document breaks a limit; otherwise the chosen operation's
    node count. Depth, aliases and directives are the most any operation or fragment has."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    operations = [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    chosen = next(
        (
            operation
            for operation in operations
            if operation_name is None
            or (operation.name is not None and operation.name.value == operation_name)
        ),
        None,
    )
    nodes = 0
    shapes: list[Shape] = []
    for operation in operations:
        defaults = {
            definition.variable.name.value: value_from_ast_untyped(definition.default_value)
            for definition in operation.variable_definitions or ()
            if definition.default_value is not None
        }
        walk = Walk(limits, schema, fragments, {**defaults, **(variables or {})})
        root = schema.get_root_type(operation.operation)
        shape = walk.selections(operation.selection_set, root, 1)
        shape.directives += len(operation.directives or ())
        shapes.append(shape)
        if operation is chosen:
            nodes = shape.nodes
        # Fragments no operation spreads still count (NoUnusedFragments refuses them later).
        shapes.extend(walk.fragment(name, 1) for name in fragments)
    _at_most(limits, shapes, nodes)
    return Checked(nodes=nodes)


# Per (limits, document, operation, variables): the schema and document it was counted on
# (kept, so that their ids stay theirs) and the count.
_counted: dict[tuple[Any, ...], tuple[GraphQLSchema, DocumentNode, Checked]] = {}
_KEPT = 1024


def remembered(
    limits: Limits,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> Checked:
    """`check`, once per document and variables: documents are parsed once per process
    (schema.extensions.DocumentCache) and frontends send the same few, with the same few
    variables, all day; the walk cost a few percent of a page. A refusal is not kept."""
    try:
        shown = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # what JSON cannot carry (an upload), or nested too deep for orjson
        return check(limits, schema, document, operation_name, variables)
    key = (limits, id(schema), id(document), operation_name, shown)
    found = _counted.get(key)
    if found is not None and found[0] is schema and found[1] is document:
        return found[2]
    counted = check(limits, schema, document, operation_name, variables)
    if len(_counted) >= _KEPT:
        _counted.clear()
    _counted[key] = (schema, document, counted)
    return counted


# Per document: what NoSchemaIntrospectionCustomRule finds in it (the document kept, so
# that its id stays its own).
_introspection: dict[int, tuple[DocumentNode, list[GraphQLError]]] = {}


def introspection_refused(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
    """The refusals of introspection in `document`, for a caller who may not introspect:
    checked before any limit, so a tool is told why and not that its query is too deep.
    Once per document: documents are parsed once per process."""
    found = _introspection.get(id(document))
    if found is not None and found[0] is document:
        return found[1]
    errors = validate(schema, document, [NoSchemaIntrospectionCustomRule])
    if len(_introspection) >= _KEPT:
        _introspection.clear()
    _introspection[id(document)] = (document, errors)
    return errors


def _at_most(limits: Limits, shapes: list[Shape], nodes: int) -> None:
    error = _over(limits, shapes, nodes)
    if error is not None:
        raise Refused(error, nodes)


def _over(limits: Limits, shapes: list[Shape], nodes: int) -> GraphQLError | None:
    if max((shape.depth for shape in shapes), default=0) > limits.max_depth:
        return too_deep(limits)
    aliases = max((shape.aliases for shape in shapes), default=0)
    if aliases > limits.max_aliases:
        return refusal(
            "MAX_ALIASES_EXCEEDED",
            f"The operation has {aliases} aliases; the limit is {limits.max_aliases}.",
        )
    directives = max((shape.directives for shape in shapes), default=0)
    if directives > limits.max_directives:
        return refusal(
            "MAX_DIRECTIVES_EXCEEDED",
            f"The operation has {directives} directives; the limit is {limits.max_directives}.",
        )
    if nodes > limits.max_nodes:
        return refusal(
            "NODE_BUDGET_EXCEEDED",
            f"The operation asks for up to {nodes} nodes; the limit is {limits.max_nodes}.",
        )
    return None


# Validation errors answered at most, then one saying how many more: unknown directives,
# fields or arguments must not multiply into a long answer.
MAX_ERRORS = 5


def bounded(errors: list[GraphQLError] | None) -> list[GraphQLError] | None:
    """The first MAX_ERRORS errors, and one counting the rest. Always a new list: the
    standard rules' cache keeps its own, and schema.errors may change this one."""
    if errors is None or len(errors) <= MAX_ERRORS:
        return None if errors is None else list(errors)
    more = len(errors) - MAX_ERRORS
    return [
        *errors[:MAX_ERRORS],
        GraphQLError(f"{more} more validation errors were found; fix these first."),
    ]


def too_many_tokens(error: GraphQLError) -> bool:
    return isinstance(error, GraphQLSyntaxError) and "tokens. Parsing aborted." in error.message


def cost_of(nodes: int) -> int:
    """What an operation costs against its caller's rate limit: GitHub's rule, nodes / 100
    rounded, at least 1."""
    return max(1, round(nodes / 100))


async def charge(context: object, nodes: int) -> bool:
    """Spends the operation's cost beyond the one request already paid at the door; False
    when the caller's bucket cannot pay it."""
    extra = cost_of(nodes) - 1
    if not isinstance(context, Context) or context.limits is None or extra <= 0:
        return True
    rule, taken = await context.limits.request(
        context.request.scope, context.now.timestamp(), extra
    )
    if not taken.allowed and context.response is not None:
        # The same 429 and headers as a refusal at the door, on Strawberry's own response.
        context.response.status_code = 429
        context.response.headers.update(
            {**buckets.headers(rule, taken), "Cache-Control": "no-store"}
        )
    return taken.allowed


class OperationLimits(ValidationCache):
    """Size and tokens at parsing; the other limits, then the (cached) standard rules,
    at validation. Reports `extensions.cost`: the nodes asked for, and the budget."""

    def __init__(self, limits: Limits, maxsize: int | None = 1024) -> None:
        super().__init__(maxsize=maxsize)
        self.limits = limits
        self.nodes: int | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        most = self.limits.max_document_chars
        if context.query is not None and len(context.query) > most:
            # Raised from the hook, the error is answered as is, before any parsing.
            raise refusal(
                "DOCUMENT_TOO_LARGE",
                f"The document has {len(context.query)} characters; the limit is {most}.",
            )
        context.parse_options = {**context.parse_options, "max_tokens": self.limits.max_tokens}
        yield
        for error in context.pre_execution_errors or ():
            if too_many_tokens(error):
                error.extensions = {**(error.extensions or {}), "code": "MAX_TOKENS_EXCEEDED"}

    async def on_validate(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        assert context.graphql_document is not None
        if NoSchemaIntrospectionCustomRule in context.validation_rules:  # schema.errors adds it
            refused = introspection_refused(context.schema._schema, context.graphql_document)
            if refused:
                # The first says it all. A fresh object: schema.errors codes it in place,
                # and this one is kept.
                first = refused[0]
                context.pre_execution_errors = [
                    GraphQLError(first.message, first.nodes, first.source, first.positions)
                ]
                yield
                return
        try:
            checked = remembered(
                self.limits,
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
            )
        except Refused as refused:
            self.nodes = refused.nodes
            context.pre_execution_errors = [refused.error]
            yield
            return
        self.nodes = checked.nodes
        if not await charge(context.context, checked.nodes):
            context.pre_execution_errors = [
                refusal(
                    "RATE_LIMITED",
                    f"This operation costs {cost_of(checked.nodes)} requests' worth "
                    "(its nodes / 100), more than is left; slow down.",
                )
            ]
            yield
            return
        context.validation_rules = (*context.validation_rules, MaxIntrospectionDepthRule)
        # The cached standard rules: ValidationCache does its work before its yield.
        for _ in super().on_validate():
            context.pre_execution_errors = bounded(context.pre_execution_errors)
            yield

    def get_results(self) -> dict[str, Any]:
        if self.nodes is None:
            return {}
        return {"cost": {"requested": self.nodes, "limit": self.limits.max_nodes}}
