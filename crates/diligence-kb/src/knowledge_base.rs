//! The knowledge base as a whole: every authority, profile and example
//! scenario, loaded from the files compiled into the binary or from a
//! directory, in a stable order.

use crate::authority::Authority;
use crate::debate::Debate;
use crate::error::DataError;
use crate::scenario::{parse_scenario, Scenario};
use crate::{check, load};
use diligence_core::profile::ProfileKind;
use diligence_core::Profile;
use include_dir::{include_dir, Dir};
use std::path::Path;
use std::sync::OnceLock;

static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data");

/// An example scenario shipped with the knowledge base.
#[derive(Debug, Clone)]
pub struct ExampleScenario {
    /// The file's name without extension (`ransomware-notified`).
    pub name: String,
    /// The file, relative to `data/`.
    pub file: String,
    /// The file's text.
    pub text: String,
    /// The parsed scenario.
    pub scenario: Scenario,
}

/// Every authority, profile and example scenario.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    /// Authorities, by kind then id.
    pub authorities: Vec<Authority>,
    /// Profiles: doctrines in the spec's order, then organisations and
    /// States by id.
    pub profiles: Vec<Profile>,
    /// Example scenarios, by name.
    pub scenarios: Vec<ExampleScenario>,
    /// The debate: arguments and audiences.
    pub debate: Debate,
    /// The member States of organisations (`data/memberships/`).
    pub memberships: Vec<crate::membership::Membership>,
    /// The text of each profile file, by profile id, for locating errors.
    pub(crate) profile_files: Vec<(String, String, String)>,
}

impl KnowledgeBase {
    /// The knowledge base compiled into the binary, loaded once.
    pub fn embedded() -> Result<&'static KnowledgeBase, &'static [DataError]> {
        static KB: OnceLock<Result<KnowledgeBase, Vec<DataError>>> = OnceLock::new();
        match KB.get_or_init(|| KnowledgeBase::from_files(embedded_files())) {
            Ok(kb) => Ok(kb),
            Err(errors) => Err(errors),
        }
    }

    /// Loads the knowledge base from a `data/` directory on disk.
    pub fn from_dir(dir: &Path) -> Result<KnowledgeBase, Vec<DataError>> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files).map_err(|e| {
            vec![DataError {
                file: dir.display().to_string(),
                position: None,
                message: format!("cannot read: {e}"),
            }]
        })?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        KnowledgeBase::from_files(files)
    }

    /// Fills in the title of the document that cites each work known only
    /// by that citation.
    fn resolve_cited_in(&mut self) {
        let titles: Vec<(String, String)> = self
            .authorities
            .iter()
            .map(|a| (a.id.clone(), a.title.clone()))
            .collect();
        for a in &mut self.authorities {
            if let Some(by) = &a.cited_in {
                a.cited_in_title = titles
                    .iter()
                    .find(|(id, _)| *id == by.authority)
                    .map(|(_, t)| t.clone());
            }
        }
    }

    /// Loads the knowledge base from `(path relative to data/, bytes)` pairs.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<KnowledgeBase, Vec<DataError>> {
        let mut kb = KnowledgeBase::default();
        let mut errors = Vec::new();
        for (path, bytes) in files {
            if !path.ends_with(".toml") {
                continue;
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    errors.push(DataError {
                        file: path,
                        position: None,
                        message: "not UTF-8 text".into(),
                    });
                    continue;
                }
            };
            if path.starts_with("authorities/") {
                match load::authorities(&path, &text) {
                    Ok(list) => kb.authorities.extend(list),
                    Err(e) => errors.push(e),
                }
            } else if path.starts_with("profiles/") {
                match load::profile(&path, &text) {
                    Ok(p) => {
                        kb.profile_files.push((p.id.clone(), path.clone(), text));
                        kb.profiles.push(p);
                    }
                    Err(e) => errors.push(e),
                }
            } else if path.starts_with("debate/audiences/") {
                match load::audience(&path, &text) {
                    Ok(a) => kb.debate.audiences.push(a),
                    Err(e) => errors.push(e),
                }
            } else if path.starts_with("debate/") {
                match load::arguments(&path, &text) {
                    Ok(list) => kb.debate.arguments.extend(list),
                    Err(e) => errors.push(e),
                }
            } else if path.starts_with("memberships/") {
                match load::from_toml::<crate::membership::Membership>(&path, &text) {
                    Ok(mut m) => {
                        m.file = path;
                        kb.memberships.push(m);
                    }
                    Err(e) => errors.push(e),
                }
            } else if path.starts_with("scenarios/") {
                let name = path
                    .trim_start_matches("scenarios/")
                    .trim_end_matches(".toml")
                    .to_string();
                match parse_scenario(&format!("data/{path}"), text.as_bytes()) {
                    Ok(scenario) => kb.scenarios.push(ExampleScenario {
                        name,
                        file: path,
                        text,
                        scenario,
                    }),
                    Err(e) => errors.push(DataError {
                        file: path,
                        position: Some(e.position),
                        message: e.to_string(),
                    }),
                }
            }
        }
        kb.sort();
        kb.resolve_cited_in();
        // Cross-references are checked only once every file has loaded:
        // otherwise one malformed file would be reported again at every id
        // it defines.
        if errors.is_empty() {
            errors.extend(check::check(&kb));
        }
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    fn sort(&mut self) {
        self.authorities
            .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        let rank = |p: &Profile| match p.kind {
            ProfileKind::Doctrine => 0,
            ProfileKind::Organisation => 1,
            ProfileKind::State => 2,
        };
        self.profiles.sort_by(|a, b| {
            (rank(a), a.order.unwrap_or(u16::MAX), &a.id).cmp(&(
                rank(b),
                b.order.unwrap_or(u16::MAX),
                &b.id,
            ))
        });
        self.scenarios.sort_by(|a, b| a.name.cmp(&b.name));
        self.debate.audiences.sort_by(|a, b| a.id.cmp(&b.id));
        self.memberships
            .sort_by(|a, b| a.organisation.cmp(&b.organisation));
    }

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// The authority with this id.
    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.id == id)
    }

    /// The example scenario with this name.
    pub fn scenario(&self, name: &str) -> Option<&ExampleScenario> {
        self.scenarios.iter().find(|s| s.name == name)
    }

    /// Authorities matching every word (all of them for no words).
    pub fn search(&self, words: &[String]) -> Vec<&Authority> {
        self.authorities
            .iter()
            .filter(|a| a.matches(words))
            .collect()
    }

    /// The member States of the organisation whose profile has this id.
    pub fn membership(&self, organisation: &str) -> Option<&crate::membership::Membership> {
        self.memberships
            .iter()
            .find(|m| m.organisation == organisation)
    }

    /// The data file a profile was loaded from and its text.
    pub fn profile_file(&self, id: &str) -> Option<(&str, &str)> {
        self.profile_files
            .iter()
            .find(|(pid, _, _)| pid == id)
            .map(|(_, f, t)| (f.as_str(), t.as_str()))
    }
}

/// The files compiled into the binary, as `(path relative to data/, bytes)`.
pub fn embedded_files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(dir: &Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
        for file in dir.files() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents().to_vec(),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    walk(&DATA, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read(&path)?));
        }
    }
    Ok(())
}

impl KnowledgeBase {
    /// Parses a draft profile a user wrote (`file` names it in errors) and
    /// validates it as the shipped profiles are validated, against this
    /// knowledge base's authorities. Errors carry `file` as given.
    pub fn check_draft(&self, file: &str, bytes: &[u8]) -> Result<Profile, Vec<DataError>> {
        let one = |position, message: String| {
            vec![DataError {
                file: file.to_string(),
                position,
                message,
            }]
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            one(
                None,
                format!(
                    "not UTF-8 text (byte {} is not valid UTF-8); a profile is a TOML text file",
                    e.valid_up_to() + 1
                ),
            )
        })?;
        if text.trim().is_empty() {
            return Err(one(
                None,
                "the file is empty; see data/README.md for the profile format".to_string(),
            ));
        }
        let draft = load::profile(file, text).map_err(|e| vec![e])?;
        if self.profile(&draft.id).is_some() {
            return Err(one(
                crate::source::find(text, &draft.id),
                format!(
                    "`{}` is the id of a shipped profile; give the draft an id of its own",
                    draft.id
                ),
            ));
        }
        let mut with = self.clone();
        with.profile_files
            .push((draft.id.clone(), file.to_string(), text.to_string()));
        with.profiles.push(draft.clone());
        let errors: Vec<DataError> = check::check(&with)
            .into_iter()
            .filter(|e| e.file == file)
            .collect();
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}
