//! No module imports one that imports it back.
//!
//! A circle between two modules means a shared piece sits in the wrong room:
//! it belongs further down, where both can use it. This test reads every
//! module of the library under `src/` with syn, resolves each path that names
//! one of the crate's own modules (`use` trees, paths in code and in macro
//! arguments, through `crate::`, `super::`, `self::` or a child module's
//! name) and looks for circles at every level of the module tree.
//!
//! At each level the nodes are the children of one module, each standing for
//! its whole subtree: `emit::docs` and `emit::terraform` are compared as
//! siblings, and `emit` and `model` stand for everything below them. A module
//! and its own submodules are one room, so a child using its parent's types
//! (as Rust's privacy rules intend) and a parent re-exporting its children
//! are not circles.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};

use crate::support::root;

/// A module path below the crate root: `["emit", "terraform"]`.
type ModPath = Vec<String>;

/// One reference from a module to another: where it was written and how.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    from: ModPath,
    to: ModPath,
    file: String,
    text: String,
}

/// The library's module files: module path → file, relative to the
/// repository root. `src/main.rs` is the binary, a crate of its own.
fn module_files(src: &Path) -> BTreeMap<ModPath, String> {
    fn walk(src: &Path, dir: &Path, out: &mut BTreeMap<ModPath, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(src, &path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut segments: ModPath = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            match segments.as_slice() {
                [only] if only == "main" => continue,
                [only] if only == "lib" => segments.clear(),
                [.., last] if last == "mod" => {
                    segments.pop();
                }
                _ => {}
            }
            let file = Path::new("src")
                .join(rel)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(segments, file);
        }
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out);
    out
}

/// Collects the crate-internal paths one file writes.
struct Collector<'a> {
    /// Every module that has a file, to cut a path down to its module.
    modules: &'a BTreeSet<ModPath>,
    /// The module the file defines.
    file_module: ModPath,
    file: String,
    /// The module being read: the file's, or an inline `mod` inside it.
    scope: ModPath,
    /// The names of the child modules declared in each enclosing scope.
    children: Vec<BTreeSet<String>>,
    uses: Vec<Use>,
}

impl Collector<'_> {
    /// The absolute module path `segments` starts with, if it is one of the
    /// crate's own; external crates and local items give `None`.
    fn resolve(&self, segments: &[String]) -> Option<ModPath> {
        let (mut path, rest) = match segments.first()?.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (self.scope.clone(), &segments[1..]),
            "super" => {
                let supers = segments.iter().take_while(|s| *s == "super").count();
                let keep = self.scope.len().checked_sub(supers)?;
                (self.scope[..keep].to_vec(), &segments[supers..])
            }
            name if self.children.last().is_some_and(|c| c.contains(name)) => {
                (self.scope.clone(), segments)
            }
            _ => return None,
        };
        path.extend_from_slice(rest);
        Some(path)
    }

    fn record(&mut self, segments: &[String]) {
        let Some(path) = self.resolve(segments) else {
            return;
        };
        // The longest prefix that is a module with a file: `crate::model::
        // names::pascal` is a use of `model::names`.
        let to = (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| self.modules.contains(prefix))
            .unwrap_or_default();
        self.uses.push(Use {
            from: self.file_module.clone(),
            to,
            file: self.file.clone(),
            text: segments.join("::"),
        });
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(syn::UseName { ident })
            | syn::UseTree::Rename(syn::UseRename { ident, .. }) => {
                // `use a::b::{self}` names `a::b` itself.
                let mut path = prefix.clone();
                if ident != "self" {
                    path.push(ident.to_string());
                }
                self.record(&path);
            }
            syn::UseTree::Glob(_) => self.record(prefix),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// Macro arguments are tokens, not syntax: `a::b::c` chains in them are
    /// read as paths, unless they follow a `::` (an external crate).
    fn tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let is_path_sep = |at: usize| {
            matches!(
                (tokens.get(at), tokens.get(at + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
            )
        };
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => {
                    self.tokens(group.stream());
                    at += 1;
                }
                TokenTree::Ident(ident) if at < 2 || !is_path_sep(at - 2) => {
                    let mut path = vec![ident.to_string()];
                    at += 1;
                    while is_path_sep(at) {
                        let Some(TokenTree::Ident(next)) = tokens.get(at + 2) else {
                            break;
                        };
                        path.push(next.to_string());
                        at += 3;
                    }
                    if path.len() > 1 {
                        self.record(&path);
                    }
                }
                _ => at += 1,
            }
        }
    }

    fn items(&mut self, items: &[syn::Item]) {
        let children = items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        self.children.push(children);
        for item in items {
            self.visit_item(item);
        }
        self.children.pop();
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // `mod x;` declares a child with a file of its own; only inline
        // modules are read here.
        if let Some((_, items)) = &item.content {
            self.scope.push(item.ident.to_string());
            self.items(items);
            self.scope.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if item.leading_colon.is_none() {
            self.use_tree(&mut Vec::new(), &item.tree);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.record(&segments);
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.tokens(mac.tokens.clone());
    }

    // `pub(in crate::x)` and attributes name modules without using them.
    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
}

/// Every crate-internal reference in the library's files under `src`.
fn uses(src: &Path) -> Vec<Use> {
    let files = module_files(src);
    let modules: BTreeSet<ModPath> = files.keys().cloned().collect();
    let mut uses = Vec::new();
    for (module, file) in &files {
        let text = fs::read_to_string(src.join(file.trim_start_matches("src/"))).unwrap();
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut collector = Collector {
            modules: &modules,
            file_module: module.clone(),
            file: file.clone(),
            scope: module.clone(),
            children: Vec::new(),
            uses: Vec::new(),
        };
        collector.items(&syntax.items);
        uses.extend(collector.uses);
    }
    uses
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else {
        path.join("::")
    }
}

/// A circle: sibling modules that reach each other, and the references
/// between them, by (from, to) sibling.
#[derive(Debug)]
struct Circle {
    modules: Vec<String>,
    uses: BTreeMap<(String, String), BTreeSet<String>>,
}

/// The circles among siblings at every level of the module tree.
fn circles(uses: &[Use]) -> Vec<Circle> {
    // For `from` and `to` in different children of the same module, an edge
    // between those two children; a module and its own descendants are one.
    let mut edges: BTreeMap<ModPath, BTreeMap<ModPath, Vec<&Use>>> = BTreeMap::new();
    for u in uses {
        let common = u.from.iter().zip(&u.to).take_while(|(a, b)| a == b).count();
        if common == u.from.len() || common == u.to.len() {
            continue;
        }
        let (a, b) = (u.from[..=common].to_vec(), u.to[..=common].to_vec());
        edges.entry(a).or_default().entry(b).or_default().push(u);
    }
    let reach = |start: &ModPath| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.clone()];
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flat_map(BTreeMap::keys) {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&ModPath, BTreeSet<ModPath>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    // Modules that reach each other form one circle.
    let mut components: BTreeSet<BTreeSet<&ModPath>> = BTreeSet::new();
    for (m, reaches) in &reached {
        if reaches.contains(*m) {
            let component = reaches
                .iter()
                .filter_map(|r| reached.get_key_value(r).map(|(k, _)| *k))
                .filter(|r| reached[r].contains(*m))
                .collect();
            components.insert(component);
        }
    }
    components
        .into_iter()
        .map(|members| Circle {
            modules: members.iter().map(|m| name(m)).collect(),
            uses: members
                .iter()
                .flat_map(|a| edges[*a].iter().map(move |(b, u)| (a, b, u)))
                .filter(|(_, b, _)| members.contains(b))
                .map(|(a, b, u)| {
                    let at = u.iter().map(|u| format!("{}: {}", u.file, u.text));
                    ((name(a), name(b)), at.collect())
                })
                .collect(),
        })
        .collect()
}

/// References that may close a circle for now, as (from, to) modules. Each
/// entry says why, and who deletes it; an entry that no longer closes a
/// circle fails the test, so that it cannot outlive its reason.
const ALLOWED: &[(&str, &str)] = &[];

fn allowed(u: &Use) -> bool {
    ALLOWED
        .iter()
        .any(|&(from, to)| name(&u.from) == from && name(&u.to) == to)
}

fn report(circles: &[Circle]) -> String {
    let mut out = String::new();
    for c in circles {
        out.push_str(&format!("\n  {}:", c.modules.join(", ")));
        for ((from, to), at) in &c.uses {
            let first = at.first().map_or("", String::as_str);
            out.push_str(&format!("\n    {from} -> {to}: {first}"));
            if at.len() > 1 {
                out.push_str(&format!(" (and {} more)", at.len() - 1));
            }
        }
    }
    out
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let all = uses(&root().join("src"));
    let kept: Vec<Use> = all.iter().filter(|u| !allowed(u)).cloned().collect();
    let found = circles(&kept);
    assert!(
        found.is_empty(),
        "import circles; move the shared piece down to where both sides can use it:{}",
        report(&found)
    );
    for &(from, to) in ALLOWED {
        let closes = circles(&all)
            .iter()
            .any(|c| c.modules.iter().any(|m| m == from) && c.modules.iter().any(|m| m == to));
        assert!(
            closes,
            "{from} -> {to} no longer closes a circle: delete its entry in ALLOWED"
        );
    }
}

/// The reader itself, on a crate made for it: a circle closed through `use`
/// and a macro argument, one between folders through a child module and a
/// test module; a parent and child that use each other, a one-way use and
/// external crates' paths are not circles.
#[test]
fn circles_are_found_through_use_paths_macros_and_subtrees() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir_all(src.join("c")).unwrap();
    let files = [
        ("lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\nmod e;\n"),
        ("a.rs", "use crate::b::Thing;\npub struct A;\n"),
        (
            "b.rs",
            "use crate::e::E;\npub struct Thing;\nfn f() -> String { format!(\"{:?}\", super::a::A) }\n",
        ),
        (
            "c/mod.rs",
            "mod inner;\npub use inner::Z;\npub struct C;\n",
        ),
        (
            "c/inner.rs",
            "use super::C;\npub struct Z;\nfn g() { let _ = crate::d::D; }\n",
        ),
        (
            "d.rs",
            "pub struct D;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::c::Z;\n}\n",
        ),
        // `b` uses `e`; `e` names an external crate `b`, not the module.
        ("e.rs", "pub struct E;\nfn h() { let _ = (b::Thing, ::b::Thing); }\n"),
    ];
    for (file, text) in files {
        fs::write(src.join(file), text).unwrap();
    }
    let found = circles(&uses(&src));
    let got: Vec<(Vec<String>, Vec<String>)> = found
        .into_iter()
        .map(|c| (c.modules, c.uses.into_values().flatten().collect()))
        .collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            (
                strings(&["a", "b"]),
                strings(&["src/a.rs: crate::b::Thing", "src/b.rs: super::a::A"])
            ),
            (
                strings(&["c", "d"]),
                strings(&["src/c/inner.rs: crate::d::D", "src/d.rs: crate::c::Z"])
            ),
        ]
    );
}
