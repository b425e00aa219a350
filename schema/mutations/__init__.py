"""One module per mutation: its result union and its resolver."""
