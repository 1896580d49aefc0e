// Prints the medians of the last `cargo bench` run of the core (criterion's
// target/criterion/*/*/new/estimates.json) as a markdown table.
//
//   node bench/criterion-table.mjs [target/criterion]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../target/criterion', import.meta.url)));
const time = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
console.log('| group | benchmark | median | throughput |');
console.log('| --- | --- | --- | --- |');
for (const group of readdirSync(root).sort()) {
  if (group === 'report') continue;
  for (const bench of readdirSync(join(root, group)).sort()) {
    const dir = join(root, group, bench, 'new');
    if (!existsSync(join(dir, 'estimates.json'))) continue;
    const ns = JSON.parse(readFileSync(join(dir, 'estimates.json'), 'utf8')).median.point_estimate;
    const meta = JSON.parse(readFileSync(join(dir, 'benchmark.json'), 'utf8'));
    const t = meta.throughput;
    const rate = t?.Bytes ? `${(t.Bytes / ns * 1e3).toFixed(0)} MB/s`
      : t?.Elements ? `${(t.Elements / ns * 1e3).toFixed(2)} M/s` : '';
    console.log(`| ${meta.group_id} | ${meta.function_id ?? ''} | ${time(ns)} | ${rate} |`);
  }
}
