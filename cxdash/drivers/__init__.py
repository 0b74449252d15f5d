"""Key drivers: which touchpoints move an outcome most, by relative importance stable under correlated ratings."""
