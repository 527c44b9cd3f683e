"""Examples of using pomocbot: the example shop's knowledge base and a backend (not installed)."""
