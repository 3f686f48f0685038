//! How deeply syn will recurse to parse a file, measured on its tokens without recursing. syn's
//! parser recurses once a level of nesting, so a file nested deeply enough (100,000 `mod m {`,
//! or `Vec<` 10,000 times) overflows any thread's stack, and that aborts the process: files
//! nested deeper than [`MAX_DEPTH`] are refused with a finding instead.
//!
//! The depth counts brackets, and what syn nests without brackets: runs of prefix operators
//! (`- - x`, `&&&T`), generic arguments (`Vec<Vec<u8>>`), and the forms that nest to their right
//! (`a = b = c`, `|x| |y| z`, `fn() -> fn() -> u8`, `return return x`, `dyn`, `impl`). Those
//! counts restart where an expression or a type surely ends (`;`, `,`, `=>`, after a block
//! body), so the depth bounds syn's recursion generously without growing along a long file.

use std::iter::Peekable;

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree, token_stream};

/// The deepest nesting read. syn's deepest frames (generic arguments, in a debug build) take
/// about 48 KB of stack a level; the CLI parses on a 256 MB stack, which holds 5,000 of them.
pub const MAX_DEPTH: usize = 500;

/// How deeply `tokens` nest, and the first token at that depth.
pub fn measure(tokens: &TokenStream) -> (usize, Span) {
    let mut deepest = (0, Span::call_site());
    let mut levels = vec![Level::new(tokens.clone(), 0, false)];
    while let Some(level) = levels.last_mut() {
        let Some((item, span)) = level.items.next() else {
            let ended = levels.pop().expect("a level is open");
            if let Some(parent) = levels.last_mut() {
                if ended.ends_statement {
                    parent.restart();
                } else {
                    parent.prev = Prev::Operand;
                }
            }
            continue;
        };
        match item {
            Item::Group(group) => {
                let depth = level.depth() + 1;
                let ends_statement = group.delimiter() == Delimiter::Brace
                    && matches!(level.prev, Prev::Operand | Prev::Keyword);
                if depth > deepest.0 {
                    deepest = (depth, span);
                }
                levels.push(Level::new(group.stream(), depth, ends_statement));
                continue;
            }
            Item::Word(word) => level.word(&word),
            Item::Literal => level.prev = Prev::Operand,
            Item::Op { op, generic_opens } => level.operator(op, generic_opens),
        }
        if level.depth() > deepest.0 {
            deepest = (level.depth(), span);
        }
    }
    deepest
}

/// A token as the walk reads it: punctuation glued into operators.
enum Item {
    Group(proc_macro2::Group),
    Word(String),
    Literal,
    Op {
        op: &'static str,
        /// For `<` and `<<`: how many of its `<` a later `>` closes, generic arguments (or a
        /// qualified path); the others are comparisons or shifts, which nest nothing.
        generic_opens: usize,
    },
}

/// The tokens of one group as items.
fn items(tokens: TokenStream) -> Vec<(Item, Span)> {
    let mut tokens = tokens.into_iter().peekable();
    let mut out = Vec::new();
    while let Some(token) = tokens.next() {
        let span = token.span();
        let item = match token {
            TokenTree::Group(group) => Item::Group(group),
            TokenTree::Ident(ident) => Item::Word(ident.to_string()),
            TokenTree::Literal(_) => Item::Literal,
            TokenTree::Punct(punct) => {
                for op in split_operators(&glue(punct, &mut tokens)) {
                    out.push((
                        Item::Op {
                            op,
                            generic_opens: 0,
                        },
                        span,
                    ));
                }
                continue;
            }
        };
        out.push((item, span));
    }
    mark_generic_opens(&mut out);
    out
}

/// Sets `generic_opens`: each `>` closes the latest `<` still open in the same statement.
fn mark_generic_opens(items: &mut [(Item, Span)]) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        let Item::Op { op, .. } = items[i].0 else {
            continue;
        };
        match op {
            "<" => open.push(i),
            "<<" => open.extend([i, i]),
            ">" | ">>" => {
                for _ in 0..op.len() {
                    if let Some(at) = open.pop()
                        && let Item::Op { generic_opens, .. } = &mut items[at].0
                    {
                        *generic_opens += 1;
                    }
                }
            }
            ";" | "=>" => open.clear(),
            _ => {}
        }
    }
}

/// The token before, as far as it tells how the next one nests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing yet since the last restart.
    Start,
    /// An operator: a `-` or `&` after it is a prefix operator.
    Operator,
    /// A name, literal, closed group or `>`: an operator after it is infix.
    Operand,
    /// A keyword before an expression, a type or a block (`if`, `mut`, `else`, `return`).
    Keyword,
}

/// One bracketed group being read.
struct Level {
    items: std::vec::IntoIter<(Item, Span)>,
    /// The depth of the group's own contents.
    base: usize,
    /// Right-nested forms since the restart: `=`, `->`, closures, `return`, `dyn`...
    chain: usize,
    /// The current run of prefix operators.
    run: usize,
    /// Open generic arguments.
    angle: usize,
    /// Between a closure's `|` and `|`, where a `,` ends nothing.
    in_params: bool,
    prev: Prev,
    /// A `{...}` after a name or keyword: a block body, after which a new expression starts.
    ends_statement: bool,
}

impl Level {
    fn new(tokens: TokenStream, base: usize, ends_statement: bool) -> Level {
        Level {
            items: items(tokens).into_iter(),
            base,
            chain: 0,
            run: 0,
            angle: 0,
            in_params: false,
            prev: Prev::Start,
            ends_statement,
        }
    }

    fn depth(&self) -> usize {
        self.base + self.chain + self.run + self.angle
    }

    fn restart(&mut self) {
        self.chain = 0;
        self.run = 0;
        self.angle = 0;
        self.in_params = false;
        self.prev = Prev::Start;
    }

    fn at_prefix_position(&self) -> bool {
        self.prev != Prev::Operand
    }

    fn word(&mut self, word: &str) {
        const NESTING: &[&str] = &[
            "return", "break", "yield", "become", "move", "async", "box", "dyn", "impl",
        ];
        const BEFORE_EXPRESSION: &[&str] = &[
            "if", "else", "match", "while", "for", "in", "let", "mut", "const", "raw", "as",
            "unsafe", "loop", "where", "ref", "static",
        ];
        if NESTING.contains(&word) {
            self.chain += 1;
            self.prev = Prev::Keyword;
        } else if BEFORE_EXPRESSION.contains(&word) {
            self.prev = Prev::Keyword;
        } else {
            self.prev = Prev::Operand;
        }
    }

    fn operator(&mut self, op: &str, generic_opens: usize) {
        let prefix = self.at_prefix_position();
        self.prev = Prev::Operator;
        match op {
            ";" | "=>" => self.restart(),
            "," if self.angle == 0 && !self.in_params => self.restart(),
            "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "^=" | "&=" | "|=" | "<<=" | ">>=" | "->" => {
                self.chain += 1;
                self.run = 0;
            }
            "<" | "<<" => self.angle += generic_opens,
            ">" | ">>" => {
                self.angle = self.angle.saturating_sub(op.len());
                self.prev = Prev::Operand;
            }
            "&&" if prefix => self.run += 2,
            "-" | "*" | "!" | "&" | ".." | "..=" | "..." if prefix => self.run += 1,
            "|" if self.in_params => self.in_params = false,
            "|" if prefix => {
                self.chain += 1;
                self.in_params = true;
            }
            "||" if prefix => self.chain += 1,
            // The `!` of an inner attribute `#![...]` (and of every `//!` line) is no prefix
            // operator.
            "?" | "'" | "#" => self.prev = Prev::Operand,
            "." | "::" | ":" | "," => {}
            // An infix operator: what follows starts a new operand.
            _ => self.run = 0,
        }
    }
}

/// `punct` and the punctuation joined to it (`-` `>` is `->`), as one string.
fn glue(first: proc_macro2::Punct, tokens: &mut Peekable<token_stream::IntoIter>) -> String {
    let mut glued = String::from(first.as_char());
    let mut spacing = first.spacing();
    // A `'` is joined to the name of its lifetime, which is no punctuation.
    while spacing == Spacing::Joint
        && let Some(TokenTree::Punct(next)) = tokens.next_if(|t| matches!(t, TokenTree::Punct(_)))
    {
        glued.push(next.as_char());
        spacing = next.spacing();
    }
    glued
}

/// Rust's operators in `glued`, longest first: `&&&` is `&&` and `&`.
fn split_operators(glued: &str) -> Vec<&'static str> {
    const OPERATORS: &[&str] = &[
        "..=", "...", "<<=", ">>=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "..",
        "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "!", "#", "$", "%", "&", "'",
        "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?", "@", "^", "|", "~",
    ];
    let mut ops = Vec::new();
    let mut rest = glued;
    while !rest.is_empty() {
        let op = OPERATORS
            .iter()
            .find(|op| rest.starts_with(**op))
            .copied()
            .unwrap_or("?");
        ops.push(op);
        rest = &rest[op.len().max(1)..];
    }
    ops
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn depth(source: &str) -> usize {
        measure(&TokenStream::from_str(source).unwrap()).0
    }

    #[test]
    fn the_deepest_token_is_found() {
        let (depth, span) = measure(&TokenStream::from_str("fn f() {}\nmod m { [x] }").unwrap());
        assert_eq!(depth, 2);
        assert_eq!((span.start().line, span.start().column), (2, 8));
    }

    #[test]
    fn brackets_and_what_syn_nests_without_them_count() {
        assert_eq!(depth("mod a { mod b { fn f() {} } }"), 3);
        assert_eq!(depth("const X: i32 = - - - 1;"), 4);
        assert_eq!(depth("const X: &&&u8 = &&&1;"), 4);
        assert_eq!(depth("type T = Vec<Vec<Vec<u8>>>;"), 4);
        assert_eq!(depth("type T = <<u8 as A>::B as C>::D;"), 3);
        assert_eq!(depth("fn f() { a = b = c = 1; }"), 4);
        assert_eq!(depth("fn f() { |x| |y| |z| 1; }"), 4);
        assert_eq!(depth("type F = fn() -> fn() -> u8;"), 3);
        assert_eq!(depth("fn f() { return return 1; }"), 3);
        let deep = format!(
            "const X: u8 = {}1{};",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        assert_eq!(depth(&deep), 100_001);
    }

    /// What many statements, arms, fields or attributes hold adds up to nothing: syn parses
    /// each on its own.
    #[test]
    fn long_files_do_not_nest() {
        let flags: String = (0..2000)
            .map(|i| format!("A{i} = 1 << {},\n", i % 60))
            .collect();
        assert!(depth(&format!("enum E {{ {flags} }}")) < 5);
        let statements =
            "let x: Vec<u8> = a < b && -c > d; if a < b { return -x; } f(|a, b| a < b);\n"
                .repeat(2000);
        assert!(depth(&format!("fn f() {{ {statements} }}")) < 10);
        let arms = "A => -1, B(x) if x < 2 => { 3 }\n".repeat(2000);
        assert!(depth(&format!("fn f() {{ match x {{ {arms} }} }}")) < 10);
        let docs = "//! A line of documentation.\n".repeat(2000);
        assert!(depth(&format!("{docs}\n#![allow(dead_code)]\nfn f() {{}}")) < 5);
        let methods = "fn f(&self) -> Vec<u8> where T: Fn() -> u8, { vec![] }\n".repeat(2000);
        assert!(depth(&format!("impl A {{ {methods} }}")) < 10);
    }
}
