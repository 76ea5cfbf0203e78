#!/usr/bin/env bash
# Installs what building and testing Portico needs, and nothing when all of it is there.
# Debian packages: the C libraries Portico links (cmark-gfm, Graphviz) and pkg-config, and
# Node.js when no `node` is on PATH; with --test also Chromium and chromedriver for the browser test.
set -euo pipefail

packages=(pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libgraphviz-dev)
# `install-deps.sh --test` adds what the tests need: a real browser and its driver.
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Node.js runs nodejs* Lambda functions (and their tests); any `node` on PATH will do, so the
# distribution's package is installed only when there is none.
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Graphviz finds its layout and render plugins through a config file that the package's
# install step writes; make sure it is there (it is missing after some minimal installs).
if ! ls /usr/lib/*/graphviz/config6* >/dev/null 2>&1; then
  if command -v libgvc6-config-update >/dev/null 2>&1; then
    libgvc6-config-update -c
  fi
fi
