//! The lint engine: rules, settings, pragmas, and the lint entry point.
