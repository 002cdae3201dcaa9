#!/usr/bin/env bash
# The forum's tests on the next Django LTS line's current release (Django 6.x), in a venv of its own
# under var/ (.ci/run runs it; it reports and never fails CI). django-machina 1.3.1 declares Django
# <= 4.1 and has had no release since 2023: this job shows, every CI run, what breaks before Django
# 5.2 LTS ends (April 2028) and 6.2 LTS is the target (docs/deployment.md, upgrade policy).
# Django 6 needs Python >= 3.12: the job uses python3.13 or python3.12 when the machine has one.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=var/venv-django6
DJANGO_SPEC="${DJANGO6_SPEC:-Django>=6.0,<6.1}"
PYTHON6=""
for candidate in python3.12 python3.13 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12 \
                 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13; do
  if "$candidate" -c "import venv, ssl" >/dev/null 2>&1; then PYTHON6=$(command -v "$candidate"); break; fi
done
if [ -z "$PYTHON6" ]; then
  echo "django6: no Python >= 3.12 on this machine: Django 6 cannot be installed, job not run."
  exit 0
fi
if [ ! -x "$VENV/bin/python" ] || [ requirements.txt -nt "$VENV/.installed" ] || [ requirements-dev.txt -nt "$VENV/.installed" ]; then
  rm -rf "$VENV"
  "$PYTHON6" -m venv "$VENV" || { echo "django6: could not create a venv with $PYTHON6"; exit 0; }
  "$VENV/bin/pip" install --quiet --upgrade pip >/dev/null 2>&1
  # The locks as they are, then Django 6 over them (pip says which declared ranges it breaks).
  if ! "$VENV/bin/pip" install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt >var/django6-install.log 2>&1; then
    echo "django6: the locked requirements do not install on $("$PYTHON6" --version):"; tail -5 var/django6-install.log | sed 's/^/django6:   /'
    exit 0
  fi
  "$VENV/bin/pip" install --quiet "$DJANGO_SPEC" >>var/django6-install.log 2>&1
  touch "$VENV/.installed"
fi
echo "django6: $("$VENV/bin/python" --version), Django $("$VENV/bin/python" -c 'import django; print(django.get_version())'), django-machina $("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("django-machina"))')"
"$VENV/bin/pip" check 2>&1 | sed 's/^/django6: pip check: /'
DJANGO_SETTINGS_MODULE=config.settings.test timeout 1800 "$VENV/bin/python" -m pytest tests/forum -q -p no:cacheprovider \
  -W ignore::DeprecationWarning -o addopts="" --tb=line >var/django6-forum.log 2>&1
code=$?
# What broke, once per distinct error, then the count (prefixed so that no runner reads it as CI's result).
grep -E "^(E |/.*Error|FAILED|ERROR)" var/django6-forum.log | sed -E 's/ - .*//' | sort | uniq -c | sort -rn | head -25 | sed 's/^/django6:   /'
tail -1 var/django6-forum.log | sed 's/^/django6: forum tests on Django 6: /'
[ "$code" -eq 124 ] && echo "django6: stopped after 30 minutes (timeout): the count above is of the tests run until then"
echo "django6: pytest exit $code (reported, not failing CI); full log: var/django6-forum.log"
exit 0
