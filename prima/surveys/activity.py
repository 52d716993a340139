"""Display strings for the surveys app's activity log entries."""
