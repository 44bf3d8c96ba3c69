/// A change in a consumer's partition assignment, reported after the consumer has acted on it.
public enum KafkaConsumerEvent: Sendable, Hashable {
    /// These partitions are now this member's: messages from them will follow.
    case assigned([KafkaTopicPartition])
    /// These partitions were taken away; offsets stored for them were committed as they went
    /// (`enable.auto.commit`), and no further messages from them will be yielded until reassigned.
    case revoked([KafkaTopicPartition])
}
