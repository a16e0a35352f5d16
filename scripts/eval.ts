// `npm run eval`: builds a fresh index of a corpus, serves it on a free loopback port and runs the
// shared evaluator (../shared/eval/evaluate.mjs) against it, printing the evaluator's own output.
//
//   npm run eval                                  seeds/ with ../shared/eval/dev-queries.json
//   npm run eval -- --corpus DIR --queries FILE   any corpus and query file
//   npm run eval -- --alqac [train.json]          ALQAC 2023 (prepared into a temp folder first)
//   npm run eval -- --index DIR ...               reuse an existing index instead of building one
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { buildIndex } from '../src/index/build.js';
import { SearchEngine } from '../src/search/engine.js';
import { createApp } from '../src/web/app.js';
import { EntityIndex } from '../src/entities/entity-index.js';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = path.resolve(PROJECT, '..', 'shared');
const EVAL = path.join(SHARED, 'eval');

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    queries: { type: 'string' },
    index: { type: 'string' },
    alqac: { type: 'boolean' },
    questions: { type: 'string' },
    json: { type: 'boolean' },
  },
});

if (!existsSync(path.join(EVAL, 'evaluate.mjs'))) {
  console.error(`The evaluator is not at ${EVAL}/evaluate.mjs: this script needs the shared folder beside the project.`);
  process.exit(2);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'vn-search-eval-'));
let corpus = path.resolve(values.corpus ?? path.join(PROJECT, 'seeds'));
let queries = path.resolve(values.queries ?? path.join(EVAL, 'dev-queries.json'));
if (values.alqac) {
  // Tune on the 2023 training questions only; other question files are for independent measurement.
  const set = path.join(SHARED, 'corpora', 'alqac-legal-retrieval', 'alqac2023');
  const questions = path.resolve(values.questions ?? path.join(set, 'train.json'));
  execFileSync(process.execPath, [path.join(EVAL, 'alqac-prepare.mjs'), path.join(set, 'law.json'), questions, path.join(scratch, 'alqac')], { stdio: 'inherit' });
  corpus = path.join(scratch, 'alqac', 'corpus');
  queries = path.join(scratch, 'alqac', 'queries.json');
}

try {
  let indexDir = values.index ? path.resolve(values.index) : path.join(scratch, 'index');
  if (!values.index) {
    const report = await buildIndex({ input: corpus, out: indexDir });
    console.log(`indexed ${report.manifest.documents} documents, ${report.manifest.paragraphs} paragraphs in ${(report.ms / 1000).toFixed(1)} s`);
    for (const p of report.problems) console.log(`  skipped ${p.file}: ${p.reason}`);
  }
  const entities = EntityIndex.load(indexDir);
  const app = createApp({ searcher: SearchEngine.load(indexDir, { entities }), entities });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  // The evaluator runs in its own process, as it would against any engine.
  const args = [path.join(EVAL, 'evaluate.mjs'), '--queries', queries, '--corpus', corpus, '--api', `http://127.0.0.1:${port}`];
  if (values.json) args.push('--json');
  const code = await new Promise<number>((resolve) => spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1)));
  server.close();
  process.exitCode = code;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
