/**
 * Worker-thread side of WalCheckpointer: its own connection to the database file,
 * copying committed WAL frames into the database every `intervalMs` (PASSIVE: it never
 * waits for readers or writers, and they never wait for it), and reporting how many
 * frames the WAL holds after a checkpoint whenever that number changed (an idle
 * database wakes nobody).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerData } from './sqlite-checkpointer';

const { filename, intervalMs, journalSizeLimit } = workerData as CheckpointerData;
const db = new Database(filename);
db.pragma(`journal_size_limit = ${journalSizeLimit}`);
let reported: number | undefined;
const timer = setInterval(() => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  const walFrames = result?.log ?? 0;
  if (walFrames === reported) return;
  reported = walFrames;
  parentPort!.postMessage(walFrames);
}, intervalMs);

parentPort!.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
