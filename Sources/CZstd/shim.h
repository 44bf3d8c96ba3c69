// zstd's simple and streaming API. Only the blob store and checkpoint code import this.
#include <zstd.h>
