"""gunicorn for Layanan Disnaker, behind nginx (deploy/nginx/disnaker.conf). Read with
``gunicorn -c deploy/gunicorn.conf.py config.wsgi``; every figure can be changed from the environment.

Slow clients are nginx's problem, not ours: nginx reads the whole request (headers and body) before it
opens a connection here, so a thread is only ever busy with a request that has fully arrived. Without
nginx in front, a few sockets trickling a body hold every thread (bench/slow_body.py shows it).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# nginx connects over a Unix socket only it and this service can open (systemd's RuntimeDirectory); nothing
# else on the host can reach gunicorn around nginx. GUNICORN_BIND=127.0.0.1:8000 for a TCP port instead.
bind = [os.environ.get("GUNICORN_BIND", "unix:/run/disnaker/gunicorn.sock")]
# Only for the socket (gunicorn applies it around bind): mode 0660, so nginx's user, a member of the
# service's group, can connect. The process keeps systemd's UMask for everything else.
umask = 0o007

# Threads, not processes, carry the concurrency: a request waits mostly on the database. Each process holds
# one copy of Django (~150 MB); two per core is plenty on the office's small servers.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count(), 8))
threads = _int("GUNICORN_THREADS", 4)

# A request taking longer than this is stuck (a signature or import that big goes to the task worker):
# the process is restarted. nginx's proxy_read_timeout is longer, so nginx reports 504 only after this.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps a few connections to us open (upstream keepalive); idle ones close after this.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle processes now and then, so a slow leak cannot grow for weeks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# The request line and headers nginx lets through are small; anything larger is refused here as well.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 4094)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)

# X-Forwarded-Proto/-For are believed only from nginx (a Unix socket peer is always trusted; over TCP, the
# addresses listed). Django reads the client address from X-Forwarded-For with PROXY_COUNT=1.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr (journald). The access line carries the same request id as nginx's log and the
# application's (X-Request-ID, set by nginx, echoed by disnaker.core.request_id). %(U)s is the path
# without the query string.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
)

proc_name = "disnaker"
# The heartbeat file lives in memory, not on a disk that may stall (gunicorn's own advice). Only the workers'
# heartbeat goes there, nothing of the application's.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", _SHM if os.path.isdir(_SHM) else None)
# gunicorn 25+ opens a control socket in the service user's home; systemd's signals (reload = HUP) do that
# job here, and two instances on one host would fight over the one path.
control_socket_disable = True
