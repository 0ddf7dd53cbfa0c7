"""Resuming a job from any later shell: what a journal record must keep (context), how a resume is planned (plan),
where its secrets come from (secrets), and how it is run so that a declined or failed resume leaves the session as
it was (run)."""
