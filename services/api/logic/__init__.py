"""The API's use cases that the JSON routes and the staff UI share; each takes its ports.

`uploads`: staff, sample and portal upload tickets; `senders`: a tenant's sender address checked
with SES before it is saved.
"""
