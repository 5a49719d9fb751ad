//! Documents of the HCL writer's tests, shared by its unit tests and by the
//! terraform checks (`tests/tools/terraform.rs`, which includes this file):
//! the unit tests assert that each case renders exactly its expected text,
//! and the terraform checks that `terraform fmt` leaves that text unchanged,
//! so together they pin every expected text to what terraform writes.
//!
//! Only the writer's public API is used here: the tools target sees no more.

use super::{Block, Body, Expr, ObjectKey, TemplatePart};

pub fn lit(s: &str) -> TemplatePart<'_> {
    TemplatePart::literal(s)
}

pub fn interp(path: &str) -> TemplatePart<'_> {
    TemplatePart::interpolation(path)
}

fn strings<const N: usize>(items: [&str; N]) -> Expr<'_> {
    Expr::list(items.map(Expr::string))
}

fn key(k: &str) -> ObjectKey<'_> {
    ObjectKey::auto(k)
}

fn t(path: &str) -> Expr<'_> {
    Expr::traversal(path)
}

// --- rendering cases ---------------------------------------------------------------------------

/// A document and the exact text the writer renders for it.
pub struct Case {
    /// The function that built it, and its place there (`list_layout #2`).
    pub name: String,
    #[allow(dead_code)] // the terraform checks read `expected` only
    pub body: Body<'static>,
    pub expected: &'static str,
}

/// The cases of one function.
pub struct Cases {
    name: &'static str,
    cases: Vec<Case>,
}

impl Cases {
    fn body(&mut self, body: &Body<'static>, expected: &'static str) {
        let name = format!("{} #{}", self.name, self.cases.len() + 1);
        self.cases.push(Case {
            name,
            body: body.clone(),
            expected,
        });
    }

    /// A one-attribute document `v = <expr>`.
    fn expr(&mut self, expr: Expr<'static>, expected: &'static str) {
        self.body(&Body::new().attr("v", expr), expected);
    }
}

macro_rules! cases {
    ($($f:ident),* $(,)?) => {
        /// Every rendering case, in the order written.
        pub fn cases() -> Vec<Case> {
            let mut all = Vec::new();
            $(
                let mut c = Cases { name: stringify!($f), cases: Vec::new() };
                $f(&mut c);
                all.extend(c.cases);
            )*
            all
        }
    };
}

// --- escaping -------------------------------------------------------------------------------

fn dollar_before_interpolation_is_written_as_unicode_escape(c: &mut Cases) {
    let expr = Expr::template([lit("cost: $"), interp("var.amount"), lit("$")]);
    c.expr(expr, "v = \"cost: \\u0024${var.amount}$\"\n");
}

fn labels_and_quoted_keys_use_the_same_escaping(c: &mut Cases) {
    let object = Expr::object([(ObjectKey::quoted("k\\\n${\u{1}\u{a0}"), Expr::Null)]);
    let body = Body::new().block(
        Block::new("b")
            .label("a\"b\\c\nd\u{1}")
            .with_body(Body::new().attr("o", object)),
    );
    c.body(
            &body,
            "b \"a\\\"b\\\\c\\nd\\u0001\" {\n  o = {\n    \"k\\\\\\n$${\\u0001\u{a0}\" = null\n  }\n}\n",
        );
}

fn labels_escape_what_go_considers_unprintable(c: &mut Cases) {
    // terraform fmt re-encodes labels: format characters, non-ASCII spaces and private use
    // characters are escaped there (but not in template literals or object keys).
    let block = Block::new("b").label("👨\u{200d}👩 \u{a0}\u{ad}\u{f0000} é中");
    c.body(
        &Body::new().block(block),
        "b \"👨\\u200d👩 \\u00a0\\u00ad\\U000f0000 é中\" {}\n",
    );
}

// --- templates ------------------------------------------------------------------------------

fn template_with_interpolations(c: &mut Cases) {
    let expr = Expr::template([
        lit("arn:"),
        interp("data.aws_partition.current.partition"),
        lit(":iam::"),
        interp("data.aws_caller_identity.current.account_id"),
        lit(":role/${aws:username}"),
    ]);
    c.expr(
        expr,
        "v = \"arn:${data.aws_partition.current.partition}:iam::\
             ${data.aws_caller_identity.current.account_id}:role/$${aws:username}\"\n",
    );
}

fn lone_interpolation_is_unwrapped(c: &mut Cases) {
    c.expr(Expr::template([interp("var.x")]), "v = var.x\n");
    // Empty literals around it do not count.
    let expr = Expr::template([lit(""), interp("var.x"), lit("")]);
    c.expr(expr, "v = var.x\n");
    c.expr(Expr::template([]), "v = \"\"\n");
    // Inside a list too (terraform fmt would not unwrap there, but both forms are stable).
    c.expr(
        Expr::list([Expr::template([interp("var.x")])]),
        "v = [var.x]\n",
    );
}

fn adjacent_literals_are_escaped_together(c: &mut Cases) {
    c.expr(Expr::template([lit("$"), lit("{x}")]), "v = \"$${x}\"\n");
}

// --- alignment ------------------------------------------------------------------------------

fn aligns_equals_in_a_run(c: &mut Cases) {
    let body = Body::new()
        .attr("a", 1)
        .attr("long_name", true)
        .attr("bb", Expr::string("x"));
    c.body(
        &body,
        "a         = 1\nlong_name = true\nbb        = \"x\"\n",
    );
}

fn blank_comment_and_block_end_a_run(c: &mut Cases) {
    let body = Body::new()
        .attr("a", 1)
        .attr("bbb", 2)
        .blank()
        .attr("cc", 3)
        .comment("note")
        .attr("d", 4)
        .attr("eeeee", 5)
        .block(Block::new("x"))
        .attr("f", 6)
        .attr("gg", 7);
    c.body(
        &body,
        "a   = 1\nbbb = 2\n\ncc = 3\n# note\nd     = 4\neeeee = 5\nx {}\nf  = 6\ngg = 7\n",
    );
}

fn multiline_value_ends_run_and_is_not_padded(c: &mut Cases) {
    // terraform fmt: `key = [` has no assign cell, so it keeps one space and splits the run.
    let body = Body::new()
        .attr("a", 1)
        .attr("bbbbbb", 2)
        .attr("list", strings(["x", "y"]))
        .attr("c", 3)
        .attr("dd", 4)
        .attr("o", Expr::object([(key("k"), Expr::Null)]))
        .attr("eee", 5);
    let expected = "\
a      = 1
bbbbbb = 2
list = [
  \"x\",
  \"y\",
]
c  = 3
dd = 4
o = {
  k = null
}
eee = 5
";
    c.body(&body, expected);
}

fn inline_values_take_part_in_alignment(c: &mut Cases) {
    let tags = Expr::call(
        "merge",
        [
            t("var.tags"),
            Expr::object([(key("Name"), Expr::string("n"))]),
        ],
    );
    let body = Body::new()
        .attr("one", strings(["x"]))
        .attr("empty", Expr::list([]))
        .attr("o", Expr::object([]))
        .attr("tags", tags);
    c.body(
        &body,
        "one   = [\"x\"]\nempty = []\no     = {}\ntags  = merge(var.tags, { Name = \"n\" })\n",
    );
}

fn object_elements_align_like_attributes(c: &mut Cases) {
    let value = Expr::object([
        (key("a"), Expr::from(1)),
        (key("aws:SourceArn"), Expr::from(2)),
        (
            key("nested"),
            Expr::object([(key("x"), Expr::from(1)), (key("yyy"), Expr::from(2))]),
        ),
        (key("z"), Expr::string("q")),
        (key("zz"), Expr::Null),
    ]);
    let expected = "\
v = {
  a               = 1
  \"aws:SourceArn\" = 2
  nested = {
    x   = 1
    yyy = 2
  }
  z  = \"q\"
  zz = null
}
";
    c.expr(value, expected);
}

fn key_width_counts_grapheme_clusters(c: &mut Cases) {
    let keys = [
        "é",
        "e\u{301}",
        "中文",
        "👍🏽",
        "👨‍👩‍👧",
        "🇩🇪🇫",
        "한국어",
        "हिन्दी",
        "a\"b",
        "$\u{301}",
        "${\u{301}",
        "\u{200B}\u{301}",
        "\u{FFFD}\u{301}",
        "\u{1100}\u{AC00}\u{11A8}",
        "가\u{200D}😀",
        "a\u{200D}😀",
        "\u{200D}😀",
        "abcdefgh",
    ];
    let value = Expr::object(keys.map(|k| (ObjectKey::quoted(k), Expr::Null)));
    let expected = "\
v = {
  \"é\"        = null
  \"e\u{301}\"        = null
  \"中文\"       = null
  \"👍🏽\"        = null
  \"👨‍👩‍👧\"        = null
  \"🇩🇪🇫\"       = null
  \"한국어\"      = null
  \"हिन्दी\"      = null
  \"a\\\"b\"     = null
  \"$\u{301}\"       = null
  \"$${\u{301}\"     = null
  \"\u{200B}\u{301}\"       = null
  \"\u{FFFD}\u{301}\"       = null
  \"\u{1100}\u{AC00}\u{11A8}\"       = null
  \"가\u{200D}😀\"        = null
  \"a\u{200D}😀\"       = null
  \"\u{200D}😀\"       = null
  \"abcdefgh\" = null
}
";
    c.expr(value, expected);
}

// --- lists and objects ------------------------------------------------------------------------

fn list_layout(c: &mut Cases) {
    c.expr(Expr::list([]), "v = []\n");
    c.expr(strings(["a"]), "v = [\"a\"]\n");
    c.expr(Expr::list([t("var.x")]), "v = [var.x]\n");
    c.expr(strings(["a", "b"]), "v = [\n  \"a\",\n  \"b\",\n]\n");
    // A single non-scalar element is not inlined.
    let call = Expr::call("tolist", [t("var.x")]);
    c.expr(Expr::list([call]), "v = [\n  tolist(var.x),\n]\n");
}

fn nested_lists_and_objects(c: &mut Cases) {
    let value = Expr::list([
        Expr::object([(key("a"), strings(["x", "y"])), (key("bb"), Expr::from(1))]),
        strings(["z"]),
        Expr::list([]),
        Expr::object([]),
    ]);
    let expected = "\
v = [
  {
    a = [
      \"x\",
      \"y\",
    ]
    bb = 1
  },
  [\"z\"],
  [],
  {},
]
";
    c.expr(value, expected);
}

fn inline_collections_inside_calls(c: &mut Cases) {
    let value = Expr::call(
        "concat",
        [
            strings(["a", "b"]),
            Expr::object([(key("k"), Expr::from(1)), (key("q k"), Expr::from(false))]),
            Expr::Number(-1),
        ],
    );
    c.expr(
        value,
        "v = concat([\"a\", \"b\"], { k = 1, \"q k\" = false }, -1)\n",
    );
}

// --- operators ------------------------------------------------------------------------------

fn operators_and_parentheses(c: &mut Cases) {
    let count = Expr::conditional(
        Expr::and(Expr::eq(t("var.a"), Expr::string("b")), t("var.c")),
        Expr::from(1),
        Expr::from(0),
    );
    c.expr(count, "v = var.a == \"b\" && var.c ? 1 : 0\n");

    c.expr(
        Expr::and(Expr::or(t("a"), t("b")), t("c")),
        "v = (a || b) && c\n",
    );
    c.expr(
        Expr::or(t("a"), Expr::or(t("b"), t("c"))),
        "v = a || (b || c)\n",
    );
    c.expr(
        Expr::or(Expr::or(t("a"), t("b")), t("c")),
        "v = a || b || c\n",
    );

    let nested = Expr::conditional(
        Expr::conditional(t("a"), t("b"), t("c")),
        Expr::conditional(t("d"), Expr::from(1), Expr::from(2)),
        Expr::conditional(t("e"), Expr::from(3), Expr::Number(-4)),
    );
    c.expr(nested, "v = (a ? b : c) ? (d ? 1 : 2) : e ? 3 : -4\n");
    let cond_operand = Expr::not_eq(Expr::conditional(t("a"), t("b"), t("c")), Expr::Null);
    c.expr(cond_operand, "v = (a ? b : c) != null\n");
    let negative = Expr::and(
        Expr::eq(t("a"), Expr::Number(-1)),
        Expr::not_eq(t("b"), Expr::Number(-2)),
    );
    c.expr(negative, "v = a == -1 && b != -2\n");
}

// --- blocks, comments, blank lines ----------------------------------------------------------

fn blocks_and_empty_blocks(c: &mut Cases) {
    let providers = Body::new().attr(
        "aws",
        Expr::object([
            (key("source"), Expr::string("hashicorp/aws")),
            (key("version"), Expr::string(">= 5.0")),
        ]),
    );
    let body =
        Body::new()
            .block(Block::new("data").label("aws_region").label("current"))
            .blank()
            .block(Block::new("terraform").with_body(
                Body::new().block(Block::new("required_providers").with_body(providers)),
            ));
    let expected = "\
data \"aws_region\" \"current\" {}

terraform {
  required_providers {
    aws = {
      source  = \"hashicorp/aws\"
      version = \">= 5.0\"
    }
  }
}
";
    c.body(&body, expected);
}

fn blank_lines_are_collapsed_and_trimmed(c: &mut Cases) {
    let inner = Body::new()
        .blank()
        .attr("a", 1)
        .blank()
        .blank()
        .attr("b", 2)
        .blank();
    let body = Body::new()
        .blank()
        .block(Block::new("x").with_body(inner))
        .blank()
        .blank()
        .block(Block::new("y").with_body(Body::new().blank()))
        .blank();
    c.body(&body, "x {\n  a = 1\n\n  b = 2\n}\n\ny {}\n");
}

fn comments(c: &mut Cases) {
    let body = Body::new().block(
        Block::new("x").with_body(
            Body::new()
                .comment("one")
                .comment("two  \n\n  indented\r\nlast \rcr")
                .comment("")
                .attr("a", 1),
        ),
    );
    c.body(
        &body,
        "x {\n  # one\n  # two\n  #\n  #   indented\n  # last\n  # cr\n  #\n  a = 1\n}\n",
    );
}

fn document_ends_with_one_newline(c: &mut Cases) {
    c.body(&Body::new(), "");
    c.body(&Body::new().blank(), "");
    c.body(&Body::new().comment("c").blank(), "# c\n");
}

cases!(
    dollar_before_interpolation_is_written_as_unicode_escape,
    labels_and_quoted_keys_use_the_same_escaping,
    labels_escape_what_go_considers_unprintable,
    template_with_interpolations,
    lone_interpolation_is_unwrapped,
    adjacent_literals_are_escaped_together,
    aligns_equals_in_a_run,
    blank_comment_and_block_end_a_run,
    multiline_value_ends_run_and_is_not_padded,
    inline_values_take_part_in_alignment,
    object_elements_align_like_attributes,
    key_width_counts_grapheme_clusters,
    list_layout,
    nested_lists_and_objects,
    inline_collections_inside_calls,
    operators_and_parentheses,
    blocks_and_empty_blocks,
    blank_lines_are_collapsed_and_trimmed,
    comments,
    document_ends_with_one_newline,
);

// --- sample document --------------------------------------------------------------------------

/// String content that exercises every escaping rule. Kept in NFC form because Terraform
/// normalizes string values to NFC.
pub const TRICKY: &str = "quote \" backslash \\ newline \n cr \r tab \t esc \u{1b} del \u{7f} \
                          ${aws:username} $${x} %{ if } %%{y} $ % é 中文 👍🏽 \u{80} end$";

fn statement<'a>(
    sid: &'a str,
    actions: Expr<'a>,
    resources: Expr<'a>,
    condition: Option<Block<'a>>,
) -> Block<'a> {
    let mut body = Body::new()
        .attr("sid", Expr::string(sid))
        .attr("effect", Expr::string("Allow"))
        .attr("actions", actions)
        .attr("resources", resources);
    if let Some(condition) = condition {
        body = body.blank().block(condition);
    }
    Block::new("statement").with_body(body)
}

fn condition<'a>(test: &'a str, variable: &'a str, values: Expr<'a>) -> Block<'a> {
    Block::new("condition").with_body(
        Body::new()
            .attr("test", Expr::string(test))
            .attr("variable", Expr::string(variable))
            .attr("values", values),
    )
}

fn arn<'a>(rest: &[TemplatePart<'a>]) -> Expr<'a> {
    let mut parts = vec![lit("arn:"), interp("data.aws_partition.current.partition")];
    parts.extend_from_slice(rest);
    Expr::template(parts)
}

pub fn sample_document() -> Body<'static> {
    let account = interp("data.aws_caller_identity.current.account_id");
    let region = interp("data.aws_region.current.region");

    let policy = Body::new()
        .attr("version", Expr::string("2012-10-17"))
        .blank()
        .comment(
            "Read objects under the caller's own prefix.\n\
                 ${aws:username} is an IAM policy variable, not an HCL interpolation.",
        )
        .block(statement(
            "ReadOwnPrefix",
            strings(["s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion"]),
            Expr::list([arn(&[lit(":s3:::bucket/home/${aws:username}/*")])]),
            Some(condition(
                "StringLike",
                "s3:prefix",
                strings(["home/${aws:username}/", "%{literal}"]),
            )),
        ))
        .blank()
        .comment("Logs")
        .block(statement(
            "Logs",
            strings(["logs:PutLogEvents"]),
            Expr::list([
                arn(&[
                    lit(":logs:"),
                    region.clone(),
                    lit(":"),
                    account.clone(),
                    lit(":log-group:/aws/sagemaker/*"),
                ]),
                Expr::string("*"),
            ]),
            Some(condition(
                "StringEquals",
                "aws:RequestTag/Project",
                Expr::list([t("var.project")]),
            )),
        ))
        .blank()
        .comment("Every escaping case in one string.")
        .block(statement("Tricky", strings([TRICKY]), strings(["*"]), None));

    let role_count = Expr::conditional(
        Expr::and(
            Expr::eq(t("var.mode"), Expr::string("create")),
            t("var.enabled"),
        ),
        Expr::from(1),
        Expr::from(0),
    );
    let role_tags = Expr::call(
        "merge",
        [
            t("var.tags"),
            Expr::object([
                (key("Name"), Expr::string("sagerole")),
                (key("aws:cloudformation:stack-name"), Expr::string("x")),
            ]),
        ],
    );
    let role = Body::new()
        .attr("count", role_count)
        .blank()
        .attr(
            "name",
            Expr::template([interp("var.name_prefix"), lit("-role")]),
        )
        .attr("path", Expr::string("/sagemaker/"))
        .attr("max_session_duration", 3600)
        .attr(
            "managed_policy_arns",
            Expr::list([
                arn(&[lit(":iam::aws:policy/AmazonSageMakerFullAccess")]),
                t("aws_iam_policy.extra[0].arn"),
            ]),
        )
        .attr(
            "assume_role_policy",
            t("data.aws_iam_policy_document.assume.json"),
        )
        .attr("description", Expr::template([interp("var.mode")]))
        .attr("permissions_boundary", Expr::Null)
        .attr("tags", role_tags)
        .attr(
            "force_detach_policies",
            Expr::or(
                t("var.force"),
                Expr::not_eq(t("var.mode"), Expr::string("reuse")),
            ),
        );

    let output_value = Expr::object([
        (key("arn"), t("aws_iam_role.this[0].arn")),
        (key("name"), t("aws_iam_role.this[0].name")),
        (
            key("is_created"),
            Expr::eq(t("var.mode"), Expr::string("create")),
        ),
        (
            key("statements"),
            strings(["ReadOwnPrefix", "Logs", "Tricky"]),
        ),
        (key("x"), Expr::Number(-1)),
        (key("tricky key \"${x}\" %{y}"), Expr::string(TRICKY)),
        (key("ключ"), Expr::Bool(true)),
        (key("e\u{301}"), Expr::Null),
        (key("👨‍👩‍👧"), Expr::Null),
        (
            key("nested"),
            Expr::object([
                (key("region"), Expr::template([region.clone()])),
                (
                    key("account_and_region"),
                    Expr::template([account, lit("/"), region]),
                ),
                (key("empty"), Expr::list([])),
            ]),
        ),
        (key("last"), Expr::string("$")),
    ]);

    Body::new()
        .comment("Generated by sagerole. DO NOT EDIT.\n\nSecond paragraph   ")
        .block(
            Block::new("terraform").with_body(
                Body::new()
                    .attr("required_version", Expr::string(">= 1.5.0"))
                    .blank()
                    .block(Block::new("required_providers").with_body(Body::new().attr(
                        "aws",
                        Expr::object([
                            (key("source"), Expr::string("hashicorp/aws")),
                            (key("version"), Expr::string(">= 5.0, < 7.0")),
                        ]),
                    ))),
            ),
        )
        .blank()
        .block(Block::new("data").label("aws_partition").label("current"))
        .block(Block::new("data").label("aws_region").label("current"))
        .block(
            Block::new("data")
                .label("aws_caller_identity")
                .label("current"),
        )
        .blank()
        .block(
            Block::new("variable").label("mode").with_body(
                Body::new()
                    .attr("type", t("string"))
                    .attr(
                        "description",
                        Expr::string("Either \"create\" or \"reuse\"."),
                    )
                    .attr("default", Expr::string("create"))
                    .attr("nullable", false)
                    .blank()
                    .block(
                        Block::new("validation").with_body(
                            Body::new()
                                .attr(
                                    "condition",
                                    Expr::call(
                                        "contains",
                                        [strings(["create", "reuse"]), t("var.mode")],
                                    ),
                                )
                                .attr(
                                    "error_message",
                                    Expr::string("mode must be \"create\" or \"reuse\"."),
                                ),
                        ),
                    ),
            ),
        )
        .blank()
        .block(
            Block::new("variable").label("tags").with_body(
                Body::new()
                    .attr("type", Expr::call("map", [t("string")]))
                    .attr("default", Expr::object([])),
            ),
        )
        .blank()
        .block(
            Block::new("variable")
                .label("settings")
                .with_body(Body::new().attr(
                    "type",
                    Expr::call(
                        "object",
                        [Expr::object([
                            (key("name"), t("string")),
                            (key("ports"), Expr::call("list", [t("number")])),
                        ])],
                    ),
                )),
        )
        .blank()
        .block(
            Block::new("data")
                .label("aws_iam_policy_document")
                .label("access")
                .with_body(policy),
        )
        .blank()
        .block(
            Block::new("resource")
                .label("aws_iam_role")
                .label("this")
                .with_body(role),
        )
        .blank()
        .block(
            Block::new("output").label("role").with_body(
                Body::new()
                    .attr(
                        "description",
                        Expr::string("Role details: name, ARN & tags (ünïcödé)."),
                    )
                    .attr("value", output_value)
                    .attr("sensitive", false),
            ),
        )
}

// --- random documents -------------------------------------------------------------------------

/// xorshift64*, enough to vary generated documents deterministically.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[rustfmt::skip]
    const TEXT_PIECES: &[&str] = &[
        "a", "xyz", " ", "\"", "\\", "\n", "\t", "\r", "\u{1}", "\u{7f}", "\u{80}", "$", "%", "{",
        "}", "${", "%{", "$${", "~", "é", "e\u{301}", "中", "👍🏽", "👨\u{200d}👩\u{200d}👧", "🇩🇪", "한",
        "\u{1100}\u{1161}", "हि", "\u{200b}", "\u{a0}", "\u{ad}", "\u{e000}", "\u{f0000}",
    ];

struct Gen {
    rng: Rng,
    /// Keep `$` and `%` out of templates that contain interpolations: hcl-rs 0.20 mis-reads
    /// `$$${`, `%%%{` and `\u0024${` there (terraform reads them correctly, see
    /// `reads_strings_back_verbatim` in tests/tools/terraform.rs).
    hcl_rs_safe: bool,
}

impl Gen {
    fn text(&mut self, max_pieces: usize, allow_template_chars: bool) -> String {
        let n = self.rng.below(max_pieces + 1);
        let mut s = String::new();
        while s.chars().count() < n {
            let piece = self.rng.pick(TEXT_PIECES);
            if allow_template_chars || !piece.contains(['$', '%']) {
                s.push_str(piece);
            }
        }
        s
    }

    /// Label text: no `$`/`%` (terraform fmt deletes such labels) and only NFC pieces
    /// (terraform fmt re-encodes labels after normalizing them to NFC).
    fn label(&mut self) -> String {
        let n = self.rng.below(6);
        let mut s = String::new();
        while s.chars().count() < n {
            let piece = self.rng.pick(TEXT_PIECES);
            if !piece.contains(['$', '%', '\u{301}', '\u{1100}']) {
                s.push_str(piece);
            }
        }
        s
    }

    fn ident(&mut self) -> String {
        const PARTS: &[&str] = &["a", "b", "name", "x_1", "long_attribute_name", "k-v", "id"];
        let mut s = self.rng.pick(PARTS).to_owned();
        for _ in 0..self.rng.below(3) {
            s.push('_');
            s.push_str(self.rng.pick(PARTS));
        }
        s
    }

    fn traversal(&mut self) -> String {
        self.rng
            .pick(&[
                "var.x",
                "local.y",
                "data.aws_region.current.region",
                "a.b[0].c",
                "count.index",
            ])
            .to_owned()
    }

    fn object_key(&mut self) -> ObjectKey<'static> {
        if self.rng.below(2) == 0 {
            ObjectKey::auto(self.ident())
        } else {
            ObjectKey::quoted(self.text(6, true))
        }
    }

    fn expr(&mut self, depth: usize) -> Expr<'static> {
        let kinds = if depth == 0 { 5 } else { 10 };
        match self.rng.below(kinds) {
            0 => {
                let with_interp = self.rng.below(2) == 0;
                let safe = !(with_interp && self.hcl_rs_safe);
                if !with_interp && self.rng.below(2) == 0 {
                    return Expr::string(self.text(8, safe));
                }
                let mut parts = vec![TemplatePart::literal(self.text(8, safe))];
                if with_interp {
                    for _ in 0..=self.rng.below(2) {
                        parts.push(TemplatePart::interpolation(self.traversal()));
                        parts.push(TemplatePart::literal(self.text(4, safe)));
                    }
                }
                Expr::Template(parts)
            }
            1 => Expr::traversal(self.traversal()),
            2 => Expr::Number(self.rng.next() as i64 % 2000 - 1000),
            3 => Expr::Bool(self.rng.below(2) == 0),
            4 => Expr::Null,
            5 | 6 => Expr::List(
                (0..self.rng.below(4))
                    .map(|_| self.expr(depth - 1))
                    .collect(),
            ),
            7 => {
                let mut entries: Vec<(ObjectKey, Expr)> = Vec::new();
                for _ in 0..self.rng.below(6) {
                    let k = self.object_key();
                    if entries.iter().all(|(existing, _)| existing != &k) {
                        let v = self.expr(depth - 1);
                        entries.push((k, v));
                    }
                }
                Expr::Object(entries)
            }
            8 => {
                let name = self.rng.pick(&["merge", "concat", "tolist", "coalesce"]);
                Expr::FuncCall(
                    name.into(),
                    (0..self.rng.below(3))
                        .map(|_| self.expr(depth - 1))
                        .collect(),
                )
            }
            _ => {
                let a = self.expr(depth - 1);
                let b = self.expr(depth - 1);
                match self.rng.below(5) {
                    0 => Expr::eq(a, b),
                    1 => Expr::not_eq(a, b),
                    2 => Expr::and(a, b),
                    3 => Expr::or(a, b),
                    _ => Expr::conditional(a, b, self.expr(depth - 1)),
                }
            }
        }
    }

    fn body(&mut self, depth: usize) -> Body<'static> {
        let mut body = Body::new();
        let mut keys: Vec<String> = Vec::new();
        for _ in 0..self.rng.below(8) {
            match self.rng.below(8) {
                0 if depth > 0 => {
                    let mut block = Block::new(self.ident());
                    for _ in 0..self.rng.below(3) {
                        block = block.label(self.label());
                    }
                    body = body.block(block.with_body(self.body(depth - 1)));
                }
                1 => body = body.comment(self.text(10, true)),
                2 => body = body.blank(),
                _ => {
                    let k = self.ident();
                    if !keys.contains(&k) {
                        keys.push(k.clone());
                        body = body.attr(k, self.expr(3));
                    }
                }
            }
        }
        body
    }
}

pub fn random_documents(count: usize, hcl_rs_safe: bool) -> Vec<Body<'static>> {
    let mut generator = Gen {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        hcl_rs_safe,
    };
    (0..count).map(|_| generator.body(2)).collect()
}
