//! The split and the instrumentation of a small module with what the app's
//! module has: imports, a table with an element segment, a memory, a mutable
//! global, exports, direct and indirect calls, and names. Both outputs are
//! validated, and run in Node (when it is installed) to check that each
//! function still answers as before and that the deferred module is loaded
//! once, at the first call of a deferred function.

use std::path::PathBuf;
use std::process::Command;

use wasm_encoder::{
    CodeSection, ConstExpr, ElementSection, Elements, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, GlobalSection, GlobalType, ImportSection, Instruction as I,
    MemorySection, MemoryType, Module, NameMap, NameSection, RefType, TableSection, TableType,
    TypeSection, ValType,
};

/// Names of the module's defined functions, in order (function 0 is the
/// import `env.log`).
const NAMES: [&str; 6] = [
    "double::h0123456789abcdef",
    "add::h0123456789abcdef",
    "quad::h0123456789abcdef",
    "entry::h0123456789abcdef",
    "via_table::h0123456789abcdef",
    "read_global::h0123456789abcdef",
];

/// entry(x) = quad(x) + add(x, 1), logging x; quad(x) = double(double(x)) and
/// counts its calls in the global; via_table(x) calls double through the
/// table; read_global() returns the global.
fn module() -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []); // 0
    types.ty().function([ValType::I32], [ValType::I32]); // 1
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]); // 2
    types.ty().function([], [ValType::I32]); // 3
    let mut imports = ImportSection::new();
    imports.import("env", "log", EntityType::Function(1));
    let mut functions = FunctionSection::new();
    for ty in [1, 2, 1, 1, 1, 3] {
        functions.function(ty);
    }
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 1,
        maximum: Some(1),
        shared: false,
    });
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = GlobalSection::new();
    globals.global(
        GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(0),
    );
    let mut exports = ExportSection::new();
    exports.export("entry", ExportKind::Func, 4);
    exports.export("add", ExportKind::Func, 2);
    exports.export("via_table", ExportKind::Func, 5);
    exports.export("read_global", ExportKind::Func, 6);
    exports.export("memory", ExportKind::Memory, 0);
    let mut elements = ElementSection::new();
    elements.active(
        Some(0),
        &ConstExpr::i32_const(0),
        Elements::Functions([1].as_slice().into()),
    );

    let mut code = CodeSection::new();
    let body = |instructions: &[I]| {
        let mut f = Function::new([]);
        for i in instructions {
            f.instruction(i);
        }
        f.instruction(&I::End);
        f
    };
    // double
    code.function(&body(&[I::LocalGet(0), I::LocalGet(0), I::I32Add]));
    // add
    code.function(&body(&[I::LocalGet(0), I::LocalGet(1), I::I32Add]));
    // quad: global += 1; double(double(x))
    code.function(&body(&[
        I::GlobalGet(0),
        I::I32Const(1),
        I::I32Add,
        I::GlobalSet(0),
        I::LocalGet(0),
        I::Call(1),
        I::Call(1),
    ]));
    // entry: log(x) dropped; quad(x) + add(x, 1)
    code.function(&body(&[
        I::LocalGet(0),
        I::Call(0),
        I::Drop,
        I::LocalGet(0),
        I::Call(3),
        I::LocalGet(0),
        I::I32Const(1),
        I::Call(2),
        I::I32Add,
    ]));
    // via_table: table[0](x)
    code.function(&body(&[
        I::LocalGet(0),
        I::I32Const(0),
        I::CallIndirect {
            type_index: 1,
            table_index: 0,
        },
    ]));
    // read_global
    code.function(&body(&[I::GlobalGet(0)]));

    let mut names = NameMap::new();
    names.append(0, "log");
    for (i, name) in NAMES.iter().enumerate() {
        names.append(i as u32 + 1, name);
    }
    let mut name_section = NameSection::new();
    name_section.functions(&names);

    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&tables)
        .section(&memories)
        .section(&globals)
        .section(&exports)
        .section(&elements)
        .section(&code)
        .section(&name_section);
    module.finish()
}

fn valid(bytes: &[u8]) {
    wasmparser::Validator::new()
        .validate_all(bytes)
        .expect("a valid module");
}

fn keep(rules: &[&'static str]) -> scholia_split::Keep<'static> {
    scholia_split::Keep::parse(Box::leak(rules.join("\n").into_boxed_str())).unwrap()
}

/// Runs `script` in Node with `files` written beside it; `None` when Node
/// is not installed (the test then says it was skipped).
fn node(test: &str, script: &str, files: &[(&str, &[u8])]) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("scholia-split-{test}"));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(dir.join("run.mjs"), script).unwrap();
    match Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "node failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
        }
        Err(e) => {
            println!("SKIPPED {test}: node could not be run ({e})");
            None
        }
    }
}

#[test]
fn the_split_keeps_the_listed_functions_and_defers_the_rest() {
    let input = module();
    valid(&input);
    let split = scholia_split::split(
        &input,
        &keep(&["entry::h0123456789abcdef", "read_global::h0123456789abcdef"]),
    )
    .unwrap();
    valid(&split.primary);
    valid(&split.deferred);
    assert_eq!(split.report.functions, 6);
    // double, add, quad and via_table, which call nothing but each other
    // (entry, kept, calls log).
    assert_eq!(split.report.deferred, 4);
    assert_eq!(split.report.primary_imports, 0);
    assert_eq!(split.report.unknown_names, 0);

    // The primary module imports the loader, and exports what the deferred
    // module imports.
    let primary = wasmparser::Parser::new(0).parse_all(&split.primary);
    let mut imports = Vec::new();
    for payload in primary {
        if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
            for import in reader.into_imports() {
                let import = import.unwrap();
                imports.push(format!("{}.{}", import.module, import.name));
            }
        }
    }
    assert_eq!(imports, ["env.log", "s.load"]);
}

#[test]
fn split_modules_answer_as_the_whole_one_and_load_the_deferred_one_once() {
    let input = module();
    let split = scholia_split::split(&input, &keep(&["entry::h0123456789abcdef"])).unwrap();
    let script = r#"
import { readFileSync } from 'node:fs';
const logged = [];
let loads = 0;
let primary;
const deferred = new WebAssembly.Module(readFileSync('deferred.wasm'));
primary = new WebAssembly.Instance(new WebAssembly.Module(readFileSync('primary.wasm')), {
  env: { log: (x) => { logged.push(x); return x; } },
  s: { load: () => { loads += 1; new WebAssembly.Instance(deferred, { p: primary.exports }); } },
});
const whole = new WebAssembly.Instance(new WebAssembly.Module(readFileSync('whole.wasm')), { env: { log: (x) => x } });
const e = primary.exports;
const before = loads;
const answers = [e.entry(3), e.entry(5), e.add(2, 40), e.via_table(21), e.read_global()];
const expected = [whole.exports.entry(3), whole.exports.entry(5), whole.exports.add(2, 40), whole.exports.via_table(21), whole.exports.read_global()];
console.log(JSON.stringify({ before, loads, answers, expected, logged }));
"#;
    let files: [(&str, &[u8]); 3] = [
        ("primary.wasm", &split.primary),
        ("deferred.wasm", &split.deferred),
        ("whole.wasm", &input),
    ];
    let Some(out) = node("split", script, &files) else {
        return;
    };
    assert_eq!(
        out,
        r#"{"before":0,"loads":1,"answers":[16,26,42,42,2],"expected":[16,26,42,42,2],"logged":[3,5]}"#
    );
}

#[test]
fn the_deferred_code_calls_kept_functions_and_imports_through_the_primary_module() {
    let input = module();
    // entry deferred, quad and log kept: the deferred entry calls both.
    let split = scholia_split::split(
        &input,
        &keep(&["quad::h0123456789abcdef", "double::h0123456789abcdef"]),
    )
    .unwrap();
    valid(&split.primary);
    valid(&split.deferred);
    assert_eq!(split.report.deferred, 4);
    // entry calls log (an import) and quad; via_table calls nothing directly.
    assert_eq!(split.report.primary_imports, 2);
    let script = r#"
import { readFileSync } from 'node:fs';
const logged = [];
let primary;
const deferred = new WebAssembly.Module(readFileSync('deferred.wasm'));
primary = new WebAssembly.Instance(new WebAssembly.Module(readFileSync('primary.wasm')), {
  env: { log: (x) => { logged.push(x); return x; } },
  s: { load: () => { new WebAssembly.Instance(deferred, { p: primary.exports }); } },
});
console.log(JSON.stringify([primary.exports.entry(2), primary.exports.read_global(), logged]));
"#;
    let files: [(&str, &[u8]); 2] = [
        ("primary.wasm", &split.primary),
        ("deferred.wasm", &split.deferred),
    ];
    let Some(out) = node("calls", script, &files) else {
        return;
    };
    assert_eq!(out, "[11,1,[2]]");
}

#[test]
fn a_listed_name_with_another_hash_keeps_the_functions_of_that_name() {
    let input = module();
    let split = scholia_split::split(
        &input,
        &keep(&["entry::hffffffffffffffff", "gone::h0123456789abcdef"]),
    )
    .unwrap();
    // Only entry is kept, by its name without hash.
    assert_eq!(split.report.deferred, 5);
    assert_eq!(split.report.rehashed_names, 1);
    assert_eq!(split.report.unknown_names, 1);
}

#[test]
fn a_crate_line_keeps_the_functions_of_that_crate() {
    let input = module();
    // Every function of the module is of the crate named by its first
    // segment: here each is its own.
    let split = scholia_split::split(&input, &keep(&["crate quad", "crate add"])).unwrap();
    assert_eq!(split.report.deferred, 4);
    assert_eq!(split.report.unknown_names, 0);
    assert_eq!(
        scholia_split::crate_of(
            "<alloc::string::String as core::fmt::Display>::fmt::h0123456789abcdef"
        ),
        "alloc"
    );
    assert_eq!(scholia_split::crate_of("alloc::vec::Vec<T>::push"), "alloc");
}

#[test]
fn small_functions_and_names_containing_a_text_are_kept() {
    let input = module();
    // double, add and read_global are under 9 bytes.
    let split = scholia_split::split(&input, &keep(&["smaller-than 9"])).unwrap();
    assert_eq!(split.report.deferred, 3);
    // quad and via_table.
    let rules = keep(&["# a comment", "contains ua", "contains via_"]);
    assert_eq!(
        scholia_split::split(&input, &rules)
            .unwrap()
            .report
            .deferred,
        4
    );
    let error = scholia_split::Keep::parse("smaller-than lots")
        .err()
        .unwrap();
    assert_eq!(error.0, "line 1: “lots” is not a number of bytes");
}

#[test]
fn hashes_are_dropped_only_when_they_are_hashes() {
    use scholia_split::without_hash;
    assert_eq!(without_hash("a::b::h0123456789abcdef"), "a::b");
    assert_eq!(
        without_hash("a::b::h0123456789abcdeg"),
        "a::b::h0123456789abcdeg"
    );
    assert_eq!(without_hash("h0123456789abcdef"), "h0123456789abcdef");
    assert_eq!(without_hash("é::h0123456789abcdef"), "é");
    assert_eq!(without_hash("short"), "short");
}

#[test]
fn the_instrumented_module_marks_each_function_that_ran() {
    let input = module();
    let instrumented = scholia_split::instrument(&input).unwrap();
    valid(&instrumented);
    let script = r#"
import { readFileSync } from 'node:fs';
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync('instrumented.wasm')), { env: { log: (x) => x } });
exports.entry(1);
console.log(Object.keys(exports).filter((k) => k.startsWith('$seen ') && exports[k].value === 1).map((k) => k.slice(6)).sort().join(','));
"#;
    let Some(out) = node(
        "instrument",
        script,
        &[("instrumented.wasm", &instrumented)],
    ) else {
        return;
    };
    assert_eq!(
        out,
        "add::h0123456789abcdef,double::h0123456789abcdef,entry::h0123456789abcdef,quad::h0123456789abcdef"
    );
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let error = scholia_split::split(b"\0asm\x01\0\0\0\x0a", &keep(&[]))
        .err()
        .unwrap();
    assert!(error.0.starts_with("the module cannot be read"), "{error}");
    // No table to add the deferred functions' table beside.
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let error = scholia_split::split(&module.finish(), &keep(&[]))
        .err()
        .unwrap();
    assert!(error.0.contains("lacks"), "{error}");
}
