#!/usr/bin/env bash
# Regenerates the console's screenshots and diagrams in docs/console/: runs the browser test with
# -Dwaybill.screenshots (a PNG of each page at 1280x800) and the diagram test with -Dwaybill.diagrams (the
# job and drive life cycles as GET /ops/rules/diagram draws them from the active rules).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=docs/console
mkdir -p "$out"
scripts/install-test-deps.sh
mvn -q -B test -Dtest='ConsoleBrowserTest,RetimeConsoleBrowserTest,IncidentsBrowserTest,DiagramTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dwaybill.screenshots="$PWD/$out" -Dwaybill.diagrams="$PWD/$out"
ls -l "$out"
