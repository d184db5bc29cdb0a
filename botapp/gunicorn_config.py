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

    Python's full collection walks every object the worker loaded at start (modules,
    SQLAlchemy's tables, Babel's catalogs, phonenumbers' metadata), a pause that made the
    webhook's p99 tail (docs/decisions/0012-freeze-start-up-objects.md). They live as long as
    the worker, so never collecting them costs nothing; start-up garbage is collected first.
    """
    gc.collect()
    gc.freeze()
    worker.log.info("%d start-up objects frozen out of the cycle collector", gc.get_freeze_count())
