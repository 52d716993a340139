"""Staff pages of the improvement app; one module per area. Lookups go through scoped queries (404 outside
scope); acting without the permission is 403; a refusal by a service shows on the form with a 400."""
