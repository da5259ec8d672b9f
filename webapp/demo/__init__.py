"""Demo data for embedded mode: two departments, one user per role, one report in progress."""
