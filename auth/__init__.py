"""Who is asking: passwords, signed access tokens, opaque secrets, and the request backend."""
