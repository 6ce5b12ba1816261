"""Prometheus metrics of one process, served by ``bot.background.ops_http`` at ``/metrics``.

A registry of our own (not the library's global one): tests and benchmarks may build
several bots in one interpreter without "duplicated timeseries" errors, and nothing
another library registers leaks into our endpoint.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

DELIVERIES = Counter(
    "newsbot_deliveries",
    "Outbox messages delivered to a channel.",
    ["platform", "kind"],
    registry=REGISTRY,
)
RETRIES = Counter(
    "newsbot_delivery_retries",
    "Failed sends that will be tried again later.",
    ["platform"],
    registry=REGISTRY,
)
FAILURES = Counter(
    "newsbot_delivery_failures",
    "Outbox messages given up on (reason: permanent error or attempts exhausted).",
    ["platform", "reason"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "newsbot_delivery_rate_limited",
    "Sends the platform refused with 429 (our own limiter should keep this near zero).",
    ["platform"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "newsbot_outbox_depth",
    "Outbox messages waiting to be delivered (all platforms).",
    registry=REGISTRY,
)
LEADER = Gauge(
    "newsbot_scheduler_leader",
    "1 while this process runs the scheduler, else 0.",
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "newsbot_request_seconds",
    "Time to answer one chat request (questions and commands).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
