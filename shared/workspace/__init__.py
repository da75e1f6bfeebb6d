"""The GC workspace: entities, single-table storage, tenant-scoped repositories and workflow
services. See README.md in this folder for the service functions, entities and keys."""
