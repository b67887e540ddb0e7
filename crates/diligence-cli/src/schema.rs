//! `diligence schema`: the published JSON Schemas (of the files people
//! write and of the API's answers), listed, printed or written to files.

use crate::cli::SchemaArgs;
use crate::failure::Failure;
use crate::output::table;
use diligence_server::schemas;

/// Lists the schemas, prints one, or writes them into a directory.
pub fn run(args: &SchemaArgs) -> Result<String, Failure> {
    let chosen: Vec<&'static str> = match &args.name {
        Some(name) => schemas::names().into_iter().filter(|n| n == name).collect(),
        None => schemas::names(),
    };
    let text = |name: &str| -> Result<String, Failure> {
        let schema = schemas::get(name)
            .ok_or_else(|| Failure::Internal(format!("the schema `{name}` cannot be built")))?;
        Ok(diligence_report::json::to_pretty(&schema) + "\n")
    };
    match (&args.out, &args.name) {
        (None, Some(name)) => text(name),
        (None, None) => {
            let rows: Vec<Vec<String>> = schemas::list()
                .into_iter()
                .map(|e| vec![e.name.to_string(), e.kind.to_string(), e.title.to_string()])
                .collect();
            Ok(format!(
                "{}\n`diligence schema NAME` prints one; `--out DIR` writes them as NAME.schema.json.\n",
                table(&["NAME", "KIND", "DESCRIBES"], &rows)
            ))
        }
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Input(format!(
                    "cannot create the directory `{}`: {e}",
                    dir.display()
                ))
            })?;
            for name in &chosen {
                let path = dir.join(format!("{name}.schema.json"));
                std::fs::write(&path, text(name)?).map_err(|e| {
                    Failure::Input(format!("cannot write `{}`: {e}", path.display()))
                })?;
            }
            Ok(format!(
                "wrote {} schema{} into {}\n",
                chosen.len(),
                if chosen.len() == 1 { "" } else { "s" },
                dir.display()
            ))
        }
    }
}
