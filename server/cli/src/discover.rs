//! Which files `dlint check` lints: named files always; in named directories, files whose
//! names say they are Dockerfiles, honouring `.gitignore`, `.ignore` and git excludes.

use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// `-`: stdin, reported under `name` (`--stdin-filename`, default `-`).
    Stdin {
        name: PathBuf,
    },
}

impl Input {
    /// The name shown in reports and used to find configuration.
    pub fn display_path(&self) -> &Path {
        match self {
            Input::File(p) => p,
            Input::Stdin { name } => name,
        }
    }
}

/// A path argument that could not be expanded.
#[derive(Debug, PartialEq, Eq)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Is this file name one of the Dockerfile naming conventions?
pub fn is_dockerfile_name(name: &str) -> bool {
    // Build-tool side files that share the `Dockerfile.*` prefix but are not Dockerfiles.
    const NOT_DOCKERFILES: [&str; 6] = [".dockerignore", ".bak", ".orig", ".rej", ".swp", "~"];
    if NOT_DOCKERFILES.iter().any(|s| name.ends_with(s)) {
        return false;
    }
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

/// Expands the arguments in order. Files named explicitly are kept whatever their name
/// (and even when missing: reading them reports the error). Each directory's matches are
/// sorted, so output is stable.
pub fn discover(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, Vec<DiscoverError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let name = stdin_name.map_or_else(|| PathBuf::from("-"), Path::to_path_buf);
            inputs.push(Input::Stdin { name });
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut errors);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    // A file reached twice (named and inside a named directory) is linted once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| match i {
        Input::File(p) => seen.insert(p.clone()),
        Input::Stdin { .. } => true,
    });
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<DiscoverError>) {
    let walker = WalkBuilder::new(dir)
        // `.devcontainer/Dockerfile` and the like are common; only `.git` is skipped.
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        // Honour `.gitignore` also outside a git checkout (an exported tarball, CI caches).
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
                let named = e.file_name().to_str().is_some_and(is_dockerfile_name);
                if is_file && named && e.path().is_file() {
                    inputs.push(Input::File(e.into_path()));
                }
            }
            Err(err) => errors.push(DiscoverError {
                path: dir.to_path_buf(),
                message: err.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for yes in [
            "Dockerfile",
            "Containerfile",
            "Dockerfile.dev",
            "Containerfile.arm64",
            "api.Dockerfile",
            "api.dockerfile",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "dockerfile",
            "Dockerfile.dockerignore",
            "Dockerfile~",
            "Dockerfile.orig",
            "Dockerfiles",
            "README.md",
            "docker-compose.yml",
            "MyDockerfile",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }

    #[test]
    fn walks_directories_honouring_gitignore() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "Dockerfile",
            "svc/api.Dockerfile",
            ".devcontainer/Dockerfile",
            "build/Dockerfile",
            "svc/notes.txt",
            ".git/Dockerfile",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "FROM scratch\n").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
        let (inputs, errors) = discover(&[root.to_path_buf()], None);
        assert!(errors.is_empty(), "{errors:?}");
        let found: Vec<String> = inputs
            .iter()
            .map(|i| {
                let p = i.display_path().strip_prefix(root).unwrap();
                p.to_string_lossy().into_owned()
            })
            .collect();
        assert_eq!(
            found,
            [
                ".devcontainer/Dockerfile",
                "Dockerfile",
                "svc/api.Dockerfile"
            ]
        );
    }

    #[test]
    fn explicit_files_are_kept_and_deduplicated() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("Dockerfile");
        std::fs::write(&file, "FROM scratch\n").unwrap();
        let odd = tmp.path().join("odd-name");
        let (inputs, _) = discover(
            &[
                file.clone(),
                odd.clone(),
                tmp.path().to_path_buf(),
                PathBuf::from("-"),
            ],
            Some(Path::new("stdin.Dockerfile")),
        );
        assert_eq!(
            inputs,
            [
                Input::File(file),
                Input::File(odd),
                Input::Stdin {
                    name: "stdin.Dockerfile".into()
                }
            ]
        );
    }
}
