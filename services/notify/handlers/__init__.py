"""Notify's Lambda entrypoints, one module per trigger: `events` (the notify queue), `sweep` (the
daily schedule), `ses_feedback` (SES delivery, bounce and complaint events). Thin: parse, call one
use case from `logic/`, log."""
