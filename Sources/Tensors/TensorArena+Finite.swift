extension TensorArena {
    /// The first tensor holding a NaN or an infinity, with the offending value, or nil when every element is finite:
    /// the check before gradients are sent or averaged and before weights are committed or loaded.
    public func firstNonFinite() -> (tensor: String, value: Float)? {
        for view in layout.views {
            let values = self[view]
            for i in 0..<view.count where !values[i].isFinite { return (view.name, values[i]) }
        }
        return nil
    }
}
