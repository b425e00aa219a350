"""The public read path's caches: whole answers, and persisted query documents.

`middleware` answers public requests from memory, in front of authentication and the
GraphQL view; `answers` is one worker's cache (its `memory` copy, with `shared` Redis
behind it when there is one, exact through pub/sub, guarded by a `breaker`); `entry` is
one answer with its headers; `http` names requests; `documents` resolves persisted queries.

What it knows: HTTP, Redis, and the shape of a GraphQL request (its document, operation
and variables, to name it; whether a document is a query, with graphql-core's parser).
What it does not: the schema or the database. The GraphQL view marks which answers to
keep and with which surrogate keys (resolvers.surrogates names them), and writes say
which keys they changed.
"""
