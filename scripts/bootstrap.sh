# Sourced by scripts/serve and scripts/test: makes sure uv exists and the venv is synced.
# Works on a fresh Debian machine with Python 3.11 (as root, or with sudo for apt-get).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  # apt_install PKG... : install the Debian packages that are missing
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

PYTHON="${SAATHI_PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "Saathi needs Python 3.11 (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

if command -v uv >/dev/null 2>&1; then
  UV="$(command -v uv)"
elif [ -x "$ROOT/.tools/bin/uv" ]; then
  UV="$ROOT/.tools/bin/uv"
else
  echo "Installing uv into .tools/ ..."
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv python3-pip
  fi
  "$PYTHON" -m venv "$ROOT/.tools"
  "$ROOT/.tools/bin/pip" install -q "uv>=0.5"
  UV="$ROOT/.tools/bin/uv"
fi
# the real interpreter, not a pyenv shim: uv would otherwise rebuild .venv on every call
PYTHON="$("$PYTHON" -c 'import sys; print(sys.executable)')"
export UV_PYTHON="$PYTHON"
"$UV" sync --frozen --quiet
# synced once here; the many `uv run` calls after this (worker, server, tests) must not
# each re-sync the same environment at the same time
export UV_NO_SYNC=1
# WeasyPrint renders letters and lists as PDF with Pango and the Noto fonts (Bengali,
# Telugu, Devanagari shaping).
apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
# Splink's Spark backend (ADR 0041) runs Spark in local mode: a Java runtime, Debian's
command -v java >/dev/null 2>&1 || apt_install default-jre-headless
