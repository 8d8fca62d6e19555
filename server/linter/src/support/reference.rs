//! Whether Docker would accept a FROM image name. The grammar itself lives in
//! `dlint_imageref`, shared with the registry crate (one copy of Docker's rules).

use dlint_imageref::{ImageRef, ReferenceError};

/// Why a reference is invalid, or `Ok` when Docker would accept it. Text that still
/// holds a `$` is invalid here: callers pass the value after expansion.
pub fn validate_reference(reference: &str) -> Result<(), &'static str> {
    match ImageRef::parse(reference) {
        Ok(_) => Ok(()),
        Err(ReferenceError::Uppercase) => Err("repository name must be lowercase"),
        Err(ReferenceError::Empty) => Err("empty reference"),
        Err(ReferenceError::ImageId) => Err("cannot specify 64-byte hexadecimal strings"),
        Err(ReferenceError::InvalidTag) => Err("invalid tag"),
        Err(ReferenceError::InvalidDigest) => Err("invalid digest"),
        Err(ReferenceError::NameTooLong) => Err("repository name too long"),
        Err(ReferenceError::Unresolved | ReferenceError::InvalidFormat) => {
            Err("invalid reference format")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_rejects() {
        for ok in [
            "alpine",
            "busybox:stable",
            "docker.io/library/ubuntu:22.04",
            "localhost:5000/foo/bar:1",
            "gcr.io/distroless/static@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my_org/app__x",
            "a-b--c",
        ] {
            assert_eq!(validate_reference(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("", "empty reference"),
            ("busybox:", "invalid tag"),
            ("Alpine", "repository name must be lowercase"),
            ("foo/Bar", "repository name must be lowercase"),
            ("img:-x", "invalid tag"),
            ("a..b", "invalid reference format"),
            ("-a", "invalid reference format"),
            ("x@sha256:zz", "invalid digest"),
            ("x:$TAG", "invalid reference format"),
        ] {
            assert_eq!(validate_reference(bad), Err(why), "{bad}");
        }
    }
}
