#!/usr/bin/env bash
# Mutation testing of the security-relevant code with cargo-mutants: every
# deliberate bug in the rules below must make a behaviour test fail.
#
#   scripts/mutants.sh                 # every area
#   scripts/mutants.sh s3 diff         # some areas
#   scripts/mutants.sh --list [AREA]   # the mutants, without running them
#   scripts/mutants.sh --again s3 diff # what the last run of s3+diff missed
#   scripts/mutants.sh diff -- --in-diff changes.diff  # only changed code
#   MUTANTS_JOBS=2 scripts/mutants.sh  # two shards side by side
#   MUTANTS_NICE=19 scripts/mutants.sh # at the lowest CPU priority
#   scripts/mutants.sh -- --baseline=skip --timeout 300
#                                      # no unmutated run first, when the
#                                      # tests are known to pass
#
# Areas: trust, passrole, callers, s3, diff, lint, inputs. The outcomes are in
# target/mutants/AREA+AREA.../{caught,missed,timeout,unviable}.txt, the
# logs in its mutants.out (or shard-K/mutants.out); the exit code is 0 only
# when no mutant was missed or timed out. Mutants that cannot change
# behaviour are excluded by name, each with its reason, in
# .cargo/mutants.toml. Not run in CI: a full run builds and tests each of
# about 890 mutants (README, Development).
set -euo pipefail
cd "$(dirname "$0")/.."

# One regex per group of functions, matched against the names that
# `cargo mutants --list` prints: `FILE:LINE:COL: replace NAME -> T with V`
# for a whole function, `replace NAME with ()` for one that returns
# nothing, `...: replace A with B in NAME` inside one.
fns() { # fns FILE NAME... -> the mutants of these functions of FILE
  local file=$1
  shift
  local IFS='|'
  printf '^%s:.*(?: in |replace )(?:%s)(?: ->| with |$)' "${file//./\\.}" "$*"
}

declare -A AREAS
# The trust policy: the service principal, aws:SourceAccount and
# aws:SourceArn per trust mode (strict, auto, off), the document and its
# Terraform and CloudFormation forms; the strict trust's names, which only
# workloads whose every launch the spec names get (spec_named).
AREAS[trust]="
$(fns src/model/build.rs trust regions_text spec_named)
$(fns src/model/document.rs trust conditions 'Context::resolve')
$(fns src/model/mod.rs condition_block)
$(fns src/model/value.rs 'Str::arn' 'Str::arn_of' 'Ctx::push_to' 'Regions::arns' 'Regions::arns_of')
$(fns src/emit/terraform/mod.rs roles condition_block)
$(fns src/emit/cloudformation/mod.rs role_resource '<impl Serialize for Conditions<._>>::serialize' '<impl Serialize for OperatorConditions<.*>>::serialize')
"
# iam:PassRole: the action, the exact role ARNs, iam:PassedToService, and
# which roles a launch passes; the policy builder, which also adds the
# spec's declared statements as written.
AREAS[passrole]="
$(fns src/model/build.rs launch_grants cond 'Builder::add' 'Builder::declare' 'Builder::finish' union union_text)
$(fns src/model/draft.rs role_passed_at_launch role_of role_holder)
$(fns src/model/value.rs 'Str::role_arn')
$(fns src/model/document.rs policy)
$(fns src/emit/terraform/mod.rs policy_document)
$(fns src/emit/cloudformation/mod.rs '<impl Serialize for PolicyDocument<._>>::serialize' '<impl Serialize for PolicyStatement<._>>::serialize')
$(fns src/catalog/mod.rs 'Api::passes_role')
"
# Caller grants (create calls pinned by request keys and by the spec's
# guardrails, tagging, describe and stop; the names a workload's resources
# may carry, a pipeline's step jobs' names, the Studio domain whose id the
# output takes as an input, and the pattern that input's values must match)
# and their attachment: Terraform's count with `&&`, CloudFormation's Fn::And
# condition.
AREAS[callers]="
$(fns src/model/build.rs caller request_conditions guard_conditions by_resource_types follow_grants step_functions_grants kms_arns sagemaker_arns workload_arns named_arns domain_arns 'Launcher<._>::job_names')
$(fns src/model/value.rs 'Input::pattern' 'Input::accepts')
$(fns src/catalog/guardrails.rs 'Guardrail::key' 'Guardrail::value' 'Guardrail::applies_to' 'Guardrail::absent_denied')
$(fns src/model/names.rs aws_name name_patterns covers 'JobNames::patterns')
$(fns src/model/lower.rs 'Checker::callers')
$(fns src/model/resource.rs principal)
$(fns src/catalog/mod.rs 'RequestKey::key' 'RequestKey::operator' 'RequestKey::is_multivalued' resource_pattern resource_patterns_of_kind id_scoped 'Api::creates')
$(fns src/emit/terraform/mod.rs callers variables)
$(fns src/emit/cloudformation/mod.rs caller_resource template attach_condition_id input_parameter)
"
# S3 scoping: prefixes (and those another covers), ListBucket with
# s3:prefix, an object key against a prefix, wildcards refused in keys; the
# rest of an execution role's statements are built in the same function,
# with its log streams (a pipeline's step jobs' among them) and the SNS
# topics and SQS queues it may publish to.
AREAS[s3]="
$(fns src/model/build.rs role full_access_role minimal_prefixes s3_objects list_statements "Listed<'a>::add" stable_tag served held workload_logs pipeline_named messaging_arn)
$(fns src/model/draft.rs 'Workload::reads')
$(fns src/model/resource.rs s3_uri 'S3Location::names_object' check_policy_text)
"
# diff: the classification (broadens, narrows, changes, same), the counts and
# the verdict, and --fail-on-broaden's exit code.
AREAS[diff]="
$(fns src/diff.rs 'Part::is_statement' 'Direction::of' 'Direction::grants_new' 'Direction::loses' 'Counts::total' 'Item::held' 'Item::reads_as' 'Item::grants' insert tests add_policy referenced_tags principals grant_set renamed values_cover covers allows added_removed by_key compare diff summary)
$(fns src/model/wildcard.rs glob glob_in has_wildcard)
$(fns src/cli/mod.rs run)
"
# The lint and the IAM data it matches against: actions, ARN templates,
# condition keys (deprecated ones too), statements that undo another's
# conditions (with the overlap of two wildcard patterns), and the CLI's
# refusal to write a policy that fails it.
AREAS[lint]="
^src/lint\\.rs:
^src/iam_data\\.rs:
^src/iam_data/arn_template\\.rs:
^src/arn\\.rs:
$(fns src/model/wildcard.rs overlap overlap_in)
$(fns src/cli/mod.rs self_lint)
"
# Inputs, names and existing roles: each input kind's pattern and maximum
# length (what stops a wrong value from reaching a policy: a Terraform
# variable's validation, a CloudFormation parameter's AllowedPattern and
# MaxLength), the check that an input stands only where its kind fits, and
# its parts in the built policies; a name_prefix input and the names it
# starts; the names AWS gives exactly (model package groups, pipelines), and
# so are granted without `-*`; a caller principal given as an input,
# attached only in the account its ARN names, to the role its ARN names; an
# existing role (`existing = true`): its ARN from its input, its policies
# attached to it by both emitters and named as the created role's would be.
AREAS[inputs]="
^src/model/inputs\\.rs:
^src/catalog/input_kinds\\.rs:
$(fns src/model/value.rs 'DeclaredInput::input' 'Input::name' 'Input::kind' 'Input::max_length' 'Input::longest' 'Str::existing_role_arn')
$(fns src/model/names.rs names_of 'JobNames::patterns_of' existing_role_parameter 'terraform::role_name')
$(fns src/catalog/mod.rs named_exactly)
$(fns src/model/mod.rs 'Role::arn' 'Model::inputs' 'Model::declared')
$(fns src/model/lower.rs 'Checker::references' 'Checker::max_length' 'Checker::name_prefix' 'Checker::declare_inputs' 'Checker::existing_role' 'Checker::longest')
$(fns src/model/build.rs fit_quotas)
$(fns src/emit/terraform/mod.rs variable role_account role_name arn_item role_source role_attr existing_role policies named module_variables matches)
$(fns src/emit/cloudformation/mod.rs parameter roles_of role_arn existing_role_policy_resource role_policy_resource role_ref_field)
"
ORDER=(trust passrole callers s3 diff lint inputs)

list=()
again=
while :; do
  case "${1:-}" in
    --list) list=(--list); shift ;;
    --again) again=1; shift ;;
    *) break ;;
  esac
done
areas=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  areas+=("$1")
  shift
done
[ "${1:-}" != "--" ] || shift
extra=("$@") # after `--`: more cargo-mutants options (--in-diff FILE)
[ ${#areas[@]} -gt 0 ] || areas=("${ORDER[@]}")
res=()
declare -A files
for a in "${areas[@]}"; do
  [ -n "${AREAS[$a]+x}" ] || { echo "unknown area $a (one of: ${ORDER[*]})" >&2; exit 2; }
  if [ -n "$again" ]; then
    continue
  fi
  while IFS= read -r re; do
    [ -n "$re" ] || continue
    res+=(--re "$re")
    file=${re#^}
    file=${file%%:*}
    files[${file//\\/}]=1
  done <<<"${AREAS[$a]}"
done
if [ -n "$again" ]; then
  # The mutants the last run of these areas (or its --again run, when that
  # is newer) missed or timed out on, by file and description (their lines
  # move when the code does).
  last="target/mutants/$(IFS=+; echo "${areas[*]}")"
  [ "$last-again/missed.txt" -nt "$last/missed.txt" ] && last+=-again
  while IFS= read -r name; do
    file=${name%%:*}
    what=${name#*: }
    what=$(printf '%s' "$what" | sed 's/[][\\.^$*+?(){}|]/\\&/g')
    res+=(--re "^${file//./\\.}:[0-9]+:[0-9]+: ${what}\$")
    files[$file]=1
  done < <(cat "$last/missed.txt" "$last/timeout.txt" 2>/dev/null)
fi
# Only these files are read. cargo-mutants 27.1 generates the deletion of a
# field from a struct expression (`..base`) whatever --re, --exclude-re or
# exclude_re in .cargo/mutants.toml say; --file keeps them to these files,
# and such a mutant cannot be excluded: it needs a test that kills it, as
# those of the CloudFormation input_parameter and lower.rs's s3 have.
for f in "${!files[@]}"; do res+=(--file "$f"); done

# Tests left out of each mutant's run, and why:
# - goldens (examples' generated trees, error messages, diff reports, and the
#   tests that read the generated trees back: equivalence, parse-back,
#   explain-versus-outputs): a golden holds what the generator wrote, so a
#   mutant only a golden notices survives `SAGEROLE_BLESS=1`. Each rule here
#   must have an assertion of its own.
# - the tools binary (terraform, moto, iam-simulate): it needs tools outside
#   Rust and runs them for every case; the assertions that kill these
#   mutants live in the integration binary and the unit tests.
# - the HCL and YAML writers' and the escaping, panic-freedom and quota-size
#   properties (about 20 s together): they test text encoding and sizes, none
#   of the functions mutated here, which build the documents before any text.
# - the atomic-write tests of cli::write and the parallel runs of output::
#   (file system, none of these rules), and the import-cycle test (the
#   source's `use` lines, which no mutant changes).
# - the split's tests over large specs (stacks::, 60 s of the 80 s the tests
#   take): they compare each split template with the documents of the same
#   model, which a mutant changes alike, and fit sizes the split measures
#   itself; the split is not mutated here. The test of the inputs a split
#   template declares stays, as template() is.
skips=(
  golden::
  equivalence::
  errors::bad_specs_give_their_golden_errors
  diff::every_edit_has_its_golden_report
  diff::the_readme_shows_the_add_security_group_report
  cli::explain_and_both_outputs_give_every_statement_the_same_reasons
  cli::product_output_cites_no_private_notes
  parse_back::
  emit::terraform::hcl::
  emit::cloudformation::yaml::
  escaping::
  properties::
  cli::write::
  output::parallel_runs_of_different_specs_keep_every_hand_written_file
  imports::no_module_imports_one_that_imports_it_back
  stacks::large_specs_split_into_self_contained_templates_within_every_quota
  stacks::adding_a_workload_to_a_split_spec_moves_no_role
  stacks::a_split_is_deterministic_and_its_documents_are_the_canonical_ones
  stacks::generate_and_check_own_the_numbered_templates_and_drop_them_when_one_fits
)
skip_args=()
for s in "${skips[@]}"; do skip_args+=(--skip "$s"); done

# No debug info, which mutants do not need and which halves the link time.
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_PROFILE_TEST_DEBUG=0
unset SAGEROLE_BLESS
out="target/mutants/$(IFS=+; echo "${areas[*]}")${again:+-again}"
[ ${#res[@]} -gt 0 ] || { echo "nothing to run" >&2; exit 0; }
mkdir -p "$out"

# A timeout that a loaded machine does not reach by itself: the tests take
# about 3 s alone, a mutant that loops runs into it. The targets are named
# for the build as well as the test, so that the tools binary is not built.
run() { # run SHARD TARGET_DIR OUTPUT [OPTIONS...]
  local shard=$1 target=$2 output=$3
  shift 3
  CARGO_TARGET_DIR="$target" nice -n "${MUTANTS_NICE:-0}" cargo mutants "$@" \
    --output "$output" \
    --no-shuffle \
    --minimum-test-timeout 60 \
    "${res[@]}" "${extra[@]}" ${shard:+--shard "$shard"} \
    --cargo-arg=--lib --cargo-arg=--test=integration \
    -- -- "${skip_args[@]}"
}

# Each run has a target directory of its own, kept between runs, so that
# only sagerole is rebuilt in cargo-mutants' scratch copy. MUTANTS_JOBS=N
# runs N shards side by side, each with its own target directory: builds in
# one target directory take turns (cargo locks it), and cargo-mutants'
# own --jobs would have its copies build every dependency again.
jobs=${MUTANTS_JOBS:-1}
if [ ${#list[@]} -gt 0 ]; then
  run "" target/mutants/build "$out" --list
  exit
fi
if [ "$jobs" -le 1 ]; then
  rm -rf "$out/shard-"*
  run "" "$PWD/target/mutants/build" "$out" || true
  dirs=("$out/mutants.out")
else
  rm -rf "$out/mutants.out" "$out/shard-"*
  pids=()
  dirs=()
  for ((k = 0; k < jobs; k++)); do
    target="$PWD/target/mutants/build"
    [ "$k" -eq 0 ] || target+="-$k"
    mkdir -p "$out/shard-$k"
    run "$k/$jobs" "$target" "$out/shard-$k" >"$out/shard-$k/console.txt" 2>&1 &
    pids+=($!)
    dirs+=("$out/shard-$k/mutants.out")
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
fi
# The outcomes of every shard, in one place.
status=0
for kind in caught missed timeout unviable; do
  cat "${dirs[@]/%//$kind.txt}" 2>/dev/null | sort >"$out/$kind.txt"
  echo "$kind: $(wc -l <"$out/$kind.txt")"
done
[ -s "$out/missed.txt" ] && status=2
[ -s "$out/timeout.txt" ] && status=3
sed 's/^/missed: /' "$out/missed.txt"
exit $status
