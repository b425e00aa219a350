"""Content for trying Dateline out: the demo newsroom and synthetic bulk articles."""
