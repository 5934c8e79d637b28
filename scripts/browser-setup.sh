#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed at /usr/bin/chromium, for the web UI's
# browser tests (Playwright drives it via executable_path; `playwright install` is never run, as its
# browser downloads cannot be fetched here). Idempotent: does nothing but print the version when
# Chromium is already there. Uses apt-get as root, or through sudo otherwise.
#   scripts/browser-setup.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

fail() {
    echo "browser-setup: $*" >&2
    exit 1
}

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        fail "$CHROMIUM is missing and neither root nor sudo is available to install Debian's chromium package"
    fi
    command -v apt-get >/dev/null 2>&1 \
        || fail "$CHROMIUM is missing and apt-get is not available (not a Debian-like system?)"
    echo "browser-setup: installing Debian's chromium package..." >&2
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    "${SUDO[@]}" apt-get update -qq >"$log" 2>&1 \
        || { cat "$log" >&2; fail "apt-get update failed; cannot install chromium"; }
    # fonts-liberation: so pages render text with real fonts in screenshots.
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-liberation >"$log" 2>&1 \
        || { cat "$log" >&2; fail "apt-get install chromium failed"; }
    [ -x "$CHROMIUM" ] || fail "chromium package installed but $CHROMIUM is still missing"
fi

version="$("$CHROMIUM" --version 2>/dev/null)" || fail "$CHROMIUM is present but '--version' failed"
echo "$version"
