#!/bin/sh
# Development server plus the background worker, stopped together (used by `make run`).
# The worker is the only process that writes the Whoosh index: one process, one thread.
set -u
PYTHON="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8000}"

# Tasks a killed worker left RUNNING go back to the queue first (extranet/task_queue.py).
"$PYTHON" manage.py requeue_stale_tasks --worker-id dev-worker -v0
"$PYTHON" manage.py db_worker --queue-name default,search --worker-id dev-worker &
WORKER_PID=$!
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" &
SERVER_PID=$!

stop() {
    trap - EXIT INT TERM
    kill "$SERVER_PID" "$WORKER_PID" 2>/dev/null
    wait "$SERVER_PID" "$WORKER_PID" 2>/dev/null
}
# Ctrl+C, a kill of this script, or runserver ending on its own: both processes stop.
trap 'stop; exit 130' INT TERM
trap stop EXIT

wait "$SERVER_PID"
