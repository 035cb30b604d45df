"""gunicorn's settings for the archive (`make serve`, the systemd unit, `make loadtest`).

Each can be overridden from the environment, as in deploy/archive.env.example.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django's pages are CPU-bound: about one worker per core, plus one while another waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
# Threads, not one request per process: a client reading an export at 2 kB/s holds one
# thread while the worker's others answer (sync workers were all held by two such clients;
# measured in docs/benchmarks.md, "Slow clients"). nginx's buffering (deploy/nginx.conf)
# keeps most slow readers off gunicorn altogether; the threads cover those that get through.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A gthread worker queues what it accepts behind its busy threads: accepting at most twice its
# threads, a worker whose threads are all held leaves new connections to the other workers.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", str(2 * threads)))
# A worker streaming a large CSV export must not be killed for being quiet (gthread workers
# beat from their main loop, so this only bounds a request that blocks a sync worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Load the application (core/wsgi.py imports the views and hazm's lexicon) once,
# before forking: a new or recycled worker answers at once. A code update therefore
# needs a restart (systemctl restart archive), not a HUP.
preload_app = True
# Recycle workers now and then, so no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# The reverse proxy on this machine may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files in memory, not on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's own log and (when GUNICORN_ACCESS_LOG is "-") the access log go to stderr, like Django's.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "archive"
# gunicorn's control socket (gunicornc) stays off unless a path is given: its default
# lives in $HOME, which the systemd unit keeps read-only, and two servers would share it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "/nonexistent/gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
