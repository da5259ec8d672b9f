"""Pure text functions: outline import, numbering, diff, merge, proofreading (no Flask, no DB)."""
