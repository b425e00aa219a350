"""GraphQL over HTTP: the view (Strawberry's hooks) and the layers that guard it."""
