//! The language server. The only crate that imports LSP types.
