//! `diligence serve`: starts the web application, one worker thread per
//! core (see `diligence_server::serve`), with
//! structured logs, and stops it gracefully on Ctrl-C or SIGTERM.

use crate::cli::ServeArgs;
use crate::failure::{knowledge_base, Failure};
use diligence_ledger::deadline::AckPeriods;
use diligence_server::{AppState, ServeError, Store};
use time::Duration;

/// `diligence serve`. Returns when the server has stopped.
pub fn run(args: &ServeArgs) -> Result<String, Failure> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let kb = knowledge_base()?;
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(diligence_server::default_data_dir);
    let store = Store::open(&data_dir)
        .map_err(|e| Failure::Input(format!("cannot open the database: {e}")))?;
    let ledger = open_ledger(args, &data_dir)?;
    let listener = diligence_server::bind(args.addr).map_err(|e| match e {
        ServeError::Bind(..) => Failure::Input(e.to_string()),
        other => Failure::Internal(other.to_string()),
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Internal(e.to_string()))?;
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "listening beyond loopback: anyone who can reach this address can read and save scenarios");
    }
    let workers = diligence_server::app::default_workers();
    tracing::info!(
        url = %format!("http://{addr}/"),
        database = %store.path().display(),
        profiles = kb.profiles.len(),
        workers,
        "diligence is serving"
    );
    let periods = ack_periods(&args.ack_period)?;
    // The results computed at start are ready before the address is
    // announced, so that the first request is answered at once.
    let mut state = AppState::new(kb, store).with_ack_periods(periods);
    if let Some(ledger) = ledger {
        state = state.with_ledger(ledger);
    }
    eprintln!("diligence: serving on http://{addr}/ (Ctrl-C to stop)");
    diligence_server::serve(
        listener,
        state,
        workers,
        diligence_server::shutdown_signal(),
    )
    .map_err(|e| Failure::Internal(e.to_string()))?;
    tracing::info!("stopped");
    Ok(String::new())
}

/// The ledger to serve: the PostgreSQL database given, or the data
/// directory's when `diligence ledger init` made one there, or none.
fn open_ledger(
    args: &ServeArgs,
    data_dir: &std::path::Path,
) -> Result<Option<diligence_server::ledger::Ledger>, Failure> {
    use diligence_ledger_store::keyfile::KEY_FILE;
    if let (Some(url), Some(key)) = (&args.database, &args.log_key) {
        let key = diligence_ledger_store::read_key_file(key)
            .map_err(|e| Failure::Input(format!("cannot read the log's key: {e}")))?;
        let store = diligence_ledger_store::open(url, key)
            .map_err(|e| Failure::Input(format!("cannot open the ledger's database: {e}")))?;
        tracing::info!(backend = store.backend(), "serving the ledger");
        return Ok(Some(std::sync::Arc::from(store)));
    }
    if !data_dir.join(KEY_FILE).exists() {
        tracing::info!("no ledger in the data directory (`diligence ledger init` makes one)");
        return Ok(None);
    }
    let store = diligence_ledger_store::open_data_dir(data_dir)
        .map_err(|e| Failure::Input(format!("cannot open the ledger: {e}")))?;
    tracing::info!(database = %diligence_ledger_store::keyfile::database_path(data_dir).display(), "serving the ledger");
    Ok(Some(std::sync::Arc::new(store)))
}

/// The acknowledgement periods: the defaults, with each `URGENCY=DURATION`
/// given replacing one (a duration is a whole number and a unit: `s`, `m`,
/// `h` or `d`).
pub fn ack_periods(given: &[String]) -> Result<AckPeriods, Failure> {
    let mut periods = AckPeriods::default();
    for g in given {
        let bad = || {
            Failure::Input(format!(
                "--ack-period {g:?}: expected URGENCY=DURATION, the urgency immediate, urgent or routine, the duration a whole number and s, m, h or d (e.g. immediate=12h)"
            ))
        };
        let (urgency, duration) = g.split_once('=').ok_or_else(bad)?;
        let unit = duration.chars().last().ok_or_else(bad)?;
        let n: i64 = duration[..duration.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        let d = match unit {
            's' => Duration::seconds(n),
            'm' => Duration::minutes(n),
            'h' => Duration::hours(n),
            'd' => Duration::days(n),
            _ => return Err(bad()),
        };
        if n <= 0 || n > 3650 * 86_400 {
            return Err(bad());
        }
        match urgency {
            "immediate" => periods.immediate = d,
            "urgent" => periods.urgent = d,
            "routine" => periods.routine = d,
            _ => return Err(bad()),
        }
    }
    Ok(periods)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_periods_replace_the_defaults_one_urgency_at_a_time() {
        let d = AckPeriods::default();
        let cases: [(&[&str], AckPeriods); 4] = [
            (&[], d),
            (
                &["immediate=2s"],
                AckPeriods {
                    immediate: Duration::seconds(2),
                    ..d
                },
            ),
            (
                &["routine=10d", "urgent=90m"],
                AckPeriods {
                    urgent: Duration::minutes(90),
                    routine: Duration::days(10),
                    ..d
                },
            ),
            (
                &["urgent=1h", "urgent=5h"],
                AckPeriods {
                    urgent: Duration::hours(5),
                    ..d
                },
            ),
        ];
        for (given, want) in cases {
            let given: Vec<String> = given.iter().map(|s| s.to_string()).collect();
            assert_eq!(ack_periods(&given).expect("valid"), want, "{given:?}");
        }
        for bad in [
            "immediate",
            "immediate=",
            "immediate=2",
            "immediate=2w",
            "soon=2h",
            "urgent=-1h",
            "urgent=0s",
            "urgent=h",
        ] {
            assert!(ack_periods(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
