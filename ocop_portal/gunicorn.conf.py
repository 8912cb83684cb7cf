"""gunicorn settings for the portal: ``gunicorn -c ocop_portal/gunicorn.conf.py ocop_portal.wsgi``.

Read from the environment (defaults sized for a small machine, bench/RESULTS.md has the measurements):

* ``GUNICORN_BIND`` (``0.0.0.0:8000``);
* ``GUNICORN_WORKER_CLASS`` (``gthread``) with ``GUNICORN_WORKERS`` processes (cores + 1) of ``GUNICORN_THREADS``
  threads (8): a request waiting on PostgreSQL or on the login limit below holds a thread, not a whole process;
  ``sync`` with 2 × cores + 1 workers is the classic alternative;
* ``GUNICORN_LOGIN_CONCURRENCY`` (cores − 1, at least 1): how many logins (``POST /login/``, ``/api/token/``,
  ``/admin/login/``) may check a password at the same time on this machine, across every worker. A password check
  costs ~20 ms of CPU with the portal's Argon2id (accounts/hashers.py), 0,4–0,7 s for a hash still in PBKDF2
  (1.000.000 rounds, re-made at that login); without a limit a burst of such logins takes every core and every
  other request waits behind it. Further logins wait their turn (at most ``GUNICORN_LOGIN_WAIT`` seconds, 30, then
  go ahead anyway: a login is never refused by this limit); at most half of a worker's threads wait, a login
  beyond that goes ahead at once, so waiting logins never hold the threads the other requests need. Only the
  ``gthread`` worker class can wait without blocking the other requests of the process; with ``sync`` workers the
  limit is off.
* ``GUNICORN_ACCESS_LOG`` (``-``, stdout; empty for none), ``GUNICORN_TIMEOUT`` (60 s).
"""

import fcntl
import os
import shutil
import tempfile
import threading
import time

CORES = os.cpu_count() or 1


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _env_int("GUNICORN_THREADS", 8) if worker_class == "gthread" else 1
workers = _env_int("GUNICORN_WORKERS", CORES + 1 if worker_class == "gthread" else 2 * CORES + 1)
timeout = _env_int("GUNICORN_TIMEOUT", 60)
keepalive = 5
control_socket_disable = True  # no control socket in ~/.gunicorn/ (gunicorn 27)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None

LOGIN_PATHS = {"/login/", "/api/token/", "/admin/login/"}
LOGIN_CONCURRENCY = _env_int("GUNICORN_LOGIN_CONCURRENCY", max(1, CORES - 1))
LOGIN_WAIT = _env_int("GUNICORN_LOGIN_WAIT", 30)
# One lock file per slot, shared by the workers (forked from the master that imported this file).
_SLOT_DIR = os.environ.get("GUNICORN_LOGIN_SLOT_DIR") or ""
_OWN_SLOT_DIR = not _SLOT_DIR
if _OWN_SLOT_DIR:
    _SLOT_DIR = tempfile.mkdtemp(prefix="ocop-login-slots-")


_waiting = {"count": 0}
_waiting_lock = threading.Lock()


def _take_slot():
    """An open, locked slot file (its descriptor), or None after LOGIN_WAIT seconds, or at once when half of this
    worker's threads already wait for one (waiting logins must not hold every thread either: the other requests
    need them). ``flock`` locks belong to the open file, so each waiting thread opens its own; the kernel releases
    the lock if the worker dies."""
    with _waiting_lock:
        if _waiting["count"] >= max(1, threads // 2):
            return None
        _waiting["count"] += 1
    try:
        return _wait_for_slot()
    finally:
        with _waiting_lock:
            _waiting["count"] -= 1


def _wait_for_slot():
    deadline = time.monotonic() + LOGIN_WAIT
    while True:
        for slot in range(LOGIN_CONCURRENCY):
            fd = os.open(os.path.join(_SLOT_DIR, f"slot-{slot}"), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.01)


def _is_login(req):
    return req.method == "POST" and req.path in LOGIN_PATHS


def pre_request(worker, req):
    if threads > 1 and LOGIN_CONCURRENCY > 0 and _is_login(req):
        req.ocop_login_slot = _take_slot()


def post_request(worker, req, environ, resp):
    fd = getattr(req, "ocop_login_slot", None)
    if fd is not None:
        req.ocop_login_slot = None
        os.close(fd)  # closing the last descriptor of the file releases its lock


def on_exit(server):
    if _OWN_SLOT_DIR:
        shutil.rmtree(_SLOT_DIR, ignore_errors=True)
