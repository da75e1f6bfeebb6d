"""The API's use cases that the JSON routes and the staff UI share; each takes its ports.

`uploads`: staff, sample and portal upload tickets; `senders`: a tenant's sender address checked
with SES before it is saved; `correspondence`: action-needed rows; `erp`: the ERP console on the
API's ports, the entities ERP codes belong to, the Sage coverages CSV; `procore`: the Procore
facade and a project's open sync problems (go-live). Pages never import `routes/`.
"""
