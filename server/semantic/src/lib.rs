//! Semantic model: stages, ARG/ENV scoping and variable expansion, BuildKit rules.
