//! The Go template subset, checked by rendering through the engine: what Go's text/template
//! prints for the same input is the expected output.

use super::*;
use crate::template::{Engine, Source, Vars};

fn render_with(vars: &[(&str, &str)], text: &str) -> Result<String> {
    let engine = Engine::new(Vars::from_map(
        vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    ));
    let (out, _) = engine.render_once(&[Source::new("t.json", text)]);
    out.map(|mut v| v.remove(0))
}

fn render(text: &str) -> String {
    render_with(&[("TAG", "v1"), ("AZ", "a"), ("EMPTY", ""), ("N", "3")], text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn refused(text: &str) -> String {
    render_with(&[], text).expect_err(text).to_string()
}

#[test]
fn calls_pipelines_and_both_quote_styles() {
    assert_eq!(render("{{ must_env `TAG` }}/{{ env \"NOPE\" `d` }}"), "v1/d");
    assert_eq!(render("{{must_env `TAG`}}"), "v1");
    assert_eq!(render("{{ env `EMPTY` `dflt` }}"), "dflt");
    assert_eq!(render(r#"{{ "a\"b\n" | json_escape }}"#), r#"a\"b\n"#);
    assert_eq!(render("{{ must_env `TAG` | printf \"%s-%s\" `x` }}"), "x-v1");
    assert_eq!(render("{{ json_escape (must_env `TAG`) }}"), "v1");
    assert_eq!(render("{{ printf `%s/%s` (env `AZ` ``) (must_env `TAG`) }}"), "a/v1");
    assert_eq!(render("{{ print 1 2 `a` `b` 3 }} {{ println `x` 1 }}"), "1 2ab3 x 1\n");
    assert_eq!(render("{{ \"lit\" }} {{ 42 }} {{ true }} {{ 0x1F }}"), "lit 42 true 31");
}

#[test]
fn conditions_with_function_calls() {
    let t = "{{ if (env `TAG` ``) }}tag={{ must_env `TAG` }}{{ else }}none{{ end }}";
    assert_eq!(render(t), "tag=v1");
    assert_eq!(
        render("{{ if env `NOPE` }}x{{ else if eq (env `AZ`) `a` }}az-a{{ else }}y{{ end }}"),
        "az-a"
    );
    assert_eq!(render("{{ if not (env `NOPE`) }}unset{{ end }}"), "unset");
    assert_eq!(render("{{ if and (env `TAG`) (env `AZ`) }}both{{ end }}"), "both");
    assert_eq!(render("{{ or (env `NOPE`) `fallback` }}"), "fallback");
    assert_eq!(render("{{ and `x` `` `y` }}|{{ and `x` `y` }}"), "|y");
    assert_eq!(render("{{ if eq `b` `a` `b` }}in{{ end }}"), "in");
    assert_eq!(render("{{ if ne (env `AZ`) `b` }}ne{{ end }}"), "ne");
    assert_eq!(
        render("{{ if lt 1 2 }}lt{{ end }}{{ if ge 2 2 }}ge{{ end }}{{ if gt 1 2 }}gt{{ end }}"),
        "ltge"
    );
    assert_eq!(render("{{ len `abcd` }}"), "4");
}

#[test]
fn trimming_and_comments_keep_lines() {
    assert_eq!(render("a  {{- `b` -}}  c"), "abc");
    assert_eq!(render("[\n  {{- if true }}\n  1\n  {{- end }}\n]"), "[\n  1\n]");
    assert_eq!(render("a{{/* note */}}b"), "ab");
    assert_eq!(render("a {{- /* note */ -}} b"), "ab");
    // A multi-line comment keeps the lines after it where they were.
    let err = render_with(&[], "{{/* one\ntwo */}}\n{{ must_env `X` }}").unwrap_err().to_string();
    assert!(err.starts_with("t.json:3:"), "{err}");
    assert_eq!(render("{{-3}}"), "-3");
}

#[test]
fn with_range_and_variables() {
    assert_eq!(render("{{ with env `TAG` }}[{{ . }}]{{ else }}none{{ end }}"), "[v1]");
    assert_eq!(render("{{ with env `NOPE` }}[{{ . }}]{{ else }}none{{ end }}"), "none");
    assert_eq!(render("{{ with $t := env `TAG` }}{{ $t }}{{ end }}"), "v1");
    assert_eq!(render("{{ $x := must_env `TAG` }}{{ $x }}-{{ $x }}"), "v1-v1");
}

#[test]
fn index_and_range_over_values() {
    // Lists and maps come from tfstate in real templates; `_go_range` is what range calls.
    let engine = Engine::new(Vars::default());
    let mut engine = engine;
    let state = serde_json::json!({"version": 4, "outputs": {
        "subnets": {"value": ["s-1", "s-2"]},
        "ports": {"value": {"b": 2, "a": 1}}}, "resources": []});
    engine
        .add_tfstate(
            "",
            std::sync::Arc::new(crate::template::tfstate::TfState::from_value("t", state)),
        )
        .unwrap();
    let once = |text: &str| {
        let (out, _) = engine.render_once(&[Source::new("t.json", text)]);
        out.map(|mut v| v.remove(0)).unwrap_or_else(|e| panic!("{text}: {e}"))
    };
    assert_eq!(once("{{ range tfstate `output.subnets` }}<{{ . }}>{{ end }}"), "<s-1><s-2>");
    assert_eq!(
        once(
            "{{ range $i, $s := tfstate `output.subnets` }}{{ if $i }},{{ end }}{{ $i }}={{ $s }}{{ end }}"
        ),
        "0=s-1,1=s-2"
    );
    assert_eq!(
        once("{{ range $k, $v := tfstate `output.ports` }}{{ $k }}{{ $v }} {{ end }}"),
        "a1 b2 "
    );
    assert_eq!(once("{{ range tfstate `output.ports` }}{{ . }}{{ end }}"), "12");
    assert_eq!(once("{{ index (tfstate `output.subnets`) 1 }}"), "s-2");
    assert_eq!(once("{{ index (tfstate `output.ports`) `a` }}"), "1");
    assert_eq!(once("{{ len (tfstate `output.subnets`) }}"), "2");
    assert_eq!(once("{{ tfstate `output.subnets` }}"), "[\"s-1\",\"s-2\"]");
    assert_eq!(
        once(
            "{{ range tfstate `output.subnets` }}{{ if eq . `s-1` }}{{ continue }}{{ end }}{{ . }}{{ end }}"
        ),
        "s-2"
    );
    assert_eq!(once("{{ range tfstate `output.subnets` }}{{ . }}{{ break }}{{ end }}"), "s-1");
    assert_eq!(once("{{ tfstatef `output.%s` `subnets` | len }}"), "2");
}

#[test]
fn minijinja_is_left_alone() {
    for text in [
        r#"{{ env("TAG") }}"#,
        "{{ x | upper }}",
        "{{ items[0] }}",
        "{% if a %}b{% endif %}",
        "{{ loop.index }}",
        "{{ range(3) }}",
    ] {
        assert_eq!(translate(text, &["env".to_string()], "f").unwrap(), text);
    }
    assert_eq!(render(r#"{% if env("TAG") == "v1" %}yes{% endif %} {{ must_env `AZ` }}"#), "yes a");
}

#[test]
fn refusals_name_the_construct_and_line() {
    for (text, needle) in [
        ("a\n{{ .Env.X }}", "t.json:2: `.Env.X` reads the template's data"),
        ("{{ $ }}", "`$` reads the template's data"),
        ("{{ define `x` }}{{ end }}", "the Go template action `define` is not supported"),
        ("{{ template `x` }}", "`template` is not supported"),
        ("{{ slice `abc` 1 }}", "`slice` is not supported"),
        ("{{ nope `X` }}", "unknown function `nope`"),
        ("{{ env `X }}", "unterminated"),
        ("{{ if true }}x", "t.json:1: `{{ if }}` has no `{{ end }}`"),
        ("x\n{{ end }}", "t.json:2: `{{ end }}` without"),
        ("{{ else }}", "outside `if`"),
        ("{{ break }}", "outside `range`"),
        ("{{ not 1 2 }}", "wrong number of args for not"),
        (
            "{{ if true }}\n{% if x %}{% endif %}{{ end }}",
            "mixes Go template control actions (line 1) with minijinja tags (line 2)",
        ),
        ("{{ `a` `b` }}", "only functions take arguments"),
        ("{{ must_env `TAG`", "unclosed action"),
        ("{{ (env `X` }}", "unclosed left paren"),
    ] {
        let err = refused(text);
        assert!(err.contains(needle), "{text}: {err}");
    }
}

#[test]
fn keeps_line_numbers() {
    let funcs: Vec<String> = ["must_env".to_string()].to_vec();
    let text = "{\n  {{- if true }}\n  \"a\": \"{{ must_env `A` }}\",\n  {{ end }}\n  \"b\": 1\n}";
    assert_eq!(translate(text, &funcs, "f").unwrap().lines().count(), text.lines().count());
}
