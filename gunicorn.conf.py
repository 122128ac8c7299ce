"""gunicorn's settings for the portal's HTTP processes (read from the working directory).

The production layout (README, Production): gunicorn's sync workers serve every HTTP request
through ``center.wsgi``; daphne serves only ``/ws/``, and the proxy routes by path. A sync worker
serves one request at a time, so its PostgreSQL pool needs two connections at most (the request's
and one spare); a daphne process serves many at once and keeps the larger default.
"""

import multiprocessing
import os

wsgi_app = "center.wsgi:application"
worker_class = "sync"
workers = int(os.environ.get("WEB_WORKERS", 2 * multiprocessing.cpu_count()))
bind = os.environ.get("WEB_BIND", "127.0.0.1:8001")
timeout = 60  # an upload of 60 MB from the proxy's buffer, a PDF: well under a minute
graceful_timeout = 30
control_socket_disable = True
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()

os.environ.setdefault("DB_POOL_MIN_SIZE", "1")
os.environ.setdefault("DB_POOL_MAX_SIZE", "2")
