#!/bin/sh
# A management command with the production environment, as the service runs it:
#   sudo -u extranet deploy/manage.sh migrate --noinput
set -eu
cd "$(dirname "$0")/.."
set -a
. "${EXTRANET_ENV_FILE:-/srv/extranet/.env}"
set +a
export DJANGO_SETTINGS_MODULE=config.settings.production
exec .venv/bin/python manage.py "$@"
