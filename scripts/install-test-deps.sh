#!/usr/bin/env bash
# What `mvn verify` needs beyond Java and Maven, installed only when missing: the official Azure clients the
# end-to-end tests drive, and the browser the console's tests drive. The JavaScript client comes from npm
# (e2e/package-lock.json); the Python SDK from Debian (python3-azure: azure-mgmt-storageimportexport
# 1.0.0b2), for Debian's own /usr/bin/python3; Chromium and its WebDriver from Debian (chromium,
# chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if ! /usr/bin/python3 -c 'import azure.mgmt.storageimportexport' >/dev/null 2>&1; then
  need_apt+=(python3-azure)
fi
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${need_apt[*]} (apt)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need_apt[@]}"
fi
if [ ! -d e2e/node_modules/@azure/arm-storageimportexport ]; then
  echo "install-test-deps: npm ci in e2e/"
  (cd e2e && npm ci --no-audit --no-fund)
fi
/usr/bin/python3 -c 'import azure.mgmt.storageimportexport as m; print("install-test-deps: Python SDK at", m.__path__[0])'
echo "install-test-deps: node $(node --version), @azure/arm-storageimportexport in e2e/node_modules"
chromium_version=$(/usr/bin/chromium --version 2>/dev/null || true)
echo "install-test-deps: ${chromium_version:-chromium}, $(/usr/bin/chromedriver --version 2>/dev/null || echo chromedriver)"
