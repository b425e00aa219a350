"""The self-hosted GraphiQL playground: its page, and the routes serving its assets."""

from playground.assets import routes
from playground.page import page
from playground.tabs import tabs

__all__ = ["page", "routes", "tabs"]
