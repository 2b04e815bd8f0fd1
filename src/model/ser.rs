//! Writes any AWS SDK structure as JSON in the API's own shape (camelCase member names), through
//! the SDK's schema. This is how what runs in AWS (`DescribeTaskDefinition`, `DescribeServices`)
//! and what shipper will send become the same kind of document for `diff` and `render`.

use aws_smithy_schema::Schema;
use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeSerializer};
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use serde_json::{Map, Value};

/// JSON for an SDK structure. Absent members are left out.
pub fn to_value(value: &dyn SerializableStruct) -> Value {
    let mut ser = ValueSerializer::default();
    // The SDK's generated serializers only fail when the serializer does; this one never does.
    let _ = ser.write_struct(value.schema(), value);
    ser.result.unwrap_or(Value::Object(Map::new()))
}

enum Frame {
    Struct(Map<String, Value>),
    List(Vec<Value>),
    Map { entries: Map<String, Value>, key: Option<String> },
}

#[derive(Default)]
struct ValueSerializer {
    stack: Vec<Frame>,
    result: Option<Value>,
}

impl ValueSerializer {
    /// Places a finished value in the enclosing container: as a member of a structure (named by
    /// the member schema), an element of a list, or alternately the key and value of a map entry.
    fn emit(&mut self, schema: &Schema<'_>, value: Value) {
        match self.stack.last_mut() {
            None => self.result = Some(value),
            Some(Frame::Struct(map)) => {
                if let Some(name) = schema.member_name() {
                    map.insert(name.to_string(), value);
                }
            }
            Some(Frame::List(items)) => items.push(value),
            Some(Frame::Map { entries, key }) => match key.take() {
                None => {
                    *key = Some(
                        value
                            .as_str()
                            .map(ToString::to_string)
                            .unwrap_or_else(|| value.to_string()),
                    )
                }
                Some(k) => {
                    entries.insert(k, value);
                }
            },
        }
    }

    fn nested(
        &mut self,
        schema: &Schema<'_>,
        frame: Frame,
        fill: impl FnOnce(&mut Self) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.stack.push(frame);
        let filled = fill(self);
        let value = match self.stack.pop() {
            Some(Frame::Struct(map)) => Value::Object(map),
            Some(Frame::List(items)) => Value::Array(items),
            // The SDK keeps maps (log options, docker labels, tags) in a HashMap, whose order
            // changes from run to run: sorted keys make `render` output stable to commit and
            // compare in review.
            Some(Frame::Map { mut entries, .. }) => {
                entries.sort_keys();
                Value::Object(entries)
            }
            None => Value::Null,
        };
        filled?;
        self.emit(schema, value);
        Ok(())
    }
}

impl ShapeSerializer for ValueSerializer {
    fn write_struct(
        &mut self,
        schema: &Schema<'_>,
        value: &dyn SerializableStruct,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::Struct(Map::new()), |ser| value.serialize_members(ser))
    }

    fn write_list(
        &mut self,
        schema: &Schema<'_>,
        write_elements: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::List(Vec::new()), |ser| write_elements(ser))
    }

    fn write_map(
        &mut self,
        schema: &Schema<'_>,
        write_entries: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.nested(schema, Frame::Map { entries: Map::new(), key: None }, |ser| write_entries(ser))
    }

    fn write_boolean(&mut self, schema: &Schema<'_>, value: bool) -> Result<(), SerdeError> {
        self.emit(schema, Value::Bool(value));
        Ok(())
    }

    fn write_byte(&mut self, schema: &Schema<'_>, value: i8) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(value));
        Ok(())
    }

    fn write_short(&mut self, schema: &Schema<'_>, value: i16) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(value));
        Ok(())
    }

    fn write_integer(&mut self, schema: &Schema<'_>, value: i32) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(value));
        Ok(())
    }

    fn write_long(&mut self, schema: &Schema<'_>, value: i64) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(value));
        Ok(())
    }

    fn write_float(&mut self, schema: &Schema<'_>, value: f32) -> Result<(), SerdeError> {
        self.write_double(schema, f64::from(value))
    }

    fn write_double(&mut self, schema: &Schema<'_>, value: f64) -> Result<(), SerdeError> {
        self.emit(schema, serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number));
        Ok(())
    }

    fn write_big_integer(
        &mut self,
        schema: &Schema<'_>,
        value: &BigInteger,
    ) -> Result<(), SerdeError> {
        let text = value.as_ref();
        self.emit(
            schema,
            text.parse::<serde_json::Number>().map_or_else(|_| Value::from(text), Value::Number),
        );
        Ok(())
    }

    fn write_big_decimal(
        &mut self,
        schema: &Schema<'_>,
        value: &BigDecimal,
    ) -> Result<(), SerdeError> {
        let text = value.as_ref();
        self.emit(
            schema,
            text.parse::<serde_json::Number>().map_or_else(|_| Value::from(text), Value::Number),
        );
        Ok(())
    }

    fn write_string(&mut self, schema: &Schema<'_>, value: &str) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(value));
        Ok(())
    }

    fn write_blob(&mut self, schema: &Schema<'_>, value: Blob) -> Result<(), SerdeError> {
        self.emit(schema, Value::from(aws_smithy_types::base64::encode(value.as_ref())));
        Ok(())
    }

    fn write_timestamp(&mut self, schema: &Schema<'_>, value: &DateTime) -> Result<(), SerdeError> {
        let text = value.fmt(aws_smithy_types::date_time::Format::DateTime).unwrap_or_default();
        self.emit(schema, Value::from(text));
        Ok(())
    }

    fn write_document(&mut self, schema: &Schema<'_>, value: &Document) -> Result<(), SerdeError> {
        self.emit(schema, from_document(value));
        Ok(())
    }

    fn write_null(&mut self, _schema: &Schema<'_>) -> Result<(), SerdeError> {
        Ok(())
    }
}

/// Smithy document → JSON.
pub fn from_document(doc: &Document) -> Value {
    match doc {
        Document::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), from_document(v))).collect())
        }
        Document::Array(items) => Value::Array(items.iter().map(from_document).collect()),
        Document::Number(Number::PosInt(n)) => Value::from(*n),
        Document::Number(Number::NegInt(n)) => Value::from(*n),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::String(s) => Value::from(s.as_str()),
        Document::Bool(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}
