"""gunicorn's settings for the `web` process: `gunicorn -c python:botapp.gunicorn_config …`.

Only what the app needs from its server lives here; the Procfile names workers and bind.
"""

from __future__ import annotations

import gc
from typing import Any


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
