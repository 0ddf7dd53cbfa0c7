#!/usr/bin/env bash
# Before the workshop, on each attendee's laptop: is everything `make shell` needs there? Prints what is missing
# and the command that fixes it; exit status 0 when the laptop is ready.
#
#   examples/workshop/check-laptop.sh
set -uo pipefail

ok=0
say() { printf '%-10s %s\n' "$1" "$2"; }
fail() { say "MISSING" "$1"; ok=1; }

# Python >= 3.10
if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; raise SystemExit(sys.version_info < (3, 10))'; then
  say "ok" "python3 $(python3 -c 'import platform; print(platform.python_version())')"
else
  fail "Python 3.10 or newer (Debian/Ubuntu: sudo apt-get install -y python3 python3-venv; macOS: brew install python)"
fi
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || fail "python3 venv module (Debian/Ubuntu: sudo apt-get install -y python3-venv)"

# Java >= 11 (17 recommended) for Flink
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -n "$java_bin" ] && [ -x "$java_bin" ] || java_bin="$(command -v java || true)"
if [ -n "$java_bin" ]; then
  major="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.*\([0-9]*\).*/\1 \2/p' | awk '{ print ($1 == 1) ? $2 : $1 }')"
  if [ -n "$major" ] && [ "$major" -ge 11 ]; then say "ok" "java $major ($java_bin)"; else fail "Java 11+ (found ${major:-?}): sudo apt-get install -y openjdk-17-jre-headless, or brew install openjdk@17"; fi
else
  fail "Java 17 (sudo apt-get install -y openjdk-17-jre-headless, or brew install openjdk@17; then set JAVA_HOME)"
fi

command -v make >/dev/null 2>&1 && say "ok" "make" || fail "make (sudo apt-get install -y make; macOS: xcode-select --install)"

# PostgreSQL server binaries for the CDC demo (make test installs them on Debian/Ubuntu when run as root)
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; then
  say "ok" "PostgreSQL server binaries"
else
  fail "PostgreSQL server (sudo apt-get install -y postgresql; macOS: brew install postgresql@16)"
fi

# The sandbox's ports
for port in 8081 8083 15432; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "IN USE" "port $port: fine if it is your cdcshell sandbox (cdcshell sandbox status); otherwise stop that process"
  else
    say "ok" "port $port free"
  fi
done

# Disk: Flink, the connectors and a PostgreSQL cluster need about 1.5 GB the first time
avail_kb="$(df -Pk "${HOME}" | awk 'NR == 2 { print $4 }')"
if [ -n "$avail_kb" ] && [ "$avail_kb" -lt 2000000 ]; then fail "2 GB free disk in $HOME (found $((avail_kb / 1024)) MB)"; else say "ok" "disk space"; fi

[ $ok -eq 0 ] && echo "Ready: run 'make shell' (the first run downloads Flink and the connectors)." || echo "Fix the lines marked MISSING, then run this again."
exit $ok
