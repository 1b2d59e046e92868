"""Coverage services: every change to population figures, targets and (later) coverage facts."""
