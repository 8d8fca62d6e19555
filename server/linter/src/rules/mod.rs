//! Rule implementations, one file per rule, grouped by origin.

pub mod buildkit;
pub mod dlint;
pub mod hadolint;
pub mod registry;
