//! `cargo bench`: parse → model → lint → emit for specs of 10 to 10,000
//! workloads, and `check` over a tree generated from the same spec.
//! `scripts/scale.py` measures the binary's wall time and peak memory.

use sagerole::diagnostic::Source;

const SIZES: &[usize] = &[10, 100, 1_000, 10_000];

// The allocator the binary uses (src/main.rs), so that the numbers agree.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// What `generate` computes before writing: the model, the self-lint and
/// every output file.
#[divan::bench(args = SIZES, sample_count = 5)]
fn generate(bencher: divan::Bencher, n: usize) {
    let source = Source::new("bench.hcl", sagerole::synthetic::spec(n));
    bencher.bench(|| {
        let model = sagerole::load(&source).expect("a valid synthetic spec");
        assert!(sagerole::lint::lint(&model).is_empty());
        sagerole::emit::emit(&model, &sagerole::emit::Settings::new("../bench.hcl")).unwrap()
    });
}

/// `sagerole check` over an up-to-date tree: generate, read and compare.
#[divan::bench(args = SIZES, sample_count = 5)]
fn check(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let spec = dir.path().join("bench.hcl");
    std::fs::write(&spec, sagerole::synthetic::spec(n)).expect("writable");
    let out = dir.path().join("generated");
    let (spec, out) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let run = |args: &[&str]| {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let argv = std::iter::once("sagerole").chain(args.iter().copied());
        sagerole::cli::run(argv, &mut o, &mut e)
    };
    assert_eq!(run(&["generate", spec, "--out", out]), 0);
    bencher.bench(|| assert_eq!(run(&["check", spec, "--out", out, "--color", "never"]), 0));
}
