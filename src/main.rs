// The CLI allocates and frees millions of small strings at thousands of
// workloads; mimalloc does that in about four fifths of the time of the
// system allocator (scripts/scale.py measures both time and memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    sagerole::cli::exit_after_run();
    sagerole::cli::detect_terminals();
    let code = sagerole::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
