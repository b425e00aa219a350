"""Plain async functions that read rows for the schema: no GraphQL types in here."""
