//! Policy construction: validated workloads → roles, trust and statements.
//!
//! Every statement is created here, with the workloads it serves and the AWS
//! requirement it answers. Statements with the same `Sid` merge (their
//! resources, condition values and workloads are unioned), so a role that
//! serves several workloads gets one statement per purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::document::{self, Context};
use super::draft::{
    role_holder, role_of, role_passed_at_launch, CallerDraft, Declared, GroupRef, RoleDraft,
    Workload,
};
use super::names::{aws_name, name_patterns, names_of, pascal, JobNames};
use super::quota::{self, Quotas};
use super::resource::{KmsKey, Named, S3Location};
use super::value::{Ctx, DeclaredInput, Input, Part, Regions, Str};
use super::wildcard::{Pattern, PatternText, Sieve};
use super::{AwsManagedPolicy, GroupPolicy, Guard, SharedStatement};
use super::{
    Caller, Condition, Guardrails, Model, Policy, Role, RoleRef, Statement, Trust, TrustMode, Why,
};
use super::{StudioDomain, StudioIdentity, StudioKind};
use crate::catalog::guardrails::GuardValue;
use crate::catalog::model_registry::SHARED_VERSION_ACTIONS;
use crate::catalog::pipeline_steps::StepJobNames;
use crate::catalog::{
    log_group_resource, CallerAction, CallerKind, Field, Follow, ImageUse, LogGroup, LookupScope,
    OutputUse, RequestKey, RunsUnder, Sharing, TrustScope, VolumeKey,
};
use crate::diagnostic::{Diagnostic, Kind};

/// The service principal of SageMaker execution roles (execution-roles page,
/// "Passing Roles").
pub const SAGEMAKER_SERVICE: &str = "sagemaker.amazonaws.com";

/// The model of proven drafts, its policies built but not yet fitted to
/// IAM's quotas ([`finish`]), with no inputs declared.
pub(super) fn model(
    prefix: String,
    guardrails: Guardrails,
    quotas: Quotas,
    regions: Regions,
    workloads: &BTreeMap<String, Workload>,
    roles: &[RoleDraft],
    callers: &[CallerDraft],
) -> Model {
    let roles_drafts = roles;
    let held = held(workloads);
    let spec_named = spec_named(workloads, callers);
    let pipeline_named = pipeline_named(workloads);
    let names = Names {
        prefix: &prefix,
        path: &guardrails.path,
        regions: &regions,
        spec_named: &spec_named,
        pipeline_named: &pipeline_named,
        trust_limit: quotas.trust_policy_size,
        role_names: &roles
            .iter()
            .map(|d| (d.key.clone(), d.name.clone()))
            .collect(),
    };
    let roles: Vec<Role> = roles
        .iter()
        .map(|d| role(&names, d, roles, workloads, &held))
        .collect();
    let callers = callers
        .iter()
        .map(|c| caller(&names, c, workloads))
        .collect();
    let studio = studio(workloads, roles_drafts);
    let role_sources = role_sources(&prefix, workloads);
    let group_policies = group_policies(&prefix, &regions, workloads);
    Model {
        name_prefix: prefix,
        guardrails,
        quotas,
        regions,
        roles,
        callers,
        studio,
        role_sources,
        declared_inputs: Vec::new(),
        group_policies,
    }
}

/// Declares the spec's inputs in a built model, makes the references to
/// them its values' input parts, and fits its documents to IAM's quotas,
/// measured with each input's longest value.
pub(super) fn finish(
    model: &mut Model,
    declared_inputs: Vec<DeclaredInput>,
) -> Result<(), Vec<Diagnostic>> {
    model.declared_inputs = declared_inputs;
    super::inputs::resolve(model);
    fit_quotas(model)
}

/// [`Model::role_sources`]: for each workload whose create call takes a
/// role, one resource its launcher's create call makes, named as the
/// launcher's grants name it ([`name_patterns`]): of its job kind or one of
/// them where the confused-deputy page gives the `aws:SourceArn` form, the
/// resource it creates where the page allows only the account-wide form
/// (inference, Studio: an ARN of the account's own resources); `None` for
/// the APIs off the page's list, whose `aws:SourceArn` AWS does not
/// document.
fn role_sources(
    prefix: &str,
    workloads: &BTreeMap<String, Workload>,
) -> BTreeMap<String, Option<String>> {
    workloads
        .values()
        .filter(|w| w.api.runs_under == RunsUnder::OwnRole)
        .map(|w| {
            let name = aws_name(prefix, w.resource_base());
            let source = match w.api.trust {
                TrustScope::JobKind { one: Some(one), .. } => Some(one.replace("{name}", &name)),
                TrustScope::JobKind { kind, one: None } => Some(kind.replace('*', &name)),
                TrustScope::AccountWide => w
                    .api
                    .create
                    .first()
                    .and_then(|c| c.resource_types.first())
                    .map(|t| crate::catalog::resource_pattern(t, &name)),
                TrustScope::SourceAccountOnly => None,
            };
            // A pattern's wildcards stand for some id or execution.
            (w.name.clone(), source.map(|s| s.replace('*', "x")))
        })
        .collect()
}

/// [`Model::group_policies`]: a resource policy for each model package
/// group with `consumers`, naming the group's versions as the consumers'
/// grants name them (a model's `model_package_group` ARN), in each of the
/// spec's regions.
fn group_policies(
    prefix: &str,
    regions: &Regions,
    workloads: &BTreeMap<String, Workload>,
) -> Vec<GroupPolicy> {
    workloads
        .values()
        .filter(|w| !w.consumers.is_empty())
        .map(|w| {
            // The policy is the group's own: it names that group exactly,
            // not the `<group>-*` names a launcher's grants also cover.
            let group = aws_name(prefix, w.resource_base());
            let principals = w
                .consumers
                .iter()
                .map(|a| Str::arn("iam", "", Ctx::Fixed(a.clone()), "root"))
                .collect();
            GroupPolicy {
                workload: w.name.clone(),
                principals,
                statements: vec![SharedStatement {
                    sid: "ShareModelPackages",
                    actions: SHARED_VERSION_ACTIONS,
                    resources: regions.arns("sagemaker", &format!("model-package/{group}/*")),
                }],
                group,
            }
        })
        .collect()
}

/// Who in each Studio domain runs under which role.
fn studio(workloads: &BTreeMap<String, Workload>, roles: &[RoleDraft]) -> Vec<StudioDomain> {
    let mut out = Vec::new();
    for d in workloads.values().filter(|w| w.api.creates("domain")) {
        let Some(domain_role) = role_of(&d.name, roles, workloads) else {
            continue;
        };
        let mut identities = Vec::new();
        for w in workloads
            .values()
            .filter(|w| w.domain.as_deref() == Some(d.name.as_str()))
            .filter(|w| w.api.creates("user-profile") || w.api.creates("space"))
        {
            let Some(role) = role_of(&w.name, roles, workloads) else {
                continue;
            };
            let kind = if w.api.creates("user-profile") {
                if role == domain_role {
                    StudioKind::ProfileInheriting
                } else {
                    StudioKind::ProfileWithOwnRole
                }
            } else if w.sharing == Some(Sharing::Private) {
                StudioKind::PrivateSpace
            } else {
                StudioKind::SharedSpace
            };
            identities.push(StudioIdentity {
                name: w.name.clone(),
                kind,
                role: role.to_string(),
                owner: w.owner.clone(),
            });
        }
        out.push(StudioDomain {
            name: d.name.clone(),
            role: domain_role.to_string(),
            identities,
            associate: d.associate,
        });
    }
    out
}

/// Splits every policy into documents within IAM's quotas, or reports which
/// role or caller cannot fit, with the sizes and the limit.
fn fit_quotas(model: &mut Model) -> Result<(), Vec<Diagnostic>> {
    let cx = Context::longest();
    let q = model.quotas;
    let mut problems = Vec::new();
    // Each listed region repeats every regional ARN (one per region).
    let regions_help = match &model.regions {
        Regions::Listed(r) if r.len() > 1 => {
            "; each region in `regions` repeats the regional ARNs, so fewer regions, or none listed (every region), take less room"
        }
        _ => "",
    };
    for r in &mut model.roles {
        let trust = document::trust_size(&r.trust, &cx);
        // An existing role's trust policy is its owner's, not the output's.
        if trust > q.trust_policy_size && r.existing.is_none() {
            problems.push(
                Diagnostic::error(
                    Kind::Quota,
                    format!("role {:?}", r.key),
                    None,
                    format!(
                        "the trust policy of role {} is {trust} characters; the limit is {}",
                        r.name, q.trust_policy_size
                    ),
                )
                .with_help(format!("raise quotas.trust_policy_size if your account's quota is higher (up to 4,096 through Service Quotas){regions_help}")),
            );
        }
        let room = quota::Quotas {
            managed_policies_per_role: q
                .managed_policies_per_role
                .saturating_sub(r.aws_managed.len()),
            ..q
        };
        // An existing role's policies are named as those of the role the
        // output would create: the name is a literal, whatever role the
        // input names.
        let stem = match r.existing {
            Some(_) => aws_name(&model.name_prefix, &r.key),
            None => r.name.clone(),
        };
        match quota::role_documents(&stem, &r.policy, &room, &cx) {
            Ok(docs) => r.documents = docs,
            Err(e) => problems.push(
                Diagnostic::error(
                    Kind::Quota,
                    format!("role {:?}", r.key),
                    None,
                    format!(
                        "the permissions of role {} are {} characters; they need {} managed policies of at most {} characters, and the limit is {} per role",
                        r.name, e.total_size, e.parts, q.managed_policy_size, q.managed_policies_per_role
                    ),
                )
                .with_help(format!("split the role's workloads over more roles, or raise quotas.managed_policies_per_role (accounts can raise it to 25){regions_help}")),
            ),
        }
    }
    for c in &mut model.callers {
        // A caller's policies are attached to a principal that may hold other
        // policies; sagerole can only promise that each one fits.
        let base = format!("{}-caller", aws_name(&model.name_prefix, &c.key));
        let (limit, max) = (q.managed_policy_size, q.managed_policies_per_role);
        match quota::managed_documents(&base, &c.policy, limit, max, &cx) {
            Ok(docs) => c.documents = docs,
            Err(e) => problems.push(
                Diagnostic::error(
                    Kind::Quota,
                    format!("caller {:?}", c.key),
                    None,
                    format!(
                        "the permissions of caller {} are {} characters; they need {} managed policies of at most {limit} characters, more than {max}",
                        c.key, e.total_size, e.parts
                    ),
                )
                .with_help(format!("split the workloads over more callers{regions_help}")),
            ),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Every workload by the workload whose role it runs under: itself, or its
/// host (batch transform, spaces, apps), each list in name order.
type Held<'a> = BTreeMap<&'a str, Vec<&'a Workload>>;

fn held(workloads: &BTreeMap<String, Workload>) -> Held<'_> {
    let mut out: Held = BTreeMap::new();
    for w in workloads.values() {
        if let Some(h) = role_holder(&w.name, workloads) {
            out.entry(h).or_default().push(w);
        }
    }
    out
}

/// The workloads whose jobs run under a role: its own, and those that run
/// under one of them, in name order.
fn served<'a>(draft: &RoleDraft, held: &Held<'a>) -> Vec<&'a Workload> {
    let mut out: Vec<&Workload> = draft
        .workloads
        .iter()
        .filter_map(|w| held.get(w.as_str()))
        .flatten()
        .copied()
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Where a statement goes in its policy: by purpose, then by the workload it
/// belongs to (for per-workload statements), then by Sid.
type Position = (u8, String);

/// The position of the statements a spec declares: after every generated one.
const DECLARED: u8 = u8::MAX;

/// Statements keyed by (position, Sid); same key, same statement.
#[derive(Default)]
struct Builder {
    statements: BTreeMap<(Position, String), Statement>,
    /// The names the statements serve, shared between them ([`Why::serves`]).
    names: ServedNames,
}

/// The workload and role names of one policy's statements, each one text
/// that the statements serving it share: a copy per statement held 290,000
/// strings at 10,000 workloads. Statements are added workload by workload,
/// so the name asked for last is the one shared; a set of every name,
/// looked up each time, cost 1.5% more instructions of generate at 1,000
/// workloads than copying the names had.
#[derive(Default)]
struct ServedNames {
    last: Option<Arc<str>>,
}

impl ServedNames {
    fn get(&mut self, name: &str) -> Arc<str> {
        match &self.last {
            Some(last) if **last == *name => Arc::clone(last),
            _ => Arc::clone(self.last.insert(Arc::from(name))),
        }
    }
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        order: Position,
        sid: String,
        actions: &[&str],
        resources: impl IntoIterator<Item = Str>,
        conditions: Vec<Condition>,
        serves: &str,
        reason: &str,
        wildcard: Option<&str>,
    ) {
        use std::collections::btree_map::Entry;
        // In order, each resource mostly goes after the statement's last
        // one, told by one comparison ([`place`]).
        let mut resources: Vec<Str> = resources.into_iter().collect();
        resources.sort_unstable();
        // Most calls add to a statement that exists; its key's text is then
        // only compared, and no name is copied unless it is new. A new
        // statement's lists are made as long as this call fills them: most
        // statements serve one workload, and each list grown from empty
        // took room for four items (a condition's list 288 bytes for one),
        // held until the output is written.
        let names = &mut self.names;
        let s = match self.statements.entry((order, sid)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let sid = e.key().1.clone();
                e.insert(Statement {
                    sid,
                    actions: Vec::with_capacity(actions.len()),
                    resources: Vec::with_capacity(resources.len()),
                    conditions: Vec::with_capacity(conditions.len()),
                    why: Why {
                        serves: Vec::with_capacity(1),
                        reason: reason.to_string(),
                        wildcard: wildcard.map(str::to_string),
                        scanner_skips: Vec::new(),
                        resource_serves: Vec::new(),
                        declared: None,
                    },
                })
            }
        };
        // Most calls add the same actions again.
        if !s.actions.iter().eq(actions) {
            for a in actions {
                union_text(&mut s.actions, a);
            }
        }
        // Which workload each resource is for, kept only once a second
        // workload shares the statement: until then every resource serves
        // the one in `serves` (`Why::serves_of`).
        let shared =
            !s.why.resource_serves.is_empty() || s.why.serves.iter().any(|w| **w != *serves);
        if shared {
            if s.why.resource_serves.is_empty() {
                s.why.resource_serves = vec![s.why.serves.clone(); s.resources.len()];
            }
            for r in resources {
                match place(&s.resources, |x| x.cmp(&r)) {
                    Ok(at) => union_name(&mut s.why.resource_serves[at], serves, names),
                    Err(at) => {
                        s.resources.insert(at, r);
                        s.why.resource_serves.insert(at, vec![names.get(serves)]);
                    }
                }
            }
        } else {
            union(&mut s.resources, resources);
        }
        union_name(&mut s.why.serves, serves, names);
        for c in conditions {
            match s
                .conditions
                .iter_mut()
                .find(|x| x.operator == c.operator && x.key == c.key)
            {
                // Most calls add the same values again.
                Some(existing) if existing.values == c.values => {}
                Some(existing) => union(&mut existing.values, c.values),
                None => {
                    s.conditions.push(c);
                    s.conditions.sort();
                }
            }
        }
    }

    /// Adds the statements a role or caller block declares, after all of
    /// sagerole's, each as written, serving `serves`. Their Sids start with
    /// `Declared`, which no generated statement's does, so they never merge
    /// with one.
    fn declare(&mut self, declared: &[Declared], serves: &[String]) {
        for d in declared {
            let sid = format!("Declared{}", pascal(&d.name));
            let statement = Statement {
                sid: sid.clone(),
                actions: d.actions.clone(),
                resources: d.resources.clone(),
                conditions: d.conditions.clone(),
                why: Why {
                    serves: serves.iter().map(|w| self.names.get(w)).collect(),
                    reason: format!(
                        "declared in the spec (statement {:?}): {}",
                        d.name, d.reason
                    ),
                    wildcard: d.wildcard.clone(),
                    scanner_skips: Vec::new(),
                    resource_serves: Vec::new(),
                    declared: Some(d.name.clone()),
                },
            };
            self.statements
                .insert(((DECLARED, d.name.clone()), sid), statement);
        }
    }

    /// Records scanner checks that flag a statement for what AWS requires.
    fn skip_scanner_checks(&mut self, sid: &str, checks: &[&str]) {
        for ((_, s), st) in self.statements.iter_mut() {
            if s == sid {
                union(
                    &mut st.why.scanner_skips,
                    checks.iter().map(|c| c.to_string()),
                );
            }
        }
    }

    fn finish(self) -> Policy {
        let mut statements: Vec<Statement> = self.statements.into_values().collect();
        drop_covered_grants(&mut statements);
        // Not `into_iter().map(Arc::new).collect()`: that collect reuses
        // the buffer of the statements themselves, 30 times the size of
        // the pointers, and each policy held that buffer until the end
        // (8 MB of the model at 10,000 workloads).
        let mut shared = Vec::with_capacity(statements.len());
        shared.extend(statements.into_iter().map(Arc::new));
        Policy { statements: shared }
    }
}

/// Merges duplicate grants (issue 14): a resource that another resource of
/// the same statement covers (`b/train/*` beside `b/*`), or that a resource
/// of another statement covers which allows every one of its actions under
/// the same conditions (the same PassRole twice), is dropped, and its
/// workloads are recorded on the statement that keeps the grant; a
/// statement left with no resource goes. Of two equal grants the first
/// stays.
fn drop_covered_grants(statements: &mut Vec<Statement>) {
    let n = statements.len();
    // Whether one statement allows every action of another is settled
    // once for each pair of distinct action lists, and asked only of
    // statements with equal conditions: a policy repeats a few action lists
    // and condition sets over many statements (a caller's `Create…` and
    // `Manage…` statements, one per workload), and matching the actions of
    // every pair of statements took most of the merge's instructions (with
    // reading the resources) at 1,000 workloads.
    let (action_class, action_lists) =
        classes(&statements.iter().map(|s| &s.actions).collect::<Vec<_>>());
    let (condition_class, condition_sets) =
        classes(&statements.iter().map(|s| &s.conditions).collect::<Vec<_>>());
    // Each list's actions read once as patterns: finding an action's
    // wildcards again for each pair of lists cost 18 million instructions
    // at 10,000 workloads.
    let mut lowered: Vec<Option<Vec<Pattern>>> = vec![None; action_lists];
    for (s, &c) in statements.iter().zip(&action_class) {
        lowered[c].get_or_insert_with(|| {
            s.actions
                .iter()
                .map(|a| Pattern::new(a.to_ascii_lowercase()))
                .collect()
        });
    }
    let lowered: Vec<Vec<Pattern>> = lowered.into_iter().map(Option::unwrap_or_default).collect();
    let mut allows_memo: Vec<Option<bool>> = vec![None; action_lists * action_lists];
    let mut allows = |a: usize, b: usize| {
        *allows_memo[a * action_lists + b].get_or_insert_with(|| {
            lowered[b]
                .iter()
                .all(|x| lowered[a].iter().any(|y| y.matches(x.as_str())))
        })
    };
    // A declared statement is kept as the spec writes it: it neither takes
    // a generated grant's resources (which would then show the user's
    // reason) nor gives up its own.
    let mut same_conditions: Vec<Vec<usize>> = vec![Vec::new(); condition_sets];
    for (i, s) in statements.iter().enumerate() {
        if s.why.declared.is_none() {
            same_conditions[condition_class[i]].push(i);
        }
    }
    // For each statement, from `starts[i]`: the statements that allow all
    // of its actions under the same conditions, in policy order, and
    // whether it covers them back.
    let mut starts = Vec::with_capacity(n + 1);
    let mut coverers: Vec<(usize, bool)> = Vec::new();
    for i in 0..n {
        starts.push(coverers.len());
        if statements[i].why.declared.is_some() {
            continue;
        }
        for &j in &same_conditions[condition_class[i]] {
            if allows(action_class[j], action_class[i]) {
                coverers.push((j, j == i || allows(action_class[i], action_class[j])));
            }
        }
    }
    starts.push(coverers.len());
    // Only the resources of statements that meet another, or hold more
    // than one, are compared, and only those are written out.
    let mut compared = vec![false; n];
    for i in 0..n {
        for &(j, _) in &coverers[starts[i]..starts[i + 1]] {
            if j != i {
                compared[i] = true;
                compared[j] = true;
            } else if statements[i].resources.len() > 1 {
                compared[i] = true;
            }
        }
    }
    let symbols = Symbols::new();
    let mut texts: Vec<Vec<Pattern>> = statements
        .iter()
        .zip(&compared)
        .map(|(s, &compared)| {
            if !compared {
                return Vec::new();
            }
            s.resources.iter().map(|r| symbols.pattern(r)).collect()
        })
        .collect();
    // Each pattern's sieve beside it, and each statement's floor, taken
    // before any resource goes: a floor of more patterns is lower, so it
    // still turns away only what no pattern left matches. The sieves,
    // apart from the texts, are what the search below reads of nearly
    // every pair it tries (it read each whole pattern before, 35
    // instructions a pair, 120 million at 10,000 workloads).
    let mut sieves: Vec<Vec<Sieve>> = texts
        .iter()
        .map(|t| t.iter().map(Pattern::sieve).collect())
        .collect();
    let floors: Vec<Sieve> = sieves.iter().map(Sieve::floor).collect();
    for i in (0..n).filter(|&i| compared[i]) {
        let coverers = &coverers[starts[i]..starts[i + 1]];
        let mut r = 0;
        while r < texts[i].len() {
            let text = &texts[i][r];
            // The covering grant: an earlier resource or statement when two
            // are equal, any other when it covers more.
            let keeper = coverers.iter().find_map(|&(j, mutual)| {
                if !floors[j].admits(text) {
                    return None;
                }
                let mut from = 0;
                while let Some(k) = Sieve::first_admitting(&sieves[j], from, text) {
                    from = k + 1;
                    // A `?` would take a wildcard of the other text for one
                    // character: no pattern with one covers.
                    let q = &texts[j][k];
                    if (j == i && k == r) || q.has_any_one() || !q.matches(text.as_str()) {
                        continue;
                    }
                    let before = j < i || (j == i && k < r);
                    // Equal: each matches the other's text.
                    if before || !mutual || !text.matches(q.as_str()) {
                        return Some((j, k));
                    }
                }
                None
            });
            let Some((j, mut k)) = keeper else {
                r += 1;
                continue;
            };
            // A keeper after the dropped resource in the same statement
            // moves up one place with the removal.
            if j == i && k > r {
                k -= 1;
            }
            texts[i].remove(r);
            sieves[i].remove(r);
            statements[i].resources.remove(r);
            let serves = if statements[i].why.resource_serves.is_empty() {
                statements[i].why.serves.clone()
            } else {
                statements[i].why.resource_serves.remove(r)
            };
            let keep = &mut statements[j];
            let mut names = keep.why.serves_of(k).to_vec();
            for w in &serves {
                union_shared(&mut names, w);
            }
            if keep.why.resource_serves.is_empty() && names != keep.why.serves {
                keep.why.resource_serves = vec![keep.why.serves.clone(); keep.resources.len()];
            }
            for w in &names {
                union_shared(&mut keep.why.serves, w);
            }
            if !keep.why.resource_serves.is_empty() {
                keep.why.resource_serves[k] = names;
            }
        }
    }
    statements.retain(|s| !s.resources.is_empty());
}

/// The symbols of the deploying partition and account, each read once as
/// a piece of a pattern, for the patterns of a policy's resources.
struct Symbols {
    partition: PatternText,
    account: PatternText,
}

impl Symbols {
    fn new() -> Self {
        let read = |part: Part| {
            let mut piece = PatternText::default();
            piece.push_str(&part.to_string());
            piece
        };
        Symbols {
            partition: read(Part::Partition),
            account: read(Part::Account),
        }
    }

    /// The pattern of a resource's [`Str::symbolic`] text.
    fn pattern(&self, resource: &Str) -> Pattern {
        let mut text = PatternText::with_capacity(resource.symbolic_size());
        for p in &resource.0 {
            match p {
                Part::Lit(s) => text.push_str(s),
                Part::Partition => text.push_text(&self.partition),
                Part::Account => text.push_text(&self.account),
                Part::Input(_) => text.push_str(&p.to_string()),
            }
        }
        text.into_pattern()
    }
}

/// Sorted, de-duplicated union into a sorted, de-duplicated vector.
fn union<T: Ord>(into: &mut Vec<T>, more: impl IntoIterator<Item = T>) {
    debug_assert!(into.is_sorted());
    for item in more {
        if let Err(at) = place(into, |x| x.cmp(&item)) {
            into.insert(at, item);
        }
    }
}

/// Puts the item that `cmp` orders the elements against into the sorted
/// `into`, made by `make` only when it is not there yet.
fn insert_new<T: Ord>(
    into: &mut Vec<T>,
    cmp: impl Fn(&T) -> std::cmp::Ordering,
    make: impl FnOnce() -> T,
) {
    debug_assert!(into.is_sorted());
    if let Err(at) = place(into, cmp) {
        into.insert(at, make());
    }
}

/// [`union`] of one text, copied only when it is new.
fn union_text(into: &mut Vec<String>, text: &str) {
    insert_new(into, |x| x.as_str().cmp(text), || text.to_string());
}

/// [`union_text`] of a name, shared with the policy's other statements.
fn union_name(into: &mut Vec<Arc<str>>, name: &str, names: &mut ServedNames) {
    insert_new(into, |x| (**x).cmp(name), || names.get(name));
}

/// [`union_name`] of a name already shared.
fn union_shared(into: &mut Vec<Arc<str>>, name: &Arc<str>) {
    insert_new(into, |x| x.cmp(name), || Arc::clone(name));
}

/// Where an item goes in a sorted vector, as [`slice::binary_search_by`]
/// tells it (`cmp` orders an element against the item), asking the last
/// element first: a policy's items mostly come in order (the workloads by
/// name, each one's resources sorted) or again, and one comparison of two
/// ARNs takes a few hundred instructions.
fn place<T>(sorted: &[T], cmp: impl Fn(&T) -> std::cmp::Ordering) -> Result<usize, usize> {
    use std::cmp::Ordering;
    match sorted.last().map(&cmp) {
        None | Some(Ordering::Less) => Err(sorted.len()),
        Some(Ordering::Equal) => Ok(sorted.len() - 1),
        Some(Ordering::Greater) => sorted.binary_search_by(cmp),
    }
}

/// The class of each key, equal keys in one class, and how many classes
/// there are.
fn classes<K: Ord>(keys: &[K]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut class = vec![0; keys.len()];
    let mut count = 0;
    for (at, &i) in order.iter().enumerate() {
        if at == 0 || keys[order[at - 1]] != keys[i] {
            count += 1;
        }
        class[i] = count - 1;
    }
    (class, count)
}

fn cond(operator: &str, key: &str, values: impl IntoIterator<Item = Str>) -> Condition {
    let mut values: Vec<Str> = values.into_iter().collect();
    values.sort();
    values.dedup();
    Condition {
        operator: operator.into(),
        key: key.into(),
        values,
    }
}

/// Drops every prefix that another prefix in the set already covers: a grant
/// on `train/` makes one on `train/2024/` redundant.
fn minimal_prefixes<'a>(prefixes: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    prefixes
        .iter()
        .filter(|p| !prefixes.iter().any(|q| q != *p && p.starts_with(q)))
        .copied()
        .collect()
}

/// Prefixes a role lists, by bucket, with the workloads that list them.
struct Listed<'a>(BTreeMap<&'a str, (BTreeSet<&'a str>, BTreeSet<&'a str>)>);

impl<'a> Listed<'a> {
    fn new() -> Self {
        Listed(BTreeMap::new())
    }

    fn add(&mut self, l: &'a S3Location, workload: &'a str) {
        let e = self.0.entry(&l.bucket).or_default();
        e.0.insert(&l.prefix);
        e.1.insert(workload);
    }
}

/// One `s3:ListBucket` statement per bucket, Sid `<stem><Bucket>`. A
/// whole-bucket location lists the whole bucket; otherwise listing is
/// limited to the prefixes with s3:prefix (Service Authorization Reference,
/// Amazon S3: ListBucket).
fn list_statements(b: &mut Builder, order: u8, stem: &str, listed: &Listed, reason: &str) {
    let mut sids: BTreeMap<String, &str> = BTreeMap::new();
    for (bucket, (prefixes, names)) in &listed.0 {
        let mut sid = format!("{stem}{}", pascal(bucket));
        if sids.get(&sid).is_some_and(|other| other != bucket) {
            sid = format!("{sid}{}", stable_tag(bucket));
        }
        sids.insert(sid.clone(), bucket);
        let prefixes = minimal_prefixes(prefixes);
        let conditions = if prefixes.contains("") {
            Vec::new()
        } else {
            vec![cond(
                "StringLike",
                "s3:prefix",
                prefixes.iter().map(|p| Str::lit(format!("{p}*"))),
            )]
        };
        // The statement takes the conditions with its first workload; the
        // same values again would change nothing.
        let mut conditions = Some(conditions);
        let arn = Str::arn("s3", "", Ctx::Empty, bucket);
        for n in names {
            b.add(
                (order, String::new()),
                sid.clone(),
                &["s3:ListBucket"],
                [arn.clone()],
                conditions.take().unwrap_or_default(),
                n,
                reason,
                None,
            );
        }
    }
}

/// How a key in an S3 URI selects objects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// Every object under the key prefix (`S3Prefix` data sources, output paths).
    Prefix,
    /// A key that does not end in `/` names one object (a `ModelDataUrl` such as
    /// `model.tar.gz`); one ending in `/` is still a prefix.
    ObjectOrPrefix,
}

fn s3_objects(locations: &[&S3Location], keys: Keys) -> Vec<Str> {
    let mut by_bucket: BTreeMap<&str, BTreeSet<&S3Location>> = BTreeMap::new();
    for l in locations {
        by_bucket.entry(&l.bucket).or_default().insert(l);
    }
    let exact = |l: &S3Location| keys == Keys::ObjectOrPrefix && l.names_object();
    let mut out = Vec::new();
    for (b, all) in by_bucket {
        let prefixes: BTreeSet<&str> = all
            .iter()
            .filter(|l| !exact(l))
            .map(|l| l.prefix.as_str())
            .collect();
        let prefixes = minimal_prefixes(&prefixes);
        for l in all.iter().filter(|l| exact(l)) {
            if !prefixes.iter().any(|p| l.prefix.starts_with(p)) {
                out.push(Str::arn(
                    "s3",
                    "",
                    Ctx::Empty,
                    &[b, "/", &l.prefix].concat(),
                ));
            }
        }
        out.extend(
            prefixes
                .iter()
                .map(|p| Str::arn("s3", "", Ctx::Empty, &[b, "/", p, "*"].concat())),
        );
    }
    out
}

/// The Studio domain keys a workload's role uses: its own `kms.volume` where
/// the API's volume key is a domain key (CreateDomain's `KmsKeyId`), and the
/// domain's when the workload runs in one (a user profile, space or app
/// names its `domain`).
fn studio_keys<'a>(w: &'a Workload, workloads: &'a BTreeMap<String, Workload>) -> Vec<&'a KmsKey> {
    let own = (w.api.volume_key == VolumeKey::StudioDomain).then_some(&w.kms.volume);
    let domain = w
        .domain
        .as_deref()
        .and_then(|d| workloads.get(d))
        .filter(|d| d.api.volume_key == VolumeKey::StudioDomain)
        .map(|d| &d.kms.volume);
    own.into_iter().chain(domain).flatten().collect()
}

/// The ARNs a policy names a CloudWatch Logs group by, for the actions on
/// the group: in each of the spec's regions, in the form IAM evaluates
/// ([`log_group_resource`]). Every log grant is built here and in
/// [`log_stream_arns`], so the form is decided once.
fn log_group_arns(group: &str, regions: &Regions) -> Vec<Str> {
    regions.arns("logs", &log_group_resource(group))
}

/// The ARNs of the streams `stream` (a name or pattern) of a log group, in
/// each of the spec's regions.
fn log_stream_arns(group: &str, stream: &str, regions: &Regions) -> Vec<Str> {
    let resource = ["log-group:", group, ":log-stream:", stream].concat();
    regions.arns("logs", &resource)
}

/// Log groups whose streams the service names: the groups, and any stream
/// of each.
fn groups_any_stream<'g>(
    groups: impl Iterator<Item = &'g str> + Clone,
    regions: &Regions,
) -> (Vec<Str>, Vec<Str>) {
    (
        groups
            .clone()
            .flat_map(|g| log_group_arns(g, regions))
            .collect(),
        groups
            .flat_map(|g| log_stream_arns(g, "*", regions))
            .collect(),
    )
}

/// A workload's log groups and the streams its jobs write (SageMaker
/// Developer Guide, "CloudWatch Logs for Amazon SageMaker AI"): job kinds
/// share one group and name their streams after the job
/// (`[training-job-name]/algo-...`, `[processing-job-name]/...`,
/// `[transform-job-name]/...`, `[compilation-job-name]` alone), so the
/// streams are scoped to the workload's job names ([`name_patterns`]), alone
/// or followed by `/`; an endpoint has a group of its own whose streams are
/// named after its variants; the others' streams are the service's to name.
fn workload_logs(group: LogGroup, job_names: &JobNames, regions: &Regions) -> (Vec<Str>, Vec<Str>) {
    match group {
        LogGroup::Shared(g) => {
            let streams: Vec<String> = match job_names {
                JobNames::Workload(n) => {
                    let [exact, longer] = name_patterns(n);
                    vec![[&exact, "/*"].concat(), exact, longer]
                }
                // `pipelines-*` already covers `pipelines-.../...`.
                JobNames::PipelineService => job_names.patterns(),
            };
            (
                log_group_arns(g, regions),
                streams
                    .iter()
                    .flat_map(|s| log_stream_arns(g, s, regions))
                    .collect(),
            )
        }
        LogGroup::PerResource(p) => {
            let groups: Vec<String> = job_names
                .patterns()
                .iter()
                .map(|n| format!("{p}{n}"))
                .collect();
            groups_any_stream(groups.iter().map(String::as_str), regions)
        }
        LogGroup::ServiceNamed(groups) => groups_any_stream(groups.iter().copied(), regions),
        LogGroup::SharedAnyStream(g) => {
            (log_group_arns(g, regions), log_stream_arns(g, "*", regions))
        }
    }
}

/// How the spec names what its policies reach: the name prefix of every
/// role and resource, the IAM path of its roles, and the regions of its
/// regional resources.
#[derive(Clone, Copy)]
struct Names<'a> {
    prefix: &'a str,
    path: &'a str,
    regions: &'a Regions,
    /// The workloads whose every job the spec names ([`spec_named`]).
    spec_named: &'a BTreeSet<String>,
    /// The workloads a pipeline runs under job names of its own
    /// ([`pipeline_named`]).
    pipeline_named: &'a BTreeSet<&'a str>,
    /// IAM's trust policy quota, which a trust narrowed to names must fit.
    trust_limit: usize,
    /// Each role's name by key: `<name_prefix>-<key>`, or the reference to
    /// the input that names an existing role.
    role_names: &'a BTreeMap<String, String>,
}

/// The workloads whose every job carries one of the spec's names: something
/// in the spec launches each (a caller, or a workload's role), and nothing
/// that launches it names its launches itself
/// ([`crate::catalog::NAMES_ITS_LAUNCHES`]): their callers and launching
/// roles may create them only under the workload's names
/// ([`name_patterns`]). A workload nothing in the spec launches is created
/// by someone the spec does not know, under names it does not know.
fn spec_named(workloads: &BTreeMap<String, Workload>, callers: &[CallerDraft]) -> BTreeSet<String> {
    let mut launched: BTreeSet<&str> = BTreeSet::new();
    let mut service_named: BTreeSet<&str> = BTreeSet::new();
    for c in callers {
        launched.extend(c.launches.iter().map(String::as_str));
    }
    for w in workloads.values() {
        // A pipeline with custom job prefixes names its steps' jobs after
        // their base job names, the workloads' own (step_job_names).
        let names_them = crate::catalog::NAMES_ITS_LAUNCHES.contains(&w.api.name)
            && w.step_job_names == StepJobNames::Service;
        for l in &w.launches {
            launched.insert(l);
            if names_them {
                service_named.insert(l);
            }
        }
    }
    launched
        .difference(&service_named)
        .map(|w| w.to_string())
        .collect()
}

/// The workloads that a pipeline which names its steps' jobs itself
/// (`step_job_names = "service"`) launches: their jobs are named
/// `pipelines-...`. Found once, as a role asks it for each workload it
/// serves.
fn pipeline_named(workloads: &BTreeMap<String, Workload>) -> BTreeSet<&str> {
    workloads
        .values()
        .filter(|p| p.api.uses(Field::StepJobNames) && p.step_job_names == StepJobNames::Service)
        .flat_map(|p| p.launches.iter().map(String::as_str))
        .collect()
}

/// The ARN of an SNS topic or SQS queue, in its own region and account,
/// or the input that holds it.
fn messaging_arn(service: &str, t: &Named<crate::model::resource::SnsTopic>) -> Str {
    t.arn(|t| Str::arn(service, &t.region, Ctx::Fixed(t.account.clone()), &t.name))
}

/// The ARNs a KMS key stands for: a key ARN as written, or, for a bare key
/// id, the key of that id in the deploying account in each of the spec's
/// regions. A key id names one key in one region; ids are unique, and a
/// multi-Region key's replicas share theirs (`mrk-...`), so `*` (or the
/// listed regions) in the region field reaches that key, or its replica
/// where the job runs, and no other key. The request keys compare these
/// with `ArnEquals`, which takes wildcards in each of an ARN's six fields
/// as `ArnLike` does (IAM User Guide, "IAM JSON policy elements: Condition
/// operators", ARN condition operators).
fn kms_arns(k: &KmsKey, regions: &Regions) -> Vec<Str> {
    if k.arn_input {
        // The reference becomes the input's part in `inputs::resolve`.
        return vec![Str::lit(&k.key_id)];
    }
    let resource = format!("key/{}", k.key_id);
    match &k.region_account {
        Some((r, a)) => vec![Str::arn("kms", r, Ctx::Fixed(a.clone()), &resource)],
        None => regions.arns("kms", &resource),
    }
}

/// The ARNs of the resources of one type named `aws_name`, or also
/// `<aws_name>-...` ([`names_of`]), in the spec's regions, in the
/// Studio domain whose id is `domain` when the ARN holds a domain's id and
/// the id is an input, else in any domain.
fn sagemaker_arns(
    resource_type: &str,
    aws_name: &str,
    domain: Option<&Input>,
    regions: &Regions,
) -> Vec<Str> {
    named_arns(
        resource_type,
        &names_of(resource_type, aws_name),
        domain,
        regions,
    )
}

/// The SageMaker ARNs of a resource type for each of the name patterns, in
/// the domain when one is known.
fn named_arns(
    resource_type: &str,
    patterns: &[String],
    domain: Option<&Input>,
    regions: &Regions,
) -> Vec<Str> {
    patterns
        .iter()
        .flat_map(|n| {
            domain_arns(
                &crate::catalog::resource_pattern_in_domain(resource_type, n),
                domain,
                regions,
            )
        })
        .collect()
}

/// A pattern split around its [`crate::catalog::DOMAIN_ID`], if it holds
/// one. The id starts with `{`, which most patterns lack: looking for that
/// byte first spares them a substring search, whose setup cost more than
/// the search (for each launched workload's ARNs).
fn split_domain_id(pattern: &str) -> Option<(&str, &str)> {
    debug_assert!(crate::catalog::DOMAIN_ID.starts_with('{'));
    if pattern.contains('{') {
        pattern.split_once(crate::catalog::DOMAIN_ID)
    } else {
        None
    }
}

/// The SageMaker ARNs of a resource pattern in the spec's regions, its
/// [`crate::catalog::DOMAIN_ID`] filled with the domain's id input, or with
/// `*` when the output has no such input (the domain does not associate).
fn domain_arns(pattern: &str, domain: Option<&Input>, regions: &Regions) -> Vec<Str> {
    let resource = match (split_domain_id(pattern), domain) {
        (Some((before, after)), Some(input)) => {
            let mut s = Str::lit(before);
            s.push(Part::Input(Box::new(input.clone())));
            s.push_lit(after);
            s
        }
        (Some(_), None) => Str::lit(pattern.replace(crate::catalog::DOMAIN_ID, "*")),
        (None, _) => return regions.arns("sagemaker", pattern),
    };
    regions.arns_of("sagemaker", &resource)
}

/// Which of a workload's resources a grant reaches, for its reason: those
/// named `<job_prefix>` (or also `<job_prefix>-*`), or, for types whose ARNs hold no
/// name, every one of the account (in the spec's regions); for types whose
/// ARNs hold a Studio domain's id, in which domain.
fn scope_text(w: &Workload, types: &[&str], job_names: &JobNames) -> String {
    let unnamed: Vec<&str> = types
        .iter()
        .copied()
        .filter(|t| !crate::catalog::is_named(t))
        .collect();
    if unnamed.is_empty() {
        let in_domain = types
            .iter()
            .any(|t| split_domain_id(&crate::catalog::resource_pattern_in_domain(t, "")).is_some());
        let mut text = job_names.text_of(types);
        match (&w.domain_id, in_domain) {
            (_, false) => {}
            (Some(input), true) => {
                text.push_str(" in the Studio domain whose id the output takes as ");
                text.push_str(&input.name());
            }
            (None, true) => text.push_str(" in any Studio domain: the output knows no domain id (set associate = true on the domain to take it as an input)"),
        }
        text
    } else {
        format!(
            "of this account: a {} ARN holds only its service-made id, so no name can narrow it",
            unnamed.join(" or ")
        )
    }
}

/// The ARNs of a workload's resources of one type, named `<job_prefix>`,
/// or also `<job_prefix>-*` ([`JobNames::patterns_of`]), in its domain when
/// that is known;
/// an app workload with `app_types` gets one ARN per type and spelling
/// ([`crate::catalog::kind_spellings`]).
fn workload_arns(
    w: &Workload,
    resource_type: &str,
    job_names: &JobNames,
    regions: &Regions,
) -> Vec<Str> {
    let patterns = job_names.patterns_of(resource_type);
    let domain = w.domain_id.as_ref();
    let of_kind: Vec<Str> = w
        .app_types
        .iter()
        .flat_map(|t| {
            patterns
                .iter()
                .flat_map(move |n| crate::catalog::resource_patterns_of_kind(resource_type, n, t))
        })
        .flat_map(|pattern| domain_arns(&pattern, domain, regions))
        .collect();
    if of_kind.is_empty() {
        named_arns(resource_type, &patterns, domain, regions)
    } else {
        of_kind
    }
}

/// A short, stable tag that tells apart two names whose Sid forms collide.
fn stable_tag(s: &str) -> String {
    // FNV-1a: deterministic on every machine, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{:06X}", h & 0xFF_FFFF)
}

/// An action's name without its `sagemaker:` prefix, as reasons and
/// `sagemaker:TaggingAction` values write it.
fn sagemaker_name(action: &str) -> &str {
    action.strip_prefix("sagemaker:").unwrap_or(action)
}

/// "describe and stop", from the actions' verbs (`sagemaker:DescribeX` → describe).
fn verbs(actions: &[&str]) -> String {
    let mut words: Vec<&str> = actions
        .iter()
        .map(|a| {
            let name = match a.split_once(':') {
                Some((_, rest)) => rest.split_once(':').map_or(rest, |(name, _)| name),
                None => a,
            };
            // After the first character: a byte past ASCII is never upper
            // case, so the first byte stands for it.
            let end = name
                .bytes()
                .skip(1)
                .position(|b| b.is_ascii_uppercase())
                .map_or(name.len(), |i| i + 1);
            &name[..end]
        })
        .collect();
    words.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    // Written lower-cased into one string, each word at once: a
    // launcher's statements ask it for each workload.
    let mut out = String::with_capacity(words.iter().map(|w| w.len() + 5).sum());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == words.len() { " and " } else { ", " });
        }
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    }
    out
}

/// The managed-policy mode of AWS's guide: AmazonSageMakerFullAccess, and
/// optionally the guide's extra policy that grants FullAccess's S3 actions on
/// named buckets (execution-roles page, "Add Additional Amazon S3 Permissions
/// to a SageMaker AI Execution Role"), with each action on the resource type it
/// takes.
fn full_access_role(
    draft: &RoleDraft,
    buckets: &[String],
    served: &[&Workload],
) -> (Builder, Vec<AwsManagedPolicy>) {
    let mut b = Builder::default();
    let names: Vec<&str> = served.iter().map(|w| w.name.as_str()).collect();
    let serves = names.join(", ");
    if !buckets.is_empty() {
        let bucket_arns = || buckets.iter().map(|x| Str::arn("s3", "", Ctx::Empty, x));
        let object_arns = buckets
            .iter()
            .map(|x| Str::arn("s3", "", Ctx::Empty, &format!("{x}/*")));
        b.add((10, String::new()), "FullAccessS3Objects".into(), &["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject", "s3:PutObjectAcl"],
            object_arns, vec![], &serves, "AmazonSageMakerFullAccess's S3 object actions on the named buckets (SageMaker Developer Guide, 'Add Additional Amazon S3 Permissions to a SageMaker AI Execution Role')", None);
        b.add((11, String::new()), "FullAccessS3Buckets".into(), &["s3:CreateBucket", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketLocation", "s3:ListBucket", "s3:PutBucketCORS"],
            bucket_arns(), vec![], &serves, "AmazonSageMakerFullAccess's S3 bucket actions on the named buckets (SageMaker Developer Guide, 'Add Additional Amazon S3 Permissions to a SageMaker AI Execution Role')", None);
        b.add((12, String::new()), "FullAccessListBuckets".into(), &["s3:ListAllMyBuckets"], [Str::lit("*")], vec![], &serves,
            "list the account's buckets, as AmazonSageMakerFullAccess does (SageMaker Developer Guide, 'Add Additional Amazon S3 Permissions to a SageMaker AI Execution Role')",
            Some("s3:ListAllMyBuckets has no resource type in the Service Authorization Reference, so AWS allows only \"*\""));
    }
    let managed = AwsManagedPolicy {
        name: "AmazonSageMakerFullAccess".into(),
        reason: format!(
            "role {} opts into AWS's managed policy (permissions = \"full-access\"): it grants sagemaker:* and actions of some 30 services, far beyond what its workloads need; sagerole's scoped permissions are the default",
            draft.name
        ),
    };
    (b, vec![managed])
}

fn role(
    names: &Names,
    draft: &RoleDraft,
    roles: &[RoleDraft],
    workloads: &BTreeMap<String, Workload>,
    held: &Held,
) -> Role {
    let Names {
        prefix,
        path,
        regions,
        ..
    } = *names;
    let served = served(draft, held);
    let mut b = Builder::default();

    // S3. Execution-roles page (CreateTrainingJob and the other job APIs):
    // s3:ListBucket on the input buckets, s3:GetObject on the input objects,
    // s3:PutObject on the output objects; CreateModel: s3:GetObject on
    // ModelDataUrl.
    let mut inputs = Listed::new();
    let mut model_data = Listed::new();
    for w in &served {
        // A single object (a model archive) is read, not listed.
        for l in w
            .reads()
            .filter(|l| !(w.api.object_inputs && l.names_object()))
        {
            inputs.add(l, &w.name);
        }
        // Model data under a key name prefix (uncompressed models:
        // ModelDataSource with S3DataType S3Prefix) is every object under
        // it, which SageMaker finds by listing the prefix (SageMaker API
        // Reference, S3ModelDataSource; SageMaker Developer Guide,
        // 'Deploying uncompressed models'). One object (model.tar.gz, or
        // S3DataType S3Object) is only read.
        for l in w.model_data.iter().filter(|l| !l.names_object()) {
            model_data.add(l, &w.name);
        }
    }
    list_statements(&mut b, 10, "ListInputs", &inputs,
        "list the prefixes the jobs read (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': s3:ListBucket on the input bucket)");
    list_statements(&mut b, 11, "ListModelData", &model_data,
        "list the model data under its key name prefix, which SageMaker downloads object by object for an uncompressed model (SageMaker API Reference, S3ModelDataSource, S3DataType S3Prefix; SageMaker Developer Guide, 'Deploying uncompressed models')");
    for w in &served {
        let inputs: Vec<&S3Location> = w.inputs.iter().collect();
        if !inputs.is_empty() {
            b.add(
                (20, String::new()),
                "ReadInputData".into(),
                &["s3:GetObject"],
                s3_objects(
                    &inputs,
                    if w.api.object_inputs {
                        Keys::ObjectOrPrefix
                    } else {
                        Keys::Prefix
                    },
                ),
                vec![],
                &w.name,
                "read the input objects (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': s3:GetObject on the input objects)",
                None,
            );
        }
        let model_data: Vec<&S3Location> = w.model_data.iter().collect();
        if !model_data.is_empty() {
            b.add(
                (21, String::new()),
                "ReadModelArtifacts".into(),
                &["s3:GetObject"],
                s3_objects(&model_data, Keys::ObjectOrPrefix),
                vec![],
                &w.name,
                "read the model artifacts (SageMaker Developer Guide, 'How to use SageMaker AI execution roles', CreateModel: s3:GetObject on ModelDataUrl)",
                None,
            );
        }
        let outputs: Vec<&S3Location> = w.outputs.iter().collect();
        if !outputs.is_empty() {
            b.add((30, String::new()), "WriteOutputData".into(), &["s3:AbortMultipartUpload", "s3:PutObject"], s3_objects(&outputs, Keys::Prefix), vec![], &w.name,
                "write the outputs, in parts for large objects (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': s3:PutObject on the output path)", None);
            if w.api.outputs != OutputUse::Write {
                b.add((31, String::new()), "ReadBackOutputs".into(), &["s3:GetObject"], s3_objects(&outputs, Keys::Prefix), vec![], &w.name,
                    "read back what the service writes to the outputs (AWS's AutoML, Ground Truth and Feature Store policies grant s3:GetObject there)", None);
            }
            if w.api.outputs == OutputUse::OfflineStore {
                b.add((32, String::new()), "OfflineStoreObjectAcl".into(), &["s3:PutObjectAcl"], s3_objects(&outputs, Keys::Prefix), vec![], &w.name,
                    "set the ACL of the offline store's objects (AmazonSageMakerFeatureStoreAccess)", None);
                let buckets: BTreeSet<&str> = outputs.iter().map(|o| o.bucket.as_str()).collect();
                b.add(
                    (33, String::new()),
                    "OfflineStoreBucketAcl".into(),
                    &["s3:GetBucketAcl"],
                    buckets
                        .into_iter()
                        .map(|x| Str::arn("s3", "", Ctx::Empty, x)),
                    vec![],
                    &w.name,
                    "read the offline store bucket's ACL (AmazonSageMakerFeatureStoreAccess)",
                    None,
                );
            }
        }

        // KMS. Keys no request names: `input` (the SSE-KMS objects the jobs
        // read) and `bucket_default` (the key a bucket's default encryption
        // gives the objects written to it); keys the create request names:
        // `output`, `volume` and the data capture key, which the callers are
        // pinned to where AWS has a condition key (request_conditions).
        // Execution-roles page, same wording for every job API: kms:Decrypt
        // for SSE-KMS input, kms:Encrypt for OutputKmsKey, kms:CreateGrant
        // for VolumeKmsKey. S3 also needs kms:GenerateDataKey to write
        // SSE-KMS objects, and kms:Decrypt to read them and to complete
        // multipart uploads with them (S3 User Guide, UsingKMSEncryption:
        // "permissions for multipart uploads").
        let keys = |ks: &[KmsKey]| {
            ks.iter()
                .flat_map(|k| kms_arns(k, regions))
                .collect::<Vec<_>>()
        };
        // An endpoint's keys are not a job's: what it reads is its model
        // artifacts and asynchronous requests, what it writes its
        // asynchronous results and captured data (catalog, CreateModel).
        let endpoint = w.api.creates("endpoint");
        if !w.kms.input.is_empty() && endpoint {
            b.add((40, String::new()), "DecryptEndpointInputs".into(), &["kms:Decrypt"], keys(&w.kms.input), vec![], &w.name,
                "decrypt the SSE-KMS model artifacts and asynchronous requests the endpoint reads (Amazon S3 User Guide, 'Using server-side encryption with AWS KMS keys (SSE-KMS)': kms:Decrypt to read an object)", None);
        } else if !w.kms.input.is_empty() {
            b.add(
                (40, String::new()),
                "DecryptInputs".into(),
                &["kms:Decrypt"],
                keys(&w.kms.input),
                vec![],
                &w.name,
                "decrypt SSE-KMS input data (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': kms:Decrypt when input is encrypted)",
                None,
            );
        }
        if !w.kms.output.is_empty() && endpoint {
            b.add((41, String::new()), "EncryptAsyncResults".into(), &["kms:Decrypt", "kms:GenerateDataKey"], keys(&w.kms.output), vec![], &w.name,
                "encrypt asynchronous inference results with the output key the endpoint configuration names (SageMaker API Reference, AsyncInferenceOutputConfig: KmsKeyId; Amazon S3 User Guide, SSE-KMS: kms:GenerateDataKey to write, kms:Decrypt for multipart uploads)", None);
        } else if !w.kms.output.is_empty() {
            b.add((41, String::new()), "EncryptOutputs".into(), &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], keys(&w.kms.output), vec![], &w.name,
                "encrypt outputs with OutputKmsKey (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': kms:Encrypt; S3 SSE-KMS and multipart uploads: kms:GenerateDataKey, kms:Decrypt)", None);
        }
        if let Some(d) = w.data_capture.as_ref().filter(|d| !d.keys.is_empty()) {
            b.add((41, String::new()), "EncryptCapturedData".into(), &["kms:Decrypt", "kms:GenerateDataKey"], keys(&d.keys), vec![], &w.name,
                "encrypt captured inference data with the key the endpoint configuration names (SageMaker API Reference, DataCaptureConfig: KmsKeyId; Amazon S3 User Guide, SSE-KMS: kms:GenerateDataKey to write, kms:Decrypt for multipart uploads)", None);
        }
        let domain_keys = studio_keys(w, workloads);
        if !domain_keys.is_empty() {
            // The execution-roles page, "CreateDomain and CreateUserProfile: KMS
            // key": the role needs kms:CreateGrant and kms:DescribeKey on the
            // domain's key, checked when apps start. That is the domain's
            // role, and the user/execution role of everyone in the domain: a
            // profile with a role of its own, and the spaces and apps that
            // run under it, get the same grant on their domain's key.
            b.add((42, String::new()), "UseDomainKeys".into(), &["kms:CreateGrant", "kms:DescribeKey"], domain_keys.into_iter().flat_map(|k| kms_arns(k, regions)), vec![], &w.name,
                "use the domain's customer managed key for Studio apps (SageMaker Developer Guide, 'How to use SageMaker AI execution roles', CreateDomain and CreateUserProfile: KMS key)", None);
        }
        match w.api.volume_key {
            VolumeKey::Job if !w.kms.volume.is_empty() => b.add((42, String::new()), "GrantVolumeKeys".into(), &["kms:CreateGrant"], keys(&w.kms.volume),
                vec![cond("Bool", "kms:GrantIsForAWSResource", [Str::lit("true")])], &w.name,
                "let the service encrypt the ML storage volume with VolumeKmsKey (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': kms:CreateGrant), only for grants to AWS resources", None),
            // A domain's key: UseDomainKeys above. An endpoint's volume key:
            // the callers' grant (launch_grants).
            VolumeKey::Job | VolumeKey::StudioDomain | VolumeKey::Endpoint => {}
        }
        if !w.kms.bucket_default.is_empty() {
            b.add((43, String::new()), "UseBucketDefaultKeys".into(), &["kms:Decrypt", "kms:GenerateDataKey"], keys(&w.kms.bucket_default), vec![], &w.name,
                "read and write objects that S3 encrypts with the buckets' default SSE-KMS key, which no request names (Amazon S3 User Guide, 'Using server-side encryption with AWS KMS keys (SSE-KMS)': kms:GenerateDataKey to write, kms:Decrypt to read and for multipart uploads)", None);
        }

        // ECR. Images in AWS-owned registries are pulled with service
        // credentials and need no grant (catalog::registries).
        let repos: Vec<Str> = w
            .images
            .iter()
            // A repository whose ARN is an input is the deployment's own.
            .filter(|i| match i {
                Named::Literal(i) => crate::catalog::registries::aws_owned(&i.account).is_none(),
                Named::Input(_) => true,
            })
            .map(|i| {
                i.arn(|i| {
                    Str::arn(
                        "ecr",
                        &i.region,
                        Ctx::Fixed(i.account.clone()),
                        &format!("repository/{}", i.repository),
                    )
                })
            })
            .collect();
        if !repos.is_empty() && w.api.image_use == ImageUse::Inspect {
            b.add((50, String::new()), "ReadBaseImages".into(), &["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], repos.clone(), vec![], &w.name,
                "read the base images of the image's versions (SageMaker Developer Guide, 'How to use SageMaker AI execution roles', CreateImage and UpdateImage APIs)", None);
        } else if !repos.is_empty() {
            b.add(
                (50, String::new()),
                "PullImages".into(),
                &[
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer",
                ],
                repos,
                vec![],
                &w.name,
                "pull the declared images (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': ECR pull actions on the image repositories)",
                None,
            );
            b.add((51, String::new()), "GetEcrAuthorizationToken".into(), &["ecr:GetAuthorizationToken"], [Str::lit("*")], vec![], &w.name,
                "authenticate to ECR before pulling (SageMaker Developer Guide, 'How to use SageMaker AI execution roles')",
                Some("ecr:GetAuthorizationToken has no resource type in the Service Authorization Reference, so AWS allows only \"*\""));
        }

        // Logs (the CloudWatch Logs page). Log-group actions take the group's
        // ARN in the form IAM evaluates it, with its trailing `:*`
        // ([`log_group_resource`]); stream actions take stream ARNs (Service
        // Authorization Reference: log-group*, log-stream*).
        if let Some(group) = w.api.log_group {
            let own = JobNames::Workload(aws_name(prefix, &w.name));
            let (groups, streams) = workload_logs(group, &own, regions);
            b.add(
                (60, String::new()),
                "CreateLogGroups".into(),
                &["logs:CreateLogGroup", "logs:DescribeLogStreams"],
                groups,
                vec![],
                &w.name,
                "create and read the SageMaker log groups of the workloads (SageMaker Developer Guide, 'How to use SageMaker AI execution roles'; SageMaker Developer Guide, 'Log groups and streams that Amazon SageMaker AI sends to Amazon CloudWatch Logs')",
                None,
            );
            b.add((61, String::new()), "WriteLogStreams".into(), &["logs:CreateLogStream", "logs:PutLogEvents"],
                streams, vec![], &w.name,
                "write the log streams of the workloads' jobs and endpoints (SageMaker Developer Guide, 'How to use SageMaker AI execution roles'; stream names: SageMaker Developer Guide, 'Log groups and streams that Amazon SageMaker AI sends to Amazon CloudWatch Logs')", None);
            // A step of a pipeline that names its jobs itself logs under
            // the job's name, `pipelines-...`, in the job kind's group.
            let pipeline_named = names.pipeline_named.contains(w.name.as_str());
            if let (true, LogGroup::Shared(_)) = (pipeline_named, group) {
                let service = JobNames::PipelineService;
                let (_, streams) = workload_logs(group, &service, regions);
                b.add((61, String::new()), "WritePipelineStepLogStreams".into(), &["logs:CreateLogStream", "logs:PutLogEvents"],
                    streams, vec![], &w.name,
                    &format!("write the log streams of the jobs a pipeline runs for the workloads, {} (stream names: SageMaker Developer Guide, 'Log groups and streams that Amazon SageMaker AI sends to Amazon CloudWatch Logs')", service.text()), None);
            }
        }

        // Metrics, for workloads that run compute (those with a log group).
        // PutMetricData's only resource type is a CloudWatch dataset, and an
        // optional one (Service Authorization Reference, Amazon CloudWatch,
        // PutMetricData): calls that name no dataset, as the jobs' do, are
        // authorized on "*". AWS's Role Manager compute-role template limits
        // it to SageMaker namespaces.
        if w.api.log_group.is_some() {
            b.add((70, String::new()), "PutMetrics".into(), &["cloudwatch:PutMetricData"], [Str::lit("*")],
                vec![cond("StringLike", "cloudwatch:namespace", ["*SageMaker*", "*Sagemaker*", "*sagemaker*"].map(Str::lit))],
                &w.name, "publish job and endpoint metrics (SageMaker Developer Guide, 'How to use SageMaker AI execution roles'), only to SageMaker namespaces, as the role templates of AWS's SageMaker Role Manager do",
                Some("cloudwatch:PutMetricData names a resource only when it writes to a CloudWatch dataset (Service Authorization Reference: dataset, optional), which job metrics do not; the cloudwatch:namespace condition narrows it"));
        }

        // Ground Truth invokes the custom pre- and post-annotation functions
        // with the role (sms-custom-templates-step3-lambda-permissions).
        if !w.lambdas.is_empty() {
            let functions = w.lambdas.iter().map(|f| {
                f.arn(|f| {
                    Str::arn(
                        "lambda",
                        &f.region,
                        Ctx::Fixed(f.account.clone()),
                        &format!("function:{}", f.name),
                    )
                })
            });
            // Ground Truth calls a labeling job's functions, SageMaker
            // Pipelines a pipeline's Lambda steps, each with the role.
            let (sid, reason) = if w.api.uses(Field::Steps) {
                ("InvokeLambdaSteps", "invoke the functions of the pipeline's Lambda steps, and no others (SageMaker Developer Guide, 'Pipelines steps', Lambda step; 'AWS Managed Policies for SageMaker Pipelines': AmazonSageMakerPipelinesIntegrations grants lambda:InvokeFunction for it)")
            } else {
                ("InvokeAnnotationFunctions", "invoke the labeling job's pre- and post-annotation functions (Ground Truth Lambda permissions)")
            };
            b.add(
                (94, String::new()),
                sid.into(),
                &["lambda:InvokeFunction"],
                functions,
                vec![],
                &w.name,
                reason,
                None,
            );
        }
        // A pipeline's JsonGet reads the property files its steps write
        // (SageMaker Developer Guide, 'IAM Access Management' for
        // Pipelines: s3:GetObject to use the JsonGet function).
        let property_files: Vec<&S3Location> = w.property_files.iter().collect();
        if !property_files.is_empty() {
            b.add((22, String::new()), "ReadPropertyFiles".into(), &["s3:GetObject"], s3_objects(&property_files, Keys::Prefix), vec![], &w.name,
                "read the property files the pipeline's JsonGet reads from its steps' outputs (SageMaker Developer Guide, 'IAM Access Management' for Pipelines: 'Amazon S3 permissions to use the JsonGet function', s3:GetObject)", None);
        }
        // A callback step sends its token to the queue with the pipeline's
        // role (SageMaker Developer Guide, 'Pipelines steps', Callback step).
        if !w.callback_queues.is_empty() {
            let queues = w.callback_queues.iter().map(|q| messaging_arn("sqs", q));
            b.add((94, String::new()), "SendCallbackMessages".into(), &["sqs:SendMessage"], queues, vec![], &w.name,
                "send the tokens of the pipeline's callback steps to their queues, and to no others (SageMaker Developer Guide, 'Pipelines steps', Callback step: 'SageMaker Pipelines sends a message to a customer-specified Amazon SQS queue'; AmazonSageMakerPipelinesIntegrations grants sqs:SendMessage for it)", None);
        }
        // Streaming labeling jobs (sms-security-permission-execution-role,
        // "streaming"): Ground Truth creates SQS queues named *GroundTruth*,
        // subscribes them to the input topic and publishes results to the
        // output topic. sagerole leaves out AWS's s3:GetObject on "*" for
        // objects tagged SageMaker=true: the tasks' objects are read under the
        // declared inputs. sqs:SendMessageBatch in AWS's policy is no IAM
        // action (Service Authorization Reference: sqs:SendMessage authorizes
        // batches).
        if let Some(s) = &w.streaming {
            let queues = || regions.arns("sqs", "*GroundTruth*");
            let topic = |t| messaging_arn("sns", t);
            b.add((90, String::new()), "GroundTruthStreamingQueues".into(),
                &["sqs:CreateQueue", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage", "sqs:SetQueueAttributes"],
                queues(), vec![], &w.name,
                "keep the queues Ground Truth creates for streaming labeling jobs, named *GroundTruth* (sms-security-permission-execution-role)", None);
            b.add((91, String::new()), "SubscribeStreamingInput".into(), &["sns:Subscribe"], [topic(&s.input)],
                vec![cond("StringEquals", "sns:Protocol", [Str::lit("sqs")]), cond("StringLike", "sns:Endpoint", queues())],
                &w.name, "subscribe only Ground Truth's queues to the input topic (sms-security-permission-execution-role)", None);
            if let Some(out) = &s.output {
                b.add((92, String::new()), "PublishStreamingOutput".into(), &["sns:Publish"], [topic(out)], vec![], &w.name,
                    "publish labels to the output topic (sms-security-permission-execution-role; inferred: AWS's policy also publishes to the input topic)", None);
            }
            // AWS's policy grants Unsubscribe on "*". The Service Authorization
            // Reference (Amazon SNS, Unsubscribe) names the subscription's
            // topic as its resource, and the only subscriptions the job makes
            // are to the input topic.
            b.add((93, String::new()), "UnsubscribeStreamingQueues".into(), &["sns:Unsubscribe"], [topic(&s.input)], vec![], &w.name,
                "remove the queues' subscriptions to the input topic when the job stops (sms-security-permission-execution-role; the Service Authorization Reference authorizes Unsubscribe on the subscription's topic)",
                None);
        }
        // Automated data labeling trains and runs models under this role:
        // it passes the role to SageMaker, and only this role
        // (sms-security-permission-execution-role, "automated data labeling").
        // Those jobs are named by the service and log to the training and
        // transform groups (inferred from the CloudWatch Logs page).
        if w.automated_labeling {
            b.add((95, String::new()), "PassOwnRole".into(), &["iam:PassRole"], [Str::role_arn(path, &draft.name)],
                vec![cond("StringEquals", "iam:PassedToService", [Str::lit(SAGEMAKER_SERVICE)])], &w.name,
                "pass this role to the training and inference jobs of automated labeling (sms-security-permission-execution-role)", None);
            let groups = [
                "/aws/sagemaker/TrainingJobs",
                "/aws/sagemaker/TransformJobs",
            ];
            b.add((62, String::new()), "AutomatedLabelingLogGroups".into(), &["logs:CreateLogGroup", "logs:DescribeLogStreams"],
                groups.iter().flat_map(|g| log_group_arns(g, regions)), vec![], &w.name,
                "create and read the log groups of automated labeling's training and inference jobs (SageMaker Developer Guide, 'Log groups and streams that Amazon SageMaker AI sends to Amazon CloudWatch Logs')", None);
            b.add((63, String::new()), "AutomatedLabelingLogStreams".into(), &["logs:CreateLogStream", "logs:PutLogEvents"],
                groups.iter().flat_map(|g| log_stream_arns(g, "*", regions)), vec![], &w.name,
                "write the logs of automated labeling's jobs, which the service names (inferred: any stream of the two groups)", None);
        }
        for g in w.api.role_grants {
            let resources = g
                .resources
                .iter()
                .flat_map(|(service, r)| regions.arns(service, r));
            b.add(
                (97, String::new()),
                g.sid.into(),
                g.actions,
                resources,
                vec![],
                &w.name,
                g.reason,
                None,
            );
        }
        // A role whose service deploys what it builds (AutoML) passes itself,
        // and only itself, to SageMaker.
        if w.api.passes_own_role {
            b.add((95, String::new()), "PassOwnRole".into(), &["iam:PassRole"], [Str::role_arn(path, &draft.name)],
                vec![cond("StringEquals", "iam:PassedToService", [Str::lit(SAGEMAKER_SERVICE)])], &w.name,
                "pass this role to the models and endpoints the service creates (inferred: AWS's policy passes any role)", None);
        }
        // Resources the service creates and names itself, on the resource
        // type in this account (AWS's policy uses "*").
        let mut own: BTreeMap<&[&str], Vec<&str>> = BTreeMap::new();
        for a in w.api.role_actions {
            own.entry(a.resource_types).or_default().push(a.action);
        }
        for (types, actions) in own {
            let sid = format!(
                "ServiceCreated{}",
                types.iter().map(|t| pascal(t)).collect::<String>()
            );
            b.add((96, String::new()), sid, &actions, types.iter().flat_map(|t| regions.arns("sagemaker", &format!("{t}/*"))), vec![], &w.name,
                &format!("manage the {} resources the service names itself (inferred from AWS's policy, narrowed from \"*\" to the resource type)", types.join(" and ")), None);
        }

        // Deployment guardrails: the role reads the alarms that roll a
        // deployment back (SageMaker Developer Guide,
        // deployment-guardrails-configuration; Service Authorization Reference:
        // cloudwatch:DescribeAlarms on alarm*).
        if !w.rollback_alarms.is_empty() {
            let alarms = w
                .rollback_alarms
                .iter()
                .flat_map(|a| regions.arns("cloudwatch", &format!("alarm:{a}")));
            b.add(
                (90, String::new()),
                "DescribeRollbackAlarms".into(),
                &["cloudwatch:DescribeAlarms"],
                alarms,
                vec![],
                &w.name,
                "read the alarms that roll back an endpoint deployment (deployment guardrails)",
                None,
            );
        }
        // Asynchronous inference (SageMaker Developer Guide,
        // async-inference-create-endpoint-prerequisites): the endpoint reads
        // request payloads from S3, writes results and failures to the
        // configured S3 paths, and publishes to SNS topics.
        if let Some(a) = &w.asynchronous {
            let inputs: Vec<&S3Location> = a.inputs.iter().collect();
            if !inputs.is_empty() {
                b.add(
                    (91, String::new()),
                    "ReadAsyncRequests".into(),
                    &["s3:GetObject"],
                    s3_objects(&inputs, Keys::Prefix),
                    vec![],
                    &w.name,
                    "read asynchronous inference requests (async inference prerequisites)",
                    None,
                );
            }
            let results: Vec<&S3Location> = a.output.iter().chain(&a.failure).collect();
            if !results.is_empty() {
                b.add((92, String::new()), "WriteAsyncResults".into(), &["s3:AbortMultipartUpload", "s3:PutObject"], s3_objects(&results, Keys::Prefix), vec![], &w.name,
                    "write asynchronous inference results and failures (async inference prerequisites)", None);
            }
            if !a.topics.is_empty() {
                let topics = a.topics.iter().map(|t| messaging_arn("sns", t));
                b.add((93, String::new()), "PublishAsyncNotifications".into(), &["sns:Publish"], topics, vec![], &w.name,
                    "notify the success and error topics of asynchronous inference (async inference prerequisites)", None);
            }
        }
        // Data capture (SageMaker API Reference, DataCaptureConfig): the
        // endpoint writes the sampled requests and responses below
        // DestinationS3Uri, under the model's execution role (inferred, as the
        // catalog says).
        if let Some(d) = w
            .data_capture
            .as_ref()
            .filter(|d| !d.destination.is_empty())
        {
            let destination: Vec<&S3Location> = d.destination.iter().collect();
            b.add((92, String::new()), "WriteCapturedData".into(), &["s3:AbortMultipartUpload", "s3:PutObject"], s3_objects(&destination, Keys::Prefix), vec![], &w.name,
                "write captured inference requests and responses below the data capture destination (SageMaker API Reference, DataCaptureConfig: DestinationS3Uri; inferred: under the model's execution role)", None);
        }

        // VPC add-on (execution-roles page): resource "*" and no conditions;
        // the processing section forbids conditions and resource filters
        // outright.
        if w.vpc.is_some() && w.api.vpc_addon {
            b.add((80, String::new()), "ManageVpcNetworkInterfaces".into(),
                &["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
                  "ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces",
                  "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
                [Str::lit("*")], vec![], &w.name,
                "attach the job's network interfaces to the declared VPC (SageMaker Developer Guide, 'How to use SageMaker AI execution roles': VPC add-on)",
                Some("AWS documents this add-on with \"*\" and no conditions; for processing jobs it states that conditions or resource filters make job creation fail"));
        }
    }

    // An interactive workload (a notebook, Studio) finds the role it runs
    // under with the SageMaker Python SDK's get_execution_role(): it reads
    // its own notebook instance, or its user profile and, for a profile
    // without a role of its own, its domain; without those, or outside
    // them, it asks IAM for the role by name, to learn the role's path
    // (Session.get_caller_identity_arn). Denied, it returns the role's ARN
    // without its path, and jobs passed that ARN fail. A lookup of the
    // spec's whole team (a domain's profiles) covers the role's own ones of
    // the same type.
    let team: BTreeSet<&str> = served
        .iter()
        .flat_map(|w| w.api.finds_itself)
        .filter(|l| l.scope == LookupScope::Team)
        .map(|l| l.resource_type)
        .collect();
    for w in served.iter().filter(|w| !w.api.finds_itself.is_empty()) {
        for lookup in w.api.finds_itself {
            let t = lookup.resource_type;
            let (sid, resources, whose) = match lookup.scope {
                LookupScope::Own if team.contains(t) => continue,
                LookupScope::Own => {
                    let own = JobNames::Workload(aws_name(prefix, w.resource_base()));
                    (
                        format!("FindOwn{}", pascal(t)),
                        workload_arns(w, t, &own, regions),
                        scope_text(w, &[t], &own),
                    )
                }
                LookupScope::Team => {
                    // Every name the spec's prefix starts, as the README
                    // asks for one prefix per account.
                    let team = format!("{prefix}-*");
                    (
                        format!("FindTeam{}", pascal(t)),
                        regions.arns("sagemaker", &crate::catalog::resource_pattern(t, &team)),
                        format!("named {team}, each of which runs under this role when it has no role of its own, also those created outside the spec"),
                    )
                }
            };
            let action = lookup.action.trim_start_matches("sagemaker:");
            b.add(
                (98, String::new()),
                sid,
                &[lookup.action],
                resources,
                vec![],
                &w.name,
                &format!(
                    "find the role as the SageMaker Python SDK's get_execution_role() does (Session.get_caller_identity_arn: {action}) on the {t} resources {whose}"
                ),
                None,
            );
        }
        b.add(
            (99, String::new()),
            "ReadOwnRole".into(),
            &["iam:GetRole"],
            [Str::role_arn(path, &draft.name)],
            vec![],
            &w.name,
            "read this role, as the SageMaker Python SDK's get_execution_role() does to learn the role's path (Session.get_caller_identity_arn: iam:GetRole); denied, it returns the role's ARN without its path, and jobs passed that ARN fail",
            None,
        );
    }

    // checkov flags the ENI actions on "*" (CKV_AWS_109 permissions
    // management, CKV_AWS_111 write access, CKV_AWS_356 restrictable
    // actions); AWS documents the add-on only in this form.
    b.skip_scanner_checks(
        "ManageVpcNetworkInterfaces",
        &["CKV_AWS_109", "CKV_AWS_111", "CKV_AWS_356"],
    );
    // Workloads that launch others (pipelines, notebooks) get, in their role,
    // what a caller gets for them: PassRole on exactly the launched workloads'
    // roles (itself, when they share it) and the scoped create calls.
    for w in &served {
        if w.launches.is_empty() {
            continue;
        }
        let passes: Vec<String> = w
            .launches
            .iter()
            .filter_map(|l| {
                role_passed_at_launch(l, workloads, |n| role_of(n, roles, workloads))
                    .map(str::to_string)
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // After the role's own statements, so each policy reads in that order.
        let launcher = Launcher {
            passes: &passes,
            launches: &w.launches,
            follow: &w.follow,
            kind: CallerKind::Direct,
            step_job_names: w.api.uses(Field::StepJobNames).then_some(w.step_job_names),
        };
        launch_grants(&mut b, 100, names, &launcher, workloads);
    }
    let trust = trust(draft, &served, names);
    let (mut b, aws_managed) = match &draft.full_access {
        Some(buckets) => full_access_role(draft, buckets, &served),
        None => (b, Vec::new()),
    };
    let names: Vec<&str> = served.iter().map(|w| w.name.as_str()).collect();
    let serves: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    b.declare(&draft.statements, &serves);
    let policy = b.finish();
    Role {
        key: draft.key.clone(),
        name: draft.name.clone(),
        existing: draft
            .existing
            .then(|| Input::ExistingRole(draft.key.clone())),
        description: draft
            .description
            .clone()
            .unwrap_or_else(|| format!("SageMaker execution role for {}", names.join(", "))),
        workloads: serves,
        launches: served
            .iter()
            .flat_map(|w| w.launches.iter().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        trust,
        policy,
        documents: Vec::new(),
        aws_managed,
    }
}

/// A workload's narrowest trust: (its name, its job kind, the patterns of
/// its names when the spec names every job of it).
type Narrowed<'a> = (&'a str, &'static str, Option<Vec<String>>);

/// The trust policy's conditions (the confused-deputy page).
///
/// `strict` (the default) narrows `aws:SourceArn` as far as AWS allows for
/// every workload the role serves: to the workload's own names where the
/// page allows one resource's ARN and the spec names every job of it
/// ([`spec_named`]), to its job kind otherwise; account-wide when one of
/// them allows no narrowing, and `aws:SourceAccount` alone when one is not
/// on the page's list. A trust narrowed to names that would not fit IAM's
/// trust policy quota keeps the kinds instead.
fn trust(draft: &RoleDraft, served: &[&Workload], names: &Names) -> Trust {
    let regions = names.regions;
    let account = cond(
        "StringEquals",
        "aws:SourceAccount",
        [Str(vec![Part::Account])],
    );
    let account_wide = regions.arns("sagemaker", "*");
    let all_listed = served
        .iter()
        .all(|w| w.api.trust != TrustScope::SourceAccountOnly);
    // Each workload's narrowest resource patterns: its names, or its kind.
    let narrowed: Option<Vec<Narrowed>> = served
        .iter()
        .map(|w| match w.api.trust {
            TrustScope::JobKind { kind, one } => {
                // The names of the API's own resources: the type its
                // create call makes (the catalog's first create action).
                let own_type = w
                    .api
                    .create
                    .first()
                    .and_then(|c| c.resource_types.first())
                    .copied()
                    .unwrap_or_default();
                let named = one
                    .filter(|_| names.spec_named.contains(&w.name))
                    .map(|one| {
                        names_of(own_type, &aws_name(names.prefix, w.resource_base()))
                            .iter()
                            .map(|n| one.replace("{name}", n))
                            .collect()
                    });
                Some((w.name.as_str(), kind, named))
            }
            _ => None,
        })
        .collect();
    let unlisted: Vec<&str> = served
        .iter()
        .filter(|w| w.api.trust == TrustScope::SourceAccountOnly)
        .map(|w| w.api.name)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let service = SAGEMAKER_SERVICE.to_string();
    match draft.trust {
        TrustMode::Off => Trust {
            mode: TrustMode::Off,
            service,
            conditions: vec![],
            reason: "no confused-deputy conditions: the spec sets trust = \"off\"".into(),
            warning: Some(format!(
                "trust is off for role {}: SageMaker may assume it on behalf of any resource in any account (AWS recommends aws:SourceArn and aws:SourceAccount against the confused deputy problem)",
                draft.name
            )),
        },
        TrustMode::Strict if all_listed && narrowed.is_some() => {
            let narrowed = narrowed.expect("checked");
            let strict = |by_name: bool| {
                // A kind covers every name of it.
                let kinds: BTreeSet<&str> = narrowed
                    .iter()
                    .filter(|(_, _, ps)| !(by_name && ps.is_some()))
                    .map(|(_, kind, _)| *kind)
                    .collect();
                let mut patterns: BTreeSet<String> = kinds.iter().map(|k| k.to_string()).collect();
                let mut named: Vec<&str> = Vec::new();
                for (w, kind, ps) in &narrowed {
                    if let Some(ps) = ps.as_ref().filter(|_| by_name && !kinds.contains(kind)) {
                        patterns.extend(ps.iter().cloned());
                        named.push(w);
                    }
                }
                let arns: Vec<Str> = patterns
                    .iter()
                    .flat_map(|p| regions.arns("sagemaker", p))
                    .collect();
                let reason = format!(
                    "only SageMaker resources matching {} of this account, {}, may assume the role{} (SageMaker Developer Guide, 'Cross-service confused deputy prevention')",
                    patterns.iter().cloned().collect::<Vec<_>>().join(", "),
                    regions_text(regions),
                    if named.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ": only the spec's callers and roles launch {}, under the spec's names",
                            named.join(", ")
                        )
                    }
                );
                Trust {
                    mode: TrustMode::Strict,
                    service: service.clone(),
                    conditions: vec![cond("ArnLike", "aws:SourceArn", arns), account.clone()],
                    reason,
                    warning: None,
                }
            };
            let by_name = strict(true);
            if document::trust_size(&by_name, &Context::longest()) <= names.trust_limit {
                by_name
            } else {
                let mut by_kind = strict(false);
                by_kind.reason.push_str(
                    "; the workloads' names would not fit the trust policy quota, so their job kinds stand for them",
                );
                by_kind
            }
        }
        mode => {
            let warning = (mode == TrustMode::Strict && draft.trust_written).then(|| {
                format!(
                    "trust = \"strict\" cannot narrow role {}: it serves features whose aws:SourceArn AWS does not allow narrowing (inference, Studio, tuning and the others off the confused-deputy list)",
                    draft.name
                )
            });
            if all_listed {
                Trust {
                    mode,
                    service,
                    conditions: vec![cond("ArnLike", "aws:SourceArn", account_wide), account],
                    reason: format!(
                        "only SageMaker resources of this account, {}, may assume the role (SageMaker Developer Guide, 'Cross-service confused deputy prevention')",
                        regions_text(regions)
                    ),
                    warning,
                }
            } else {
                Trust {
                    mode,
                    service,
                    conditions: vec![account],
                    reason: format!(
                        "only SageMaker acting for this account may assume the role; aws:SourceArn is left out because AWS does not document it for {} (SageMaker Developer Guide, 'Cross-service confused deputy prevention')",
                        unlisted.join(", ")
                    ),
                    warning,
                }
            }
        }
    }
}

/// Where the spec's regions are, for reasons: "in any region", or "in
/// eu-west-1 or us-east-1".
fn regions_text(regions: &Regions) -> String {
    match regions {
        Regions::Every => "in any region".into(),
        Regions::Listed(r) => format!("in {}", r.join(" or ")),
    }
}

/// Who launches workloads, and what it needs besides launching them.
struct Launcher<'a> {
    /// Role keys it passes.
    passes: &'a [String],
    /// Workloads it launches.
    launches: &'a [String],
    /// What it may do to what it launched.
    follow: &'a [Follow],
    kind: CallerKind,
    /// For a pipeline: how SageMaker Pipelines names its steps' jobs.
    step_job_names: Option<StepJobNames>,
}

impl Launcher<'_> {
    /// The names the resources of launched workload `w` carry when this
    /// launcher creates them.
    fn job_names(&self, prefix: &str, w: &Workload) -> JobNames {
        match self.step_job_names {
            // A RegisterModel step names the group the spec names
            // (ModelPackageGroupName); the service names only the version.
            Some(StepJobNames::Service) if w.api.runs_under != RunsUnder::NoRole => {
                JobNames::PipelineService
            }
            Some(_) | None => JobNames::Workload(aws_name(prefix, w.resource_base())),
        }
    }
}

/// One statement per set of resource types, so that every action is
/// granted only on resources of its own types; each set's actions in
/// catalog order.
fn by_resource_types<'a>(
    actions: impl IntoIterator<Item = &'a CallerAction>,
) -> BTreeMap<&'a [&'a str], Vec<&'a str>> {
    let mut groups: BTreeMap<&[&str], Vec<&str>> = BTreeMap::new();
    for a in actions {
        groups.entry(a.resource_types).or_default().push(a.action);
    }
    groups
}

/// The ARNs of one launched workload's resources as its launcher names
/// them ([`workload_arns`]), each type's built once for all the statements
/// that name them (its create calls, tagging, managing, following).
struct LaunchedArns<'a> {
    w: &'a Workload,
    job_names: &'a JobNames,
    regions: &'a Regions,
    built: Vec<(&'a str, Vec<Str>)>,
}

impl<'a> LaunchedArns<'a> {
    fn new(w: &'a Workload, job_names: &'a JobNames, regions: &'a Regions) -> Self {
        LaunchedArns {
            w,
            job_names,
            regions,
            built: Vec::new(),
        }
    }

    /// The ARNs of the resources of `types`, type by type.
    fn of(&mut self, types: &[&'a str]) -> Vec<Str> {
        let mut out = Vec::new();
        for &t in types {
            let at = match self.built.iter().position(|(b, _)| *b == t) {
                Some(at) => at,
                None => {
                    let arns = workload_arns(self.w, t, self.job_names, self.regions);
                    self.built.push((t, arns));
                    self.built.len() - 1
                }
            };
            out.extend_from_slice(&self.built[at].1);
        }
        out
    }
}

/// What launching workloads takes: `iam:PassRole` on exactly the roles
/// passed, towards SageMaker only, and reading them; for each launched
/// workload its create calls (pinned by the request keys the spec
/// declares), tagging at creation, describing and stopping, and what the
/// launcher's `follow` asks for, all on resources named after the workload;
/// for a Step Functions state machine, the EventBridge rules of its `.sync`
/// tasks. Callers get these; so do roles whose workloads launch others
/// (pipelines, notebooks, Studio).
fn launch_grants(
    b: &mut Builder,
    base: u8,
    names: &Names,
    l: &Launcher,
    workloads: &BTreeMap<String, Workload>,
) {
    let Names {
        prefix,
        path,
        regions,
        ..
    } = *names;
    let (passes, launches) = (l.passes, l.launches);
    for r in passes {
        // IAM User Guide, id_roles_use_passrole; execution-roles page, "Passing
        // Roles": PassRole on the exact role ARN, only towards SageMaker.
        b.add(
            (base + 10, String::new()),
            "PassExecutionRoles".into(),
            &["iam:PassRole"],
            [Str::role_arn(path, &names.role_names[r])],
            vec![cond(
                "StringEquals",
                "iam:PassedToService",
                [Str::lit(SAGEMAKER_SERVICE)],
            )],
            r,
            "pass the execution roles to SageMaker only (iam:PassedToService)",
            None,
        );
        // The SageMaker Python SDK resolves a role given by name with
        // iam:GetRole (Session.expand_role), as do tools that look up the
        // ARN, path included, of the role they pass.
        b.add(
            (base + 11, String::new()),
            "ReadPassedRoles".into(),
            &["iam:GetRole"],
            [Str::role_arn(path, &names.role_names[r])],
            vec![],
            r,
            "read the roles it passes, as the SageMaker Python SDK does for a role given by name (Session.expand_role: iam:GetRole)",
            None,
        );
    }
    for name in launches {
        let w = &workloads[name];
        let job_names = l.job_names(prefix, w);
        let mut arns = LaunchedArns::new(w, &job_names, regions);
        // A launch whose resources the service names gets statements of its
        // own, so that their reason (why the scope is broader) is never
        // merged into a statement of the workload's own names.
        let named_by = match job_names {
            JobNames::PipelineService => "PipelineNamed",
            JobNames::Workload(_) => "",
        };
        // A pipeline step makes the API's own call (a ModelStep
        // CreateModel), never its other create calls (an endpoint's
        // configuration and the endpoint: SDK ModelStep creates a model;
        // endpoints have step types sagerole does not model).
        let (creates, manages): (&[CallerAction], Vec<&CallerAction>) = match l.step_job_names {
            // A registry record's create calls are all a RegisterModel
            // step's: it registers a version, in a group it may create.
            Some(_) if w.api.runs_under != RunsUnder::NoRole => {
                let own = &w.api.create[..1];
                let types = own[0].resource_types;
                let manages = w
                    .api
                    .manage
                    .iter()
                    .filter(|a| a.resource_types.iter().all(|t| types.contains(t)))
                    .collect();
                (own, manages)
            }
            Some(_) | None => (w.api.create, w.api.manage.iter().collect()),
        };
        // A manage call AWS pins with the same keys as a create call (an
        // app's DeleteApp, like its CreateApp) joins that call's
        // statement, under the same conditions (the catalog's tests hold
        // each such call to one; a call that joined none would not be
        // granted, never granted without its keys).
        let (pinned, manages): (Vec<&CallerAction>, Vec<&CallerAction>) = manages
            .into_iter()
            .partition(|a| !w.api.request_keys_of(a.action).is_empty());
        for (i, create) in creates.iter().enumerate() {
            let joined: Vec<&str> = pinned
                .iter()
                .filter(|a| {
                    a.resource_types == create.resource_types
                        && w.api.request_keys_of(a.action) == w.api.request_keys_of(create.action)
                        && w.api.absent_keeps(a.action) == w.api.absent_keeps(create.action)
                })
                .map(|a| a.action)
                .collect();
            let resources = arns.of(create.resource_types);
            // Each create call is pinned by its own request keys (the API's
            // own, or its `other_pins`); one without keys gets none.
            let space = w.space.as_ref().and_then(|s| workloads.get(s));
            let mut conditions = request_conditions(
                names,
                w,
                space,
                &job_names,
                w.api.request_keys_of(create.action),
                w.api.absent_keeps(create.action),
            );
            conditions.extend(guard_conditions(w, create.action));
            // What the call carries that AWS has no key for is said, so that
            // a reader does not take the statement for a pin.
            let unpinned: Vec<&str> = w
                .api
                .unpinned_of(create.action)
                .iter()
                .filter(|(f, _)| w.sets(*f))
                .map(|(_, what)| *what)
                .collect();
            let mut unpinned = if unpinned.is_empty() {
                String::new()
            } else {
                format!(
                    "; AWS has no condition key for {}, so the request is not pinned to them",
                    unpinned.join(" or ")
                )
            };
            // A default pin the spec gives up is said with its reason, so
            // that the reviewer of the statement reads it too.
            for key in w.api.request_keys_of(create.action) {
                if let Some(reason) = key
                    .default_pin()
                    .and_then(|(_, opt_out)| w.opt_out.get(&opt_out))
                {
                    unpinned.push_str(&format!(
                        "; the spec opts out of pinning {} ({reason})",
                        key.key()
                    ));
                }
            }
            let action = sagemaker_name(create.action);
            let what = create.resource_types.join(" and ");
            let sid = [action, &pascal(name), named_by].concat();
            if create.resource_types.is_empty() {
                // An action that creates nothing (RenderUiTemplate) has no
                // resource type: AWS allows only "*" for it.
                b.add(
                    (base + 20, format!("{name}/{i}")),
                    sid,
                    &[create.action],
                    [Str::lit("*")],
                    conditions,
                    name,
                    &format!("call {action} (Service Authorization Reference, Amazon SageMaker AI: an action without resource types)"),
                    Some("the action has no resource type in the Service Authorization Reference, so AWS allows only \"*\""),
                );
                continue;
            }
            let actions: Vec<&str> = std::iter::once(create.action)
                .chain(joined.iter().copied())
                .collect();
            let also = joined
                .iter()
                .map(|a| ["; ", sagemaker_name(a), " takes the same keys"].concat())
                .collect::<String>();
            b.add(
                (base + 20, format!("{name}/{i}")),
                sid,
                &actions,
                resources,
                conditions,
                name,
                &[
                    &verbs(&actions),
                    " ",
                    &what,
                    " resources ",
                    &scope_text(w, create.resource_types, &job_names),
                    " (Service Authorization Reference, Amazon SageMaker AI: ",
                    action,
                    &also,
                    ")",
                    &unpinned,
                ]
                .concat(),
                None,
            );
        }

        // A resource type the launcher's `follow` already lets it tag at
        // any time (a pipeline's `update`) is left out: tagging it only on
        // create would be a condition that statement undoes.
        let tags_anyway = |t: &&str| {
            w.api.follow.iter().any(|a| {
                l.follow.contains(&a.follow)
                    && a.action.action == "sagemaker:AddTags"
                    && a.action.resource_types.contains(t)
                    && a.with.is_none_or(|field| w.sets(field))
            })
        };
        let tagged_types: Vec<&str> = creates
            .iter()
            .flat_map(|a| a.resource_types)
            .filter(|t| !tags_anyway(t))
            .copied()
            .collect();
        let tagged = arns.of(&tagged_types);
        // Service Authorization Reference: sagemaker:AddTags is a dependent
        // action of the Create* calls when tags are passed;
        // sagemaker:TaggingAction limits it to those calls.
        if !tagged.is_empty() {
            b.add(
                (base + 30, String::new()),
                "TagOnCreate".into(),
                &["sagemaker:AddTags"],
                tagged,
                std::iter::once(cond(
                    "StringEquals",
                    "sagemaker:TaggingAction",
                    creates
                        .iter()
                        .filter(|a| !a.resource_types.is_empty())
                        .map(|a| Str::lit(sagemaker_name(a.action))),
                ))
                // tag_keys also holds on the AddTags call the create
                // makes: the Service Authorization Reference lists
                // aws:TagKeys on AddTags too.
                .chain(guard_conditions(w, "sagemaker:AddTags"))
                .collect(),
                name,
                "tag resources while creating them (Service Authorization Reference, Amazon SageMaker AI: AddTags is a dependent action of Create*)",
                None,
            );
        }
        for g in w.api.caller_grants {
            let (op, key, value) = g.condition;
            b.add(
                (base + 35, String::new()),
                g.sid.into(),
                &[g.action],
                [Str::arn("iam", "", Ctx::Deploying, g.iam_resource)],
                vec![cond(op, key, [Str::lit(value)])],
                name,
                g.reason,
                None,
            );
        }
        // A model created from a registered version: the SDK reads the
        // version first (catalog::model_registry::DEPLOY_READS), on the
        // group's versions only; the group's names are the spec's whoever
        // creates the model.
        let creates_models = creates.iter().any(|a| a.resource_types.contains(&"model"));
        if let Some(group) = w.model_package_group.as_ref().filter(|_| creates_models) {
            let (versions, which): (Vec<Str>, String) = match group {
                GroupRef::Workload(g) => {
                    let g = &workloads[g];
                    let names = JobNames::Workload(aws_name(prefix, g.resource_base()));
                    (
                        workload_arns(g, "model-package", &names, regions),
                        format!("of the groups {}", names.text_of(&["model-package"])),
                    )
                }
                // A version ARN of another account's group: its resource
                // policy must also allow the request (IAM User Guide,
                // "Cross-account policy evaluation logic").
                GroupRef::Shared(g) => (
                    vec![Str::arn(
                        "sagemaker",
                        &g.region,
                        Ctx::Fixed(g.account.clone()),
                        &format!("model-package/{}/*", g.name),
                    )],
                    format!(
                        "of the group {} in account {}, which shares them by its resource policy (SageMaker Developer Guide, 'Deploy a Model Version from a Different Account')",
                        g.name, g.account
                    ),
                ),
            };
            let actions: Vec<&str> = crate::catalog::model_registry::DEPLOY_READS
                .iter()
                .map(|a| a.action)
                .collect();
            b.add(
                (base + 37, name.clone()),
                format!("ReadModelPackages{}", pascal(name)),
                &actions,
                versions,
                vec![],
                name,
                &format!(
                    "read the registered model versions the model is created from, {which} (SageMaker Python SDK, ModelPackage.deploy: describe_model_package before create_model with the container's ModelPackageName); AWS has no condition key for ModelPackageName on CreateModel, so the create call is not pinned to them"
                ),
                None,
            );
        }
        // An endpoint's volume key: the principal that calls CreateEndpoint
        // needs kms:CreateGrant (VolumeKey::Endpoint), and only for the
        // grants SageMaker makes on its behalf for the endpoint's instances.
        let creates_endpoints = creates
            .iter()
            .any(|a| a.resource_types.contains(&"endpoint"));
        if w.api.volume_key == VolumeKey::Endpoint && !w.kms.volume.is_empty() && creates_endpoints
        {
            b.add(
                (base + 36, String::new()),
                "GrantEndpointVolumeKeys".into(),
                &["kms:CreateGrant"],
                w.kms.volume.iter().flat_map(|k| kms_arns(k, regions)),
                vec![cond("Bool", "kms:GrantIsForAWSResource", [Str::lit("true")])],
                name,
                "let SageMaker encrypt the endpoint's storage volume with the endpoint configuration's KmsKeyId, only for grants to AWS resources (SageMaker Developer Guide, 'Amazon SageMaker AI API Permissions: Actions, Permissions, and Resources Reference', CreateEndpoint: kms:CreateGrant, required only if the associated EndpointConfig has a KmsKeyId specified)",
                None,
            );
        }
        let groups = by_resource_types(manages);
        let several = groups.len() > 1;
        for (types, actions) in groups {
            let verbs = verbs(&actions);
            let mut sid = ["Manage", &pascal(name)].concat();
            if several {
                for t in types {
                    sid.push_str(&pascal(t));
                }
            }
            sid.push_str(named_by);
            b.add(
                (base + 40, name.clone()),
                sid,
                &actions,
                arns.of(types),
                vec![],
                name,
                &[
                    &verbs,
                    " the ",
                    &types.join(" and "),
                    " resources ",
                    &scope_text(w, types, &job_names),
                ]
                .concat(),
                None,
            );
        }
        follow_grants(b, base, names, l, &mut arns);
        if l.kind == CallerKind::StepFunctions {
            step_functions_grants(b, base, regions, &mut arns);
        }
    }
}

/// What `follow` grants on one launched workload (the catalog's
/// [`crate::catalog::Api::follow`] and [`LogGroup::follow_reads`]).
fn follow_grants(b: &mut Builder, base: u8, names: &Names, l: &Launcher, arns: &mut LaunchedArns) {
    let (w, job_names) = (arns.w, arns.job_names);
    let regions = names.regions;
    let name = &w.name;
    for &f in l.follow {
        let granted: Vec<_> = w
            .api
            .follow
            .iter()
            .filter(|a| a.follow == f && a.with.is_none_or(|field| w.sets(field)))
            .collect();
        let groups = by_resource_types(granted.iter().map(|a| &a.action));
        let several = groups.len() > 1;
        for (types, actions) in groups {
            let types_part: String = if several {
                types.iter().map(|t| pascal(t)).collect()
            } else {
                String::new()
            };
            let mut sources: Vec<&str> = Vec::new();
            for a in granted
                .iter()
                .filter(|a| actions.contains(&a.action.action))
            {
                if !sources.contains(&a.source) {
                    sources.push(a.source);
                }
            }
            b.add(
                (base + 45, name.clone()),
                ["Follow", &pascal(f.spec_name()), &pascal(name), &types_part].concat(),
                &actions,
                arns.of(types),
                vec![],
                name,
                &[
                    "follow = \"",
                    f.spec_name(),
                    "\": the launched ",
                    &types.join(" and "),
                    " resources ",
                    &scope_text(w, types, job_names),
                    " (",
                    &sources.join("; "),
                    ")",
                ]
                .concat(),
                None,
            );
        }
    }
    let reads = w
        .api
        .log_group
        .and_then(|g| g.follow_reads().map(|r| (g, r)));
    if let (true, Some((group, reads))) = (l.follow.contains(&Follow::Logs), reads) {
        let (group_arn, streams_arn) = workload_logs(group, job_names, regions);
        for (read, arn) in reads
            .group
            .iter()
            .map(|r| (r, &group_arn))
            .chain(reads.streams.iter().map(|r| (r, &streams_arn)))
        {
            let action = read.action.split(':').nth(1).unwrap_or(read.action);
            b.add(
                (base + 50, action.to_string()),
                // Joined, not formatted: asked for each launched workload,
                // formatting cost 400 instructions more a call.
                ["Follow", action].concat(),
                &[read.action],
                arn.clone(),
                vec![],
                name,
                read.reason,
                None,
            );
        }
    }
}

/// What a Step Functions state machine needs to run a launched workload's
/// jobs with `.sync`: the EventBridge rule Step Functions keeps for the job
/// kind, and the jobs' tags (Step Functions Developer Guide, "IAM policies
/// for Amazon SageMaker AI": events:PutTargets, PutRule and DescribeRule on
/// the rule; sagemaker:ListTags, which AWS grants on "*" and which takes
/// the launched resources' types).
fn step_functions_grants(b: &mut Builder, base: u8, regions: &Regions, arns: &mut LaunchedArns) {
    let w = arns.w;
    if let Some(rule) = w.api.step_functions_rule {
        b.add(
            (base + 55, String::new()),
            "StepFunctionsSageMakerRules".into(),
            &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
            regions.arns("events", &format!("rule/{rule}")),
            vec![],
            &w.name,
            "keep the EventBridge rules Step Functions manages to learn when the jobs of its .sync tasks end (Step Functions Developer Guide, 'IAM policies for Amazon SageMaker AI')",
            None,
        );
    }
    let types: Vec<&str> = w
        .api
        .create
        .iter()
        .flat_map(|a| a.resource_types)
        .copied()
        .collect();
    let launched = arns.of(&types);
    if !launched.is_empty() {
        b.add(
            (base + 56, String::new()),
            "StepFunctionsListTags".into(),
            &["sagemaker:ListTags"],
            launched,
            vec![],
            &w.name,
            "read the tags of what its SageMaker tasks launched, as Step Functions does (Step Functions Developer Guide, 'IAM policies for Amazon SageMaker AI': sagemaker:ListTags, on \"*\" there, on the launched resources here)",
            None,
        );
    }
}

fn caller(names: &Names, c: &CallerDraft, workloads: &BTreeMap<String, Workload>) -> Caller {
    let mut b = Builder::default();
    let launcher = Launcher {
        passes: &c.passes,
        launches: &c.launches,
        follow: &c.follow,
        kind: c.kind,
        step_job_names: None,
    };
    launch_grants(&mut b, 0, names, &launcher, workloads);
    approve_grants(&mut b, names, &c.approves, workloads);
    // A caller's statements serve what it launches, or else the roles it passes.
    let serves = if c.launches.is_empty() {
        &c.passes
    } else {
        &c.launches
    };
    b.declare(&c.statements, serves);
    let attach_to_role = match &c.principal_parts {
        Some(p) => (p.kind == "role").then(|| RoleRef::Named {
            account: p.account.clone(),
            name: p.name.clone(),
        }),
        // The lowering checked that the principal is one input, a role ARN.
        None => crate::spec::raw::reference::whole(&c.principal).map(|name| {
            RoleRef::Input(Input::Declared {
                name: name.to_string(),
                kind: crate::catalog::input_kinds::InputKind::IamRoleArn,
                max_length: crate::catalog::input_kinds::InputKind::IamRoleArn
                    .facts()
                    .max_length,
            })
        }),
    };

    Caller {
        key: c.key.clone(),
        principal: c.principal.clone(),
        attach_to_role,

        description: {
            // A principal given by an input is named in words, never by its
            // value: a managed policy's description cannot change in place
            // (Terraform AWS provider, aws_iam_policy: description "Forces
            // new resource"; CloudFormation User Guide,
            // AWS::IAM::ManagedPolicy: Description "Update requires:
            // Replacement", and a stack cannot replace a resource whose
            // ManagedPolicyName it fixes), so a new CI role would fail the
            // stack update or replace the policy.
            let who = match crate::spec::raw::reference::whole(&c.principal) {
                Some(input) => format!("the role given by input {input}"),
                None => c.principal.clone(),
            };
            if c.launches.is_empty() && c.passes.is_empty() {
                format!("Lets {who} approve model versions")
            } else {
                format!("Lets {who} launch SageMaker workloads and pass their execution roles")
            }
        },
        passes: c.passes.clone(),
        launches: c.launches.clone(),
        follow: c.follow.clone(),
        kind: c.kind,
        policy: b.finish(),
        documents: Vec::new(),
    }
}

/// What a caller's `approves` takes: for each model package group, setting
/// the approval status of its versions (UpdateModelPackage, only with a
/// status: `sagemaker:ModelApprovalStatus` is one of the statuses, so a
/// request that names none is denied) and reading the versions and the
/// group ([`crate::catalog::model_registry`]).
fn approve_grants(
    b: &mut Builder,
    names: &Names,
    approves: &[String],
    workloads: &BTreeMap<String, Workload>,
) {
    use crate::catalog::model_registry::{
        APPROVAL_KEY, APPROVAL_STATUSES, APPROVE, APPROVER_READS, APPROVER_UNPINNED,
    };
    for name in approves {
        let w = &workloads[name];
        let job_names = JobNames::Workload(aws_name(names.prefix, w.resource_base()));
        let versions = workload_arns(w, "model-package", &job_names, names.regions);
        b.add(
            (50, name.clone()),
            format!("Approve{}", pascal(name)),
            &[APPROVE.action],
            versions,
            vec![cond(
                "StringEquals",
                APPROVAL_KEY,
                APPROVAL_STATUSES.iter().map(|s| Str::lit(*s)),
            )],
            name,
            &format!(
                "set the approval status of the model versions of the groups {} (SageMaker Developer Guide, 'Update the Approval Status of a Model'), only in a request that names a status (sagemaker:ModelApprovalStatus); AWS has no condition key for {} of the same request, so an approver may change them too",
                job_names.text_of(&["model-package"]),
                APPROVER_UNPINNED.join(", ")
            ),
            None,
        );
        for (types, actions) in by_resource_types(APPROVER_READS) {
            b.add(
                (51, name.clone()),
                format!(
                    "ReadApproved{}{}",
                    pascal(name),
                    types.iter().map(|t| pascal(t)).collect::<String>()
                ),
                &actions,
                types
                    .iter()
                    .flat_map(|t| workload_arns(w, t, &job_names, names.regions)),
                vec![],
                name,
                &format!(
                    "read the {} it approves, {} (SageMaker Developer Guide, 'View the Details of a Model Version')",
                    types.join(" and "),
                    scope_text(w, types, &job_names)
                ),
                None,
            );
        }
    }
}

/// The workload's guardrails ([`crate::catalog::guardrails::Guardrail`]) on `action`: each one whose
/// key the action's Service Authorization entry lists. A list is tested
/// with `ForAllValues:` (every instance type or tag key of the request in
/// the list), with a `Null = false` test beside it where AWS always sends
/// the key, as `ForAllValues:` alone is true for a request without it; a
/// Boolean with `Bool`, or `BoolIfExists` where a request that leaves the
/// setting out gets the value asked for (the API's default, or an update
/// that keeps it) ([`Guardrail::absent_denied`]).
fn guard_conditions(w: &Workload, action: &str) -> Vec<Condition> {
    let mut out = Vec::new();
    for (g, v) in &w.guards {
        if !g.applies_to(action) {
            continue;
        }
        match v {
            Guard::Values(values) => {
                let op = match g.value() {
                    GuardValue::Strings { patterns: true } => "ForAllValues:StringLike",
                    _ => "ForAllValues:StringEquals",
                };
                out.push(cond(op, g.key(), values.iter().map(Str::lit)));
                if g.absent_denied(action, true) {
                    out.push(cond("Null", g.key(), [Str::lit("false")]));
                }
            }
            Guard::Bool(b) => {
                let op = if g.absent_denied(action, *b) && !w.api.absent_keeps(action) {
                    "Bool"
                } else {
                    "BoolIfExists"
                };
                out.push(cond(op, g.key(), [Str::lit(b.to_string())]));
            }
        }
    }
    out
}

/// The ARNs of the user profile that owns space `w`, in the space's own
/// domain.
fn owner_profile_arns(names: &Names, w: &Workload) -> Vec<Str> {
    w.owner
        .iter()
        .flat_map(|o| {
            sagemaker_arns(
                "user-profile",
                &aws_name(names.prefix, o),
                w.domain_id.as_ref(),
                names.regions,
            )
        })
        .collect()
}

/// Conditions on the create call that pin what the spec declares.
///
/// Single-valued keys (`ArnEquals`, `ArnLike`) are false when the request
/// leaves the key out, so such a request is denied. Multivalued keys with
/// `ForAllValues:` are vacuously true when the key is absent (IAM User Guide,
/// reference_policies_multi-value-conditions), so each gets a `Null = false`
/// test beside it. On a call where a request that leaves a key out keeps
/// the resource's setting (`absent_keeps`, an update), single-valued tests
/// take `...IfExists`, so that an update leaving the setting alone passes.
///
/// `space` is the space an app runs in, whose owner and sharing type pin
/// the app's create call.
fn request_conditions(
    names: &Names,
    w: &Workload,
    space: Option<&Workload>,
    job_names: &JobNames,
    keys: &[RequestKey],
    absent_keeps: bool,
) -> Vec<Condition> {
    let kms = |ks: &[KmsKey]| {
        ks.iter()
            .flat_map(|k| kms_arns(k, names.regions))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for key in keys {
        let values: Vec<Str> = match key {
            RequestKey::VpcSubnets => w
                .vpc
                .iter()
                .flat_map(|v| v.subnets.iter().map(Str::lit))
                .collect(),
            RequestKey::VpcSecurityGroupIds => w
                .vpc
                .iter()
                .flat_map(|v| v.security_groups.iter().map(Str::lit))
                .collect(),
            // The ...KmsKeyArn keys compare key ARNs; kms_arns writes a bare
            // key id as the key's ARN in the deploying account and the
            // spec's regions.
            RequestKey::VolumeKmsKeyArn => kms(&w.kms.volume),
            RequestKey::OutputKmsKeyArn => kms(&w.kms.output),
            // A pipeline that names its steps' jobs itself names the models
            // of its model steps the same way, and a transform step runs
            // the model such a step created: its models too.
            RequestKey::ModelArn => w
                .model
                .iter()
                .flat_map(|m| {
                    sagemaker_arns("model", &aws_name(names.prefix, m), None, names.regions)
                })
                .chain(match job_names {
                    JobNames::PipelineService => {
                        workload_arns(w, "model", job_names, names.regions)
                    }
                    JobNames::Workload(_) => Vec::new(),
                })
                .collect(),
            // The models the workload's launcher may create (launch_grants).
            RequestKey::OwnModelArn => workload_arns(w, "model", job_names, names.regions),
            RequestKey::WorkteamArn => w
                .workteam
                .iter()
                .map(|t| {
                    Str::arn(
                        "sagemaker",
                        &t.region,
                        Ctx::Fixed(t.account.clone()),
                        &t.resource,
                    )
                })
                .collect(),
            RequestKey::FeatureGroupOfflineStoreKmsKeyArn => kms(&w.kms.output),
            // The store's S3Uri is the declared prefix, with or without its
            // final slash, or a location below it.
            RequestKey::FeatureGroupOfflineStoreS3Uri => w
                .outputs
                .iter()
                .flat_map(|o| {
                    let base = format!("s3://{}/{}", o.bucket, o.prefix.trim_end_matches('/'));
                    let base = base.trim_end_matches('/').to_string();
                    [Str::lit(&base), Str::lit(format!("{base}/*"))]
                })
                .collect(),
            // A space's owner is a workload of the spec, its profile named
            // as the owner's caller creates it (launch_grants).
            RequestKey::OwnerUserProfileArn => owner_profile_arns(names, w),
            // What the output's ownership and sharing settings send.
            RequestKey::SpaceSharingType => w
                .sharing
                .map(|s| Str::lit(s.api_name()))
                .into_iter()
                .collect(),
            // An app of a private space carries its space's owner; any
            // other app (a shared space's, a Studio Classic app) is pinned
            // to carry none.
            RequestKey::AppSpaceOwner => match space {
                Some(s) if s.sharing == Some(Sharing::Private) => owner_profile_arns(names, s),
                _ => {
                    out.push(cond("Null", key.key(), [Str::lit("true")]));
                    continue;
                }
            },
            RequestKey::AppSpacePrivate => match space.and_then(|s| s.sharing) {
                Some(Sharing::Private) => vec![Str::lit(Sharing::Private.api_name())],
                _ => Vec::new(),
            },
            // A registrant registers versions pending, never approved.
            RequestKey::RegistersPending => vec![Str::lit("PendingManualApproval")],
            // A default pin holds its fixed value, unless the spec opts out.
            RequestKey::RootAccess
            | RequestKey::MinimumInstanceMetadataServiceVersion
            | RequestKey::DirectInternetAccess => key
                .default_pin()
                .filter(|(_, opt_out)| !w.opt_out.contains_key(opt_out))
                .filter(|_| key.default_pin_needs().is_none_or(|f| w.sets(f)))
                .map(|(value, _)| Str::lit(value))
                .into_iter()
                .collect(),
        };
        if values.is_empty() {
            continue;
        }
        if absent_keeps && !key.is_multivalued() {
            out.push(cond(
                &format!("{}IfExists", key.operator()),
                key.key(),
                values,
            ));
        } else {
            out.push(cond(key.operator(), key.key(), values));
        }
        if key.is_multivalued() {
            out.push(cond("Null", key.key(), [Str::lit("false")]));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A caller's statement says what its calls do: an update call is
    /// not described as a create (UpdatePipeline, UpdateImage and
    /// UpdateMonitoringSchedule are launchers' calls beside the creates).
    #[test]
    fn the_verb_of_a_call_is_the_first_word_of_its_action() {
        assert_eq!(verbs(&["sagemaker:CreateTrainingJob"]), "create");
        assert_eq!(verbs(&["sagemaker:UpdatePipeline"]), "update");
        assert_eq!(
            verbs(&["sagemaker:CreateModel", "sagemaker:CreateEndpointConfig"]),
            "create"
        );
        assert_eq!(
            verbs(&["sagemaker:CreateImage", "sagemaker:UpdateImage"]),
            "create and update"
        );
        assert_eq!(
            verbs(&[
                "sagemaker:DescribeApp",
                "sagemaker:StopApp",
                "sagemaker:DeleteApp"
            ]),
            "describe, stop and delete"
        );
    }

    /// Only the domain id's placeholder splits a pattern, wherever it is,
    /// also after another placeholder's brace.
    #[test]
    fn a_pattern_splits_only_around_the_domain_id() {
        let id = crate::catalog::DOMAIN_ID;
        assert_eq!(
            split_domain_id(&format!("user-profile/{id}/x")),
            Some(("user-profile/", "/x"))
        );
        assert_eq!(
            split_domain_id(&format!("a/{{name}}/{id}")),
            Some(("a/{name}/", ""))
        );
        assert_eq!(split_domain_id("app/{name}/x"), None);
        assert_eq!(split_domain_id("training-job/x"), None);
    }

    fn arn(resource: &str) -> Str {
        Str::arn("s3", "", Ctx::Empty, resource)
    }

    /// The merge compares resources by their symbolic texts, written and
    /// read piece by piece: the same text, wildcards and sieve as the text
    /// written whole.
    #[test]
    fn a_resource_pattern_is_that_of_its_symbolic_text() {
        let domain = Input::StudioDomainId("studio".into());
        let mut in_domain = Str::lit("user-profile/");
        in_domain.push(Part::Input(Box::new(domain)));
        in_domain.push_lit("/*");
        let resources = [
            arn("b/train/*"),
            Str::arn("sagemaker", "*", Ctx::Deploying, "training-job/t-*"),
            Str::arn_of("sagemaker", "us-east-1", Ctx::Deploying, &in_domain),
            Str::arn(
                "kms",
                "eu-west-1",
                Ctx::Fixed("111122223333".into()),
                "key/k",
            ),
            Str::lit("*"),
        ];
        let symbols = Symbols::new();
        for r in &resources {
            let (read, whole) = (symbols.pattern(r), Pattern::new(r.symbolic()));
            assert_eq!(read.as_str(), whole.as_str());
            assert_eq!(format!("{read:?}"), format!("{whole:?}"));
        }
    }

    /// One statement that each (resource, workload) adds to, in order.
    fn shared_statement(adds: &[(&str, &str)]) -> Policy {
        let mut b = Builder::default();
        for (resource, workload) in adds {
            b.add(
                (20, String::new()),
                "ReadInputData".into(),
                &["s3:GetObject"],
                [arn(resource)],
                vec![],
                workload,
                "read",
                None,
            );
        }
        b.finish()
    }

    /// Which workloads each resource of a shared statement is there for,
    /// as the reach asks it (`Why::serves_of`, `model::reach`): a resource
    /// stays with the workloads that added it, also one added while a
    /// single workload had the statement, before others joined.
    #[test]
    fn each_resource_of_a_shared_statement_serves_the_workloads_that_added_it() {
        let policy =
            shared_statement(&[("a/1/*", "a"), ("a/2/*", "a"), ("b/*", "b"), ("a/1/*", "c")]);
        let st = &policy.statements[0];
        let serves_of = |r: &str| {
            let at = st.resources.iter().position(|x| *x == arn(r)).unwrap();
            st.why.serves_of(at)
        };
        assert_eq!(texts(&st.why.serves), ["a", "b", "c"]);
        assert_eq!(texts(serves_of("a/1/*")), ["a", "c"]);
        assert_eq!(texts(serves_of("a/2/*")), ["a"]);
        assert_eq!(texts(serves_of("b/*")), ["b"]);
    }

    fn texts(names: &[Arc<str>]) -> Vec<&str> {
        names.iter().map(|w| &**w).collect()
    }

    /// A resource covered by one that sorts after it in the same
    /// statement (`$` sorts before `*`) gives its workloads to that one.
    #[test]
    fn a_resource_covered_by_a_later_one_of_its_statement_moves_its_workloads_there() {
        let policy = shared_statement(&[("b/$x", "a"), ("b/*", "b"), ("c", "c")]);
        let st = &policy.statements[0];
        assert_eq!(st.resources, [arn("b/*"), arn("c")]);
        assert_eq!(texts(st.why.serves_of(0)), ["a", "b"]);
        assert_eq!(texts(st.why.serves_of(1)), ["c"]);
    }

    /// A Sid, its actions, a resource, the value of a condition (if any)
    /// and the workload it serves.
    type Add<'a> = (&'a str, &'a [&'a str], &'a str, Option<&'a str>, &'a str);

    /// One `add` for each [`Add`], each Sid its own statement, in the
    /// order given.
    fn statements(adds: &[Add]) -> Builder {
        let mut b = Builder::default();
        for (at, (sid, actions, resource, condition, workload)) in adds.iter().enumerate() {
            let conditions = condition
                .map(|v| vec![cond("StringEquals", "aws:ResourceTag/team", [Str::lit(v)])])
                .unwrap_or_default();
            b.add(
                (u8::try_from(at).unwrap(), String::new()),
                sid.to_string(),
                actions,
                [arn(resource)],
                conditions,
                workload,
                "test",
                None,
            );
        }
        b
    }

    fn shape(policy: &Policy) -> Vec<(String, Vec<Str>, Vec<String>)> {
        policy
            .statements
            .iter()
            .map(|s| {
                let serves = s.why.serves.iter().map(|w| w.to_string()).collect();
                (s.sid.clone(), s.resources.clone(), serves)
            })
            .collect()
    }

    /// IAM allows a request when any statement allows it (IAM User Guide,
    /// "Policy evaluation logic"), so a grant that another statement makes
    /// again, with the same conditions, adds nothing: of two equal ones the
    /// first stays and takes the second's workloads, and a statement that
    /// allows more actions keeps the grant wherever it stands.
    #[test]
    fn a_grant_another_statement_repeats_stays_with_the_first_or_the_broader() {
        let get: &[&str] = &["s3:GetObject"];
        let get_put: &[&str] = &["s3:GetObject", "s3:PutObject"];
        let equal = statements(&[
            ("First", get, "b/*", None, "a"),
            ("Second", get, "b/*", None, "b"),
        ])
        .finish();
        assert_eq!(
            shape(&equal),
            [(
                "First".into(),
                vec![arn("b/*")],
                vec!["a".into(), "b".into()]
            )]
        );
        let broader_later = statements(&[
            ("Narrow", get, "b/x/*", None, "a"),
            ("Broad", get_put, "b/*", None, "b"),
        ])
        .finish();
        assert_eq!(
            shape(&broader_later),
            [(
                "Broad".into(),
                vec![arn("b/*")],
                vec!["a".into(), "b".into()]
            )]
        );
        // Actions compare as IAM compares them: without case, with their
        // wildcards.
        let wildcard = statements(&[
            ("Exact", &["s3:getobject"], "b/*", None, "a"),
            ("Any", &["s3:Get*"], "b/*", None, "b"),
        ])
        .finish();
        assert_eq!(shape(&wildcard)[0].0, "Any");
        assert_eq!(shape(&wildcard).len(), 1);
    }

    /// A grant is covered only by one under the same conditions, and a
    /// declared statement neither gives up its resources nor takes others'.
    #[test]
    fn grants_under_other_conditions_or_declared_stay_apart() {
        let get: &[&str] = &["s3:GetObject"];
        let conditioned = statements(&[
            ("Plain", get, "b/*", None, "a"),
            ("TeamX", get, "b/*", Some("x"), "b"),
            ("TeamY", get, "b/x/*", Some("y"), "c"),
            ("AlsoX", get, "b/x/*", Some("x"), "d"),
        ])
        .finish();
        assert_eq!(
            shape(&conditioned),
            [
                ("Plain".into(), vec![arn("b/*")], vec!["a".into()]),
                (
                    "TeamX".into(),
                    vec![arn("b/*")],
                    vec!["b".into(), "d".into()]
                ),
                ("TeamY".into(), vec![arn("b/x/*")], vec!["c".into()]),
            ]
        );
        let mut b = statements(&[("Generated", get, "b/*", None, "a")]);
        b.declare(
            &[Declared {
                name: "mine".into(),
                reason: "test".into(),
                actions: vec!["s3:GetObject".into()],
                resources: vec![arn("b/*"), arn("b/x/*")],
                conditions: Vec::new(),
                wildcard: None,
            }],
            &["a".to_string()],
        );
        let declared = b.finish();
        assert_eq!(
            shape(&declared),
            [
                ("Generated".into(), vec![arn("b/*")], vec!["a".into()]),
                (
                    "DeclaredMine".into(),
                    vec![arn("b/*"), arn("b/x/*")],
                    vec!["a".into()]
                ),
            ]
        );
    }

    #[test]
    fn covered_prefixes_are_dropped() {
        let set: BTreeSet<&str> = ["train/", "train/2024/", "validation/", "val"].into();
        let min: Vec<_> = minimal_prefixes(&set).into_iter().collect();
        assert_eq!(min, ["train/", "val"]);
    }

    /// The low 24 bits of 32-bit FNV-1a, in upper-case hex: the hashes are
    /// the published FNV-1a test vectors (IETF draft "The FNV
    /// Non-Cryptographic Hash Algorithm", test suite: "" = 0x811c9dc5,
    /// "a" = 0xe40c292c, "foobar" = 0xbf9cf968), so a Sid tag stays the same
    /// on every machine and in every release.
    #[test]
    fn stable_tag_is_fnv1a_of_the_name() {
        assert_eq!(stable_tag(""), "1C9DC5");
        assert_eq!(stable_tag("a"), "0C292C");
        assert_eq!(stable_tag("foobar"), "9CF968");
        assert_ne!(stable_tag("my.bucket"), stable_tag("my-bucket"));
    }
}
