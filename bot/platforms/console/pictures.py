"""Pictures in a terminal: a document's carried images are saved as files, and the
text shows where, so a reader can open the map the digest comes with."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from digests.document import Document, images_of, with_image_urls

_log = logging.getLogger(__name__)


def save_pictures(document: Document, folder: Path) -> Document:
    """The document with each carried picture saved under ``folder`` and pointed at by its
    path. The same picture gets the same file name, so a repeated digest adds no file."""
    images = images_of(document)
    if not images:
        return document
    paths: dict[str, str] = {}
    for image in images:
        data = image.png()
        stem, _, ext = (image.filename or "picture.png").rpartition(".")
        path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:10]}.{ext or 'png'}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(data)
        except OSError as exc:  # a read-only folder: the text still goes out
            _log.warning("could not save %s: %s", path, exc)
            continue
        paths[image.filename or ""] = str(path.resolve())
    return with_image_urls(document, paths)
