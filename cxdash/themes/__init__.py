"""Pain points from survey comments: themes of a taxonomy, topics found beyond it, their cost."""
