// The CLI allocates and frees millions of small strings at thousands of
// workloads; mimalloc does that in about four fifths of the time of the
// system allocator (scripts/scale.py measures both time and memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`,
/// mimalloc.h of mimalloc v3, which libmimalloc-sys names no constant for).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // mimalloc hands memory freed for a second back to the system (its
    // purge delay, 1 s in v3); a run is over in about that, and each file
    // written frees buffers of megabytes that a later one allocates again,
    // faulting in fresh pages. Never purging (-1) keeps them for reuse:
    // 61,000 page faults instead of 65,000-92,000 at 10,000 workloads, and
    // the run's memory is given back when it ends.
    // SAFETY: mi_option_set is not thread safe; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    sagerole::cli::exit_after_run();
    sagerole::cli::detect_terminals();
    let code = sagerole::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    /// The option's place is a number only: an update of mimalloc that
    /// moved it would set another option. Of the options around it, only
    /// the purge delay starts at 1000 (milliseconds) in mimalloc v3.
    #[test]
    fn the_purge_delay_option_is_where_main_sets_it() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option has no precondition.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
