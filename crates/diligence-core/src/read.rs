//! The one reader of facts, shared by every input format (the scenario
//! file's TOML, the API's JSON, the pages' query strings): each format turns
//! what it read into [`Input`], and [`read_fact`] checks it against the
//! fact's list (spec sections 1.1 and 1.2). Its one error type,
//! [`FactError`], names the fact, the bad value and the allowed values; the
//! formats add the file, line and column, or the JSON field.

use crate::facts::Fact;
use crate::uncertain::{UncertainFacts, Values, UNKNOWN};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// What an input format read for one fact, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A string.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Input>),
    /// Anything else, by the name of its type (`a number`, `a table`).
    Other(&'static str),
}

impl Input {
    /// The input as the user wrote it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Input::Text(s) => s.clone(),
            Input::Bool(b) => b.to_string(),
            Input::List(items) => {
                let inner: Vec<String> = items.iter().map(Input::shown).collect();
                format!("[{}]", inner.join(", "))
            }
            Input::Other(kind) => (*kind).to_string(),
        }
    }
}

/// What is wrong with a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactProblem {
    /// The fact is absent.
    Missing,
    /// A value outside the fact's list (alone or in a list), such as a
    /// misspelt `unknown`.
    NotAllowed(String),
    /// A value of the wrong type (a number, a table; a string for a
    /// true-or-false fact).
    WrongType(&'static str, String),
    /// An empty list.
    EmptyList,
    /// A value listed twice.
    Repeated(String),
    /// `unknown` inside a list.
    UnknownInList,
}

/// A fact that cannot be read, with what is wrong; `item` is the position
/// in a list of the value at fault, for formats that can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactError {
    /// The fact.
    pub fact: Fact,
    /// What is wrong.
    pub problem: FactProblem,
    /// The position of the bad value in a list.
    pub item: Option<usize>,
}

impl FactError {
    /// The bad value as written, if there is one.
    pub fn value(&self) -> Option<&str> {
        match &self.problem {
            FactProblem::NotAllowed(v)
            | FactProblem::Repeated(v)
            | FactProblem::WrongType(_, v) => Some(v),
            FactProblem::UnknownInList => Some(UNKNOWN),
            FactProblem::Missing | FactProblem::EmptyList => None,
        }
    }

    /// The values the fact allows, in the spec's order.
    pub fn allowed(&self) -> &'static [&'static str] {
        self.fact.values()
    }

    /// What is wrong, as a lower-case fragment (without the fact's name).
    pub fn message(&self) -> String {
        let forms = if self.fact.is_boolean() {
            "true, false, a list of them, or \"unknown\""
        } else {
            "one of the allowed values, a list of them, or \"unknown\""
        };
        match &self.problem {
            FactProblem::Missing => {
                let given = if self.fact.is_boolean() {
                    "true, false or a list of them"
                } else {
                    "one of the allowed values or a list of them"
                };
                format!(
                    "missing required fact; every fact is required: give {given}, or write \"unknown\" when it is not known"
                )
            }
            FactProblem::NotAllowed(_) => format!("value not allowed; write {forms}"),
            FactProblem::WrongType(kind, _) => format!("must be {forms}, not {kind}"),
            FactProblem::EmptyList => format!("an empty list; write {forms}"),
            FactProblem::Repeated(_) => "a value listed twice; list each possible value once".to_string(),
            FactProblem::UnknownInList => {
                "\"unknown\" cannot stand in a list; write \"unknown\" alone, or list the possible values"
                    .to_string()
            }
        }
    }

    fn new(fact: Fact, problem: FactProblem, item: Option<usize>) -> FactError {
        FactError {
            fact,
            problem,
            item,
        }
    }
}

impl fmt::Display for FactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.fact, self.message())?;
        if let Some(v) = self.value() {
            write!(f, " (found `{v}`)")?;
        }
        write!(f, "; allowed values: {}", self.allowed().join(", "))
    }
}

impl std::error::Error for FactError {}

/// The value of `fact` written as one scalar (not a list), at `item`.
fn scalar(fact: Fact, input: &Input, item: Option<usize>) -> Result<usize, FactError> {
    let err = |p| Err(FactError::new(fact, p, item));
    match input {
        Input::Bool(b) if fact.is_boolean() => Ok(usize::from(!*b)),
        Input::Text(s) if !fact.is_boolean() => match fact.value_index(s) {
            Some(i) => Ok(i),
            None if s == UNKNOWN && item.is_some() => err(FactProblem::UnknownInList),
            None => err(FactProblem::NotAllowed(s.clone())),
        },
        Input::Text(s) if s == UNKNOWN && item.is_some() => err(FactProblem::UnknownInList),
        Input::Text(s) => err(FactProblem::WrongType("a string", s.clone())),
        Input::Bool(b) => err(FactProblem::WrongType("a boolean", b.to_string())),
        Input::List(_) => err(FactProblem::WrongType(
            "a list inside a list",
            input.shown(),
        )),
        Input::Other(kind) => err(FactProblem::WrongType(kind, (*kind).to_string())),
    }
}

/// Reads the possible values of `fact` from what was written: a value, a
/// list of values (none repeated, at least one), or `"unknown"`.
pub fn read_fact(fact: Fact, input: &Input) -> Result<Values, FactError> {
    match input {
        Input::Text(s) if s == UNKNOWN => Ok(Values::all(fact)),
        Input::List(items) => {
            if items.is_empty() {
                return Err(FactError::new(fact, FactProblem::EmptyList, None));
            }
            let mut values = Values::EMPTY;
            for (k, item) in items.iter().enumerate() {
                let v = scalar(fact, item, Some(k))?;
                if values.contains(v) {
                    return Err(FactError::new(
                        fact,
                        FactProblem::Repeated(item.shown()),
                        Some(k),
                    ));
                }
                values = values.union(Values::one(v));
            }
            Ok(values)
        }
        _ => scalar(fact, input, None).map(Values::one),
    }
}

impl UncertainFacts {
    /// Reads every fact: `get` gives what was written for a fact, or `None`
    /// when it is absent. A fact with a default (`continuing`) may be
    /// absent; every other is required. The first fact in error, in the
    /// spec's order, is reported.
    pub fn read(mut get: impl FnMut(Fact) -> Option<Input>) -> Result<UncertainFacts, FactError> {
        let mut sets = [Values::EMPTY; Fact::COUNT];
        for fact in Fact::ALL {
            sets[fact.index()] = match (get(fact), fact.default_value()) {
                (Some(input), _) => read_fact(fact, &input)?,
                (None, Some(d)) => Values::one(d),
                (None, None) => return Err(FactError::new(fact, FactProblem::Missing, None)),
            };
        }
        UncertainFacts::from_sets(sets).ok_or(FactError::new(
            Fact::Domain,
            FactProblem::EmptyList,
            None,
        ))
    }
}

/// What serde reads for one fact.
impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Input;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value, a list of values, or \"unknown\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Input, E> {
                Ok(Input::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Input, E> {
                Ok(Input::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Input, E> {
                Ok(Input::Other("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Input, E> {
                Ok(Input::Other("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Input, E> {
                Ok(Input::Other("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Input, E> {
                Ok(Input::Other("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Input>()? {
                    items.push(item);
                }
                Ok(Input::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Input::Other("an object"))
            }
        }
        d.deserialize_any(V)
    }
}

/// The facts object of the spec, read with [`UncertainFacts::read`]: every
/// fact by its value, a list of values or `"unknown"`; an unknown or
/// repeated key is an error.
impl<'de> Deserialize<'de> for UncertainFacts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UncertainFacts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the facts object of a scenario")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UncertainFacts, A::Error> {
                let mut given: [Option<Input>; Fact::COUNT] = Default::default();
                while let Some(key) = map.next_key::<String>()? {
                    let fact = Fact::from_name(&key).ok_or_else(|| {
                        de::Error::custom(format!(
                            "unknown fact `{key}`; the facts are {}",
                            Fact::NAMES.join(", ")
                        ))
                    })?;
                    if given[fact.index()].is_some() {
                        return Err(de::Error::custom(format!("fact `{key}` given twice")));
                    }
                    given[fact.index()] = Some(map.next_value::<Input>()?);
                }
                UncertainFacts::read(|fact| given[fact.index()].take())
                    .map_err(|e| de::Error::custom(e.to_string()))
            }
        }
        d.deserialize_map(V)
    }
}
