#!/usr/bin/env bash
# Bundle the ODK web client (ODK Web Forms from the npm registry) for the Playwright test
# saathi/relief/surveys/tests/test_odk_client_browser.py: npm ci from its lock, then
# esbuild. Needs node and npm (Debian's packages); skipped with a message without them.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/saathi/relief/surveys/tests/odk_client"
if ! command -v npm >/dev/null 2>&1; then
    echo "odk client: npm is missing (apt-get install nodejs npm); its browser test will skip" >&2
    exit 0
fi
cd "$dir"
if [ ! -f dist/odk-client.js ] || [ package-lock.json -nt dist/odk-client.js ] || [ entry.js -nt dist/odk-client.js ]; then
    npm ci --no-audit --no-fund --loglevel=error
    npm run --silent build
fi
