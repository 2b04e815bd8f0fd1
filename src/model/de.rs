//! Reads a JSON value into an AWS SDK type, guided by the SDK's own schema, strictly.
//!
//! The AWS SDK types carry a runtime schema generated from the AWS service model, and each type
//! can deserialize itself through any `ShapeDeserializer`. This one reads a `serde_json::Value`
//! and checks it on the way: an unknown key is reported with its JSON path and the closest valid
//! name, a value of the wrong type with the type expected, an enum value outside the model's list,
//! a missing required member. Problems are collected rather than returned at the first one, so a
//! user sees every mistake in a file at once.
//!
//! Keys may be camelCase (the API and CLI shape) or PascalCase (CloudFormation style): a key that
//! matches no member is tried again with its first letter lowered. Map keys (`dockerLabels`,
//! `options`) are data and are never changed.

use std::cell::RefCell;
use std::rc::Rc;

use aws_smithy_schema::serde::{SerdeError, ShapeDeserializer};
use aws_smithy_schema::{Schema, ShapeType};
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use serde_json::Value;

use super::rules;
use crate::suggest;

/// One thing wrong with a document, at a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
    /// The offending value, for problems about a value (a wrong type, a bad enum value).
    pub found: Option<Value>,
}

impl Problem {
    /// Whether the problem is about exactly this value (as a string or a number).
    pub fn is_about(&self, text: &str) -> bool {
        match &self.found {
            Some(Value::String(s)) => s == text,
            Some(Value::Number(n)) => n.to_string() == text,
            _ => false,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The structure and member a value belongs to, for the enum table.
#[derive(Debug, Clone, Default)]
struct Member {
    structure: String,
    name: String,
}

pub struct ValueDeserializer<'v> {
    value: &'v Value,
    path: String,
    member: Member,
    problems: Rc<RefCell<Vec<Problem>>>,
}

/// Deserializes `value` with `read` (for example `RegisterTaskDefinitionInput::deserialize`),
/// returning the typed value or every problem found.
pub fn from_value<T>(
    value: &Value,
    read: impl FnOnce(&mut dyn ShapeDeserializer) -> Result<T, SerdeError>,
) -> Result<T, Vec<Problem>> {
    let problems = Rc::new(RefCell::new(Vec::new()));
    let mut de = ValueDeserializer {
        value,
        path: String::new(),
        member: Member::default(),
        problems: Rc::clone(&problems),
    };
    let result = read(&mut de);
    let mut problems = problems.take();
    match result {
        Ok(typed) if problems.is_empty() => Ok(typed),
        Ok(_) => Err(problems),
        Err(e) => {
            problems.push(Problem { path: String::new(), message: e.to_string(), found: None });
            Err(problems)
        }
    }
}

impl<'v> ValueDeserializer<'v> {
    fn child(&self, value: &'v Value, path: String, member: Member) -> Self {
        Self { value, path, member, problems: Rc::clone(&self.problems) }
    }

    fn problem(&self, message: impl Into<String>) {
        self.problems.borrow_mut().push(Problem {
            path: self.path.clone(),
            message: message.into(),
            found: Some(self.value.clone()),
        });
    }

    fn wrong_type(&self, expected: &str) {
        self.problem(format!("expected {expected}, found {}", describe(self.value)));
    }

    fn number(&self, expected: &str) -> Option<&serde_json::Number> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => {
                self.wrong_type(expected);
                None
            }
        }
    }

    fn integer(&self, expected: &str, min: i64, max: i64) -> i64 {
        let Some(n) = self.number(expected) else { return 0 };
        match n.as_i64() {
            Some(i) if (min..=max).contains(&i) => i,
            Some(i) => {
                self.problem(format!("{i} is out of range for {expected}"));
                0
            }
            None => {
                self.wrong_type(expected);
                0
            }
        }
    }

    /// Checks a string against the model's enum values for the member it belongs to.
    fn check_enum(&self, value: &str) {
        let Some(allowed) = rules::enum_values(&self.member.structure, &self.member.name) else {
            return;
        };
        if allowed.contains(&value) {
            return;
        }
        let mut message = format!("`{value}` is not one of: {}", allowed.join(", "));
        if let Some(close) = suggest::closest(value, allowed.iter().copied()) {
            message = format!(
                "`{value}` is not valid (did you mean `{close}`?); valid: {}",
                allowed.join(", ")
            );
        }
        self.problem(message);
    }
}

/// The name the model gives a structure: the original request name for synthetic inputs
/// (`RegisterTaskDefinitionRequest`), else the shape name (`ContainerDefinition`).
fn structure_name(schema: &Schema<'_>) -> String {
    schema
        .original_name()
        .map_or_else(|| schema.shape_id().shape_name().to_string(), ToString::to_string)
}

/// An empty string in an enum-typed member counts as absent, as ecspresso sends it: the AWS SDK
/// for Go holds an enum as a plain string and its serializers skip one that is empty (`if
/// len(v.AppProtocol) > 0`), so `appProtocol: ''` (ecspresso's own Terraform example) never
/// reaches ECS. Only string members: an empty string inside an enum list is sent by Go too, and
/// ECS refuses it, so it is still reported.
fn is_empty_enum(structure: &str, member: &str, value: &Value) -> bool {
    value.as_str().is_some_and(str::is_empty) && rules::enum_values(structure, member).is_some()
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

impl ShapeDeserializer for ValueDeserializer<'_> {
    fn read_struct(
        &mut self,
        schema: &Schema<'_>,
        state: &mut dyn FnMut(&Schema<'_>, &mut dyn ShapeDeserializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        let Value::Object(map) = self.value else {
            self.wrong_type("an object");
            return Ok(());
        };
        let structure = structure_name(schema);
        let names: Vec<&str> = schema.members().iter().filter_map(|m| m.member_name()).collect();
        for (key, value) in map {
            let member = schema.member_schema(key).or_else(|| {
                let mut chars = key.chars();
                let first = chars.next()?;
                first
                    .is_uppercase()
                    .then(|| first.to_lowercase().chain(chars).collect::<String>())
                    .and_then(|camel| schema.member_schema(&camel))
            });
            let path = join(&self.path, key);
            let Some(member) = member else {
                let mut message = format!("unknown field `{key}`");
                if let Some(close) = suggest::closest(key, names.iter().copied()) {
                    message.push_str(&format!(" (did you mean `{close}`?)"));
                }
                self.problems.borrow_mut().push(Problem { path, message, found: None });
                continue;
            };
            let name = member.member_name().unwrap_or(key).to_string();
            if member.shape_type() == ShapeType::String && is_empty_enum(&structure, &name, value) {
                continue;
            }
            let mut child = self.child(value, path, Member { structure: structure.clone(), name });
            state(member, &mut child)?;
        }
        for required in rules::required(&structure) {
            let present = names.contains(required)
                && map.iter().any(|(k, v)| {
                    !v.is_null()
                        && !is_empty_enum(&structure, required, v)
                        && (k == required || k.to_lowercase() == required.to_lowercase())
                });
            if !present {
                self.problems.borrow_mut().push(Problem {
                    path: join(&self.path, required),
                    message: "required field is missing".into(),
                    found: None,
                });
            }
        }
        Ok(())
    }

    fn read_list(
        &mut self,
        _schema: &Schema<'_>,
        state: &mut dyn FnMut(&mut dyn ShapeDeserializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        let Value::Array(items) = self.value else {
            self.wrong_type("a list");
            return Ok(());
        };
        for (i, item) in items.iter().enumerate() {
            let mut child = self.child(item, format!("{}[{i}]", self.path), self.member.clone());
            state(&mut child)?;
        }
        Ok(())
    }

    fn read_map(
        &mut self,
        _schema: &Schema<'_>,
        state: &mut dyn FnMut(String, &mut dyn ShapeDeserializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        let Value::Object(map) = self.value else {
            self.wrong_type("an object (a map of names to values)");
            return Ok(());
        };
        for (key, value) in map {
            let path = format!("{}[{key:?}]", self.path);
            let mut child = self.child(value, path, self.member.clone());
            state(key.clone(), &mut child)?;
        }
        Ok(())
    }

    fn read_boolean(&mut self, _schema: &Schema<'_>) -> Result<bool, SerdeError> {
        match self.value {
            Value::Bool(b) => Ok(*b),
            _ => {
                self.wrong_type("a boolean (true or false)");
                Ok(false)
            }
        }
    }

    fn read_byte(&mut self, _schema: &Schema<'_>) -> Result<i8, SerdeError> {
        Ok(i8::try_from(self.integer("a small integer", i8::MIN.into(), i8::MAX.into()))
            .unwrap_or_default())
    }

    fn read_short(&mut self, _schema: &Schema<'_>) -> Result<i16, SerdeError> {
        Ok(i16::try_from(self.integer("an integer", i16::MIN.into(), i16::MAX.into()))
            .unwrap_or_default())
    }

    fn read_integer(&mut self, _schema: &Schema<'_>) -> Result<i32, SerdeError> {
        Ok(i32::try_from(self.integer("an integer", i32::MIN.into(), i32::MAX.into()))
            .unwrap_or_default())
    }

    fn read_long(&mut self, _schema: &Schema<'_>) -> Result<i64, SerdeError> {
        Ok(self.integer("an integer", i64::MIN, i64::MAX))
    }

    fn read_float(&mut self, schema: &Schema<'_>) -> Result<f32, SerdeError> {
        #[allow(clippy::cast_possible_truncation)]
        Ok(self.read_double(schema)? as f32)
    }

    fn read_double(&mut self, _schema: &Schema<'_>) -> Result<f64, SerdeError> {
        Ok(self.number("a number").and_then(serde_json::Number::as_f64).unwrap_or_default())
    }

    fn read_big_integer(&mut self, _schema: &Schema<'_>) -> Result<BigInteger, SerdeError> {
        let text = self.number("an integer").map(ToString::to_string).unwrap_or_else(|| "0".into());
        text.parse().map_err(|_| SerdeError::custom(format!("{}: not an integer", self.path)))
    }

    fn read_big_decimal(&mut self, _schema: &Schema<'_>) -> Result<BigDecimal, SerdeError> {
        let text = self.number("a number").map(ToString::to_string).unwrap_or_else(|| "0".into());
        text.parse().map_err(|_| SerdeError::custom(format!("{}: not a number", self.path)))
    }

    fn read_string(&mut self, _schema: &Schema<'_>) -> Result<String, SerdeError> {
        match self.value {
            Value::String(s) => {
                self.check_enum(s);
                Ok(s.clone())
            }
            // A number where the API wants a string (task-level "cpu": 256) is unambiguous:
            // accept it as its decimal text rather than make YAML users quote it.
            Value::Number(n) => Ok(n.to_string()),
            _ => {
                self.wrong_type("a string");
                Ok(String::new())
            }
        }
    }

    fn read_blob(&mut self, _schema: &Schema<'_>) -> Result<Blob, SerdeError> {
        let Value::String(s) = self.value else {
            self.wrong_type("a base64 string");
            return Ok(Blob::new(Vec::new()));
        };
        match aws_smithy_types::base64::decode(s) {
            Ok(bytes) => Ok(Blob::new(bytes)),
            Err(_) => {
                self.problem("not valid base64");
                Ok(Blob::new(Vec::new()))
            }
        }
    }

    fn read_timestamp(&mut self, _schema: &Schema<'_>) -> Result<DateTime, SerdeError> {
        let parsed = match self.value {
            Value::Number(n) => n.as_f64().map(DateTime::from_secs_f64),
            Value::String(s) => {
                DateTime::from_str(s, aws_smithy_types::date_time::Format::DateTime).ok()
            }
            _ => None,
        };
        Ok(parsed.unwrap_or_else(|| {
            self.wrong_type("a timestamp (RFC 3339 text or epoch seconds)");
            DateTime::from_secs(0)
        }))
    }

    fn read_document(&mut self, _schema: &Schema<'_>) -> Result<Document, SerdeError> {
        Ok(to_document(self.value))
    }

    fn is_null(&self) -> bool {
        self.value.is_null()
    }

    fn skip_value(&mut self) -> Result<(), SerdeError> {
        Ok(())
    }

    fn container_size(&self) -> Option<usize> {
        match self.value {
            Value::Array(a) => Some(a.len()),
            Value::Object(o) => Some(o.len()),
            _ => None,
        }
    }
}

/// JSON → Smithy document (free-form members such as lifecycle `hookDetails`).
pub fn to_document(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Number::PosInt(u),
            (None, Some(i)) => Number::NegInt(i),
            _ => Number::Float(n.as_f64().unwrap_or_default()),
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(a) => Document::Array(a.iter().map(to_document).collect()),
        Value::Object(o) => {
            Document::Object(o.iter().map(|(k, v)| (k.clone(), to_document(v))).collect())
        }
    }
}
