"""What fixtext knows of English words: word lists, names, and the corpus n-gram models."""
