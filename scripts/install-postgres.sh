#!/usr/bin/env bash
# Install the PostgreSQL server from the distribution's packages, for `cdcshell sandbox up --with postgres`
# and the `postgres` tests. The sandbox runs its own cluster (initdb in the sandbox dir, 127.0.0.1 only), so the
# package's default cluster is not wanted: it is switched off before the server package is installed.
# Safe to run again: it does nothing when a server is already installed.
set -euo pipefail

have_server() {
    compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

if have_server; then
    echo "PostgreSQL server found: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    exit 0
fi

# shellcheck source=scripts/apt-common.sh
. "$(dirname "$0")/apt-common.sh"
require_apt "the PostgreSQL server (13 or newer)" "apt-get update && apt-get install -y postgresql"
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql-common
# No system-wide "main" cluster on port 5432: the sandbox makes its own.
if [ -f /etc/postgresql-common/createcluster.conf ]; then
    $SUDO sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
fi
$SUDO apt-get install -y --no-install-recommends postgresql
have_server
echo "PostgreSQL server installed: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
