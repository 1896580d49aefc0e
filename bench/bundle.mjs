// What makes up the wasm: twiggy's item sizes of a build with names
// (bench/build-names.sh), grouped by crate. A monomorphised generic is
// counted in the crate of its outermost path (a `drop_in_place<T>`, in T's),
// so the split is approximate; data segments (strings, Unicode tables) are
// counted apart. The release wasm has the same code without the names.
//
//   node bench/bundle.mjs [bench/output/dist-names/….wasm] [--items 40]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const itemsAt = args.indexOf('--items');
const shown = itemsAt >= 0 ? Number(args.splice(itemsAt, 2)[1]) : 40;
const dir = join(ROOT, 'bench/output/dist-names');
const wasm = args[0] ?? join(dir, readdirSync(dir).find((f) => f.endsWith('.wasm')));
const twiggy = process.env.TWIGGY ?? `${process.env.HOME}/.cargo/bin/twiggy`;

const items = JSON.parse(execFileSync(twiggy, ['top', '-n', '1000000', '--format', 'json', wasm], { maxBuffer: 1 << 28 }).toString());

/** The crate an item belongs to, from its demangled name. */
export function crateOf(name) {
  if (name.startsWith('data segment')) return '(data segments: strings, tables)';
  if (name.startsWith('"function names"') || name.startsWith('"') || name.startsWith('custom section')) return '(names and custom sections)';
  if (/^(table|elem|import|export|type|global|memory|code section|wasm magic)/.test(name)) return '(wasm structure)';
  let n = name;
  const dropped = /^core::ptr::drop_in_place<(.*)>$/.exec(n);
  if (dropped) n = dropped[1];
  n = n.replace(/^<+/, '').replace(/^(&|dyn |mut |\(|\[)+/, '');
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(n);
  if (match) return match[1] === 'std' || match[1] === 'core' || match[1] === 'alloc' ? 'std/core/alloc' : match[1];
  if (/^__wbg|^__wbindgen|^wasm_bindgen|externref|closure/.test(n)) return 'wasm_bindgen';
  if (/^(malloc|free|realloc|dlmalloc|memcpy|memset|memmove|memcmp|__)/.test(n)) return 'std/core/alloc';
  return '(other)';
}

const crates = new Map();
let total = 0;
let names = 0;
for (const item of items) {
  if (item.name.startsWith('Σ') || item.name.startsWith('...')) continue;
  const crate = crateOf(item.name);
  if (crate === '(names and custom sections)') {
    names += item.shallow_size;
    continue;
  }
  total += item.shallow_size;
  const entry = crates.get(crate) ?? { bytes: 0, items: 0, biggest: [] };
  entry.bytes += item.shallow_size;
  entry.items += 1;
  entry.biggest.push(item);
  crates.set(crate, entry);
}
console.log(`${wasm}\n${total} bytes of code and data (${names} bytes of names left out)\n`);
console.log('| crate | bytes | share | items |');
console.log('| --- | ---: | ---: | ---: |');
for (const [crate, e] of [...crates].sort((a, b) => b[1].bytes - a[1].bytes)) {
  if (e.bytes < total * 0.002) continue;
  console.log(`| ${crate} | ${e.bytes} | ${(100 * e.bytes / total).toFixed(1)}% | ${e.items} |`);
}
console.log(`\nbiggest items:\n`);
for (const item of items.filter((i) => crateOf(i.name) !== '(names and custom sections)' && !i.name.startsWith('Σ')).slice(0, shown)) {
  console.log(`${String(item.shallow_size).padStart(7)}  ${crateOf(item.name).padEnd(22)} ${item.name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 150)}`);
}
