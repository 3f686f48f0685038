//! Example roles.
