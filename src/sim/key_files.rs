//! The keys of `vaultcheck mock`, kept in a folder so a restarted mock keeps them: an app
//! configured with the mock's merchant key and Antom public key goes on working. A key whose
//! file is there is read; one whose file is missing is made (deterministically with a seed) and
//! written, private keys readable by their owner only. Each public key is written next to its
//! private key for the merchant's configuration.

use crate::Error;
use crate::protocol::PrivateKey;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The merchant's private key: the merchant's app signs requests with it.
pub(crate) const MERCHANT_PRIVATE: &str = "merchant-private-key.pem";
/// The merchant's public key: what the simulator verifies requests with.
pub(crate) const MERCHANT_PUBLIC: &str = "merchant-public-key.pem";
/// The simulator's stand-in for Antom's private key: it signs answers and notifications.
pub(crate) const ANTOM_PRIVATE: &str = "antom-private-key.pem";
/// Verifies the simulator's answers and notifications.
pub(crate) const ANTOM_PUBLIC: &str = "antom-public-key.pem";

/// Whether a key was found in the folder or made now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Read from its file.
    Reused,
    /// Made now and written.
    Made,
}

/// A private key of the folder, where it is and where it came from.
pub(crate) struct KeptKey {
    /// The key.
    pub key: PrivateKey,
    /// Its file.
    pub path: PathBuf,
    /// Read or made.
    pub origin: Origin,
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_owned(),
        source: Arc::new(source),
    }
}

/// Writes key material readable by its owner only.
fn write_private(path: &Path, pem: &str) -> Result<(), Error> {
    std::fs::write(path, pem).map_err(|e| io_error("write", path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| io_error("restrict the permissions of", path, e))?;
    }
    Ok(())
}

/// The private key `private_name` of `dir` (read when there, else made from `seed` and
/// written), with its public half written as `public_name`.
pub(crate) fn private_key(
    dir: &Path,
    private_name: &str,
    public_name: &str,
    seed: Option<u64>,
) -> Result<KeptKey, Error> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    let path = dir.join(private_name);
    let (key, origin) = if path.exists() {
        (PrivateKey::from_file(&path)?, Origin::Reused)
    } else {
        let key = PrivateKey::generate(seed);
        write_private(&path, &key.to_pem_pkcs8())?;
        (key, Origin::Made)
    };
    let public = dir.join(public_name);
    std::fs::write(&public, key.public_key().to_pem())
        .map_err(|e| io_error("write", &public, e))?;
    Ok(KeptKey { key, path, origin })
}

/// Writes a public key the simulator was given (`--antom-private-key`'s half) next to the
/// others, so the folder always holds what the merchant configures.
pub(crate) fn write_public(
    dir: &Path,
    name: &str,
    key: &crate::protocol::PublicKey,
) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    let path = dir.join(name);
    std::fs::write(&path, key.to_pem()).map_err(|e| io_error("write", &path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_made_once_is_read_back_the_next_time() {
        let dir = std::env::temp_dir().join(format!("vaultcheck-key-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = private_key(&dir, ANTOM_PRIVATE, ANTOM_PUBLIC, Some(3)).unwrap();
        assert_eq!(first.origin, Origin::Made);
        let again = private_key(&dir, ANTOM_PRIVATE, ANTOM_PUBLIC, Some(4)).unwrap();
        assert_eq!(again.origin, Origin::Reused);
        assert_eq!(
            again.key.public_key().to_pem(),
            first.key.public_key().to_pem()
        );
        assert!(dir.join(ANTOM_PUBLIC).exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&first.path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
