"""The local stack: ministack as a child process, the template provisioned on it, a dispatcher
that delivers queue messages and schedules to the Lambda handlers, and the Chalice app."""
