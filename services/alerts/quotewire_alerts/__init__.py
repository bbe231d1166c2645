"""quotewire alerts worker: standing alerts over new statements, signed webhooks."""
