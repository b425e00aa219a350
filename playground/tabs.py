"""The tabs GraphiQL opens with: the public example, then the editing workflow.

The workflow is five documents in playground/workflow/, each with its variables beside it
(`N-step.graphql`, `N-step.json`), walking an editor from sign-in to publishing. A test
runs them in order against the demo newsroom, so they cannot go stale.
"""

import json
from functools import cache
from pathlib import Path
from typing import TypedDict

HERE = Path(__file__).parent
EXAMPLE = HERE / "example.graphql"
WORKFLOW = HERE / "workflow"


class Tab(TypedDict):
    query: str
    variables: str


def _tab(document: Path) -> Tab:
    variables = document.with_suffix(".json")
    text = variables.read_text() if variables.exists() else ""
    if text:
        json.loads(text)  # a broken file fails at start-up, not in an editor's browser
    return Tab(query=document.read_text(), variables=text)


@cache
def tabs() -> tuple[Tab, ...]:
    """The example first (the tab a reader of the API starts on), then the steps in order."""
    return (_tab(EXAMPLE), *(_tab(path) for path in sorted(WORKFLOW.glob("*.graphql"))))
