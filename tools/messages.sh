#!/usr/bin/env bash
# Extract an app's translatable strings and compile its Indonesian catalogue.
# Usage: tools/messages.sh APP [translations.json]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$1"; shift
cd "$root/src/integritas/$app"
mkdir -p locale
DJANGO_SETTINGS_MODULE=integritas.config.settings.test uv run django-admin makemessages \
  -l id --no-location --no-obsolete --ignore 'tests/*' --ignore 'migrations/*' >/dev/null
cd "$root"
uv run python tools/po_fill.py "$app" "$@"
