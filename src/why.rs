//! `sagerole why`: an AWS error message read against the spec.
//!
//! It reads the message's principal, action and resource, finds the role or
//! caller of the spec the principal is, tells whether a statement of its
//! policy allows the request (and under which conditions) or which come
//! closest, and names the spec change that would allow it, or says that
//! sagerole refuses it on purpose. It judges the spec's policies only: a
//! permissions boundary, a service control policy or a resource policy can
//! still deny what they allow, and the message's own reason says which.
//!
//! The message forms (see [`Message`]) are AWS's; everything else here is
//! the model's.

use std::fmt::Write as _;

use regex::Regex;

use crate::arn::split_arn;
use crate::catalog::{self, Follow};
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::document::{Context, Inputs};
use crate::model::wildcard::glob;
use crate::model::{Model, Policy, RoleRef, Statement};

/// An AWS error message, as far as `why` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// IAM's access-denied form (IAM User Guide, "Troubleshoot access denied
    /// error messages"): `User: PRINCIPAL is not authorized to perform:
    /// ACTION on resource: RESOURCE because CONTEXT`. SageMaker's
    /// AccessDeniedException (a missing `iam:PassRole` among them), S3's
    /// AccessDenied (which quotes the resource) and KMS's
    /// AccessDeniedException use it.
    Denied {
        principal: String,
        action: String,
        /// `None` when the message names none.
        resource: Option<String>,
        /// `because no identity-based policy allows ...`, `with an explicit
        /// deny in a service control policy`, ...: which policy type denied.
        context: Option<String>,
    },
    /// SageMaker could not assume an execution role: the create call's
    /// ValidationException `Could not assume role ARN. Please ensure that
    /// the role exists and allows principal 'sagemaker.amazonaws.com' to
    /// assume the role.`, or a job's FailureReason `ClientError: SageMaker
    /// was unable to assume the role 'ARN'`.
    Trust { role: String },
}

/// Reads a message; `None` when it is none of the forms `why` knows.
/// Line breaks and runs of spaces (a message copied from a wrapped log)
/// count as one space.
pub fn parse(text: &str) -> Option<Message> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let denied = Regex::new(
        r#"User: (\S+) is not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)(?: on resource: "?([^"\s]+)"?)?(?:(?: because| with) ([^.]+))?(?:\.|$| )"#,
    )
    .expect("a valid pattern");
    if let Some(c) = denied.captures(&text) {
        let context = c.get(4).map(|m| {
            let m = m.as_str().trim();
            if text.contains(&format!("with {m}")) {
                format!("with {m}")
            } else {
                m.to_string()
            }
        });
        return Some(Message::Denied {
            principal: c[1].to_string(),
            action: c[2].to_string(),
            // A message's closing full stop is not the resource's.
            resource: c
                .get(3)
                .map(|m| m.as_str().trim_end_matches('.').to_string()),
            context,
        });
    }
    let trust = Regex::new(
        r"(?:Could not assume role (arn:[^\s']+?)\.? Please|unable to assume the role '(arn:[^']+)')",
    )
    .expect("a valid pattern");
    let c = trust.captures(&text)?;
    let role = c.get(1).or_else(|| c.get(2))?.as_str().to_string();
    Some(Message::Trust { role })
}

/// The role or caller of the spec that a principal ARN is.
enum Holder<'m> {
    Role(&'m crate::model::Role),
    Caller(&'m crate::model::Caller),
}

impl Holder<'_> {
    fn policy(&self) -> &Policy {
        match self {
            Holder::Role(r) => &r.policy,
            Holder::Caller(c) => &c.policy,
        }
    }

    fn describe(&self) -> String {
        match self {
            Holder::Role(r) => format!(
                "role {:?} of the spec (IAM role {}), which runs {}",
                r.key,
                crate::spec::raw::reference::shown(&r.name),
                r.workloads.join(", ")
            ),
            Holder::Caller(c) => format!(
                "caller {:?} of the spec ({}), which launches {}",
                c.key,
                c.principal,
                if c.launches.is_empty() {
                    "nothing".to_string()
                } else {
                    c.launches.join(", ")
                }
            ),
        }
    }
}

/// The role name (for `assumed-role/NAME/SESSION` and `role/PATH/NAME`) or
/// user name a principal ARN names, with its partition and account.
fn principal_name(arn: &str) -> Option<(&str, &str, &str, &str)> {
    let a = split_arn(arn)?;
    let (kind, rest) = a.resource.split_once('/')?;
    let name = match kind {
        "assumed-role" => rest.split('/').next()?,
        "role" | "user" => rest.rsplit('/').next()?,
        _ => return None,
    };
    Some((a.partition, a.account, kind, name))
}

fn holder<'m>(model: &'m Model, principal: &str) -> Option<Holder<'m>> {
    let (_, account, kind, name) = principal_name(principal)?;
    let caller = model.callers.iter().find(|c| {
        c.principal == principal
            || c.attach_to_role.as_ref().is_some_and(|r| match r {
                RoleRef::Named {
                    account: a,
                    name: n,
                } => kind != "user" && n == name && a == account,
                // The role is known only when deployed.
                RoleRef::Input(_) => false,
            })
            || principal_name(&c.principal)
                .is_some_and(|(_, a, k, n)| a == account && k == kind && n == name)
    });
    if let Some(c) = caller {
        return Some(Holder::Caller(c));
    }
    (kind != "user")
        .then(|| model.role_named(name))
        .flatten()
        .map(Holder::Role)
}

/// Why a request was denied, for people.
pub fn why(model: &Model, message: &Message) -> Result<String, Diagnostic> {
    match message {
        Message::Denied {
            principal,
            action,
            resource,
            context,
        } => denied(
            model,
            principal,
            action,
            resource.as_deref(),
            context.as_deref(),
        ),
        Message::Trust { role } => trust(model, role),
    }
}

fn not_in_spec(model: &Model, what: &str) -> Diagnostic {
    let roles: Vec<String> = model
        .roles
        .iter()
        .map(|r| crate::spec::raw::reference::shown(&r.name))
        .collect();
    Diagnostic::error(
        Kind::UnknownReference,
        "",
        None,
        format!("{what} is no role or caller of the spec"),
    )
    .with_help(format!(
        "the spec's roles are {}; its callers are the principals of its caller blocks",
        roles.join(", ")
    ))
}

fn denied(
    model: &Model,
    principal: &str,
    action: &str,
    resource: Option<&str>,
    context: Option<&str>,
) -> Result<String, Diagnostic> {
    let Some(h) = holder(model, principal) else {
        return Err(not_in_spec(model, principal));
    };
    let (partition, account, ..) = principal_name(principal).expect("a holder has a name");
    // The message names no input's value (a Studio domain's id): any fits.
    let cx = Context::new(partition, account).with_inputs(Inputs::Any);
    let mut out = String::new();
    let on = resource.map_or(String::new(), |r| format!(" on {r}"));
    let _ = writeln!(out, "request: {action}{on}");
    let _ = writeln!(out, "by:      {principal}: {}", h.describe());
    if let Some(c) = context {
        let _ = writeln!(out, "AWS:     {c}");
    }
    let acts = |st: &Statement| {
        st.actions
            .iter()
            .any(|a| glob(&a.to_ascii_lowercase(), &action.to_ascii_lowercase()))
    };
    let fits = |st: &Statement| {
        resource.is_none_or(|r| st.resources.iter().any(|x| glob(&cx.resolve(x), r)))
    };
    let statements = &h.policy().statements;
    if let Some(st) = statements.iter().find(|s| acts(s) && fits(s)) {
        let _ = writeln!(
            out,
            "allowed: statement {} allows it ({})",
            st.sid, st.why.reason
        );
        if st.conditions.is_empty() {
            let _ = writeln!(
                out,
                "so:      the spec's policy allows the request; what denied it is outside it: {}",
                outside(context)
            );
        } else {
            let _ = writeln!(out, "only if:");
            for c in &st.conditions {
                let _ = writeln!(out, "  {c}");
            }
            let _ = writeln!(
                out,
                "so:      the request did not meet these conditions (IAM User Guide, 'IAM JSON policy elements: Condition'); change the request, or the spec value each one pins"
            );
        }
        return Ok(out);
    }
    let near: Vec<&Statement> = statements
        .iter()
        .map(|s| &**s)
        .filter(|s| acts(s))
        .collect();
    if near.is_empty() {
        let _ = writeln!(out, "denied:  no statement of its policy allows {action}");
    } else {
        let _ = writeln!(
            out,
            "denied:  no statement allows {action} on this resource; these allow it elsewhere:"
        );
        for st in near {
            let resources: Vec<String> = st.resources.iter().map(|r| cx.resolve(r)).collect();
            let _ = writeln!(out, "  {}: {}", st.sid, resources.join(", "));
        }
    }
    let _ = writeln!(out, "change:  {}", change(model, &h, action, resource));
    Ok(out)
}

/// What else denies a request the identity policy allows, by the
/// message's context (IAM User Guide, "Troubleshoot access denied error
/// messages": the policy type named after `because no` or `with an
/// explicit deny in`).
fn outside(context: Option<&str>) -> &'static str {
    let c = context.unwrap_or("").to_ascii_lowercase();
    if c.contains("service control policy") {
        "a service control policy of your organization"
    } else if c.contains("permissions boundary") {
        "the roles' permissions boundary (guardrails.permissions_boundary)"
    } else if c.contains("resource-based policy") {
        "the resource's own policy (a bucket policy or a KMS key policy)"
    } else if c.contains("session policy") {
        "a session policy of the session"
    } else if c.contains("identity-based policy") {
        "the deployed policies are not the spec's: run `sagerole check`, then deploy the output"
    } else {
        "a permissions boundary, a service control policy or the resource's own policy"
    }
}

/// The spec change that would allow the request, or why sagerole refuses it.
fn change(model: &Model, h: &Holder, action: &str, resource: Option<&str>) -> String {
    let lower = action.to_ascii_lowercase();
    let resource_text = resource.unwrap_or("RESOURCE");
    let (service, name) = lower.split_once(':').unwrap_or(("", ""));
    // IAM changes: a principal that may write IAM can grant itself
    // anything (IAM User Guide, "Security best practices in IAM": apply
    // least-privilege permissions).
    if service == "iam" && !matches!(name, "passrole" | "getrole") {
        return format!(
            "none: sagerole denies {action} on purpose; a role or caller that may change IAM can grant itself anything. Make that change outside the roles sagerole writes"
        );
    }
    if lower == "sts:assumerole" {
        return "none: sagerole denies it on purpose; execution roles trust SageMaker alone (with aws:SourceAccount and aws:SourceArn), and people act through the jobs they launch, not by assuming the roles".to_string();
    }
    let statement = format!(
        "if the access is meant, declare it in the {} block: statement \"NAME\" {{ reason = \"...\", actions = [\"{action}\"], resources = [\"{resource_text}\"] }}",
        match h {
            Holder::Role(r) => format!("role {:?}", r.key),
            Holder::Caller(c) => format!("caller {:?}", c.key),
        }
    );
    match h {
        Holder::Role(r) => {
            let workloads = r.workloads.join(" or ");
            let s3 = resource
                .and_then(|r| {
                    r.strip_prefix("arn:aws:s3:::")
                        .or(r.split_once(":s3:::").map(|x| x.1))
                })
                .map(|p| format!("s3://{p}"));
            match (service, name) {
                ("s3", "getobject" | "listbucket") => format!(
                    "add the location it reads{} to the inputs of the workload that reads it ({workloads}); or {statement}",
                    s3.map(|s| format!(" ({s} or its prefix)")).unwrap_or_default()
                ),
                ("s3", "putobject" | "abortmultipartupload") => format!(
                    "add the location it writes{} to the outputs of the workload that writes it ({workloads}); or {statement}",
                    s3.map(|s| format!(" ({s} or its prefix)")).unwrap_or_default()
                ),
                ("kms", "decrypt") => format!(
                    "add the key to the kms block of the workload ({workloads}): input for the objects it reads, bucket_default for a bucket's default key; or {statement}"
                ),
                ("kms", "encrypt" | "generatedatakey") => format!(
                    "add the key to the kms block of the workload ({workloads}): output for what it writes, bucket_default for a bucket's default key; or {statement}"
                ),
                ("kms", "creategrant") => format!(
                    "add the key to kms.volume of the workload ({workloads}); or {statement}"
                ),
                ("ecr", _) => format!(
                    "add the image to images of the workload ({workloads}); or {statement}"
                ),
                _ => statement,
            }
        }
        Holder::Caller(c) => {
            if name == "passrole" {
                let role = resource
                    .and_then(|r| principal_name(r))
                    .and_then(|(.., n)| model.role_named(n));
                return match role {
                    Some(r) => format!(
                        "add {:?} to passes of caller {:?} (and the workload that takes it to launches)",
                        r.key, c.key
                    ),
                    None => format!(
                        "the role is none of the spec's, and sagerole passes only those: give its workload a role block, or {statement}, with conditions = {{ StringEquals = {{ \"iam:PassedToService\" = [\"sagemaker.amazonaws.com\"] }} }}"
                    ),
                };
            }
            if service == "logs" {
                return format!(
                    "add \"logs\" to follow of caller {:?} (it reads the logs of what it launches); or {statement}",
                    c.key
                );
            }
            let follows: Option<Follow> = catalog::APIS
                .iter()
                .flat_map(|a| a.follow)
                .find(|f| f.action.action.eq_ignore_ascii_case(action))
                .map(|f| f.follow);
            if let Some(f) = follows {
                return format!(
                    "add {:?} to follow of caller {:?}, for what it launches; or {statement}",
                    f.spec_name(),
                    c.key
                );
            }
            if service == "sagemaker" && name.starts_with("create") {
                return format!(
                    "add the workload to launches of caller {:?} (and its role to passes); or {statement}",
                    c.key
                );
            }
            statement
        }
    }
}

fn trust(model: &Model, role: &str) -> Result<String, Diagnostic> {
    let name = principal_name(role).map(|(.., n)| n).unwrap_or(role);
    let Some(r) = model.role_named(name) else {
        return Err(not_in_spec(model, role));
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "request: sts:AssumeRole on {role} by {}",
        r.trust.service
    );
    let _ = writeln!(out, "role:    {}", Holder::Role(r).describe());
    let _ = writeln!(out, "trust:   {} may assume it only if:", r.trust.service);
    for c in &r.trust.conditions {
        let _ = writeln!(out, "  {c}");
    }
    let _ = writeln!(out, "why:     {}", r.trust.reason);
    let _ = writeln!(
        out,
        "so:      SageMaker could not assume the role for a resource these conditions leave out: one of another account, of a region the spec's regions do not list, or of a kind the role serves no workload of; or the role (with its path) is not deployed as the output writes it"
    );
    let _ = writeln!(
        out,
        "change:  run the job under the workload's own role (add the workload to role {:?}'s workloads, or give it its own), list its region in regions, or deploy the output again (`sagerole check`)",
        r.key
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_forms_are_read() {
        let iam = "An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::111122223333:assumed-role/ci/build is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/lab-jobs because no identity-based policy allows the iam:PassRole action";
        assert_eq!(
            parse(iam),
            Some(Message::Denied {
                principal: "arn:aws:sts::111122223333:assumed-role/ci/build".into(),
                action: "iam:PassRole".into(),
                resource: Some("arn:aws:iam::111122223333:role/lab-jobs".into()),
                context: Some("no identity-based policy allows the iam:PassRole action".into()),
            })
        );
        let s3 = "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::111122223333:assumed-role/lab-jobs/SageMaker is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::lab-data/raw/x.csv\"\n because no identity-based policy allows the s3:GetObject action";
        let Some(Message::Denied { resource, .. }) = parse(s3) else {
            panic!("not read");
        };
        assert_eq!(resource.as_deref(), Some("arn:aws:s3:::lab-data/raw/x.csv"));
        let scp = "User: arn:aws:sts::111122223333:assumed-role/lab-jobs/SageMaker is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/k with an explicit deny in a service control policy";
        let Some(Message::Denied { context, .. }) = parse(scp) else {
            panic!("not read");
        };
        assert_eq!(
            context.as_deref(),
            Some("with an explicit deny in a service control policy")
        );
        assert_eq!(
            parse("An error occurred (ValidationException) when calling the CreateTransformJob operation: Could not assume role arn:aws:iam::111122223333:role/lab-jobs. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role."),
            Some(Message::Trust { role: "arn:aws:iam::111122223333:role/lab-jobs".into() })
        );
        assert_eq!(
            parse("ClientError: SageMaker was unable to assume the role 'arn:aws:iam::111122223333:role/lab-jobs'"),
            Some(Message::Trust { role: "arn:aws:iam::111122223333:role/lab-jobs".into() })
        );
        assert_eq!(parse("Internal error, please retry"), None);
    }
}
