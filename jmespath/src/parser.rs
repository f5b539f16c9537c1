//! Tokens to a JMESPath syntax tree: a Pratt parser with the binding powers
//! of the JMESPath specification, so projections extend over what follows
//! them (`a[].b.c` applies `.b.c` to every element) exactly as evaluators
//! do.

use crate::lexer::{Kind, Token, tokenize};

/// A JMESPath expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `@`, or the node an expression starts from.
    Current,
    /// `name`: a member of the current node.
    Field(String),
    /// `lhs.rhs` and `lhs | rhs`: `rhs` evaluated on the value of `lhs`.
    Sub(Box<Expr>, Box<Expr>),
    /// `lhs[n]`: an element of a list (negative counts from the end).
    Index(Box<Expr>, i64),
    /// A projection: `rhs` evaluated on every element of `lhs`, dropping
    /// null results.
    Project {
        /// The value projected over.
        lhs: Box<Expr>,
        /// What kind of projection.
        kind: Projection,
        /// What each element turns into (`Current` for the element itself).
        rhs: Box<Expr>,
    },
    /// A JSON literal: `` `...` `` or a raw string `'...'`.
    Literal(serde_json::Value),
    /// `lhs <op> rhs`.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `lhs && rhs`.
    And(Box<Expr>, Box<Expr>),
    /// `lhs || rhs`.
    Or(Box<Expr>, Box<Expr>),
    /// `!expr`.
    Not(Box<Expr>),
    /// `name(args...)`.
    Function(String, Vec<Expr>),
    /// `[a, b]`: a list of the expressions' values.
    MultiList(Vec<Expr>),
    /// `{k: a, l: b}`: an object of the expressions' values.
    MultiHash(Vec<(String, Expr)>),
    /// `&expr`: an expression passed to a function (`sort_by(a, &b)`).
    Expref(Box<Expr>),
}

/// How a projection picks the elements it projects.
#[derive(Clone, Debug, PartialEq)]
pub enum Projection {
    /// `lhs[*]`: the elements of a list.
    List,
    /// `lhs[]`: the elements of a list, nested lists flattened one level.
    Flatten,
    /// `lhs.*`: the values of an object.
    Values,
    /// `lhs[?cond]`: the elements of a list for which `cond` is truthy.
    Filter(Box<Expr>),
    /// `lhs[start:stop:step]`: a slice of a list.
    Slice(Slice),
}

/// The bounds of a slice, each optional as in `[::-1]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// Where it starts (negative counts from the end).
    pub start: Option<i64>,
    /// Where it stops, exclusive.
    pub stop: Option<i64>,
    /// The step; never 0.
    pub step: Option<i64>,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparator {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "==",
            Comparator::Ne => "!=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }
}

/// Parses a JMESPath expression.
///
/// # Errors
/// A message saying what was expected where, by byte offset.
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = tokenize(text)?;
    // Parsing, checking and emitting recurse over the tree; bounding its
    // size bounds their depth. Waiter paths are a few dozen tokens.
    if tokens.len() > MAX_TOKENS {
        return Err(format!(
            "the expression is too long ({} tokens; at most {MAX_TOKENS})",
            tokens.len()
        ));
    }
    let mut parser = Parser {
        tokens,
        position: 0,
    };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Kind::Eof => Ok(expr),
        other => Err(parser.unexpected(other, "an operator or the end of the expression")),
    }
}

const MAX_TOKENS: usize = 256;

/// Operators binding weaker than this end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn binding_power(kind: &Kind) -> u8 {
    match kind {
        Kind::Pipe => 1,
        Kind::Or => 2,
        Kind::And => 3,
        Kind::Eq | Kind::Ne | Kind::Lt | Kind::Le | Kind::Gt | Kind::Ge => 5,
        Kind::Flatten => 9,
        Kind::Star => 20,
        Kind::Filter => 21,
        Kind::Dot => 40,
        Kind::Not => 45,
        Kind::LBrace => 50,
        Kind::LBracket => 55,
        Kind::LParen => 60,
        _ => 0,
    }
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> &Kind {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Kind {
        self.tokens
            .get(self.position + ahead)
            .or_else(|| self.tokens.last())
            .map_or(&Kind::Eof, |t| &t.kind)
    }

    fn offset(&self) -> usize {
        self.tokens
            .get(self.position)
            .or_else(|| self.tokens.last())
            .map_or(0, |t| t.offset)
    }

    fn advance(&mut self) -> Kind {
        let kind = self.peek().clone();
        if self.position < self.tokens.len() {
            self.position += 1;
        }
        kind
    }

    fn expect(&mut self, expected: &Kind) -> Result<(), String> {
        if self.peek() == expected {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(self.peek(), &expected.describe()))
        }
    }

    fn unexpected(&self, found: &Kind, expected: &str) -> String {
        format!(
            "expected {expected} at offset {}, found {}",
            self.offset(),
            found.describe()
        )
    }

    fn expression(&mut self, power: u8) -> Result<Expr, String> {
        let mut left = self.prefix()?;
        while power < binding_power(self.peek()) {
            left = self.infix(left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self) -> Result<Expr, String> {
        let offset = self.offset();
        match self.advance() {
            Kind::Identifier(name) | Kind::QuotedIdentifier(name) => Ok(Expr::Field(name)),
            Kind::Literal(value) => Ok(Expr::Literal(value)),
            Kind::Current => Ok(Expr::Current),
            Kind::Star => self.projection(Expr::Current, Projection::Values, 20),
            Kind::Flatten => self.projection(Expr::Current, Projection::Flatten, 9),
            Kind::Filter => self.filter(Expr::Current),
            Kind::LBracket => match self.peek() {
                Kind::Number(_) | Kind::Colon | Kind::Star => self.bracket(Expr::Current),
                _ => self.multi_list(),
            },
            Kind::Not => Ok(Expr::Not(Box::new(self.expression(45)?))),
            Kind::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Kind::RParen)?;
                Ok(inner)
            }
            Kind::LBrace => self.multi_hash(),
            Kind::Expref => Ok(Expr::Expref(Box::new(self.expression(0)?))),
            other => Err(format!(
                "expected an expression at offset {offset}, found {}",
                other.describe()
            )),
        }
    }

    fn infix(&mut self, left: Expr) -> Result<Expr, String> {
        let offset = self.offset();
        match self.advance() {
            Kind::Dot => {
                if self.peek() == &Kind::Star {
                    self.advance();
                    return self.projection(left, Projection::Values, 40);
                }
                let right = self.dot_rhs(40)?;
                Ok(Expr::Sub(Box::new(left), Box::new(right)))
            }
            Kind::Pipe => {
                let right = self.expression(1)?;
                Ok(Expr::Sub(Box::new(left), Box::new(right)))
            }
            Kind::Or => Ok(Expr::Or(Box::new(left), Box::new(self.expression(2)?))),
            Kind::And => Ok(Expr::And(Box::new(left), Box::new(self.expression(3)?))),
            Kind::Eq => self.comparison(Comparator::Eq, left),
            Kind::Ne => self.comparison(Comparator::Ne, left),
            Kind::Lt => self.comparison(Comparator::Lt, left),
            Kind::Le => self.comparison(Comparator::Le, left),
            Kind::Gt => self.comparison(Comparator::Gt, left),
            Kind::Ge => self.comparison(Comparator::Ge, left),
            Kind::Flatten => self.projection(left, Projection::Flatten, 9),
            Kind::Filter => self.filter(left),
            Kind::LBracket => self.bracket(left),
            Kind::LParen => {
                let Expr::Field(name) = left else {
                    return Err(format!(
                        "`(` at offset {offset} must follow a function name"
                    ));
                };
                let mut args = Vec::new();
                while self.peek() != &Kind::RParen {
                    if !args.is_empty() {
                        self.expect(&Kind::Comma)?;
                    }
                    args.push(self.expression(0)?);
                }
                self.advance();
                Ok(Expr::Function(name, args))
            }
            other => Err(format!(
                "unexpected {} at offset {offset}",
                other.describe()
            )),
        }
    }

    fn comparison(&mut self, op: Comparator, left: Expr) -> Result<Expr, String> {
        let right = self.expression(5)?;
        Ok(Expr::Compare(op, Box::new(left), Box::new(right)))
    }

    /// After `[` (the bracket already consumed): an index, `[*]` or a
    /// slice.
    fn bracket(&mut self, left: Expr) -> Result<Expr, String> {
        match (self.peek().clone(), self.peek_at(1).clone()) {
            (Kind::Number(index), Kind::RBracket) => {
                self.advance();
                self.advance();
                Ok(Expr::Index(Box::new(left), index))
            }
            (Kind::Star, Kind::RBracket) => {
                self.advance();
                self.advance();
                self.projection(left, Projection::List, 20)
            }
            (Kind::Number(_) | Kind::Colon, _) => {
                let slice = self.slice()?;
                self.projection(left, Projection::Slice(slice), 20)
            }
            (other, _) => Err(self.unexpected(&other, "an index, `*` or a slice after `[`")),
        }
    }

    /// `start:stop:step]`, each part optional.
    fn slice(&mut self) -> Result<Slice, String> {
        let mut parts = [None; 3];
        let mut part = 0;
        loop {
            match self.peek().clone() {
                Kind::Number(n) if parts[part].is_none() => parts[part] = Some(n),
                Kind::Colon if part < 2 => part += 1,
                Kind::RBracket => {
                    self.advance();
                    break;
                }
                other => return Err(self.unexpected(&other, "a slice `[start:stop:step]`")),
            }
            self.advance();
        }
        if parts[2] == Some(0) {
            return Err("a slice's step cannot be 0".to_owned());
        }
        Ok(Slice {
            start: parts[0],
            stop: parts[1],
            step: parts[2],
        })
    }

    /// `a, b]` of `[a, b]`.
    fn multi_list(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.expression(0)?];
        while self.peek() == &Kind::Comma {
            self.advance();
            items.push(self.expression(0)?);
        }
        self.expect(&Kind::RBracket)?;
        Ok(Expr::MultiList(items))
    }

    /// `k: a, l: b}` of `{k: a, l: b}`.
    fn multi_hash(&mut self) -> Result<Expr, String> {
        let mut members = Vec::new();
        loop {
            let key = match self.peek().clone() {
                Kind::Identifier(key) | Kind::QuotedIdentifier(key) => key,
                other => return Err(self.unexpected(&other, "a key in `{...}`")),
            };
            self.advance();
            self.expect(&Kind::Colon)?;
            members.push((key, self.expression(0)?));
            match self.peek().clone() {
                Kind::Comma => {
                    self.advance();
                }
                Kind::RBrace => {
                    self.advance();
                    return Ok(Expr::MultiHash(members));
                }
                other => return Err(self.unexpected(&other, "`,` or `}`")),
            }
        }
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, String> {
        let condition = self.expression(0)?;
        self.expect(&Kind::RBracket)?;
        self.projection(left, Projection::Filter(Box::new(condition)), 21)
    }

    fn projection(&mut self, lhs: Expr, kind: Projection, power: u8) -> Result<Expr, String> {
        let rhs = self.projection_rhs(power)?;
        Ok(Expr::Project {
            lhs: Box::new(lhs),
            kind,
            rhs: Box::new(rhs),
        })
    }

    /// What a projection applies to each element: everything up to the
    /// first operator weaker than a projection.
    fn projection_rhs(&mut self, power: u8) -> Result<Expr, String> {
        match self.peek() {
            kind if binding_power(kind) < PROJECTION_STOP => Ok(Expr::Current),
            Kind::LBracket | Kind::Filter => self.expression(power),
            Kind::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            other => Err(self.unexpected(other, "`.`, `[` or an operator after a projection")),
        }
    }

    fn dot_rhs(&mut self, power: u8) -> Result<Expr, String> {
        match self.peek() {
            Kind::Identifier(_) | Kind::QuotedIdentifier(_) | Kind::Star => self.expression(power),
            Kind::LBracket => {
                self.advance();
                self.multi_list()
            }
            Kind::LBrace => {
                self.advance();
                self.multi_hash()
            }
            other => Err(self.unexpected(other, "a name after `.`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    fn sub(lhs: Box<Expr>, rhs: Box<Expr>) -> Box<Expr> {
        Box::new(Expr::Sub(lhs, rhs))
    }

    #[test]
    fn paths_and_projections_nest_like_jmespath() {
        assert_eq!(parse("a.b").unwrap(), *sub(field("a"), field("b")));
        // The projection takes `.c.d` as its right-hand side.
        assert_eq!(
            parse("a.b[].c.d").unwrap(),
            Expr::Project {
                lhs: sub(field("a"), field("b")),
                kind: Projection::Flatten,
                rhs: sub(field("c"), field("d")),
            }
        );
        // A comparison ends the projection.
        assert_eq!(
            parse("a[*].b == `1`").unwrap(),
            Expr::Compare(
                Comparator::Eq,
                Box::new(Expr::Project {
                    lhs: field("a"),
                    kind: Projection::List,
                    rhs: field("b"),
                }),
                Box::new(Expr::Literal(Value::from(1))),
            )
        );
        // So does a pipe; `[0]` after it indexes the projected list.
        assert_eq!(
            parse("a[].b | [0]").unwrap(),
            Expr::Sub(
                Box::new(Expr::Project {
                    lhs: field("a"),
                    kind: Projection::Flatten,
                    rhs: field("b"),
                }),
                Box::new(Expr::Index(Box::new(Expr::Current), 0)),
            )
        );
        assert_eq!(
            parse("m.*.s").unwrap(),
            Expr::Project {
                lhs: field("m"),
                kind: Projection::Values,
                rhs: field("s"),
            }
        );
    }

    #[test]
    fn filters_functions_and_logic() {
        assert_eq!(
            parse("length(s[?!(a == 'x' && b)]) > `0` || c").unwrap(),
            Expr::Or(
                Box::new(Expr::Compare(
                    Comparator::Gt,
                    Box::new(Expr::Function(
                        "length".to_owned(),
                        vec![Expr::Project {
                            lhs: field("s"),
                            kind: Projection::Filter(Box::new(Expr::Not(Box::new(Expr::And(
                                Box::new(Expr::Compare(
                                    Comparator::Eq,
                                    field("a"),
                                    Box::new(Expr::Literal(Value::from("x"))),
                                )),
                                field("b"),
                            ))))),
                            rhs: Box::new(Expr::Current),
                        }],
                    )),
                    Box::new(Expr::Literal(Value::from(0))),
                )),
                field("c"),
            )
        );
        assert_eq!(
            parse("contains(a[].b, 'x')").unwrap(),
            Expr::Function(
                "contains".to_owned(),
                vec![
                    Expr::Project {
                        lhs: field("a"),
                        kind: Projection::Flatten,
                        rhs: field("b"),
                    },
                    Expr::Literal(Value::from("x")),
                ]
            )
        );
    }

    #[test]
    fn multi_selects_slices_and_expression_references() {
        let name = |n: &str| Expr::Field(n.to_owned());
        assert_eq!(
            parse("a[].[b, c]").unwrap(),
            Expr::Project {
                lhs: field("a"),
                kind: Projection::Flatten,
                rhs: Box::new(Expr::MultiList(vec![name("b"), name("c")])),
            }
        );
        assert_eq!(
            parse("a[1:-1:2].b").unwrap(),
            Expr::Project {
                lhs: field("a"),
                kind: Projection::Slice(Slice {
                    start: Some(1),
                    stop: Some(-1),
                    step: Some(2)
                }),
                rhs: field("b"),
            }
        );
        assert_eq!(
            parse("[::-1]").unwrap(),
            Expr::Project {
                lhs: Box::new(Expr::Current),
                kind: Projection::Slice(Slice {
                    start: None,
                    stop: None,
                    step: Some(-1)
                }),
                rhs: Box::new(Expr::Current),
            }
        );
        assert_eq!(
            parse("{n: a.b, \"k 2\": c}").unwrap(),
            Expr::MultiHash(vec![
                ("n".into(), *sub(field("a"), field("b"))),
                ("k 2".into(), name("c")),
            ])
        );
        assert_eq!(
            parse("sort_by(a, &b)").unwrap(),
            Expr::Function("sort_by".into(), vec![name("a"), Expr::Expref(field("b"))])
        );
        assert_eq!(
            parse("[a, b][0]").unwrap(),
            Expr::Index(Box::new(Expr::MultiList(vec![name("a"), name("b")])), 0)
        );
        assert!(parse("a[::0]").unwrap_err().contains("step cannot be 0"));
        assert!(parse("{a b}").is_err());
        assert!(parse("[a, ]").is_err());
        assert!(parse("a[1:2").is_err());
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(
            parse("a.").unwrap_err(),
            "expected a name after `.` at offset 2, found the end of the expression"
        );
        assert_eq!(
            parse("a b").unwrap_err(),
            "expected an operator or the end of the expression at offset 2, found `b`"
        );
        assert_eq!(
            parse("(a").unwrap_err(),
            "expected `)` at offset 2, found the end of the expression"
        );
        assert_eq!(
            parse("a[?b").unwrap_err(),
            "expected `]` at offset 4, found the end of the expression"
        );
        assert_eq!(
            parse("'x'(b)").unwrap_err(),
            "`(` at offset 3 must follow a function name"
        );
        let long = vec!["a"; 200].join(".");
        assert_eq!(
            parse(&long).unwrap_err(),
            "the expression is too long (400 tokens; at most 256)"
        );
        let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).is_err());
    }
}
