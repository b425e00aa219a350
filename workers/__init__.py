"""Serving processes: uvicorn workers, each with its own listening socket, supervised."""
