//! sagerole's tests that need a tool outside Rust: terraform, terraform
//! with the AWS provider from a filesystem mirror (terraform-aws: validate,
//! apply into moto, plan), moto (a Python AWS emulator) and iam-simulate (an
//! IAM policy evaluator, for the access tests). Everything else is in the one integration binary
//! (tests/integration.rs); these are apart because their skips must show.
//!
//! A test whose tool is missing must not pass as if it had run. libtest
//! (the `#[test]` harness) decides what is ignored at compile time only, so
//! a test there can only return early, and its notice is captured unless
//! `--nocapture` is given. This binary has its own `main`
//! (`harness = false` in Cargo.toml) and runs its tests as libtest-mimic
//! trials, which may be ignored at run time with a reason: without the tool
//! a trial reads `test [terraform] ... ignored (terraform is not on PATH;
//! ...)`, counts in the summary's `ignored`, and a line after the summary
//! names each missing tool. `SAGEROLE_REQUIRE_TOOLS=1` (set by .ci/run)
//! makes a missing tool a failure instead. [`tool`] is the one place that
//! decides: a new tool-dependent test is a `Tool::trial` in a module here.

use sagerole::emit::terraform::hcl::{Block, Body, Expr, ObjectKey, TemplatePart};

#[path = "tools/access.rs"]
mod access;
#[path = "tools/moto.rs"]
mod moto;
/// The HCL writer's test documents, shared with its unit tests.
#[path = "../src/emit/terraform/hcl/samples.rs"]
mod samples;
#[allow(dead_code)] // the integration binary's helpers, of which this one uses a few
#[path = "integration/support.rs"]
mod support;
#[path = "tools/terraform.rs"]
mod terraform;
#[path = "tools/terraform_aws.rs"]
mod terraform_aws;
#[path = "tools/tool.rs"]
mod tool;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let tools = [
        &terraform::TERRAFORM,
        &terraform_aws::TERRAFORM_AWS,
        &moto::MOTO,
        &access::IAM_SIMULATE,
    ];
    if let Err(e) = tool::check_requirement(&tools) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
    let mut trials = terraform::trials();
    trials.extend(terraform_aws::trials());
    trials.extend(moto::trials());
    trials.extend(access::trials());
    let conclusion = libtest_mimic::run(&args, trials);
    access::report();
    terraform_aws::report();
    tool::report_skips(&tools);
    conclusion.exit();
}
