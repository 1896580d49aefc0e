//! Splits a wasm module in two: a **primary** module, which the page loads
//! first, and a **deferred** one, which it loads once the page is shown (or
//! at the first call of a function in it, whichever comes first).
//!
//! The caller names the functions to keep in the primary module (those a
//! first visit runs: `scripts/split-profile.mjs` finds them with
//! [`instrument`]); every other function whose body can move is deferred.
//!
//! A deferred function keeps its index in the primary module, where its body
//! becomes a stub: if slot `k` of a new table (`$L`) is still empty, the
//! stub calls the imported `s.load` (the page loads the deferred module then,
//! whose instantiation fills the table), and then it calls slot `k` with its
//! arguments. So no call, table entry or export of the primary module
//! changes, and loading the deferred module early or late changes nothing
//! but when its bytes are fetched. The deferred module imports the primary
//! module's memories, tables and globals, which the primary module exports
//! under names starting with `$` (no name wasm-bindgen writes does), and
//! calls the primary functions its bodies call through one more table
//! (`$P`: a table rather than an export each, for every exported function
//! is an object on the page's JS heap).
//!
//! Names come from the input's `name` section, which is dropped from both
//! outputs.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::convert::Infallible;
use std::fmt;

use wasm_encoder as enc;
use wasm_encoder::reencode::{self, utils, Reencode, RoundtripReencoder};
use wasmparser as wp;

/// The primary module's import that loads the deferred module: `s.load`.
pub const LOAD_MODULE: &str = "s";
/// See [`LOAD_MODULE`].
pub const LOAD_NAME: &str = "load";
/// The deferred module imports everything from this namespace, which the
/// page fills with the primary module's exports.
pub const PRIMARY: &str = "p";
/// The instrumented module's exported globals: one per defined function,
/// named this prefix and the function's name; 1 once it has run.
pub const SEEN: &str = "$seen ";

/// What went wrong, in words.
#[derive(Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<wp::BinaryReaderError> for Error {
    fn from(e: wp::BinaryReaderError) -> Self {
        Error(format!("the module cannot be read: {e}"))
    }
}

impl<E: fmt::Display> From<reencode::Error<E>> for Error {
    fn from(e: reencode::Error<E>) -> Self {
        Error(format!("the module cannot be rewritten: {e}"))
    }
}

/// The parts of a module the split reads.
#[derive(Default)]
struct Input<'a> {
    types: Option<wp::TypeSectionReader<'a>>,
    func_types: Vec<wp::FuncType>,
    /// The type of each imported function, then of each defined one.
    function_types: Vec<u32>,
    imported_functions: u32,
    tables: Vec<wp::TableType>,
    memories: Vec<wp::MemoryType>,
    globals: Vec<wp::GlobalType>,
    bodies: Vec<wp::FunctionBody<'a>>,
    start: Option<u32>,
    names: HashMap<u32, &'a str>,
}

impl<'a> Input<'a> {
    fn read(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut input = Input::default();
        for payload in wp::Parser::new(0).parse_all(bytes) {
            match payload? {
                wp::Payload::TypeSection(reader) => {
                    input.types = Some(reader.clone());
                    for ty in reader.into_iter_err_on_gc_types() {
                        input.func_types.push(ty?);
                    }
                }
                wp::Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        match import.ty {
                            wp::TypeRef::Func(ty) => {
                                input.function_types.push(ty);
                                input.imported_functions += 1;
                            }
                            wp::TypeRef::Table(ty) => input.tables.push(ty),
                            wp::TypeRef::Memory(ty) => input.memories.push(ty),
                            wp::TypeRef::Global(ty) => input.globals.push(ty),
                            other => {
                                return Err(Error(format!(
                                    "the import {}.{} ({other:?}) is not supported",
                                    import.module, import.name
                                )))
                            }
                        }
                    }
                }
                wp::Payload::FunctionSection(reader) => {
                    for ty in reader {
                        input.function_types.push(ty?);
                    }
                }
                wp::Payload::TableSection(reader) => {
                    for table in reader {
                        input.tables.push(table?.ty);
                    }
                }
                wp::Payload::MemorySection(reader) => {
                    for memory in reader {
                        input.memories.push(memory?);
                    }
                }
                wp::Payload::GlobalSection(reader) => {
                    for global in reader {
                        input.globals.push(global?.ty);
                    }
                }
                wp::Payload::TagSection(_) => return Err(Error("tags are not supported".into())),
                wp::Payload::StartSection { func, .. } => input.start = Some(func),
                wp::Payload::CodeSectionEntry(body) => input.bodies.push(body),
                wp::Payload::CustomSection(section) => {
                    if let wp::KnownCustom::Name(names) = section.as_known() {
                        for name in names {
                            if let wp::Name::Function(map) = name? {
                                for naming in map {
                                    let naming = naming?;
                                    input.names.insert(naming.index, naming.name);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(input)
    }

    fn func_type(&self, function: u32) -> &wp::FuncType {
        &self.func_types[self.function_types[function as usize] as usize]
    }

    /// The functions `body` refers to, or `None` when it cannot move: it
    /// names a data or element segment, or a tag, which stay in the primary
    /// module.
    fn references(body: &wp::FunctionBody<'_>) -> Result<Option<Vec<u32>>, Error> {
        use wp::Operator as Op;
        let mut functions = Vec::new();
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            match reader.read()? {
                Op::Call { function_index }
                | Op::ReturnCall { function_index }
                | Op::RefFunc { function_index } => functions.push(function_index),
                Op::MemoryInit { .. }
                | Op::DataDrop { .. }
                | Op::TableInit { .. }
                | Op::ElemDrop { .. }
                | Op::Throw { .. }
                | Op::ThrowRef
                | Op::Rethrow { .. }
                | Op::Try { .. }
                | Op::TryTable { .. } => return Ok(None),
                _ => {}
            }
        }
        Ok(Some(functions))
    }
}

/// What a split did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Functions defined by the input.
    pub functions: usize,
    /// Of those, the deferred ones.
    pub deferred: usize,
    /// Bytes of the input's function bodies kept in the primary module.
    pub kept_code: usize,
    /// Bytes of the input's function bodies moved to the deferred module.
    pub deferred_code: usize,
    /// Names to keep that no function of the input has, with or without
    /// hash (gone from the code, or renamed).
    pub unknown_names: usize,
    /// Names to keep that no function has with that hash, found without it.
    pub rehashed_names: usize,
    /// Functions the deferred module calls in the primary one.
    pub primary_imports: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} functions deferred ({} of {} bytes of code); the deferred code calls {} primary functions; of the names to keep, {} matched without their hash and {} not at all",
            self.deferred,
            self.functions,
            self.deferred_code,
            self.kept_code + self.deferred_code,
            self.primary_imports,
            self.rehashed_names,
            self.unknown_names
        )
    }
}

/// The two modules of a split.
pub struct Split {
    pub primary: Vec<u8>,
    pub deferred: Vec<u8>,
    pub report: Report,
}

/// `name` without the hash rustc appends to a symbol (`::h` and 16 hex
/// digits), which tells apart instances of one generic function and changes
/// with the build's settings; names are compared without it.
pub fn without_hash(name: &str) -> &str {
    match name
        .len()
        .checked_sub(19)
        .and_then(|at| name.get(at..).map(|tail| (at, tail)))
    {
        Some((at, tail))
            if tail.starts_with("::h") && tail[3..].bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            &name[..at]
        }
        _ => name,
    }
}

/// What to keep in the primary module, from a list with one rule per line
/// (`#` starts a comment):
/// - a function's name (as the input's `name` section has it; a name that
///   no function has is compared [`without_hash`]);
/// - `crate NAME`: every function of that crate ([`crate_of`]);
/// - `contains TEXT`: every function whose name contains TEXT;
/// - `smaller-than N`: every function whose body is under N bytes (a stub
///   and its exports cost about as much as a small body).
///
/// Functions without a name (wasm-bindgen's shims, which a list cannot
/// name), the start function and those that cannot move
/// ([`Input::references`]) are always kept.
#[derive(Debug, Default)]
pub struct Keep<'a> {
    names: HashSet<&'a str>,
    crates: HashSet<&'a str>,
    contains: Vec<&'a str>,
    smaller_than: usize,
}

impl<'a> Keep<'a> {
    /// The rules of `list`, or the first line that is not one.
    pub fn parse(list: &'a str) -> Result<Self, Error> {
        let mut keep = Keep::default();
        for (n, line) in list.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix("crate ") {
                keep.crates.insert(name);
            } else if let Some(text) = line.strip_prefix("contains ") {
                keep.contains.push(text);
            } else if let Some(size) = line.strip_prefix("smaller-than ") {
                keep.smaller_than = size.parse().map_err(|_| {
                    Error(format!("line {}: “{size}” is not a number of bytes", n + 1))
                })?;
            } else {
                keep.names.insert(line);
            }
        }
        Ok(keep)
    }
}

/// The crate a function's name starts with: `alloc` for
/// `alloc::vec::Vec<T>::push::h…` and for `<alloc::string::String as
/// core::fmt::Display>::fmt::h…`.
pub fn crate_of(name: &str) -> &str {
    let path = name.trim_start_matches('<');
    path.split("::").next().unwrap_or(path)
}

/// Splits `bytes`, keeping in the primary module what `keep` says.
pub fn split(bytes: &[u8], keep: &Keep<'_>) -> Result<Split, Error> {
    let input = Input::read(bytes)?;
    let imported = input.imported_functions;
    let mut report = Report {
        functions: input.bodies.len(),
        ..Report::default()
    };
    // A listed name that no function has (its hash changed with the code or
    // the compiler) keeps every function of that name without hash.
    let known: HashSet<&str> = input.names.values().copied().collect();
    let unknown: HashSet<&str> = keep
        .names
        .iter()
        .filter(|name| !known.contains(*name))
        .map(|name| without_hash(name))
        .collect();
    let hashless: HashSet<&str> = known.iter().map(|name| without_hash(name)).collect();
    report.unknown_names = unknown
        .iter()
        .filter(|name| !hashless.contains(*name))
        .count();
    report.rehashed_names = unknown.len() - report.unknown_names;
    let listed = |name: &str| {
        keep.names.contains(name)
            || unknown.contains(without_hash(name))
            || keep.crates.contains(crate_of(name))
            || keep.contains.iter().any(|text| name.contains(text))
    };

    let mut deferred = Vec::new();
    let mut referenced = BTreeSet::new();
    for (i, body) in input.bodies.iter().enumerate() {
        let function = imported + i as u32;
        let size = body.range().len();
        let kept = input.start == Some(function)
            || size < keep.smaller_than
            || input.names.get(&function).is_none_or(|name| listed(name));
        let references = if kept { None } else { Input::references(body)? };
        match references {
            Some(functions) => {
                deferred.push(function);
                referenced.extend(functions);
                report.deferred_code += size;
            }
            None => report.kept_code += size,
        }
    }
    report.deferred = deferred.len();
    let slots: HashMap<u32, u32> = deferred
        .iter()
        .enumerate()
        .map(|(k, &f)| (f, k as u32))
        .collect();
    let needed: Vec<u32> = referenced
        .into_iter()
        .filter(|f| !slots.contains_key(f))
        .collect();
    report.primary_imports = needed.len();

    let load_type = input
        .func_types
        .iter()
        .position(|ty| ty.params().is_empty() && ty.results().is_empty());
    let lazy_table = fixed_table(deferred.len());
    let mut primary = Primary {
        input: &input,
        slots: &slots,
        needed: &needed,
        load_type: load_type.unwrap_or(input.func_types.len()) as u32,
        add_load_type: load_type.is_none(),
        lazy_table,
        next_body: 0,
        sections_seen: 0,
    };
    let mut module = enc::Module::new();
    utils::parse_core_module(&mut primary, &mut module, wp::Parser::new(0), bytes)?;
    if primary.sections_seen != Primary::ALL_SECTIONS {
        return Err(Error(
            "the module lacks a type, import, table, export or element section, which the split adds to"
                .into(),
        ));
    }
    let primary_bytes = module.finish();
    let deferred_bytes = deferred_module(&input, &deferred, &needed, lazy_table)?;
    Ok(Split {
        primary: primary_bytes,
        deferred: deferred_bytes,
        report,
    })
}

/// The primary module's table of deferred functions, and of the
/// functions the deferred code calls in it (a table, not an export each:
/// every exported function is an object on the page's JS heap).
const LAZY_TABLE: &str = "$L";
const PRIMARY_TABLE: &str = "$P";

/// The name under which the primary module exports its `index`th table
/// (`kind` "t"), memory ("m") or global ("g"), and the deferred module
/// imports it.
fn shared(kind: &str, index: u32) -> String {
    format!("${kind}{index}")
}

/// A table of `size` functions.
fn fixed_table(size: usize) -> enc::TableType {
    enc::TableType {
        element_type: enc::RefType::FUNCREF,
        table64: false,
        minimum: size as u64,
        maximum: Some(size as u64),
        shared: false,
    }
}

/// Rewrites the input into the primary module.
struct Primary<'i, 'a> {
    input: &'i Input<'a>,
    slots: &'i HashMap<u32, u32>,
    needed: &'i [u32],
    load_type: u32,
    add_load_type: bool,
    lazy_table: enc::TableType,
    next_body: u32,
    /// A bit for each section the split adds to.
    sections_seen: u8,
}

impl Primary<'_, '_> {
    const ALL_SECTIONS: u8 = 0b11111;

    /// The index of the lazy table: after the input's tables.
    fn lazy_index(&self) -> u32 {
        self.input.tables.len() as u32
    }

    /// The index of the table of functions the deferred code calls.
    fn primary_index(&self) -> u32 {
        self.input.tables.len() as u32 + 1
    }

    /// A deferred function's body in the primary module.
    fn stub(&self, function: u32, slot: u32) -> enc::Function {
        use enc::Instruction as I;
        let lazy = self.lazy_index();
        let mut stub = enc::Function::new([]);
        stub.instruction(&I::I32Const(slot as i32))
            .instruction(&I::TableGet(lazy))
            .instruction(&I::RefIsNull)
            .instruction(&I::If(enc::BlockType::Empty))
            .instruction(&I::Call(self.input.imported_functions))
            .instruction(&I::End);
        for param in 0..self.input.func_type(function).params().len() {
            stub.instruction(&I::LocalGet(param as u32));
        }
        stub.instruction(&I::I32Const(slot as i32))
            .instruction(&I::CallIndirect {
                type_index: self.input.function_types[function as usize],
                table_index: lazy,
            })
            .instruction(&I::End);
        stub
    }
}

impl Reencode for Primary<'_, '_> {
    type Error = Infallible;

    // The load import comes after the input's function imports.
    fn function_index(&mut self, function: u32) -> Result<u32, reencode::Error<Infallible>> {
        Ok(if function < self.input.imported_functions {
            function
        } else {
            function + 1
        })
    }

    fn parse_type_section(
        &mut self,
        types: &mut enc::TypeSection,
        section: wp::TypeSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_type_section(self, types, section)?;
        if self.add_load_type {
            types.ty().function([], []);
        }
        self.sections_seen |= 1;
        Ok(())
    }

    fn parse_import_section(
        &mut self,
        imports: &mut enc::ImportSection,
        section: wp::ImportSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_import_section(self, imports, section)?;
        imports.import(
            LOAD_MODULE,
            LOAD_NAME,
            enc::EntityType::Function(self.load_type),
        );
        self.sections_seen |= 2;
        Ok(())
    }

    fn parse_table_section(
        &mut self,
        tables: &mut enc::TableSection,
        section: wp::TableSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_table_section(self, tables, section)?;
        tables.table(self.lazy_table);
        tables.table(fixed_table(self.needed.len()));
        self.sections_seen |= 4;
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut enc::ExportSection,
        section: wp::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_export_section(self, exports, section)?;
        exports.export(LAZY_TABLE, enc::ExportKind::Table, self.lazy_index());
        for table in 0..self.input.tables.len() as u32 {
            exports.export(&shared("t", table), enc::ExportKind::Table, table);
        }
        for memory in 0..self.input.memories.len() as u32 {
            exports.export(&shared("m", memory), enc::ExportKind::Memory, memory);
        }
        for global in 0..self.input.globals.len() as u32 {
            exports.export(&shared("g", global), enc::ExportKind::Global, global);
        }
        exports.export(PRIMARY_TABLE, enc::ExportKind::Table, self.primary_index());
        self.sections_seen |= 8;
        Ok(())
    }

    fn parse_element_section(
        &mut self,
        elements: &mut enc::ElementSection,
        section: wp::ElementSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_element_section(self, elements, section)?;
        let mut functions = Vec::with_capacity(self.needed.len());
        for &function in self.needed {
            functions.push(self.function_index(function)?);
        }
        elements.active(
            Some(self.primary_index()),
            &enc::ConstExpr::i32_const(0),
            enc::Elements::Functions(functions.into()),
        );
        self.sections_seen |= 16;
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut enc::CodeSection,
        body: wp::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        let function = self.input.imported_functions + self.next_body;
        self.next_body += 1;
        match self.slots.get(&function) {
            Some(&slot) => {
                code.function(&self.stub(function, slot));
                Ok(())
            }
            None => utils::parse_function_body(self, code, body),
        }
    }

    // Names and other custom sections are dropped.
    fn parse_custom_section(
        &mut self,
        _module: &mut enc::Module,
        _section: wp::CustomSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        Ok(())
    }
}

/// Rewrites the deferred functions' bodies for the deferred module: a
/// call of (or reference to) a primary function goes through the primary
/// table, one of another deferred function is direct.
struct Deferred<'m> {
    input: &'m Input<'m>,
    /// Deferred functions, by their index in the input.
    functions: &'m HashMap<u32, u32>,
    /// Primary functions the deferred code calls: their slots in the table.
    primary: &'m HashMap<u32, u32>,
    primary_table: u32,
    /// Functions named by `ref.func`, which the module must declare.
    declared: BTreeSet<u32>,
}

impl Reencode for Deferred<'_> {
    type Error = String;

    fn function_index(&mut self, function: u32) -> Result<u32, reencode::Error<String>> {
        self.functions.get(&function).copied().ok_or_else(|| {
            reencode::Error::UserError(format!("function {function} is not in the deferred module"))
        })
    }

    fn parse_function_body(
        &mut self,
        code: &mut enc::CodeSection,
        body: wp::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<String>> {
        use enc::Instruction as I;
        use wp::Operator as Op;
        let mut function = self.new_function_with_parsed_locals(&body)?;
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            let callee = match op {
                Op::Call { function_index }
                | Op::ReturnCall { function_index }
                | Op::RefFunc { function_index } => Some(function_index),
                _ => None,
            };
            match callee.and_then(|callee| self.primary.get(&callee).map(|&slot| (callee, slot))) {
                Some((callee, slot)) => {
                    let type_index = self.input.function_types[callee as usize];
                    let table_index = self.primary_table;
                    function.instruction(&I::I32Const(slot as i32));
                    function.instruction(&match op {
                        Op::Call { .. } => I::CallIndirect {
                            type_index,
                            table_index,
                        },
                        Op::ReturnCall { .. } => I::ReturnCallIndirect {
                            type_index,
                            table_index,
                        },
                        _ => I::TableGet(table_index),
                    });
                }
                None => {
                    if let Some(callee) = callee.filter(|_| matches!(op, Op::RefFunc { .. })) {
                        let index = self.function_index(callee)?;
                        self.declared.insert(index);
                    }
                    function.instruction(&self.instruction(op)?);
                }
            }
        }
        code.function(&function);
        Ok(())
    }
}

fn deferred_module(
    input: &Input<'_>,
    deferred: &[u32],
    needed: &[u32],
    lazy_table: enc::TableType,
) -> Result<Vec<u8>, Error> {
    let mut types = enc::TypeSection::new();
    if let Some(reader) = input.types.clone() {
        RoundtripReencoder.parse_type_section(&mut types, reader)?;
    }
    let primary: HashMap<u32, u32> = needed
        .iter()
        .enumerate()
        .map(|(slot, &f)| (f, slot as u32))
        .collect();
    let mut imports = enc::ImportSection::new();
    for (i, &table) in input.tables.iter().enumerate() {
        let ty = RoundtripReencoder.table_type(table)?;
        imports.import(PRIMARY, &shared("t", i as u32), enc::EntityType::Table(ty));
    }
    imports.import(PRIMARY, LAZY_TABLE, enc::EntityType::Table(lazy_table));
    let primary_table = fixed_table(needed.len());
    imports.import(
        PRIMARY,
        PRIMARY_TABLE,
        enc::EntityType::Table(primary_table),
    );
    for (i, &memory) in input.memories.iter().enumerate() {
        let ty = RoundtripReencoder.memory_type(memory)?;
        imports.import(PRIMARY, &shared("m", i as u32), enc::EntityType::Memory(ty));
    }
    for (i, &global) in input.globals.iter().enumerate() {
        let ty = RoundtripReencoder.global_type(global)?;
        imports.import(PRIMARY, &shared("g", i as u32), enc::EntityType::Global(ty));
    }

    let mut functions = HashMap::new();
    let mut declarations = enc::FunctionSection::new();
    for (k, &function) in deferred.iter().enumerate() {
        functions.insert(function, k as u32);
        declarations.function(input.function_types[function as usize]);
    }
    let mut rewriter = Deferred {
        input,
        functions: &functions,
        primary: &primary,
        primary_table: input.tables.len() as u32 + 1,
        declared: BTreeSet::new(),
    };
    let mut code = enc::CodeSection::new();
    for &function in deferred {
        let body = input.bodies[(function - input.imported_functions) as usize].clone();
        rewriter.parse_function_body(&mut code, body)?;
    }

    let mut elements = enc::ElementSection::new();
    let slots: Vec<u32> = (0..deferred.len() as u32).collect();
    elements.active(
        Some(input.tables.len() as u32),
        &enc::ConstExpr::i32_const(0),
        enc::Elements::Functions(slots.into()),
    );
    if !rewriter.declared.is_empty() {
        let declared: Vec<u32> = rewriter.declared.into_iter().collect();
        elements.declared(enc::Elements::Functions(declared.into()));
    }

    let mut module = enc::Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&declarations)
        .section(&elements)
        .section(&code);
    Ok(module.finish())
}

/// `bytes` with one exported global per defined function, set to 1 when
/// the function first runs, named [`SEEN`] and the function's name (or its
/// index, for a function without one).
pub fn instrument(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let input = Input::read(bytes)?;
    let mut names = HashSet::new();
    let mut exports = Vec::with_capacity(input.bodies.len());
    for i in 0..input.bodies.len() as u32 {
        let function = input.imported_functions + i;
        let name = match input.names.get(&function) {
            Some(name) if names.insert(*name) => format!("{SEEN}{name}"),
            _ => format!("{SEEN}#{function}"),
        };
        exports.push(name);
    }
    let mut instrumenter = Instrument {
        first_global: input.globals.len() as u32,
        exports,
        next_body: 0,
        sections_seen: 0,
    };
    let mut module = enc::Module::new();
    utils::parse_core_module(&mut instrumenter, &mut module, wp::Parser::new(0), bytes)?;
    if instrumenter.sections_seen != 0b11 {
        return Err(Error(
            "the module lacks a global or an export section".into(),
        ));
    }
    Ok(module.finish())
}

struct Instrument {
    first_global: u32,
    exports: Vec<String>,
    next_body: u32,
    sections_seen: u8,
}

impl Reencode for Instrument {
    type Error = Infallible;

    fn parse_global_section(
        &mut self,
        globals: &mut enc::GlobalSection,
        section: wp::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_global_section(self, globals, section)?;
        let ty = enc::GlobalType {
            val_type: enc::ValType::I32,
            mutable: true,
            shared: false,
        };
        for _ in &self.exports {
            globals.global(ty, &enc::ConstExpr::i32_const(0));
        }
        self.sections_seen |= 1;
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut enc::ExportSection,
        section: wp::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        utils::parse_export_section(self, exports, section)?;
        for (i, name) in self.exports.iter().enumerate() {
            exports.export(name, enc::ExportKind::Global, self.first_global + i as u32);
        }
        self.sections_seen |= 2;
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut enc::CodeSection,
        body: wp::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        let mut function = self.new_function_with_parsed_locals(&body)?;
        function
            .instruction(&enc::Instruction::I32Const(1))
            .instruction(&enc::Instruction::GlobalSet(
                self.first_global + self.next_body,
            ));
        self.next_body += 1;
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            function.instruction(&self.parse_instruction(&mut reader)?);
        }
        code.function(&function);
        Ok(())
    }
}
