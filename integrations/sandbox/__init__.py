"""The sandbox publisher: approvals end to end without posting anything."""
