//! Reading one input as text, with clear errors for what is not a Dockerfile's text.

use std::io::Read;
use std::path::Path;

/// Larger inputs are refused rather than linted slowly or exhausting memory; the largest
/// real Dockerfiles are tens of kilobytes.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file (or stdin for `None`) as UTF-8 text.
pub fn read_text(path: Option<&Path>) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = match path {
        Some(p) => {
            std::fs::File::open(p).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        }
        None => std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes),
    };
    read.map_err(|e| io_message(&e))?;
    decode(bytes)
}

/// The text of `bytes`, or why they are not a text dlint can lint.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file is larger than {} MiB; not linted",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {at}); not linted"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); not linted",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error without Rust's `(os error N)` suffix noise.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_text() {
        assert_eq!(decode(b"FROM a\n".to_vec()).unwrap(), "FROM a\n");
        let bad = decode(b"FROM \xff\n".to_vec()).unwrap_err();
        assert!(
            bad.contains("not UTF-8") && bad.contains("offset 5"),
            "{bad}"
        );
        assert!(decode(b"FROM\0".to_vec()).unwrap_err().contains("binary"));
        let huge = vec![b'#'; MAX_FILE_BYTES as usize + 1];
        assert!(decode(huge).unwrap_err().contains("larger than"));
    }

    #[test]
    fn missing_file_is_a_plain_message() {
        let e = read_text(Some(Path::new("/nonexistent/dlint/Dockerfile"))).unwrap_err();
        assert_eq!(e, "no such file or directory");
    }
}
