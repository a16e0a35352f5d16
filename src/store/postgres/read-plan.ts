// How a search's posting rows are read in statements of bounded size. The statement timeout is what
// tells a shard that is down or stuck from one that answers, so no statement may need long because the
// query is large: on a collection 16 times the gazette, eight common words are tens of megabytes of
// rows, and one statement for them outlasted the timeout however healthy the shards. Each statement
// reads about `budget` paragraph numbers at most, by the terms' document frequencies (term_stats): small
// terms share a statement, and a term larger than the budget is read in runs of documents of about
// equal paragraphs, one statement each.

/** One statement of a posting read: these keys' rows of the documents with ids above `after` and up to `upTo` (no bound where absent). */
export interface PostingRead {
  keys: string[];
  after?: number;
  upTo?: number;
}

/** The documents of a collection in id order (ascending), with the paragraphs of each. */
export interface DocumentRuns {
  ids: ArrayLike<number>;
  paragraphs: ArrayLike<number>;
}

/** Options of planPostingReads(); each has a default. */
export interface ReadPlanOptions {
  /** Paragraph numbers one statement reads at most, as far as document frequencies tell (default 250,000: about 1.5 MB of rows). */
  budget?: number;
  /** Keys one statement reads at most (default 64). */
  maxKeys?: number;
}

/**
 * The statements that read the rows of `frequencies`' keys (each with its document frequency in the
 * whole collection; 0 or absent for one it does not know) of the documents of `documents` with ids
 * above `after` (all when undefined), each within the budget (see the file's opening comment). Rows of
 * documents after the last of `documents` (committed since) are read by the last run of each key.
 */
export function planPostingReads(frequencies: ReadonlyMap<string, number>, documents: DocumentRuns, after?: number, options: ReadPlanOptions = {}): PostingRead[] {
  const budget = options.budget ?? 250_000;
  const maxKeys = options.maxKeys ?? 64;
  const bound = (read: PostingRead): PostingRead => (after === undefined ? read : { ...read, after });
  let total = 0;
  let first = documents.ids.length;
  let later = 0;
  for (let i = documents.ids.length - 1; i >= 0; i--) {
    total += documents.paragraphs[i];
    if (after === undefined || documents.ids[i] > after) {
      first = i;
      later += documents.paragraphs[i];
    }
  }
  // A term's rows among the documents read are about their share of its frequency.
  const share = total ? later / total : 1;
  const reads: PostingRead[] = [];
  let group: string[] = [];
  let size = 0;
  const sized = [...frequencies].map(([key, df]) => [key, Math.ceil(df * share)] as const).sort((a, b) => b[1] - a[1]);
  for (const [key, expected] of sized) {
    if (expected > budget) {
      for (const run of runs(documents, first, after, Math.ceil(expected / budget))) reads.push({ keys: [key], ...run });
      continue;
    }
    if (group.length && (size + expected > budget || group.length >= maxKeys)) {
      reads.push(bound({ keys: group }));
      group = [];
      size = 0;
    }
    group.push(key);
    size += expected;
  }
  if (group.length) reads.push(bound({ keys: group }));
  return reads;
}

type Bounds = Omit<PostingRead, 'keys'>;

// The documents from index `first` on (those with ids above `from`), cut into `count` runs of about
// equal paragraphs; the last run takes whatever follows its first document.
function runs(documents: DocumentRuns, first: number, from: number | undefined, count: number): Bounds[] {
  const n = documents.ids.length;
  let total = 0;
  for (let i = first; i < n; i++) total += documents.paragraphs[i];
  const out: Bounds[] = [];
  let after = from;
  let sum = 0;
  for (let i = first; i < n - 1 && out.length < count - 1; i++) {
    sum += documents.paragraphs[i];
    if (sum < (total * (out.length + 1)) / count) continue;
    out.push({ ...(after === undefined ? {} : { after }), upTo: documents.ids[i] });
    after = documents.ids[i];
  }
  out.push(after === undefined ? {} : { after });
  return out;
}
