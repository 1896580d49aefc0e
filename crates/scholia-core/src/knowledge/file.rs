//! Knowledge-base files: JSON (`scholia-kb`, version 1; the schema is
//! docs/scholia-kb-1.schema.json) and CSV or TSV for spreadsheets.

use serde::{Deserialize, Serialize};

use super::{Entity, KnowledgeBase};
use crate::error::{in_record_of, quoted, Error, ErrorKind};

/// The value of the `format` field.
pub const FORMAT: &str = "scholia-kb";
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KnowledgeBaseFileV1 {
    pub format: String,
    pub version: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub entities: Vec<EntityV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EntityV1 {
    pub id: String,
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
}

pub fn entity_to_file(e: Entity) -> EntityV1 {
    EntityV1 {
        id: e.id,
        name: e.name,
        kind: e.kind,
        aliases: e.aliases,
        description: e.description,
        external_ids: e.external_ids,
    }
}

fn entity_from_file(e: EntityV1) -> Entity {
    Entity {
        id: e.id,
        name: e.name,
        kind: e.kind.filter(|k| !k.is_empty()),
        aliases: e.aliases,
        description: e.description,
        external_ids: e.external_ids,
    }
}

/// Entities read from a file's list (a knowledge-base file's or a Scholia
/// file's), each checked, ids unique.
pub fn entities_from_file(entities: Vec<EntityV1>) -> Result<KnowledgeBase, Error> {
    let mut kb = KnowledgeBase::default();
    for (i, e) in entities.into_iter().enumerate() {
        kb.insert(entity_from_file(e)).map_err(|mut e| {
            e.record = Some(match e.record {
                Some(entity) => format!("{entity} (entities[{i}])"),
                None => format!("entities[{i}]"),
            });
            e
        })?;
    }
    Ok(kb)
}

/// The knowledge base as a `scholia-kb` JSON file.
pub fn export_json(kb: &KnowledgeBase) -> String {
    let file = KnowledgeBaseFileV1 {
        format: FORMAT.into(),
        version: VERSION,
        name: kb.name.clone(),
        entities: kb.entities().cloned().map(entity_to_file).collect(),
    };
    crate::format::pretty_json(&file)
}

/// Reads a `scholia-kb` JSON file; errors name the entity and field.
pub fn import_json(json: &str) -> Result<KnowledgeBase, Error> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(crate::format::scholia::syntax_error)?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => {
            return Err(Error::new(ErrorKind::UnknownFormat(
                "this is not a knowledge-base file: it has no \"format\": \"scholia-kb\" marker"
                    .into(),
            ))
            .in_field("format"))
        }
    }
    crate::format::scholia::check_version(&value, VERSION)?;
    let file: KnowledgeBaseFileV1 = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        in_record_of(e.inner().to_string(), &path, "entities", |index| {
            format!("entities[{index}]")
        })
    })?;
    let mut kb = entities_from_file(file.entities)?;
    kb.name = file.name;
    Ok(kb)
}

/// Reads a knowledge-base file by its name's extension (`.json`, `.csv`,
/// `.tsv`, or `.txt` as TSV); errors name the file, the record and the field.
pub fn import_file(name: &str, text: &str) -> Result<KnowledgeBase, Error> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let read = match extension.as_str() {
        "json" => import_json(text),
        "csv" => import_table(text, Table::Csv),
        "tsv" | "tab" | "txt" => import_table(text, Table::Tsv),
        _ => Err(Error::invalid(
            "a knowledge base is read from a .json, .csv or .tsv file",
        )),
    };
    read.map_err(|e| e.in_file(name))
}

/// The separator of a spreadsheet file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Csv,
    Tsv,
}

impl Table {
    fn separator(self) -> char {
        match self {
            Table::Csv => ',',
            Table::Tsv => '\t',
        }
    }
}

/// The columns of a spreadsheet file, in order. Lists (aliases, external
/// ids) are written in one cell, separated by ` | `.
pub const COLUMNS: [&str; 6] = [
    "id",
    "name",
    "type",
    "aliases",
    "description",
    "external_ids",
];

const LIST: &str = " | ";

/// The knowledge base as CSV (RFC 4180 quoting) or TSV (tabs and line
/// breaks inside a cell become spaces: TSV has no quoting).
pub fn export_table(kb: &KnowledgeBase, table: Table) -> String {
    let sep = table.separator();
    let cell = |text: &str| -> String {
        match table {
            Table::Csv if text.contains([',', '"', '\n', '\r']) => {
                format!("\"{}\"", text.replace('"', "\"\""))
            }
            Table::Csv => text.to_string(),
            Table::Tsv => text.replace(['\t', '\n', '\r'], " "),
        }
    };
    let mut out = COLUMNS.join(&sep.to_string());
    out.push('\n');
    for e in kb.entities() {
        let row = [
            cell(&e.id),
            cell(&e.name),
            cell(e.kind.as_deref().unwrap_or("")),
            cell(&e.aliases.join(LIST)),
            cell(&e.description),
            cell(&e.external_ids.join(LIST)),
        ];
        out.push_str(&row.join(&sep.to_string()));
        out.push('\n');
    }
    out
}

/// Reads a CSV or TSV file with a header row naming at least `id` and
/// `name` (the other columns of [`COLUMNS`] are optional, in any order;
/// others are refused by name). Errors name the line and column.
pub fn import_table(text: &str, table: Table) -> Result<KnowledgeBase, Error> {
    let rows = split_rows(text.strip_prefix('\u{feff}').unwrap_or(text), table)?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(Error::invalid("the file is empty: it needs a header row").at_line(1));
    };
    let mut at = [None; 6];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        match COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            Some(c) if at[c].is_none() => at[c] = Some(i),
            Some(_) => {
                return Err(
                    Error::invalid(format!("the column {} is given twice", quoted(name)))
                        .at_line(1),
                )
            }
            None => {
                return Err(Error::invalid(format!(
                    "the column {} is not one of {}",
                    quoted(name),
                    COLUMNS.join(", ")
                ))
                .at_line(1))
            }
        }
    }
    for required in [0, 1] {
        if at[required].is_none() {
            return Err(Error::new(ErrorKind::Missing)
                .in_field(COLUMNS[required])
                .at_line(1));
        }
    }
    let mut kb = KnowledgeBase::default();
    for (line, row) in rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c: usize| -> String {
            at[c]
                .and_then(|i| row.get(i))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let list = |c: usize| -> Vec<String> {
            get(c)
                .split('|')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
                .collect()
        };
        let kind = get(2);
        let entity = Entity {
            id: get(0),
            name: get(1),
            kind: (!kind.is_empty()).then_some(kind),
            aliases: list(3),
            description: get(4),
            external_ids: list(5),
        };
        kb.insert(entity).map_err(|e| e.at_line(line))?;
    }
    Ok(kb)
}

/// Rows of cells with the line each starts on. CSV cells may be quoted
/// (`""` for a quote, line breaks inside); TSV cells may not.
fn split_rows(text: &str, table: Table) -> Result<Vec<(usize, Vec<String>)>, Error> {
    let sep = table.separator();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut row_line = 1;
    let mut quoted_cell = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted_cell {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted_cell = false,
                '\n' => {
                    line += 1;
                    cell.push(c);
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if table == Table::Csv && cell.is_empty() => quoted_cell = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            c if c == sep => row.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if quoted_cell {
        return Err(Error::invalid("a quoted cell is not closed").at_line(row_line));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((row_line, row));
    }
    Ok(rows)
}
