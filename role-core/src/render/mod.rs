//! Renderers: pure functions from the model to each output format.
