//! `diligence export --format datapackage`: every table the descriptor
//! lists is there with exactly its fields, every value fits its declared
//! type, primary keys are unique and foreign keys resolve, and the tables
//! hold the whole knowledge base (counts taken from the data files
//! themselves); the zip holds the same files.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn export(args: &[&str]) -> String {
    let out = Command::cargo_bin("diligence")
        .expect("the binary")
        .args(["export", "--format", "datapackage"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

type Tables = BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>;

/// Reads and checks every tabular resource against its schema.
fn read_checked(dir: &Path) -> (Value, Tables) {
    let package: Value = serde_json::from_slice(
        &std::fs::read(dir.join("datapackage.json")).expect("datapackage.json"),
    )
    .expect("JSON");
    assert_eq!(package["name"], "diligence-knowledge-base");
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    let mut tables = Tables::new();
    for r in package["resources"].as_array().expect("resources") {
        let path = dir.join(r["path"].as_str().expect("a path"));
        assert!(path.is_file(), "{}", path.display());
        if r["format"] != "csv" {
            serde_json::from_slice::<Value>(&std::fs::read(&path).expect("read")).expect("JSON");
            continue;
        }
        let fields = r["schema"]["fields"].as_array().expect("fields");
        let names: Vec<String> = fields
            .iter()
            .map(|f| f["name"].as_str().expect("a name").to_owned())
            .collect();
        for f in fields {
            assert!(!f["description"].as_str().unwrap_or("").is_empty(), "{f}");
        }
        let mut reader = csv::Reader::from_path(&path).expect("a CSV");
        let header: Vec<String> = reader
            .headers()
            .expect("a header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, names, "{}", path.display());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.expect("a well-formed row");
            assert_eq!(record.len(), names.len());
            for (value, f) in record.iter().zip(fields) {
                if value.is_empty() {
                    continue; // the declared missing value
                }
                match f["type"].as_str().expect("a type") {
                    "integer" => assert!(value.parse::<i64>().is_ok(), "{}: {value}", f["name"]),
                    "boolean" => {
                        assert!(["true", "false"].contains(&value), "{}: {value}", f["name"])
                    }
                    "string" => {}
                    other => panic!("undeclared type {other}"),
                }
            }
            rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
        }
        let name = r["name"].as_str().expect("a name").to_owned();
        if let Some(key) = r["schema"]["primaryKey"].as_array() {
            let columns: Vec<usize> = key
                .iter()
                .map(|k| {
                    names
                        .iter()
                        .position(|n| k == n.as_str())
                        .expect("a key field")
                })
                .collect();
            let mut seen = BTreeSet::new();
            for row in &rows {
                let k: Vec<&String> = columns.iter().map(|&c| &row[c]).collect();
                assert!(seen.insert(k.clone()), "{name}: duplicate key {k:?}");
            }
        }
        tables.insert(name, (names, rows));
    }
    // Foreign keys resolve.
    for r in package["resources"].as_array().expect("resources") {
        for fk in r["schema"]["foreignKeys"].as_array().into_iter().flatten() {
            let (names, rows) = &tables[r["name"].as_str().expect("a name")];
            let field = fk["fields"].as_str().expect("a field");
            let col = names.iter().position(|n| n == field).expect("the field");
            let (target_names, target_rows) =
                &tables[fk["reference"]["resource"].as_str().expect("a table")];
            let target_col = target_names
                .iter()
                .position(|n| n == fk["reference"]["fields"].as_str().expect("a field"))
                .expect("the target field");
            let keys: BTreeSet<&String> = target_rows.iter().map(|r| &r[target_col]).collect();
            for row in rows {
                assert!(
                    keys.contains(&row[col]),
                    "{}.{field} = {} resolves",
                    r["name"],
                    row[col]
                );
            }
        }
    }
    (package, tables)
}

/// How many lines of the data files under `dir` (recursively) start with
/// `prefix` once trimmed.
fn lines_starting(dir: &Path, prefix: &str) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("a directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            n += lines_starting(&p, prefix);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&p).expect("text");
            n += text
                .lines()
                .filter(|l| l.trim_start().starts_with(prefix))
                .count();
        }
    }
    n
}

#[test]
fn the_package_describes_and_holds_the_whole_knowledge_base() {
    let dir = tempfile::tempdir().expect("a directory");
    let said = export(&[dir.path().to_str().expect("a path")]);
    assert!(said.contains("parameters.csv"), "{said}");
    let (_, tables) = read_checked(dir.path());
    let data = repo().join("data");
    let count = |t: &str| tables[t].1.len();
    // Every coded parameter of every profile, as the data files write them.
    assert_eq!(
        count("parameters"),
        lines_starting(&data.join("profiles"), "provenance")
    );
    // One profile per file: each file's top-level `id`.
    assert_eq!(
        count("profiles"),
        lines_starting(&data.join("profiles"), "id = ")
            - lines_starting(&data.join("profiles"), "[[obligations]]")
    );
    assert_eq!(
        count("scenarios"),
        std::fs::read_dir(data.join("scenarios"))
            .expect("scenarios")
            .count()
    );
    assert_eq!(
        count("authorities"),
        lines_starting(&data.join("authorities"), "[[authorities]]")
    );
    // Provenance is one of the two words, and an inference gives its reason.
    let (names, rows) = &tables["parameters"];
    let col = |n: &str| names.iter().position(|x| x == n).expect("a column");
    for row in rows {
        let provenance = row[col("provenance")].as_str();
        assert!(["explicit", "inferred"].contains(&provenance), "{row:?}");
        if provenance == "inferred" {
            assert!(!row[col("reason")].is_empty(), "{row:?}");
        } else {
            assert!(!row[col("citations")].is_empty(), "{row:?}");
        }
    }
}

#[test]
fn the_zip_holds_the_same_package() {
    let dir = tempfile::tempdir().expect("a directory");
    let zip_path = dir.path().join("kb.zip");
    export(&["--zip", zip_path.to_str().expect("a path")]);
    let plain = dir.path().join("plain");
    export(&[plain.to_str().expect("a path")]);
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("the zip")).expect("a zip");
    let folder = format!("diligence-knowledge-base-{}", env!("CARGO_PKG_VERSION"));
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("an entry");
        let name = f.name().to_owned();
        let file = name
            .strip_prefix(&format!("{folder}/"))
            .expect("in the folder")
            .to_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).expect("read");
        assert_eq!(
            bytes,
            std::fs::read(plain.join(&file)).expect("the same file"),
            "{file}"
        );
        names.push(file);
    }
    assert!(names.contains(&"datapackage.json".to_owned()));
    assert_eq!(
        names.len(),
        std::fs::read_dir(&plain).expect("plain").count()
    );
}
