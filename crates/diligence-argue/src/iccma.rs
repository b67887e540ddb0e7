//! The ICCMA 2023 solver interface as library functions: parsers for the
//! ICCMA 2023 (`p af N`) and the older apx (`arg(a).` `att(a,b).`) formats, the
//! list of supported tasks, and [`solve`], which returns exactly what an
//! ICCMA 2023 solver prints.

use crate::error::Error;
use crate::framework::{Framework, MAX_ARGUMENTS};
use crate::sat::with_deadline;
use crate::semantics::{credulous, sceptical, some_extension, Semantics};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The tasks [`solve`] supports, as `TASK-SEMANTICS`.
///
/// DC: credulous acceptance, DS: sceptical acceptance, SE: some extension;
/// semantics CO, PR, ST, SST, STG, GR, ID.
pub fn problems() -> &'static [&'static str] {
    &[
        "DC-CO", "DC-PR", "DC-ST", "DC-SST", "DC-STG", "DC-GR", "DC-ID", //
        "DS-CO", "DS-PR", "DS-ST", "DS-SST", "DS-STG", "DS-GR", "DS-ID", //
        "SE-CO", "SE-PR", "SE-ST", "SE-SST", "SE-STG", "SE-GR", "SE-ID",
    ]
}

/// Parses a framework in the ICCMA 2023 format: a header `p af N`, then one
/// attack `i j` per line with `1 <= i, j <= N`; lines starting with `#` and
/// blank lines are ignored. Argument `i` of the file is index `i - 1`.
pub fn parse_iccma(text: &str) -> Result<Framework, Error> {
    let mut n: Option<usize> = None;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut tokens = line.split_whitespace();
        let Some(len) = n else {
            n = Some(parse_header(line_no, line)?);
            continue;
        };
        let (Some(a), Some(b), None) = (tokens.next(), tokens.next(), tokens.next()) else {
            if line.starts_with('p') {
                return Err(Error::parse(
                    line_no,
                    "a second `p af N` header; expected an attack `i j`",
                ));
            }
            return Err(Error::parse(
                line_no,
                format!("expected an attack `i j` (two arguments in 1..={len}), found {line:?}"),
            ));
        };
        let a = parse_arg(line_no, a, len)?;
        let b = parse_arg(line_no, b, len)?;
        pairs.push((a, b));
    }
    let Some(n) = n else {
        return Err(Error::parse(
            0,
            "expected a header `p af N`, found no content",
        ));
    };
    Ok(Framework::from_pairs(n, pairs))
}

fn parse_header(line_no: usize, line: &str) -> Result<usize, Error> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    match tokens.as_slice() {
        ["p", "af", count] => {
            let n: u64 = count.parse().map_err(|_| {
                Error::parse(
                    line_no,
                    format!("expected the number of arguments in `p af N`, found {count:?}"),
                )
            })?;
            if n > MAX_ARGUMENTS as u64 {
                return Err(Error::TooManyArguments {
                    requested: n,
                    max: MAX_ARGUMENTS,
                });
            }
            Ok(n as usize)
        }
        _ => Err(Error::parse(
            line_no,
            format!("expected a header `p af N`, found {line:?}"),
        )),
    }
}

fn parse_arg(line_no: usize, token: &str, n: usize) -> Result<u32, Error> {
    match token.parse::<u64>() {
        Ok(v) if v >= 1 && v <= n as u64 => Ok((v - 1) as u32),
        _ => Err(Error::parse(
            line_no,
            format!("expected an argument number in 1..={n}, found {token:?}"),
        )),
    }
}

/// A framework read from the apx format, with the argument names in index order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFramework {
    /// The framework; argument `i` is the `i`-th distinct `arg(...)` declared.
    pub framework: Framework,
    /// The name of each argument.
    pub names: Vec<String>,
}

/// Parses a framework in the apx format: statements `arg(name).` and
/// `att(name1,name2).`, any number per line, blank lines and lines starting with
/// `%` or `#` ignored. Arguments are numbered in order of first declaration;
/// repeated declarations and attacks are merged; an attack on an undeclared
/// argument is an error.
pub fn parse_apx(text: &str) -> Result<NamedFramework, Error> {
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut attacks: Vec<(usize, String, String)> = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let mut rest = raw.trim();
        if rest.starts_with('%') || rest.starts_with('#') {
            continue;
        }
        while !rest.is_empty() {
            let (kind, args, after) = parse_statement(line_no, rest)?;
            match (kind, args.as_slice()) {
                ("arg", [name]) => {
                    if !index.contains_key(*name) {
                        if names.len() >= MAX_ARGUMENTS {
                            return Err(Error::TooManyArguments {
                                requested: names.len() as u64 + 1,
                                max: MAX_ARGUMENTS,
                            });
                        }
                        index.insert((*name).to_string(), names.len() as u32);
                        names.push((*name).to_string());
                    }
                }
                ("att", [a, b]) => attacks.push((line_no, (*a).to_string(), (*b).to_string())),
                ("arg", _) => {
                    return Err(Error::parse(
                        line_no,
                        "expected `arg(name).` with exactly one name",
                    ))
                }
                _ => {
                    return Err(Error::parse(
                        line_no,
                        "expected `att(name1,name2).` with exactly two names",
                    ))
                }
            }
            rest = after.trim_start();
        }
    }
    let mut pairs = Vec::with_capacity(attacks.len());
    for (line_no, a, b) in attacks {
        let lookup = |name: &str| {
            index.get(name).copied().ok_or_else(|| {
                Error::parse(
                    line_no,
                    format!("attack on {name:?}, which no `arg({name}).` declares"),
                )
            })
        };
        pairs.push((lookup(&a)?, lookup(&b)?));
    }
    Ok(NamedFramework {
        framework: Framework::from_pairs(names.len(), pairs),
        names,
    })
}

/// Parses one `kind(a,b,...).` statement at the start of `s`; returns the kind,
/// the trimmed names and the rest of the line.
fn parse_statement(line_no: usize, s: &str) -> Result<(&'static str, Vec<&str>, &str), Error> {
    let kind = if s.starts_with("arg") {
        "arg"
    } else if s.starts_with("att") {
        "att"
    } else {
        return Err(Error::parse(
            line_no,
            format!(
                "expected `arg(name).` or `att(name1,name2).`, found {:?}",
                first_chars(s)
            ),
        ));
    };
    let after_kind = s[3..].trim_start();
    let Some(inner_start) = after_kind.strip_prefix('(') else {
        return Err(Error::parse(
            line_no,
            format!("expected `(` after `{kind}`"),
        ));
    };
    let Some(close) = inner_start.find(')') else {
        return Err(Error::parse(
            line_no,
            format!("expected `)` to close `{kind}(`"),
        ));
    };
    let inner = &inner_start[..close];
    let after = inner_start[close + 1..].trim_start();
    let Some(after) = after.strip_prefix('.') else {
        return Err(Error::parse(
            line_no,
            format!("expected `.` after `{kind}(...)`"),
        ));
    };
    let names: Vec<&str> = inner.split(',').map(str::trim).collect();
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || n.contains(char::is_whitespace) || n.contains('('))
    {
        return Err(Error::parse(
            line_no,
            format!("expected an argument name (no blanks, commas or parentheses), found {bad:?}"),
        ));
    }
    Ok((kind, names, after))
}

fn first_chars(s: &str) -> String {
    s.chars().take(20).collect()
}

/// Parses either format: ICCMA 2023 when the first line that is neither blank
/// nor a comment starts with `p`, apx otherwise (arguments then numbered by
/// declaration order).
pub fn parse(text: &str) -> Result<Framework, Error> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('%'));
    match first {
        Some(l) if l.starts_with('p') => parse_iccma(text),
        _ if first.is_none() => parse_iccma(text),
        _ => parse_apx(text).map(|nf| nf.framework),
    }
}

/// Runs an ICCMA 2023 task on a framework given as text and returns exactly
/// what an ICCMA 2023 solver prints (each line ending with `\n`):
///
/// * `DC-σ`: `YES` and a line `w a b ...` (a σ-extension containing the query), or `NO`;
/// * `DS-σ`: `YES`, or `NO` and a line `w a b ...` (a σ-extension without the query);
/// * `SE-σ`: `w a b ...` (a σ-extension), or `NO` when there is none.
///
/// Arguments are 1-based (for apx input: the declaration order) and printed
/// ascending; an empty extension prints as `w`. `query` is the 1-based query
/// argument, required by DC/DS tasks and refused by SE tasks. The text may be
/// in either format (see [`parse`]).
pub fn solve(task: &str, af_text: &str, query: Option<usize>) -> Result<String, Error> {
    let (kind, sem) = parse_task(task)?;
    let af = parse(af_text)?;
    let arg = match (kind, query) {
        (TaskKind::Se, None) => None,
        (TaskKind::Se, Some(q)) => {
            return Err(Error::BadQuery {
                task: task.to_string(),
                query: q,
                reason: "SE tasks take no query argument".to_string(),
            })
        }
        (_, None) => return Err(Error::MissingQuery(task.to_string())),
        (_, Some(q)) if q == 0 || q > af.len() => {
            return Err(Error::BadQuery {
                task: task.to_string(),
                query: q,
                reason: format!("arguments are numbered 1..={}", af.len()),
            })
        }
        (_, Some(q)) => Some(q - 1),
    };
    let out = match (kind, arg) {
        (TaskKind::Dc, Some(a)) => {
            let d = credulous(&af, sem, a)?;
            answer(d.accepted, d.witness.as_deref())
        }
        (TaskKind::Ds, Some(a)) => {
            let d = sceptical(&af, sem, a)?;
            answer(d.accepted, d.witness.as_deref())
        }
        _ => match some_extension(&af, sem) {
            Some(ext) => witness_line(&ext),
            None => "NO\n".to_string(),
        },
    };
    Ok(out)
}

/// [`solve`] with a time limit on the search: returns [`Error::Timeout`] if
/// the answer is not found within `limit` (parsing is not interrupted).
pub fn solve_within(
    task: &str,
    af_text: &str,
    query: Option<usize>,
    limit: Duration,
) -> Result<String, Error> {
    let deadline = Instant::now() + limit;
    with_deadline(deadline, || solve(task, af_text, query))?
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskKind {
    Dc,
    Ds,
    Se,
}

fn parse_task(task: &str) -> Result<(TaskKind, Semantics), Error> {
    if !problems().contains(&task) {
        return Err(Error::UnknownTask(task.to_string()));
    }
    let unknown = || Error::UnknownTask(task.to_string());
    let (kind, sem) = task.split_once('-').ok_or_else(unknown)?;
    let kind = match kind {
        "DC" => TaskKind::Dc,
        "DS" => TaskKind::Ds,
        "SE" => TaskKind::Se,
        _ => return Err(unknown()),
    };
    let sem = Semantics::from_abbreviation(sem).ok_or_else(unknown)?;
    Ok((kind, sem))
}

fn answer(accepted: bool, witness: Option<&[usize]>) -> String {
    let mut out = String::from(if accepted { "YES\n" } else { "NO\n" });
    if let Some(w) = witness {
        out.push_str(&witness_line(w));
    }
    out
}

/// `w` followed by the 1-based arguments.
pub(crate) fn witness_line(ext: &[usize]) -> String {
    let mut line = String::from("w");
    for &a in ext {
        line.push(' ');
        line.push_str(&(a + 1).to_string());
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iccma_2023() {
        let af = parse_iccma("p af 3\n# comment\n1 2\n\n2 3\n3 3\n").expect("valid test input");
        assert_eq!(af.len(), 3);
        assert_eq!(af.attack_list(), vec![(0, 1), (1, 2), (2, 2)]);
        let af = parse_iccma("# lead\r\np af 0\r\n").expect("valid test input");
        assert!(af.is_empty());
    }

    #[test]
    fn iccma_errors_name_the_line() {
        let err = |t: &str| parse_iccma(t).expect_err("invalid test input").to_string();
        assert_eq!(
            err(""),
            "line 0: expected a header `p af N`, found no content"
        );
        assert!(err("1 2\n").starts_with("line 1: expected a header `p af N`"));
        assert!(err("p af x\n").contains("expected the number of arguments"));
        assert!(err("p af 2\n1 3\n").starts_with("line 2: expected an argument number in 1..=2"));
        assert!(err("p af 2\n1 0\n").starts_with("line 2:"));
        assert!(err("p af 2\n1\n").starts_with("line 2: expected an attack"));
        assert!(err("p af 2\n1 2 2\n").starts_with("line 2: expected an attack"));
        assert!(err("p af 2\np af 2\n").contains("second"));
        assert!(err("p af 2\n-1 2\n").starts_with("line 2:"));
        assert!(err("p af 99999999999999999999\n").contains("expected the number"));
        assert!(matches!(
            parse_iccma("p af 999999999999\n"),
            Err(Error::TooManyArguments { .. })
        ));
    }

    #[test]
    fn parses_apx() {
        let nf = parse_apx("arg(a).\narg(b). arg(c).\n% comment\natt(a,b).\natt( b , c ).\n")
            .expect("valid test input");
        assert_eq!(nf.names, vec!["a", "b", "c"]);
        assert_eq!(nf.framework.attack_list(), vec![(0, 1), (1, 2)]);
        let err = |t: &str| parse_apx(t).expect_err("invalid test input").to_string();
        assert!(err("arg(a).\natt(a,z).\n").starts_with("line 2: attack on \"z\""));
        assert!(err("arg(a)\n").starts_with("line 1: expected `.`"));
        assert!(err("arg(a,b).\n").starts_with("line 1: expected `arg(name).`"));
        assert!(err("att(a).\n").starts_with("line 1: expected `att(name1,name2).`"));
        assert!(err("foo(a).\n").starts_with("line 1: expected `arg(name).` or"));
        assert!(err("arg(a.\n").starts_with("line 1: expected `)`"));
        assert!(err("arg().\n").contains("expected an argument name"));
        assert!(err("arg\n").contains("expected `(`"));
    }

    #[test]
    fn solve_prints_iccma_2023_answers() {
        // 1 <-> 2, 2 -> 3
        let af = "p af 3\n1 2\n2 1\n2 3\n";
        assert_eq!(
            solve("DC-CO", af, Some(3)).expect("valid test input"),
            "YES\nw 1 3\n"
        );
        assert_eq!(
            solve("DC-GR", af, Some(3)).expect("valid test input"),
            "NO\n"
        );
        assert_eq!(
            solve("DS-PR", af, Some(3)).expect("valid test input"),
            "NO\nw 2\n"
        );
        assert_eq!(solve("SE-GR", af, None).expect("valid test input"), "w\n");
        assert_eq!(solve("SE-ID", af, None).expect("valid test input"), "w\n");
        assert_eq!(
            solve("SE-ST", "p af 1\n1 1\n", None).expect("valid test input"),
            "NO\n"
        );
        assert_eq!(
            solve("DS-ST", "p af 1\n1 1\n", Some(1)).expect("valid test input"),
            "YES\n"
        );
        assert_eq!(
            solve("DC-ST", "arg(a).\narg(b).\natt(a,b).\n", Some(1)).expect("valid test input"),
            "YES\nw 1\n"
        );
    }

    #[test]
    fn solve_rejects_bad_requests() {
        let af = "p af 2\n1 2\n";
        assert!(matches!(
            solve("EE-PR", af, None),
            Err(Error::UnknownTask(_))
        ));
        assert!(matches!(
            solve("DC-XX", af, Some(1)),
            Err(Error::UnknownTask(_))
        ));
        assert!(matches!(
            solve("DC-CO", af, None),
            Err(Error::MissingQuery(_))
        ));
        assert!(matches!(
            solve("DC-CO", af, Some(0)),
            Err(Error::BadQuery { .. })
        ));
        assert!(matches!(
            solve("DC-CO", af, Some(3)),
            Err(Error::BadQuery { .. })
        ));
        assert!(matches!(
            solve("SE-CO", af, Some(1)),
            Err(Error::BadQuery { .. })
        ));
        assert!(matches!(
            solve("SE-CO", "p af 1\n1 2\n", None),
            Err(Error::Parse { line: 2, .. })
        ));
    }

    #[test]
    fn time_limits() {
        let af = "p af 3\n1 2\n2 1\n2 3\n";
        assert_eq!(
            solve_within("DS-PR", af, Some(3), Duration::from_secs(60)).expect("valid test input"),
            "NO\nw 2\n"
        );
        assert_eq!(
            solve_within("DS-PR", af, Some(3), Duration::ZERO),
            Err(Error::Timeout)
        );
        // Settled by the grounded labelling alone: no SAT call, no timeout.
        assert_eq!(
            solve_within("SE-GR", af, None, Duration::ZERO).expect("valid test input"),
            "w\n"
        );
    }

    #[test]
    fn problems_are_all_parseable() {
        for p in problems() {
            assert!(parse_task(p).is_ok(), "{p}");
        }
    }
}
