// Entry point of a search pool worker (src/search/pool.ts): the real engine over the shared index.
import { engineFromWorkerData, serveJobs } from './pool-serve.js';

serveJobs(() => engineFromWorkerData());
