#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser build). Install it where missing and possible.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Chromium is missing at /usr/bin/chromium and cannot be installed here (needs root and apt-get)." >&2
echo "Install Debian's 'chromium' package, or set PRIMA_CHROMIUM to a Chromium binary." >&2
[ -n "${PRIMA_CHROMIUM:-}" ] && [ -x "${PRIMA_CHROMIUM}" ] && exit 0
exit 1
