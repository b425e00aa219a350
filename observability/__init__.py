"""What a request cost: counters that anyone can read in a response or a test."""
