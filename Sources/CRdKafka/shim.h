// librdkafka's C API and its mock cluster (the embedded broker). Only the Kafka module imports this.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
