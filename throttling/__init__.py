"""Rate limits: token buckets per caller, in this process or shared through Redis."""
