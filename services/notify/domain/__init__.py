"""Notify's domain: correspondence sequences, their step plans and the rules that gate sending."""
