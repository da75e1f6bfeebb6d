#!/usr/bin/env bash
# Installs what the project needs from Debian's packages when it is missing. Idempotent.
# Usage: scripts/ensure-system-deps.sh [tesseract] [chromium]
set -euo pipefail
missing=()
for want in "$@"; do
  case "$want" in
    tesseract) command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr tesseract-ocr-eng) ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv) ;;
    *) echo "unknown system dependency: $want" >&2; exit 2 ;;
  esac
done
((${#missing[@]})) || exit 0
echo "installing from Debian: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
