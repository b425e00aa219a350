"""Each ASGI layer in front of the GraphQL view, on a tiny app of its own."""
