//! The JSON Schemas of the files people write: a scenario (spec v2,
//! uncertain facts included), a profile or a draft position, and each kind
//! of knowledge-base file. Each is generated from the Rust type the file is
//! read into (`schemars`), as JSON Schema draft 7, the dialect editors'
//! TOML and JSON tooling (taplo, VS Code) reads.

use crate::debate::{ArgumentFile, Audience};
use crate::load::AuthorityFile;
use crate::membership::Membership;
use crate::scenario::Scenario;
use diligence_core::Profile;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

/// A kind of file and its schema.
#[derive(Debug, Clone, Copy)]
pub struct FileSchema {
    /// The schema's name (`diligence schema NAME`).
    pub name: &'static str,
    /// What the file is, in a few words.
    pub title: &'static str,
    /// What the file holds and where it is used.
    pub description: &'static str,
    /// The files of the repository it describes, as globs relative to the
    /// repository's root.
    pub files: &'static [&'static str],
    generate: fn() -> Value,
}

impl FileSchema {
    /// The schema, as a JSON value.
    pub fn schema(&self) -> Value {
        let mut v = (self.generate)();
        if let Some(o) = v.as_object_mut() {
            o.insert("title".into(), Value::from(self.title));
            o.insert("description".into(), Value::from(self.description));
        }
        v
    }
}

fn of<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Every kind of file, in the order `diligence schema` lists them.
pub const FILES: &[FileSchema] = &[
    FileSchema {
        name: "scenario",
        title: "A scenario file: a situation to assess (`diligence assess FILE`)",
        description: "A situation to assess (`diligence assess FILE`): a title, optional notes, and the facts, each a value, a list of its possible values, or \"unknown\" (scenario format v2). Examples may add their sources and the status each profile must give.",
        files: &["data/scenarios/*.toml"],
        generate: of::<Scenario>,
    },
    FileSchema {
        name: "profile",
        title: "A profile file: one reading of due diligence, every parameter cited",
        description: "One reading of due diligence (a doctrine, or a State's or organisation's position): its basis, its answers to the four open questions and its obligations, every parameter with its provenance (explicit or inferred, with the reason) and its citations.",
        files: &["data/profiles/**/*.toml"],
        generate: of::<Profile>,
    },
    FileSchema {
        name: "draft",
        title: "A draft position to compare with every profile (`diligence draft FILE`)",
        description: "A draft position to compare with every profile (`diligence draft FILE`): written like a profile, with an id of its own.",
        files: &[],
        generate: of::<Profile>,
    },
    FileSchema {
        name: "authorities",
        title: "A file of authorities of the knowledge base",
        description: "A file of authorities of the knowledge base (cases, instruments, reports, scholarship, positions), each with its citation fields, what it contributes and short quotations.",
        files: &["data/authorities/*.toml"],
        generate: of::<AuthorityFile>,
    },
    FileSchema {
        name: "debate",
        title: "The arguments of the debate",
        description: "The arguments of the debate over a general obligation of due diligence: each claim with its camp, the values it promotes, its authorities, and the arguments it attacks and supports.",
        files: &["data/debate/arguments.toml"],
        generate: of::<ArgumentFile>,
    },
    FileSchema {
        name: "audience",
        title: "An audience of the debate: an order on values",
        description: "An audience of the debate: an order on the values, most preferred first, with who holds it and where.",
        files: &["data/debate/audiences/*.toml"],
        generate: of::<Audience>,
    },
    FileSchema {
        name: "membership",
        title: "The member States of an organisation",
        description: "The member States of an organisation whose position speaks for them.",
        files: &["data/memberships/*.toml"],
        generate: of::<Membership>,
    },
];

/// The kind of file with this name.
pub fn file_schema(name: &str) -> Option<&'static FileSchema> {
    FILES.iter().find(|f| f.name == name)
}
