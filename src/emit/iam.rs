//! Model → the plain IAM policy documents as files, for policy linters and
//! reviewers (`sagerole render --policies`).

use super::Files;
use crate::model::document::{self, Context};
use crate::model::Model;

/// Every document as deployed, by file name:
/// `roles/<role>.trust.json`, `roles/<role>/<policy>.json` and
/// `callers/<caller>/<policy>.json`.
pub fn render(model: &Model, cx: &Context) -> Files {
    let pretty = |v: &serde_json::Value| {
        serde_json::to_string_pretty(v).expect("JSON values serialize") + "\n"
    };
    let mut files = Files::new();
    for r in &model.roles {
        files.insert(
            format!("roles/{}.trust.json", r.key),
            pretty(&document::trust(&r.trust, cx)),
        );
        for d in &r.documents {
            files.insert(
                format!("roles/{}/{}.json", r.key, d.name),
                pretty(&document::policy(&d.policy, cx)),
            );
        }
    }
    for c in &model.callers {
        for d in &c.documents {
            files.insert(
                format!("callers/{}/{}.json", c.key, d.name),
                pretty(&document::policy(&d.policy, cx)),
            );
        }
    }
    files
}
