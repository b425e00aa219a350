"""The GraphiQL page: markup only, every script and style from our own origin."""

import html
import json
from collections.abc import Sequence
from typing import Final

from starlette.responses import HTMLResponse

from playground import assets
from playground.tabs import Tab

# Only our own origin, for everything: the page runs next to an editor's token. `data:` is
# for the fonts and images GraphiQL's stylesheet embeds (without it Chromium refuses its 34
# fonts). No 'unsafe-inline' or 'unsafe-eval': GraphiQL and CodeMirror style elements
# through the DOM, which the policy allows, and the page's JSON data block is not a script.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_STYLES: Final = ("graphiql.min.css", "graphiql-plugin-explorer.css", "playground.css")
# In load order: React before GraphiQL's UMD bundle, which reads window.React, and GraphiQL
# before the Explorer's, which reads window.GraphiQL.
_SCRIPTS: Final = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql-plugin-explorer.umd.js",
    "playground.js",
)


def _attributes(name: str, url_attribute: str) -> str:
    url, integrity = assets.reference(name)
    # Same-origin files need no `crossorigin` for SRI to apply.
    checked = "" if integrity is None else f' integrity="{html.escape(integrity)}"'
    return f'{url_attribute}="{html.escape(url)}"{checked}'


def page(*, graphql_path: str, example_query: str, workflow: Sequence[Tab] = ()) -> HTMLResponse:
    """The page, opening on `example_query` with the `workflow` tabs beside it."""
    tabs = [{"query": example_query, "variables": ""}, *workflow]
    # A data block ends at the first `</script`, and `<!--` inside it changes how it is
    # parsed: with every `<` escaped (JSON.parse undoes it), no query can leave the block.
    config = json.dumps({"url": graphql_path, "query": example_query, "tabs": tabs}).replace(
        "<", "\\u003c"
    )
    styles = "".join(f'\n<link rel="stylesheet" {_attributes(name, "href")}>' for name in _STYLES)
    # `defer` keeps the order above and runs the bootstrap once the data block is parsed.
    scripts = "".join(f"\n<script defer {_attributes(name, 'src')}></script>" for name in _SCRIPTS)
    body = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dateline GraphiQL</title>
<link rel="icon" href="data:,">{styles}{scripts}
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script type="application/json" id="dateline-playground">{config}</script>
</body>
</html>
"""
    return HTMLResponse(
        body,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )
