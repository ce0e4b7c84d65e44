// Checkpoints the SQLite write-ahead log from its own thread (sqlite-checkpointer.ts says why).
// Plain JS: a worker starts without the TS loader.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.path, { fileMustExist: true });
// PASSIVE never waits for the writer or the readers: it copies what it can and leaves the rest for
// the next round, so this thread never holds a request up.
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

function round() {
  try {
    const { log, checkpointed } = checkpoint.get();
    parentPort.postMessage({ log, checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(round, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'round') round();
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
