"""Pure formatters: compliance state in, the bytes each ERP imports out."""
