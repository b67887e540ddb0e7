//! The command-line grammar (clap): commands, options, help text and examples.

use clap::{Args, Parser, Subcommand, ValueEnum};
use diligence_kb::CitationStyle;
use std::path::PathBuf;

const ABOUT: &str = "Due diligence in international law, executable: test a situation against every \
reading of the obligation (doctrines and State positions), with a cited trace of why each decides as it does.";

const AFTER_HELP: &str = "\
Examples:
  diligence examples                                 list the example situations
  diligence examples ransomware-hospitals-notified > s.toml
  diligence assess s.toml                            one status per profile
  diligence assess s.toml --explain --profile tallinn-manual-2
  diligence assess s.toml --format json              the spec's JSON
  diligence assess s.toml --decisive                 what a change of one known fact would do
  diligence ask s.toml                               answer the open questions, most useful first
  diligence profiles                                 every doctrine and position
  diligence profile usa-2021                         one profile, with citations
  diligence authorities --search corfu               search the knowledge base
  diligence authority corfu-channel-1949             one authority, and every coding that cites it
  diligence check                                    validate the data
  diligence serve                                    the web application
  diligence completions bash                         shell completions (also zsh, fish, powershell)

A fact that is not known is written \"unknown\" (knowledge = \"unknown\") or as
the list of its possible values (knowledge = [\"notified\", \"actual\"]): assess
then gives each reading's possible outcomes with their conditions, and the
questions that would settle them, which `diligence ask` asks in turn.

Exit status: 0 success; 1 internal error (please report it); 2 bad input.";

/// The `diligence` command line.
#[derive(Parser, Debug)]
#[command(name = "diligence", version, about = ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How citations are written in text output: OSCOLA (4th edition), or
    /// the short form.
    #[arg(
        long,
        global = true,
        value_name = "STYLE",
        default_value = "oscola",
        value_parser = citation_style()
    )]
    pub citations: CitationStyle,
}

/// The citation styles, named as `CitationStyle` names them.
fn citation_style() -> impl clap::builder::TypedValueParser<Value = CitationStyle> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(CitationStyle::ALL.map(CitationStyle::as_str)).map(
        |s| {
            s.parse::<CitationStyle>()
                .expect("a possible value is a style")
        },
    )
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Assess a scenario file against every profile (or those named).
    #[command(after_help = "\
The scenario file is TOML: a `title` and a [facts] table with every fact
(see `diligence examples` for ready-made ones). Statuses, by precedence:
breach, norm_not_observed, complied, norm_observed, not_triggered, out_of_scope.

A fact that is not known may be given as a list of its possible values,
knowledge = [\"notified\", \"actual\"], or as knowledge = \"unknown\" (any value).
Each reading is then assessed over every combination the facts allow: its
status when they all agree, otherwise `undetermined`, with each possible
outcome and the conditions under which it holds. The open questions follow,
most useful first; `diligence ask` asks them in turn.

--decisive adds, under each result, what changing one known fact would do
(\"would change if the State actually knew: breach\").

Examples:
  diligence assess situation.toml
  diligence assess situation.toml --profile usa-2021 --profile fra-2019 --explain
  diligence assess situation.toml --format json
  diligence assess situation.toml --decisive --profile tallinn-manual-2
  diligence examples botnet-transit | diligence assess -
  diligence examples ransomware-hospitals-notified \\
    | sed 's/knowledge = \"notified\"/knowledge = \"unknown\"/' | diligence assess -")]
    Assess(AssessArgs),
    /// Answer the open questions of an uncertain scenario, one at a time, and
    /// record each answer in its file.
    #[command(after_help = "\
Asks about the facts the scenario leaves open (lists of values or
\"unknown\"), the most useful first: the one after whose answer the fewest
readings can stay undetermined. Each question shows the fact, what it means
and its possible values, numbered. Answer with one number, with several
(2,4) if you only know that it is one of them, with ? or an empty line to
skip the question, or with q to stop.

Each answer is written into the scenario file at once, in place: only that
fact's value changes, comments and layout are kept. It stops when every
reading is determined, when no question is left, at q or at the end of the
input, and prints a summary. Answers are read a line at a time, so they can
be piped in.

Examples:
  diligence ask situation.toml
  diligence ask situation.toml --profile gge-2021 --profile usa-2021
  printf '4\\n' | diligence ask situation.toml")]
    Ask(AskArgs),
    /// List every profile: the doctrines and the States' and organisations' positions.
    Profiles(ProfilesArgs),
    /// Show everything about one profile: obligations, parameters, provenance, citations.
    Profile(ProfileArgs),
    /// List or search the authorities of the knowledge base.
    Authorities(AuthoritiesArgs),
    /// Show one authority in full: the entry, its quotations, and every coded
    /// value and debate argument that cites it.
    #[command(after_help = "\
Shows the entry (title, author or body, kind, date, where the document can
be found, where the information on it comes from, what is not known), its
quotations with the document and paragraph that quote them, and everything
that cites it: each coded value of each profile (obligation, parameter,
value, provenance, pinpoint), the profiles that code it as a source, the
classifications it makes, and the arguments of the debate.

Examples:
  diligence authority corfu-channel-1949
  diligence authority tallinn-manual-2 --format json
  diligence authorities --search corfu     find an id")]
    Authority(AuthorityArgs),
    /// List the example scenarios, or print one as a scenario file.
    Examples(ExamplesArgs),
    /// Validate the knowledge base: authorities, profiles and example scenarios.
    Check(CheckArgs),
    /// Compare the readings over every situation of the fact space: status counts,
    /// pairwise disagreement, clusters.
    #[command(after_help = "\
Every profile is evaluated on every situation of the spec's fact space
(207,360 in v2). For each pair of profiles the output counts the situations
where their statuses differ, and those where exactly one finds a breach;
profiles are clustered by average linkage on those counts.

Examples:
  diligence divergence
  diligence divergence --profile usa-2021 --profile fra-2019 --profile tallinn-manual-2
  diligence divergence --format svg > divergence.svg
  diligence divergence --format csv > disagreements.csv")]
    Divergence(DivergenceArgs),
    /// Find the situations closest to a given one where two profiles decide differently.
    #[command(after_help = "\
The \"minimal pair\" that explains a disagreement: starting from a situation
(a scenario file, or the first example), the situations with the fewest facts
changed where A and B give different statuses, with both traces side by side.

Examples:
  diligence distinguish tallinn-manual-2 gge-2021
  diligence distinguish usa-2021 fra-2019 --from situation.toml")]
    Distinguish(DistinguishArgs),
    /// The beyond-cyber catalogue against every profile: which readings bind the
    /// territorial State, and expose it to countermeasures, for banking, media,
    /// pandemics, exodus, organisms, arms, espionage and AI.
    #[command(after_help = "\
Each catalogue entry is a shipped example scenario (`diligence examples`).
Codes in the text table: B+ breach opening countermeasures, B breach,
C complied, N voluntary norm engaged (observed or not), - not triggered,
. out of scope.

Examples:
  diligence implications
  diligence implications --format csv > implications.csv")]
    Implications(ImplicationsArgs),
    /// Check a draft position (a profile file you write) and compare it with every profile.
    #[command(after_help = "\
The draft is a profile file in the format of data/README.md (start from a
shipped one: data/profiles/states/fra-2019.toml), with an id of its own. It
is validated like the shipped profiles, then compared over the whole fact
space: the nearest positions, the parameters that differ from each, and how
each one-parameter edit of the draft would change its agreement with the
others.

Examples:
  cp data/profiles/states/fra-2019.toml draft.toml   # then edit id and parameters
  diligence draft draft.toml")]
    Draft(DraftArgs),
    /// Answer an abstract argumentation task through the ICCMA 2023 solver interface.
    #[command(after_help = "\
Reads a framework in the ICCMA 2023 format (`p af N`, then one `i j` attack
per line) or the older apx format (`arg(a).` `att(a,b).`) and prints the
answer exactly as an ICCMA 2023 solver does: YES or NO with a certificate
line `w 1 4 7` where the task calls for one, or an extension.

Examples:
  diligence argue --problems
  diligence argue -p DC-PR -f framework.af -a 3
  diligence argue -p SE-ST -f framework.af")]
    Argue(ArgueArgs),
    /// Label the debate over a general obligation: which arguments survive, for which audience.
    #[command(after_help = "\
Arguments are labelled in (accepted), out (defeated) or undecided. For the
semantics with several extensions, in means in every extension and out means
attacked by every extension. With an audience, an attack fails where the
audience prefers the value the attacked argument promotes (value-based
argumentation). Audiences shipped: general-obligation, specific-rules,
gge-consensus; or give a TOML file in the format of data/debate/audiences/.

--format aif writes the debate in the Argument Interchange Format (AIFdb's
JSON: I-nodes for claims, CA-nodes for attacks, RA-nodes for supports), each
argument's id, camp, values and authorities in the I-node's `diligence`
field. --from reads such a map, one drawn in OVA or taken from AIFdb, and
labels it the same way: an attack on or from an argument with no values (no
`diligence` field) succeeds for every audience.

Examples:
  diligence debate
  diligence debate --audience specific-rules --semantics PR
  diligence debate --audience general-obligation --format svg > debate.svg
  diligence debate --format dot | dot -Tpng > debate.png
  diligence debate --format aif > debate.json
  diligence debate --from map.json --semantics PR --format json")]
    Debate(DebateArgs),
    /// Run the web application and HTTP API (http://127.0.0.1:8080 by default).
    #[command(after_help = "\
Serves the pages (positions, assess, compare, debate, implications,
authorities, saved scenarios) and the JSON API under /api/v1, whose OpenAPI
document is at /api/v1/openapi.json. Saved scenarios are kept in an SQLite
database in the data directory. It listens on loopback unless told otherwise.
The ledger of the data directory (made by `diligence ledger init`) is served
under /api/v1/ledger; with --database postgres://... and --log-key FILE, the
ledger in that PostgreSQL database.
Logs go to standard error; set RUST_LOG (e.g. RUST_LOG=debug) for more.
Ctrl-C stops it after the requests under way.

Examples:
  diligence serve
  diligence serve --addr 127.0.0.1:9000 --data-dir ./diligence-data
  diligence serve --addr 0.0.0.0:8080      # reachable from other machines")]
    Serve(ServeArgs),
    /// The notification and response ledger: States notify, answer and prove it.
    #[command(after_help = "\
A State's point of contact signs every entry here with its key file (made by
`ledger keygen`: one line, the 32-byte Ed25519 private key in base64, mode
0600); the server checks the signature and never holds the key. `init`, `state add`,
`operator add` and `verify --data-dir` work on a data directory (the first
three also on a PostgreSQL database: --database URL --log-key FILE); the
other commands talk to `diligence serve` with --server URL and a contact's
--token. An operator's token registers States over the API
(POST /api/v1/ledger/states) but writes no entry.

Examples:
  diligence ledger init --data-dir ./ledger --origin ledger.example/log
  diligence ledger keygen --out fra.key
  diligence ledger state add FRA --contact CERT-FR --public-key PUB --data-dir ./ledger
  diligence ledger operator add \"Ledger operations\" --data-dir ./ledger
  diligence ledger init --database postgres://host/db --log-key log.key --origin ledger.example/log
  diligence ledger notify --to DEU --facts s.toml --summary TEXT --key fra.key --token T --server URL
  diligence ledger ack CASE --key deu.key --token T --server URL
  diligence ledger step CASE --kind stop --account TEXT --key deu.key --token T --server URL
  diligence ledger show CASE --token T --server URL --format json
  diligence ledger verify --server URL --verifier-key KEY --since saved-checkpoint
  diligence ledger verify --tiles ./exported --verifier-key KEY

Exit status: 0 success (for verify: everything verifies); 1 internal error;
2 bad input, a refusal by the server, or a log that does not verify.")]
    Ledger(LedgerArgs),
    /// Write the whole knowledge base as a data package (CSV and JSON with a
    /// Frictionless datapackage.json).
    #[command(after_help = "\
Writes datapackage.json, one CSV table per kind of record (authorities,
quotations, profiles, parameters with their provenance and citations,
scenarios, expected statuses, arguments, attacks, supports, audiences) and
knowledge-base.json into DIR (created if missing; files of the same names
are replaced). With --zip, one zip archive instead.

Load it in Python with pandas:
  import pandas as pd; p = pd.read_csv(\"DIR/parameters.csv\")
or in R with the frictionless package:
  frictionless::read_resource(frictionless::read_package(\"DIR/datapackage.json\"), \"parameters\")

Examples:
  diligence export --format datapackage kb/
  diligence export --format datapackage --zip kb.zip")]
    Export(ExportArgs),
    /// Print a JSON Schema: of a scenario, profile, draft or knowledge-base file, or of an API answer
    #[command(after_help = "\
Without a name, lists every schema. The schemas of files are JSON Schema draft 7, \
which editors read: with taplo (the Even Better TOML extension of VS Code, or \
`taplo lint`) a scenario file gets completion and validation as you type; \
see the README, \"Schemas\". The schemas of the API's answers and request \
bodies are JSON Schema 2020-12, cut out of the OpenAPI document.

Examples:
  diligence schema                                  list every schema
  diligence schema scenario > scenario.schema.json  one schema
  diligence schema --out schemas/                   every schema, one file each
  diligence schema answer-assess                    what `assess --format json` prints")]
    Schema(SchemaArgs),
    /// Print the completion script for a shell.
    #[command(after_help = "\
Install it where the shell looks for completions, for example:
  diligence completions bash > ~/.local/share/bash-completion/completions/diligence
  diligence completions zsh > ~/.zfunc/_diligence     # with fpath+=(~/.zfunc) in ~/.zshrc
  diligence completions fish > ~/.config/fish/completions/diligence.fish
  diligence completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the manual page, or write one page per command into a directory.
    #[command(after_help = "\
Examples:
  diligence man | man -l -                       read it now
  diligence man --out ~/.local/share/man/man1    install every page; then `man diligence-assess`")]
    Man(ManArgs),
}

/// `diligence export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The format
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The directory to write into
    #[arg(
        value_name = "DIR",
        required_unless_present = "zip",
        conflicts_with = "zip"
    )]
    pub dir: Option<PathBuf>,
    /// Write one zip archive here instead of a directory
    #[arg(long, value_name = "FILE.zip")]
    pub zip: Option<PathBuf>,
}

/// The export formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// A Frictionless data package: CSV tables, a JSON document and datapackage.json.
    Datapackage,
}

/// `diligence schema`.
#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The schema (without one, every schema is listed, or written with --out)
    #[arg(value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(diligence_server::schemas::names()))]
    pub name: Option<String>,
    /// Write the schema (or every schema) into this directory as NAME.schema.json
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `diligence completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `diligence man`.
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write one page per command (diligence.1, diligence-assess.1, …) into this directory
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `diligence ledger`.
#[derive(Args, Debug)]
pub struct LedgerArgs {
    #[command(subcommand)]
    pub command: LedgerCommand,
}

/// Where and as whom an entry is sent.
#[derive(Args, Debug)]
pub struct Remote {
    /// The point of contact's key file (from `ledger keygen`)
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
    /// The point of contact's bearer token (from `ledger state add`)
    #[arg(long, value_name = "TOKEN")]
    pub token: String,
    /// The server (http://HOST:PORT)
    #[arg(long, value_name = "URL")]
    pub server: String,
}

/// The ledger's subcommands.
#[derive(Subcommand, Debug)]
pub enum LedgerCommand {
    /// Create a ledger (its log key and database) in a data directory; prints the verifier key.
    Init {
        #[command(flatten)]
        at: LedgerAt,
        /// The log's name (its origin, e.g. ledger.example/log)
        #[arg(long, value_name = "NAME")]
        origin: String,
    },
    /// Make a point of contact's Ed25519 key file; prints its public key.
    Keygen {
        /// The new key file
        #[arg(long, value_name = "KEYFILE")]
        out: PathBuf,
    },
    /// Manage the States and their points of contact.
    #[command(subcommand)]
    State(StateCommand),
    /// Manage the operators.
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Notify another State; prints JSON {"case", "index"}.
    Notify {
        /// The notified State (ISO 3166-1 alpha-3)
        #[arg(long, value_name = "ISO3")]
        to: String,
        /// A scenario file (TOML) with the facts asserted
        #[arg(long, value_name = "SCENARIO.toml")]
        facts: PathBuf,
        /// What happened
        #[arg(long, value_name = "TEXT")]
        summary: String,
        /// What the notified State is asked to do
        #[arg(long, value_name = "TEXT", default_value = "")]
        action: String,
        /// How urgent it is
        #[arg(long, value_parser = ["immediate", "urgent", "routine"], default_value = "urgent")]
        urgency: String,
        /// The case id [default: made from the States, the date and random digits]
        #[arg(long, value_name = "ID")]
        case: Option<String>,
        /// The reading you declare you read the case under: a profile id
        /// (`diligence profiles`) [default: your State's own position where
        /// the knowledge base has one]
        #[arg(long, value_name = "PROFILE")]
        reading: Option<String>,
        #[command(flatten)]
        remote: Remote,
    },
    /// Acknowledge a notification; prints JSON {"case", "index", "hash"}.
    Ack {
        /// The case
        case: String,
        /// A note
        #[arg(long, default_value = "")]
        note: String,
        /// The reading you declare you read the case under: a profile id
        /// (`diligence profiles`) [default: your State's own position where
        /// the knowledge base has one]
        #[arg(long, value_name = "PROFILE")]
        reading: Option<String>,
        #[command(flatten)]
        remote: Remote,
    },
    /// Report a step taken; prints JSON {"case", "index", "hash"}.
    Step {
        /// The case
        case: String,
        /// Which step
        #[arg(long, value_parser = ["detect", "investigate", "stop", "redress"])]
        kind: String,
        /// What was done
        #[arg(long, value_name = "TEXT")]
        account: String,
        /// When (YYYY-MM-DD) [default: today]
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        remote: Remote,
    },
    /// Reply in a case; prints JSON {"case", "index", "hash"}.
    Reply {
        /// The case
        case: String,
        /// The reply
        #[arg(long, value_name = "TEXT")]
        text: String,
        #[command(flatten)]
        remote: Remote,
    },
    /// Close a case; prints JSON {"case", "index", "hash"}.
    Close {
        /// The case
        case: String,
        /// Why
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        remote: Remote,
    },
    /// Show a case: its entries with their proofs, and its assessment under both readings.
    Show {
        /// The case
        case: String,
        /// A party's token
        #[arg(long)]
        token: String,
        /// The server
        #[arg(long, value_name = "URL")]
        server: String,
        /// Output format
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
    },
    /// Export a ledger's public log as static files (checkpoint, key, tiles and entry bundles), as a CDN would serve them.
    Export {
        /// The data directory
        #[arg(long, value_name = "DIR")]
        data_dir: PathBuf,
        /// The directory to write (created; files under it are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Verify a ledger (a data directory, a server's public log, or a directory of tiles); names the first bad entry.
    Verify {
        /// The data directory
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// The server
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// A directory of tiles, as `ledger export` writes it (checkpoint, key, tile/...)
        #[arg(long, value_name = "DIR")]
        tiles: Option<PathBuf>,
        /// A checkpoint saved earlier, which today's log must extend (checked by a consistency proof read from the tiles)
        #[arg(long, value_name = "CHECKPOINT_FILE")]
        since: Option<PathBuf>,
        /// With --since: check only the consistency proof, reading the checkpoint and the few hash tiles the proof needs, and no entry
        #[arg(long, requires = "since")]
        consistency_only: bool,
        /// The log's verifier key to trust [default: the data's own, or the server's]
        #[arg(long, value_name = "KEY")]
        verifier_key: Option<String>,
        /// A file holding the verifier key to trust
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
    },
}

/// `diligence ledger state`.
#[derive(Subcommand, Debug)]
pub enum StateCommand {
    /// Register a State's point of contact; prints JSON {"state", "contact", "token"}.
    Add {
        /// The State (ISO 3166-1 alpha-3)
        state: String,
        /// The point of contact's name
        #[arg(long)]
        contact: String,
        /// Its Ed25519 public key (base64, from `ledger keygen`)
        #[arg(long, value_name = "PUB")]
        public_key: String,
        #[command(flatten)]
        at: LedgerAt,
    },
}

/// `diligence ledger operator`.
#[derive(Subcommand, Debug)]
pub enum OperatorCommand {
    /// Register an operator, who manages the States and their points of
    /// contact (`POST /api/v1/ledger/states`) and writes no entry; prints
    /// JSON {"operator", "token"}.
    Add {
        /// The operator's name
        name: String,
        #[command(flatten)]
        at: LedgerAt,
    },
}

/// Where a ledger is kept: a data directory (SQLite), or a PostgreSQL
/// database with the log's key file.
#[derive(Args, Debug)]
#[group(required = true, multiple = true)]
pub struct LedgerAt {
    /// The data directory (SQLite)
    #[arg(long, value_name = "DIR", conflicts_with_all = ["database", "log_key"])]
    pub data_dir: Option<PathBuf>,
    /// A PostgreSQL database (postgres://...), with --log-key
    #[arg(long, value_name = "URL", requires = "log_key")]
    pub database: Option<String>,
    /// The log's key file (made by `ledger init --database`)
    #[arg(long, value_name = "FILE", requires = "database")]
    pub log_key: Option<PathBuf>,
}

/// Output formats of the listing commands.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A readable table.
    Text,
    /// JSON.
    Json,
}

#[derive(Args, Debug)]
pub struct AssessArgs {
    /// The scenario file (TOML); `-` reads standard input.
    pub file: PathBuf,
    /// Only this profile (repeatable); see `diligence profiles` for ids.
    #[arg(long = "profile", short = 'p', value_name = "ID")]
    pub profiles: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print the full trace of every profile (text format).
    #[arg(long)]
    pub explain: bool,
    /// Add what a change of one known fact would do to each result.
    #[arg(long)]
    pub decisive: bool,
}

#[derive(Args, Debug)]
pub struct AskArgs {
    /// The scenario file (TOML); it is rewritten with each answer.
    pub file: PathBuf,
    /// Only this profile (repeatable); see `diligence profiles` for ids.
    #[arg(long = "profile", short = 'p', value_name = "ID")]
    pub profiles: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ProfilesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ProfileArgs {
    /// The profile id (`tallinn-manual-2`, `usa-2021`).
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct AuthoritiesArgs {
    /// Only authorities matching every one of these words.
    #[arg(long, num_args = 1.., value_name = "WORDS")]
    pub search: Vec<String>,
    /// Output format: a list, JSON, or for reference managers CSL-JSON
    /// (Zotero, Mendeley, pandoc), BibTeX (biblatex types) or RIS (EndNote, Citavi).
    #[arg(long, value_enum, default_value_t = AuthoritiesFormat::Text)]
    pub format: AuthoritiesFormat,
}

/// The formats of `diligence authorities`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthoritiesFormat {
    /// Citations in OSCOLA style, one per line.
    Text,
    /// JSON.
    Json,
    /// CSL-JSON.
    CslJson,
    /// BibTeX with biblatex's entry types.
    Bibtex,
    /// RIS.
    Ris,
}

#[derive(Args, Debug)]
pub struct AuthorityArgs {
    /// The authority id (`corfu-channel-1949`; see `diligence authorities`).
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ExamplesArgs {
    /// Print this example as a scenario file.
    pub name: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Check the data files in this directory instead of those built in.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The folder of source texts (`seeds/*.txt`, `domain/positions-notes.md`)
    /// that every quoted string must be verbatim in [default:
    /// $DILIGENCE_SHARED, else `../shared`].
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}

/// Output formats of `divergence`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceFormat {
    /// Readable tables and a text dendrogram.
    Text,
    /// JSON.
    Json,
    /// The disagreement matrix as CSV.
    Csv,
    /// A heat map and dendrogram as SVG.
    Svg,
}

#[derive(Args, Debug)]
pub struct DivergenceArgs {
    /// Only these profiles (repeatable; at least two); all when none is named.
    #[arg(long = "profile", short = 'p', value_name = "ID")]
    pub profiles: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DivergenceFormat::Text)]
    pub format: DivergenceFormat,
}

#[derive(Args, Debug)]
pub struct DistinguishArgs {
    /// The first profile id.
    pub a: String,
    /// The second profile id.
    pub b: String,
    /// Start from this scenario file (default: the example `ransomware-hospitals-notified`).
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// How many distinguishing situations to show at most.
    #[arg(long, default_value_t = 3)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `implications`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// A readable table.
    Text,
    /// JSON.
    Json,
    /// CSV, one row per entry and profile.
    Csv,
}

#[derive(Args, Debug)]
pub struct ImplicationsArgs {
    /// Only these profiles (repeatable); all when none is named.
    #[arg(long = "profile", short = 'p', value_name = "ID")]
    pub profiles: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

#[derive(Args, Debug)]
pub struct DraftArgs {
    /// The draft profile file (TOML).
    pub file: PathBuf,
    /// How many nearest positions to show in detail.
    #[arg(long, default_value_t = 5)]
    pub nearest: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ArgueArgs {
    /// The task, `DC-CO`, `DS-PR`, `SE-ST`... (see --problems).
    #[arg(
        short = 'p',
        long = "problem",
        value_name = "TASK",
        required_unless_present = "problems"
    )]
    pub task: Option<String>,
    /// The framework file.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        required_unless_present = "problems"
    )]
    pub file: Option<PathBuf>,
    /// The query argument (1-based; for apx input, its name or its number).
    #[arg(short = 'a', long = "argument", value_name = "ARG")]
    pub argument: Option<String>,
    /// List the supported tasks.
    #[arg(long)]
    pub problems: bool,
}

/// Output formats of `debate`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebateFormat {
    /// A readable list.
    Text,
    /// JSON.
    Json,
    /// Graphviz dot.
    Dot,
    /// SVG drawn by the program (layered by camp).
    Svg,
    /// The Argument Interchange Format (AIF) as AIFdb serves it in JSON, for
    /// OVA, AIFdb or Carneades.
    Aif,
}

#[derive(Args, Debug)]
pub struct DebateArgs {
    /// The semantics: GR, CO, PR, ST, SST, STG or ID.
    #[arg(long, default_value = "GR", value_name = "S")]
    pub semantics: String,
    /// An audience id (general-obligation, specific-rules, gge-consensus) or an audience file.
    #[arg(long, value_name = "ID|FILE")]
    pub audience: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DebateFormat::Text)]
    pub format: DebateFormat,
    /// Label this argument map (AIF JSON, e.g. drawn in OVA or from AIFdb)
    /// instead of the shipped debate (text or json output)
    #[arg(long, value_name = "FILE.json")]
    pub from: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub addr: std::net::SocketAddr,
    /// Where to keep the database of saved scenarios [default: the per-user data directory, e.g. ~/.local/share/diligence]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Serve the ledger kept in this PostgreSQL database (postgres://...) rather than the data directory's
    #[arg(long, value_name = "URL", requires = "log_key")]
    pub database: Option<String>,
    /// The log's private key file (with --database)
    #[arg(long, value_name = "FILE", requires = "database")]
    pub log_key: Option<PathBuf>,
    /// How long a notified State has to acknowledge, for one urgency (repeatable; e.g. `immediate=12h`, `routine=10d`; units s, m, h, d) [default: immediate=24h, urgent=72h, routine=14d]
    #[arg(long, value_name = "URGENCY=DURATION")]
    pub ack_period: Vec<String>,
}
