-- Workshop, step 0: is this laptop ready? Run it after `make shell` has started the sandbox:
--
--   .venv/bin/cdcshell -f examples/workshop/00-setup-check.sql
--
-- Every line must succeed (exit status 0). The last one lists the two tutorials of the workshop.
\status
\jobs
\tutorial
