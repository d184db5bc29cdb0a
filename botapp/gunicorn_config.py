"""gunicorn's settings for the `web` process: `gunicorn -c python:botapp.gunicorn_config …`.

Only what the app needs from its server lives here; the Procfile names workers and bind.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from botapp.config import ConfigError, load_settings


def on_starting(_server: Any) -> None:
    """Refuse to start, in one line naming the setting and with status 2, before any worker.

    Without this each worker would fail in `create_app` with a traceback, and gunicorn would
    stop with "Worker failed to boot" (status 3).
    """
    try:
        load_settings()
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)


def post_worker_init(worker: Any) -> None:
    """Put what the worker loaded at start beyond the cycle collector's reach (`gc.freeze`).

    A worker holds some 90,000 objects after loading the app (modules, SQLAlchemy's tables,
    Babel's catalogs, phonenumbers' metadata), and Python's full collection walks them all:
    50-130 ms in which the worker answers nothing, often in every worker at once since they
    serve alike. Those pauses made the webhook's p99 tail (decision 12). Frozen, a full
    collection takes 1-2 ms; they are never collected, which costs nothing, as they live as
    long as the worker. Start-up garbage is collected first, so none of it is kept.
    """
    gc.collect()
    gc.freeze()
    worker.log.info("%d start-up objects frozen out of the cycle collector", gc.get_freeze_count())
