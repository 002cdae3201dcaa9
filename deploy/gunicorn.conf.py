"""gunicorn settings of the extranet: started by deploy/systemd/extranet-web.service.

nginx (deploy/nginx/extranet.conf) talks to gunicorn on a unix socket; the socket's directory
(/run/extranet) is created by systemd (RuntimeDirectory=extranet).
"""

import multiprocessing

wsgi_app = "config.wsgi:application"
bind = "unix:/run/extranet/gunicorn.sock"
# Owner and group (www-data, nginx's group) may connect to the socket; nobody else.
umask = 0o007
# gunicornc's control socket beside it (the default, under $HOME, is read-only under systemd).
control_socket = "/run/extranet/gunicorn.ctl"

# Sync workers: the pages are short database-bound requests. More workers than this only
# queue on the database (and on SQLite's single writer).
workers = min(2 * multiprocessing.cpu_count() + 1, 9)
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in a dependency never grows unbounded.
max_requests = 2000
max_requests_jitter = 200

# Logs go to stdout and stderr, which systemd's journal keeps (journalctl -u extranet-web).
accesslog = "-"
errorlog = "-"
loglevel = "info"
# nginx's address is not logged: it forwards the client's in X-Forwarded-For.
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
