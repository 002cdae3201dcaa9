#!/bin/sh
# Development server, the background worker and the periodic jobs, stopped together (`make run`).
# The worker is the only process that writes the Whoosh index: one process, one thread. It is the
# database queue's db_worker, or RQ's worker with TASK_BACKEND=rq (`task_worker` picks it). The
# schedule (extranet/schedule.py) runs each periodic job when due, as production's timers do.
set -u
PYTHON="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8000}"

# Tasks a killed worker left RUNNING go back to the queue first (extranet/task_queue.py).
"$PYTHON" manage.py requeue_stale_tasks --worker-id dev-worker -v0
"$PYTHON" manage.py task_worker --worker-id dev-worker &
WORKER_PID=$!
"$PYTHON" manage.py schedule --run &
SCHEDULE_PID=$!
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" &
SERVER_PID=$!

stop() {
    trap - EXIT INT TERM
    kill "$SERVER_PID" "$WORKER_PID" "$SCHEDULE_PID" 2>/dev/null
    wait "$SERVER_PID" "$WORKER_PID" "$SCHEDULE_PID" 2>/dev/null
}
# Ctrl+C, a kill of this script, or runserver ending on its own: all three processes stop.
trap 'stop; exit 130' INT TERM
trap stop EXIT

wait "$SERVER_PID"
