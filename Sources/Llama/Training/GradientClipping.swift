import Tensors

/// Clipping by global gradient norm, as `torch.nn.utils.clip_grad_norm_` does it.
public enum GradientClipping {
    /// Scales every gradient by `maxNorm / (‖g‖ + 1e-6)` when that is below 1, where ‖g‖ is the L2 norm over the
    /// whole arena (accumulated in Double).
    ///
    /// - Returns: the norm before clipping, worth logging (a spike flags a bad batch).
    @discardableResult
    public static func clipByGlobalNorm(_ gradients: TensorArena, maxNorm: Float) -> Float {
        let norm = Float(gradients.sumOfSquares().squareRoot())
        let scale = maxNorm / (norm + 1e-6)
        if scale < 1 {
            let g = gradients.base
            for i in 0..<gradients.count { g[i] *= scale }
        }
        return norm
    }
}
