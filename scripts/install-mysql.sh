#!/usr/bin/env bash
# Install the MariaDB server from the distribution's packages, for `cdcshell sandbox up --with mysql` and the
# `mysql` tests. The sandbox runs its own instance (mariadb-install-db in the sandbox dir, 127.0.0.1 only), so the
# package's system service is not wanted: policy-rc.d keeps the package from starting it while it is installed.
# Safe to run again: it does nothing when a server is already installed.
set -euo pipefail

have_server() {
    command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]
}
have_tools() {
    command -v mariadb-install-db >/dev/null 2>&1 || command -v mysql_install_db >/dev/null 2>&1
}

if have_server && have_tools; then
    echo "MariaDB server found: $( (/usr/sbin/mariadbd --version || /usr/sbin/mysqld --version) 2>/dev/null | head -n 1)"
    exit 0
fi

# shellcheck source=scripts/apt-common.sh
. "$(dirname "$0")/apt-common.sh"
require_apt "the MariaDB server (10.11)" "apt-get update && apt-get install -y mariadb-server"

# No system service on port 3306: the sandbox starts its own server. policy-rc.d (exit 101) tells the package
# scripts not to start services; an existing one is kept and put back.
POLICY=/usr/sbin/policy-rc.d
SAVED=""
if [ -e "$POLICY" ]; then
    SAVED="$(mktemp)"
    $SUDO cp -p "$POLICY" "$SAVED"
fi
restore_policy() {
    if [ -n "$SAVED" ]; then $SUDO cp -p "$SAVED" "$POLICY"; rm -f "$SAVED"; else $SUDO rm -f "$POLICY"; fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
$SUDO chmod 755 "$POLICY"

$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends mariadb-server mariadb-client
have_server
have_tools
echo "MariaDB server installed: $( (/usr/sbin/mariadbd --version || /usr/sbin/mysqld --version) 2>/dev/null | head -n 1)"
