//! What quick-start mode (`pleroctl serve` with no configuration file) keeps in
//! `instance.data_dir` between runs, so that a restart is the same instance: the key its forms are
//! signed with (a new key would refuse every form open in a browser).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::model::secret::Secret;

/// The file in `instance.data_dir` holding the quick-start's `security.secret_key_base`.
pub const SECRET_KEY_BASE_FILE: &str = "secret_key_base";

/// Why the quick-start's key could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum QuickStartError {
    /// The key file exists but cannot be read.
    #[error(
        "cannot read {}: {cause} (fix its permissions, or delete it and a new key is made)", .path.display()
    )]
    Read {
        /// The key file.
        path: PathBuf,
        /// What the OS reported.
        cause: std::io::Error,
    },
    /// The key file (or the data directory) cannot be written.
    #[error(
        "cannot keep the quick-start's secret key in {}: {cause} (check the permissions of \
         instance.data_dir, or set security.secret_key_base)", .path.display()
    )]
    Write {
        /// The key file or the directory it goes in.
        path: PathBuf,
        /// What the OS reported.
        cause: std::io::Error,
    },
    /// The key file may be read by others.
    #[error(
        "{} is accessible by others (mode {mode:04o}): make it 0600 with `chmod 600 {}`", .path.display(), .path.display()
    )]
    Mode {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The key file holds no key.
    #[error("{} holds no key: delete it, and a new key is made", .path.display())]
    Empty {
        /// The key file.
        path: PathBuf,
    },
}

/// The quick-start's `security.secret_key_base`: read from `<data_dir>/secret_key_base`, or made
/// (64 random bytes, base64, as `pleroctl instance gen` makes it) and written there, mode 0600 in
/// a 0700 directory, on the first start.
pub fn secret_key_base(data_dir: &Path) -> Result<Secret, QuickStartError> {
    let path = data_dir.join(SECRET_KEY_BASE_FILE);
    match read(&path) {
        Err(QuickStartError::Read { cause, .. }) if cause.kind() == std::io::ErrorKind::NotFound => {}
        other => return other,
    }
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| QuickStartError::Write { path, cause }
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(data_dir).map_err(write_error(data_dir))?;
    // Written whole under another name, then linked in place unless another process was first:
    // a reader never sees half a key, and two first starts agree on one.
    let mut file = tempfile::NamedTempFile::new_in(data_dir).map_err(write_error(data_dir))?;
    let key = super::generate::random_base64(64);
    file.write_all(key.as_bytes()).map_err(write_error(&path))?;
    match file.persist_noclobber(&path) {
        Ok(_) => Ok(Secret::new(key)),
        Err(err) if err.error.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(err) => Err(write_error(&path)(err.error)),
    }
}

fn read(path: &Path) -> Result<Secret, QuickStartError> {
    let read_error = |cause| QuickStartError::Read { path: path.to_path_buf(), cause };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(QuickStartError::Mode { path: path.to_path_buf(), mode });
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    let key = std::fs::read_to_string(path).map_err(read_error)?;
    let key = key.trim();
    if key.is_empty() {
        return Err(QuickStartError::Empty { path: path.to_path_buf() });
    }
    Ok(Secret::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_first_start_makes_a_key_that_later_starts_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let first = secret_key_base(&data_dir).unwrap();
        assert_eq!(first.expose().len(), 86, "64 bytes in unpadded base64");
        let file = data_dir.join(SECRET_KEY_BASE_FILE);
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&data_dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(secret_key_base(&data_dir).unwrap(), first);
    }

    #[test]
    fn a_key_file_others_may_read_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        secret_key_base(dir.path()).unwrap();
        let file = dir.path().join(SECRET_KEY_BASE_FILE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = secret_key_base(dir.path()).unwrap_err().to_string();
        assert!(err.contains(&format!("make it 0600 with `chmod 600 {}`", file.display())), "{err}");
    }

    #[test]
    fn an_empty_key_file_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(SECRET_KEY_BASE_FILE);
        std::fs::write(&file, "\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = secret_key_base(dir.path()).unwrap_err().to_string();
        assert!(err.contains(&format!("{} holds no key", file.display())), "{err}");
    }
}
