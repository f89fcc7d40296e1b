// One server per data folder. Two embedded PostgreSQL instances writing the same files would
// corrupt the database (each keeps its own buffers and write-ahead log), and nothing in PGlite
// stops a second `npm start` on another port from opening the folder. So, like PostgreSQL's own
// postmaster.pid, the folder holds the pid of the server using it. A lock whose process is no
// longer running (the server crashed, the machine rebooted) is stale and is taken over.

import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = "ring-zero.pid";

/** Take the data folder for this process; returns the function that gives it back. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== "EEXIST") throw new Error(`Cannot write to the data folder ${dir}: ${e.message}. Set DATA_DIR to a folder this user may write.`);
      const holder = holderOf(file);
      if (holder !== undefined && running(holder)) {
        const who = holder === process.pid ? "this same server (it is already open here)" : `another Ring Zero server (process ${holder})`;
        throw new Error(`The data folder ${dir} is in use by ${who}. Two servers on one folder would corrupt its database: stop the other one, or give this one its own folder with DATA_DIR.`);
      }
      fs.rmSync(file, { force: true });
      continue;
    }
    const release = (): void => {
      process.off("exit", release);
      if (holderOf(file) === process.pid) fs.rmSync(file, { force: true });
    };
    process.on("exit", release); // a server that exits without closing the database still lets go
    return release;
  }
  throw new Error(`Could not take the data folder ${dir}: another server keeps taking it. Stop the other Ring Zero servers using it.`);
}

/** The pid in a lock file, if it holds one (a half-written or foreign file holds none). */
function holderOf(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, but someone else's
  }
}
