"""Cases being worked: routing, shared queues, picking, objections, reassignment.

Names used here that the glossary does not have (in its spirit):

- ``Routing``: a case's routing record (one per case): the rulebook's proposal, the confirmed lead
  unit (承办), assisting units (协助), owning leader (牵头领导), leader-led (领导领办) and
  confidentiality (保密件), and the queue state;
- ``CaseKind``: policy / execution / conduct / legal / mediation / governance (rulebook 一（一）、二（八））;
- shared queue (待领取队列): the lead unit's waiting cases; ``pick`` (领取), ``release`` (退回待领),
  ``assign`` (指派承办人, by the unit head), ``take back`` (收回);
- ``Objection`` (异议): a lead unit's objection to an assignment within 5 working days;
- ``Delegation`` (委托签发): the director lets a leader sign assignments or completions;
- ``AssistFinding`` (协办意见): what an assisting unit found;
- ``RoutingTable`` (路由表): the routing rules as data, edited in the admin;
- ``ApiToken``: a personal API token (stored as SHA-256).
"""
