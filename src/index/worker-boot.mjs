// A worker thread starts from plain JavaScript even when its parent runs under tsx (loader hooks are
// per thread), so this registers tsx's loader first and then imports the TypeScript module named in
// workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
