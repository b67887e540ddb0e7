//! Shell support: completion scripts for bash, zsh, fish, PowerShell and
//! elvish, and manual pages in roff, both generated from the command-line
//! grammar itself so that they cannot fall behind it.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::failure::Failure;
use clap::CommandFactory;

/// The completion script for one shell, on standard output.
pub fn completions(args: &CompletionsArgs) -> Result<String, Failure> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "diligence", &mut out);
    String::from_utf8(out).map_err(|e| Failure::Internal(format!("a completion script: {e}")))
}

/// The manual: the main page on standard output, or with `--out DIR` one
/// page per command (`diligence.1`, `diligence-assess.1`,
/// `diligence-ledger-notify.1`, …) written into DIR.
pub fn man(args: &ManArgs) -> Result<String, Failure> {
    let cmd = Cli::command();
    match &args.out {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Failure::Internal(format!("the manual page: {e}")))?;
            String::from_utf8(out).map_err(|e| Failure::Internal(format!("the manual page: {e}")))
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Input(format!(
                    "cannot create the directory `{}`: {e}",
                    dir.display()
                ))
            })?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                Failure::Input(format!(
                    "cannot write the pages into `{}`: {e}",
                    dir.display()
                ))
            })?;
            let mut pages: Vec<String> = std::fs::read_dir(dir)
                .map_err(|e| Failure::Input(format!("cannot list `{}`: {e}", dir.display())))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("diligence") && name.ends_with(".1"))
                .collect();
            pages.sort();
            Ok(format!(
                "wrote {} manual pages into {} (read one with `man {}/diligence.1`)\n",
                pages.len(),
                dir.display(),
                dir.display()
            ))
        }
    }
}
