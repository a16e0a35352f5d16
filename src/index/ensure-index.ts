// What `npm start` and `npm run search` do before they read an index folder: a fresh clone (a folder
// that holds nothing) gets the seed reports built into it, so that both answer with no other step, and
// an index of an older version is rebuilt from the folder its manifest names. Anything else they
// cannot read is reported and left alone.
import { existsSync, readdirSync } from 'node:fs';
import { buildIndex, workerFailureNote, type BuildOptions, type BuildReport } from './build.js';
import { IndexLoadError, readManifest } from './store.js';

/** Options of ensureIndex(). */
export interface EnsureOptions {
  /** Folder built into an index folder that holds nothing (the project's seeds/). */
  seeds: string;
  /** Where the lines about a build go (what is built, then each file skipped); default nowhere. */
  log?: (line: string) => void;
  /** Progress of the build, when there is one (BuildOptions.onProgress); default none. */
  onProgress?: BuildOptions['onProgress'];
}

/**
 * Which folder to build into `indexDir` before reading it and the line that says why, or undefined to read what is there. Only a
 * folder holding nothing (absent, or dotfiles only) gets the seeds, and only an index of another
 * version is rebuilt unasked, from the folder its manifest names. Anything else (data files without
 * a manifest, a manifest or file that cannot be read) throws IndexLoadError and is left alone: this
 * run did not write it, and it may be someone's only copy of a large index.
 */
export function sourceToBuild(indexDir: string, seeds: string): { input: string; why: string } | undefined {
  try {
    readManifest(indexDir);
    return undefined;
  } catch (error) {
    if (!(error instanceof IndexLoadError)) throw error;
    if (error.kind === 'missing') {
      const held = existsSync(indexDir) ? readdirSync(indexDir).filter((f) => !f.startsWith('.')) : [];
      if (held.length === 0) return { input: seeds, why: `Chưa có chỉ mục trong ${indexDir}: đang lập chỉ mục các báo cáo mẫu (${seeds})…` };
      throw new IndexLoadError(
        `${indexDir} có ${held.length} tệp (${held.slice(0, 3).join(', ')}${held.length > 3 ? ', …' : ''}) nhưng không có manifest.json, nên không có chỉ mục để dùng; không có gì bị thay đổi. ` +
          `Nếu đó là một chỉ mục mất manifest, hoặc một lần lập chỉ mục bị ngắt giữa chừng, hãy lập lại: npm run index -- --input <thư mục> --out ${indexDir}. ` +
          `Muốn dùng các báo cáo mẫu thì đặt INDEX_DIR (hoặc --index) là một thư mục trống hoặc mới.`,
        'missing',
      );
    }
    if (error.kind === 'version' && error.input && existsSync(error.input)) {
      return { input: error.input, why: `${error.message}\nĐang lập lại chỉ mục từ ${error.input}…` };
    }
    throw error;
  }
}

/**
 * Builds into `indexDir` what sourceToBuild() names, if anything, saying so through `log`; returns the
 * build's report, or undefined when the folder already held an index to read. Throws IndexLoadError
 * for a folder it must not touch, IndexLockedError while another indexer writes there.
 */
export async function ensureIndex(indexDir: string, options: EnsureOptions): Promise<BuildReport | undefined> {
  const log = options.log ?? (() => {});
  const source = sourceToBuild(indexDir, options.seeds);
  if (!source) return undefined;
  log(source.why);
  const report = await buildIndex({ input: source.input, out: indexDir, onProgress: options.onProgress });
  for (const p of report.problems) log(`  ${p.note ? 'lưu ý' : 'bỏ qua'} ${p.file}: ${p.reason}`);
  if (report.workerFailure) log(workerFailureNote(report.workerFailure));
  return report;
}
