//! IAM quotas, and the split of large policies into documents that fit.
//!
//! Sizes are characters without whitespace (IAM User Guide,
//! reference_iam-quotas): a role's inline policies together at most 10,240; a
//! customer managed policy at most 6,144; a trust policy at most 2,048 by
//! default. A role has at most 10 managed policies by default. The trust and
//! attachment limits are settings, since accounts can raise them.
//!
//! A role whose permissions fit inline gets one inline policy. Otherwise its
//! statements are spread over managed policies. The split is deterministic
//! and stable: a statement goes to the part its `Sid`'s hash selects among
//! the fewest parts that fit, so adding a workload moves no existing
//! statement unless the number of parts has to grow.

use std::sync::Arc;

use super::document::{self, Context};
use super::{Attachment, Document, Policy, Statement};

/// The limits a model must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Customer managed policy size; not adjustable.
    pub managed_policy_size: usize,
    /// All inline policies of a role together; not adjustable.
    pub inline_total: usize,
    /// Trust policy size; 2,048 by default, raisable through Service Quotas.
    pub trust_policy_size: usize,
    /// Managed policies attached to one role; 10 by default, raisable to 25.
    pub managed_policies_per_role: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            managed_policy_size: 6_144,
            inline_total: 10_240,
            trust_policy_size: 2_048,
            managed_policies_per_role: 10,
        }
    }
}

/// Why a policy could not be made to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// How many parts the statements needed.
    pub parts: usize,
    pub total_size: usize,
}

/// CloudFormation's limits on one stack (AWS CloudFormation User Guide,
/// "AWS CloudFormation quotas"). None of them can be raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackQuotas {
    /// Resources declared in one template.
    pub resources: usize,
    /// Outputs declared in one template.
    pub outputs: usize,
    /// Parameters declared in one template.
    pub parameters: usize,
    /// Template body, in bytes, when CloudFormation reads it from S3 (what
    /// `aws cloudformation deploy --s3-bucket` uploads).
    pub template_body: usize,
    /// Template body, in bytes, when passed inline in the request
    /// (`--template-body`, or `aws cloudformation deploy` without
    /// `--s3-bucket`). Larger templates need `--s3-bucket`; sagerole never
    /// splits to meet this one, as it would take a template per few roles.
    pub template_body_inline: usize,
    /// Characters in a logical id of a resource, an output or a parameter.
    pub logical_id_length: usize,
    /// Bytes in the template's `Description`.
    pub description_length: usize,
}

impl Default for StackQuotas {
    fn default() -> Self {
        StackQuotas {
            resources: 500,
            outputs: 200,
            parameters: 200,
            template_body: 1_000_000,
            template_body_inline: 51_200,
            logical_id_length: 255,
            description_length: 1_024,
        }
    }
}

/// A 64-bit hash of `s` that is the same on every machine and in every
/// release: FNV-1a, unlike std's `DefaultHasher`, whose algorithm is
/// unspecified and may change between Rust releases. Used where a hash
/// decides where something goes in the output.
pub(crate) fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Document sizes by addition. A policy document serializes as
/// `{"Version":...,"Statement":[` + the statements joined by `,` + `]}`,
/// and each statement serializes on its own, so a document's size is the
/// empty document's plus its statements' plus one per separating comma.
/// Measuring each statement once keeps splitting linear in the statements.
struct Sizer<'a> {
    empty: usize,
    cx: &'a Context,
}

impl<'a> Sizer<'a> {
    fn new(cx: &'a Context) -> Self {
        Sizer {
            empty: document::policy_size(&[], cx),
            cx,
        }
    }

    /// The size a statement adds to a document that holds others.
    fn statement(&self, st: &Statement) -> usize {
        document::statement_size(st, self.cx)
    }

    /// The size of each statement of a policy.
    fn statements(&self, policy: &Policy) -> Vec<usize> {
        policy
            .statements
            .iter()
            .map(|s| self.statement(s))
            .collect()
    }

    /// The size of a document holding statements of these sizes.
    fn document(&self, total: usize, count: usize) -> usize {
        self.empty + total + count.saturating_sub(1)
    }
}

/// Splits a statement whose resources alone overflow a document into several,
/// in resource order, named `<Sid>`, `<Sid>Part2`, ...
#[cfg(test)]
fn chunk(st: &Statement, limit: usize, cx: &Context) -> Vec<Statement> {
    let sizer = Sizer::new(cx);
    if sizer.document(sizer.statement(st), 1) <= limit {
        return vec![st.clone()];
    }
    chunk_oversized(st, limit, &sizer)
}

/// [`chunk`], for a statement that overflows a document on its own.
fn chunk_oversized(st: &Statement, limit: usize, sizer: &Sizer) -> Vec<Statement> {
    if st.resources.len() < 2 {
        return vec![st.clone()];
    }
    let mut out: Vec<Statement> = Vec::new();
    let mut current = Statement {
        resources: Vec::new(),
        ..st.clone()
    };
    for r in &st.resources {
        current.resources.push(r.clone());
        if current.resources.len() > 1 && sizer.document(sizer.statement(&current), 1) > limit {
            let last = current.resources.pop().expect("just pushed");
            out.push(current.clone());
            current.resources = vec![last];
        }
    }
    out.push(current);
    for (i, s) in out.iter_mut().enumerate().skip(1) {
        s.sid = format!("{}Part{}", st.sid, i + 1);
    }
    out
}

/// Spreads statements over few parts (at most `max_parts`) in which each
/// part measures at most `limit`.
///
/// Each statement prefers the part its `Sid`'s hash selects and, when that
/// part is full, takes the next one with room. Statements are placed in `Sid`
/// order, so a new statement leaves every statement before it in place and
/// moves a later one only when it takes the room that one needed. Parts keep
/// their index, so a part that ends up empty is dropped without renumbering
/// the others.
pub fn split(
    policy: &Policy,
    limit: usize,
    max_parts: usize,
    cx: &Context,
) -> Result<Vec<(usize, Policy)>, TooLarge> {
    let sizer = Sizer::new(cx);
    let sizes = sizer.statements(policy);
    Ok(split_measured(policy, &sizes, limit, max_parts, &sizer)?
        .into_iter()
        .map(|(i, part, _)| (i, part))
        .collect())
}

/// [`split`], for statements of the given sizes ([`Sizer::statement`]);
/// each part comes with its size.
fn split_measured(
    policy: &Policy,
    sizes: &[usize],
    limit: usize,
    max_parts: usize,
    sizer: &Sizer,
) -> Result<Vec<(usize, Policy, usize)>, TooLarge> {
    // Each statement carries its position in the policy, so that every part
    // lists its statements in the policy's order. Only a statement that
    // overflows a document on its own is cut up, and its parts measured.
    let mut measured: Vec<(usize, Arc<Statement>, usize)> = Vec::new();
    for (s, &size) in policy.statements.iter().zip(sizes) {
        if sizer.document(size, 1) <= limit {
            measured.push((measured.len(), Arc::clone(s), size));
        } else {
            for p in chunk_oversized(s, limit, sizer) {
                let size = sizer.statement(&p);
                measured.push((measured.len(), Arc::new(p), size));
            }
        }
    }
    measured.sort_by(|a, b| a.1.sid.cmp(&b.1.sid));
    let sizes: Vec<usize> = measured.iter().map(|m| m.2).collect();
    let statements: Vec<(usize, Arc<Statement>)> =
        measured.into_iter().map(|(i, s, _)| (i, s)).collect();
    let total_size = sizer.document(sizes.iter().sum(), sizes.len());
    let most = statements.len().max(1);
    let fewest = total_size.div_ceil(limit).clamp(1, most);
    for k in fewest..=most {
        let Some(parts) = place(&statements, &sizes, sizer, k, limit) else {
            continue;
        };
        if k > max_parts {
            return Err(TooLarge {
                parts: k,
                total_size,
            });
        }
        let mut statements: Vec<Option<(usize, Arc<Statement>)>> =
            statements.into_iter().map(Some).collect();
        return Ok(parts
            .into_iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty())
            .map(|(i, members)| {
                let size = sizer.document(members.iter().map(|&m| sizes[m]).sum(), members.len());
                let mut part: Vec<(usize, Arc<Statement>)> = members
                    .into_iter()
                    .map(|m| statements[m].take().expect("placed once"))
                    .collect();
                part.sort_by_key(|(order, _)| *order);
                // Into a buffer of its own size: a collect would reuse the
                // pairs' buffer, twice as large.
                let mut statements = Vec::with_capacity(part.len());
                statements.extend(part.into_iter().map(|(_, s)| s));
                (i, Policy { statements }, size)
            })
            .collect());
    }
    Err(TooLarge {
        parts: most + 1,
        total_size,
    })
}

/// Places statements (of the given sizes) into `k` parts by hash with
/// linear probing: the indices of each part's statements, or `None` when
/// some statement fits in no part.
fn place(
    statements: &[(usize, Arc<Statement>)],
    sizes: &[usize],
    sizer: &Sizer,
    k: usize,
    limit: usize,
) -> Option<Vec<Vec<usize>>> {
    let mut parts: Vec<Vec<usize>> = vec![Vec::new(); k];
    // (sum of statement sizes, statement count) per part.
    let mut filled = vec![(0usize, 0usize); k];
    for (index, ((_, s), size)) in statements.iter().zip(sizes).enumerate() {
        let home = (stable_hash(&s.sid) % k as u64) as usize;
        let slot = (0..k).map(|step| (home + step) % k).find(|&i| {
            let (total, count) = filled[i];
            sizer.document(total + size, count + 1) <= limit
        })?;
        filled[slot].0 += size;
        filled[slot].1 += 1;
        parts[slot].push(index);
    }
    Some(parts)
}

/// The name of part `part` (from 1) of a policy whose first part is `base`.
pub fn part_name(base: &str, part: usize) -> String {
    if part == 1 {
        base.to_string()
    } else {
        format!("{base}-{part}")
    }
}

/// A role's documents: one inline policy when everything fits, else managed parts.
pub fn role_documents(
    name: &str,
    policy: &Policy,
    q: &Quotas,
    cx: &Context,
) -> Result<Vec<Document>, TooLarge> {
    if policy.statements.is_empty() {
        // Nothing to attach (a role on an AWS managed policy alone).
        return Ok(Vec::new());
    }
    let sizer = Sizer::new(cx);
    let sizes = sizer.statements(policy);
    let inline = sizer.document(sizes.iter().sum(), sizes.len());
    let base = format!("{name}-permissions");
    if inline <= q.inline_total {
        return Ok(vec![Document {
            name: base,
            part: 1,
            attachment: Attachment::Inline,
            policy: policy.clone(),
            size: inline,
        }]);
    }
    managed_parts(
        &base,
        policy,
        &sizes,
        q.managed_policy_size,
        q.managed_policies_per_role,
        &sizer,
    )
}

/// Managed policy parts named after `base`.
pub fn managed_documents(
    base: &str,
    policy: &Policy,
    limit: usize,
    max_parts: usize,
    cx: &Context,
) -> Result<Vec<Document>, TooLarge> {
    let sizer = Sizer::new(cx);
    let sizes = sizer.statements(policy);
    managed_parts(base, policy, &sizes, limit, max_parts, &sizer)
}

/// [`managed_documents`], for statements of the given sizes.
fn managed_parts(
    base: &str,
    policy: &Policy,
    sizes: &[usize],
    limit: usize,
    max_parts: usize,
    sizer: &Sizer,
) -> Result<Vec<Document>, TooLarge> {
    Ok(split_measured(policy, sizes, limit, max_parts, sizer)?
        .into_iter()
        .map(|(i, policy, size)| Document {
            name: part_name(base, i + 1),
            part: i + 1,
            attachment: Attachment::Managed,
            size,
            policy,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Str;
    use crate::model::Why;

    fn statement(sid: &str, resources: usize) -> Statement {
        Statement {
            sid: sid.into(),
            actions: vec!["s3:GetObject".into()],
            resources: (0..resources)
                .map(|i| Str::lit(format!("arn:aws:s3:::bucket-{sid}/prefix-{i:04}/*")))
                .collect(),
            conditions: vec![],
            why: Why {
                serves: vec![],
                reason: String::new(),
                wildcard: None,
                scanner_skips: vec![],
                resource_serves: Default::default(),
                declared: None,
            },
        }
    }

    fn policy(statements: Vec<Statement>) -> Policy {
        Policy {
            statements: statements.into_iter().map(Arc::new).collect(),
        }
    }

    fn measure(statements: &[Arc<Statement>], cx: &Context) -> usize {
        document::policy_size(statements, cx)
    }

    #[test]
    fn the_stable_hash_is_fnv_1a() {
        // Test vectors of the FNV reference (Fowler, Noll and Vo, "FNV Hash",
        // the 64-bit FNV-1a values of "", "a" and "foobar").
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn everything_that_fits_stays_in_one_part() {
        let p = policy(vec![statement("A", 3), statement("B", 3)]);
        let parts = split(&p, 6_144, 10, &Context::longest()).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].1, p);
    }

    #[test]
    fn parts_fit_the_limit_and_keep_every_statement() {
        let p = policy((0..40).map(|i| statement(&format!("S{i}"), 8)).collect());
        let cx = Context::longest();
        let parts = split(&p, 6_144, 25, &cx).unwrap();
        assert!(parts.len() > 1);
        for (_, part) in &parts {
            assert!(measure(&part.statements, &cx) <= 6_144);
        }
        let mut sids: Vec<_> = parts
            .iter()
            .flat_map(|(_, p)| p.statements.iter().map(|s| s.sid.clone()))
            .collect();
        sids.sort();
        let mut expected: Vec<_> = p.statements.iter().map(|s| s.sid.clone()).collect();
        expected.sort();
        assert_eq!(sids, expected);
    }

    #[test]
    fn documents_carry_the_size_of_their_statements() {
        let cx = Context::longest();
        let huge = statement("Huge", 400);
        let mut statements: Vec<Statement> =
            (0..40).map(|i| statement(&format!("S{i}"), 8)).collect();
        statements.push(huge);
        let docs = managed_documents("base", &policy(statements), 6_144, 25, &cx).unwrap();
        assert!(docs.len() > 1);
        for d in &docs {
            assert_eq!(d.size, measure(&d.policy.statements, &cx), "{}", d.name);
        }
        let small = policy(vec![statement("A", 3)]);
        let q = Quotas::default();
        let inline = role_documents("r", &small, &q, &cx).unwrap();
        assert_eq!(inline[0].attachment, Attachment::Inline);
        assert_eq!(inline[0].size, measure(&small.statements, &cx));
        assert!(Arc::ptr_eq(
            &inline[0].policy.statements[0],
            &small.statements[0]
        ));
    }

    #[test]
    fn adding_a_statement_moves_no_other_while_the_part_count_holds() {
        let cx = Context::longest();
        let base: Vec<Statement> = (0..30).map(|i| statement(&format!("S{i}"), 6)).collect();
        let before = split(&policy(base.clone()), 6_144, 25, &cx).unwrap();
        let mut more = base;
        more.push(statement("Extra", 1));
        let after = split(&policy(more), 6_144, 25, &cx).unwrap();
        assert_eq!(
            before.len(),
            after.len(),
            "the test needs the part count to hold"
        );
        let home = |parts: &[(usize, Policy)], sid: &str| {
            parts
                .iter()
                .find(|(_, p)| p.statements.iter().any(|s| s.sid == sid))
                .map(|(i, _)| *i)
        };
        for i in 0..30 {
            let sid = format!("S{i}");
            assert_eq!(home(&before, &sid), home(&after, &sid), "{sid} moved");
        }
    }

    #[test]
    fn an_oversized_statement_is_cut_by_resources() {
        let cx = Context::longest();
        let big = statement("Huge", 400);
        let parts = chunk(&big, 6_144, &cx);
        assert!(parts.len() > 1);
        assert_eq!(parts[0].sid, "Huge");
        assert_eq!(parts[1].sid, "HugePart2");
        assert_eq!(parts.iter().map(|p| p.resources.len()).sum::<usize>(), 400);
        assert!(parts
            .iter()
            .all(|p| measure(&[Arc::new(p.clone())], &cx) <= 6_144));
    }

    #[test]
    fn too_many_parts_is_an_error_with_the_sizes() {
        let p = policy((0..40).map(|i| statement(&format!("S{i}"), 8)).collect());
        let err = split(&p, 6_144, 1, &Context::longest()).unwrap_err();
        assert!(err.parts > 1 && err.total_size > 6_144);
    }
}
