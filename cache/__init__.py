"""The public read path's caches: whole responses, and persisted query documents.

Nothing here knows GraphQL or the database; the server decides what is cacheable and the
resolvers name what a response shows and what a write changes (resolvers.surrogates).
"""
