//! The names the import gives: struct identifiers from Terraform resource names, and field
//! names (Rust identifiers that no placeholder confuses) from variables and expressions.

use hcl::{Expression, TraversalOperator};

/// `karpenter_node` → `KarpenterNode`: the struct's identifier for a resource.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    match out.chars().next() {
        None => "Imported".into(),
        Some(c) if c.is_ascii_digit() => format!("R{out}"),
        Some(_) => out,
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// A field name: snake_case, a Rust identifier, and neither a keyword nor a pseudo-parameter's
/// placeholder (`region`), which the DSL would read as something else.
pub fn field_ident(raw: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in raw.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    let words: Vec<&str> = out.split('_').filter(|w| !w.is_empty()).collect();
    let mut name = words.join("_");
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("v_{name}");
    }
    let pseudo = crate::model::Pseudo::from_placeholder(&name).is_some();
    if pseudo || KEYWORDS.contains(&name.as_str()) {
        name.push_str("_param");
    }
    name
}

/// A field name for an expression the import could not resolve, from the names it reads:
/// `replace(var.provider_url, "https://", "")` → `replace_provider_url`.
pub fn expression_field(expr: &Expression) -> String {
    let mut words = Vec::new();
    collect_words(expr, &mut words);
    words.dedup();
    words.truncate(5);
    field_ident(&words.join("_"))
}

fn collect_words(expr: &Expression, out: &mut Vec<String>) {
    const ROOTS: &[&str] = &["var", "local", "data", "each", "count"];
    match expr {
        Expression::Variable(v) if !ROOTS.contains(&v.as_str()) => out.push(v.as_str().to_owned()),
        Expression::Traversal(t) => {
            collect_words(&t.expr, out);
            for op in &t.operators {
                if let TraversalOperator::GetAttr(id) = op {
                    out.push(id.as_str().to_owned());
                }
            }
        }
        Expression::FuncCall(f) => {
            out.push(f.name.name.as_str().to_owned());
            f.args.iter().for_each(|a| collect_words(a, out));
        }
        Expression::Parenthesis(inner) => collect_words(inner, out),
        Expression::Conditional(c) => {
            collect_words(&c.cond_expr, out);
            collect_words(&c.true_expr, out);
            collect_words(&c.false_expr, out);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::Operation::Unary(u) => collect_words(&u.expr, out),
            hcl::Operation::Binary(b) => {
                collect_words(&b.lhs_expr, out);
                collect_words(&b.rhs_expr, out);
            }
        },
        Expression::ForExpr(f) => {
            collect_words(&f.collection_expr, out);
            collect_words(&f.value_expr, out);
        }
        Expression::TemplateExpr(t) => {
            if let Ok(template) = hcl::Template::from_expr(t) {
                for element in template.elements() {
                    if let hcl::template::Element::Interpolation(i) = element {
                        collect_words(&i.expr, out);
                    }
                }
            }
        }
        Expression::Array(items) => items.iter().for_each(|i| collect_words(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents_and_fields() {
        assert_eq!(upper_camel("karpenter_node"), "KarpenterNode");
        assert_eq!(upper_camel("this"), "This");
        assert_eq!(upper_camel("ci-deploy"), "CiDeploy");
        assert_eq!(field_ident("role-name"), "role_name");
        assert_eq!(field_ident("roleName"), "role_name");
        assert_eq!(field_ident("region"), "region_param");
        assert_eq!(field_ident("type"), "type_param");
        let expr: Expression = r#"replace(var.provider_url, "https://", "")"#.parse().unwrap();
        assert_eq!(expression_field(&expr), "replace_provider_url");
        let expr: Expression = "aws_sqs_queue.this[0].arn".parse().unwrap();
        assert_eq!(expression_field(&expr), "aws_sqs_queue_this_arn");
    }
}
