//! sagerole's integration tests, in one binary: golden examples, error
//! goldens, CLI behaviour, parse-back checks of every emitted format, and
//! the library's module structure (no import circles).
//!
//! Goldens are blessed with `SAGEROLE_BLESS=1 cargo test`; read the diff
//! (`git diff examples tests`) before committing it.

#[path = "integration/cli.rs"]
mod cli;
#[path = "integration/diff.rs"]
mod diff;
#[path = "integration/equivalence.rs"]
mod equivalence;
#[path = "integration/errors.rs"]
mod errors;
#[path = "integration/escaping.rs"]
mod escaping;
#[path = "integration/golden.rs"]
mod golden;
#[path = "integration/iam_rules.rs"]
mod iam_rules;
#[path = "integration/imports.rs"]
mod imports;
#[path = "integration/inputs.rs"]
mod inputs;
#[path = "integration/lint.rs"]
mod lint;
#[path = "integration/model.rs"]
mod model;
#[path = "integration/output.rs"]
mod output;
#[path = "integration/parse_back.rs"]
mod parse_back;
#[path = "integration/properties.rs"]
mod properties;
#[path = "integration/reach.rs"]
mod reach;
#[path = "integration/readme.rs"]
mod readme;
#[path = "integration/schema.rs"]
mod schema;
#[path = "integration/stacks.rs"]
mod stacks;
#[path = "integration/support.rs"]
mod support;
#[path = "integration/why.rs"]
mod why;
