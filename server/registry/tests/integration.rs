//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod auth;
mod cache;
mod common;
mod docker_config;
mod hostile;
mod live_auth;
mod live_open;
mod platform;
mod politeness;
mod tags;
mod tls;
