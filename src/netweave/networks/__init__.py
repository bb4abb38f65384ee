"""Networks (tenants) with their charter, organisations, people, themes and memberships."""
