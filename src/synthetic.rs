//! Synthetic specs of any size, for benchmarks (`cargo bench`,
//! `scripts/scale.py`) and nothing else.
//!
//! `spec(n)` has `n` training workloads in roles of ten, each role with a
//! caller that passes it and launches its ten workloads, in the shape of a
//! real spec: every workload has its own input and output prefixes and its
//! role's image, so every policy stays within IAM's quotas.

use std::fmt::Write;

/// A valid HCL spec with `n` workloads.
pub fn spec(n: usize) -> String {
    let mut out = String::from("name_prefix = \"bench\"\n");
    for i in 0..n {
        let r = i / 10;
        let _ = write!(
            out,
            "\nworkload \"w{i:05}\" {{\n  api     = \"CreateTrainingJob\"\n  inputs  = [\"s3://bench-data-{r}/train/{i}/\"]\n  outputs = [\"s3://bench-models-{r}/out/{i}/\"]\n  images  = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/team-{r}/img:1\"]\n}}\n"
        );
    }
    for r in 0..n.div_ceil(10) {
        let names: Vec<String> = (r * 10..n.min(r * 10 + 10))
            .map(|i| format!("\"w{i:05}\""))
            .collect();
        let names = names.join(", ");
        let _ = write!(
            out,
            "\nrole \"r{r:04}\" {{\n  workloads = [{names}]\n}}\n\ncaller \"c{r:04}\" {{\n  principal = \"arn:aws:iam::111122223333:role/ci-{r}\"\n  passes    = [\"r{r:04}\"]\n  launches  = [{names}]\n}}\n"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_specs_are_valid_at_every_size() {
        for n in [1, 10, 25] {
            let model = crate::load(&crate::diagnostic::Source::new("s.hcl", super::spec(n)))
                .unwrap_or_else(|d| panic!("{n}: {d:?}"));
            assert_eq!(model.roles.len(), n.div_ceil(10));
            assert_eq!(model.callers.len(), n.div_ceil(10));
            assert!(crate::lint::lint(&model).is_empty());
        }
    }
}
