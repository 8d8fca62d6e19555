//! Registry resolution. The only crate in dlint that touches the network.
