"""Survey figures in the metric registry (prima.core.metrics): IKM unit, CSAT satisfied share, NPS."""
