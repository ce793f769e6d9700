//! The local backend: files under `uploads.local_dir`, served by plero under `/media/`.

use std::path::{Path, PathBuf};

use super::{MEDIA_PATH, ObjectInfo, ObjectKey, UploadError};
use crate::accounts::LocalUrls;
use crate::config::Config;

/// Files under a directory (`uploads.local_dir`, relative to the working directory like
/// `instance.data_dir`), at URLs `{public base}/media/{key}`.
#[derive(Debug, Clone)]
pub struct LocalUploads {
    root: PathBuf,
    base_url: String,
}

impl LocalUploads {
    /// The backend of `uploads.local_dir`, at this instance's public URL.
    pub fn from_config(config: &Config) -> Self {
        Self::new(config.uploads.local_dir.clone(), LocalUrls::from_config(config).base())
    }

    /// Files under `root`, at URLs under `base` (`https://social.example`).
    pub fn new(root: PathBuf, base: &str) -> Self {
        Self { root, base_url: format!("{}{MEDIA_PATH}", base.trim_end_matches('/')) }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `key` is on disk.
    pub fn path(&self, key: &ObjectKey) -> PathBuf {
        self.root.join(key.as_str())
    }

    /// Writes to a temporary file, then renames it: a reader never sees half a file.
    pub(super) async fn put(&self, key: &ObjectKey, bytes: Vec<u8>) -> Result<String, UploadError> {
        let path = self.path(key);
        let failed = |source| UploadError::Local { action: "write", path: path.clone(), source };
        let dir = path.parent().expect("a key names a file under the root");
        tokio::fs::create_dir_all(dir).await.map_err(failed)?;
        let file_name = path.file_name().expect("a key names a file").to_string_lossy();
        // Keys never start with a dot, so the temporary name cannot be another object's.
        let temp = dir.join(format!(".{file_name}.tmp"));
        tokio::fs::write(&temp, &bytes).await.map_err(failed)?;
        tokio::fs::rename(&temp, &path).await.map_err(failed)?;
        Ok(self.url(key))
    }

    pub(super) async fn get(&self, key: &ObjectKey) -> Result<Option<Vec<u8>>, UploadError> {
        let path = self.path(key);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(UploadError::Local { action: "read", path, source }),
        }
    }

    pub(super) async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, UploadError> {
        let path = self.path(key);
        match tokio::fs::metadata(&path).await {
            Ok(meta) => Ok(Some(ObjectInfo { size: meta.len(), sha256: None, md5: None })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(UploadError::Local { action: "read", path, source }),
        }
    }

    pub(super) async fn delete(&self, key: &ObjectKey) -> Result<(), UploadError> {
        let path = self.path(key);
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(UploadError::Local { action: "delete", path, source: e })
            }
            _ => Ok(()),
        }
    }

    pub(super) async fn delete_folder(&self, prefix: &ObjectKey) -> Result<(), UploadError> {
        let path = self.path(prefix);
        match tokio::fs::remove_dir_all(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(UploadError::Local { action: "delete", path, source: e })
            }
            _ => Ok(()),
        }
    }

    pub(super) fn url(&self, key: &ObjectKey) -> String {
        format!("{}/{key}", self.base_url)
    }

    /// The host is not compared: the URL was stored when the instance may have had another one,
    /// and the path alone names the file.
    pub(super) fn key_of_url(&self, url: &str) -> Option<ObjectKey> {
        let url = url::Url::parse(url).ok()?;
        ObjectKey::parse(url.path().strip_prefix(MEDIA_PATH)?.strip_prefix('/')?)
    }

    /// Every regular file under the directory whose path is a key, with its size, in key order.
    /// Symbolic links and hidden (temporary) files are left out.
    pub async fn files(&self) -> Result<Vec<(ObjectKey, u64)>, UploadError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            walk(&root, &root, &mut found)?;
            found.sort();
            Ok(found)
        })
        .await
        .expect("the directory walk does not panic")
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<(ObjectKey, u64)>) -> Result<(), UploadError> {
    let failed = |source| UploadError::Local { action: "read", path: dir.to_path_buf(), source };
    let entries = match std::fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir == root => return Ok(()),
        other => other.map_err(failed)?,
    };
    for entry in entries {
        let entry = entry.map_err(failed)?;
        // The entry's own type: a symbolic link is not followed.
        let kind = entry.file_type().map_err(failed)?;
        let path = entry.path();
        if kind.is_dir() {
            walk(root, &path, found)?;
        } else if kind.is_file()
            && let Some(key) =
                path.strip_prefix(root).ok().and_then(|p| p.to_str()).and_then(ObjectKey::parse)
        {
            found.push((key, entry.metadata().map_err(failed)?.len()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> ObjectKey {
        ObjectKey::parse(k).unwrap()
    }

    #[tokio::test]
    async fn files_are_written_read_listed_and_deleted_under_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let local = LocalUploads::new(dir.path().to_path_buf(), "https://social.example/");
        let url = local.put(&key("a/b/c.png"), b"png".to_vec()).await.unwrap();
        assert_eq!(url, "https://social.example/media/a/b/c.png");
        assert_eq!(local.key_of_url("https://old.example/media/a/b/c.png"), Some(key("a/b/c.png")));
        assert_eq!(local.key_of_url("https://social.example/a/b/c.png"), None);
        assert_eq!(local.get(&key("a/b/c.png")).await.unwrap().as_deref(), Some(&b"png"[..]));
        assert_eq!(local.head(&key("a/b/c.png")).await.unwrap().map(|i| i.size), Some(3));
        std::fs::write(dir.path().join("a/.hidden.tmp"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("a/link")).unwrap();
        assert_eq!(local.files().await.unwrap(), [(key("a/b/c.png"), 3)]);
        local.delete(&key("a/b/c.png")).await.unwrap();
        local.delete(&key("a/b/c.png")).await.unwrap();
        assert_eq!(local.get(&key("a/b/c.png")).await.unwrap(), None);
        local.delete_folder(&key("a")).await.unwrap();
        assert!(!dir.path().join("a").exists());
    }

    #[tokio::test]
    async fn a_missing_root_holds_no_files() {
        let local = LocalUploads::new(PathBuf::from("/nonexistent/plero-uploads"), "https://s.example");
        assert_eq!(local.files().await.unwrap(), []);
    }
}
