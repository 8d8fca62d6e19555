//! OCI platform strings (`os/arch[/variant]`) as containerd parses them.

const OSES: [&str; 12] = [
    "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix",
    "android", "ios", "plan9",
];

/// containerd's platform parsing, reduced to (os, normalised arch).
pub fn parse_platform(value: &str) -> Option<(String, String)> {
    let lower = value.to_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
        return None;
    }
    let (os, arch) = if OSES.contains(&parts[0]) {
        (parts[0], parts.get(1).copied().unwrap_or("amd64"))
    } else if parts.len() <= 2 {
        // A bare architecture (`arm64`) means linux.
        ("linux", parts[0])
    } else {
        return None;
    };
    let arch = match arch {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        a => a,
    };
    if !arch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    Some((os.to_string(), arch.to_string()))
}
