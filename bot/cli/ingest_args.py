"""The ``newsbot ingest`` arguments; kept apart so building the CLI parser stays light."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        help="article files, folders of them, http(s) URLs of articles, or - for stdin",
    )
    parser.add_argument("--feed", action="append", default=[], help="an RSS/Atom feed to backfill")
    parser.add_argument("--limit", type=int, help="at most this many items per feed")
    parser.add_argument("--json", action="store_true", help="one JSON object per article")
    parser.add_argument(
        "--apply",
        action="store_true",
        help="apply proposals at or above NEWSBOT_INGEST_APPLY_THRESHOLD",
    )
    parser.add_argument("--force", action="store_true", help="store near-duplicates too")
    parser.add_argument(
        "--story",
        metavar="KEY",
        help="file the articles under this story (default: the story each matches best)",
    )
    parser.add_argument("--follow", action="store_true", help="with --feed: keep polling it")
    parser.add_argument(
        "--reread",
        nargs="*",
        metavar="SLUG",
        help="read stored articles again (all of them, or these slugs) with the configured "
        "readers, e.g. after the language model was down; new proposals only",
    )
    parser.add_argument("--title")
    parser.add_argument("--source")
    parser.add_argument("--date")
    parser.add_argument("--url")
