//! Registry resolution for dlint: the only crate that touches the network.
//!
//! * [`reference`] parses and normalises image references like Docker (no network);
//! * [`Resolver`] resolves references (digest, media type, platforms, tag existence)
//!   and lists tags, with auth from the user's Docker config, a disk cache, an offline
//!   mode, host allow/deny lists and bounded timeouts;
//! * [`Resolver::lookup_froms`] turns lookups into [`RegistryFacts`], the plain data
//!   the linter's registry rules (`DR…`) read: codes, messages and fixes are the linter's;
//! * [`tags`] orders tags for completion and picks upgrade targets.
//!
//! Callers (CLI, language server) own scheduling: resolve on open/save, not per
//! keystroke. Dropping a future cancels its lookup.

pub mod auth;
pub mod cache;
mod check;
mod client;
pub mod docker_config;
mod error;
mod http;
mod info;
mod join;
pub mod manifest;
mod options;
pub mod platform;
/// Image references: the shared, network-free parser (crate `dlint_imageref`).
pub mod reference {
    pub use dlint_imageref::*;
}
mod resolver;
mod secret;
pub mod security;
pub mod tags;

pub use check::{FromImage, LookupOptions};
pub use dlint_imageref::facts::{
    BaseConfig, FoundImage, RegistryAnswer, RegistryFacts, RegistryImage,
};
pub use error::LookupError;
pub use info::{ImageConfig, ImageInfo, ImageStatus, PlatformManifest, TagList};
pub use options::{CacheLocation, CredentialSource, ResolverOptions};
pub use platform::Platform;
pub use reference::{ImageRef, ReferenceError};
pub use resolver::Resolver;
pub use secret::Secret;
