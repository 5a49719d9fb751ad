//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `word`, if it is close enough to be a plausible
/// typo: at most a third of the word's length in edits (and at least 1),
/// ignoring ASCII case. Edits are strsim's optimal string alignment
/// distance: insertions, deletions, substitutions and swaps of two adjacent
/// characters (the usual typos) each count as one. Ties go to the
/// candidate that sorts first, so suggestions do not depend on their order.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_plausible_name() {
        let apis = ["CreateTrainingJob", "CreateProcessingJob", "CreateModel"];
        assert_eq!(
            did_you_mean("CreateTraningJob", apis),
            Some("CreateTrainingJob")
        );
        assert_eq!(did_you_mean("createmodel", apis), Some("CreateModel"));
        assert_eq!(did_you_mean("DeleteEverything", apis), None);
    }

    #[test]
    fn a_swap_of_two_letters_is_one_typo() {
        // "trian" is two substitutions away from "train", but one swap.
        assert_eq!(did_you_mean("trian", ["train", "serve"]), Some("train"));
        // Short words allow one edit only.
        assert_eq!(did_you_mean("ab", ["xy"]), None);
        assert_eq!(did_you_mean("exce", ["exec", "deployer"]), Some("exec"));
    }
}
