"""`python -m cdcshell` runs the same entry point as the console script."""

from cdcshell.cli import main

raise SystemExit(main())
