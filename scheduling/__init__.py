"""When to look for due work: APScheduler jobs derived from Kindling's own schedule tables."""
