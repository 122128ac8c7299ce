"""Staff pages of case handling: queues, a case, the inboxes, delegations."""
