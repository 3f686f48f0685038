//! What applications depend on: the macros, the model, the renderers and the registry.
