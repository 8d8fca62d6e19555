//! Small helpers shared by several rules.

pub mod dockerignore;
pub mod expanded;
pub mod flags;
pub mod platform;
pub mod reference;
pub mod scope;
pub mod suggest;
pub mod vars;
