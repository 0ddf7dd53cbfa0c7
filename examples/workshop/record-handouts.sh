#!/usr/bin/env bash
# Record the workshop's hand-outs: parts 1–3 run unattended against the local sandbox, in English and Chinese,
# each written as Markdown (statements, results, the tutorial's explanations; passwords masked), with the
# terminal output of the run next to it (`.md.log`, for when something fails).
#
#   examples/workshop/record-handouts.sh [OUTDIR] [LANG...]     # default: ./handouts en zh
#
# Needs the sandbox with PostgreSQL running (`make shell` in another terminal, or
# `.venv/bin/cdcshell sandbox up --with postgres`). Takes about two minutes per language.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cdcshell="${CDCSHELL:-$root/.venv/bin/cdcshell}"
[ -x "$cdcshell" ] || cdcshell="$(command -v cdcshell || true)"
if [ -z "$cdcshell" ]; then
  echo "cdcshell not found: run 'make shell' once (it creates .venv), or set CDCSHELL=/path/to/cdcshell" >&2
  exit 2
fi

outdir="${1:-handouts}"
shift || true
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(en zh)
mkdir -p "$outdir"

status=0
for lang in "${langs[@]}"; do
  for part in 01-concepts 02-checkpointing 03-no-checkpoints; do
    out="$outdir/$part-$lang.md"
    echo "== $part ($lang) -> $out"
    if ! NO_COLOR=1 "$cdcshell" --lang "$lang" --record "$out" -f "$here/$part.sql" >"$out.log" 2>&1; then
      echo "   FAILED: see $out.log, and the troubleshooting table in examples/workshop/README.md" >&2
      status=1
    fi
  done
done
exit $status
