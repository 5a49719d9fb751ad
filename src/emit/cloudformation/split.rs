//! Templates within CloudFormation's quotas: a model too large for one stack
//! is split into several independent, self-contained templates (no nested
//! stacks, which need an upload step and a parent stack).
//!
//! What goes together (a [`Unit`]): a role with all its policies, inline and
//! managed, as its managed policies attach to it by `Ref`; a caller with every
//! part of its policy; a Studio domain with every role that its outputs, user
//! profiles and spaces name, as they name them by `Fn::GetAtt`. A caller's
//! policy names the roles it passes by ARN, built from their names, and IAM
//! does not require a policy's resources to exist, so a caller can sit in any
//! template and stacks can be deployed in any order. A caller goes where its
//! own key sends it rather than with a role it passes: it then stays put when
//! those roles move, or when it comes to pass another.
//!
//! Where a unit goes: rendezvous (highest random weight) hashing of its key
//! over the templates, with [`stable_hash`]. Each unit scores every template
//! and goes to its highest, so adding a unit moves no other, and going from
//! `k` to `k + 1` templates moves only the units whose highest score is the
//! new template's, about one in `k + 1`. The template count is the fewest
//! that the sizes allow with a fifth left free, as hashing spreads units
//! unevenly; a template that still overflows raises it by one.
//!
//! Files: `cloudformation/template.{yaml,json}` when one stack holds
//! everything, as before; otherwise `cloudformation/template-<i>.{yaml,json}`
//! for the `i`-th template (from 1). A template that no unit chose is not
//! written, as a template needs a resource; the others keep their numbers.
//!
//! Sizes are measured on the written text, exactly: a template's body does
//! not depend on where it is deployed (partition and account are pseudo
//! parameters, substituted by CloudFormation after it has read the body).

use std::collections::BTreeMap;
use std::fmt;

use super::{Rendered, Settings};
use crate::diagnostic::{Diagnostic, Kind};
use crate::emit::Files;
use crate::model::quota::{stable_hash, StackQuotas};
use crate::model::{Caller, Model, Role, StudioDomain};

/// The roles, callers and Studio domains of a model that one template holds.
#[derive(Debug, Clone)]
pub(super) struct Selection {
    roles: Vec<bool>,
    callers: Vec<bool>,
    studio: Vec<bool>,
}

impl Selection {
    fn all(model: &Model) -> Self {
        Selection {
            roles: vec![true; model.roles.len()],
            callers: vec![true; model.callers.len()],
            studio: vec![true; model.studio.len()],
        }
    }

    fn of(model: &Model, units: &[&Unit]) -> Self {
        let mut selection = Selection {
            roles: vec![false; model.roles.len()],
            callers: vec![false; model.callers.len()],
            studio: vec![false; model.studio.len()],
        };
        for u in units {
            for &r in &u.roles {
                selection.roles[r] = true;
            }
            for &c in &u.callers {
                selection.callers[c] = true;
            }
            for &d in &u.studio {
                selection.studio[d] = true;
            }
        }
        selection
    }

    pub(super) fn roles<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a Role> + 'a {
        pick(&model.roles, &self.roles)
    }

    pub(super) fn callers<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a Caller> + 'a {
        pick(&model.callers, &self.callers)
    }

    pub(super) fn studio<'a>(
        &'a self,
        model: &'a Model,
    ) -> impl Iterator<Item = &'a StudioDomain> + 'a {
        pick(&model.studio, &self.studio)
    }
}

fn pick<'a, T>(items: &'a [T], chosen: &'a [bool]) -> impl Iterator<Item = &'a T> + 'a {
    items
        .iter()
        .zip(chosen)
        .filter_map(|(item, &on)| on.then_some(item))
}

/// What must sit in one template, by index into the model's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    /// What it is hashed by: `role:<key>` (for a Studio domain's roles, the
    /// first of them by key), or `caller:<key>`.
    key: String,
    roles: Vec<usize>,
    callers: Vec<usize>,
    studio: Vec<usize>,
}

impl Unit {
    /// The unit as an error names it.
    fn holder(&self, model: &Model) -> Holder {
        match (self.studio.first(), self.callers.as_slice()) {
            (Some(&d), _) => Holder::Domain {
                name: model.studio[d].name.clone(),
                roles: self.roles.len(),
            },
            (None, [c]) => Holder::Caller(model.callers[*c].key.clone()),
            (None, _) => Holder::Role(model.roles[self.roles[0]].key.clone()),
        }
    }
}

/// The units of a model, in a fixed order: role groups by their first
/// role, then callers.
fn units(model: &Model) -> Vec<Unit> {
    let index: BTreeMap<&str, usize> = model
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i))
        .collect();
    // Union-find over roles: a Studio domain joins the roles it names.
    let mut parent: Vec<usize> = (0..model.roles.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let domain_roles = |d: &StudioDomain| -> Vec<usize> {
        std::iter::once(&d.role)
            .chain(d.identities.iter().map(|i| &i.role))
            .filter_map(|key| index.get(key.as_str()).copied())
            .collect()
    };
    for d in &model.studio {
        let roles = domain_roles(d);
        for pair in roles.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            // The smaller index stays the root, so a group's root is its first role.
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, Unit> = BTreeMap::new();
    for r in 0..model.roles.len() {
        let g = root(&mut parent, r);
        groups
            .entry(g)
            .or_insert_with(|| Unit {
                key: String::new(),
                roles: Vec::new(),
                callers: Vec::new(),
                studio: Vec::new(),
            })
            .roles
            .push(r);
    }
    for (i, d) in model.studio.iter().enumerate() {
        if let Some(&first) = domain_roles(d).first() {
            let g = root(&mut parent, first);
            groups
                .get_mut(&g)
                .expect("every role has a group")
                .studio
                .push(i);
        }
    }
    let mut units: Vec<Unit> = groups
        .into_values()
        .map(|mut u| {
            let first = u
                .roles
                .iter()
                .map(|&r| model.roles[r].key.as_str())
                .min()
                .expect("a group has a role");
            u.key = format!("role:{first}");
            u
        })
        .collect();
    units.extend(model.callers.iter().enumerate().map(|(i, c)| Unit {
        key: format!("caller:{}", c.key),
        roles: Vec::new(),
        callers: vec![i],
        studio: Vec::new(),
    }));
    units
}

/// splitmix64's finalizer: spreads the bits of `z`, so that the scores of
/// one key over the templates are unrelated to each other.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The template (from 0) among `count` that rendezvous hashing gives `key`.
fn home(key: &str, count: usize) -> usize {
    let h = stable_hash(key);
    (0..count)
        .max_by_key(|&i| mix(h ^ mix(i as u64 + 1)))
        .expect("at least one template")
}

/// A quota of one stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    Resources,
    Outputs,
    Parameters,
    JsonBody,
    YamlBody,
    LogicalIdLength,
    DescriptionLength,
}

impl Quota {
    fn name(self) -> &'static str {
        match self {
            Quota::Resources => "resources per stack",
            Quota::Outputs => "outputs per stack",
            Quota::Parameters => "parameters per stack",
            Quota::JsonBody => "template body size from S3, in bytes (JSON)",
            Quota::YamlBody => "template body size from S3, in bytes (YAML)",
            Quota::LogicalIdLength => "characters in a logical id",
            Quota::DescriptionLength => "bytes in a template description",
        }
    }

    /// Whether spreading the roles over more templates lowers the count.
    fn splits(self) -> bool {
        !matches!(self, Quota::LogicalIdLength | Quota::DescriptionLength)
    }
}

/// What needs more of a quota than one stack has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// The template as a whole: a quota that no split lowers (a logical id,
    /// the description), or no split found.
    Template,
    Role(String),
    Caller(String),
    /// A Studio domain (its CreateDomain workload) with the roles that its
    /// user profiles and spaces run under, which its template holds
    /// together.
    Domain {
        name: String,
        roles: usize,
    },
}

impl Holder {
    /// The spec path of the block that declares it; empty for the template.
    pub fn path(&self) -> String {
        match self {
            Holder::Template => String::new(),
            Holder::Role(key) => format!("role {key:?}"),
            Holder::Caller(key) => format!("caller {key:?}"),
            Holder::Domain { name, .. } => format!("workload {name:?}"),
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holder::Template => write!(f, "the template"),
            Holder::Role(key) => write!(f, "role {key:?}"),
            Holder::Caller(key) => write!(f, "caller {key:?}"),
            Holder::Domain { name, roles: 1 } => {
                write!(f, "Studio domain {name:?} with its role")
            }
            Holder::Domain { name, roles } => write!(
                f,
                "Studio domain {name:?} with the {roles} roles that it and its user profiles and spaces run under"
            ),
        }
    }
}

/// What cannot be deployed, however the roles are split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaExceeded {
    pub quota: Quota,
    pub limit: usize,
    pub size: usize,
    /// What needs it.
    pub holder: Holder,
    /// The longest logical id, for [`Quota::LogicalIdLength`].
    pub longest_id: Option<String>,
}

impl fmt::Display for QuotaExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs {} {} in one CloudFormation template, over the quota of {} (AWS CloudFormation User Guide, \"Understand CloudFormation quotas\")",
            self.holder,
            self.size,
            self.quota.name(),
            self.limit
        )?;
        if let Some(id) = &self.longest_id {
            write!(f, ": {id}")?;
        }
        Ok(())
    }
}

impl QuotaExceeded {
    /// The error as a diagnostic at the block that declares what needs the
    /// quota, with what would make it fit.
    pub fn diagnostic(&self) -> Diagnostic {
        let help = match (&self.holder, self.quota) {
            (_, Quota::LogicalIdLength) => "logical ids are built from the names of roles, callers and workloads: shorten the longest".to_string(),
            (_, Quota::DescriptionLength) => "the description repeats the generated files' header, which names the spec by its path from the output folder: generate from a shorter path".to_string(),
            (Holder::Template, _) => "split the spec's roles and callers over more specs, each generated into a folder of its own".to_string(),
            (Holder::Role(_), _) => "split the role's workloads over more roles, so that each fits a stack".to_string(),
            (Holder::Caller(_), _) => "split the caller's workloads over more callers, so that each fits a stack".to_string(),
            (Holder::Domain { .. }, _) => "a domain's user profiles and spaces name the roles they run under by Fn::GetAtt, so a split keeps them in one template: give fewer profiles roles of their own (one that leaves its role out inherits the domain's), or spread the profiles over more domains".to_string(),
        };
        Diagnostic::error(Kind::Quota, self.holder.path(), None, self.to_string()).with_help(help)
    }
}

/// The first quota that a rendered template exceeds, with its size and limit.
fn over(r: &Rendered, q: &StackQuotas) -> Option<(Quota, usize, usize)> {
    [
        (Quota::Resources, r.resources, q.resources),
        (Quota::Outputs, r.outputs, q.outputs),
        (Quota::Parameters, r.parameters, q.parameters),
        (Quota::JsonBody, r.json.len(), q.template_body),
        (Quota::YamlBody, r.yaml.len(), q.template_body),
        (
            Quota::LogicalIdLength,
            r.longest_id.chars().count(),
            q.logical_id_length,
        ),
        (
            Quota::DescriptionLength,
            r.description,
            q.description_length,
        ),
    ]
    .into_iter()
    .find(|(_, size, limit)| size > limit)
}

/// The fewest templates that sizes measured on one template allow, each
/// filled to four fifths of every quota.
fn fewest(r: &Rendered, q: &StackQuotas) -> usize {
    let at_four_fifths = |size: usize, limit: usize| (size * 5).div_ceil(limit * 4);
    [
        at_four_fifths(r.resources, q.resources),
        at_four_fifths(r.outputs, q.outputs),
        at_four_fifths(r.parameters, q.parameters),
        at_four_fifths(r.json.len(), q.template_body),
        at_four_fifths(r.yaml.len(), q.template_body),
    ]
    .into_iter()
    .max()
    .unwrap_or(1)
    .max(2)
}

pub(super) fn emit(
    model: &Model,
    settings: &Settings,
    q: &StackQuotas,
) -> Result<Files, QuotaExceeded> {
    let mut files = Files::new();
    let one = Rendered::new(
        model,
        settings,
        "cloudformation/template",
        &Selection::all(model),
        None,
    );
    let Some((quota, size, limit)) = over(&one, q) else {
        one.into_files(&mut files);
        return Ok(files);
    };
    let longest_id = (quota == Quota::LogicalIdLength).then(|| one.longest_id.clone());
    let whole = || QuotaExceeded {
        quota,
        limit,
        size,
        holder: Holder::Template,
        longest_id: longest_id.clone(),
    };
    if !quota.splits() {
        return Err(whole());
    }
    let units = units(model);
    // More templates than units would leave some empty.
    let mut count = fewest(&one, q).min(units.len()).max(1);
    drop(one);
    // Past this many templates per unit, two units that share a template at
    // every count are too large together; no spec met so far comes near.
    let most = 4 * units.len().max(1);
    while count <= most {
        if let Some(rendered) = try_split(model, settings, q, &units, count)? {
            for r in rendered {
                r.into_files(&mut files);
            }
            return Ok(files);
        }
        count += 1;
    }
    Err(whole())
}

/// The templates of `units` spread over `count`, or `None` when one of
/// them exceeds a quota that more templates can help with.
fn try_split(
    model: &Model,
    settings: &Settings,
    q: &StackQuotas,
    units: &[Unit],
    count: usize,
) -> Result<Option<Vec<Rendered>>, QuotaExceeded> {
    let homes: Vec<usize> = units.iter().map(|u| home(&u.key, count)).collect();
    let mut rendered = Vec::new();
    for t in 0..count {
        let members: Vec<&Unit> = units
            .iter()
            .zip(&homes)
            .filter_map(|(u, &h)| (h == t).then_some(u))
            .collect();
        if members.is_empty() {
            continue;
        }
        let stem = format!("cloudformation/template-{}", t + 1);
        let r = Rendered::new(
            model,
            settings,
            &stem,
            &Selection::of(model, &members),
            Some(t + 1),
        );
        if let Some((quota, size, limit)) = over(&r, q) {
            if members.len() == 1 || !quota.splits() {
                return Err(QuotaExceeded {
                    quota,
                    limit,
                    size,
                    holder: match members.as_slice() {
                        [one] if quota.splits() => one.holder(model),
                        _ => Holder::Template,
                    },
                    longest_id: (quota == Quota::LogicalIdLength).then(|| r.longest_id.clone()),
                });
            }
            return Ok(None);
        }
        rendered.push(r);
    }
    Ok(Some(rendered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic(n: usize) -> Model {
        crate::load(&crate::diagnostic::Source::new(
            "s.hcl",
            crate::synthetic::spec(n),
        ))
        .expect("synthetic specs are valid")
    }

    fn small_stacks() -> StackQuotas {
        StackQuotas {
            template_body: 120_000,
            ..StackQuotas::default()
        }
    }

    /// Template file stem → the role names its YAML declares.
    fn roles_by_template(files: &Files) -> BTreeMap<String, Vec<String>> {
        files
            .iter()
            .filter(|(path, _)| path.ends_with(".yaml"))
            .map(|(path, text)| {
                let roles = text
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("RoleName: "))
                    .map(str::to_string)
                    .collect();
                (path.clone(), roles)
            })
            .collect()
    }

    #[test]
    fn a_split_is_deterministic_and_holds_every_role_once_within_the_quotas() {
        let model = synthetic(100);
        let settings = Settings::new("../s.hcl");
        let q = small_stacks();
        let files = emit(&model, &settings, &q).unwrap();
        assert_eq!(files, emit(&model, &settings, &q).unwrap());
        assert!(files.len() > 2, "{:?}", files.keys());
        assert!(!files.contains_key("cloudformation/template.yaml"));
        for (path, text) in &files {
            assert!(text.len() <= q.template_body, "{path}: {}", text.len());
        }
        let mut roles: Vec<String> = roles_by_template(&files).into_values().flatten().collect();
        roles.sort();
        let expected: Vec<String> = model.roles.iter().map(|r| r.name.clone()).collect();
        assert_eq!(roles, expected);
    }

    #[test]
    fn adding_a_role_moves_no_other_while_the_template_count_holds() {
        let settings = Settings::new("../s.hcl");
        let q = small_stacks();
        let before = roles_by_template(&emit(&synthetic(100), &settings, &q).unwrap());
        let after = roles_by_template(&emit(&synthetic(101), &settings, &q).unwrap());
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "the test needs the template count to hold"
        );
        for (path, roles) in &before {
            let kept: Vec<&String> = after[path].iter().filter(|r| roles.contains(r)).collect();
            assert_eq!(kept.len(), roles.len(), "{path}: a role moved");
        }
    }

    #[test]
    fn a_role_that_fits_no_stack_is_an_error_naming_the_quota_and_sizes() {
        // A role has two outputs, its ARN and its name; the synthetic caller
        // has two, one for each part of its policy.
        let q = StackQuotas {
            outputs: 1,
            ..StackQuotas::default()
        };
        let err = emit(&synthetic(10), &Settings::new("../s.hcl"), &q).unwrap_err();
        assert_eq!(err.quota, Quota::Outputs);
        assert_eq!((err.size, err.limit), (2, 1));
        assert!(
            [Holder::Role("r0000".into()), Holder::Caller("c0000".into())].contains(&err.holder),
            "{}",
            err.holder
        );
        // Located at the block that declares it, with a way out.
        let d = err.diagnostic();
        assert_eq!(d.path, err.holder.path());
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("split the")),
            "{d:?}"
        );
        assert!(
            err.to_string().contains("needs 2 outputs per stack"),
            "{err}"
        );
    }

    #[test]
    fn rendezvous_homes_are_spread_and_move_little_when_templates_are_added() {
        let keys: Vec<String> = (0..1000).map(|i| format!("role:r{i:04}")).collect();
        let at = |count| -> Vec<usize> { keys.iter().map(|k| home(k, count)).collect() };
        let five = at(5);
        let mut per = [0usize; 5];
        for &h in &five {
            per[h] += 1;
        }
        // 200 a template on average; hashing that spreads badly would leave
        // one far from it.
        assert!(per.iter().all(|&n| (150..=250).contains(&n)), "{per:?}");
        let six = at(6);
        let moved: Vec<usize> = (0..keys.len()).filter(|&i| five[i] != six[i]).collect();
        // Only to the new template, and about a sixth of them.
        assert!(moved.iter().all(|&i| six[i] == 5));
        assert!((120..=220).contains(&moved.len()), "{}", moved.len());
    }
}
