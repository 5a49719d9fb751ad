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
//! Sizes are those of the written text, exactly: a template's body does not
//! depend on where it is deployed (partition and account are pseudo
//! parameters, substituted by CloudFormation after it has read the body).
//! They are known before any template is written (see [`Measures`]): each
//! unit's resources and outputs are written once, as the entries they are
//! in any template, and kept; a template's size is the sum of its units'
//! with its frame (header, description, metadata, parameters) and the
//! conditions its units share. At the count chosen, each template is put
//! together from its frame, written, and its entries, copied; so each
//! entry is written once (a model whose counts fit one stack is first
//! written as one template, as most do, and measured only when its bytes
//! do not fit). Each template is still held to every quota, and one that
//! exceeds a quota (a measure gone wrong) counts as not fitting; debug
//! builds check that a template put together is the template written
//! whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use indexmap::IndexMap;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{both, contents, Contents, Parameter, Rendered, Selection, Sizes};
use crate::diagnostic::{Diagnostic, Kind};
use crate::emit::{Settings, Sink};
use crate::model::quota::{stable_hash, StackQuotas};
use crate::model::{Attachment, Model, StudioDomain, StudioKind};

/// What must sit in one template, by index into the model's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    /// What it is hashed by: `role:<key>` (for a Studio domain's roles, the
    /// first of them by key), or `caller:<key>`.
    key: String,
    roles: Vec<usize>,
    callers: Vec<usize>,
    studio: Vec<usize>,
    /// Model package group policies: outputs only, which need a template
    /// with a resource, so they go with the first unit.
    groups: Vec<usize>,
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
                groups: Vec::new(),
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
        groups: Vec::new(),
    }));
    if let Some(first) = units.first_mut() {
        first.groups = (0..model.group_policies.len()).collect();
    }
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
#[cfg(test)]
fn home(key: &str, count: usize) -> usize {
    home_of(stable_hash(key), count)
}

/// The template (from 0) among `count` that rendezvous hashing gives a key
/// whose [`stable_hash`] is `h`.
fn home_of(h: u64, count: usize) -> usize {
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

/// The first quota that a template of `sizes` exceeds, with its size and
/// limit.
fn over(sizes: &Sizes, q: &StackQuotas) -> Option<(Quota, usize, usize)> {
    [
        (Quota::Resources, sizes.resources, q.resources),
        (Quota::Outputs, sizes.outputs, q.outputs),
        (Quota::Parameters, sizes.parameters, q.parameters),
        (Quota::JsonBody, sizes.json, q.template_body),
        (Quota::YamlBody, sizes.yaml, q.template_body),
        (
            Quota::LogicalIdLength,
            sizes.longest_id,
            q.logical_id_length,
        ),
        (
            Quota::DescriptionLength,
            sizes.description,
            q.description_length,
        ),
    ]
    .into_iter()
    .find(|(_, size, limit)| size > limit)
}

/// The fewest templates that the sizes of one template holding everything
/// allow, each filled to four fifths of every quota.
fn fewest(sizes: &Sizes, q: &StackQuotas) -> usize {
    let at_four_fifths = |size: usize, limit: usize| (size * 5).div_ceil(limit * 4);
    [
        at_four_fifths(sizes.resources, q.resources),
        at_four_fifths(sizes.outputs, q.outputs),
        at_four_fifths(sizes.parameters, q.parameters),
        at_four_fifths(sizes.json, q.template_body),
        at_four_fifths(sizes.yaml, q.template_body),
    ]
    .into_iter()
    .max()
    .unwrap_or(1)
    .max(2)
}

/// What the paths of the templates of several start with.
const PARTS: &str = "cloudformation/template-";

/// The file stem of a template: the one template, or the `part`-th of
/// several.
fn stem(part: Option<usize>) -> String {
    match part {
        None => "cloudformation/template".to_string(),
        Some(i) => format!("{PARTS}{i}"),
    }
}

pub(super) fn emit(
    model: &Model,
    settings: &Settings,
    q: &StackQuotas,
    sink: &mut dyn Sink,
) -> Result<(), QuotaExceeded> {
    let units = units(model);
    let everything: Vec<usize> = (0..units.len()).collect();
    // Most specs fit one stack. One whose counts do (its bytes are then
    // most likely to fit too) is written at once, and measured only if it
    // does not fit after all; measuring costs about one writing.
    let all = Selection {
        roles: model.roles.iter().collect(),
        callers: model.callers.iter().collect(),
        studio: model.studio.iter().collect(),
        groups: model.group_policies.iter().collect(),
    };
    let counts = counts(model);
    let mut written_over = None;
    if over(&counts, q).is_none() {
        let whole_contents = contents(model, &all);
        debug_assert_eq!(
            (whole_contents.resources.len(), whole_contents.outputs.len()),
            (counts.resources, counts.outputs),
            "the counts of the whole template"
        );
        let one = Rendered::new(
            model,
            settings,
            &stem(None),
            whole_contents,
            None,
            &Sizes::default(),
        );
        written_over = over(&one.sizes, q);
        if written_over.is_none() {
            one.into_sink(sink);
            return Ok(());
        }
    }
    let mut measures = Measures::new(model, settings, &units);
    let whole = measures.estimate(&everything, None);
    debug_assert_eq!(
        (whole.resources, whole.outputs),
        (counts.resources, counts.outputs),
        "the counts of the whole template"
    );
    let (quota, size, limit) = match written_over.or_else(|| over(&whole, q)) {
        Some(over) => over,
        None => {
            let one = measures.render(&everything, None);
            match over(&one.sizes, q) {
                None => {
                    one.into_sink(sink);
                    return Ok(());
                }
                // Measured wrong: the written template decides.
                Some(over) => over,
            }
        }
    };
    let longest_id = (quota == Quota::LogicalIdLength).then(|| measures.longest_id(&everything));
    let whole_error = || QuotaExceeded {
        quota,
        limit,
        size,
        holder: Holder::Template,
        longest_id: longest_id.clone(),
    };
    if !quota.splits() {
        return Err(whole_error());
    }
    // More templates than units would leave some empty.
    let mut count = fewest(&whole, q).min(units.len()).max(1);
    // Past this many templates per unit, two units that share a template at
    // every count are too large together; no spec met so far comes near.
    let most = 4 * units.len().max(1);
    let hashes: Vec<u64> = units.iter().map(|u| stable_hash(&u.key)).collect();
    'counts: while count <= most {
        let mut templates: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (u, &h) in hashes.iter().enumerate() {
            templates[home_of(h, count)].push(u);
        }
        // From the measures first, so that a count too small costs no writing.
        for (t, members) in templates.iter().enumerate() {
            if !members.is_empty() {
                let sizes = measures.estimate(members, Some(t + 1));
                if !fits(&sizes, q, &measures, members)? {
                    count += 1;
                    continue 'counts;
                }
            }
        }
        for (t, members) in templates.iter().enumerate() {
            if !members.is_empty() {
                let r = measures.render(members, Some(t + 1));
                if !fits(&r.sizes, q, &measures, members)? {
                    // Measured wrong: the templates of this count already
                    // handed over are taken back.
                    sink.forget(PARTS);
                    count += 1;
                    continue 'counts;
                }
                r.into_sink(sink);
            }
        }
        return Ok(());
    }
    Err(whole_error())
}

/// The resources and outputs of a template that holds the whole model, as
/// [`contents`] puts them in it, counted without building them: enough to
/// tell that the model needs more than one stack, as most large ones do,
/// where building the whole template's contents only to count them and
/// drop them took 6.6 million instructions at 1,000 workloads (callgrind).
/// Only a shortcut: whichever way it goes, the sizes written or measured
/// decide (see [`emit`]), and debug builds check it against the contents.
fn counts(model: &Model) -> Sizes {
    let roles: usize = model
        .roles
        .iter()
        .map(|r| {
            // The role, unless it exists; its policies that are resources
            // of their own: managed ones, and an existing role's inline ones.
            let own = usize::from(r.existing.is_none());
            let policies = r
                .documents
                .iter()
                .filter(|d| d.attachment == Attachment::Managed || r.existing.is_some())
                .count();
            own + policies
        })
        .sum();
    let callers: usize = model.callers.iter().map(|c| c.documents.len()).sum();
    // An associated domain's user profiles and spaces.
    let studio: usize = model
        .studio
        .iter()
        .filter(|d| d.associate)
        .map(|d| d.identities.len())
        .sum();
    // A role's ARN and name, a caller policy's ARN, a domain's default role
    // and the wiring of each identity that does not inherit it, a model
    // package group's policy.
    let outputs = 2 * model.roles.len()
        + callers
        + model
            .studio
            .iter()
            .map(|d| {
                1 + d
                    .identities
                    .iter()
                    .filter(|i| i.kind != StudioKind::ProfileInheriting)
                    .count()
            })
            .sum::<usize>()
        + model.group_policies.len();
    Sizes {
        resources: roles + callers + studio,
        outputs,
        ..Sizes::default()
    }
}

/// Whether a template of `sizes` that holds the units `members` is within
/// every quota; an error when it is not and more templates cannot help,
/// as it holds one unit or exceeds a quota that does not split.
fn fits(
    sizes: &Sizes,
    q: &StackQuotas,
    measures: &Measures,
    members: &[usize],
) -> Result<bool, QuotaExceeded> {
    let Some((quota, size, limit)) = over(sizes, q) else {
        return Ok(true);
    };
    if members.len() == 1 || !quota.splits() {
        return Err(QuotaExceeded {
            quota,
            limit,
            size,
            holder: match members {
                [one] if quota.splits() => measures.units[*one].holder(measures.model),
                _ => Holder::Template,
            },
            longest_id: (quota == Quota::LogicalIdLength).then(|| measures.longest_id(members)),
        });
    }
    Ok(false)
}

/// A map of one entry, `key: value`.
struct Entry<'e, T: ?Sized>(&'e str, &'e T);

impl<T: Serialize + ?Sized> Serialize for Entry<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// Bytes of entries of a section (`Conditions`, `Resources`, `Outputs`).
#[derive(Debug, Clone, Copy, Default)]
struct EntryBytes {
    /// In YAML, where the section's entries start on the lines after its key.
    yaml: usize,
    /// In JSON, with the `,` and line break that separate it from the next
    /// entry (the last entry has none; [`Section`] counts that).
    json: usize,
}

impl std::ops::AddAssign for EntryBytes {
    fn add_assign(&mut self, other: Self) {
        self.yaml += other.yaml;
        self.json += other.json;
    }
}

/// Text written one entry after another into pages, where it stays: an
/// entry never spans two pages, and a page is not written past its
/// capacity, so no byte is copied once written, until a template is put
/// together. Written instead into one reused buffer and copied out into an
/// allocation of its own, each entry cost a copy and an allocation more:
/// 8.4 million instructions at 1,000 workloads (callgrind).
#[derive(Default)]
struct Pages {
    pages: Vec<String>,
    /// The longest entry so far, which the page written to has room for.
    longest: usize,
}

/// Where an entry sits in its [`Pages`].
#[derive(Debug, Clone)]
struct Span {
    page: usize,
    bytes: std::ops::Range<usize>,
}

impl Span {
    fn len(&self) -> usize {
        self.bytes.len()
    }
}

impl Pages {
    /// The least a page holds; an entry longer than a page's share of a
    /// template is rare.
    const PAGE: usize = 1 << 20;

    /// Appends to the last page, with `write`, a text of which the part
    /// from `skip` bytes in to `trim` bytes before its end is the entry.
    fn write(&mut self, skip: usize, trim: usize, write: impl FnOnce(&mut String)) -> Span {
        let room = self
            .pages
            .last()
            .is_some_and(|page| page.capacity() - page.len() >= self.longest + skip + trim);
        if !room {
            self.pages
                .push(String::with_capacity(Self::PAGE.max(2 * self.longest)));
        }
        let page = self.pages.len() - 1;
        let text = &mut self.pages[page];
        let start = text.len();
        write(text);
        text.truncate(text.len() - trim);
        let bytes = start + skip..text.len();
        self.longest = self.longest.max(bytes.len());
        Span { page, bytes }
    }

    fn get(&self, span: &Span) -> &str {
        &self.pages[span.page][span.bytes.clone()]
    }
}

/// Entries of sections, written with the files' writers.
#[derive(Default)]
struct Measure {
    yaml: Pages,
    json: Pages,
}

impl Measure {
    /// The entry `key: value` of the section `section`, as a template
    /// holds it: written as a document that holds only that section and
    /// entry, where the entry sits as it does in a template, less what is
    /// written around it.
    fn entry<T: Serialize>(&mut self, section: &str, key: &str, value: &T) -> Text {
        let document = Entry(section, &Entry(key, value));
        let mut json = None;
        // `Section:` and a line break before the entry.
        let yaml = self.yaml.write(section.len() + ":\n".len(), 0, |yaml| {
            // `{`, a line break, `"Section": {` two spaces in and a line
            // break before the entry; a line break and `}` two spaces in, a
            // line break and `}` after it.
            let skip = "{\n  \"\": {\n".len() + section.len();
            json = Some(self.json.write(skip, "\n  }\n}".len(), |json| {
                both::write(yaml, json, &document)
                    .expect("a template of strings, lists and maps serializes")
            }));
        });
        let json = json.expect("the entry is written");
        Text { yaml, json }
    }
}

/// An entry of a section as a template holds it: written once, when it is
/// measured, and copied into the template that holds it.
#[derive(Debug)]
struct Text {
    /// Its lines in YAML, where the section's entries start on the lines
    /// after its key.
    yaml: Span,
    /// Its lines in JSON, without the `,` that separates it from the next.
    json: Span,
}

impl Text {
    fn bytes(&self) -> EntryBytes {
        EntryBytes {
            yaml: self.yaml.len(),
            // In a template, `,` and a line break follow it.
            json: self.json.len() + ",\n".len(),
        }
    }
}

/// Entries of a section: how many, and their bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Entries {
    count: usize,
    bytes: EntryBytes,
}

impl Entries {
    fn add(&mut self, bytes: EntryBytes) {
        self.count += 1;
        self.bytes += bytes;
    }
}

impl std::ops::AddAssign for Entries {
    fn add_assign(&mut self, other: Self) {
        self.count += other.count;
        self.bytes += other.bytes;
    }
}

/// The bytes, in YAML and in JSON, that `entries` add to a template whose
/// section `name` is empty: in YAML `Name: {}` becomes `Name:` and the
/// entries, in JSON `"Name": {}` becomes `"Name": {`, a line break, the
/// entries, a line break and `}` two spaces in. A section left out when
/// empty (`Conditions`) adds its whole text, in JSON with the `,` and line
/// break that separate it from the next.
fn section(name: &str, left_out_when_empty: bool, entries: Entries) -> EntryBytes {
    if entries.count == 0 {
        return EntryBytes::default();
    }
    let filled = EntryBytes {
        yaml: ":\n".len() + entries.bytes.yaml,
        // The last entry has no `,` and line break after it.
        json: ": {\n".len() + entries.bytes.json - ",\n".len() + "\n  }".len(),
    };
    if left_out_when_empty {
        EntryBytes {
            yaml: name.len() + filled.yaml,
            json: "  \"".len() + name.len() + "\"".len() + filled.json + ",\n".len(),
        }
    } else {
        EntryBytes {
            yaml: filled.yaml - ": {}\n".len(),
            json: filled.json - ": {}".len(),
        }
    }
}

/// What one unit adds to any template that holds it.
#[derive(Debug, Default)]
struct Share {
    resources: Entries,
    outputs: Entries,
    /// Characters of its longest resource or output id.
    longest_id: usize,
    /// The parameters and conditions it needs, which other units may need
    /// too, by index into [`Measures`]' lists.
    parameters: Vec<usize>,
    conditions: Vec<usize>,
}

/// Each unit's share of a template, measured once, and what units share;
/// with the text of each entry, from which the templates are put together.
struct Measures<'a, 'm> {
    model: &'a Model,
    settings: &'m Settings,
    units: &'m [Unit],
    shares: Vec<Share>,
    /// Every parameter some unit needs, by logical id.
    parameters: IndexMap<String, Parameter<'a>>,
    /// Every condition some unit needs, by logical id.
    conditions: IndexMap<String, Text>,
    /// Every unit's resources and outputs, by logical id.
    resources: IndexMap<String, Text>,
    outputs: IndexMap<String, Text>,
    /// The text of every entry.
    texts: Measure,
    /// The sizes of a template with only its parameters, by its parameters
    /// and part: its header, description, metadata and parameters.
    frames: BTreeMap<(Vec<usize>, Option<usize>), Sizes>,
}

impl<'a, 'm> Measures<'a, 'm> {
    fn new(model: &'a Model, settings: &'m Settings, units: &'m [Unit]) -> Self {
        let mut measures = Measures {
            model,
            settings,
            units,
            shares: Vec::with_capacity(units.len()),
            parameters: IndexMap::new(),
            conditions: IndexMap::new(),
            resources: IndexMap::new(),
            outputs: IndexMap::new(),
            texts: Measure::default(),
            frames: BTreeMap::new(),
        };
        for u in 0..units.len() {
            let c = contents(model, &measures.selection(&[u]));
            let mut share = Share::default();
            for (id, r) in &c.resources {
                let text = measures.texts.entry("Resources", id, r);
                share.resources.add(text.bytes());
                measures.resources.insert(id.clone(), text);
            }
            for (id, o) in &c.outputs {
                let text = measures.texts.entry("Outputs", id, o);
                share.outputs.add(text.bytes());
                measures.outputs.insert(id.clone(), text);
            }
            share.longest_id = c
                .resources
                .keys()
                .chain(c.outputs.keys())
                .map(|id| id.chars().count())
                .max()
                .unwrap_or_default();
            for (id, value) in &c.conditions {
                let i = match measures.conditions.get_index_of(id) {
                    Some(i) => i,
                    None => {
                        let text = measures.texts.entry("Conditions", id, value);
                        measures.conditions.insert_full(id.clone(), text).0
                    }
                };
                share.conditions.push(i);
            }
            for (id, p) in c.parameters {
                let entry = measures.parameters.entry(id);
                share.parameters.push(entry.index());
                entry.or_insert(p);
            }
            measures.shares.push(share);
        }
        measures
    }

    /// What the units `members` hold, in the model's order.
    fn selection(&self, members: &[usize]) -> Selection<'a> {
        let mut roles = BTreeSet::new();
        let mut callers = BTreeSet::new();
        let mut studio = BTreeSet::new();
        let mut groups = BTreeSet::new();
        for &u in members {
            let unit = &self.units[u];
            roles.extend(&unit.roles);
            callers.extend(&unit.callers);
            studio.extend(&unit.studio);
            groups.extend(&unit.groups);
        }
        let model = self.model;
        Selection {
            roles: roles.into_iter().map(|&r| &model.roles[r]).collect(),
            callers: callers.into_iter().map(|&c| &model.callers[c]).collect(),
            studio: studio.into_iter().map(|&d| &model.studio[d]).collect(),
            groups: groups
                .into_iter()
                .map(|&g| &model.group_policies[g])
                .collect(),
        }
    }

    /// The sizes of the template of the units `members`, `part` of several,
    /// from their measures.
    fn estimate(&mut self, members: &[usize], part: Option<usize>) -> Sizes {
        let mut parameters = BTreeSet::new();
        let mut conditions = BTreeSet::new();
        let (mut resources, mut outputs, mut longest_id) =
            (Entries::default(), Entries::default(), 0);
        for &u in members {
            let share = &self.shares[u];
            resources += share.resources;
            outputs += share.outputs;
            longest_id = longest_id.max(share.longest_id);
            parameters.extend(share.parameters.iter().copied());
            conditions.extend(share.conditions.iter().copied());
        }
        let mut shared = Entries::default();
        for &c in &conditions {
            shared.add(self.conditions[c].bytes());
        }
        let frame = self.frame(parameters.into_iter().collect(), part);
        let mut bytes = EntryBytes {
            yaml: frame.yaml,
            json: frame.json,
        };
        bytes += section("Conditions", true, shared);
        bytes += section("Resources", false, resources);
        bytes += section("Outputs", false, outputs);
        Sizes {
            resources: resources.count,
            outputs: outputs.count,
            parameters: frame.parameters,
            json: bytes.json,
            yaml: bytes.yaml,
            longest_id: longest_id.max(frame.longest_id),
            description: frame.description,
        }
    }

    /// The sizes of a template that holds only the parameters `parameters`.
    fn frame(&mut self, parameters: Vec<usize>, part: Option<usize>) -> Sizes {
        if let Some(sizes) = self.frames.get(&(parameters.clone(), part)) {
            return sizes.clone();
        }
        let contents = Contents {
            parameters: parameters
                .iter()
                .map(|&p| {
                    let (id, parameter) =
                        self.parameters.get_index(p).expect("a measured parameter");
                    (id.clone(), parameter.clone())
                })
                .collect(),
            conditions: IndexMap::new(),
            resources: IndexMap::new(),
            outputs: IndexMap::new(),
        };
        let sizes = Rendered::new(
            self.model,
            self.settings,
            &stem(part),
            contents,
            part,
            &Sizes::default(),
        )
        .sizes;
        self.frames.insert((parameters, part), sizes.clone());
        sizes
    }

    /// The longest logical id of a resource, output or parameter in the
    /// template of the units `members`, which an error names when it is too
    /// long.
    fn longest_id(&self, members: &[usize]) -> String {
        let c = contents(self.model, &self.selection(members));
        c.resources
            .keys()
            .chain(c.outputs.keys())
            .chain(c.parameters.keys())
            .max_by_key(|id| id.chars().count())
            .cloned()
            .unwrap_or_default()
    }

    /// The template of the units `members`, `part` of several, put together
    /// from the entries as measured: its frame (header, description,
    /// metadata and parameters) is written, its sections copied.
    fn render(&mut self, members: &[usize], part: Option<usize>) -> Rendered {
        let room = self.estimate(members, part);
        let c = contents(self.model, &self.selection(members));
        let stem = stem(part);
        let frame = Rendered::new(
            self.model,
            self.settings,
            &stem,
            Contents {
                parameters: c.parameters,
                conditions: IndexMap::new(),
                resources: IndexMap::new(),
                outputs: IndexMap::new(),
            },
            part,
            &Sizes::default(),
        );
        // The frame ends with the sections that follow its parameters, empty.
        let mut yaml = String::with_capacity(room.yaml);
        yaml.push_str(
            frame
                .yaml
                .strip_suffix("Resources: {}\nOutputs: {}\n")
                .expect("a frame ends with its empty sections"),
        );
        let mut json = String::with_capacity(room.json);
        json.push_str(
            frame
                .json
                .strip_suffix("  \"Resources\": {},\n  \"Outputs\": {}\n}\n")
                .expect("a frame ends with its empty sections"),
        );
        let sections: [(&str, Vec<&String>, &IndexMap<String, Text>); 3] = [
            (
                "Conditions",
                c.conditions.keys().collect(),
                &self.conditions,
            ),
            ("Resources", c.resources.keys().collect(), &self.resources),
            ("Outputs", c.outputs.keys().collect(), &self.outputs),
        ];
        for (name, ids, texts) in sections {
            let mut entries = ids.into_iter().map(|id| &texts[id]).peekable();
            // An empty `Conditions` is left out.
            if entries.peek().is_none() {
                if name != "Conditions" {
                    yaml.push_str(&format!("{name}: {{}}\n"));
                    json.push_str(&format!("  \"{name}\": {{}}"));
                    json.push_str(if name == "Outputs" { "\n" } else { ",\n" });
                }
                continue;
            }
            yaml.push_str(&format!("{name}:\n"));
            json.push_str(&format!("  \"{name}\": {{\n"));
            for (i, text) in entries.enumerate() {
                if i > 0 {
                    json.push_str(",\n");
                }
                yaml.push_str(self.texts.yaml.get(&text.yaml));
                json.push_str(self.texts.json.get(&text.json));
            }
            json.push_str("\n  }");
            json.push_str(if name == "Outputs" { "\n" } else { ",\n" });
        }
        json.push_str("}\n");
        let sizes = Sizes {
            resources: c.resources.len(),
            outputs: c.outputs.len(),
            parameters: frame.sizes.parameters,
            json: json.len(),
            yaml: yaml.len(),
            longest_id: c
                .resources
                .keys()
                .chain(c.outputs.keys())
                .map(|id| id.chars().count())
                .max()
                .unwrap_or_default()
                .max(frame.sizes.longest_id),
            description: frame.sizes.description,
        };
        let rendered = Rendered {
            stem,
            yaml,
            json,
            sizes,
        };
        debug_assert_eq!(rendered.sizes, room, "the measures of {:?}", rendered.stem);
        #[cfg(debug_assertions)]
        {
            let written = self.written(members, part);
            debug_assert!(
                written.yaml == rendered.yaml && written.json == rendered.json,
                "{:?} put together is not as written",
                rendered.stem
            );
        }
        rendered
    }

    /// The template of the units `members`, `part` of several, written
    /// whole: what [`Measures::render`] puts together.
    #[cfg(any(test, debug_assertions))]
    fn written(&self, members: &[usize], part: Option<usize>) -> Rendered {
        Rendered::new(
            self.model,
            self.settings,
            &stem(part),
            contents(self.model, &self.selection(members)),
            part,
            &Sizes::default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::emit::Files;

    fn emit(model: &Model, settings: &Settings, q: &StackQuotas) -> Result<Files, QuotaExceeded> {
        let mut files = Files::new();
        super::emit(model, settings, q, &mut files)?;
        Ok(files)
    }

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

    /// The sizes that the measures give the templates of `model`, and
    /// those of the templates as written: the one template, and those of
    /// the units spread over `counts`.
    fn measured_and_written(model: &Model, counts: &[usize]) -> Vec<(Sizes, Sizes)> {
        let settings = Settings::new("../s.hcl");
        let units = units(model);
        let mut measures = Measures::new(model, &settings, &units);
        let everything: Vec<usize> = (0..units.len()).collect();
        let mut pairs = vec![(
            measures.estimate(&everything, None),
            measures.written(&everything, None).sizes,
        )];
        for &count in counts {
            let mut templates = vec![Vec::new(); count];
            for (u, unit) in units.iter().enumerate() {
                templates[home(&unit.key, count)].push(u);
            }
            for (t, members) in templates.iter().enumerate() {
                if !members.is_empty() {
                    pairs.push((
                        measures.estimate(members, Some(t + 1)),
                        measures.written(members, Some(t + 1)).sizes,
                    ));
                    // Put together from the entries, the same bytes.
                    let (together, written) = (
                        measures.render(members, Some(t + 1)),
                        measures.written(members, Some(t + 1)),
                    );
                    assert_eq!(together.yaml, written.yaml);
                    assert_eq!(together.json, written.json);
                }
            }
        }
        pairs
    }

    #[test]
    fn measures_are_the_sizes_of_the_written_templates() {
        // The synthetic spec has callers attached to roles (a condition
        // each) and roles that share the boundary's parameter and condition;
        // counts up to 12 put 1 to 4 units in a template, so that sections
        // are empty or not.
        let model = synthetic(20);
        for (measured, written) in measured_and_written(&model, &[2, 3, 12]) {
            assert_eq!(measured, written);
        }
    }

    #[test]
    fn measures_are_the_sizes_of_the_written_templates_of_every_example() {
        // The examples hold what the synthetic spec does not: Studio domains
        // and their inputs, AWS managed policies, policies in several parts,
        // tags and declared statements.
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut seen = 0;
        for dir in std::fs::read_dir(&examples).unwrap() {
            let dir = dir.unwrap().path();
            for name in ["sagerole.hcl", "sagerole.json", "sagerole.yaml"] {
                let path = dir.join(name);
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let source = crate::diagnostic::Source::new(name, text);
                let model = crate::load(&source).expect("the examples are valid");
                for (measured, written) in measured_and_written(&model, &[2, 3]) {
                    assert_eq!(measured, written, "{}", path.display());
                }
                seen += 1;
            }
        }
        assert!(seen >= 7, "{seen} examples");
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

    /// A model package group's policy is an output of the stack that holds
    /// it: it counts toward that stack's outputs, and sits in one template.
    #[test]
    fn a_group_policy_output_counts_toward_its_stacks_outputs() {
        let spec = "name_prefix = \"ml\"\nworkload \"a\" {\n  api = \"CreateTrainingJob\"\n  outputs = [\"s3://out/a/\"]\n  images = [\"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/a:1\"]\n}\nworkload \"b\" {\n  api = \"CreateTrainingJob\"\n  outputs = [\"s3://out/b/\"]\n  images = [\"111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/b:1\"]\n}\nworkload \"models\" {\n  api = \"CreateModelPackageGroup\"\n  consumers = [\"444455556666\"]\n}\n";
        let model = crate::load(&crate::diagnostic::Source::new("s.hcl", spec)).expect("valid");
        // Two roles, two outputs each: four fit one stack, the policy's fifth does not.
        let q = StackQuotas {
            outputs: 4,
            ..StackQuotas::default()
        };
        let files = emit(&model, &Settings::new("../s.hcl"), &q).unwrap();
        let templates: Vec<&String> = files
            .iter()
            .filter(|(p, _)| p.ends_with(".yaml"))
            .map(|(_, t)| t)
            .collect();
        assert_eq!(templates.len(), 2, "{:?}", files.keys());
        let holding = templates
            .iter()
            .filter(|t| t.contains("ModelPackageGroupPolicyModels:"))
            .count();
        assert_eq!(holding, 1);
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
