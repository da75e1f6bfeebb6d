"""Intake's Lambda entrypoints, one module per trigger: `upload` (the intake queue: S3
notifications), `textract` (the Textract completion queue). Thin: parse, call `logic/`, log."""
