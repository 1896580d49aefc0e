#!/usr/bin/env node
// Checks the app shell's module graph (src/): no module uses another that
// uses it back, directly or through others, and no file is longer than the
// limit. A "use" is any path into the crate (`crate::`, `super::`, `self::`,
// or a child module named in `use`), in `use` items and inline; `mod x;`
// declarations are ownership, not use. Test modules (`#[cfg(test)]`) are
// left out, as `cargo modules dependencies --acyclic` leaves them out by
// default: a test may drive a module through the store above it.
//
//   node scripts/check-modules.mjs            check, print the layers
//   node scripts/check-modules.mjs --dot      the graph in Graphviz form
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
const MAX_LINES = 600;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.rs') ? [path] : [];
  });
}

/** `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; `main.rs` is the crate. */
function moduleOf(path) {
  const parts = relative(SRC, path).replace(/\.rs$/, '').split('/');
  if (parts.at(-1) === 'mod' || parts.at(-1) === 'main') parts.pop();
  return parts.join('::');
}

/** The source without comments, strings, and `#[cfg(test)]` items. */
function code(source) {
  let out = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\bb?r(#*)"[\s\S]*?"\1/g, '""')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // Drop each `#[cfg(test)]` item: the attribute, then up to its block's end.
  for (;;) {
    const at = out.indexOf('#[cfg(test)]');
    if (at < 0) break;
    const open = out.indexOf('{', at);
    const semi = out.indexOf(';', at);
    if (semi >= 0 && (open < 0 || semi < open)) {
      out = out.slice(0, at) + out.slice(semi + 1);
      continue;
    }
    let depth = 0;
    let end = open;
    for (; end < out.length; end++) {
      if (out[end] === '{') depth++;
      else if (out[end] === '}' && --depth === 0) break;
    }
    out = out.slice(0, at) + out.slice(end + 1);
  }
  return out;
}

/** Expands a use tree (`a::{b, c::{d}}`) into its paths. */
function expand(tree) {
  tree = tree.trim();
  const brace = tree.indexOf('{');
  if (brace < 0) return [tree.replace(/\s+as\s+\w+$/, '')];
  const prefix = tree.slice(0, brace);
  const inner = tree.slice(brace + 1, tree.lastIndexOf('}'));
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.filter((p) => p.trim()).flatMap((p) => expand(p).map((q) => prefix + q));
}

const modules = new Map(); // name -> { file, lines, source }
for (const file of files(SRC)) {
  const source = readFileSync(file, 'utf8');
  modules.set(moduleOf(file), { file, lines: source.split('\n').length, source: code(source) });
}

/** The module a path from `from` names: the longest known module prefix. */
function target(from, path) {
  let segments = path.split('::').map((s) => s.trim()).filter(Boolean);
  let base = from ? from.split('::') : [];
  if (segments[0] === 'crate') {
    base = [];
    segments = segments.slice(1);
  } else {
    // `super::` goes up from the module itself; `self::` stays.
    while (segments[0] === 'super' || segments[0] === 'self') {
      if (segments.shift() === 'super') base = base.slice(0, -1);
    }
  }
  let found = null;
  for (let n = 1; n <= segments.length; n++) {
    const name = [...base, ...segments.slice(0, n)].join('::');
    if (modules.has(name)) found = name;
  }
  if (found === null && base.length && modules.has(base.join('::'))) found = base.join('::');
  return found;
}

const edges = new Map([...modules.keys()].map((m) => [m, new Set()]));
for (const [name, { source }] of modules) {
  const add = (path) => {
    const to = target(name, path);
    if (to !== null && to !== name) edges.get(name).add(to);
  };
  for (const [, tree] of source.matchAll(/\buse\s+([^;]+);/g)) {
    for (const path of expand(tree)) {
      const first = path.trim().split('::')[0];
      // A use of a child module by its bare name (`use child::Item`).
      if (['crate', 'super', 'self'].includes(first) || modules.has(name ? `${name}::${first}` : first)) {
        add(path);
      }
    }
  }
  const inline = source.replace(/\buse\s+[^;]+;/g, '');
  for (const [path] of inline.matchAll(/\b(?:crate|super|self)(?:::\w+)+/g)) add(path);
}

// Cycles: Tarjan's strongly connected components.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of edges.keys()) if (!index.has(v)) connect(v);

if (process.argv.includes('--dot')) {
  console.log('digraph shell {');
  for (const [from, tos] of edges) for (const to of tos) console.log(`  "${from || 'main'}" -> "${to || 'main'}";`);
  console.log('}');
  process.exit(0);
}

let failed = false;
for (const component of cycles) {
  failed = true;
  const names = new Set(component);
  console.error(`cycle among: ${component.join(', ')}`);
  for (const from of component) {
    const back = [...edges.get(from)].filter((to) => names.has(to));
    console.error(`  ${from} uses ${back.join(', ')}`);
  }
}
for (const [name, { file, lines }] of modules) {
  if (lines > MAX_LINES) {
    failed = true;
    console.error(`${relative(ROOT, file)}: ${lines} lines (the limit is ${MAX_LINES})`);
  }
}
if (failed) process.exit(1);
console.log(`${modules.size} modules in src/, no cycle, none over ${MAX_LINES} lines`);
