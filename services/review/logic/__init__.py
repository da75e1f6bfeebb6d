"""Review's use cases; each takes the service's ports (`services.review.ports`) as an argument."""
