"""Middleware for running in production, one module per job.

`faults` (a database that cannot serve becomes a Persian 503 page),
`slow_queries` (slow queries logged), `client_address` (the address the admin's
lockout and the rate limits count), `rate_limits` (searches and exports per
client), `statement_timeout` (no reader's query runs past a time limit). The names are re-exported here.
"""

from core.middleware.client_address import client_ip
from core.middleware.faults import (
    DatabaseFaultMiddleware,
    database_fault,
    drop_broken_connections,
    server_error,
    unavailable_response,
)
from core.middleware.slow_queries import QueryLoggingMiddleware, QueryTimer

__all__ = [
    "DatabaseFaultMiddleware",
    "QueryLoggingMiddleware",
    "QueryTimer",
    "client_ip",
    "database_fault",
    "drop_broken_connections",
    "server_error",
    "unavailable_response",
]
