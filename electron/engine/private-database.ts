/**
 * Opens the console's SQLite database (the outbox and the specialist requests share one
 * file) so that only its user can read it, like settings.json: the file is created with
 * mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database's
 * mode), and files an earlier version left readable by others are narrowed. WAL, a busy
 * timeout for the other process sharing the file, and full syncs.
 */
import Database from 'libsql';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

export function openPrivateDatabase(path: string): Database.Database {
  if (path !== ':memory:') {
    closeSync(openSync(path, 'a', 0o600));
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
  }
  const db = new Database(path);
  // The busy timeout first: switching to WAL waits for another process's lock instead of failing.
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  return db;
}
