// Placeholder so the target builds until the Kafka layer lands.
