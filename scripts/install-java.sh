#!/usr/bin/env bash
# Install a JDK and Maven from the distribution's packages, for the catalog drift test (it regenerates the
# completion catalogs from the Flink jars) and the sandbox's connector downloads. `make test` runs this so that
# the test runs instead of skipping; `make unit` needs no Java.
# Safe to run again: it does nothing when java, javac and mvn are all found.
set -euo pipefail

if command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
    echo "Java and Maven found: $(command -v javac), $(command -v mvn)"
    exit 0
fi

# shellcheck source=scripts/apt-common.sh
. "$(dirname "$0")/apt-common.sh"
require_apt "A JDK 17 and Maven" "apt-get update && apt-get install -y openjdk-17-jdk-headless maven"
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven
