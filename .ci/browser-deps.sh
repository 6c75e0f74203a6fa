#!/usr/bin/env bash
# Browser for the map tests (tests/test_browser.py, bench/bench_map.py): Debian chromium,
# used by Playwright via executable_path=/usr/bin/chromium. Never downloads a Playwright browser.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version || true
