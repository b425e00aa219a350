"""Picture handling: probing uploads, storing files, rendering and signing renditions.

Pure functions and a file store: nothing here knows GraphQL, the database or the server.
"""
