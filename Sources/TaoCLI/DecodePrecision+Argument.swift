import ArgumentParser
import Llama

/// `--decode-precision f32|f16|bf16`, for every command and stage that samples.
extension DecodePrecision: ExpressibleByArgument {}
