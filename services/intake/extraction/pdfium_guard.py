"""One lock for pdfium across the extraction engines.

pdfium is not thread-safe, and the router reads a mixed packet's scanned pages two at a time:
every open, render and close of a pdfium document takes this lock.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
