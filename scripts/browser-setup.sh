#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed at /usr/bin/chromium, for the web UI's
# browser tests (Playwright drives it via executable_path; `playwright install` is never run, as its
# browser downloads cannot be fetched here), and axe-core (the accessibility checker the browser tests run
# in the pages) from the npm registry, in $CLAIMLEDGER_AXE_DIR (default ~/.cache/claimledger/axe).
# Idempotent: does nothing but print the versions when both are there. Uses apt-get as root, or through
# sudo otherwise.
#   scripts/browser-setup.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium
AXE_DIR="${CLAIMLEDGER_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/claimledger/axe}"
AXE_VERSION=4.14.1  # tests/test_web_browser.py reads node_modules/axe-core/axe.min.js under AXE_DIR

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

axe="$AXE_DIR/node_modules/axe-core/axe.min.js"
if [ ! -f "$axe" ] || ! grep -q "\"version\": \"$AXE_VERSION\"" "$AXE_DIR/node_modules/axe-core/package.json"; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "browser-setup: installing Debian's npm package (to fetch axe-core)..." >&2
        if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
        "${SUDO[@]}" apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed; cannot install npm"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
            >/dev/null 2>&1 || fail "npm is missing and apt-get install npm failed"
    fi
    echo "browser-setup: installing axe-core $AXE_VERSION from the npm registry into $AXE_DIR..." >&2
    mkdir -p "$AXE_DIR"
    npm install --prefix "$AXE_DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >&2 \
        || fail "npm install axe-core@$AXE_VERSION failed"
    [ -f "$axe" ] || fail "axe-core installed but $axe is missing"
fi
echo "axe-core $AXE_VERSION"
