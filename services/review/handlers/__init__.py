"""Review's Lambda entrypoints, one module per trigger: `review` (the review queue), `daily` (the
daily schedule). Thin: parse, call one use case from `logic/`, log."""
