// The harness itself: a test whose page logs a console error or throws an
// uncaught error fails, with the error's text in the output, though the test
// never looks at the errors; an error a test allows passes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('errors on the page fail the test that caused them, and are printed', async () => {
  const fixture = fileURLToPath(new URL('./fixtures/harness/page-errors.mjs', import.meta.url));
  // A run of its own, not a part of this one (the runner tells its children by this variable).
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const { stdout, code } = await run(process.execPath, ['--test', '--test-reporter=tap', fixture], { env })
    .then((r) => ({ ...r, code: 0 }), (e) => e);
  assert.equal(code, 1, stdout);
  const result = (name) => stdout.match(new RegExp(`^(not ok|ok) \\d+ - ${name}$`, 'm'))?.[1];
  assert.equal(result('a console error fails the test'), 'not ok', stdout);
  assert.equal(result('an uncaught page error fails the test'), 'not ok', stdout);
  assert.equal(result('an allowed error passes'), 'ok', stdout);
  assert.equal(result('a page without errors passes'), 'ok', stdout);
  assert.match(stdout, /console: deliberate console error 7f3a/);
  assert.match(stdout, /pageerror: deliberate uncaught error 9c2e/);
  assert.doesNotMatch(stdout, /console: deliberate allowed error 41d0/);
});
