//! The generic shape of the attribute's arguments, before their meaning: literals, `key =
//! value`, `name(...)` calls and paths. Parsing this first keeps syn's error handling in one
//! place; the meaning of each argument is read from this tree by `syntax::args`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Lit, Token, bracketed, parenthesized};

/// One comma-separated argument.
#[derive(Debug, Clone)]
pub enum Meta {
    /// `"s3:GetObject"`
    Lit(Lit),
    /// `name = "x"`, `"cost-center" = "42"`, `on = ["a", "b"]`
    KeyValue { key: Key, value: Value },
    /// `allow(...)`, `ForAnyValue::StringLike(...)`, `policies(A, b::B)`
    Call {
        path: syn::Path,
        args: Vec<Meta>,
        span: Span,
    },
    /// `WriteLogs`, `crate::audit::ReadOnly`
    Path(syn::Path),
    /// `["RunInstances", "CreateFleet"]`: a condition's values as a list.
    List { items: Vec<Lit>, span: Span },
}

#[derive(Debug, Clone)]
pub enum Key {
    Ident(syn::Ident),
    Lit(syn::LitStr),
}

impl Key {
    pub fn name(&self) -> String {
        match self {
            Key::Ident(ident) => ident.to_string().trim_start_matches("r#").to_owned(),
            Key::Lit(lit) => lit.value(),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Key::Ident(ident) => ident.span(),
            Key::Lit(lit) => lit.span(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Value {
    Lit(Lit),
    List { items: Vec<Lit>, span: Span },
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Lit(lit) => lit.span(),
            Value::List { span, .. } => *span,
        }
    }
}

impl Meta {
    pub fn span(&self) -> Span {
        match self {
            Meta::Lit(lit) => lit.span(),
            Meta::KeyValue { key, .. } => key.span(),
            Meta::Call { span, .. } => *span,
            Meta::Path(path) => path.span(),
            Meta::List { span, .. } => *span,
        }
    }
}

/// Parses `a, b = "c", d(...)` into its arguments.
pub fn parse_list(input: ParseStream) -> syn::Result<Vec<Meta>> {
    let list = Punctuated::<Meta, Token![,]>::parse_terminated(input)?;
    Ok(list.into_iter().collect())
}

impl Parse for Meta {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(syn::token::Bracket) {
            let Value::List { items, span } = input.parse()? else {
                unreachable!("a bracket starts a list")
            };
            return Ok(Meta::List { items, span });
        }
        if input.peek(Lit) {
            let lit: Lit = input.parse()?;
            if input.peek(Token![=]) {
                let key = match lit {
                    Lit::Str(s) => Key::Lit(s),
                    other => {
                        return Err(syn::Error::new(
                            other.span(),
                            "expected a name or a string literal",
                        ));
                    }
                };
                input.parse::<Token![=]>()?;
                return Ok(Meta::KeyValue {
                    key,
                    value: input.parse()?,
                });
            }
            return Ok(Meta::Lit(lit));
        }
        let path = input.call(syn::Path::parse_mod_style).map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected an argument: `name = value`, `name(...)` or a string literal",
            )
        })?;
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            let Some(ident) = path.get_ident().cloned() else {
                return Err(syn::Error::new(
                    path.span(),
                    "expected a plain name before `=`",
                ));
            };
            return Ok(Meta::KeyValue {
                key: Key::Ident(ident),
                value: input.parse()?,
            });
        }
        if input.peek(syn::token::Paren) {
            let content;
            let paren = parenthesized!(content in input);
            let args = parse_list(&content)?;
            let span = path
                .span()
                .join(paren.span.close())
                .unwrap_or_else(|| path.span());
            return Ok(Meta::Call { path, args, span });
        }
        Ok(Meta::Path(path))
    }
}

impl Parse for Value {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items = Punctuated::<Lit, Token![,]>::parse_terminated(&content)?;
            return Ok(Value::List {
                items: items.into_iter().collect(),
                span: bracket.span.join(),
            });
        }
        if input.peek(Lit) {
            return Ok(Value::Lit(input.parse()?));
        }
        Err(input.error("expected a literal or a list of literals `[...]`"))
    }
}
