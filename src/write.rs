//! Writing generated files: atomic, never clobbering, with backups.
//!
//! Every file is written to a temporary file in the target folder, flushed
//! to disk, then renamed into place, so a crash leaves either the old file
//! or the new one, never half of each. Without `force` nothing existing is
//! touched; with it, the old file is kept as `NAME.bak` (or `NAME.bak.N`,
//! never overwriting an earlier backup).

use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::render::{FileKind, OutputFile};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    /// Replaced; the previous contents are in the backup.
    Replaced { path: PathBuf, backup: PathBuf },
    /// Same contents already there: not touched, no backup.
    Unchanged(PathBuf),
}

/// The last step of a write: move the synced temporary file onto `target`,
/// replacing it (`replace`) or refusing if something is there. A seam, so
/// tests can fail exactly between the write and the rename.
type Persist = fn(tempfile::NamedTempFile, &Path, bool) -> std::io::Result<()>;

fn rename_into_place(tmp: tempfile::NamedTempFile, target: &Path, replace: bool) -> std::io::Result<()> {
    let done = if replace { tmp.persist(target) } else { tmp.persist_noclobber(target) };
    done.map(drop).map_err(|e| e.error)
}

/// Writes `files` into `dir`. Checks every target before writing any, so a
/// refusal leaves the folder exactly as it was.
pub fn write_all(dir: &Path, files: &[OutputFile], force: bool) -> Result<Vec<Outcome>> {
    write_all_with(dir, files, force, rename_into_place)
}

fn write_all_with(dir: &Path, files: &[OutputFile], force: bool, persist: Persist) -> Result<Vec<Outcome>> {
    // A file already holding exactly the new text is no conflict: re-running
    // `init` on an up-to-date project succeeds and says "unchanged".
    let existing: Vec<&str> = files
        .iter()
        .filter(|f| {
            let target = dir.join(&f.name);
            target.symlink_metadata().is_ok() && fs::read(&target).ok().as_deref() != Some(f.contents.as_bytes())
        })
        .map(|f| f.name.as_str())
        .collect();
    if !existing.is_empty() && !force {
        let (what, verb) = if existing.len() == 1 {
            (existing[0].to_string(), "exists")
        } else {
            (existing.join(" and "), "exist")
        };
        bail!(
            "{what} already {verb} in {} and differ{}; dockgen never overwrites without --force (which keeps the old file as .bak). To compare first, print the new version with --stdout",
            dir.display(),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    files.iter().map(|f| write_one(dir, f, persist)).collect()
}

fn write_one(dir: &Path, file: &OutputFile, persist: Persist) -> Result<Outcome> {
    let target = dir.join(&file.name);
    let old = match target.symlink_metadata() {
        Ok(meta) if meta.is_file() => Some(
            fs::read(&target).with_context(|| format!("cannot read the existing {}", file.name))?,
        ),
        // A link (vaultwarden's Dockerfile points at docker/Dockerfile.debian):
        // the link itself is kept as the backup and replaced by a file; what
        // it points at is never touched.
        Ok(meta) if meta.file_type().is_symlink() => Some(fs::read(&target).unwrap_or_default()),
        Ok(_) => bail!(
            "{} exists but is not a regular file (a folder?); move it away and run dockgen again",
            target.display()
        ),
        Err(_) => None,
    };
    if old.as_deref() == Some(file.contents.as_bytes()) {
        return Ok(Outcome::Unchanged(target));
    }

    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.dockgen-", file.name.trim_start_matches('.')))
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "cannot create a file in {}; check that the folder is writable",
                dir.display()
            )
        })?;
    tmp.write_all(file.contents.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {} (disk full?)", target.display()))?;
    set_readable(tmp.path(), &target);

    let outcome = if old.is_some() {
        let backup = free_backup_name(&target);
        keep_backup(&target, &backup)?;
        persist(tmp, &target, true).map_err(|e| {
            anyhow::anyhow!(
                "cannot replace {}: {e}; the old file is untouched and also kept as {}",
                target.display(),
                backup.display()
            )
        })?;
        Outcome::Replaced {
            path: target,
            backup,
        }
    } else {
        // No clobber even if something appeared since the check above.
        persist(tmp, &target, false)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}; nothing was written there", target.display()))?;
        Outcome::Created(target)
    };
    sync_dir(dir);
    Ok(outcome)
}

/// Creates `rel` (e.g. `secrets/db_password.txt`) with a random password,
/// once: an existing file is never replaced, even with `--force`, because a
/// database volume keeps the password it was first started with. The folder
/// is 0700 (other users on this machine can't read it) and gets a
/// `.gitignore` of `*`; the file is 0644 so the containers' own users can
/// read it where compose mounts it. Returns the path when it was created.
pub fn create_secret(dir: &Path, rel: &str) -> Result<Option<PathBuf>> {
    let target = dir.join(rel);
    if target.symlink_metadata().is_ok() {
        return Ok(None);
    }
    let folder = target.parent().unwrap_or(dir);
    // A folder dockgen makes is 0700; one the user already has keeps its mode.
    if !folder.exists() {
        fs::create_dir_all(folder).with_context(|| format!("cannot create {}; check that {} is writable", folder.display(), dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(folder, fs::Permissions::from_mode(0o700));
        }
    }
    let ignore = folder.join(".gitignore");
    if ignore.symlink_metadata().is_err() {
        let keep_out = OutputFile::new(FileKind::Other, ".gitignore", "# Written by dockgen: nothing in this folder is ever committed.\n*\n");
        write_one(folder, &keep_out, rename_into_place)?;
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("cannot get random bytes for a password: {e}"))?;
    let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    write_one(folder, &OutputFile::new(FileKind::Other, name, password), rename_into_place)?;
    Ok(Some(target))
}

/// `Dockerfile.bak`, then `Dockerfile.bak.1`, `.2`, …: never an existing name.
fn free_backup_name(target: &Path) -> PathBuf {
    let base = format!("{}.bak", target.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.symlink_metadata().is_ok() {
        candidate = PathBuf::from(format!("{base}.{n}"));
        n += 1;
    }
    candidate
}

/// Keeps the current file under `backup`: a hard link (instant, atomic) or,
/// where links are not supported, a synced copy.
fn keep_backup(target: &Path, backup: &Path) -> Result<()> {
    if fs::hard_link(target, backup).is_ok() {
        return Ok(());
    }
    fs::copy(target, backup)
        .and_then(|_| fs::File::open(backup)?.sync_all())
        .with_context(|| {
            format!(
                "cannot keep a backup of {} as {}; nothing was changed",
                target.display(),
                backup.display()
            )
        })
}

/// Temporary files are created 0600; give the result the old file's mode,
/// or the usual 0644 for a new one.
fn set_readable(tmp: &Path, target: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = target
            .metadata()
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        let _ = fs::set_permissions(tmp, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (tmp, target);
}

/// Makes the rename itself durable.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, contents: &str) -> OutputFile {
        OutputFile::new(FileKind::Other, name, contents)
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_dockerfile_is_kept_as_a_link_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("docker")).unwrap();
        fs::write(dir.path().join("docker/Dockerfile.debian"), "theirs").unwrap();
        std::os::unix::fs::symlink("docker/Dockerfile.debian", dir.path().join("Dockerfile")).unwrap();
        let err = write_all(dir.path(), &[file("Dockerfile", "new")], false).unwrap_err().to_string();
        assert!(err.contains("Dockerfile already exists"), "{err}");
        let out = write_all(dir.path(), &[file("Dockerfile", "new")], true).unwrap();
        assert!(matches!(&out[0], Outcome::Replaced { .. }), "{out:?}");
        assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), "new");
        assert!(!dir.path().join("Dockerfile").symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(fs::read_link(dir.path().join("Dockerfile.bak")).unwrap(), Path::new("docker/Dockerfile.debian"));
        assert_eq!(fs::read_to_string(dir.path().join("docker/Dockerfile.debian")).unwrap(), "theirs");
        fs::create_dir(dir.path().join(".dockerignore")).unwrap();
        let err = write_all(dir.path(), &[file(".dockerignore", "x")], true).unwrap_err().to_string();
        assert!(err.contains("is not a regular file"), "{err}");
    }

    #[test]
    fn refuses_to_overwrite_without_force_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".dockerignore"), "mine").unwrap();
        let err = write_all(
            dir.path(),
            &[file("Dockerfile", "new"), file(".dockerignore", "new")],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(".dockerignore already exists"), "{err}");
        assert!(!dir.path().join("Dockerfile").exists(), "nothing may be written");
        assert_eq!(fs::read_to_string(dir.path().join(".dockerignore")).unwrap(), "mine");
    }

    #[test]
    fn force_keeps_numbered_backups_and_never_overwrites_one() {
        let dir = tempfile::tempdir().unwrap();
        let df = dir.path().join("Dockerfile");
        fs::write(&df, "v1").unwrap();
        let out = write_all(dir.path(), &[file("Dockerfile", "v2")], true).unwrap();
        assert_eq!(
            out,
            [Outcome::Replaced { path: df.clone(), backup: dir.path().join("Dockerfile.bak") }]
        );
        write_all(dir.path(), &[file("Dockerfile", "v3")], true).unwrap();
        assert_eq!(fs::read_to_string(&df).unwrap(), "v3");
        assert_eq!(fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(), "v1");
        assert_eq!(fs::read_to_string(dir.path().join("Dockerfile.bak.1")).unwrap(), "v2");
    }

    #[test]
    fn identical_contents_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("Dockerfile"), "same").unwrap();
        let out = write_all(dir.path(), &[file("Dockerfile", "same")], true).unwrap();
        assert!(matches!(out[0], Outcome::Unchanged(_)));
        assert!(!dir.path().join("Dockerfile.bak").exists());
    }

    fn fail_before_rename(_: tempfile::NamedTempFile, _: &Path, _: bool) -> std::io::Result<()> {
        Err(std::io::Error::other("simulated crash before the rename"))
    }

    /// Only the named files: no temporary file may be left behind.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_failure_between_write_and_rename_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let df = dir.path().join("Dockerfile");
        fs::write(&df, "mine").unwrap();
        let err = write_all_with(dir.path(), &[file("Dockerfile", "new")], true, fail_before_rename).unwrap_err().to_string();
        assert!(err.contains("cannot replace") && err.contains("simulated crash") && err.contains("the old file is untouched"), "{err}");
        assert_eq!(fs::read_to_string(&df).unwrap(), "mine");
        // The backup says what it says: a copy of the untouched original.
        assert_eq!(fs::read_to_string(dir.path().join("Dockerfile.bak")).unwrap(), "mine");
        assert_eq!(names(dir.path()), ["Dockerfile", "Dockerfile.bak"]);

        // A new file: nothing appears, not even a half-written one.
        let dir = tempfile::tempdir().unwrap();
        let err = write_all_with(dir.path(), &[file("Dockerfile", "new")], false, fail_before_rename).unwrap_err().to_string();
        assert!(err.contains("nothing was written"), "{err}");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn a_file_that_appears_after_the_check_is_not_clobbered() {
        // Something creates the target between write_all's check and the rename.
        fn racing(tmp: tempfile::NamedTempFile, target: &Path, replace: bool) -> std::io::Result<()> {
            fs::write(target, "theirs")?;
            rename_into_place(tmp, target, replace)
        }
        let dir = tempfile::tempdir().unwrap();
        let err = write_all_with(dir.path(), &[file("Dockerfile", "new")], false, racing).unwrap_err().to_string();
        assert!(err.contains("cannot create"), "{err}");
        assert_eq!(fs::read_to_string(dir.path().join("Dockerfile")).unwrap(), "theirs");
        assert_eq!(names(dir.path()), ["Dockerfile"]);
    }

    #[test]
    fn a_secret_is_made_once_random_and_kept_out_of_git() {
        let dir = tempfile::tempdir().unwrap();
        let made = create_secret(dir.path(), "secrets/db_password.txt").unwrap().unwrap();
        let first = fs::read_to_string(&made).unwrap();
        assert_eq!(first.len(), 48);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(fs::read_to_string(dir.path().join("secrets/.gitignore")).unwrap().lines().last(), Some("*"));
        // Never replaced: the database volume keeps the first password.
        assert_eq!(create_secret(dir.path(), "secrets/db_password.txt").unwrap(), None);
        assert_eq!(fs::read_to_string(&made).unwrap(), first);
        // Another project gets another password.
        let other = tempfile::tempdir().unwrap();
        let second = fs::read_to_string(create_secret(other.path(), "secrets/db_password.txt").unwrap().unwrap()).unwrap();
        assert_ne!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(dir.path().join("secrets")).unwrap().permissions().mode() & 0o777, 0o700);
            assert_eq!(fs::metadata(&made).unwrap().permissions().mode() & 0o777, 0o644);
        }
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_world_readable_and_no_temp_files_remain() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[file("Dockerfile", "x")], false).unwrap();
        let mode = fs::metadata(dir.path().join("Dockerfile")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["Dockerfile"]);
    }
}
