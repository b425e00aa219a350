"""Probes for whatever runs Dateline: alive (`/healthz`), and able to serve (`/readyz`)."""

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from tortoise import connections

from endpoint.outage import unavailable


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure to reach the database means "not ready"
        return unavailable().response()
    return JSONResponse({"ready": True})
